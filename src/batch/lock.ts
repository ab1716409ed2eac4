// One run at a time per output folder: a lock file made with O_EXCL, waited for, taken over from a dead process.
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const LOCK_FILE = '.briefpress.lock';

interface Holder {
  pid: number;
  host: string;
  started: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Lock {
  release(): void;
}

export type LockResult = { ok: true; lock: Lock } | { ok: false; holder?: Holder };

/**
 * Takes the lock of `dir`, waiting up to `waitSeconds`. A lock whose process is gone (same host,
 * pid not running: a run killed with -9) is taken over; one held by a live process is waited for.
 */
export async function acquireLock(dir: string, waitSeconds: number, now: () => Date = () => new Date()): Promise<LockResult> {
  const path = join(dir, LOCK_FILE);
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), started: now().toISOString() } satisfies Holder) + '\n');
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return { ok: true, lock: { release } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder: Holder | undefined;
    let age = Infinity;
    try {
      age = Date.now() - statSync(path).mtimeMs;
      holder = JSON.parse(readFileSync(path, 'utf8')) as Holder;
    } catch {
      // Empty: its maker is between open and write, or was killed there. Stale once it stays so.
    }
    const stale = holder ? holder.host === hostname() && !alive(holder.pid) : age > 2000;
    if (stale) {
      // Stale: move it aside under a unique name, so two runs cannot both take it over.
      try {
        renameSync(path, `${path}.stale-${process.pid}`);
        rmSync(`${path}.stale-${process.pid}`, { force: true });
      } catch {
        // Another run moved it first; loop and race for the new lock fairly.
      }
      continue;
    }
    if (Date.now() >= deadline) return { ok: false, holder };
    await sleep(Math.min(200, Math.max(10, deadline - Date.now())));
  }
}
