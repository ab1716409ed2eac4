// The inputs of a brief's PDF, hashed: its folder, the shared templates and charts, fonts and code versions, options.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { files, hashFile, toolchainHash } from '../cache/toolchain.js';
import { PACKAGE_ROOT, PROJECT_FILE } from '../load/project.js';

/**
 * Hash of every input of one brief's PDF: its folder, its project's briefpress.yaml, templates/
 * and charts/, and briefpress's own (an upgrade that changes a default template rebuilds).
 */
export function inputHash(root: string | undefined, briefDir: string, options: Record<string, unknown>): string {
  const h = createHash('sha256');
  h.update(toolchainHash());
  h.update(JSON.stringify(options, Object.keys(options).sort()));
  h.update(`SOURCE_DATE_EPOCH=${process.env.SOURCE_DATE_EPOCH ?? ''}\n`);
  const layers = root && root !== PACKAGE_ROOT ? [root, PACKAGE_ROOT] : [PACKAGE_ROOT];
  if (root) {
    h.update(`${PROJECT_FILE}\0`);
    hashFile(h, join(root, PROJECT_FILE));
  }
  const dirs = [{ dir: briefDir, base: briefDir, name: 'brief' }];
  layers.forEach((layer, k) => dirs.push(...['templates', 'charts'].map((d) => ({ dir: join(layer, d), base: layer, name: `layer ${k}` }))));
  for (const { dir, base, name } of dirs) {
    for (const f of files(dir, base)) {
      h.update(`${name}:${relative(base, f.path)}\0`);
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
