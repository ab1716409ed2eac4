#!/usr/bin/env node
// The briefpress command. Imported the usual way, the command line loads ~800 files and decodes
// its fonts on a cold JIT before the first page (~1 s for the Karabakh brief); started from the
// startup snapshot of it, warmed up (scripts/snapshot.mjs, made at install), ~0.44 s (npm run bench).
// The snapshot serves only the Node binary that made it, with no Node options, and only while no
// compiled file is newer than it; otherwise, or with BRIEFPRESS_NO_SNAPSHOT set, the command line
// is imported here as before. Either way the same code builds the same bytes.
// bin/briefpress (the installed command) makes the same checks in sh and starts the snapshot in
// its own process; it comes here when it cannot vouch for the snapshot, and on systems without sh.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ownNodeEnv, restoreUserEnv } from '../runtime/env.js';
import { idOf, SNAPSHOT_FLAGS, snapshotFor } from '../runtime/stamp.js';

const dist = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(dist);
const argv = process.argv.slice(2);
restoreUserEnv();

async function imported(): Promise<void> {
  const [{ main }, { reportPeakMemory }] = await Promise.all([import('./cli.js'), import('./rusage.js')]);
  reportPeakMemory();
  process.exitCode = await main(argv);
}

/**
 * The snapshot this process may start from: a clone's own (npm run build makes it), else the one
 * an installed copy made in the user's cache. Neither, in an installed copy: one is made in the
 * background for the next runs, and this one goes the usual way.
 */
async function findSnapshot(): Promise<{ blob: string } | { why: string }> {
  const own = join(root, 'build', 'snapshot');
  const mine = snapshotFor(own, root, dist);
  // A clone has its own (or is told how to make it); only an installed copy uses the cache.
  if ('blob' in mine || process.env.BRIEFPRESS_NO_SNAPSHOT || existsSync(join(own, 'briefpress.json')) || !existsSync(join(own, 'briefpress.cjs'))) return mine;
  const { cachedSnapshotDir } = await import('./snapshot-make.js');
  const cached = cachedSnapshotDir(root);
  if (!cached) return { why: 'there is no cache folder to make one in (no HOME, or BRIEFPRESS_CACHE_DIR=off)' };
  const found = snapshotFor(cached, root, dist, process, 'it is being made in the background, for the next runs');
  if ('blob' in found) return found;
  const failed = readFailure(cached);
  if (failed) return { why: `making one failed: ${failed}` };
  try {
    // Detached and unheld: this run never waits for it, and a cron timeout that kills this run leaves it be.
    spawn(process.execPath, [join(dist, 'cli', 'snapshot-later.js'), root, cached], { detached: true, stdio: 'ignore', env: ownNodeEnv(process.env, { NODE_OPTIONS: '' }) }).unref();
  } catch {
    // Out of processes: the next run tries again.
  }
  return found;
}

/** Why making the snapshot failed for this Node and this install, if it did. */
function readFailure(dir: string): string | undefined {
  try {
    const f = JSON.parse(readFileSync(join(dir, 'failed.json'), 'utf8')) as { node: string; execPath: string; package: string; why: string };
    return f.node === process.version && f.execPath === process.execPath && f.package === idOf(join(root, 'package.json')) ? f.why : undefined;
  } catch {
    return undefined;
  }
}

const snapshot = await findSnapshot();
// --verbose says how the command starts: the first thing to ask of a slow cron job.
if (argv.includes('--verbose'))
  process.stderr.write('blob' in snapshot ? `briefpress: starting from the startup snapshot ${snapshot.blob}\n` : `briefpress: starting without the startup snapshot: ${snapshot.why}\n`);
if (!('blob' in snapshot)) {
  await imported();
} else {
  // The IPC channel is the child's lifeline: when this process dies, even of SIGKILL (a cron
  // timeout), the channel closes and the child ends at once, as the one process used to.
  const child = spawn(process.execPath, [...SNAPSHOT_FLAGS, '--snapshot-blob', snapshot.blob, '--', ...argv], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: ownNodeEnv(process.env) });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (s: NodeJS.Signals) => child.kill(s);
  for (const s of signals) process.on(s, forward);
  child.on('error', () => {
    // Could not start a second process (out of processes, say): build here instead.
    for (const s of signals) process.off(s, forward);
    void imported();
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    // Die of the same signal, so that a shell or cron sees what happened.
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
}
