// A time and memory budget for work done on this very thread: one brief built in-process, a chart.

/**
 * The watch thread: a clock and the process's size. Source text, not a module file, so it runs the
 * same from the compiled tree, the TypeScript sources under test, or one bundled file.
 */
const WATCH = `
let Session;
try {
  ({ Session } = require('node:inspector'));
} catch {
  // No inspector in this Node: the clock and the size are still reported; a stuck call is not stopped.
}
const { parentPort, workerData } = require('node:worker_threads');
const { seconds, memoryMb } = workerData;
let heard = false;
parentPort.on('message', () => (heard = true));
const over = (overrun) => {
  clearTimeout(clock);
  clearInterval(size);
  parentPort.postMessage({ overrun });
  // A main thread waiting on I/O hears at once and rejects by itself. One that does not answer is
  // inside a synchronous call: stop that call; the message then reaches it. Never stop a thread
  // that already heard, or the next thing it runs (its own clean-up) would be stopped instead.
  setTimeout(() => {
    if (heard || !Session) return;
    const session = new Session();
    session.connectToMainThread();
    session.post('Runtime.terminateExecution');
  }, 200);
};
const clock = setTimeout(() => over('time'), seconds * 1000);
// Sampled often enough to stop a runaway allocation long before V8's own limit (about 4 GB)
// aborts the process; the sample is the whole process, which is what the machine feels.
const size = setInterval(() => {
  if (process.memoryUsage.rss() > memoryMb * 1048576) over('memory');
}, 50);
`;

export type Overrun = 'time' | 'memory';

const building = () => (process.getBuiltinModule('node:v8') as unknown as { startupSnapshot?: { isBuildingSnapshot(): boolean } }).startupSnapshot?.isBuildingSnapshot() ?? false;

export class BudgetExceeded extends Error {
  constructor(readonly overrun: Overrun) {
    super(`over its ${overrun} budget`);
  }
}

/** How to start the watch of the budget running now, while it waits for work that can run away. */
let waiting: (() => void) | undefined;

/**
 * Starts the watch of the budget this work runs within, if it waits (see withinBudget's
 * `watch: 'on demand'`). Called before work that user input can make run away: a chart drawn by
 * Vega (its expressions run regular expressions and generate data from the spec).
 */
export function watchFromHere(): void {
  const start = waiting;
  waiting = undefined;
  start?.();
}

/**
 * Runs `work` and settles with it, or rejects with BudgetExceeded once it takes longer than
 * `seconds` or the process grows past `memoryMb`. A thread keeps the watch: it can see the clock
 * and the process's memory while this thread is stuck in one synchronous call (a catastrophic
 * regular expression in a chart), and then stops that call through the inspector, the one way
 * to end a running script from outside without ending the process. The work is abandoned, not
 * resumed; what it left behind (a lock, a temp file) is cleaned up by the caller as on any error.
 *
 * With `watch: 'on demand'` the thread starts only when the work calls watchFromHere, with the
 * seconds that are left: in a process started from the startup snapshot a thread boots without
 * a snapshot of its own (~75 ms of CPU, ~15 MB, ~30 ms of a 350 ms cold build on two cores), and a
 * brief whose charts come from the disk cache runs nothing that input can make run away (every
 * other stage is bounded by the input limits, the template by its own step budget).
 */
export async function withinBudget<T>(budget: { seconds: number; memoryMb: number }, work: () => Promise<T>, o: { watch?: 'now' | 'on demand' } = {}): Promise<T> {
  const began = performance.now();
  let thread: import('node:worker_threads').Worker | undefined;
  let onOverrun!: (o: Overrun) => void;
  const overrun = new Promise<never>((_, reject) => (onOverrun = (o) => reject(new BudgetExceeded(o))));
  const start = () => {
    // The startup snapshot's warm-up build runs the build command (src/cli/snapshot.ts): no thread
    // may start while the heap is being made, and that build is the package's own brief.
    if (building()) return;
    // Loaded here, not when this module is: node:worker_threads loaded while the startup snapshot is
    // made keeps a working-directory counter that does not survive it, and every thread then dies
    // as it starts (a regex bomb ran unstopped).
    const { Worker } = process.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads');
    const seconds = Math.max(0.001, budget.seconds - (performance.now() - began) / 1000);
    thread = new Worker(WATCH, { eval: true, workerData: { seconds, memoryMb: budget.memoryMb } });
    // A Node built without the inspector, or a thread that cannot start: the work goes on unwatched
    // rather than failing for want of a watch.
    thread.on('error', () => undefined);
    thread.on('message', (m: { overrun: Overrun }) => {
      thread!.postMessage('heard');
      onOverrun(m.overrun);
    });
  };
  if (o.watch === 'on demand') waiting = start;
  else start();
  try {
    // Work begins a tick later, so that the race already listens for an overrun when work stuck
    // from its first line is stopped (else the rejection would find no one and end the process).
    // Stopping a call also drops the microtasks queued behind it: a caller must await this
    // promise itself, not hand it on through another async function's return.
    return await Promise.race([Promise.resolve().then(work), overrun]);
  } finally {
    if (waiting === start) waiting = undefined;
    await thread?.terminate();
  }
}
