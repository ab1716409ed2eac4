// A build process of a batch: takes jobs from the batch's process, one at a time, and answers with results.
import { runJob, type Job } from './job.js';

/**
 * Serves the batch's process on this process's IPC channel until it disconnects. Jobs arrive
 * ahead of time (the next is ready when one finishes) and are built one after another, in order.
 * Its own process, not a thread: an out-of-memory abort or a hang ends this process only, and the
 * batch reports that one brief and builds the rest.
 */
export function serveJobs(cwd: string): void {
  let chain = Promise.resolve();
  process.on('message', (job: Job) => {
    chain = chain.then(async () => {
      process.send!(await runJob(job, cwd));
    });
  });
  // The batch closes the channel when it has no more work: then this process ends.
  process.on('disconnect', () => void chain.then(() => process.exit(0)));
}
