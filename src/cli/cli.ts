#!/usr/bin/env node
// The briefpress command line: parses arguments, runs the pipeline, prints problems with one formatter.
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { BriefError, formatError } from '../errors.js';
import { msg } from '../messages.js';
import { EPILOGUE, EXIT, failure, type Command, type Io } from './command.js';
import { COMMANDS, FACTS_COMMANDS, factsRead } from './commands/index.js';

export { EXIT } from './command.js';

/** Where the command line writes: this process's standard streams, or what a caller collects. */
export type Streams = Pick<Io, 'out' | 'err' | 'tty'>;

/**
 * Runs the command line on `argv` and returns its exit code. Given `streams`, it writes only
 * there and never ends the process (the test suite runs most of its cases this way, in one process).
 */
export async function main(argv: string[], streams?: Streams): Promise<number> {
  if (!streams) {
    // `briefpress preflight x.pdf | head` closes our stdout early: that is the reader's choice, not a crash.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
    });
  }
  const { out, err, tty } = streams ?? { out: (t: string | Uint8Array) => process.stdout.write(t), err: (t: string) => process.stderr.write(t), tty: !!process.stderr.isTTY };
  let verbose = argv.includes('--verbose');
  try {
    process.cwd();
  } catch {
    // Every relative path means nothing now; yargs itself would crash on it.
    err(formatError(new BriefError({ stage: 'cli', id: 'cwdGone', reason: msg.cwdGone(), hint: msg.cwdGoneHint() }), '/') + '\n');
    return EXIT.badInput;
  }
  let code: number = EXIT.ok;
  const io: Io = { cwd: '', verbose, out, err, tty };
  /** The one wrapper every command runs in: its exit code, or its failure reported by failure(). */
  const register = <A>(y: Argv, c: Command<A>): Argv =>
    y.command(c.command, c.describe, c.builder, async (args) => {
      const a = args as unknown as A & { verbose: boolean };
      io.verbose = verbose = a.verbose;
      io.cwd = process.cwd();
      try {
        code = (await c.run(a, io)) ?? EXIT.ok;
      } catch (e) {
        code = failure(e, io, c.json?.(a) ?? false);
      }
    });
  let parser = yargs()
    .scriptName('briefpress')
    .usage('$0 <command> [options]\n\nTurn a brief folder (facts, sources, Markdown template, Vega-Lite charts) into a print-ready PDF.')
    .option('verbose', { type: 'boolean', default: false, describe: 'Show stack traces for internal errors' }) as Argv;
  for (const c of COMMANDS.slice(0, 6)) parser = register(parser, c as Command<never>);
  parser = register(parser, { ...factsRead, builder: (y: Argv) => FACTS_COMMANDS.reduce((z, c) => register(z, c as Command<never>), factsRead.builder(y)) } as Command<never>);
  for (const c of COMMANDS.slice(6)) parser = register(parser, c as Command<never>);
  parser = parser
    .demandCommand(1, 'name a command: build, watch, preview, chart, preflight, check, facts, editions, diff, init or schema')
    .strict()
    .example('$0 build briefs/karabakh-peacekeepers', 'Build the Karabakh brief')
    .example('$0 check briefs/karabakh-peacekeepers', 'Trace every figure to its source sentence')
    .example('$0 build --help', 'Options of the build command')
    .epilogue(EPILOGUE)
    .fail((message, thrown, y) => {
      // yargs' own YError is a usage error (a failed check, a bad choice); anything else is ours.
      if (thrown instanceof Error && thrown.name !== 'YError') throw thrown;
      err(`${message}\n\n`);
      y.showHelp((s: string) => err(s + '\n'));
      code = EXIT.badInput;
      // yargs runs the command after a fail handler that returns: --paper a5 would still build.
      throw new UsageError();
    })
    .help()
    .version()
    .wrap(100);
  try {
    // With a callback yargs hands over what it would print (--help, --version) and never exits the process.
    await parser.parseAsync(hideBin(['node', 'briefpress', ...argv]), {}, (_e: unknown, _argv: unknown, output: string) => {
      if (output) out(output + '\n');
    });
  } catch (e) {
    // The fail handler throws UsageError to stop yargs (synchronously, at times); its message is printed and `code` set.
    if (!(e instanceof UsageError)) throw e;
  }
  return code;
}

/** Thrown by the fail handler to stop yargs once a usage error has been printed. */
class UsageError extends Error {}
