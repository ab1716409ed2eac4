// What every command shares: the exit codes, how a command is written, and the one place its
// failures are turned into a message and an exit code.
import type { Argv } from 'yargs';
import { formatError, isBriefError, problem, problemJson, problemsOf } from '../errors.js';
import { msg } from '../messages.js';

/** Exit codes, as documented in --help and the README. */
export const EXIT = { ok: 0, failed: 1, badInput: 2, locked: 75 } as const;

export const EPILOGUE = [
  'Exit codes:',
  '  0 done (built, or skipped as unchanged)',
  '  1 a build failed (output not writable, or any brief of several failed)',
  '  2 the brief or the command line is wrong (the message names file:line)',
  '  75 another run holds the output folder (EX_TEMPFAIL: try again later)',
].join('\n');

/** Where a command writes, and how much it says. */
export interface Io {
  cwd: string;
  verbose: boolean;
  out: (text: string | Uint8Array) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal a person watches (a progress bar), not a cron mail or a pipe. */
  tty: boolean;
}

/**
 * One command of the CLI, in its own file under commands/: its usage line, its options, and what
 * it does, returning the exit code. It throws what goes wrong; the CLI's one wrapper reports it.
 * A command imports what it runs when it runs: an unchanged cron rebuild must not pay for
 * importing Vega, PDFKit, the YAML parser and the template engine.
 */
export interface Command<A = Record<string, unknown>> {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv;
  run: (args: A, io: Io) => Promise<number | void>;
  /** Whether the user asked for JSON: then a failure, too, is JSON on stdout. */
  json?: (args: A) => boolean;
}

/** The one error handler: a problem the user can fix as file:line and a hint (or JSON), anything else as an internal error. */
export function failure(e: unknown, io: Io, json: boolean): number {
  if (json) {
    // A machine reading stdout gets the problem as data there, whatever it was.
    const problems = isBriefError(e) ? problemsOf(e) : [problem({ id: 'internalError', stage: 'cli', reason: msg.internalError((e as Error)?.message ?? String(e)), hint: msg.internalErrorHint() })];
    io.out(JSON.stringify({ ok: false, problems: problems.map((p) => problemJson(p, io.cwd)) }, null, 2) + '\n');
    if (io.verbose) io.err(String((e as Error)?.stack ?? '') + '\n');
    return isBriefError(e) && e.kind === 'input' ? EXIT.badInput : EXIT.failed;
  }
  if (isBriefError(e)) {
    io.err(formatError(e, io.cwd) + '\n');
    if (io.verbose && e.cause) io.err(String((e.cause as Error).stack ?? e.cause) + '\n');
    return e.kind === 'input' ? EXIT.badInput : EXIT.failed;
  }
  io.err(`briefpress: internal error: ${(e as Error)?.message ?? e}\n`);
  if (io.verbose) io.err(String((e as Error)?.stack ?? '') + '\n');
  else io.err('  run again with --verbose for the stack trace, and report it\n');
  return EXIT.failed;
}
