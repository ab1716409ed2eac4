// A worker thread of a batch build: takes jobs from the main thread, one at a time, and answers with results.
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type Job } from './job.js';

const cwd = (workerData as { cwd: string }).cwd;
// Jobs arrive ahead of time; build them one after another, in order.
let chain = Promise.resolve();
parentPort!.on('message', (job: Job) => {
  chain = chain.then(async () => parentPort!.postMessage(await runJob(job, cwd)));
});
