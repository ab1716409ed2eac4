// chart: a Vega-Lite spec bound to a brief's datasets -> a ChartScene of paths and text in the brief's fonts.
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import * as vegaLite from 'vega-lite';
import type { Brief, ChartRef } from '../brief.js';
import { BriefError, isBriefError } from '../errors.js';
import { FAMILIES, fontService, type FontService } from '../fonts/fonts.js';
import { containedPath, readUserFile, readUserText } from '../files.js';
import { msg } from '../messages.js';
import { watchFromHere } from '../runtime/budget.js';
import { cached, store } from '../cache/disk.js';
import { processCache } from '../cache/memory.js';
import { describeChart } from './describe.js';
import { chartLocale } from './locale.js';
import { RecordingContext } from './record.js';
import type { ChartScene } from './scene.js';
import { printConfig } from './theme.js';
import { imageFailures, installImage } from './image.js';
import { explainSpec } from './validate.js';
import { checkFields } from './fields.js';
import { specPlaces } from './place.js';
import { nearNames } from '../suggest.js';
import { ChartLimitError, checkDrawnRows, checkSpecSize, checkView, delimitedRows, filesDrawnRowForRow, installChartLimits } from './limits.js';

// Vega formats temporal values in local time: pin it, so a cron job on another host prints the same axis.
process.env.TZ = 'UTC';

export interface ChartOptions {
  /** Width the chart must fill, in points (the text column); absent: the spec's own size. */
  width?: number;
  /** The only folder relative data and image URLs may read from (a brief's folder, --data-dir). */
  dataDir?: string;
  /** A Vega-Lite config laid over the base theme (--theme FILE). */
  config?: Record<string, unknown>;
  /** The base: our print theme (default), or Vega-Lite's own defaults for a spec's own look. */
  theme?: 'print' | 'vega';
  /** The brief's language: axis numbers group digits as it does, and the description is in it. */
  language?: string;
}

type Row = Record<string, unknown>;

/** Vega generic families map to our embedded faces; anything else must be one of FAMILIES. */
function resolveFont(fonts: FontService) {
  return (family: string, weight: number, style: 'normal' | 'italic') => {
    const f = family.toLowerCase();
    const name = f === 'sans-serif' || f === 'system-ui' ? 'Source Sans 3' : f === 'serif' ? 'Source Serif 4' : family;
    return fonts.match(name, weight, style)?.key;
  };
}

function weightOf(w: unknown): number {
  if (typeof w === 'number') return w;
  if (w === 'bold' || w === 'bolder') return 700;
  if (w === 'lighter') return 300;
  const n = Number(w);
  return Number.isFinite(n) && n > 0 ? n : 400;
}

let measuringInstalled = false;

/**
 * Vega without node-canvas guesses text widths as 0.8 × size × characters, 35–45 % too wide for
 * our fonts: give it the real widths, so axis label overlap removal and bounds are true.
 */
let rolesInstalled = false;

/**
 * Vega's CanvasRenderer tells the recorder which mark each drawing call belongs to, so a chart's
 * gridlines and ticks can become artifacts while its marks and labels stay the figure's content.
 * The renderer has no hook for this; its draw(ctx, scene) is the one place every mark passes.
 */
function installMarkRoles() {
  if (rolesInstalled) return;
  rolesInstalled = true;
  const proto = (vega as unknown as { CanvasRenderer: { prototype: { draw: (ctx: unknown, scene: { role?: string; marktype?: string }, ...rest: unknown[]) => unknown } } }).CanvasRenderer.prototype;
  const draw = proto.draw;
  proto.draw = function (this: unknown, ctx, scene, ...rest) {
    const recorder = ctx instanceof RecordingContext ? ctx : undefined;
    recorder?.enterMark(scene.role ?? '', scene.marktype ?? '');
    try {
      return draw.call(this, ctx, scene, ...rest);
    } finally {
      recorder?.exitMark();
    }
  };
}

function installMeasuring(fonts: FontService) {
  if (measuringInstalled) return;
  measuringInstalled = true;
  const resolve = resolveFont(fonts);
  const metrics = (vega as unknown as { textMetrics: unknown }).textMetrics as { width: (item: Row, text: unknown) => number };
  metrics.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const line = text == null ? '' : String(text).trim();
    if (size <= 0 || !line) return 0;
    const families = String(item.font ?? 'sans-serif')
      .split(',')
      .map((s) => s.trim().replace(/^["']|["']$/g, ''));
    const style = item.fontStyle === 'italic' || item.fontStyle === 'oblique' ? 'italic' : 'normal';
    const face = families.map((f) => resolve(f, weightOf(item.fontWeight), style)).find(Boolean) ?? 'sans';
    const w = fonts.measureMixed(face, size, line);
    // Vega truncates a label with `limit` by asking widths of prefixes and comparing them with the
    // limit; capping at the limit keeps those comparisons exact and the bounds of a cut label true.
    const limit = Number(item.limit) || 0;
    return limit > 0 ? Math.min(w, limit) : w;
  };
}

/**
 * The only loader a chart gets. Vega's default Node loader reads file:// URLs and any relative
 * path from disk and only prefixes baseURL (no `..` check); this one serves relative paths inside
 * `dataDir` and refuses everything else: absolute paths, `..` escapes, file:// and http(s)://.
 */
/** A problem met while the chart ran, with what to look for in the spec to place it (a data url, a transform). */
export interface ChartProblem {
  problem: BriefError;
  near?: string[];
}

export function sandboxLoader(dataDir: string | undefined, refused: string[], problems: ChartProblem[] = [], drawnRowForRow: Set<string> = new Set()) {
  const resolveInside = (uri: unknown): string => {
    const path = typeof uri === 'string' && dataDir ? containedPath(dataDir, uri) : undefined;
    if (!path) {
      refused.push(String(uri));
      throw new Error(msg.chartDataRefused(String(uri)));
    }
    return path;
  };
  // Vega swallows a loader's failure and draws the chart without its data: keep it, to refuse the chart.
  const read = async (uri: unknown, text: boolean) => {
    const path = resolveInside(uri);
    try {
      const bytes = readUserFile(path, 'data', { within: [dataDir!], stage: 'chart', name: String(uri) });
      if (!text) return bytes;
      const body = bytes.toString('utf8');
      if (drawnRowForRow.has(String(uri))) checkDrawnRows(String(uri), delimitedRows(body));
      return body;
    } catch (e) {
      if (isBriefError(e)) problems.push({ problem: e, near: [JSON.stringify(String(uri))] });
      throw e;
    }
  };
  return {
    sanitize: async (uri: unknown) => ({ href: resolveInside(uri) }),
    load: async (uri: unknown) => read(uri, true),
    file: async (path: unknown) => read(path, false),
    http: async (uri: unknown) => resolveInside(`http:${String(uri)}`),
    fileAccess: false,
  };
}

/**
 * Vega reports a data file it could not parse (CSV declared as JSON, a truncated file) to its
 * logger and carries on with no rows; this logger keeps the report so the chart is refused.
 */
function failingLogger(problems: ChartProblem[], file: string) {
  const logger = vega.logger(vega.Error) as unknown as { error: (...args: unknown[]) => unknown; warn: (...args: unknown[]) => unknown };
  const keep = (args: unknown[]) => {
    const limit = args.find((a): a is ChartLimitError => a instanceof ChartLimitError);
    if (limit) {
      problems.push({ problem: limitError(limit, file), near: limit.near });
      return logger;
    }
    const uri = typeof args[1] === 'string' ? args[1] : undefined;
    const why = args
      .slice(uri ? 2 : 1)
      .map((a) => (a instanceof Error ? a.message : String(a)))
      .join(' ')
      .split('\n')[0];
    const problem = uri
      ? new BriefError({ stage: 'chart', place: { file }, id: 'chartDataUnreadable', reason: msg.chartDataUnreadable(uri, why), hint: msg.chartDataUnreadableHint() })
      : new BriefError({ stage: 'chart', place: { file }, id: 'chartRun', reason: msg.chartRun(args.map(String).join(' ')), hint: msg.chartCompileHint() });
    problems.push({ problem, near: uri ? [JSON.stringify(uri)] : expressionNeedles(args.map(String).join(' ')) });
    return logger;
  };
  logger.error = (...args: unknown[]) => keep(args);
  // Vega only warns when a data file fails to load or parse ("Loading failed" / "Data ingestion failed", url, error).
  const warn = logger.warn.bind(logger);
  logger.warn = (...args: unknown[]) => (/^(Loading|Data ingestion) failed/.test(String(args[0])) ? keep(args) : warn(...args));
  return logger;
}

function limitError(e: ChartLimitError, file: string) {
  return new BriefError({ stage: 'chart', place: { file }, id: 'chartLimit', reason: msg.chartLimit(e.what), hint: msg.chartLimitHint() });
}

/**
 * What to look for in the spec to place an error Vega raises about an expression: the function it
 * does not know, or the expression it could not parse (Vega quotes it).
 */
function expressionNeedles(message: string): string[] {
  const fn = /Unrecognized function: (\w+)/.exec(message);
  if (fn) return [`${fn[1]}(`];
  const expr = /(?:Expression parse error|Illegal expression|Unrecognized signal name|Unrecognized data set|Unrecognized scale name)[^"']*["']([^"']{2,})["']/.exec(message);
  if (expr) return [expr[1]];
  const name = /Unrecognized (?:signal|data set|scale) name: "?([\w$-]+)"?/.exec(message);
  return name ? [`"${name[1]}"`, name[1]] : [];
}

/** A small, fast generator of numbers in [0, 1) (mulberry32): the same seed, the same sequence. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Keys whose string values Vega reads as expressions, in Vega-Lite and Vega specs. */
const EXPRESSION_KEYS = new Set(['filter', 'calculate', 'expr', 'test', 'update', 'signal', 'init']);

/**
 * The first expression in the spec Vega's parser refuses, quoted as it stands in the spec: Vega-Lite
 * and Vega say what is wrong ("Unexpected end of input") but not in which of the spec's expressions.
 * Given Vega's message, also the first that parses but that Vega's code generator refuses with that
 * very message ("Illegal callee type: CallExpression", for a call of what a call returned).
 */
function badExpressions(spec: unknown, why?: string): string[] {
  const out: string[] = [];
  // No function table: only the message Vega gave counts, so a function this one lacks is no match.
  const generate = why ? vega.codegenExpression({ globalvar: 'global' }) : undefined;
  const walk = (v: unknown, key: string) => {
    if (out.length) return;
    if (typeof v === 'string') {
      if (!EXPRESSION_KEYS.has(key)) return;
      try {
        const ast = vega.parseExpression(v);
        try {
          generate?.(ast);
        } catch (e) {
          if (why!.includes((e as Error).message)) out.push(JSON.stringify(v));
        }
      } catch {
        out.push(JSON.stringify(v));
      }
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(spec, '');
  return out;
}

/** The line of the spec where the first of `near` appears (a data url, an expression), else the spec itself. */
function specLine(specText: string, file: string, near: string[] | undefined): { file: string; line?: number; column?: number } {
  const at = (near ?? []).map((n) => specText.indexOf(n)).find((i) => i >= 0) ?? -1;
  if (at < 0) return { file };
  const before = specText.slice(0, at);
  return { file, line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

/** A data URL a chart may read: relative, and inside the data folder once resolved. */
function allowedUrl(url: string, dataDir: string | undefined): boolean {
  return !!dataDir && containedPath(dataDir, url) !== undefined;
}

/**
 * Replaces every `"data": {"name": X}` with the brief's rows for X; refuses `url` data that leaves
 * the data folder anywhere in the spec, before Vega sees it (Vega-Lite and Vega specs alike).
 */
function bindData(spec: unknown, datasets: Record<string, Row[]>, file: string, refused: string[], dataDir?: string): unknown {
  if (Array.isArray(spec)) return spec.map((s) => bindData(s, datasets, file, refused, dataDir));
  if (spec === null || typeof spec !== 'object') return spec;
  const out: Row = {};
  for (const [k, v] of Object.entries(spec as Row)) {
    if (k === 'data' && v && typeof v === 'object' && !Array.isArray(v)) {
      const d = v as Row;
      if (typeof d.url === 'string' && !allowedUrl(d.url, dataDir)) refused.push(d.url);
      // A name alone is one of the brief's datasets; a name beside a url or values only names what they load.
      if (typeof d.name === 'string' && !('values' in d) && !('url' in d) && !('sequence' in d)) {
        const rows = Object.hasOwn(datasets, d.name) ? datasets[d.name] : undefined;
        if (!rows) {
          throw new BriefError({ stage: 'chart', place: { file }, id: 'unknownDataset', reason: msg.unknownDataset(d.name, Object.keys(datasets)), hint: msg.unknownDatasetHint() });
        }
        out[k] = { ...d, values: rows };
        continue;
      }
    }
    out[k] = bindData(v, datasets, file, refused, dataDir);
  }
  return out;
}

/**
 * The fields a Vega-Lite spec names that its data lacks, as one error at the first (the others
 * carried with it, each at its own line:col), or undefined when every field is there.
 */
export function fieldError(spec: Row, specText: string, file: string, datasets: Record<string, Row[]>, dataDir?: string): BriefError | undefined {
  const [first, ...others] = fieldErrors(spec, specText, file, datasets, dataDir);
  return first && new BriefError({ id: first.id, stage: 'chart', place: first.place, reason: first.reason, hint: first.hint, others });
}

function fieldErrors(spec: Row, specText: string, file: string, datasets: Record<string, Row[]>, dataDir?: string): BriefError[] {
  const placeOf = specPlaces(specText, file);
  return checkFields(spec, { datasets, dataDir })
    .slice(0, 20)
    .map(
      (p) =>
        new BriefError({
          stage: 'chart',
          place: placeOf(p.path),
          id: 'chartField',
          reason: msg.chartField(p.field, p.known.origin, [...p.known.names], nearNames(p.field, p.known.names)),
          hint: msg.chartFieldHint(),
        }),
    );
}

/**
 * The field check alone, for `briefpress check`: no Vega, no drawing. A spec that cannot be read
 * or parsed is left to the build, which says why at its place.
 */
export function chartFieldErrors(ref: SpecRef, datasets: Record<string, Row[]>, dataDir?: string): BriefError[] {
  const specText = readUserText(ref.specPath, 'spec', { stage: 'chart' });
  let spec: unknown;
  try {
    spec = JSON.parse(specText);
  } catch {
    return [];
  }
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return [];
  const s = spec as Row;
  if (isVegaSpec(s)) return [];
  if (s.data === undefined && ref.dataset) s.data = { name: ref.dataset };
  return fieldErrors(s, specText, ref.specPath, datasets, dataDir);
}

/** The brief's datasets as chart rows: every field but the provenance ones. */
export function chartDatasets(brief: Brief): Record<string, Row[]> {
  const out: Record<string, Row[]> = {};
  for (const [name, ds] of Object.entries(brief.datasets)) {
    out[name] = ds.rows.map((r) => r.fields);
  }
  out.timeline = brief.timeline.map((e) => ({ when: e.when, at: e.at, text: e.text }));
  return out;
}

type SpecRef = Pick<ChartRef, 'specPath' | 'alt' | 'description'> & { dataset?: string };

/**
 * A spec, its data bound and sandboxed, compiled (Vega-Lite) and run in a headless Vega View with
 * text measured in our fonts. The caller draws the view (renderChart) or, in tests, asks Vega for
 * its own SVG of the same scene.
 */
export async function compileChart(
  ref: SpecRef,
  datasets: Record<string, Row[]>,
  options: ChartOptions,
  /** The spec file's text, when the caller has read it already. */
  text?: string,
): Promise<{ view: vega.View; spec: Row; specText: string; warnings: string[]; refused: string[] }> {
  installMeasuring(fontService());
  installImage();
  installMarkRoles();
  installChartLimits();
  const file = ref.specPath;
  let spec: Row;
  const specText = text ?? readUserText(file, 'spec', { stage: 'chart' });
  try {
    spec = JSON.parse(specText);
  } catch (e) {
    // JSON.parse says "at position 37": an editor wants the line and column.
    const why = (e as Error).message;
    const at = Number(/at position (\d+)/.exec(why)?.[1] ?? NaN);
    const before = Number.isFinite(at) ? specText.slice(0, at) : undefined;
    const place = before === undefined ? { file } : { file, line: before.split('\n').length, column: [...before.slice(before.lastIndexOf('\n') + 1)].length + 1 };
    throw new BriefError({
      stage: 'chart',
      place,
      id: 'chartSpecJson',
      reason: msg.chartSpecJson(why.replace(/\s*in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')),
      hint: msg.chartCompileHint(),
    });
  }
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new BriefError({
      stage: 'chart',
      place: { file, line: 1, column: 1 },
      id: 'chartSpecNotObject',
      reason: msg.chartSpecNotObject(spec === null ? 'null' : Array.isArray(spec) ? 'a list' : typeof spec),
      hint: msg.chartCompileHint(),
    });
  }
  // A spec without data of its own reads the dataset the brief binds it to.
  if (spec.data === undefined && ref.dataset) spec.data = { name: ref.dataset };
  // The same brief prints the same chart: `sample` and random() draw from a generator seeded
  // afresh for each chart, not from Math.random (Vega's default), whatever order charts run in.
  (vega as unknown as { setRandom: (r: () => number) => void }).setRandom(seededRandom(0x5eed));
  const refused: string[] = [];
  const bound = bindData(spec, datasets, file, refused, options.dataDir) as Row;
  const refusal = () => refusedUrl(specText, file, refused[0]);
  if (refused.length) throw refusal();
  const warnings: string[] = [];
  const vgSpec = isVegaSpec(bound) ? bound : await compileLite(bound, file, specText, options, warnings, spec);

  let view: vega.View;
  const locale = chartLocale(options.language);
  const problems: ChartProblem[] = [];
  const at = (near: string[] | undefined) => specLine(specText, file, near);
  try {
    checkSpecSize(vgSpec as Row);
    const runtime = vega.parse(vgSpec as vega.Spec, isVegaSpec(bound) ? vegaConfig(options) : undefined, { ast: true });
    view = new vega.View(runtime, {
      renderer: 'none',
      loader: sandboxLoader(options.dataDir, refused, problems, filesDrawnRowForRow(vgSpec as Parameters<typeof filesDrawnRowForRow>[0])) as unknown as vega.Loader,
      expr: expressionInterpreter,
      logger: failingLogger(problems, file),
      logLevel: vega.Error,
      ...(locale ? { locale } : {}),
    } as vega.ViewOptions);
    await view.runAsync();
    if (!problems.length) checkView(view);
  } catch (e) {
    if (refused.length) throw refusal();
    if (e instanceof ChartLimitError) throw new BriefError({ ...limitError(e, file), place: at(e.near) });
    const why = (e as Error).message;
    const near = expressionNeedles(why);
    throw new BriefError({ stage: 'chart', place: at(near.length ? near : badExpressions(spec, why)), id: 'chartRun', reason: msg.chartRun(why), hint: msg.chartCompileHint() });
  }
  if (refused.length) {
    view.finalize();
    throw refusedUrl(specText, file, refused[0]);
  }
  if (problems.length) {
    // A chart whose data did not load would print as an empty figure: refuse it, at the spec's line.
    view.finalize();
    const { problem, near } = problems[0];
    throw new BriefError({ id: problem.id, stage: 'chart', place: at(near), reason: problem.reason, hint: problem.hint });
  }
  // Vega draws nothing for a field its data lacks, and says nothing: refuse the chart at the field.
  // Checked once the spec has compiled and run within its limits, so a spec that asks for too
  // much or does not parse is told that first.
  if (!isVegaSpec(bound)) {
    const wrong = fieldError(spec, specText, file, datasets, options.dataDir);
    if (wrong) {
      view.finalize();
      throw wrong;
    }
  }

  return { view, spec, specText, warnings, refused };
}

/**
 * Scenes already drawn in this process, by everything that decides them: the spec's text, the
 * brief's datasets, what the brief says about the chart, the width and theme. Vega-Lite's compile
 * and Vega's dataflow are a third of a warm build (~26 ms of ~70), and a chart often stays the
 * same from one build to the next (watch, a batch, cron rebuilding after other facts changed).
 * A spec that loads anything by URL (data files, images) is drawn every time: its inputs are not
 * all in the key. Scenes are never changed after they are drawn, so they are shared.
 */
const drawn = processCache<string, ChartScene>(32);

export async function renderChart(ref: SpecRef, datasets: Record<string, Row[]>, options: ChartOptions): Promise<ChartScene> {
  const specText = readUserText(ref.specPath, 'spec', { stage: 'chart' });
  const key = /"url"\s*:/.test(specText)
    ? undefined
    : createHash('sha256')
        .update(JSON.stringify([specText, datasets, ref.dataset, ref.alt, ref.description, options.width, options.theme, options.config, options.language ?? 'en']))
        .digest('hex');
  const known = key === undefined ? undefined : drawn.get(key);
  if (known) return known;
  // Then on disk, from an earlier process (cron's last run): a cold build's chart stage is ~45 ms
  // of JIT-cold Vega for each unchanged chart. Scenes with images (bytes) are not kept there.
  const stored = key === undefined ? undefined : cached('chart', key);
  if (!isScene(stored)) watchFromHere();
  const scene = isScene(stored) ? stored : await drawChart(ref, datasets, options, specText);
  if (key !== undefined && scene !== stored && !scene.items.some((i) => i.kind === 'image')) store('chart', key, scene);
  if (key !== undefined) drawn.set(key, scene);
  return scene;
}

/** Whether a cache entry reads as a scene (a damaged or foreign file is drawn anew instead). */
function isScene(x: unknown): x is ChartScene {
  const s = x as ChartScene | undefined;
  return typeof s === 'object' && s !== null && typeof s.width === 'number' && typeof s.height === 'number' && typeof s.alt === 'string' && Array.isArray(s.items) && Array.isArray(s.warnings);
}

/** A URL the sandbox refused (network, a file outside the brief), at the spec's line that names it. */
function refusedUrl(specText: string, file: string, uri: string): BriefError {
  return new BriefError({ stage: 'chart', place: specLine(specText, file, [JSON.stringify(uri), uri]), id: 'chartDataRefused', reason: msg.chartDataRefused(uri), hint: msg.chartDataRefusedHint() });
}

async function drawChart(ref: SpecRef, datasets: Record<string, Row[]>, options: ChartOptions, text: string): Promise<ChartScene> {
  const fonts = fontService();
  const { view, spec, specText, warnings, refused } = await compileChart(ref, datasets, options, text);
  const file = ref.specPath;

  const recorder = new RecordingContext(
    resolveFont(fonts),
    (face, size, text) => fonts.measure(face, size, text),
    (face, text) => fonts.segments(face, text),
  );
  imageFailures.length = 0;
  await view.toCanvas(1, { externalContext: recorder } as unknown as vega.ToCanvasOptions);
  // What the chart shows (the brief's alt, else the spec's description), then how it is built (the
  // brief's description, else one read from its scales): kind, axes with ranges, series.
  const shows = ref.alt?.trim() || (typeof spec.description === 'string' ? spec.description.trim() : '');
  const built = ref.description?.trim() || describeChart(view, spec, options.language);
  const alt = shows ? `${shows}${/[.!?]$/.test(shows) ? '' : '.'} ${built}` : built;
  const padding = view.padding() as { left: number; right: number; top: number; bottom: number };
  const internal = view as unknown as { _viewWidth: number; _viewHeight: number };
  const width = internal._viewWidth + padding.left + padding.right;
  const height = internal._viewHeight + padding.top + padding.bottom;
  view.finalize();

  // Image URLs are sanitized while drawing; Vega swallows the refusal and draws nothing, we do not.
  if (refused.length) {
    throw refusedUrl(specText, file, refused[0]);
  }
  if (imageFailures.length) {
    const { path, reason } = imageFailures[0];
    const name = path.split('/').pop()!;
    throw new BriefError({
      stage: 'chart',
      place: specLine(specText, file, [name]),
      id: 'chartImage',
      reason: msg.chartImage(relative(options.dataDir ?? '.', path), reason),
      hint: msg.chartImageHint(),
    });
  }
  // A label in a script the chart font lacks would print as empty boxes: refuse it by name.
  for (const item of recorder.items) {
    if (item.kind !== 'text') continue;
    const missing = fonts.missing(item.face, item.text);
    if (missing.length) throw new BriefError({ stage: 'chart', place: { file }, id: 'glyphMissing', reason: msg.glyphMissing(missing[0], item.text), hint: msg.glyphMissingHint() });
  }
  if (recorder.unknownFonts.size) {
    const font = [...recorder.unknownFonts][0];
    throw new BriefError({ stage: 'chart', place: specLine(specText, file, [JSON.stringify(font), font]), id: 'chartFont', reason: msg.chartFont(font), hint: msg.chartFontHint(FAMILIES) });
  }
  if (recorder.unsupported.size) {
    throw new BriefError({
      stage: 'chart',
      place: { file },
      id: 'chartRun',
      reason: msg.chartRun(`not supported in print yet: ${[...recorder.unsupported].join(', ')}`),
      hint: msg.chartCompileHint(),
    });
  }
  return { width, height, items: recorder.items, alt, warnings };
}

/** A plain Vega spec (not Vega-Lite): its $schema names vega/v*, or it has top-level marks. */
function isVegaSpec(spec: Row): boolean {
  const schema = typeof spec.$schema === 'string' ? spec.$schema : '';
  return /\/vega\/v\d/.test(schema) || (!schema.includes('vega-lite') && Array.isArray(spec.marks));
}

async function compileLite(bound: Row, file: string, specText: string, options: ChartOptions, warnings: string[], original: Row): Promise<vega.Spec> {
  if (options.width !== undefined) {
    // The chart fills the column: its outer width, axes and labels included, is the column width.
    bound.width = options.width;
    bound.autosize = { type: 'fit-x', contains: 'padding' };
  }
  try {
    return vegaLite.compile(bound as unknown as vegaLite.TopLevelSpec, {
      config: { ...(options.theme === 'vega' ? {} : printConfig()), ...(options.config ?? {}) } as vegaLite.Config,
      logger: quietLogger(warnings),
    }).spec;
  } catch (e) {
    const why = (await explainSpec(original)) ?? (e as Error).message;
    throw new BriefError({ stage: 'chart', place: specLine(specText, file, badExpressions(original)), id: 'chartCompile', reason: msg.chartCompile(why), hint: msg.chartCompileHint(), cause: e });
  }
}

/** The parts of the print theme a plain Vega spec understands (Vega has no global font). */
function vegaConfig(options: ChartOptions): vega.Config | undefined {
  if (options.theme === 'vega' && !options.config) return undefined;
  const c = { ...(options.theme === 'vega' ? {} : printConfig()), ...(options.config ?? {}) } as Record<string, unknown>;
  return { axis: c.axis, legend: c.legend, title: c.title, range: c.range, text: c.text } as vega.Config;
}

/**
 * Vega-Lite's warnings worth an analyst's attention. Fitting a chart to the column is briefpress's
 * doing, not the spec's: the note that a discrete axis keeps its step instead (the chart is drawn
 * as the spec sized it) is no news, and says nothing the analyst could change.
 */
export function warningsWorthSaying(warnings: string[]): string[] {
  return warnings.filter((w) => !/^Dropping "fit(-[xy])?" because spec has discrete (width|height)/.test(w));
}

function quietLogger(warnings: string[]) {
  const logger = {
    level: (_?: number) => (_ === undefined ? 0 : logger),
    error: (...args: unknown[]) => {
      throw new Error(args.map(String).join(' '));
    },
    warn: (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger as unknown as NonNullable<Parameters<typeof vegaLite.compile>[1]>['logger'];
}
