// Batch builds for people and cron: many briefs, skipped when unchanged, built in worker threads, under a lock.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RenderOptions } from '../build.js';
import { BriefError } from '../errors.js';
import { msg } from '../messages.js';
import { fileHash, inputHash } from './inputs.js';
import type { Job, JobResult } from './job.js';
import { acquireLock, lockName, type Lock } from './lock.js';
import { manifestName, readManifest, writeManifest, type Manifest } from './manifest.js';

export interface BatchBrief {
  dir: string;
  root: string;
  output: string;
}

export interface BatchOptions {
  briefs: BatchBrief[];
  build: RenderOptions;
  jobs: number;
  force: boolean;
  /** Seconds to wait for another run's lock. */
  wait: number;
  /** Seconds after which a lock nobody refreshes is taken over, from any host. */
  staleAfter?: number;
  /** The share of the briefs this run builds (`2/4`): its lock and manifest are its own. */
  shard?: string;
  /** Told of things cron's log should show (a lock taken over). */
  onWarning?: (text: string) => void;
  cwd: string;
  onResult?: (r: BriefResult, done: number, total: number) => void;
  onStart?: (total: number) => void;
}

export type BriefResult = JobResult | { brief: string; output: string; status: 'skipped'; pages: number; bytes: number; ms: number };

export type BatchOutcome = { locked: false; holder?: { pid: number; host: string; started: string }; dir: string } | { locked: true; results: BriefResult[] };

/** FNV-1a of a brief's folder name: a share that does not move when other briefs come or go. */
export function shardOf(name: string, n: number): number {
  let h = 0x811c9dc5;
  for (const c of Buffer.from(name)) h = Math.imul(h ^ c, 0x01000193) >>> 0;
  return h % n;
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** Temp files of writes whose process died (kill -9 mid-write): harmless, but not to be left to pile up. */
function cleanStaleTemps(dir: string) {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const m = /^\..+\.tmp-(\d+)$/.exec(n);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = pid === process.pid;
    try {
      if (!alive) process.kill(pid, 0);
      alive = true;
    } catch (e) {
      alive = (e as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (!alive) rmSync(join(dir, n), { force: true });
  }
}

export async function runBatch(o: BatchOptions): Promise<BatchOutcome> {
  const dirs = [...new Set(o.briefs.map((b) => dirname(b.output)))].sort();
  const locks: Lock[] = [];
  for (const dir of dirs) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      locks.forEach((l) => l.release());
      throw new BriefError({ stage: 'write', kind: 'build', place: { file: dir }, reason: msg.outputUnwritable(dir, `${err.code ?? ''}: ${err.message}`), hint: msg.outputUnwritableHint() });
    }
    const got = await acquireLock(dir, { waitSeconds: o.wait, staleAfterSeconds: o.staleAfter, name: lockName(o.shard), warn: o.onWarning });
    if (!got.ok) {
      locks.forEach((l) => l.release());
      return { locked: false, holder: got.holder, dir };
    }
    locks.push(got.lock);
  }
  try {
    const manifests = new Map<string, Manifest>(dirs.map((d) => [d, readManifest(d, manifestName(o.shard))]));
    dirs.forEach(cleanStaleTemps);
    const optionsKey = { paper: o.build.paper ?? 'a4', annex: !!o.build.annex, allowUnverified: !!o.build.allowUnverified, standard: o.build.standard ?? 'ua+a2a', chartData: !!o.build.chartData };

    const results: BriefResult[] = [];
    const pending: { job: Job; inputs: string }[] = [];
    o.onStart?.(o.briefs.length);
    for (const b of o.briefs) {
      const t0 = performance.now();
      const inputs = inputHash(b.root, b.dir, optionsKey);
      const entry = manifests.get(dirname(b.output))!.entries[basename(b.output)];
      if (!o.force && entry && entry.inputs === inputs && entry.brief === b.dir && fileHash(b.output) === entry.pdf) {
        const r: BriefResult = { brief: b.dir, output: b.output, status: 'skipped', pages: entry.pages, bytes: entry.bytes, ms: performance.now() - t0 };
        results.push(r);
        o.onResult?.(r, results.length, o.briefs.length);
      } else {
        pending.push({ job: { brief: b.dir, output: b.output, options: { ...o.build, root: b.root } }, inputs });
      }
    }

    const record = (r: JobResult, inputs: string) => {
      results.push(r);
      if (r.status === 'built') {
        const dir = dirname(r.output);
        const m = manifests.get(dir)!;
        m.entries[basename(r.output)] = { brief: r.brief, inputs, output: basename(r.output), pdf: fileHash(r.output)!, pages: r.pages!, bytes: r.bytes! };
        // Written after every brief: a run killed half-way keeps what it finished.
        writeManifest(dir, m, manifestName(o.shard));
      }
      o.onResult?.(r, results.length, o.briefs.length);
    };

    // The main thread builds too: with --jobs N it starts N - 1 workers, so only those pay for
    // loading Vega, PDFKit and the fonts a second time.
    const queue = [...pending];
    // Never more threads than briefs, nor than the machine can run at once.
    const threads = Math.min(o.jobs, pending.length, availableParallelism());
    // Workers first, so they load while the main thread builds its first brief.
    const workers = threads > 1 ? runInWorkers(queue, threads - 1, o.cwd, record) : Promise.resolve();
    // Loaded only when something is to be built: a run that skips everything stays light.
    const { runJob } = pending.length ? await import('./job.js') : { runJob: undefined as never };
    for (let p = queue.shift(); p; p = queue.shift()) {
      record(await runJob(p.job, o.cwd), p.inputs);
      // A build resolves through microtasks only; yield so workers' results and requests are heard.
      await new Promise((r) => setImmediate(r));
    }
    await workers;
    // Report in the order the briefs were asked for, whatever order they finished in.
    const order = new Map(o.briefs.map((b, i) => [b.output, i]));
    results.sort((a, b) => order.get(a.output)! - order.get(b.output)!);
    return { locked: true, results };
  } finally {
    locks.forEach((l) => l.release());
  }
}

/** Workers take jobs from the shared queue until it is empty. */
async function runInWorkers(queue: { job: Job; inputs: string }[], n: number, cwd: string, record: (r: JobResult, inputs: string) => void) {
  const script = new URL('./worker.js', import.meta.url);
  await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<void>((resolve) => {
        const w = new Worker(script, { workerData: { cwd } });
        // Two jobs in hand: the next is ready when one finishes, even while the main thread is busy.
        const held: { job: Job; inputs: string }[] = [];
        const top = () => {
          while (held.length < 2 && queue.length) {
            const p = queue.shift()!;
            held.push(p);
            w.postMessage(p.job);
          }
          if (!held.length) void w.terminate().then(() => resolve());
        };
        w.on('message', (r: JobResult) => {
          const p = held.shift()!;
          record(r, p.inputs);
          top();
        });
        w.on('error', (e) => {
          // A worker that dies takes its briefs with it: report them; the others drain the queue.
          for (const p of held.splice(0)) record(crashed(p.job, e), p.inputs);
          resolve();
        });
        top();
      }),
    ),
  );
}

function crashed(job: Job, e: Error): JobResult {
  return { brief: job.brief, output: job.output, status: 'failed', ms: 0, error: `internal error in worker: ${e.message}`, errorKind: 'build', stack: e.stack };
}
