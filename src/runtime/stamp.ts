// What a startup snapshot was made with (scripts/snapshot.mjs writes it) and whether this process
// may start from it (the launcher, main.ts, asks).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * V8 flags the snapshot is made and started with (V8 refuses a snapshot under other flags).
 * Bytecode compiled during the warm-up is kept, not flushed as unused (0.45 -> 0.40 s); the old
 * generation starts at 128 MB, so that the 40 MB heap the process starts with does not set off a
 * full collection during its one build (0.40 -> 0.38 s, medians of 4). A function is optimised
 * only after four times V8's usual run of bytecode: a process that lives for one brief spent a
 * fifth of its CPU optimising code it left before the optimised code paid back, and collecting
 * the garbage that made (cold build, charts cached: 0.29 -> 0.27 s, 350 -> 270 CPU-ms; charts
 * drawn: 0.37 -> 0.34 s, 510 -> 400 CPU-ms; medians of 15 and 9). A preview or a batch that runs
 * longer still optimises its hot code, a little later. The heap's hash tables keep the hash seed
 * the blob was made with instead of being hashed again with a new one at every start (V8's
 * default, 8 of the 45 ms that deserialising the 25 MB blob took: 289 -> 275 ms, medians of 21
 * paired). The seed is still random, drawn once where the blob is made (a clone's build, or the
 * user's cache), so no outsider can predict it to craft keys that collide.
 */
export const SNAPSHOT_FLAGS = ['--no-flush-bytecode', '--initial-old-space-size=128', '--interrupt-budget=524288', '--no-rehash-snapshot'];

/**
 * V8 flags of a second blob, made from the same bundle, that a batch's build processes start from
 * (batch.ts). A process that builds a hundred briefs wants the opposite of a cold build's heap:
 * the 128 MB floor above kept old garbage to ~95 MB and V8's 16 MB semi-spaces held 34 MB more,
 * so such a process peaked at ~255 MB. Without the floor, with 8 MB semi-spaces and the collector
 * on the build's own thread (the second CPU is the batch's, not V8's helpers'), it peaks at
 * ~182 MB, for ~10 % more time (npm run bench, 100 briefs). The cold build keeps its own blob:
 * these flags would cost it 12 % (0.31 -> 0.35 s). Optimising after twice V8's usual run of
 * bytecode spares most of the compiles a process redoes from its snapshot, where none of its
 * optimised code survives (100 briefs: 6.6 -> 5.8 CPU-s, wall 5.0 -> 4.9 s, medians of 5;
 * four or eight times the run made the wall slower again, 5.2-5.3 s). The hash seed as above.
 */
export const BATCH_SNAPSHOT_FLAGS = ['--no-flush-bytecode', '--max-semi-space-size=8', '--single-threaded-gc', '--interrupt-budget=262144', '--no-rehash-snapshot'];

/** That blob's name, next to the one a command starts from. */
export const BATCH_BLOB = 'briefpress-batch.blob';

/**
 * The blob a batch's build processes may start from: the one made together with `blob` (the blob
 * this process started from, so the same code), or why not (a snapshot made before there were two).
 */
export function batchSnapshotFor(blob: string): { blob: string; flags: string[] } | { why: string } {
  const dir = dirname(blob);
  const batch = join(dir, BATCH_BLOB);
  const made = readStamp(dir)?.batch;
  if (!made) return { why: `none was made with ${blob}` };
  if (made.flags.join(' ') !== BATCH_SNAPSHOT_FLAGS.join(' ')) return { why: `${batch} was made with other V8 flags` };
  if (statSync(batch, { throwIfNoEntry: false })?.size !== made.bytes) return { why: `${batch} is not the one made with ${blob}` };
  return { blob: batch, flags: made.flags };
}

/** The stamp written with the blobs in `dir`, by its name there. */
export const STAMP = 'briefpress.json';

/** The stamp in `dir`, or undefined when there is none (or half of one). */
function readStamp(dir: string): SnapshotStamp | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, STAMP), 'utf8')) as SnapshotStamp;
  } catch {
    return undefined;
  }
}

export interface SnapshotStamp {
  node: string;
  execPath: string;
  arch: string;
  root: string;
  /** Newest modification time of the compiled code the snapshot was made from. */
  code: number;
  flags: string[];
  /** The blob for a batch's build processes, made with the first: its flags and size. */
  batch?: { flags: string[]; bytes: number };
  /** inode:size of the package.json of the copy it was made for: an upgrade replaces it. */
  package?: string;
}

/** Newest modification or change time of the compiled code under `dir`. */
export function newestCode(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    // The change time too: npm installs every file with one fixed modification time (1985), so
    // only the change time tells an upgraded copy's code from the code a snapshot was made of.
    if (name.endsWith('.js')) {
      const st = statSync(join(dir, name));
      newest = Math.max(newest, st.mtimeMs, st.ctimeMs);
    }
  }
  return newest;
}

export interface Process {
  version: string;
  execPath: string;
  arch: string;
  execArgv: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The blob this process may start from, or why not. A snapshot serves only the Node binary that
 * made it (V8 refuses any other), under no Node options (V8 flags among them would not match its
 * own), for the checkout it was made in, and only while no compiled file is newer than it (else it
 * would run yesterday's code).
 */
export function snapshotFor(dir: string, root: string, dist: string, p: Process = process, missing = 'npm run build makes it'): { blob: string } | { why: string } {
  if (p.env.BRIEFPRESS_NO_SNAPSHOT) return { why: 'BRIEFPRESS_NO_SNAPSHOT is set' };
  if (p.env.NODE_OPTIONS?.trim() || p.execArgv.length) return { why: 'Node options are given' };
  const stamp = readStamp(dir);
  if (!stamp) return { why: `none was made (${join(dir, STAMP)} is missing: ${missing})` };
  if (stamp.node !== p.version || stamp.execPath !== p.execPath || stamp.arch !== p.arch)
    return { why: `it was made by Node ${stamp.node} at ${stamp.execPath}, this is ${p.version} at ${p.execPath}` };
  if (stamp.root !== root) return { why: `it was made for ${stamp.root}` };
  if (stamp.flags?.join(' ') !== SNAPSHOT_FLAGS.join(' ')) return { why: 'it was made with other V8 flags' };
  if (stamp.package && stamp.package !== idOf(join(root, 'package.json'))) return { why: 'briefpress was installed again after it was made' };
  if (newestCode(dist) > stamp.code) return { why: 'the code was compiled or installed again after it was made' };
  return { blob: join(dir, 'briefpress.blob') };
}

/** inode:size of a file (what replacing it changes), or '' when there is none. */
export function idOf(path: string): string {
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? `${st.ino}:${st.size}` : '';
}
