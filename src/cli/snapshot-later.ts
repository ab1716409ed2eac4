// Run detached by the first cold start of an installed copy that has no snapshot yet: makes one in
// the user's cache, at the lowest priority, while that run (and the next few) go the usual way.
// One at a time per copy (a lock folder, taken over after ten minutes); a failure is written down
// so that later runs say why under --verbose instead of trying again on every run.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { makeSnapshot } from './snapshot-make.js';
import { idOf } from '../runtime/stamp.js';

const [root, out] = process.argv.slice(2);
const lock = join(out, '.making');
const STALE_MS = 10 * 60_000;

function take(): boolean {
  mkdirSync(out, { recursive: true });
  try {
    mkdirSync(lock);
    return true;
  } catch {
    const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age < STALE_MS) return false;
    rmSync(lock, { recursive: true, force: true });
    try {
      mkdirSync(lock);
      return true;
    } catch {
      return false;
    }
  }
}

try {
  setPriority(19);
} catch {
  // Not allowed to lower it: it still runs, only at the usual priority.
}
if (take()) {
  try {
    await makeSnapshot({ root, bundle: join(root, 'build', 'snapshot', 'briefpress.cjs'), out });
    rmSync(join(out, 'failed.json'), { force: true });
  } catch (e) {
    writeFileSync(join(out, 'failed.json'), JSON.stringify({ node: process.version, execPath: process.execPath, package: idOf(join(root, 'package.json')), why: (e as Error).message }) + '\n');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
