// Problems a user can fix, as values with a place: one shape for every stage, one formatter in the CLI.
import { isAbsolute, relative } from 'node:path';
import { severityOf, type MessageId } from './messages.js';

export type Stage = 'load' | 'verify' | 'compose' | 'parse' | 'chart' | 'layout' | 'paint' | 'write' | 'cli';

export interface Place {
  /** Path of the file, relative to the project root where possible. */
  file?: string;
  line?: number;
  column?: number;
  /** Field path inside a data file, e.g. `facts[2].value`. */
  field?: string;
}

export type Severity = 'error' | 'warning' | 'note';

/**
 * One thing briefpress tells its user, as data (vfile's messages, Astro's error catalogue): which
 * message of the catalogue (`id`, a key of messages.ts), how grave, where, why, and what to do.
 * Errors, warnings and notes are all Problems, formatted by one function and written as JSON alike.
 */
export interface Problem {
  id: MessageId;
  severity: Severity;
  stage: Stage;
  place: Place;
  reason: string;
  /** Lines that show what the reason says (the two quotes that disagree), printed under it. */
  details?: string[];
  hint?: string;
}

/** A warning or note with its severity from the catalogue. */
export function problem(p: Omit<Problem, 'severity' | 'place'> & { place?: Place }): Problem {
  return { ...p, place: p.place ?? {}, severity: severityOf(p.id) };
}

/**
 * A problem in the user's input (exit 2) or in producing the output (exit 1).
 * Internal bugs stay plain `Error`s: the CLI shows those with --verbose only.
 */
export class BriefError extends Error implements Problem {
  readonly id: MessageId;
  readonly severity = 'error' as const;
  readonly stage: Stage;
  readonly place: Place;
  readonly reason: string;
  readonly hint?: string;
  /** `input`: the brief is wrong (exit 2). `build`: the brief is fine but the build failed (exit 1). */
  readonly kind: 'input' | 'build';
  /** Further problems found in the same pass (a check reports them all at once). */
  readonly others: BriefError[];

  constructor(opts: { id: MessageId; stage: Stage; place?: Place; reason: string; hint?: string; kind?: 'input' | 'build'; cause?: unknown; others?: BriefError[] }) {
    super(opts.reason, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'BriefError';
    this.id = opts.id;
    this.stage = opts.stage;
    this.place = opts.place ?? {};
    this.reason = opts.reason;
    this.hint = opts.hint;
    this.kind = opts.kind ?? 'input';
    this.others = opts.others ?? [];
  }
}

/** The place's file as a message shows it: relative to `relativeTo` when both are known. */
function shownFile(place: Place, relativeTo?: string): string | undefined {
  return place.file && relativeTo && isAbsolute(place.file) ? relative(relativeTo, place.file) || place.file : place.file;
}

/** `file:line:col` (or `file (field)`) for the place, as editors and terminals link it. */
export function formatPlace(place: Place, relativeTo?: string): string {
  let s = shownFile(place, relativeTo) ?? '';
  if (place.line !== undefined) s += `:${place.line}` + (place.column !== undefined ? `:${place.column}` : '');
  if (place.field) s += s ? ` (${place.field})` : place.field;
  return s;
}

/** The one formatter: `file:line:col: error[stage]: reason` (or warning, note) and an indented hint. */
export function formatProblem(p: Problem, relativeTo?: string): string {
  const where = formatPlace(p.place, relativeTo);
  const head = [`${where ? where + ': ' : ''}${p.severity}[${p.stage}]: ${p.reason}`, ...(p.details ?? []).map((d) => `  ${d}`)].join('\n');
  return p.hint ? `${head}\n  hint: ${p.hint.replace(/\n/g, '\n  ')}` : head;
}

/** An error and the others found in the same pass, one after another. */
export function formatError(e: BriefError, relativeTo?: string): string {
  return problemsOf(e)
    .map((p) => formatProblem(p, relativeTo))
    .join('\n');
}

/** An error as the Problems it reports: itself, then the others found in the same pass. */
export function problemsOf(e: BriefError): Problem[] {
  const own: Problem = { id: e.id, severity: e.severity, stage: e.stage, place: e.place, reason: e.reason, ...(e.hint === undefined ? {} : { hint: e.hint }) };
  return [own, ...e.others.flatMap(problemsOf)];
}

/** A Problem as `--json` writes it: flat, every key present (null when unknown), paths relative. */
export function problemJson(p: Problem, relativeTo?: string) {
  const file = shownFile(p.place, relativeTo) ?? null;
  return {
    id: p.id,
    severity: p.severity,
    stage: p.stage,
    file,
    line: p.place.line ?? null,
    column: p.place.column ?? null,
    field: p.place.field ?? null,
    reason: p.reason,
    details: p.details ?? [],
    hint: p.hint ?? null,
  };
}

export function isBriefError(e: unknown): e is BriefError {
  return e instanceof BriefError;
}
