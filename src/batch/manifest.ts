// The manifest in an output folder: per brief, the hash of its inputs and of the PDF they made, so unchanged briefs are skipped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../write/write.js';

export const MANIFEST_FILE = '.briefpress-manifest.json';

export interface ManifestEntry {
  brief: string;
  inputs: string;
  output: string;
  pdf: string;
  pages: number;
  bytes: number;
}

export interface Manifest {
  version: 1;
  /** Keyed by output file name. */
  entries: Record<string, ManifestEntry>;
}

export function readManifest(dir: string): Manifest {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
    if (m.version === 1 && m.entries && typeof m.entries === 'object') return m;
  } catch {
    // Missing or unreadable (a manual edit): start afresh; the cost is one full rebuild.
  }
  return { version: 1, entries: {} };
}

export function writeManifest(dir: string, m: Manifest): void {
  const sorted: Manifest = { version: 1, entries: Object.fromEntries(Object.entries(m.entries).sort(([a], [b]) => a.localeCompare(b))) };
  writeAtomic(join(dir, MANIFEST_FILE), Buffer.from(JSON.stringify(sorted, null, 2) + '\n'));
}
