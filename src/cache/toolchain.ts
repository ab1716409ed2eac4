// The toolchain, hashed: briefpress's own compiled code and the versions of the libraries that shape the bytes.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, statSync, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isWithin, realPath } from '../files.js';

export type { Hash };

const require = createRequire(import.meta.url);

/**
 * Files under `dir`, sorted, skipping editor droppings and our own temp files. Never throws and
 * never follows a link out: a dangling link or a link loop is listed by where it points (so
 * changing it still changes the hash, and the build itself reports it), a linked folder is not
 * entered (a link to its own parent would never end), a pipe or device is left out.
 */
export function files(dir: string, root = dir): { path: string; marker?: string }[] {
  const out: { path: string; marker?: string }[] = [];
  const walk = (d: string) => {
    let entries: Dirent[];
    try {
      // With their types, as the folder lists them: a plain file or folder needs no lstat and stat
      // of its own (two of six calls a file; 100 unchanged briefs list ~1,200 files every cron run).
      entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return;
    }
    for (const entry of entries) {
      const e = entry.name;
      if (e.startsWith('.') || e.endsWith('~') || e.endsWith('.swp')) continue;
      const p = join(d, e);
      if (entry.isFile()) {
        out.push({ path: p });
        continue;
      }
      if (entry.isDirectory()) {
        walk(p);
        continue;
      }
      if (!entry.isSymbolicLink()) continue;
      let link: string;
      try {
        link = readlinkSync(p);
      } catch {
        continue;
      }
      let st;
      try {
        st = statSync(p);
      } catch {
        out.push({ path: p, marker: `unresolved link -> ${link}` });
        continue;
      }
      if (st.isDirectory()) out.push({ path: p, marker: `linked folder -> ${link}` });
      else if (st.isFile()) {
        if (!isWithin(realPath(root), realPath(p))) out.push({ path: p, marker: `link out of the project -> ${link}` });
        else out.push({ path: p });
      }
    }
  };
  walk(dir);
  return out;
}

/** Feeds a file to the hash in 1 MB pieces: a large file costs time, never memory. */
export function hashFile(h: Hash, path: string) {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    h.update(`unreadable ${(e as NodeJS.ErrnoException).code ?? ''}`);
    return;
  }
  try {
    // As large as the file, up to 1 MB, and not zeroed: a batch hashes every file of 100 briefs,
    // and 1 MB zeroed for each (most are a few KB) cost 0.3 s of a 0.45 s unchanged run.
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(1 << 20, fstatSync(fd).size)));
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  } catch (e) {
    h.update(`unreadable ${(e as NodeJS.ErrnoException).code ?? ''}`);
  } finally {
    closeSync(fd);
  }
}

let toolchain: string | undefined;

/**
 * Versions of everything that shapes the bytes but is not a project file: briefpress itself, the
 * font packages (their version pins the TTFs) and the libraries that lay out, chart and write.
 */
export function toolchainHash(): string {
  if (toolchain) return toolchain;
  const h = createHash('sha256');
  const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  h.update(`briefpress ${own.version}\n`);
  // zlib deflates every stream, and the disk cache keeps font subsets deflated: a Node with
  // another zlib may deflate to other bytes, and a build must not depend on what was cached.
  h.update(`zlib ${process.versions.zlib}\n`);
  for (const pkg of ['source-serif', 'source-sans', 'pdfkit', 'fontkit', 'vega', 'vega-lite', 'vega-scenegraph', 'hyphen', 'handlebars', 'yaml']) {
    let version = 'missing';
    try {
      version = (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
    } catch {
      // A package whose exports hide package.json: its version stays "missing", still stable.
    }
    h.update(`${pkg} ${version}\n`);
  }
  // The compiled code itself: a local change to briefpress changes every PDF's inputs.
  for (const f of files(new URL('..', import.meta.url).pathname)) hashFile(h, f.path);
  return (toolchain = h.digest('hex'));
}
