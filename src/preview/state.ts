// What the preview page is told after each build: the pages' spots, every fact with its quote found
// in its source, the problems with the lines around them. Plain JSON; the page escapes all of it.
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { BuildResult } from '../build.js';
import { formatFact } from '../compose/format.js';
import { formatPlace, formatProblem, type Problem } from '../errors.js';
import { spotsOf, type PageSpots } from './spots.js';

export interface ProblemView {
  /** As the command line prints it: `file:line:col: error[stage]: reason`, hint indented. */
  text: string;
  severity: Problem['severity'];
  where: string;
  reason: string;
  hint: string | null;
  /** The lines around the place, numbered, the place's own line marked. */
  excerpt: { line: number; text: string; here: boolean }[];
  column: number | null;
  /** Where the column falls in the excerpt's text (1-based), which shows long lines from near it. */
  caret: number | null;
}

export interface FactView {
  id: string;
  text: string;
  source: number;
  /** Each quote and where it stands in its source's text (-1 when it is not found there). */
  quotes: { text: string; from: number; to: number }[];
  asOf: string;
  unverified: boolean;
  disputed: boolean;
  /** Where the pages print it: page number and the spot's index on that page. */
  uses: { page: number; spot: number }[];
}

export interface EventView {
  n: number;
  when: string;
  at: string;
  text: string;
  source: number;
  quotes: { text: string; from: number; to: number }[];
  unverified: boolean;
}

export interface SourceView {
  n: number;
  id: string;
  publisher: string;
  title: string;
  date: string;
  url: string | null;
  text: string;
}

export interface PreviewState {
  /** Counts builds that finished, good or not: the page fetches the PDF of this version. */
  version: number;
  title: string;
  /** The last good build, kept on screen while a later one fails. */
  built: { version: number; name: string; at: string; ms: number; pages: PageSpots[]; facts: FactView[]; events: EventView[]; sources: SourceView[]; edition: number | null } | null;
  /** The newest build's errors (empty when it built) and warnings. */
  errors: ProblemView[];
  warnings: ProblemView[];
  /** A build is running for a save not yet shown. */
  building: boolean;
  /** When the save that led to the last good build was seen, and when that build finished (epoch ms). */
  trace: { seen: number; built: number };
  /** What went wrong watching the inputs, if anything did: saves may go unseen. */
  watching: string | null;
}

/** What a good build shows. */
export function builtView(r: BuildResult, version: number, ms: number, edition: number | undefined, unverified: { facts: Set<string>; events: Set<number> }) {
  const pages = spotsOf(r.layout);
  const brief = r.brief;
  const number = new Map(brief.sources.map((s, i) => [s.id, i + 1]));
  const uses = new Map<string, { page: number; spot: number }[]>();
  pages.forEach((p, i) =>
    p.spots.forEach((s, j) => {
      if (s.kind === 'fact') (uses.get(s.id) ?? uses.set(s.id, []).get(s.id)!).push({ page: i + 1, spot: j });
    }),
  );
  const facts: FactView[] = brief.facts.map((f) => {
    const text = brief.sources.find((s) => s.id === f.source)?.text ?? '';
    return {
      id: f.id,
      text: formatFact(f, { unit: true, language: brief.meta.language }),
      source: number.get(f.source) ?? 0,
      quotes: f.quotes.map((q) => ({ text: q, ...findQuote(text, q) })),
      asOf: f.asOf,
      unverified: unverified.facts.has(f.id),
      disputed: !!f.disputed,
      uses: uses.get(f.id) ?? [],
    };
  });
  const events: EventView[] = brief.timeline.map((e, i) => {
    const text = brief.sources.find((s) => s.id === e.source)?.text ?? '';
    return {
      n: i + 1,
      when: e.when,
      at: e.at,
      text: e.text,
      source: number.get(e.source) ?? 0,
      quotes: e.quotes.map((q) => ({ text: q, ...findQuote(text, q) })),
      unverified: unverified.events.has(i),
    };
  });
  const sources: SourceView[] = brief.sources.map((s, i) => ({ n: i + 1, id: s.id, publisher: s.publisher, title: s.title, date: s.date, url: s.url ?? null, text: s.text }));
  return { version, name: brief.name, at: new Date().toISOString(), ms: Math.round(ms), pages, facts, events, sources, edition: edition ?? null };
}

/**
 * Where a quote stands in its source, allowing what the provenance check allows (any run of
 * white space, straight or curly quotes, any dash, case): the highlight marks the source's own text.
 */
export function findQuote(text: string, quote: string): { from: number; to: number } {
  const pattern = [...quote.trim()]
    .map((c) =>
      /[\s\u00a0\u00ad]/.test(c)
        ? '[\\s\\u00a0\\u00ad]+'
        : /['\u2018\u2019\u201a\u201b\u2032`]/.test(c)
          ? "['\\u2018\\u2019\\u201a\\u201b\\u2032`]"
          : /["\u201c\u201d\u201e\u201f\u2033]/.test(c)
            ? '["\\u201c\\u201d\\u201e\\u201f\\u2033]'
            : /[-\u2010-\u2015\u2212]/.test(c)
              ? '[-\\u2010-\\u2015\\u2212]'
              : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
    )
    .join('')
    .replace(/(\[\\s\\u00a0\\u00ad\]\+)+/g, '[\\s\\u00a0\\u00ad]+');
  const m = pattern ? new RegExp(pattern, 'iu').exec(text) : null;
  return m ? { from: m.index, to: m.index + m[0].length } : { from: -1, to: -1 };
}

/** A problem as the overlay shows it, with up to two lines either side of its place. */
export function problemView(p: Problem, cwd: string): ProblemView {
  return {
    text: formatProblem(p, cwd),
    severity: p.severity,
    where: formatPlace(p.place, cwd),
    reason: p.reason,
    hint: p.hint ?? null,
    ...excerpt(p),
    column: p.place.column ?? null,
  };
}

/** How much of a line the overlay shows, and how far before the column a long line starts. */
const SHOWN = 120;
const BEFORE = 40;

function excerpt(p: Problem): Pick<ProblemView, 'excerpt' | 'caret'> {
  const { file, line, column } = p.place;
  const none = { excerpt: [], caret: null };
  // Places are files the build itself read; text files only (a font or PDF has no lines to show).
  if (!file || !line || !isAbsolute(file) || !/\.(hbs|ya?ml|json|md|txt)$/i.test(file)) return none;
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split(/\r?\n/);
  } catch {
    return none;
  }
  // A long line (a paragraph of the content) is shown from a little before the column, every line
  // of the excerpt from the same place so that they stay aligned.
  const from = column && column > BEFORE + 20 ? column - 1 - BEFORE : 0;
  const cut = (t: string) => (t.length <= from ? '' : (from ? '…' : '') + t.slice(from, from + SHOWN) + (t.length > from + SHOWN ? '…' : ''));
  const out: ProblemView['excerpt'] = [];
  for (let n = Math.max(1, line - 2); n <= Math.min(lines.length, line + 2); n++) out.push({ line: n, text: cut(lines[n - 1]), here: n === line });
  return { excerpt: out, caret: column ? column - from + (from ? 1 : 0) : null };
}
