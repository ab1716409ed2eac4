#!/usr/bin/env node
// The briefpress command line: parses arguments, runs the pipeline, prints problems with one formatter.
import { resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { buildBrief } from '../build.js';
import { formatError, isBriefError } from '../errors.js';
import { writeAtomic } from '../write/write.js';
import { briefJsonSchema } from '../load/schema.js';
import { themeJsonSchema } from '../layout/theme.js';
import { findRoot } from '../load/load.js';

/** Exit codes, as documented in --help and the README. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

const EPILOGUE = `Exit codes: 0 built; 1 the build failed (e.g. output not writable); 2 the brief is wrong (message names file:line).`;

async function main(argv: string[]): Promise<number> {
  let verbose = argv.includes('--verbose');
  const fail = (e: unknown): number => {
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
  await yargs(hideBin(['node', 'briefpress', ...argv]))
    .scriptName('briefpress')
    .usage('$0 <command> [options]\n\nTurn a brief folder (facts, sources, Markdown template, Vega-Lite charts) into a print-ready PDF.')
    .option('verbose', { type: 'boolean', default: false, describe: 'Show stack traces for internal errors' })
    .command(
      'build <brief>',
      'Build one brief folder into a PDF',
      (y) =>
        y
          .positional('brief', { type: 'string', demandOption: true, describe: 'Brief folder (holds brief.yaml and content.md.hbs)' })
          .option('output', { alias: 'o', type: 'string', describe: 'PDF to write (default: <project>/output/<brief-folder>.pdf)' })
          .option('paper', { type: 'string', choices: ['a4', 'letter'] as const, default: 'a4', describe: 'Paper size' })
          .option('root', { type: 'string', describe: 'Project root holding templates/ and charts/ (default: found from the brief)' })
          .example('$0 build briefs/karabakh-peacekeepers', 'Write output/karabakh-peacekeepers.pdf')
          .example('$0 build briefs/karabakh-peacekeepers -o /tmp/k.pdf --paper letter', 'US Letter, to a chosen file')
          .epilogue(EPILOGUE),
      async (args) => {
        verbose = args.verbose;
        try {
          const result = await buildBrief(args.brief, { paper: args.paper as 'a4' | 'letter', root: args.root });
          const out = args.output ? resolve(args.output) : resolve(result.brief.root, 'output', `${result.brief.name}.pdf`);
          writeAtomic(out, result.pdf);
          process.stdout.write(`built ${out} (${result.layout.pages.length} pages, ${result.pdf.length} bytes)\n`);
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
          const root = args.root ? resolve(args.root) : findRoot(process.cwd()) ?? process.cwd();
          writeAtomic(resolve(root, 'schema', 'brief.schema.json'), Buffer.from(JSON.stringify(briefJsonSchema(), null, 2) + '\n'));
          writeAtomic(resolve(root, 'schema', 'theme.schema.json'), Buffer.from(JSON.stringify(themeJsonSchema(), null, 2) + '\n'));
          process.stdout.write(`wrote ${resolve(root, 'schema')}/brief.schema.json and theme.schema.json\n`);
        } catch (e) {
          code = fail(e);
        }
      },
    )
    .demandCommand(1, 'name a command: build or schema')
    .strict()
    .example('$0 build briefs/karabakh-peacekeepers', 'Build the Karabakh brief')
    .example('$0 build --help', 'Options of the build command')
    .epilogue(EPILOGUE)
    .fail((message, err, y) => {
      if (err) throw err;
      process.stderr.write(`${message}\n\n`);
      y.showHelp((s: string) => process.stderr.write(s + '\n'));
      code = EXIT.badInput;
    })
    .help()
    .version()
    .wrap(100)
    .parseAsync();
  return code;
}

process.exitCode = await main(process.argv.slice(2));
