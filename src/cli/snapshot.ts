// The entry of the startup snapshot (scripts/snapshot.mjs): the command line, warmed up by one
// build of the Karabakh brief while the snapshot is made, then run from the saved heap.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { toolchainHash } from '../cache/toolchain.js';
import { buildBrief } from '../build.js';
import { useDiskCache } from '../cache/disk.js';
import { forgetProcessCaches } from '../cache/memory.js';
import { forgetFormatter } from '../compose/format.js';
import { main } from './cli.js';
import { forgetHarfbuzz } from '../fonts/harfbuzz.js';
import { reportPeakMemory } from './rusage.js';
import { restoreUserEnv } from '../runtime/env.js';
import { servesBatch } from '../batch/serve.js';

const { startupSnapshot } = v8 as unknown as {
  startupSnapshot: { isBuildingSnapshot(): boolean; addSerializeCallback(f: () => void): void; setDeserializeMainFunction(f: () => void): void };
};

if (startupSnapshot.isBuildingSnapshot()) {
  const root = process.env.BRIEFPRESS_SNAPSHOT_ROOT!;
  // What a first build decodes and compiles (fonts, patterns, Vega's dataflow, PDFKit) stays in the
  // heap the snapshot saves. It is built by the build command, as a user runs it, so that the
  // command's own code (arguments, lock, manifest, editions, the report) is compiled too: a cold
  // build compiled ~360 functions of it lazily otherwise (V8's function events: ~10 ms).
  // The package ships the brief (and the briefpress.yaml that makes its root a project) for this.
  // Its PDF goes to a scratch folder, removed after; the disk cache stays shut: the warm-up's
  // charts would make the first real build's for it.
  useDiskCache(false);
  const brief = join(root, 'briefs', 'karabakh-peacekeepers');
  let scratch: string | undefined;
  try {
    scratch = mkdtempSync(join(tmpdir(), 'briefpress-snapshot-'));
  } catch {
    // No temporary folder to write in: the engine alone is warmed up, as it once was.
  }
  let said = '';
  const silent = { out: () => undefined, err: (s: string) => void (said += s), tty: false };
  // A warm-up that fails leaves a snapshot that starts, but with half its work undone (a shaper
  // that could not run there once left fonts undecoded and the cold build ~12 % slower, unseen):
  // the rejection fails the snapshot, and the build that made it says why.
  void (
    scratch
      ? main(['build', brief, '--root', root, '-o', join(scratch, 'karabakh-peacekeepers.pdf')], silent).finally(() => rmSync(scratch, { recursive: true, force: true }))
      : buildBrief(brief, { root }).then(() => 0)
  ).then((code) => {
    if (code !== 0) throw new Error(`the snapshot's warm-up build of ${brief} failed (exit ${code}): ${said.trim().split('\n').slice(0, 3).join(' | ')}`);
  });
  // The hash of the code a batch records for its manifest: the snapshot is that code (the launcher
  // uses it only while no compiled file is newer), so it is computed once, here.
  toolchainHash();
  // V8 cannot save an Intl object: the number formatter the build made is dropped (and made again on first use).
  startupSnapshot.addSerializeCallback(forgetFormatter);
  // A cold build draws its charts and encodes its font subsets: the warm-up's are not kept, or
  // the Karabakh brief (the one the bench times) would start with them done.
  startupSnapshot.addSerializeCallback(forgetProcessCaches);
  // V8 cannot save WebAssembly. Node offers none while it makes a snapshot (the warm-up shapes with
  // fontkit), so there is no shaper to drop today; should a Node offer it, this drops it.
  startupSnapshot.addSerializeCallback(forgetHarfbuzz);
  startupSnapshot.setDeserializeMainFunction(() => {
    // What module scope set while the snapshot was made, set again for this process (see chart.ts).
    process.env.TZ = 'UTC';
    restoreUserEnv();
    useDiskCache(true);
    // A batch's build process, started from this snapshot by the batch (see runInWorkers).
    if (servesBatch()) return;
    reportPeakMemory();
    // Started by the launcher (main.ts), which holds the other end of this channel: if it dies,
    // so does this process, at once, as if it had been killed with it.
    if (process.channel) {
      process.channel.unref();
      process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
    } else if (process.argv.includes('--verbose')) {
      // Started by bin/briefpress in its own process: the launcher's line, said here.
      const blob = process.execArgv[process.execArgv.indexOf('--snapshot-blob') + 1];
      process.stderr.write(`briefpress: starting from the startup snapshot ${blob}, in the process bin/briefpress started\n`);
    }
    main(process.argv.slice(1)).then(
      (code) => (process.exitCode = code),
      (e: unknown) => {
        process.stderr.write(`briefpress: internal error: ${(e as Error)?.message ?? e}\n`);
        process.exitCode = 1;
      },
    );
  });
}
