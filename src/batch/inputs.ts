// The inputs of a brief's PDF, hashed: its folder, the shared templates and charts, fonts and code versions, options.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const require = createRequire(import.meta.url);

/** Files under `dir`, sorted, skipping editor droppings and our own temp files. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.startsWith('.') || e.endsWith('~') || e.endsWith('.swp')) continue;
      const p = join(d, e);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
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
  for (const f of files(new URL('..', import.meta.url).pathname)) h.update(readFileSync(f));
  return (toolchain = h.digest('hex'));
}

/** Hash of every input of one brief's PDF. */
export function inputHash(root: string, briefDir: string, options: Record<string, unknown>): string {
  const h = createHash('sha256');
  h.update(toolchainHash());
  h.update(JSON.stringify(options, Object.keys(options).sort()));
  h.update(`SOURCE_DATE_EPOCH=${process.env.SOURCE_DATE_EPOCH ?? ''}\n`);
  for (const dir of [briefDir, join(root, 'templates'), join(root, 'charts')]) {
    for (const f of files(dir)) {
      h.update(relative(root, f) + '\0');
      h.update(readFileSync(f));
      h.update('\0');
    }
  }
  return h.digest('hex');
}

export function fileHash(path: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}
