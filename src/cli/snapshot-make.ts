// Makes the startup snapshot from the command line's bundle (build/snapshot/briefpress.cjs, which
// scripts/snapshot.mjs bundles at build time and the package ships): `node --build-snapshot` runs
// it once, warm-up build and all, and the heap it leaves is the blob. A clone makes it into its own
// build/snapshot (npm run build); an installed copy into the user's cache, in the background of its
// first cold run (never an install script: npm 11 asks before running one, and a global install
// may not write there anyway).
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../cache/disk.js';
import { idOf, newestCode, SNAPSHOT_FLAGS, type SnapshotStamp } from './stamp.js';

/** A word for sh, quoted. */
const sh = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** The folder in the user's cache that holds the snapshot of the copy of briefpress at `root`, if there is a cache. */
export function cachedSnapshotDir(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const cache = cacheDir(env);
  // bin/briefpress finds the same folder with sh alone: the root's path, "/" written as "%".
  const key = root.replaceAll('/', '%');
  return cache && key.length <= 200 ? join(cache, 'snapshot', key) : undefined;
}

/**
 * Builds the blob from `bundle` into `out`, with the stamps that say what it was made with (for
 * main.ts in JSON, for bin/briefpress in sh). The blob and stamps are written under temporary
 * names and renamed: a reader sees the old snapshot or the new one, never half of one.
 */
export function makeSnapshot(o: { root: string; bundle: string; out: string }): { bytes: number } {
  mkdirSync(o.out, { recursive: true });
  const blob = join(o.out, 'briefpress.blob');
  const temp = join(o.out, `.briefpress.blob.${process.pid}`);
  const code = newestCode(join(o.root, 'dist'));
  const r = spawnSync(process.execPath, [...SNAPSHOT_FLAGS, '--snapshot-blob', temp, '--build-snapshot', o.bundle], {
    env: { ...process.env, NODE_OPTIONS: '', BRIEFPRESS_SNAPSHOT_ROOT: o.root },
    encoding: 'utf8',
  });
  const size = statSync(temp, { throwIfNoEntry: false })?.size;
  if (r.status !== 0 || !size) {
    rmSync(temp, { force: true });
    const said = (r.stderr || '').split('\n').filter((l) => l && !/Warning: It's not yet fully verified|^It may still work|^To request support|--trace-warnings/.test(l));
    throw new Error(`node --build-snapshot exited ${r.status ?? r.signal}: ${said.slice(0, 6).join(' | ')}`);
  }
  const made: SnapshotStamp = { node: process.version, execPath: process.execPath, arch: process.arch, root: o.root, code, flags: SNAPSHOT_FLAGS, package: idOf(join(o.root, 'package.json')) };
  // The stamps go last, and each in one rename: no stamp ever names a blob not yet in place.
  for (const f of ['briefpress.json', 'briefpress.sh']) rmSync(join(o.out, f), { force: true });
  renameSync(temp, blob);
  const write = (name: string, text: string) => {
    writeFileSync(join(o.out, `.${name}.${process.pid}`), text);
    renameSync(join(o.out, `.${name}.${process.pid}`), join(o.out, name));
  };
  write('briefpress.json', JSON.stringify(made, null, 2) + '\n');
  write(
    'briefpress.sh',
    [
      '# Written with the blob by briefpress; read by bin/briefpress before it starts Node from the blob.',
      `stamped_root=${sh(o.root)}`,
      `stamped_node=${sh(process.execPath)}`,
      `stamped_node_id=${sh(idOf(process.execPath))}`,
      `stamped_package_id=${sh(made.package!)}`,
      `stamped_flags=${sh(SNAPSHOT_FLAGS.join(' '))}`,
      '',
    ].join('\n'),
  );
  return { bytes: size };
}
