// Builds the startup snapshot (issue 10): the command line bundled into one script with esbuild,
// run once by `node --build-snapshot` with a warm-up build, its heap saved as a blob that later
// processes start from instead of importing ~800 files and decoding fonts on a cold JIT.
// The blob is tied to this Node binary and this checkout: build/snapshot/briefpress.json records
// both, and dist/cli/main.js starts without the snapshot when they do not match.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newestCode, SNAPSHOT_FLAGS } from '../dist/cli/stamp.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'snapshot');
mkdirSync(out, { recursive: true });
const bundle = join(out, 'briefpress.cjs');
const blob = join(out, 'briefpress.blob');
const stamp = join(out, 'briefpress.json');
// The same stamp for bin/briefpress, in sh: what it checks before starting Node from the blob itself.
const shStamp = join(out, 'briefpress.sh');
rmSync(stamp, { force: true });
rmSync(shStamp, { force: true });

/** A word for sh, quoted. */
const sh = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;

/**
 * Changes the bundle makes to a few packages, each for a reason a snapshot imposes, and each
 * refused loudly if the package no longer reads as expected (a new version must be looked at).
 */
const PATCHES = [
  {
    // vega-canvas looks for node-canvas with a top-level await, which a script cannot hold;
    // briefpress never uses node-canvas (Vega draws into our recording context).
    file: /vega-canvas[\\/]build[\\/]vega-canvas\.node\.js$/,
    from: "NodeCanvas = await import('canvas');",
    to: 'NodeCanvas = null;',
  },
  {
    // string-width (in yargs' cliui and wrap-ansi) makes an Intl.Segmenter when imported; V8
    // cannot save an Intl object in a snapshot, so it is made on first use instead, and not at all
    // for text of one grapheme per character (printable ASCII, Latin letters, dashes and quotes),
    // which is all yargs measures for `build`
    // (it lays out the help text on every run): making one costs ~15 ms of a 200 ms build.
    file: /string-width[\\/]index\.js$/,
    from: 'const segmenter = new Intl.Segmenter();',
    to: 'let made;\nconst segmenter = { segment: (s) => (/^[\\x20-\\x7e\\u00a0-\\u02ff\\u2010-\\u2027]*$/.test(s) ? Array.from(s, (c) => ({ segment: c })) : (made ??= new Intl.Segmenter()).segment(s)) };',
  },
  {
    // yargs lays out the whole help text of a command each time it runs one (~11 ms of a cold
    // build, wrapping every option's line), in case the handler's promise rejects and yargs then
    // prints that help. briefpress's handlers catch everything and never ask yargs for help, so
    // the text is never read; `--help` and wrong options are handled before and print as always.
    file: /yargs[\\/]build[\\/]lib[\\/]command\.js$/,
    from: 'yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();',
    to: '',
  },
  {
    // fdir requires picomatch, if installed, when imported, through Node's module loader (which a
    // snapshot must not have used); tinyglobby hands fdir its own matcher, so fdir's goes unused.
    file: /fdir[\\/]dist[\\/]index\.mjs$/,
    from: /try \{\s*__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);\s*\} catch \{\}/,
    to: '',
  },
];

const patches = {
  name: 'snapshot-patches',
  setup(b) {
    // fontkit's JavaScript Brotli decoder (1.4 MB with its dictionary, for WOFF2 fonts) is Node's
    // own native one in the bundle: a smaller heap to save and to start from.
    b.onResolve({ filter: /^brotli\/decompress\.js$/ }, () => ({ path: 'brotli-decompress', namespace: 'native-brotli' }));
    // Handlebars builds the code of every template out of source-map's SourceNodes when that
    // package is found, and out of its own light stand-in otherwise (as in a browser): the same
    // code either way (templates are compiled, not precompiled, so no map is ever written), and
    // ~5 ms less of a cold build.
    b.onResolve({ filter: /^source-map$/ }, (args) => (/handlebars/.test(args.importer) ? { path: 'no-source-map', namespace: 'no-source-map' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'no-source-map' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    b.onLoad({ filter: /.*/, namespace: 'native-brotli' }, () => ({
      contents: "import { brotliDecompressSync } from 'node:zlib';\nexport default (input) => new Uint8Array(brotliDecompressSync(input));",
      loader: 'js',
    }));
    b.onLoad({ filter: /\.(m?js|cjs)$/ }, (args) => {
      const original = readFileSync(args.path, 'utf8');
      let text = original;
      for (const p of PATCHES) {
        if (!p.file.test(args.path)) continue;
        if (!(typeof p.from === 'string' ? text.includes(p.from) : p.from.test(text))) throw new Error(`snapshot: ${args.path} changed; the patch for it no longer applies`);
        text = text.replace(p.from, p.to);
      }
      // One bundle, one location: each module's import.meta.url becomes the URL of the file it
      // came from, so paths relative to it (package files, the batch worker) point where they did.
      text = text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)).replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)));
      return text === original ? undefined : { contents: text, loader: 'js' };
    });
  },
};

try {
  const code = newestCode(join(root, 'dist'));
  // esbuild comes with the dev dependencies; an install without them starts the slower way.
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'dist', 'cli', 'snapshot.js')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [patches],
    logLevel: 'error',
    // A third of the source to keep in the heap; names stay for stack traces (--verbose).
    minify: true,
    keepNames: true,
  });
  // esbuild leaves non-ASCII characters in regular expression literals (24 of them, all quotes,
  // dashes and CJK stops); one is enough to make V8 hold the whole 4.5 MB source as a two-byte
  // string, twice the heap to save and start from. \uXXXX means the same in a regex literal.
  const source = readFileSync(bundle, 'utf8');
  writeFileSync(bundle, source.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  rmSync(blob, { force: true });
  const r = spawnSync(process.execPath, [...SNAPSHOT_FLAGS, '--snapshot-blob', blob, '--build-snapshot', bundle], {
    env: { ...process.env, NODE_OPTIONS: '', BRIEFPRESS_SNAPSHOT_ROOT: root },
    encoding: 'utf8',
  });
  if (r.status !== 0 || !statSync(blob, { throwIfNoEntry: false })?.size) {
    throw new Error(`node --build-snapshot exited ${r.status ?? r.signal}: ${(r.stderr || '').split('\n').filter((l) => l && !/Warning: It's not yet fully verified|^It may still work|^To request support|--trace-warnings/.test(l)).slice(0, 6).join(' | ')}`);
  }
  /** @type {import('../src/cli/stamp.ts').SnapshotStamp} */
  const made = { node: process.version, execPath: process.execPath, arch: process.arch, root, code, flags: SNAPSHOT_FLAGS };
  writeFileSync(stamp, JSON.stringify(made, null, 2) + '\n');
  const node = statSync(process.execPath);
  writeFileSync(
    shStamp,
    [
      '# Written by scripts/snapshot.mjs with the blob; read by bin/briefpress.',
      `stamped_root=${sh(root)}`,
      `stamped_node=${sh(process.execPath)}`,
      `stamped_node_id=${sh(`${node.ino}:${node.size}`)}`,
      `stamped_flags=${sh(SNAPSHOT_FLAGS.join(' '))}`,
      '',
    ].join('\n'),
  );
  console.log(`briefpress: startup snapshot made (${(statSync(blob).size / 1e6).toFixed(0)} MB, ${process.version})`);
} catch (e) {
  // Not fatal: without a snapshot the command imports itself as usual, only slower to start.
  rmSync(blob, { force: true });
  console.warn(`briefpress: no startup snapshot, builds will start the slower way: ${e.message}`);
}
