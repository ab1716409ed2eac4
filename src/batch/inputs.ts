// The inputs of a brief's PDF, hashed: its folder, the shared templates and charts, fonts and code versions, options.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { files, hashFile, toolchainHash } from '../cache/toolchain.js';

/** Hash of every input of one brief's PDF. */
export function inputHash(root: string, briefDir: string, options: Record<string, unknown>): string {
  const h = createHash('sha256');
  h.update(toolchainHash());
  h.update(JSON.stringify(options, Object.keys(options).sort()));
  h.update(`SOURCE_DATE_EPOCH=${process.env.SOURCE_DATE_EPOCH ?? ''}\n`);
  for (const dir of [briefDir, join(root, 'templates'), join(root, 'charts')]) {
    for (const f of files(dir, root)) {
      h.update(relative(root, f.path) + '\0');
      if (f.marker) h.update(f.marker);
      else hashFile(h, f.path);
      h.update('\0');
    }
  }
  return h.digest('hex');
}

export function fileHash(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const h = createHash('sha256');
  hashFile(h, path);
  return h.digest('hex');
}
