// The manifest in an output folder: per brief, the hash of its inputs and of the output they made, so unchanged briefs are skipped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../write/write.js';

export const MANIFEST_FILE = '.briefpress-manifest.json';

export interface ManifestEntry {
  brief: string;
  inputs: string;
  output: string;
  /** SHA-256 of the output file as written: a file changed since is built again. */
  hash: string;
  pages: number;
  bytes: number;
  /** SHA-256 of the web twin written beside it, when one was asked for. */
  twin?: string;
}

export interface Manifest {
  version: 2;
  /** Keyed by output file name. */
  entries: Record<string, ManifestEntry>;
}

/** The manifest of one shard of a batch: shards build disjoint briefs into one folder, each its own record. */
export function manifestName(shard?: string): string {
  return shard ? `.briefpress-manifest.shard-${shard.replace('/', '-of-')}.json` : MANIFEST_FILE;
}

export function readManifest(dir: string, name = MANIFEST_FILE): Manifest {
  try {
    const m = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Manifest;
    if (m.version === 2 && m.entries && typeof m.entries === 'object') return m;
  } catch {
    // Missing or unreadable (a manual edit): start afresh; the cost is one full rebuild.
  }
  // Version 1 named the output's hash "pdf": read as unknown, its briefs build once more.
  return { version: 2, entries: {} };
}

export function writeManifest(dir: string, m: Manifest, name = MANIFEST_FILE): void {
  // In code-unit order, not localeCompare's: the order only keeps the file the same whatever order
  // the briefs finished in, and a collator is made on first use (~5 ms of every cold build).
  const sorted: Manifest = { version: 2, entries: Object.fromEntries(Object.entries(m.entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  writeAtomic(join(dir, name), Buffer.from(JSON.stringify(sorted, null, 2) + '\n'));
}
