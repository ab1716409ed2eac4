// A dependency imported when a command first needs it, in any process: one that imported
// briefpress as usual, and one started from the startup snapshot, where import() has no loader.
//
// The snapshot's bundle leaves out what no build runs (pdf.js: 1.8 MB of its 4.7 MB of source,
// which V8 would otherwise deserialise on every start; scripts/snapshot.mjs), and the commands
// that read PDFs (preflight, facts, diff) import it from node_modules here. A script compiled into
// a snapshot has no dynamic import callback; vm's main-context loader gives a function one
// (Node >= 20.19, as package.json requires; experimental in Node 20, whose warning is not ours to say).
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import { packageFile } from '../packages.js';

/** `spec` ("pdfjs-dist/legacy/build/pdf.mjs"): a file of a dependency, by its path in the package. */
export async function importAtRunTime<T>(spec: string): Promise<T> {
  try {
    return (await import(spec)) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING') throw e;
  }
  const url = pathToFileURL(packageFile(spec)).href;
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (!/USE_MAIN_CONTEXT_DEFAULT_LOADER/.test(typeof warning === 'string' ? warning : warning.message)) (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    const load = vm.compileFunction('return import(url)', ['url'], { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }) as (url: string) => Promise<T>;
    return await load(url);
  } finally {
    process.emitWarning = emit;
  }
}
