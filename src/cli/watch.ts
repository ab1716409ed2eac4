// briefpress watch: rebuild one brief whenever it, the templates or the charts change; errors shown, last good PDF kept.
import { watch, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';
import { runBatch, type BatchBrief } from '../batch/batch.js';
import type { RenderOptions } from '../build.js';
import { formatError, isBriefError } from '../errors.js';

export async function watchBrief(brief: BatchBrief, build: RenderOptions, verbose: boolean): Promise<number> {
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
        outcome = await runBatch({ briefs: [brief], build, jobs: 1, force: false, wait: 60, cwd });
      } catch (e) {
        // The output folder went read-only, a lock could not be made: say so and keep watching.
        process.stderr.write(`${stamp} ${isBriefError(e) ? formatError(e, cwd) : `internal error: ${(e as Error).message}`}\n`);
        continue;
      }
      if (!outcome.locked) process.stderr.write(`${stamp} output folder busy; will retry on the next change\n`);
      else {
        const r = outcome.results[0];
        if (r.status === 'failed') {
          process.stderr.write(`${stamp} ${r.error}\n${verbose && r.stack ? r.stack + '\n' : ''}${stamp} kept the last good ${rel(r.output)}\n`);
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
  const changed = (file?: string | null) => {
    // Editors write temp and swap files; they are not inputs.
    if (file && (/(^|\/)\./.test(file) || file.endsWith('~') || file.endsWith('.swp'))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), 150);
  };
  // A watcher that errs (a folder removed, a link that cannot be followed) is made again, not fatal.
  const watchers: FSWatcher[] = [];
  const follow = (d: string) => {
    try {
      const w = watch(d, { recursive: true }, (_e, f) => changed(f));
      w.on('error', () => {
        w.close();
        setTimeout(() => follow(d), 500).unref();
        changed();
      });
      watchers.push(w);
    } catch {
      setTimeout(() => follow(d), 1000).unref();
    }
  };
  [brief.dir, join(brief.root, 'templates'), join(brief.root, 'charts')].forEach(follow);
  process.stdout.write(`watching ${rel(brief.dir)}, templates/ and charts/ (Ctrl-C to stop)\n`);
  await rebuild();
  return new Promise<number>((resolve) => {
    const stop = () => {
      watchers.forEach((w) => w.close());
      clearTimeout(timer);
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
