// One run at a time per output folder: a lock file made with O_EXCL, kept fresh while held, taken over when its run is gone.
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BriefError, problem, type Problem } from '../errors.js';
import { msg } from '../messages.js';

export const LOCK_FILE = '.briefpress.lock';

export interface Holder {
  pid: number;
  host: string;
  started: string;
  /** The kernel's boot id: after a reboot every pid is new, whatever its number. */
  boot?: string;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * This boot's id and start (seconds since 1970), read when a lock is first looked at, not at
 * import: a build that takes no lock reads nothing, and a start-up snapshot never freezes them.
 */
let boot: { id?: string; time: number } | undefined;
function thisBoot(): { id?: string; time: number } {
  return (boot ??= {
    id: readText('/proc/sys/kernel/random/boot_id')?.trim(),
    time: Number(/^btime (\d+)$/m.exec(readText('/proc/stat') ?? '')?.[1] ?? NaN),
  });
}
/** Kernel clock ticks per second for /proc/PID/stat times: 100 on every Linux we run on. */
const CLK_TCK = 100;

/**
 * Whether the run that wrote `holder` on this host still runs. kill(pid, 0) alone is not enough:
 * a killed run whose parent has not reaped it is a zombie (state Z) and still answers; in a
 * container every run may get the same small pid, so a lock naming our own pid, or a pid that
 * started after the lock was written, names some other process now.
 */
export function holderAlive(holder: Holder): boolean {
  if (holder.pid === process.pid) return false;
  const { id: bootId, time: bootTime } = thisBoot();
  if (holder.boot && bootId && holder.boot !== bootId) return false;
  const stat = readText(`/proc/${holder.pid}/stat`);
  if (stat !== undefined) {
    // Fields after the command name (which may hold spaces and parentheses): state is the first,
    // start time (ticks since boot) the 20th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return false;
    const startedAt = (bootTime + Number(fields[19]) / CLK_TCK) * 1000;
    const lockedAt = Date.parse(holder.started);
    if (Number.isFinite(startedAt) && Number.isFinite(lockedAt) && startedAt > lockedAt + 2000) return false;
    return true;
  }
  if (bootTime) return false; // /proc works here and has no such pid: it is gone.
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Lock {
  release(): void;
}

export type LockResult = { ok: true; lock: Lock } | { ok: false; holder?: Holder };

export interface LockOptions {
  /** Seconds to wait for a live holder. */
  waitSeconds: number;
  /** A lock not refreshed for this many seconds is taken over, from any host (its run is hung or gone). */
  staleAfterSeconds?: number;
  /** The lock file's name: shards of one batch lock apart (see lockName). */
  name?: string;
  /** Told when a lock is taken over, so cron's log says why. */
  warn?: (p: Problem) => void;
  now?: () => Date;
}

/** The lock of one shard of a batch (`--shard 2/4`), or of the whole output folder. */
export function lockName(shard?: string): string {
  return shard ? `.briefpress.shard-${shard.replace('/', '-of-')}.lock` : LOCK_FILE;
}

/**
 * Takes the lock of `dir`, waiting up to `waitSeconds`. While held, the lock is touched every few
 * seconds, so its age says whether its run still works. Taken over: a lock whose run is gone from
 * this host (killed with -9, a zombie, a recycled pid, before a reboot), an empty or unreadable
 * one once it stays so, and any lock not refreshed for `staleAfterSeconds` (a run on another host
 * that died, a pod killed at its deadline). SIGTERM, SIGINT and SIGHUP release it.
 */
export async function acquireLock(dir: string, o: LockOptions): Promise<LockResult> {
  const path = join(dir, o.name ?? LOCK_FILE);
  const deadline = Date.now() + o.waitSeconds * 1000;
  const staleMs = (o.staleAfterSeconds ?? 900) * 1000;
  const now = o.now ?? (() => new Date());
  for (;;) {
    let fd: number | undefined;
    // From the moment the file exists until held() listens, a SIGTERM would kill the process by
    // default and leave the lock behind: listen first. Node defers a signal that comes while this
    // synchronous attempt runs to the event loop, where held()'s own listener answers it.
    let made = false;
    const early = (signal: NodeJS.Signals) => {
      if (made) rmSync(path, { force: true });
      process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as Record<string, number>)[signal]);
    };
    for (const s of SIGNALS) process.on(s, early);
    try {
      fd = openSync(path, 'wx', 0o644);
      made = true;
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), started: now().toISOString(), ...(thisBoot().id ? { boot: thisBoot().id } : {}) } satisfies Holder) + '\n');
      closeSync(fd);
      return { ok: true, lock: held(path, staleMs) };
    } catch (e) {
      // Made but not written (a full disk): ours, so it goes; an empty lock would hold the next run.
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // Closed already, or the close failed too: the file goes either way.
        }
        rmSync(path, { force: true });
      }
      const err = e as NodeJS.ErrnoException;
      if (err.code !== 'EEXIST') {
        throw new BriefError({
          stage: 'write',
          kind: 'build',
          place: { file: dir },
          id: 'outputUnwritable',
          reason: msg.outputUnwritable(dir, `${err.code ?? ''}: ${err.message.replace(/^\w+: /, '')}`),
          hint: msg.outputUnwritableHint(err.code),
          cause: e,
        });
      }
    } finally {
      for (const s of SIGNALS) process.off(s, early);
    }
    let holder: Holder | undefined;
    let age = Infinity;
    try {
      age = Date.now() - statSync(path).mtimeMs;
      const h = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
      if (typeof h.pid === 'number' && typeof h.host === 'string') holder = { pid: h.pid, host: h.host, started: String(h.started ?? ''), boot: h.boot };
    } catch {
      // Empty or not ours: its maker is between open and write, or was killed there.
    }
    let why: string | undefined;
    if (holder && holder.host === hostname() && !holderAlive(holder)) why = `its run (pid ${holder.pid}) is gone`;
    else if (!holder && age > 2000) why = 'it is empty or unreadable';
    else if (age > staleMs) why = `it was not refreshed for ${Math.round(age / 1000)} s${holder ? ` (pid ${holder.pid} on ${holder.host})` : ''}`;
    if (why) {
      // Moved aside under a unique name, so two runs cannot both take it over.
      try {
        renameSync(path, `${path}.stale-${process.pid}`);
        rmSync(`${path}.stale-${process.pid}`, { force: true });
        o.warn?.(problem({ id: 'lockTakenOver', stage: 'cli', place: { file: path }, reason: msg.lockTakenOver(path, why), hint: msg.lockTakenOverHint() }));
      } catch {
        // Another run moved it first; loop and race for the new lock fairly.
      }
      continue;
    }
    if (Date.now() >= deadline) return { ok: false, holder };
    await sleep(Math.min(200, Math.max(10, deadline - Date.now())));
  }
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

function held(path: string, staleMs: number): Lock {
  // Touched well within the stale limit, so a working run is never taken for a dead one.
  const beat = setInterval(
    () => {
      try {
        const t = new Date();
        utimesSync(path, t, t);
      } catch {
        // The folder went away or went read-only: the run reports its own write errors.
      }
    },
    Math.max(1000, Math.min(30_000, staleMs / 4)),
  );
  beat.unref();
  let released = false;
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as Record<string, number>)[signal]);
  };
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(beat);
    rmSync(path, { force: true });
    process.off('exit', release);
    for (const s of SIGNALS) process.off(s, onSignal);
  };
  process.on('exit', release);
  for (const s of SIGNALS) process.on(s, onSignal);
  return { release };
}
