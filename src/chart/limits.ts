// How much a chart may ask of the machine: rows, marks, page size and expression work. A print
// figure never needs more; past these, a spec is a mistake or an attack, and is refused at its line
// before it can fill the memory, instead of being stopped by the brief's budget much later.
import * as vega from 'vega';

export const CHART_LIMITS = {
  /** Rows of one dataset, after its transforms (a 16 MB CSV holds about half a million). */
  rows: 1_000_000,
  /** Marks drawn in one chart: ten times what any legible print figure has. */
  marks: 100_000,
  /** Width or height, in points: the largest page PDF can describe (200 inches). */
  size: 14_400,
  /** Characters a string expression may build (pad). */
  string: 100_000,
  /** Cells of a 2-D density grid (kde2d, heatmap, contour). */
  cells: 4_000_000,
};

/** A chart asks for more than a print figure may; `near` is what to look for in the spec. */
export class ChartLimitError extends Error {
  constructor(
    readonly what: string,
    readonly near: string[],
  ) {
    super(what);
  }
}

const count = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

type Params = Record<string, unknown>;
type TransformProto = { transform: (this: { value?: unknown }, params: Params, pulse: unknown) => unknown };

let installed = false;

/**
 * Vega has no limits of its own: a sequence of 1e9 or a cross product of a large table allocates
 * until V8 aborts the process. Its transforms are classes in one registry; each generator checks
 * what it is about to make before making it, and every collected dataset is counted after.
 */
export function installChartLimits() {
  if (installed) return;
  installed = true;
  const transforms = vega.transforms as unknown as Record<string, { prototype: TransformProto }>;
  const before = (name: string, check: (params: Params, pulse: { source?: unknown[] }) => void) => {
    const proto = transforms[name]?.prototype;
    if (!proto) return;
    const transform = proto.transform;
    proto.transform = function (params, pulse) {
      check(params, pulse as { source?: unknown[] });
      return transform.call(this, params, pulse);
    };
  };
  before('sequence', (p) => {
    const [start, stop, step] = [Number(p.start), Number(p.stop), p.step == null ? 1 : Number(p.step)];
    const n = step === 0 ? Infinity : (stop - start) / step;
    if (!(n <= CHART_LIMITS.rows)) {
      throw new ChartLimitError(
        `a sequence from ${start} to ${stop} by ${step} makes ${Number.isFinite(n) ? count(Math.ceil(n)) : 'endless'} rows; a chart may have at most ${count(CHART_LIMITS.rows)}`,
        ['"sequence"'],
      );
    }
  });
  before('cross', (_p, pulse) => {
    const n = pulse.source?.length ?? 0;
    if (n * n > CHART_LIMITS.rows) {
      throw new ChartLimitError(`a cross product of ${count(n)} rows with themselves makes ${count(n * n)}; a chart may have at most ${count(CHART_LIMITS.rows)}`, ['"cross"']);
    }
  });
  for (const name of ['density', 'kde']) {
    before(name, (p) => {
      const steps = Math.max(Number(p.steps) || 0, Number(p.maxsteps) || 0, Number(p.minsteps) || 0);
      if (steps > CHART_LIMITS.rows)
        throw new ChartLimitError(`a density of ${count(steps)} steps; a chart may have at most ${count(CHART_LIMITS.rows)} rows`, ['"steps"', '"maxsteps"', '"minsteps"', `"${name}"`]);
    });
  }
  for (const name of ['kde2d', 'heatmap', 'contour', 'isocontour']) {
    before(name, (p) => {
      const size = Array.isArray(p.size) ? (p.size as unknown[]).map(Number) : [];
      const cells = size.length === 2 ? size[0] * size[1] : 0;
      if (cells > CHART_LIMITS.cells) throw new ChartLimitError(`a density grid of ${count(cells)} cells; a chart may have at most ${count(CHART_LIMITS.cells)}`, ['"size"', `"${name}"`]);
    });
  }
  // A mark makes one scene item for each row it joins: count them before they are made. Counted
  // after the run (checkView), a million points took 50 s and 993 MB to be refused.
  const join = transforms.datajoin?.prototype;
  if (join) {
    const joinRows = join.transform;
    join.transform = function (params, pulse) {
      const p = pulse as { add?: unknown[]; source?: unknown[] };
      const made = this.value as { size?: number } | undefined;
      const items = made ? (made.size ?? 0) + (p.add?.length ?? 0) : (p.source?.length ?? p.add?.length ?? 0);
      if (items > CHART_LIMITS.marks) throw new ChartLimitError(`the chart draws more than ${count(CHART_LIMITS.marks)} marks, more than any printed figure can show`, ['"mark"', '"marks"']);
      return joinRows.call(this, params, pulse);
    };
  }

  // Every dataset ends in a collect: count it once it is made, whatever made it (fold, flatten, impute).
  const collect = transforms.collect.prototype;
  const run = collect.transform;
  collect.transform = function (params, pulse) {
    const out = run.call(this, params, pulse);
    const rows = Array.isArray(this.value) ? this.value.length : 0;
    if (rows > CHART_LIMITS.rows) throw new ChartLimitError(`a dataset of ${count(rows)} rows; a chart may have at most ${count(CHART_LIMITS.rows)}`, ['"data"']);
    return out;
  };

  // Expression functions that build one value of any size from a small argument.
  const fn = vega.expressionFunction as unknown as (name: string, f?: (...a: never[]) => unknown) => ((...a: unknown[]) => unknown) | undefined;
  const pad = fn('pad')!;
  fn('pad', ((text: unknown, length: unknown, ...rest: unknown[]) => {
    if (Number(length) > CHART_LIMITS.string) throw new ChartLimitError(`pad() to ${count(Number(length))} characters; an expression may build at most ${count(CHART_LIMITS.string)}`, ['pad(']);
    return pad(text, length, ...rest);
  }) as never);
  const sequence = fn('sequence')!;
  fn('sequence', ((...args: unknown[]) => {
    const [a, b, c] = args.map(Number);
    const [start, stop, step] = args.length === 1 ? [0, a, 1] : [a, b, args.length > 2 ? c : 1];
    const n = step === 0 ? Infinity : (stop - start) / step;
    if (!(n <= CHART_LIMITS.rows))
      throw new ChartLimitError(`sequence() of ${Number.isFinite(n) ? count(Math.ceil(n)) : 'endless'} numbers; an expression may build at most ${count(CHART_LIMITS.rows)}`, ['sequence(']);
    return sequence(...args);
  }) as never);
}

/** Checks a compiled Vega spec's own size before it runs: a canvas larger than any page. */
export function checkSpecSize(spec: Record<string, unknown>) {
  for (const key of ['width', 'height'] as const) {
    const v = Number(spec[key]);
    if (v > CHART_LIMITS.size) throw new ChartLimitError(`a ${key} of ${count(v)} points; a chart may be at most ${count(CHART_LIMITS.size)} (the largest page a PDF can have)`, [`"${key}"`]);
  }
}

/** Checks a run view: its size, and the number of marks it would draw. */
export function checkView(view: vega.View) {
  const internal = view as unknown as { _viewWidth: number; _viewHeight: number };
  for (const [key, v] of [
    ['width', internal._viewWidth],
    ['height', internal._viewHeight],
  ] as const) {
    if (v > CHART_LIMITS.size)
      throw new ChartLimitError(`the chart comes out ${count(v)} points in ${key}; a chart may be at most ${count(CHART_LIMITS.size)} (the largest page a PDF can have)`, [`"${key}"`, '"step"']);
  }
  let marks = 0;
  const walk = (node: { items?: unknown[] } | undefined) => {
    for (const item of node?.items ?? []) {
      marks++;
      if (marks > CHART_LIMITS.marks) throw new ChartLimitError(`the chart draws more than ${count(CHART_LIMITS.marks)} marks, more than any printed figure can show`, ['"mark"', '"marks"']);
      walk(item as { items?: unknown[] });
    }
  };
  walk((view.scenegraph() as unknown as { root: { items?: unknown[] } }).root);
}

type VegaData = { name?: string; url?: unknown; source?: unknown; format?: { type?: unknown }; transform?: { type?: string; expr?: unknown }[] };
type VegaMark = { type?: string; from?: { data?: unknown }; marks?: VegaMark[]; data?: VegaData[] };

/** The filter Vega-Lite adds for a quantitative or temporal field: it drops only rows with no number. */
const VALIDITY = /^(isValid\(datum\["[^"]*"\]\) && isFinite\(\+datum\["[^"]*"\]\)( && |$))+$/;
/** Transforms that keep every row: a mark drawn from their output has one item per row of their input. */
const ROW_FOR_ROW = new Set(['formula', 'identifier', 'extent', 'collect', 'project']);

/**
 * The delimited data files of a compiled Vega spec that some mark draws row for row: a mark over a dataset
 * that comes from the file through transforms that keep every row. The loader counts such a file's
 * rows as it reads it and refuses a chart of more marks than CHART_LIMITS.marks in about the time
 * the read takes, before Vega parses, filters and draws a million rows (seconds, and gigabytes, in
 * the dataflow). Anything else a mark draws from (an aggregate, a filter of the user's, a facet) is
 * counted as the marks are joined (installChartLimits).
 */
export function filesDrawnRowForRow(spec: { data?: VegaData[]; marks?: VegaMark[] }): Set<string> {
  const data = new Map<string, VegaData>();
  const files = new Set<string>();
  const keepsRows = (d: VegaData) => (d.transform ?? []).every((t) => ROW_FOR_ROW.has(t.type ?? '') || (t.type === 'filter' && typeof t.expr === 'string' && VALIDITY.test(t.expr)));
  const trace = (name: unknown, seen: Set<string>) => {
    const d = typeof name === 'string' && !seen.has(name) ? data.get(name) : undefined;
    if (!d || !keepsRows(d)) return;
    seen.add(name as string);
    // Delimited text only: its rows are its lines. JSON's are counted once parsed, as its marks are joined.
    const type = typeof d.format?.type === 'string' ? d.format.type : typeof d.url === 'string' ? /\.(\w+)$/.exec(d.url)?.[1] : undefined;
    if (typeof d.url === 'string' && /^(csv|tsv|dsv)$/i.test(type ?? '')) files.add(d.url);
    else if (typeof d.source === 'string') trace(d.source, seen);
  };
  const visit = (marks: VegaMark[] | undefined, scope: VegaData[] | undefined) => {
    for (const d of scope ?? []) if (typeof d.name === 'string') data.set(d.name, d);
    for (const m of marks ?? []) {
      if (m.type === 'group') visit(m.marks, m.data);
      else trace(m.from?.data, new Set());
    }
  };
  visit(spec.marks, spec.data);
  return files;
}

/**
 * Rows of a delimited text file (a header line, then one row per line), counted without parsing it:
 * line ends inside a quoted field ("two\nlines") are part of the field, as d3-dsv reads them.
 */
export function delimitedRows(text: string): number {
  let lines = 0;
  if (!text.includes('"')) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  } else {
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (c === 10 && !quoted) lines++;
    }
  }
  if (text.length && !text.endsWith('\n')) lines++;
  return Math.max(0, lines - 1);
}

/** Refuses a data file drawn row for row that has more rows than a chart may draw marks. */
export function checkDrawnRows(uri: string, rows: number) {
  if (rows > CHART_LIMITS.marks)
    throw new ChartLimitError(`the chart draws a mark for each of the ${count(rows)} rows of ${uri}; more than ${count(CHART_LIMITS.marks)} marks, more than any printed figure can show`, [
      JSON.stringify(uri),
      '"mark"',
    ]);
}
