// Builds the startup snapshot (issue 10): the command line bundled into one script with esbuild,
// run once by `node --build-snapshot` with a warm-up build, its heap saved as a blob that later
// processes start from instead of importing ~800 files and decoding fonts on a cold JIT.
// The blob is tied to this Node binary and this checkout: build/snapshot/briefpress.json records
// both, and dist/cli/main.js starts without the snapshot when they do not match. The bundle is
// tied to neither: the package ships it, and an installed copy makes its own blob from it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSnapshot } from '../dist/cli/snapshot-make.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'snapshot');
mkdirSync(out, { recursive: true });
const bundle = join(out, 'briefpress.cjs');
const blob = join(out, 'briefpress.blob');
// Whatever happens below, no stamp may vouch for an old blob with new code.
for (const f of ['briefpress.json', 'briefpress.sh']) rmSync(join(out, f), { force: true });

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
    // PDFKit encrypts with @noble/ciphers' AES, whose module builds 1.3 MB of lookup tables when
    // imported: 5 % of the heap every cold build starts from, for a cipher PDFKit calls only for a
    // document with a password, and briefpress never sets one (a brief is meant to be read).
    b.onResolve({ filter: /^@noble\/ciphers\/aes(\.js)?$/ }, (args) => (/pdfkit/.test(args.importer) ? { path: 'no-aes', namespace: 'no-aes' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'no-aes' }, () => ({
      contents: "const refuse = () => { throw new Error('briefpress writes no encrypted PDF'); };\nmodule.exports = { cbc: refuse, ecb: refuse };",
      loader: 'js',
    }));
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
      // One bundle for any place briefpress is installed: each module's import.meta.url becomes
      // the URL its file has in the copy the snapshot is made for (found when the snapshot is
      // made, see BANNER), so paths relative to it (package files, the batch worker) point there.
      const rel = JSON.stringify(relative(root, args.path).split(sep).join('/'));
      text = text.replaceAll('import.meta.url', `__briefpressUrl(${rel})`).replaceAll('import.meta.dirname', `__briefpressDir(${rel})`);
      return text === original ? undefined : { contents: text, loader: 'js' };
    });
  },
};

/**
 * Where a file of the bundle is in the copy of briefpress the snapshot is made for: its own files
 * under that copy's root, a dependency's in the nearest node_modules that has it (nested under
 * the package in a global install, beside it in a project's node_modules).
 */
const BANNER = `var __briefpressPath = (function () {
  var path = require('path'), fs = require('fs');
  var root = process.env.BRIEFPRESS_SNAPSHOT_ROOT;
  var known = {};
  return function (rel) {
    if (known[rel]) return known[rel];
    var at = rel.lastIndexOf('node_modules/');
    var found = path.join(root, rel);
    if (at >= 0) {
      var inner = rel.slice(at + 'node_modules/'.length);
      for (var d = root; ; d = path.dirname(d)) {
        var p = path.join(d, 'node_modules', inner);
        if (fs.existsSync(p)) { found = p; break; }
        if (path.dirname(d) === d) break;
      }
    }
    return (known[rel] = found);
  };
})();
var __briefpressUrl = function (rel) { return require('url').pathToFileURL(__briefpressPath(rel)).href; };
var __briefpressDir = function (rel) { return require('path').dirname(__briefpressPath(rel)); };`;

try {
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
    banner: { js: BANNER },
    logLevel: 'error',
    // A third of the source to keep in the heap; names stay for stack traces (--verbose).
    minify: true,
    keepNames: true,
    // pdf.js (1.8 MB of 4.7 MB minified) serves only the commands that read PDFs, never a build:
    // left out, it is not source every start deserialises, and those commands import it from
    // node_modules when they run (src/runtime/import.ts). Cold start: ~15 ms less (medians of 25).
    external: ['pdfjs-dist', 'pdfjs-dist/*'],
  });
  // esbuild leaves non-ASCII characters in regular expression literals (24 of them, all quotes,
  // dashes and CJK stops); one is enough to make V8 hold the whole 4.5 MB source as a two-byte
  // string, twice the heap to save and start from. \uXXXX means the same in a regex literal.
  const source = readFileSync(bundle, 'utf8');
  writeFileSync(
    bundle,
    source.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
  const { bytes } = await makeSnapshot({ root, bundle, out });
  console.log(`briefpress: startup snapshot made (${(bytes / 1e6).toFixed(0)} MB, ${process.version})`);
} catch (e) {
  // Not fatal: without a snapshot the command imports itself as usual, only slower to start.
  for (const f of [blob, join(out, 'briefpress-batch.blob')]) rmSync(f, { force: true });
  console.warn(`briefpress: no startup snapshot, builds will start the slower way: ${e.message}`);
}
