// fields: every field a Vega-Lite spec names, checked against the fields its data has at that point.
//
// Vega draws nothing for a field its data lacks, and says nothing: a typo ("troop" for "troops")
// prints a figure whose only bar is gone while its title and alt text still state the number.
// So before Vega runs, the spec is walked the way Vega-Lite reads it: a view's data (its own or
// its parent's), then its transforms in order (each adds, keeps or replaces fields), then the
// fields its encodings, sort orders, tooltips, facets, repeats and selections name. Where a step's
// output cannot be known without running it (pivot, an unknown transform, data we cannot read),
// the walk stops checking below it rather than guess.
import { extname } from 'node:path';
import * as vega from 'vega';
import { containedPath, readUserText } from '../files.js';

type Row = Record<string, unknown>;
type Path = (string | number)[];

/** The fields a view's rows carry at some point, and what to call them in a message. */
interface Fields {
  names: Set<string>;
  /** Paths into nested objects ("record\0low"), and the paths whose values are objects in some row. */
  nested?: { paths: Set<string>; objects: Set<string> };
  /** Where they come from: `dataset "peacekeepers"`, `data/troops.csv`, `the aggregate at transform[0]`. */
  origin: string;
}

/** `undefined`: not known without running the chart, so nothing below is checked. */
type Known = Fields | undefined;

export interface FieldProblem {
  /** The field as the spec writes it. */
  field: string;
  /** Where in the spec: the JSON path of the string that names it. */
  path: Path;
  /** The fields that exist there, and where they come from. */
  known: Fields;
}

export interface FieldCheckOptions {
  /** The brief's datasets by name (a `{"name": ...}` data reference reads these). */
  datasets: Record<string, Row[]>;
  /** The folder relative data URLs read from; absent: URL data is not checked. */
  dataDir?: string;
}

interface Walk {
  options: FieldCheckOptions;
  problems: FieldProblem[];
  /** The field lists of an enclosing `repeat`, by the name an encoding refers to them with. */
  repeat?: Record<string, { names: string[]; path: Path }>;
}

/** Every field the spec names that its data does not have there, in the order the spec names them. */
export function checkFields(spec: Row, options: FieldCheckOptions): FieldProblem[] {
  const walk: Walk = { options, problems: [] };
  view(spec, undefined, [], walk);
  return walk.problems;
}

function isRow(x: unknown): x is Row {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** A view: its data, its transforms, its encodings and selections, then the views inside it. */
function view(spec: Row, inherited: Known, path: Path, walk: Walk): void {
  let fields: Known = isRow(spec.data) ? dataFields(spec.data, walk.options) : inherited;
  if (Array.isArray(spec.transform)) fields = transforms(spec.transform, fields, [...path, 'transform'], walk);
  if (isRow(spec.encoding)) encoding(spec.encoding, fields, [...path, 'encoding'], walk);
  if (Array.isArray(spec.params)) params(spec.params, fields, [...path, 'params'], walk);

  if (isRow(spec.facet)) {
    // The facet operator: {row, column} or one field def, read from this view's data.
    if ('field' in spec.facet || 'repeat' in spec.facet) channel(spec.facet, fields, [...path, 'facet'], walk);
    else encoding(spec.facet, fields, [...path, 'facet'], walk);
  }
  if (spec.repeat !== undefined && isRow(spec.spec)) {
    const repeat: Walk['repeat'] = {};
    if (Array.isArray(spec.repeat)) repeat.repeat = { names: spec.repeat.map(String), path: [...path, 'repeat'] };
    else if (isRow(spec.repeat)) for (const [k, v] of Object.entries(spec.repeat)) if (Array.isArray(v)) repeat[k] = { names: v.map(String), path: [...path, 'repeat', k] };
    view(spec.spec, fields, [...path, 'spec'], { ...walk, repeat });
    return;
  }
  if (isRow(spec.spec)) view(spec.spec, fields, [...path, 'spec'], walk);
  for (const key of ['layer', 'concat', 'hconcat', 'vconcat'] as const) {
    const children = spec[key];
    if (Array.isArray(children)) children.forEach((c, i) => isRow(c) && view(c, fields, [...path, key, i], walk));
  }
}

/** The fields of a data source: inline rows, one of the brief's datasets, a file inside the brief, a sequence. */
function dataFields(data: Row, options: FieldCheckOptions): Known {
  if (Array.isArray(data.values)) return rowFields(data.values, typeof data.name === 'string' ? `dataset "${data.name}"` : 'the inline values');
  if (typeof data.values === 'string') return parsed(data.values, formatOf(data, 'json'), 'the inline values');
  if (isRow(data.sequence)) return { names: new Set([typeof data.sequence.as === 'string' ? data.sequence.as : 'data']), origin: 'the sequence' };
  if (typeof data.url === 'string') {
    const path = options.dataDir ? containedPath(options.dataDir, data.url) : undefined;
    if (!path) return undefined;
    let text: string;
    try {
      text = readUserText(path, 'data', { within: [options.dataDir!], stage: 'chart', name: data.url });
    } catch {
      // The chart's own loader reports a file it cannot read, with its message and place.
      return undefined;
    }
    return parsed(text, formatOf(data, extname(data.url).slice(1).toLowerCase() || 'json'), data.url);
  }
  if (typeof data.name === 'string' && Object.hasOwn(options.datasets, data.name)) return rowFields(options.datasets[data.name], `dataset "${data.name}"`);
  // Graticules, spheres, topojson and names bound at run time: their fields are not ours to know.
  return undefined;
}

function formatOf(data: Row, fallback: string): Row {
  const format = isRow(data.format) ? data.format : {};
  return { ...format, type: typeof format.type === 'string' ? format.type : fallback };
}

/** Rows read the way Vega reads them; a file Vega cannot read is not checked here (its loader says why). */
function parsed(text: string, format: Row, origin: string): Known {
  if (!['json', 'csv', 'tsv', 'dsv'].includes(String(format.type))) return undefined;
  try {
    const rows = (vega as unknown as { read: (data: string, schema: Row) => unknown[] }).read(text, { ...format, parse: undefined });
    return rowFields(rows, origin);
  } catch {
    return undefined;
  }
}

/** The union of the rows' keys (a field some rows lack is still a field); bare values are wrapped as `data`, as Vega-Lite does. */
function rowFields(rows: unknown[], origin: string): Known {
  if (!rows.length) return undefined;
  const names = new Set<string>();
  const nested = { paths: new Set<string>(), objects: new Set<string>() };
  // Nested values are read a few levels down, so "record.low" is checked as far as "low".
  const inner = (o: Row, prefix: string, depth: number) => {
    nested.objects.add(prefix);
    for (const [k, v] of Object.entries(o)) {
      const at = `${prefix}\0${k}`;
      nested.paths.add(at);
      if (isRow(v) && depth < 4) inner(v, at, depth + 1);
    }
  };
  for (const r of rows) {
    if (!isRow(r)) {
      names.add('data');
      continue;
    }
    for (const [k, v] of Object.entries(r)) {
      names.add(k);
      if (isRow(v) && !(v instanceof Date)) inner(v, k, 1);
    }
  }
  return { names, origin, ...(nested.objects.size ? { nested } : {}) };
}

/** The fields after each transform, checking what each one reads. */
function transforms(list: unknown[], input: Known, path: Path, walk: Walk): Known {
  let fields = input;
  list.forEach((t, i) => {
    if (isRow(t)) fields = transform(t, fields, [...path, i], walk);
  });
  return fields;
}

const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : typeof x === 'string' ? [x] : []);

function transform(t: Row, fields: Known, path: Path, walk: Walk): Known {
  const use = (key: string, at: Path = [...path, key]) => {
    const v = t[key];
    if (typeof v === 'string') need(v, fields, at, walk);
    else if (Array.isArray(v)) v.forEach((f, i) => typeof f === 'string' && need(f, fields, [...at, i], walk));
  };
  const plus = (added: string[]): Known => (fields ? { ...fields, names: new Set([...fields.names, ...added]) } : undefined);
  const only = (kept: string[]): Known => (fields ? { names: new Set(kept), origin: `the output of ${describePath(path)}` } : undefined);
  const ops = (key: string) => {
    const list = Array.isArray(t[key]) ? (t[key] as unknown[]) : [];
    list.forEach((op, i) => {
      if (!isRow(op)) return;
      if (typeof op.field === 'string' && op.op !== 'count') need(op.field, fields, [...path, key, i, 'field'], walk);
    });
    return list.filter(isRow).flatMap((op) => strings(op.as));
  };
  const sortFields = (key: string) => {
    const s = t[key];
    if (Array.isArray(s)) s.forEach((x, i) => isRow(x) && typeof x.field === 'string' && need(x.field, fields, [...path, key, i, 'field'], walk));
  };

  if ('filter' in t) {
    predicate(t.filter, fields, [...path, 'filter'], walk);
    return fields;
  }
  if ('calculate' in t) {
    expression(t.calculate, fields, [...path, 'calculate'], walk);
    return plus(strings(t.as));
  }
  if ('aggregate' in t) {
    const as = ops('aggregate');
    use('groupby');
    return only([...strings(t.groupby), ...as]);
  }
  if ('joinaggregate' in t) {
    const as = ops('joinaggregate');
    use('groupby');
    return plus(as);
  }
  if ('window' in t) {
    const as = ops('window');
    use('groupby');
    sortFields('sort');
    return plus(as);
  }
  if ('bin' in t) {
    use('field');
    const as = strings(t.as);
    return plus(as.length === 1 ? [as[0], `${as[0]}_end`] : as);
  }
  if ('timeUnit' in t) {
    use('field');
    const as = strings(t.as);
    return plus(as.length === 1 ? [as[0], `${as[0]}_end`] : as);
  }
  if ('fold' in t) {
    use('fold');
    return plus(strings(t.as).length ? strings(t.as) : ['key', 'value']);
  }
  if ('flatten' in t) {
    use('flatten');
    return plus(strings(t.as));
  }
  if ('lookup' in t) {
    use('lookup');
    const from = isRow(t.from) ? t.from : {};
    const other = isRow(from.data) ? dataFields(from.data, walk.options) : undefined;
    if (other) {
      if (typeof from.key === 'string') need(from.key, other, [...path, 'from', 'key'], walk);
      strings(from.fields).forEach((f, i) => need(f, other, [...path, 'from', 'fields', i], walk));
    }
    const as = strings(t.as);
    if (as.length) return plus(as);
    if (strings(from.fields).length) return plus(strings(from.fields));
    return other && fields ? plus([...other.names]) : undefined;
  }
  if ('density' in t) {
    use('density');
    use('groupby');
    return only([...strings(t.groupby), ...(strings(t.as).length ? strings(t.as) : ['value', 'density'])]);
  }
  if ('loess' in t || 'regression' in t) {
    const key = 'loess' in t ? 'loess' : 'regression';
    use(key);
    use('on');
    use('groupby');
    return only([...strings(t.groupby), ...(strings(t.as).length ? strings(t.as) : [String(t.on), String(t[key])])]);
  }
  if ('quantile' in t) {
    use('quantile');
    use('groupby');
    return only([...strings(t.groupby), ...(strings(t.as).length ? strings(t.as) : ['prob', 'value'])]);
  }
  if ('impute' in t) {
    use('impute');
    use('key');
    use('groupby');
    return fields;
  }
  if ('stack' in t) {
    use('stack');
    use('groupby');
    sortFields('sort');
    return plus(strings(t.as));
  }
  if ('extent' in t) {
    use('extent');
    return fields;
  }
  if ('pivot' in t) {
    use('pivot');
    use('value');
    use('groupby');
    // Its new fields are the pivot field's values: known only once the data runs.
    return undefined;
  }
  if ('sample' in t) return fields;
  return undefined;
}

/** A filter: an expression string, a field predicate, or and/or/not of them. */
function predicate(p: unknown, fields: Known, path: Path, walk: Walk): void {
  if (typeof p === 'string') return expression(p, fields, path, walk);
  if (!isRow(p)) return;
  if (typeof p.field === 'string') need(p.field, fields, [...path, 'field'], walk);
  if (Array.isArray(p.and)) p.and.forEach((x, i) => predicate(x, fields, [...path, 'and', i], walk));
  if (Array.isArray(p.or)) p.or.forEach((x, i) => predicate(x, fields, [...path, 'or', i], walk));
  if (p.not !== undefined) predicate(p.not, fields, [...path, 'not'], walk);
}

/** `datum.x` and `datum["x"]` in an expression name fields too. */
function expression(expr: unknown, fields: Known, path: Path, walk: Walk): void {
  if (typeof expr !== 'string' || !fields) return;
  let ast: unknown;
  try {
    ast = vega.parseExpression(expr);
  } catch {
    // A broken expression is Vega's to report, with its own message.
    return;
  }
  const seen = new Set<string>();
  const visit = (n: unknown) => {
    if (!isRow(n)) return;
    if (n.type === 'MemberExpression' && isRow(n.object) && n.object.type === 'Identifier' && n.object.name === 'datum' && isRow(n.property)) {
      const name = n.computed ? (n.property.type === 'Literal' && typeof n.property.value === 'string' ? n.property.value : undefined) : String(n.property.name);
      if (name !== undefined && !seen.has(name)) {
        seen.add(name);
        if (!fields.names.has(name)) walk.problems.push({ field: name, path, known: fields });
      }
    }
    for (const v of Object.values(n)) {
      if (Array.isArray(v)) v.forEach(visit);
      else if (isRow(v)) visit(v);
    }
  };
  visit(ast);
}

/** Channels whose value may be a list of field definitions. */
const LIST_CHANNELS = new Set(['tooltip', 'detail', 'order']);

function encoding(enc: Row, fields: Known, path: Path, walk: Walk): void {
  for (const [name, def] of Object.entries(enc)) {
    if (Array.isArray(def) && LIST_CHANNELS.has(name)) def.forEach((d, i) => isRow(d) && channel(d, fields, [...path, name, i], walk));
    else if (isRow(def)) channel(def, fields, [...path, name], walk);
  }
}

/** One channel's definition: its field, its sort, its argmin/argmax, and its conditions. */
function channel(def: Row, fields: Known, path: Path, walk: Walk): void {
  if (typeof def.field === 'string') {
    if (def.aggregate !== 'count') need(def.field, fields, [...path, 'field'], walk);
  } else if (isRow(def.field) && typeof def.field.repeat === 'string') {
    const list = walk.repeat?.[def.field.repeat];
    list?.names.forEach((f, i) => need(f, fields, [...list.path, i], walk));
  }
  if (isRow(def.aggregate)) {
    for (const k of ['argmin', 'argmax']) if (typeof def.aggregate[k] === 'string') need(def.aggregate[k] as string, fields, [...path, 'aggregate', k], walk);
  }
  const range = isRow(def.scale) ? def.scale.range : undefined;
  if (isRow(range) && typeof range.field === 'string') need(range.field, fields, [...path, 'scale', 'range', 'field'], walk);
  if (isRow(def.sort) && typeof def.sort.field === 'string') need(def.sort.field, fields, [...path, 'sort', 'field'], walk);
  const conditions = Array.isArray(def.condition) ? def.condition : def.condition !== undefined ? [def.condition] : [];
  conditions.forEach((c, i) => {
    if (!isRow(c)) return;
    const at = Array.isArray(def.condition) ? [...path, 'condition', i] : [...path, 'condition'];
    if (c.test !== undefined) predicate(c.test, fields, [...at, 'test'], walk);
    channel(c, fields, at, walk);
  });
}

/** Selections name the fields they project over. */
function params(list: unknown[], fields: Known, path: Path, walk: Walk): void {
  list.forEach((p, i) => {
    if (!isRow(p) || !isRow(p.select)) return;
    const named = p.select.fields;
    if (Array.isArray(named)) named.forEach((f, j) => typeof f === 'string' && need(f, fields, [...path, i, 'select', 'fields', j], walk));
  });
}

/**
 * A field reference: Vega-Lite reads "a.b" and "a[0]" as a path into nested values, and "a\.b" as
 * a field whose name has a dot; either way it is the first step that must exist.
 */
function need(field: string, fields: Known, path: Path, walk: Walk): void {
  if (!fields) return;
  if (fields.names.has(field)) return;
  const steps = (vega as unknown as { splitAccessPath: (p: string) => string[] }).splitAccessPath(field);
  if (steps[0] !== undefined && fields.names.has(steps[0]) && nestedFound(steps, fields)) return;
  walk.problems.push({ field, path, known: fields });
}

/** Each step into a nested object must exist; a step into a list or a plain value is not followed. */
function nestedFound(steps: string[], fields: Fields): boolean {
  let at = steps[0];
  for (const step of steps.slice(1)) {
    if (!fields.nested?.objects.has(at)) return true;
    at = `${at}\0${step}`;
    if (!fields.nested.paths.has(at)) return false;
  }
  return true;
}

function describePath(path: Path): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}
