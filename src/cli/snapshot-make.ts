// Makes the startup snapshot from the command line's bundle (build/snapshot/briefpress.cjs, which
// scripts/snapshot.mjs bundles at build time and the package ships): `node --build-snapshot` runs
// it once, warm-up build and all, and the heap it leaves is the blob. A clone makes it into its own
// build/snapshot (npm run build); an installed copy into the user's cache, in the background of its
// first cold run (never an install script: npm 11 asks before running one, and a global install
// may not write there anyway).
import { spawn } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../cache/disk.js';
import { ownNodeEnv } from '../runtime/env.js';
import { BATCH_BLOB, BATCH_SNAPSHOT_FLAGS, idOf, newestCode, SNAPSHOT_FLAGS, STAMP, type SnapshotStamp } from '../runtime/stamp.js';

/** A word for sh, quoted. */
const sh = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** The folder in the user's cache that holds the snapshot of the copy of briefpress at `root`, if there is a cache. */
export function cachedSnapshotDir(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const cache = cacheDir(env);
  // bin/briefpress finds the same folder with sh alone: the root's path, "/" written as "%".
  const key = root.replaceAll('/', '%');
  return cache && key.length <= 200 ? join(cache, 'snapshot', key) : undefined;
}

/** Runs `node --build-snapshot` on the bundle with `flags`, into `temp`; its size, or why it failed. */
function buildBlob(o: { root: string; bundle: string }, flags: string[], temp: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, '--snapshot-blob', temp, '--build-snapshot', o.bundle], {
      env: ownNodeEnv(process.env, { NODE_OPTIONS: '', BRIEFPRESS_SNAPSHOT_ROOT: o.root }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      const size = statSync(temp, { throwIfNoEntry: false })?.size;
      if (status === 0 && size) return resolve(size);
      rmSync(temp, { force: true });
      const said = stderr.split('\n').filter((l) => l && !/Warning: It's not yet fully verified|^It may still work|^To request support|--trace-warnings/.test(l));
      reject(new Error(`node --build-snapshot exited ${status ?? signal}: ${said.slice(0, 6).join(' | ')}`));
    });
  });
}

/**
 * Builds the blobs from `bundle` into `out` (one a command starts from, one a batch's build
 * processes start from, each with its V8 flags, made at once on two CPUs), with the stamps that
 * say what they were made with (for main.ts in JSON, for bin/briefpress in sh). Blobs and stamps
 * are written under temporary names and renamed: a reader sees the old snapshot or the new one,
 * never half of one.
 */
export async function makeSnapshot(o: { root: string; bundle: string; out: string }): Promise<{ bytes: number }> {
  mkdirSync(o.out, { recursive: true });
  const blob = join(o.out, 'briefpress.blob');
  const temp = join(o.out, `.briefpress.blob.${process.pid}`);
  const batchTemp = join(o.out, `.${BATCH_BLOB}.${process.pid}`);
  const code = newestCode(join(o.root, 'dist'));
  const made = await Promise.allSettled([buildBlob(o, SNAPSHOT_FLAGS, temp), buildBlob(o, BATCH_SNAPSHOT_FLAGS, batchTemp)]);
  const failed = made.find((m): m is PromiseRejectedResult => m.status === 'rejected');
  if (failed) {
    for (const f of [temp, batchTemp]) rmSync(f, { force: true });
    throw failed.reason;
  }
  const [size, batchSize] = made.map((m) => (m as PromiseFulfilledResult<number>).value);
  const stamp: SnapshotStamp = {
    node: process.version,
    execPath: process.execPath,
    arch: process.arch,
    root: o.root,
    code,
    flags: SNAPSHOT_FLAGS,
    package: idOf(join(o.root, 'package.json')),
    batch: { flags: BATCH_SNAPSHOT_FLAGS, bytes: batchSize },
  };
  // The stamps go last, and each in one rename: no stamp ever names a blob not yet in place.
  for (const f of [STAMP, 'briefpress.sh']) rmSync(join(o.out, f), { force: true });
  renameSync(temp, blob);
  renameSync(batchTemp, join(o.out, BATCH_BLOB));
  const write = (name: string, text: string) => {
    writeFileSync(join(o.out, `.${name}.${process.pid}`), text);
    renameSync(join(o.out, `.${name}.${process.pid}`), join(o.out, name));
  };
  write(STAMP, JSON.stringify(stamp, null, 2) + '\n');
  write(
    'briefpress.sh',
    [
      '# Written with the blob by briefpress; read by bin/briefpress before it starts Node from the blob.',
      `stamped_root=${sh(o.root)}`,
      `stamped_node=${sh(process.execPath)}`,
      `stamped_node_id=${sh(idOf(process.execPath))}`,
      `stamped_package_id=${sh(stamp.package!)}`,
      `stamped_flags=${sh(SNAPSHOT_FLAGS.join(' '))}`,
      '',
    ].join('\n'),
  );
  return { bytes: size };
}
