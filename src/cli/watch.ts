// briefpress watch: rebuild one brief whenever it, the templates or the charts change; errors shown, last good PDF kept.
import { existsSync } from 'node:fs';
import chokidar from 'chokidar';
import { relative } from 'node:path';
import { runBatch, type BatchBrief } from '../batch/batch.js';
import type { RenderOptions } from '../build.js';
import { formatError, isBriefError } from '../errors.js';
import { notAnInput, PROJECT_FILE, watchedInputs } from '../load/project.js';

export async function watchBrief(brief: BatchBrief, settings: { render: RenderOptions; budget: { seconds: number; memoryMb: number } }, verbose: boolean): Promise<number> {
  const cwd = process.cwd();
  const rel = (p: string) => relative(cwd, p) || p;
  let running = false;
  let again = false;

  const rebuild = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    do {
      again = false;
      const stamp = new Date().toISOString().slice(11, 19);
      // Waits for a cron run that holds the folder rather than failing: a person is watching.
      let outcome;
      try {
        outcome = await runBatch({ briefs: [brief], build: settings.render, budget: settings.budget, jobs: 1, force: false, wait: 60, cwd, editions: false });
      } catch (e) {
        // The output folder went read-only, a lock could not be made: say so and keep watching.
        process.stderr.write(`${stamp} ${isBriefError(e) ? formatError(e, cwd) : `internal error: ${(e as Error).message}`}\n`);
        continue;
      }
      if (!outcome.locked) process.stderr.write(`${stamp} output folder busy; will retry on the next change\n`);
      else {
        const r = outcome.results[0];
        if (r.status === 'failed') {
          // Only a PDF that exists was kept: before the first good build there is none.
          const kept = existsSync(r.output) ? `kept the last good ${rel(r.output)}` : `no PDF yet: ${rel(r.output)} is written at the first build without errors`;
          process.stderr.write(`${stamp} ${r.error}\n${verbose && r.stack ? r.stack + '\n' : ''}${stamp} ${kept}\n`);
        } else if (r.status === 'built') {
          process.stdout.write(`${stamp} rebuilt ${rel(r.output)} (${r.pages} pages, ${Math.round(r.ms)} ms)\n`);
        } else {
          process.stdout.write(`${stamp} ${rel(r.output)} is up to date\n`);
        }
      }
    } while (again);
    running = false;
  };

  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), 150);
  };
  // chokidar, not fs.watch: Node's recursive watch on Linux stops seeing a file that an editor
  // (or sed -i) saves by writing a new file and renaming it over the old one, and the PDF then
  // goes stale without a word. chokidar follows replace-by-rename, deletion and re-creation.
  const watcher = chokidar.watch(watchedInputs(brief.dir, brief.root), {
    ignoreInitial: true,
    // Editors' temp and swap files are not inputs; links are watched as links (a loop never ends).
    ignored: notAnInput,
    followSymlinks: false,
  });
  watcher.on('all', () => changed());
  // A folder that vanishes or cannot be read is said, and watching goes on.
  watcher.on('error', (e) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} watching: ${(e as Error).message}\n`));
  await new Promise<void>((ready) => watcher.once('ready', () => ready()));
  process.stdout.write(`watching ${rel(brief.dir)}${brief.root ? `, ${PROJECT_FILE}, templates/ and charts/` : ''} (Ctrl-C to stop)\n`);
  await rebuild();
  return new Promise<number>((resolve) => {
    const stop = () => {
      void watcher.close();
      clearTimeout(timer);
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
