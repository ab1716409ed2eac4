// Problems a user can fix, as values with a place: one shape for every stage, one formatter in the CLI.
import { isAbsolute, relative } from 'node:path';

export type Stage = 'load' | 'verify' | 'compose' | 'parse' | 'chart' | 'layout' | 'paint' | 'write' | 'cli';

export interface Place {
  /** Path of the file, relative to the project root where possible. */
  file?: string;
  line?: number;
  column?: number;
  /** Field path inside a data file, e.g. `facts[2].value`. */
  field?: string;
}

/**
 * A problem in the user's input (exit 2) or in producing the output (exit 1).
 * Internal bugs stay plain `Error`s: the CLI shows those with --verbose only.
 */
export class BriefError extends Error {
  readonly stage: Stage;
  readonly place: Place;
  readonly reason: string;
  readonly hint?: string;
  /** `input`: the brief is wrong (exit 2). `build`: the brief is fine but the build failed (exit 1). */
  readonly kind: 'input' | 'build';
  /** Further problems found in the same pass (a check reports them all at once). */
  readonly others: BriefError[];

  constructor(opts: { stage: Stage; place?: Place; reason: string; hint?: string; kind?: 'input' | 'build'; cause?: unknown; others?: BriefError[] }) {
    super(opts.reason, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'BriefError';
    this.stage = opts.stage;
    this.place = opts.place ?? {};
    this.reason = opts.reason;
    this.hint = opts.hint;
    this.kind = opts.kind ?? 'input';
    this.others = opts.others ?? [];
  }
}

/** `file:line:col` (or `file (field)`) for the place, as editors and terminals link it. */
export function formatPlace(place: Place, relativeTo?: string): string {
  let s = place.file && relativeTo && isAbsolute(place.file) ? relative(relativeTo, place.file) || place.file : place.file ?? '';
  if (place.line !== undefined) s += `:${place.line}` + (place.column !== undefined ? `:${place.column}` : '');
  if (place.field) s += s ? ` (${place.field})` : place.field;
  return s;
}

/** The one formatter: `file:line:col: error[stage]: reason` and an indented hint. */
export function formatError(e: BriefError, relativeTo?: string): string {
  const where = formatPlace(e.place, relativeTo);
  const head = `${where ? where + ': ' : ''}error[${e.stage}]: ${e.reason}`;
  const one = e.hint ? `${head}\n  hint: ${e.hint}` : head;
  return [one, ...e.others.map((o) => formatError(o, relativeTo))].join('\n');
}

export function isBriefError(e: unknown): e is BriefError {
  return e instanceof BriefError;
}
