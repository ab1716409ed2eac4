#!/usr/bin/env node
// The briefpress command line: parses arguments, runs the pipeline, prints problems with one formatter.
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { defaultJobs, runBatch } from '../batch/batch.js';
import { discoverBriefs } from '../batch/discover.js';
import { BriefError, formatError, formatProblem, isBriefError, problem, problemJson, problemsOf, type Problem } from '../errors.js';
import { briefsDir, findRoot, givenRoot, openProject, PROJECT_FILE } from '../load/project.js';
import type { Project } from '../brief.js';
import { msg } from '../messages.js';
import { writeAtomic } from '../write/write.js';
import { STDOUT } from '../write/target.js';
import type { RenderOptions } from '../build.js';
import { DEFAULT_PAPER, DEFAULT_STANDARD, PAPERS, STANDARDS, type Paper, type Standard } from '../print.js';
import { DEFAULT_BUDGET } from '../runtime/budget.js';
import { reporter } from './report.js';

// Commands load what they need when they run: an unchanged cron rebuild must not pay for
// importing Vega, PDFKit, the YAML parser and the template engine.

/** Exit codes, as documented in --help and the README. */
export const EXIT = { ok: 0, failed: 1, badInput: 2, locked: 75 } as const;

const EPILOGUE = [
  'Exit codes:',
  '  0 done (built, or skipped as unchanged)',
  '  1 a build failed (output not writable, or any brief of several failed)',
  '  2 the brief or the command line is wrong (the message names file:line)',
  '  75 another run holds the output folder (EX_TEMPFAIL: try again later)',
].join('\n');
const CHART_EPILOGUE = [
  'Exit codes:',
  '  0 the chart was written',
  '  1 it was stopped at --timeout or --memory, or the PDF could not be written',
  '  2 the spec, its data or the command line is wrong (the message names file:line)',
].join('\n');
const BUILD_EPILOGUE = `${EPILOGUE}\nUnchanged briefs are skipped (output/.briefpress-manifest.json); PDFs are written to a temp file, fsynced and renamed.`;

/** Options of every command that renders a brief (build, watch). */
const RENDER_OPTIONS = {
  output: { alias: 'o', type: 'string', describe: 'PDF to write, for one brief (default: <project>/output/<brief-folder>.pdf)' },
  // No defaults here for what briefpress.yaml may set: an option left out takes the project's value.
  paper: { type: 'string', choices: PAPERS, describe: 'Paper size (default: the project\'s, else a4)' },
  root: { type: 'string', describe: 'Project root, the folder with briefpress.yaml (default: found from the brief)' },
  'allow-unverified': { type: 'boolean', default: false, describe: 'Render a brief that fails the provenance check, unverified figures marked' },
  annex: { type: 'boolean', describe: 'Append the "Fact base" annex: each fact, its value, its quoted sentence' },
  'chart-data': { type: 'boolean', describe: 'Append "Annex: Chart data": each figure\'s data as a tagged table' },
  standard: { type: 'string', choices: STANDARDS, describe: 'Conformance: PDF/UA-1 + PDF/A-2a (default), or less: ua, a2b, none' },
} as const;

/**
 * What a build is asked for, and what one brief may take: the command line's options, else the
 * project's briefpress.yaml, else briefpress's defaults. Briefs of several projects built at once
 * must agree on them.
 */
function buildSettings(
  args: { paper?: string; annex?: boolean; allowUnverified: boolean; standard?: string; chartData?: boolean; briefTimeout?: number; briefMemory?: number },
  projects: Project[],
): { render: RenderOptions; budget: { seconds: number; memoryMb: number } } {
  const configs = [...new Set(projects)].map((p) => p.config);
  const one = <T>(get: (c: Project['config']) => T, name: string): T | undefined => {
    const values = [...new Set(configs.map(get))];
    if (values.length > 1) throw new BriefError({ stage: 'cli', id: 'projectsDisagree', reason: msg.projectsDisagree(name), hint: msg.projectsDisagreeHint(name) });
    return values[0];
  };
  return {
    render: {
      paper: (args.paper ?? one((c) => c.paper, 'paper') ?? DEFAULT_PAPER) as Paper,
      annex: args.annex ?? one((c) => c.annex, 'annex') ?? false,
      allowUnverified: args.allowUnverified,
      standard: (args.standard ?? one((c) => c.standard, 'standard') ?? DEFAULT_STANDARD) as Standard,
      chartData: args.chartData ?? one((c) => c.chart_data, 'chart_data') ?? false,
    },
    budget: {
      seconds: args.briefTimeout ?? one((c) => c.brief_timeout, 'brief_timeout') ?? DEFAULT_BUDGET.seconds,
      memoryMb: args.briefMemory ?? one((c) => c.brief_memory, 'brief_memory') ?? DEFAULT_BUDGET.memoryMb,
    },
  };
}

export async function main(argv: string[]): Promise<number> {
  // `briefpress preflight x.pdf | head` closes our stdout early: that is the reader's choice, not a crash.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  let verbose = argv.includes('--verbose');
  try {
    process.cwd();
  } catch {
    // Every relative path means nothing now; yargs itself would crash on it.
    process.stderr.write(formatError(new BriefError({ stage: 'cli', id: 'cwdGone', reason: msg.cwdGone(), hint: msg.cwdGoneHint() }), '/') + '\n');
    return EXIT.badInput;
  }
  const fail = (e: unknown, json = false): number => {
    if (json) {
      // A machine reading stdout gets the problem as data there, whatever it was.
      const problems = isBriefError(e) ? problemsOf(e) : [problem({ id: 'internalError', stage: 'cli', reason: msg.internalError((e as Error)?.message ?? String(e)), hint: msg.internalErrorHint() })];
      process.stdout.write(JSON.stringify({ ok: false, problems: problems.map((p) => problemJson(p, process.cwd())) }, null, 2) + '\n');
      if (verbose) process.stderr.write(String((e as Error)?.stack ?? '') + '\n');
      return isBriefError(e) && e.kind === 'input' ? EXIT.badInput : EXIT.failed;
    }
    if (isBriefError(e)) {
      process.stderr.write(formatError(e, process.cwd()) + '\n');
      if (verbose && e.cause) process.stderr.write(String((e.cause as Error).stack ?? e.cause) + '\n');
      return e.kind === 'input' ? EXIT.badInput : EXIT.failed;
    }
    process.stderr.write(`briefpress: internal error: ${(e as Error)?.message ?? e}\n`);
    if (verbose) process.stderr.write(String((e as Error)?.stack ?? '') + '\n');
    else process.stderr.write('  run again with --verbose for the stack trace, and report it\n');
    return EXIT.failed;
  };

  let code: number = EXIT.ok;
  const parser = yargs(hideBin(['node', 'briefpress', ...argv]))
    .scriptName('briefpress')
    .usage('$0 <command> [options]\n\nTurn a brief folder (facts, sources, Markdown template, Vega-Lite charts) into a print-ready PDF.')
    .option('verbose', { type: 'boolean', default: false, describe: 'Show stack traces for internal errors' })
    .command(
      'build [briefs..]',
      'Build brief folders into PDFs (skipping those whose inputs have not changed)',
      (y) =>
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
          .epilogue(BUILD_EPILOGUE),
      async (args) => {
        verbose = args.verbose;
        try {
          const cwd = process.cwd();
          const briefs = discoverBriefs({ args: args.briefs as string[], all: args.all, root: args.root, output: args.output, shard: args.shard, cwd });
          if (!briefs.length) {
            // An empty shard is a normal outcome of --shard; nothing named at all is a usage error.
            if (args.shard) return;
            throw new BriefError({ stage: 'cli', id: 'noBriefs', reason: msg.noBriefs(), hint: msg.noBriefsHint() });
          }
          if (briefs[0].output === STDOUT) {
            // Standard output: one PDF, nothing written to disk (no manifest, no lock), the report on stderr.
            const { buildBrief } = await import('../build.js');
            const r = await buildBrief(briefs[0].dir, { ...buildSettings(args, [briefs[0].project]).render, root: briefs[0].root });
            process.stdout.write(r.output.bytes);
            if (!args.quiet) process.stderr.write(`built ${relative(cwd, briefs[0].dir) || '.'} -> standard output (${r.layout.pages.length} pages, ${r.output.bytes.length} bytes)\n`);
            return;
          }
          const report = reporter({ json: args.json, quiet: args.quiet, verbose, tty: !!process.stderr.isTTY, cwd, out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
          const settings = buildSettings(args, briefs.map((b) => b.project));
          const outcome = await runBatch({
            briefs,
            build: settings.render,
            jobs: Math.max(1, Math.floor(args.jobs)),
            force: args.force,
            wait: Math.max(0, args.wait),
            staleAfter: args.staleAfter,
            shard: args.shard,
            budget: settings.budget,
            onWarning: (p) => report.warn(p),
            cwd,
            onStart: (n) => report.start(n),
            onResult: (r, done, total) => report.result(r, done, total),
          });
          if (!outcome.locked) {
            const who = outcome.holder ? `pid ${outcome.holder.pid} on ${outcome.holder.host}, since ${outcome.holder.started}` : 'a process';
            report.refuse(problem({ id: 'locked', stage: 'cli', reason: msg.locked(relative(cwd, outcome.dir) || outcome.dir, who, args.wait), hint: msg.lockedHint() }));
            code = EXIT.locked;
            return;
          }
          const counts = report.finish(outcome.results);
          if (counts.failed) {
            const only = outcome.results.length === 1 ? outcome.results[0] : undefined;
            code = only && only.status === 'failed' && only.errorKind === 'input' ? EXIT.badInput : EXIT.failed;
          }
        } catch (e) {
          code = fail(e, args.json);
        }
      },
    )
    .command(
      'watch <brief>',
      'Rebuild a brief on every change to it, its templates or charts; keep the last good PDF',
      (y) =>
        y
          .positional('brief', { type: 'string', demandOption: true, describe: 'Brief folder' })
          .options(RENDER_OPTIONS)
          .example('$0 watch briefs/karabakh-peacekeepers', 'Rebuild while you edit; Ctrl-C to stop'),
      async (args) => {
        verbose = args.verbose;
        try {
          if (args.output === STDOUT) throw new BriefError({ id: 'watchStdout', stage: 'cli', reason: msg.watchStdout(), hint: msg.watchStdoutHint() });
          const [brief] = discoverBriefs({ args: [args.brief], all: false, root: args.root, output: args.output, cwd: process.cwd() });
          const { watchBrief } = await import('./watch.js');
          code = await watchBrief(brief, buildSettings(args, [brief.project]), verbose);
        } catch (e) {
          code = fail(e);
        }
      },
    )
    .command(
      'chart <spec>',
      'Render one Vega-Lite or Vega spec to a one-page vector PDF sized to the chart',
      (y) =>
        y
          .positional('spec', { type: 'string', demandOption: true, describe: 'Vega-Lite or Vega spec (JSON)' })
          .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'PDF to write' })
          .option('data-dir', { type: 'string', describe: 'The only folder relative data URLs may read (default: the spec\'s folder)' })
          .option('theme', { type: 'string', default: 'print', describe: 'print (greys and sizes for paper), vega (Vega-Lite\'s own defaults: the spec\'s own look), or a Vega-Lite config (JSON file) laid over print' })
          .option('width', { type: 'number', describe: 'Outer width in points (default: the spec\'s own)' })
          .option('standard', { type: 'string', choices: STANDARDS, default: DEFAULT_STANDARD, describe: 'Conformance: PDF/UA-1 + PDF/A-2a (default), or less: ua, a2b, none' })
          .option('alt', { type: 'string', describe: 'Alternative text (default: the spec\'s description, else one generated from the chart)' })
          .option('timeout', { type: 'number', default: DEFAULT_BUDGET.seconds, describe: 'Seconds the chart may take before it is stopped' })
          .option('memory', { type: 'number', default: DEFAULT_BUDGET.memoryMb, describe: 'Memory in MB the chart may use before it is stopped' })
          .check((a) => {
            if (!(Number(a.timeout) >= 1)) return '--timeout takes a number of seconds, 1 or more';
            if (!(Number(a.memory) >= 64)) return '--memory takes megabytes, 64 or more';
            return true;
          })
          .example('$0 chart charts/troops.vl.json -o troops.pdf', 'A spec with inline or named data')
          .example('$0 chart cars.vl.json -o cars.pdf --data-dir node_modules/vega-datasets', 'Data from "data/cars.json" inside --data-dir')
          .epilogue(CHART_EPILOGUE),
      async (args) => {
        try {
          const { chartCommand } = await import('./chart.js');
          const r = await chartCommand({ spec: args.spec, output: args.output, dataDir: args.dataDir, theme: args.theme, width: args.width, standard: args.standard as Standard, alt: args.alt, budget: { seconds: args.timeout, memoryMb: args.memory } });
          for (const w of r.warnings) process.stderr.write(formatProblem(problem({ id: 'vegaLite', stage: 'chart', place: { file: args.spec }, reason: msg.vegaLite(w), hint: msg.vegaLiteHint() }), process.cwd()) + '\n');
          if (args.output !== STDOUT) process.stdout.write(`wrote ${args.output} (${r.width.toFixed(0)} x ${r.height.toFixed(0)} pt, ${r.bytes} bytes)\n`);
        } catch (e) {
          code = fail(e);
        }
      },
    )
    .command(
      'preflight <files..>',
      'Check any PDF (ours or not) for tagging, reading order, metadata and print problems',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true, describe: 'PDF files' })
          .option('min-text-size', { type: 'number', default: 7, describe: 'Smallest text size in points that passes' })
          .option('print-margin', { type: 'number', default: 5, describe: 'Millimetres from the paper edge that must stay blank (0 for a chart to embed)' })
          .option('reading-order', { type: 'boolean', default: false, describe: 'Print the structure tree\'s text in reading order' })
          .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
          .example('$0 preflight output/karabakh-peacekeepers.pdf', 'Exit 0 when every check passes, 1 when any fails')
          .example('$0 preflight troops.pdf --print-margin 0', 'A chart made by briefpress chart, drawn to its edges')
          .epilogue('Exit codes:\n  0 every check passed\n  1 a check failed (each failure is listed)\n  2 a file could not be read as a PDF'),
      async (args) => {
        const { preflightCommand } = await import('./preflight.js');
        code = await preflightCommand(args.files as string[], { minTextSize: args.minTextSize, printMargin: args.printMargin, json: args.json, readingOrder: args.readingOrder }, (t) => process.stdout.write(t), (t) => process.stderr.write(t));
      },
    )
    .command(
      'check <brief>',
      'Check provenance without rendering: quotes in sources, numbers and dates in quotes, facts used',
      (y) =>
        y
          .positional('brief', { type: 'string', demandOption: true, describe: 'Brief folder' })
          .option('root', { type: 'string', describe: 'Project root (default: found from the brief)' })
          .option('json', { type: 'boolean', default: false, describe: 'Print the problems as JSON on stdout (id, severity, file, line, column, reason, hint)' })
          .example('$0 check briefs/karabakh-peacekeepers', 'Exit 0 when every figure is traced to its sentence, 2 otherwise')
          .epilogue(EPILOGUE),
      async (args) => {
        try {
          const { loadBrief } = await import('../load/load.js');
          const { verify, checkUsage, provenanceError } = await import('../verify/verify.js');
          const { compose } = await import('../compose/compose.js');
          const brief = loadBrief(args.brief, { root: args.root ? givenRoot(args.root, process.cwd()) : undefined });
          const provenance = verify(brief);
          const { chartDatasets, chartFieldErrors } = await import('../chart/chart.js');
          const composed = compose(brief);
          // A field a chart names that its data lacks would print an empty figure: check finds it too.
          const datasets = chartDatasets(brief);
          const chartProblems = brief.charts
            .filter((c) => composed.figures.includes(c.id))
            .flatMap((c) => chartFieldErrors(c, datasets, brief.dir));
          const { placeholders } = await import('../verify/placeholders.js');
          const unwritten = placeholders(brief);
          const problems = [...(brief.meta.draft ? [] : unwritten), ...provenance.problems, ...checkUsage(brief, composed.usedFacts), ...chartProblems];
          const said: Problem[] = [];
          if (brief.meta.draft) said.push(problem({ id: 'draftNote', stage: 'verify', place: { file: brief.file, field: 'meta.draft' }, reason: msg.draftNote(unwritten.length) }));
          const c = provenance.checked;
          const counted = `${c.facts} facts, ${c.rows} dataset rows, ${c.events} timeline events (${c.quotes} quotes)`;
          // Sources that disagree are reported, not refused: the brief may say so (disputed: true).
          const { formatFact } = await import('../compose/format.js');
          for (const d of provenance.disagreements) {
            const [a, b] = d.facts;
            const details = [a, b].map((f) => `${f.source}: ${formatFact(f)}: "${f.quotes[0]}"`);
            said.push(problem({ id: 'factsDisagree', stage: 'verify', place: d.place, reason: msg.factsDisagree(a.id, b.id, d.what), details, hint: msg.factsDisagreeHint() }));
          }
          if (args.json) {
            const all = [...problems.flatMap(problemsOf), ...said];
            process.stdout.write(JSON.stringify({ ok: !problems.length, brief: brief.name, checked: c, problems: all.map((p) => problemJson(p, process.cwd())) }, null, 2) + '\n');
            code = problems.length ? EXIT.badInput : EXIT.ok;
            return;
          }
          for (const p of said) process.stderr.write(formatProblem(p, process.cwd()) + '\n');
          if (problems.length) {
            process.stderr.write(formatError(provenanceError(problems), process.cwd()) + '\n');
            process.stderr.write(`${brief.name}: ${problems.length} problem(s) in ${counted}\n`);
            code = EXIT.badInput;
          } else {
            const warned = provenance.disagreements.length ? `, ${provenance.disagreements.length} disagreement(s) between sources to acknowledge` : '';
            process.stdout.write(`${brief.name}: clean: ${counted} traced to their sources${warned}\n`);
          }
        } catch (e) {
          code = fail(e, args.json);
        }
      },
    )
    .command('facts', 'Work with a brief\'s facts', (y) =>
      y
        .command(
          'extract <articles..>',
          'Draft candidate facts from articles: each figure, date and named actor, with its sentence',
          (z) =>
            z
              .positional('articles', { type: 'string', array: true, demandOption: true, describe: 'Plain-text articles' })
              .option('source-id', { type: 'string', describe: 'Source id the facts cite (default: from the file name; one article only)' })
              .option('output', { alias: 'o', type: 'string', describe: 'YAML file to write (default: standard output)' })
              .option('force', { type: 'boolean', default: false, describe: 'Replace an existing output file' })
              .example('$0 facts extract article.txt --source-id ap-2024-04-17 -o draft.yaml', 'Write candidate facts for editing'),
          async (args) => {
            try {
              const files = (args.articles ?? []).map((a) => resolve(String(a)));
              if (args.sourceId && files.length > 1) throw new BriefError({ stage: 'cli', id: 'sourceIdOneArticle', reason: msg.sourceIdOneArticle(), hint: msg.sourceIdOneArticleHint() });
              const { readUserText } = await import('../files.js');
              const out = args.output ? resolve(args.output) : undefined;
              const root = findRoot(out ? dirname(out) : process.cwd()) ?? process.cwd();
              const schema = relative(out ? dirname(out) : process.cwd(), join(root, 'schema', 'brief.schema.json'));
              const { draftArticles, draftYaml } = await import('../extract/extract.js');
              const here = out ? dirname(out) : process.cwd();
              const { articles, facts } = draftArticles(
                files.map((path) => ({ path, text: readUserText(path, 'article', { stage: 'cli' }) })),
                (path) => relative(here, path),
                args.sourceId,
              );
              const sources = articles.map((a) => a.source);
              const yaml = draftYaml(facts, sources, schema);
              if (!out) process.stdout.write(yaml);
              else if (existsSync(out) && !args.force) throw new BriefError({ stage: 'cli', place: { file: out }, id: 'outputExists', reason: msg.outputExists(out), hint: msg.outputExistsHint() });
              else {
                writeAtomic(out, Buffer.from(yaml));
                process.stderr.write(`wrote ${out}\n`);
              }
            } catch (e) {
              code = fail(e);
            }
          },
        )
        .demandCommand(1, 'name a facts command: extract'),
    )
    .command(
      'init [name]',
      'Create a brief folder that builds at once (with a draft fact base from --from); outside a project, make one here',
      (y) =>
        y
          .positional('name', { type: 'string', describe: 'Folder name under briefs/' })
          .option('from', { type: 'string', array: true, describe: 'Article to copy in as a source, with its candidate facts (repeat for several)' })
          .option('root', { type: 'string', describe: 'Project root (default: found from the working directory; none found: the working directory becomes one)' })
          .option('date', { type: 'string', describe: 'Brief date YYYY-MM-DD (default: the latest article\'s own date, else TODO; today only without articles)' })
          .option('templates', { type: 'boolean', default: false, describe: 'Copy briefpress\'s templates, theme and charts into the project to edit (never replacing a file)' })
          .check((a) => (a.name || a.templates ? true : 'name the new brief (briefpress init NAME), or ask for --templates'))
          .example('$0 init coup', 'A project here (if none is above) and briefs/coup in it')
          .example('$0 init baku-talks --from ~/articles/reuters-baku.txt', 'New brief from an article')
          .example('$0 init congo --from ap.txt --from reuters.txt', 'New brief from two reports of the same events')
          .example('$0 init --templates', 'Copy the default templates into templates/ and charts/ to edit'),
      async (args) => {
        try {
          const cwd = process.cwd();
          const found = args.root ? givenRoot(args.root, cwd) : findRoot(cwd);
          const root = found ?? cwd;
          const { initBrief, makeProject, copyDefaults } = await import('./init.js');
          const project = found ? openProject(found) : undefined;
          const say = (t: string) => process.stdout.write(t + '\n');
          const at = (f: string) => relative(cwd, f) || '.';
          let dir: string | undefined;
          if (args.name) {
            dir = initBrief({ root, briefs: project ? briefsDir({ ...project, root }) : undefined, name: args.name, from: (args.from ?? []).map((f) => resolve(String(f))), date: args.date, today: new Date().toISOString().slice(0, 10) });
          }
          if (!found) {
            makeProject(root);
            say(`made ${at(root)} a briefpress project (${at(join(root, PROJECT_FILE))})`);
          }
          if (args.templates) {
            const { copied, kept } = copyDefaults(root);
            say(`copied ${copied.length} template and chart file(s) into ${at(root)}${kept.length ? `; ${kept.length} already there kept as they are${kept.length <= 3 ? ` (${kept.map(at).join(', ')})` : ''}` : ''}`);
          }
          if (dir) say(`created ${at(dir)}: build it with briefpress build ${at(dir)}`);
        } catch (e) {
          code = fail(e);
        }
      },
    )
    .command(
      'schema',
      'Write the JSON Schemas of brief.yaml and theme.yaml (for editors)',
      (y) =>
        y
          .option('root', { type: 'string', describe: 'Project root (default: found from the working directory)' })
          .example('$0 schema', 'Write schema/brief.schema.json and schema/theme.schema.json'),
      async (args) => {
        try {
          const root = args.root ? givenRoot(args.root, process.cwd()) : findRoot(process.cwd()) ?? process.cwd();
          const { briefJsonSchema } = await import('../load/schema.js');
          const { themeJsonSchema } = await import('../load/theme.js');
          writeAtomic(resolve(root, 'schema', 'brief.schema.json'), Buffer.from(JSON.stringify(briefJsonSchema(), null, 2) + '\n'));
          writeAtomic(resolve(root, 'schema', 'theme.schema.json'), Buffer.from(JSON.stringify(themeJsonSchema(), null, 2) + '\n'));
          process.stdout.write(`wrote ${resolve(root, 'schema')}/brief.schema.json and theme.schema.json\n`);
        } catch (e) {
          code = fail(e);
        }
      },
    )
    .demandCommand(1, 'name a command: build, watch, chart, check, facts, init or schema')
    .strict()
    .example('$0 build briefs/karabakh-peacekeepers', 'Build the Karabakh brief')
    .example('$0 check briefs/karabakh-peacekeepers', 'Trace every figure to its source sentence')
    .example('$0 build --help', 'Options of the build command')
    .epilogue(EPILOGUE)
    .fail((message, err, y) => {
      // yargs' own YError is a usage error (a failed check, a bad choice); anything else is ours.
      if (err instanceof Error && err.name !== 'YError') throw err;
      process.stderr.write(`${message}\n\n`);
      y.showHelp((s: string) => process.stderr.write(s + '\n'));
      code = EXIT.badInput;
      // yargs runs the command after a fail handler that returns: --paper a5 would still build.
      throw new UsageError();
    })
    .help()
    .version()
    .wrap(100);
  try {
    await parser.parseAsync();
  } catch (e) {
    // The fail handler throws UsageError to stop yargs (synchronously, at times); its message is printed and `code` set.
    if (!(e instanceof UsageError)) throw e;
  }
  return code;
}

/** Thrown by the fail handler to stop yargs once a usage error has been printed. */
class UsageError extends Error {}

