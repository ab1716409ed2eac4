// briefpress build: brief folders into PDFs, skipping those whose inputs have not changed.
import { relative } from 'node:path';
import { defaultJobs, runBatch } from '../../batch/batch.js';
import { discoverBriefs } from '../../batch/discover.js';
import { DEFAULT_BUDGET } from '../../defaults.js';
import { BriefError, problem } from '../../errors.js';
import { msg } from '../../messages.js';
import type { Project } from '../../brief.js';
import { FORMAT_CHOICES } from '../../print.js';
import { DEFAULT_FORMAT, readFormats } from '../../render.js';
import { STDOUT } from '../../write/target.js';
import { EPILOGUE, EXIT, type Command } from '../command.js';
import { reporter } from '../report.js';
import { buildSettings, RENDER_OPTIONS, type RenderArgs } from '../settings.js';

interface BuildArgs extends RenderArgs {
  briefs: string[];
  all: boolean;
  output?: string;
  root?: string;
  jobs: number;
  force: boolean;
  wait: number;
  staleAfter: number;
  shard?: string;
  json: boolean;
  quiet: boolean;
  format?: string;
}

export const build: Command<BuildArgs> = {
  command: 'build [briefs..]',
  describe: 'Build brief folders into PDFs (skipping those whose inputs have not changed)',
  builder: (y) =>
    y
      .positional('briefs', { type: 'string', array: true, default: [] as string[], describe: 'Brief folders or globs (quote globs for cron: "briefs/*")' })
      .option('all', { type: 'boolean', default: false, describe: 'Build every folder under <root>/briefs' })
      .options(RENDER_OPTIONS)
      .option('jobs', { alias: 'j', type: 'number', default: defaultJobs(), describe: 'Briefs built at once, each in its own process (default: half the CPUs)' })
      .option('force', { type: 'boolean', default: false, describe: 'Rebuild even when nothing changed' })
      .option('wait', { type: 'number', default: 0, describe: 'Seconds to wait for another run that holds the output folder' })
      .option('brief-timeout', { type: 'number', describe: `Seconds one brief may take before it is stopped, alone (default: the project's brief_timeout, else ${DEFAULT_BUDGET.seconds})` })
      .option('brief-memory', { type: 'number', describe: `Memory in MB one brief may use before it is stopped, alone (default: the project's brief_memory, else ${DEFAULT_BUDGET.memoryMb})` })
      .option('stale-after', { type: 'number', default: 900, describe: 'Seconds after which a lock its run stopped refreshing is taken over, from any host' })
      .option('shard', { type: 'string', describe: 'K/N: build only the K-th of N deterministic shares of the briefs' })
      .option('format', { type: 'string', choices: FORMAT_CHOICES, describe: 'What to write: a PDF (default), its web twin (one self-contained HTML file), or both' })
      .option('json', { type: 'boolean', default: false, describe: 'Print a machine-readable report on stdout' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print only failures' })
      // A NaN --wait would wait forever on a held lock; a thousand jobs would start a thousand threads.
      .check((a) => {
        if (!Number.isFinite(a.wait) || a.wait < 0) return '--wait takes a number of seconds, 0 or more';
        if (!Number.isInteger(a.jobs) || a.jobs < 1) return '--jobs takes a whole number, 1 or more';
        if (a['brief-timeout'] !== undefined && !(Number(a['brief-timeout']) >= 1)) return '--brief-timeout takes a number of seconds, 1 or more';
        if (a['brief-memory'] !== undefined && !(Number(a['brief-memory']) >= 64)) return '--brief-memory takes megabytes, 64 or more';
        if (!Number.isFinite(Number(a['stale-after'])) || Number(a['stale-after']) < 10) return '--stale-after takes a number of seconds, 10 or more';
        return true;
      })
      .example('$0 build briefs/karabakh-peacekeepers', 'Write output/karabakh-peacekeepers.pdf')
      .example('$0 build briefs/karabakh-peacekeepers -o /tmp/k.pdf --paper letter', 'US Letter, to a chosen file')
      .example('$0 build --all --root /srv/briefs --json --wait 60', 'What cron runs: every brief, a JSON report')
      .example('$0 build "briefs/caucasus-*" --jobs 2 --force', 'A glob of briefs, two at a time, rebuilt')
      .epilogue(`${EPILOGUE}\nUnchanged briefs are skipped (output/.briefpress-manifest.json); PDFs are written to a temp file, fsynced and renamed.`),
  json: (args) => args.json,
  async run(args, io) {
    const { cwd } = io;
    // --format, else each project's briefpress.yaml, else a PDF.
    const formatOf = (p: Project) => readFormats(args.format ?? p.config.format ?? DEFAULT_FORMAT);
    const briefs = discoverBriefs({ args: args.briefs, all: args.all, root: args.root, output: args.output, shard: args.shard, cwd, formatOf });
    if (!briefs.length) {
      // An empty shard is a normal outcome of --shard; nothing named at all is a usage error.
      if (args.shard) return EXIT.ok;
      throw new BriefError({ stage: 'cli', id: 'noBriefs', reason: msg.noBriefs(), hint: msg.noBriefsHint() });
    }
    if (briefs[0].output === STDOUT) {
      // Standard output: one PDF, nothing written to disk (no manifest, no lock), the report on stderr.
      const { buildBrief } = await import('../../build.js');
      const r = await buildBrief(briefs[0].dir, { ...buildSettings(args, [briefs[0].project]).render, root: briefs[0].root, format: briefs[0].format });
      io.out(r.output.bytes);
      if (!args.quiet) io.err(`built ${relative(cwd, briefs[0].dir) || '.'} -> standard output (${r.layout.pages.length} pages, ${r.output.bytes.length} bytes)\n`);
      return EXIT.ok;
    }
    const report = reporter({ json: args.json, quiet: args.quiet, verbose: io.verbose, tty: io.tty, cwd, out: io.out, err: io.err });
    const settings = buildSettings(
      args,
      briefs.map((b) => b.project),
    );
    // Briefs of several projects built at once must agree on what is written, as on the rest.
    const asked = [...new Set(briefs.map((b) => `${b.format}${b.twin ? '+twin' : ''}`))];
    if (asked.length > 1) throw new BriefError({ stage: 'cli', id: 'projectsDisagree', reason: msg.projectsDisagree('format'), hint: msg.projectsDisagreeHint('format') });
    const format = briefs[0].format;
    const twin = !!briefs[0].twin;
    const outcome = await runBatch({
      briefs,
      build: { ...settings.render, format, ...(twin ? { twin } : {}) },
      jobs: Math.max(1, Math.floor(args.jobs)),
      force: args.force,
      wait: Math.max(0, args.wait),
      staleAfter: args.staleAfter,
      shard: args.shard,
      budget: settings.budget,
      onWarning: (p) => report.warn(p),
      onProcess: (how) => io.verbose && io.err(`briefpress: ${how}\n`),
      cwd,
      onStart: (n) => report.start(n),
      onResult: (r, done, total) => report.result(r, done, total),
    });
    if (!outcome.locked) {
      const who = outcome.holder ? `pid ${outcome.holder.pid} on ${outcome.holder.host}, since ${outcome.holder.started}` : 'a process';
      report.refuse(problem({ id: 'locked', stage: 'cli', reason: msg.locked(relative(cwd, outcome.dir) || outcome.dir, who, args.wait), hint: msg.lockedHint() }));
      return EXIT.locked;
    }
    const counts = report.finish(outcome.results);
    if (!counts.failed) return EXIT.ok;
    const only = outcome.results.length === 1 ? outcome.results[0] : undefined;
    return only && only.status === 'failed' && only.errorKind === 'input' ? EXIT.badInput : EXIT.failed;
  },
};
