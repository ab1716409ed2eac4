// The inputs of a brief's PDF, hashed: its folder, the shared templates and charts, fonts and code versions, options.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { files, hashFile, toolchainHash } from '../cache/toolchain.js';
import { PACKAGE_ROOT, PROJECT_FILE } from '../load/project.js';

/**
 * Hash of every input of one brief's PDF: its folder, its project's briefpress.yaml, templates/
 * and charts/, and briefpress's own (an upgrade that changes a default template rebuilds).
 * `shared` keeps the hash of each shared folder for the next brief of the same run: a project's
 * templates and charts are read once per batch, not once per brief.
 */
export function inputHash(root: string | undefined, briefDir: string, options: Record<string, unknown>, shared = new Map<string, string>()): string {
  const h = createHash('sha256');
  h.update(toolchainHash());
  h.update(JSON.stringify(options, Object.keys(options).sort()));
  h.update(`SOURCE_DATE_EPOCH=${process.env.SOURCE_DATE_EPOCH ?? ''}\n`);
  const layers = root && root !== PACKAGE_ROOT ? [root, PACKAGE_ROOT] : [PACKAGE_ROOT];
  if (root) {
    h.update(`${PROJECT_FILE}\0`);
    hashFile(h, join(root, PROJECT_FILE));
  }
  h.update(folderHash(briefDir, briefDir, 'brief'));
  layers.forEach((layer, k) =>
    ['templates', 'charts'].forEach((d) => {
      const dir = join(layer, d);
      const key = `${dir}\0${layer}\0${k}`;
      let digest = shared.get(key);
      if (digest === undefined) shared.set(key, (digest = folderHash(dir, layer, `layer ${k}`)));
      h.update(digest);
    }),
  );
  return h.digest('hex');
}

/** Every file under `dir` (its path from `base`, its bytes), hashed. */
function folderHash(dir: string, base: string, name: string): string {
  const h = createHash('sha256');
  for (const f of files(dir, base)) {
    h.update(`${name}:${relative(base, f.path)}\0`);
    if (f.marker) h.update(f.marker);
    else hashFile(h, f.path);
    h.update('\0');
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
