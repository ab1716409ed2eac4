// What a build computes from its inputs alone and is slow to compute on a cold start (a chart's
// scene), kept on disk between processes: cron starts a new process for every run, and most runs
// change a fact or two, not every chart. Entries are named by a hash of everything that decides
// them, the code included (toolchainHash), so an entry is either right or never looked up.
// Best effort: a cache that cannot be read or written is no cache, never an error.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { toolchainHash } from '../cache/toolchain.js';

/** Entries kept; past this, a write removes the older half (by modification time). */
const MAX_ENTRIES = 512;

let off = false;

/** Turns the cache off in this process (the startup snapshot's warm-up must not fill it) or on again. */
export function useDiskCache(on: boolean): void {
  off = !on;
}

/**
 * The folder: BRIEFPRESS_CACHE_DIR, else $XDG_CACHE_HOME/briefpress, else ~/.cache/briefpress;
 * none when BRIEFPRESS_CACHE_DIR is "off" or there is no home. Read on every call: a value read
 * when the module loads would be the startup snapshot's.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (off || env.BRIEFPRESS_CACHE_DIR === 'off') return undefined;
  if (env.BRIEFPRESS_CACHE_DIR) return env.BRIEFPRESS_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return base ? join(base, 'briefpress') : undefined;
}

function entryPath(kind: string, key: string): string | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  const name = createHash('sha256').update(`${toolchainHash()}\0${kind}\0${key}`).digest('hex');
  return join(dir, `${kind}-${name}.json`);
}

/** The entry of `kind` stored under `key`, parsed, or undefined. */
export function cached(kind: string, key: string): unknown {
  const path = entryPath(kind, key);
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Stores `value` (JSON) under `key`: written to a temp file and renamed, so a reader sees all or nothing. */
export function store(kind: string, key: string, value: unknown): void {
  const path = entryPath(kind, key);
  if (!path) return;
  const dir = cacheDir()!;
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(temp, JSON.stringify(value), { mode: 0o600 });
    renameSync(temp, path);
    prune(dir);
  } catch {
    // The cache only saves time: a full disk, a read-only folder or a file where the folder should
    // be costs the next build its speed, never this build its PDF.
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was written there (ENOTDIR: the cache folder is a file).
    }
  }
}

function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const aged = names.map((n) => ({ n, t: statSync(join(dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => a.t - b.t);
  for (const { n } of aged.slice(0, names.length - MAX_ENTRIES / 2)) rmSync(join(dir, n), { force: true });
}
