// Batch builds for people and cron: many briefs, skipped when unchanged, built in worker threads, under a lock.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { DEFAULT_BUDGET, DEFAULT_PAPER, DEFAULT_STANDARD } from '../defaults.js';
import { BudgetExceeded, withinBudget } from '../runtime/budget.js';
import { fileURLToPath } from 'node:url';
import type { RenderOptions } from '../build.js';
import { BriefError, formatError, problemsOf, type Problem } from '../errors.js';
import { msg, type MessageId } from '../messages.js';
import { fileHash, inputHash } from './inputs.js';
import type { Job, JobResult } from './job.js';
import { acquireLock, lockName, type Lock } from './lock.js';
import { manifestName, readManifest, writeManifest, type Manifest } from './manifest.js';
import { latestEdition } from '../write/editions.js';
import { BATCH_WORKER, WORKER_FLAGS } from './serve.js';
import { ownNodeEnv } from '../runtime/env.js';
import { residentBytes } from '../runtime/resident.js';
import { batchSnapshotFor } from '../runtime/stamp.js';
import { DEFAULT_FORMAT, FORMATS, type Format } from '../render.js';

export interface BatchBrief {
  dir: string;
  /** The project root (its briefpress.yaml), if the brief is in a project. */
  root?: string;
  output: string;
  /** Where its web twin goes, when one is asked for (build --format pdf,html). */
  twin?: string;
  /** The format of its output (default: PDF). */
  format?: Format;
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
  onWarning?: (p: Problem) => void;
  /** What one brief of a batch may take: past it, that brief fails and the others build. */
  budget?: Budget;
  /**
   * Number and keep editions (default for PDFs; a web twin is kept with its PDF's edition). A web
   * page built alone issues none: the history beside the output is the PDF's.
   */
  editions?: boolean;
  cwd: string;
  onResult?: (r: BriefResult, done: number, total: number) => void;
  /** Told how the batch's build processes start (--verbose: the first thing to ask of a slow batch). */
  onProcess?: (how: string) => void;
  onStart?: (total: number) => void;
}

export type BriefResult = JobResult | { brief: string; output: string; status: 'skipped'; pages: number; bytes: number; ms: number; edition?: number };

export type BatchOutcome = { locked: false; holder?: { pid: number; host: string; started: string }; dir: string } | { locked: true; results: BriefResult[] };

/** FNV-1a of a brief's folder name: a share that does not move when other briefs come or go. */
export function shardOf(name: string, n: number): number {
  let h = 0x811c9dc5;
  for (const c of Buffer.from(name)) h = Math.imul(h ^ c, 0x01000193) >>> 0;
  return h % n;
}

/**
 * Build processes a batch runs at once by default: half the CPUs. One Node process building
 * briefs keeps about 1.6 CPUs busy (V8 compiles and collects garbage on threads of its own), so on
 * two CPUs a second process only competes: 64 briefs took 5.5 s with one, 5.7 s with two. Half
 * the CPUs never makes a batch slower than --jobs 1 and uses larger machines.
 */
export function defaultJobs(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
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
      // mkdir -p meets a file where a folder of the path should be: say which.
      const why = err.code === 'EEXIST' || err.code === 'ENOTDIR' ? `${err.path ?? dir} is a file, not a folder` : `${err.code ?? ''}: ${err.message.replace(/^\w+: /, '')}`;
      throw new BriefError({ stage: 'write', kind: 'build', place: { file: dir }, id: 'outputUnwritable', reason: msg.outputUnwritable(dir, why), hint: msg.outputUnwritableHint(err.code) });
    }
    const got = await acquireLock(dir, { waitSeconds: o.wait, staleAfterSeconds: o.staleAfter, name: lockName(o.shard), warn: o.onWarning });
    if (!got.ok) {
      locks.forEach((l) => l.release());
      return { locked: false, holder: got.holder, dir };
    }
    locks.push(got.lock);
  }
  let flushManifests = () => {};
  try {
    const manifests = new Map<string, Manifest>(dirs.map((d) => [d, readManifest(d, manifestName(o.shard))]));
    dirs.forEach(cleanStaleTemps);
    const optionsKey = {
      paper: o.build.paper ?? DEFAULT_PAPER,
      annex: !!o.build.annex,
      allowUnverified: !!o.build.allowUnverified,
      standard: o.build.standard ?? DEFAULT_STANDARD,
      chartData: !!o.build.chartData,
      format: o.build.format ?? DEFAULT_FORMAT,
      ...(o.build.twin ? { twin: true } : {}),
      // Unsaid, the theme decides (and the theme is an input); said, it is part of what was asked.
      ...(o.build.changes !== undefined ? { changes: o.build.changes } : {}),
    };

    const results: BriefResult[] = [];
    const pending: { job: Job; inputs: string }[] = [];
    const shared = new Map<string, string>();
    o.onStart?.(o.briefs.length);
    for (const b of o.briefs) {
      const t0 = performance.now();
      const inputs = inputHash(b.root, b.dir, optionsKey, shared);
      const entry = manifests.get(dirname(b.output))!.entries[basename(b.output)];
      // A twin deleted or changed since is built again, as the PDF would be.
      const twinIntact = !b.twin || (entry?.twin !== undefined && fileHash(b.twin) === entry.twin);
      if (!o.force && entry && entry.inputs === inputs && entry.brief === b.dir && fileHash(b.output) === entry.hash && twinIntact) {
        const r: BriefResult = { brief: b.dir, output: b.output, status: 'skipped', pages: entry.pages, bytes: entry.bytes, ms: performance.now() - t0, edition: latestEdition(b.output) };
        results.push(r);
        o.onResult?.(r, results.length, o.briefs.length);
      } else {
        pending.push({
          job: {
            brief: b.dir,
            output: b.output,
            options: { ...o.build, root: b.root },
            editions: o.editions ?? FORMATS[o.build.format ?? DEFAULT_FORMAT].editions,
            ...(b.twin ? { twin: b.twin } : {}),
          },
          inputs,
        });
      }
    }

    const unsaved = new Set<string>();
    let saved = -Infinity;
    const saveManifests = () => {
      for (const dir of unsaved) writeManifest(dir, manifests.get(dir)!, manifestName(o.shard));
      unsaved.clear();
      saved = performance.now();
    };
    flushManifests = saveManifests;
    const record = (r: JobResult, inputs: string) => {
      results.push(r);
      if (r.status === 'built') {
        const dir = dirname(r.output);
        const m = manifests.get(dir)!;
        m.entries[basename(r.output)] = {
          brief: r.brief,
          inputs,
          output: basename(r.output),
          hash: fileHash(r.output)!,
          pages: r.pages!,
          bytes: r.bytes!,
          ...(r.twin ? { twin: fileHash(r.twin.output)! } : {}),
        };
        unsaved.add(dir);
        // Saved at most every MANIFEST_EVERY_MS, not after every brief (each save is fsynced: 4 ms,
        // 0.4 s of a 100-brief run): a run killed half-way keeps all but its last moments' record,
        // and a brief it built but did not record is built again, as the same edition.
        if (performance.now() - saved >= MANIFEST_EVERY_MS) saveManifests();
      }
      o.onResult?.(r, results.length, o.briefs.length);
    };

    const queue = [...pending];
    // Never more threads than briefs, nor than the machine can run at once.
    const threads = Math.min(o.jobs, pending.length, availableParallelism());
    if (pending.length > 1) {
      // Each brief of a batch builds in a worker with a heap limit and a deadline: one that hangs
      // (a catastrophic regular expression) or swells (a million-row sequence) fails alone, and
      // the rest of the batch builds. The main thread only coordinates.
      await runInWorkers(queue, Math.max(1, threads), o.cwd, record, o.budget ?? DEFAULT_BUDGET, o.onProcess);
    } else if (pending.length === 1) {
      // One brief: built right here, the fastest start; there is no batch for it to stall.
      // Its budget is kept by a watch thread that can stop even a synchronous loop on this thread,
      // started when the build draws a chart (the one stage input can make run away).
      const { runJob } = await import('./job.js');
      const p = queue.shift()!;
      const budget = o.budget ?? DEFAULT_BUDGET;
      try {
        record(await withinBudget(budget, () => runJob(p.job, o.cwd), { watch: 'on demand' }), p.inputs);
      } catch (e) {
        if (!(e instanceof BudgetExceeded)) throw e;
        const [id, reason, hint] =
          e.overrun === 'time'
            ? (['briefTimeout', msg.briefTimeout(budget.seconds, false), msg.briefTimeoutHint()] as const)
            : (['briefMemory', msg.briefMemory(budget.memoryMb, false), msg.briefMemoryHint()] as const);
        record(overBudget(p.job, id, reason, hint, o.cwd), p.inputs);
      }
    }
    // Report in the order the briefs were asked for, whatever order they finished in.
    const order = new Map(o.briefs.map((b, i) => [b.output, i]));
    results.sort((a, b) => order.get(a.output)! - order.get(b.output)!);
    return { locked: true, results };
  } finally {
    // What was built is recorded before the lock is given up, whatever ended the run.
    try {
      flushManifests();
    } finally {
      locks.forEach((l) => l.release());
    }
  }
}

/** How often a running batch saves its manifests. */
const MANIFEST_EVERY_MS = 250;

export interface Budget {
  /** Seconds one brief may take, from the moment its worker starts on it. */
  seconds: number;
  /** Old-generation heap of its worker, in MB. */
  memoryMb: number;
}

type Pending = { job: Job; inputs: string };

/**
 * The smallest budget a build process started from the snapshot is held to from outside (its
 * resident size, read by the batch): the process itself takes ~110 MB and a warm one ~190 MB, so
 * below this a brief's share would be too small to measure that way. Smaller budgets get a
 * process started the usual way, held by V8's own heap limit (--max-old-space-size).
 */
const SNAPSHOT_WORKER_MIN_MB = 512;

/**
 * How a batch starts its build processes. From the startup snapshot this process started from,
 * when it did: a process started the usual way imports ~800 files and decodes its fonts on a cold
 * JIT (~1 s of CPU) before its first brief, and builds its first briefs at half speed. V8 refuses
 * a snapshot under other flags than it was made with, so such a process has no heap limit of its
 * own: the batch reads its resident size instead, as the watch of a brief built in-process does.
 */
function buildProcess(cwd: string, budget: Budget): { child: ChildProcess; watchMemory: boolean; how: string } {
  const why = !process.execArgv.includes('--snapshot-blob')
    ? 'this process did not start from it'
    : budget.memoryMb < SNAPSHOT_WORKER_MIN_MB
      ? `a brief's memory budget under ${SNAPSHOT_WORKER_MIN_MB} MB is kept by V8's heap limit, which a snapshot cannot take`
      : residentBytes('self') === undefined
        ? 'this system does not say how large a process is (no /proc)'
        : undefined;
  if (!why) {
    // The blob made for batches (a heap that stays small over a hundred briefs), else this process's own.
    const own = process.execArgv[process.execArgv.indexOf('--snapshot-blob') + 1];
    const made = batchSnapshotFor(own);
    const child = spawn(process.execPath, 'blob' in made ? [...made.flags, '--snapshot-blob', made.blob, '--'] : [...process.execArgv, '--'], {
      // Its parent's pid, not a flag: a variable left in someone's environment makes no command a build process.
      env: ownNodeEnv(process.env, { BRIEFPRESS_CWD: cwd, [BATCH_WORKER]: String(process.pid) }),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    return {
      child,
      watchMemory: true,
      how: 'blob' in made ? 'build processes start from the startup snapshot made for batches' : `build processes start from the startup snapshot of the command (${made.why})`,
    };
  }
  const child = fork(fileURLToPath(new URL('./worker.js', import.meta.url)), [], {
    execArgv: [`--max-old-space-size=${budget.memoryMb}`, ...WORKER_FLAGS],
    env: ownNodeEnv(process.env, { BRIEFPRESS_CWD: cwd }),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  return { child, watchMemory: false, how: `build processes start without the startup snapshot: ${why}` };
}

/**
 * Lanes of build processes take jobs from the shared queue until it is empty. A process that runs
 * out of heap or time fails the brief it was building, hands its next one back to the queue and is
 * replaced; a hung one is killed, which stops even a synchronous loop. Processes, not worker
 * threads: V8 aborts the whole process when one large allocation fails, even in a worker with
 * resourceLimits (seen with Node 20: a fifty-million-row chart sequence, exit 134 for the batch).
 */
async function runInWorkers(queue: Pending[], lanes: number, cwd: string, record: (r: JobResult, inputs: string) => void, budget: Budget, onProcess?: (how: string) => void) {
  let told: string | undefined;
  const lane = async () => {
    while (queue.length) await oneWorker();
  };
  const oneWorker = () =>
    new Promise<void>((resolve) => {
      const { child: w, watchMemory, how } = buildProcess(cwd, budget);
      told ??= (onProcess?.(how), how);
      // What V8 says when it gives up on memory, to tell that from any other crash.
      let stderr = '';
      w.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      // Two jobs in hand: the next is ready when one finishes.
      const held: Pending[] = [];
      let timer: NodeJS.Timeout | undefined;
      let over = false;
      const arm = () => {
        clearTimeout(timer);
        if (held.length) timer = setTimeout(() => fail('briefTimeout', msg.briefTimeout(budget.seconds), msg.briefTimeoutHint()), budget.seconds * 1000);
      };
      // Sampled as often as the in-process watch samples its own: past the budget, the brief in hand fails.
      const memory = watchMemory
        ? setInterval(() => {
            if (w.pid !== undefined && (residentBytes(w.pid) ?? 0) > budget.memoryMb * 1048576) fail('briefMemory', msg.briefMemory(budget.memoryMb), msg.briefMemoryHint());
          }, 50)
        : undefined;
      memory?.unref();
      const fail = (id: MessageId, reason: string, hint: string) => {
        if (over) return;
        over = true;
        clearTimeout(timer);
        clearInterval(memory);
        const [current, ...rest] = held.splice(0);
        if (current) record(overBudget(current.job, id, reason, hint, cwd), current.inputs);
        queue.unshift(...rest);
        if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
        resolve();
      };
      const top = () => {
        while (held.length < 2 && queue.length) {
          const p = queue.shift()!;
          held.push(p);
          w.send(p.job);
          if (held.length === 1) arm();
        }
        if (!held.length) {
          over = true;
          clearTimeout(timer);
          clearInterval(memory);
          w.disconnect();
          resolve();
        }
      };
      w.on('message', (r: JobResult) => {
        if (over) return;
        const p = held.shift()!;
        record(r, p.inputs);
        arm();
        top();
      });
      w.on('error', (e: Error) => fail('buildProcessError', msg.buildProcessError(e.message), msg.buildProcessHint()));
      w.on('exit', () => {
        if (/heap out of memory|Allocation failed/.test(stderr)) fail('briefMemory', msg.briefMemory(budget.memoryMb), msg.briefMemoryHint());
        else fail('buildProcessStopped', msg.buildProcessStopped(stderr.trim().split('\n').pop() ?? ''), msg.buildProcessHint());
      });
      top();
    });
  await Promise.all(Array.from({ length: lanes }, lane));
}

function overBudget(job: Job, id: MessageId, reason: string, hint: string, cwd: string): JobResult {
  const e = new BriefError({ id, stage: 'cli', kind: 'build', place: { file: job.brief }, reason, hint });
  const error = formatError(e, cwd);
  return { brief: job.brief, output: job.output, status: 'failed', ms: 0, error, problems: problemsOf(e), errorKind: 'build' };
}
