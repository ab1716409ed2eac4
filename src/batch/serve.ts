// A build process of a batch: takes jobs from the batch's process, one at a time, and answers with results.
import v8 from 'node:v8';
import type { Job } from './job.js';

/**
 * How a batch's build process runs V8. It grows its heap by a quarter at a time instead of
 * V8's default: a process that builds 100 briefs peaks at ~195 MB instead of ~310 MB (garbage
 * V8 had no reason to collect below the 1 GB budget), for ~8 % more time (npm run bench).
 */
export const WORKER_FLAGS = ['--heap-growing-percent=25'];

/** Set, to the batch's pid, in the environment of a build process the batch starts from the startup snapshot. */
export const BATCH_WORKER = 'BRIEFPRESS_BATCH_WORKER';

/**
 * Serves the batch's process on this process's IPC channel until it disconnects. Jobs arrive
 * ahead of time (the next is ready when one finishes) and are built one after another, in order.
 * Its own process, not a thread: an out-of-memory abort or a hang ends this process only, and the
 * batch reports that one brief and builds the rest.
 */
export function serveJobs(cwd: string): void {
  // Imported here, not above: the batch's own process reads this module's constants and builds nothing.
  const building = import('./job.js');
  let chain = Promise.resolve();
  process.on('message', (job: Job) => {
    chain = chain.then(async () => {
      const { runJob } = await building;
      process.send!(await runJob(job, cwd));
    });
  });
  // The batch closes the channel when it has no more work: then this process ends.
  process.on('disconnect', () => void chain.then(() => process.exit(0)));
}

/**
 * A build process started from the startup snapshot, if this is one: its V8 flags are the
 * snapshot's, so WORKER_FLAGS are set now (V8 reads them as the heap grows), then jobs are served.
 * They matter when it started from the command's blob (the batch's own was missing); the batch's
 * blob has no floor under its old generation, and there 25, 50 or 100 % measured the same.
 */
export function servesBatch(): boolean {
  if (process.env[BATCH_WORKER] !== String(process.ppid) || !process.channel) return false;
  delete process.env[BATCH_WORKER];
  v8.setFlagsFromString(WORKER_FLAGS.join(' '));
  serveJobs(process.env.BRIEFPRESS_CWD ?? process.cwd());
  return true;
}
