// compose: Brief + templates -> Markdown with directives, through strict, sandboxed Handlebars.
import { join } from 'node:path';
import { PACKAGE_ROOT, partialFiles, projectFile, templateDirs } from '../load/project.js';
import Handlebars, { type ParseOptions } from 'handlebars';
import type { Brief, ChartRef, Fact } from '../brief.js';
import { BriefError } from '../errors.js';
import { msg, type MessageId } from '../messages.js';
import { processCache } from '../cache/memory.js';
import { capitalize, formatDate, formatFact, formatNumber, quoted } from './format.js';
import { escapeMarkdown, escapeTree } from './markdown-escape.js';
import { inlineMark } from './marks.js';
import { isWithin, readUserText } from '../files.js';
import { nearNames } from '../suggest.js';
import { fillTerm, termArity, wording, type Terms, type Wording } from '../wording.js';

export interface Composed {
  markdown: string;
  /** Fact ids the templates printed, in order of first use (for checks and the fact annex). */
  usedFacts: string[];
  /** Chart ids in the order the figures were placed (Figure 1, 2, ...). */
  figures: string[];
  /** The template files the brief was composed with, in the order first used. */
  templates: string[];
}

/** Partial calls and loop iterations one render may make: the Karabakh brief makes about 60. */
const TEMPLATE_WORK = 100_000;
/** Characters of composed Markdown one brief may have: some 300 pages. */
const COMPOSED_LIMIT = 1_000_000;

/** A problem a helper found; turned into a BriefError once we know which template it came from. */
class TemplateProblem extends Error {
  constructor(
    readonly id: MessageId,
    readonly reason: string,
    readonly hint: string,
    readonly loc?: { file?: string; line: number; column: number },
  ) {
    super(reason);
  }
}

type HelperOptions = Handlebars.HelperOptions & { loc?: { source?: string; start: { line: number; column: number } } };

const HELPERS = ['fact', 'cite', 'figure', 'date', 'quoted', 't'] as const;
type HelperName = (typeof HELPERS)[number];

/**
 * Templates compiled in this process, by file and text: Handlebars' parser and code generator were
 * ~2.5 ms of a warm build's ~30 (cpu profile of 100 builds), for the same few templates each time.
 * What is kept is the compiled spec, bound to each brief's own environment (its helpers and
 * partials) by hb.template, as a precompiled template is.
 */
const compiledSpecs = processCache<string, TemplateSpecification>(64);
/**
 * briefpress's own templates (the policy brief and its partials), compiled once more and kept in
 * the startup snapshot: they depend on nothing a brief says, and compiling them was ~10 ms of
 * every cold build. A brief's own template, and a project's, are compiled by the process.
 */
const ownSpecs = processCache<string, TemplateSpecification>(32, { keepInSnapshot: true });
const OWN_TEMPLATES = join(PACKAGE_ROOT, 'templates');

type Env = typeof Handlebars & {
  Compiler: new () => { compile(ast: unknown, options: object): unknown };
  JavaScriptCompiler: new () => { compile(environment: unknown, options: object, context: undefined, asObject: true): TemplateSpecification };
};

/** What Handlebars.compile makes of `source` on first use, made once per process (see compiledSpecs). */
function compiledSpec(hb: typeof Handlebars, source: string, file: string): TemplateSpecification {
  const key = `${file}\0${source}`;
  const specs = isWithin(OWN_TEMPLATES, file) ? ownSpecs : compiledSpecs;
  let spec = specs.get(key);
  if (!spec) {
    const env = hb as Env;
    const options = { ...COMPILE, srcName: file, data: true };
    const ast = env.parse(source, options as ParseOptions);
    checkTemplate(ast, file);
    spec = new env.JavaScriptCompiler().compile(new env.Compiler().compile(ast, options), options, undefined, true);
    specs.set(key, spec);
  }
  return spec;
}

/** Where each partial a template calls is first called, by file: an unknown one is named there. */
const partialCalls = new Map<string, Map<string, { line: number; column: number }>>();

interface TemplateNode {
  type: string;
  loc?: { start: { line: number; column: number } };
  name?: TemplateNode & { original?: unknown };
  path?: TemplateNode & { original?: unknown };
  params?: TemplateNode[];
  body?: TemplateNode[];
  program?: TemplateNode;
  inverse?: TemplateNode;
  original?: unknown;
  value?: unknown;
}

/**
 * What Handlebars would only find while rendering, or never say where: a partial named by an
 * expression, a decorator (a template may not run code of its own), an inline partial that calls
 * itself. Each refused at its tag's line and column, before anything runs.
 */
function checkTemplate(ast: TemplateNode, file: string): void {
  const calls = new Map<string, { line: number; column: number }>();
  partialCalls.set(file, calls);
  const at = (n: TemplateNode) => ({ file, line: n.loc?.start.line ?? 1, column: (n.loc?.start.column ?? 0) + 1 });
  const walk = (n: TemplateNode | undefined, inside: string[]) => {
    if (!n) return;
    if (n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') {
      if (n.name?.type === 'SubExpression') throw new TemplateProblem('partialComputed', msg.partialComputed(), msg.partialComputedHint(), at(n));
      const name = String(n.name?.original ?? '');
      if (inside.includes(name)) throw new TemplateProblem('partialRecurses', msg.partialRecurses(name), msg.partialRecursesHint(), at(n));
      if (!calls.has(name)) calls.set(name, at(n));
    }
    let within = inside;
    if (n.type === 'Decorator' || n.type === 'DecoratorBlock') {
      if (n.path?.original !== 'inline') throw new TemplateProblem('decoratorRefused', msg.decoratorRefused(String(n.path?.original ?? '')), msg.decoratorRefusedHint(), at(n));
      within = [...inside, String(n.params?.[0]?.value ?? n.params?.[0]?.original ?? '')];
    }
    for (const child of n.body ?? []) walk(child, within);
    walk(n.program, within);
    walk(n.inverse, within);
  };
  walk(ast, []);
}

const COMPILE: CompileOptions = {
  strict: true,
  knownHelpersOnly: true,
  // Handlebars' built-in log writes to the console from a template: not a template's business.
  knownHelpers: { ...Object.fromEntries(HELPERS.map((h) => [h, true])), log: false },
  // Values are escaped for Markdown before they reach the template (escapeTree); HTML-escaping
  // would print "&amp;" in a PDF.
  noEscape: true,
  preventIndent: true,
};

export interface ComposeOptions {
  /** Items that failed the provenance check, to be printed visibly marked (--allow-unverified). */
  unverified?: { facts: Set<string>; rows: Set<string>; events: Set<number> };
  /** Append the "Fact base" annex: each fact, its value and its quoted sentence. */
  annex?: boolean;
  /** Append "Annex: Chart data": the rows behind each figure, as tables a screen reader can walk. */
  chartData?: boolean;
  /** The edition this build is; the title block says so from the second on, and what changed since the one before. */
  edition?: { edition: number; date: string; changes?: ChangesView };
}

/** What the "Changes since" box lists (editions/changes.ts makes it): plain text, escaped as the context is. */
export interface ChangesView {
  since: string;
  figures: string[];
  added: string[];
  dropped: string[];
  sections: string | null;
}

export function compose(brief: Brief, options: ComposeOptions = {}): Composed {
  const unverified = options.unverified ?? { facts: new Set<string>(), rows: new Set<string>(), events: new Set<number>() };
  const language = brief.meta.language;
  const words = wording(language);
  const layoutFile = /^[a-z0-9-]+$/.test(brief.meta.template) ? projectFile(brief.project, join('templates', `${brief.meta.template}.md.hbs`))?.file : undefined;
  if (!layoutFile) {
    throw new BriefError({ stage: 'compose', place: { file: brief.file, field: 'meta.template' }, id: 'unknownLayout', reason: msg.unknownLayout(brief.meta.template), hint: msg.unknownLayoutHint() });
  }

  // An isolated environment: nothing registered here leaks to other briefs built in this process.
  const hb = Handlebars.create();
  const usedFacts: string[] = [];
  const figures: string[] = [];
  /** Disputed facts in the order first printed: each gets one note, at its first use. */
  const disputes: { id: string; note: string }[] = [];
  const facts = new Map(brief.facts.map((f) => [f.id, f]));
  const sourceNumber = new Map(brief.sources.map((s, i) => [s.id, i + 1]));

  // The template a helper call is written in (compiled with srcName): the content's own text inside
  // a block partial such as {{#> key-judgments}} belongs to content.md.hbs, not to the partial.
  const where = (options: HelperOptions) => options.loc && { file: options.loc.source, line: options.loc.start.line, column: options.loc.start.column + 1 };
  const stringArg = (name: HelperName, usage: string, args: unknown[], options: HelperOptions): string => {
    if (args.length !== 1 || typeof args[0] !== 'string') {
      throw new TemplateProblem('helperArgs', msg.helperArgs(name, usage), `write it as ${usage}`, where(options));
    }
    // Arguments taken from the (escaped) context arrive with backslash escapes: ids never contain any.
    return args[0].replace(/\\(.)/g, '$1');
  };

  const helpers: Record<HelperName, (...args: unknown[]) => string> = {
    fact(...args) {
      const options = args.pop() as HelperOptions;
      const id = stringArg('fact', '{{fact "fact.id"}}', args, options);
      const fact = facts.get(id);
      if (!fact) throw new TemplateProblem('unknownFact', msg.unknownFact(id, nearNames(id, facts.keys())), msg.unknownFactHint(), where(options));
      if (!usedFacts.includes(id)) usedFacts.push(id);
      const hash = options.hash as { unit?: boolean; capitalize?: boolean };
      let text = formatFact(fact, { unit: hash.unit, language });
      if (hash.capitalize) text = capitalize(text, language);
      // A person's name is never split across lines or hyphenated.
      // Marked with its id, which prints nothing: the preview finds each figure on the page by it.
      const printed = fact.kind === 'actor' && !fact.display ? inlineMark.name(id, escapeMarkdown(text)) : inlineMark.fact(id, escapeMarkdown(text));
      // A figure the sources disagree on says so once, in a note at its first use, in the brief's
      // own words; the marker is placed at the end of the word group later (placeDisputeMarks).
      let disputed = '';
      if (fact.disputed && fact.note && !disputes.some((d) => d.id === id)) {
        disputes.push({ id, note: fact.note });
        disputed = `${MARK_OPEN}${disputes.length}${MARK_CLOSE}`;
      }
      return printed + disputed + (unverified.facts.has(id) ? ` **${escapeMarkdown(words.unverified)}**` : '');
    },
    cite(...args) {
      const options = args.pop() as HelperOptions;
      const id = stringArg('cite', '{{cite "source-id"}}', args, options);
      const n = sourceNumber.get(id);
      if (!n) throw new TemplateProblem('unknownSource', msg.unknownSource(id, [...sourceNumber.keys()]), msg.unknownSourceHint(), where(options));
      return inlineMark.cite(n);
    },
    figure(...args) {
      const options = args.pop() as HelperOptions;
      const id = stringArg('figure', '{{figure "chart-id"}}', args, options);
      const chart = brief.charts.find((c) => c.id === id);
      if (!chart)
        throw new TemplateProblem(
          'unknownChart',
          msg.unknownChart(
            id,
            brief.charts.map((c) => c.id),
          ),
          msg.unknownChartHint(),
          where(options),
        );
      if (figures.includes(id)) throw new TemplateProblem('figureTwice', msg.figureTwice(id), 'place each chart once', where(options));
      figures.push(id);
      const rows = brief.datasets[chart.dataset].rows.filter((_, i) => unverified.rows.has(`${chart.dataset}#${i}`)).length;
      const line = sourceLine(brief, chart) + (rows ? `. ${words.unverified} ${words.unverifiedRows(rows)}` : '');
      return figurePartial(ownOnly({ chart: escapeTree(chartView(chart)), number: figures.length, sourceLine: escapeMarkdown(line) }));
    },
    date(...args) {
      const options = args.pop() as HelperOptions;
      const iso = stringArg('date', '{{date "YYYY-MM-DD"}}', args, options);
      return formatDate(iso, language);
    },
    quoted(...args) {
      const options = args.pop() as HelperOptions;
      // {{quoted title ","}}: the punctuation after the title goes where the brief's language puts it.
      if (args.length < 1 || args.length > 2 || args.some((a) => typeof a !== 'string')) {
        throw new TemplateProblem('helperArgs', msg.helperArgs('quoted', '{{quoted title ","}}'), 'write it as {{quoted title ","}} (the punctuation is optional)', where(options));
      }
      return quoted(args[0] as string, language, (args[1] as string | undefined) ?? '');
    },
    // {{t "keyFacts"}}, {{t "figure" number}}: a label of briefpress's partials, in the brief's language.
    t(...args) {
      const options = args.pop() as HelperOptions;
      const name = args[0];
      if (typeof name !== 'string' || !name)
        throw new TemplateProblem('helperArgs', msg.helperArgs('t', '{{t "keyFacts"}}'), 'write it as {{t "keyFacts"}}, or {{t "figure" number}} for a label that takes a value', where(options));
      const terms = words.terms as unknown as Record<string, string>;
      if (!Object.hasOwn(terms, name)) throw new TemplateProblem('unknownTerm', msg.unknownTerm(name, Object.keys(terms), nearNames(name, Object.keys(terms))), msg.unknownTermHint(), where(options));
      const term = terms[name as keyof Terms];
      const values = args.slice(1);
      if (values.length !== termArity(term)) throw new TemplateProblem('termArgs', msg.termArgs(name, termArity(term), values.length), msg.unknownTermHint(), where(options));
      // Values from the context arrive escaped already; the term itself is ours and plain.
      return fillTerm(
        term,
        values.map((v) => (typeof v === 'number' ? formatNumber(v, language) : String(v ?? ''))),
        escapeMarkdown,
      );
    },
  };
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
  hb.unregisterHelper('log');

  // A render's work is bounded: partials that call each other twice per level, or {{#each}} nested
  // over the same lists, grow exponentially and would hang a cron build for minutes before the
  // string outgrew memory. Every partial call and every iteration spends from one budget.
  let work = 0;
  const spend = (n: number, loc?: { file?: string; line: number; column: number }) => {
    work += n;
    if (work > TEMPLATE_WORK) throw new TemplateProblem('templateWork', msg.templateWork(TEMPLATE_WORK), msg.templateWorkHint(), loc);
  };
  const runtime = (hb as unknown as { VM: { invokePartial: (...args: unknown[]) => unknown } }).VM;
  (hb as unknown as { VM: object }).VM = {
    ...runtime,
    invokePartial(this: unknown, ...args: unknown[]) {
      spend(1);
      return runtime.invokePartial.apply(this, args);
    },
  };
  const each = hb.helpers.each as (this: unknown, context: unknown, options: HelperOptions) => string;
  hb.registerHelper('each', function (this: unknown, context: unknown, options: HelperOptions) {
    const n = Array.isArray(context) ? context.length : context && typeof context === 'object' ? Object.keys(context).length : 0;
    spend(n, where(options));
    return each.call(this, context, options);
  });

  const templates: string[] = [];
  const compileFile = (file: string) => {
    // Templates are the project's (templates/), briefpress's and the brief's own: never a link out of them.
    const source = readUserText(file, 'template', { within: [...templateDirs(brief.project), brief.dir], stage: 'compose' });
    let template: HandlebarsTemplateDelegate | undefined;
    // Compiled on first use, as Handlebars' own compile does (a partial never used is never
    // compiled), and its errors caught here so that they name this file, not the caller.
    return (context: unknown, options?: Handlebars.RuntimeOptions) => {
      try {
        if (!template) {
          template = hb.template(compiledSpec(hb, source, file));
          templates.push(file);
        }
        return template(context, options);
      } catch (e) {
        throw templateError(e, file, source);
      }
    };
  };

  const partials = partialFiles(brief.project);
  const partialNames = [...partials.keys()];
  for (const [name, file] of partials) hb.registerPartial(name, compileFile(file) as unknown as Handlebars.Template);
  const figurePartialFile = partials.get('figure');
  if (!figurePartialFile) throw new BriefError({ stage: 'compose', id: 'unknownPartial', reason: msg.unknownPartial('figure', partialNames), hint: msg.unknownPartialHint() });
  const figurePartial = compileFile(figurePartialFile);

  const escaped = escapeTree(templateContext(brief, unverified, options.annex ?? false, words, options.edition)) as { timeline: { when: string }[] };
  // Each event's date marked as a fact is (it prints nothing): the preview shows its quote on a click.
  escaped.timeline.forEach((e, i) => (e.when = inlineMark.fact(eventMark(i), e.when)));
  const context = ownOnly(escaped);
  const body = compileFile(brief.content.file)(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  // The composed body is Markdown already: it joins the (escaped) context unescaped.
  const layoutContext = new Proxy({ ...(context as object), body }, { has: (t, k) => Object.hasOwn(t, k) });
  const markdown = compileFile(layoutFile)(layoutContext, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  // Within the work budget a template can still repeat a long fact into megabytes of text: a brief
  // is read in minutes, and a few hundred pages is past any brief (and past a build's memory).
  if (markdown.length > COMPOSED_LIMIT) {
    throw new BriefError({
      stage: 'compose',
      place: { file: brief.content.file },
      id: 'composedTooLong',
      reason: msg.composedTooLong(markdown.length, COMPOSED_LIMIT),
      hint: msg.composedTooLongHint(),
    });
  }

  const noted = placeDisputeMarks(markdown, disputes, words);
  return { markdown: options.chartData ? noted + chartDataAnnex(brief, figures, words) : noted, usedFacts, figures, templates };

  function templateError(e: unknown, file: string, source: string): BriefError {
    if (e instanceof BriefError) return e;
    if (e instanceof TemplateProblem) {
      return new BriefError({ id: e.id, stage: 'compose', place: { ...(e.loc ?? {}), file: e.loc?.file ?? file }, reason: e.reason, hint: e.hint });
    }
    const err = e as Error & { lineNumber?: number; column?: number };
    const text = String(err.message ?? e);
    const partial = /The partial (\S+) could not be found/.exec(text);
    if (partial) {
      const call = partialCalls.get(file)?.get(partial[1]);
      const place = call ?? { file, line: lineOf(source, `{{> ${partial[1]}`) ?? lineOf(source, partial[1]) };
      return new BriefError({ stage: 'compose', place, id: 'unknownPartial', reason: msg.unknownPartial(partial[1], partialNames), hint: msg.unknownPartialHint() });
    }
    // Partials that call each other in a circle (a calls b, b calls a) run until the stack ends.
    if (e instanceof RangeError && /call stack/.test(text)) {
      return new BriefError({ stage: 'compose', place: { file }, id: 'partialsCircle', reason: msg.partialsCircle(), hint: msg.partialRecursesHint() });
    }
    const helper = /unknown helper (\S+)/.exec(text);
    const loc = /- (\d+):(\d+)$/.exec(text);
    const line = err.lineNumber ?? (loc ? Number(loc[1]) : undefined) ?? Number(/on line (\d+)/.exec(text)?.[1]);
    const column = err.column !== undefined ? err.column + 1 : loc ? Number(loc[2]) + 1 : undefined;
    if (helper) {
      return new BriefError({
        stage: 'compose',
        place: { file, line, column },
        id: 'unknownHelper',
        reason: msg.unknownHelper(helper[1], [...HELPERS, 'if', 'unless', 'each', 'with'], nearNames(helper[1], [...HELPERS, 'if', 'unless', 'each', 'with'])),
        hint: msg.unknownHelperHint(),
      });
    }
    const missing = /^"([^"]+)" not defined in/.exec(text);
    if (missing) {
      return new BriefError({ stage: 'compose', place: { file, line, column }, id: 'unknownField', reason: msg.unknownField(missing[1]), hint: msg.unknownFieldHint() });
    }
    const parseLine = /Parse error on line (\d+)/.exec(text);
    if (parseLine) {
      const expecting = /Expecting (.*), got (.*)$/m.exec(text);
      return new BriefError({
        stage: 'compose',
        place: { file, line: Number(parseLine[1]) },
        id: 'templateSyntax',
        reason: msg.templateSyntax(expecting ? `expected ${expecting[1]}, got ${expecting[2]}` : text.split('\n')[0]),
        hint: msg.templateSyntaxHint(),
      });
    }
    return new BriefError({
      stage: 'compose',
      place: { file, line: Number.isFinite(line) ? line : undefined, column },
      id: 'templateSyntax',
      reason: msg.templateSyntax(text.replace(/ - \d+:\d+$/, '')),
      hint: msg.templateSyntaxHint(),
    });
  }
}

/**
 * Template data that admits only its own fields. Strict mode checks `name in object`, which sees
 * inherited names: `{{meta.constructor}}` would pass it and print a blank (Handlebars denies the
 * prototype, with a console warning). With own fields only, it is an error naming the field.
 */
function ownOnly(value: unknown): unknown {
  const has = (target: object, key: string | symbol) => Object.hasOwn(target, key);
  if (Array.isArray(value)) return new Proxy(value.map(ownOnly), { has });
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = ownOnly(v);
    return new Proxy(out, { has });
  }
  return value;
}

/** What templates see: the brief's data with explicit nulls for optional fields (strict mode needs them). */
function templateContext(brief: Brief, unverified: NonNullable<ComposeOptions['unverified']>, annex: boolean, words: Wording, edition: ComposeOptions['edition']) {
  const count = unverified.facts.size + unverified.rows.size + unverified.events.size;
  const mark = words.unverified;
  return {
    meta: { ...brief.meta, subtitle: brief.meta.subtitle ?? null, author: brief.meta.author ?? null },
    sources: brief.sources.map((s, i) => ({ id: s.id, number: i + 1, publisher: s.publisher, title: s.title, date: s.date, file: s.file, url: s.url ?? null })),
    timeline: brief.timeline.map((e, i) => ({ when: e.when, at: e.at, text: e.text, source: e.source, unverified: unverified.events.has(i) ? mark : null })),
    facts: Object.fromEntries(brief.facts.map((f) => [f.id, factView(f, brief.meta.language)])),
    provenance: { unverified: count, mark: mark, notice: count ? words.unverifiedNotice(count, mark) : null },
    annex,
    // The first edition is the brief itself; from the second on, readers are told which they hold.
    edition: edition && edition.edition >= 2 ? { number: edition.edition, date: edition.date } : null,
    changes: edition && edition.edition >= 2 && edition.changes ? edition.changes : null,
    factBase: brief.facts.map((f) => ({
      id: f.id,
      text: formatFact(f, { language: brief.meta.language }),
      asOf: f.asOf,
      quote: f.quotes.join(' … '),
      source: brief.sources.findIndex((s) => s.id === f.source) + 1,
      unverified: unverified.facts.has(f.id) ? mark : null,
    })),
  };
}

function factView(f: Fact, language: string) {
  return { id: f.id, value: f.value, unit: f.unit ?? null, text: formatFact(f, { language }), asOf: f.asOf, source: f.source };
}

function chartView(c: ChartRef) {
  return { id: c.id, title: c.title, alt: c.alt, note: c.note ?? null };
}

/** "Associated Press, 17 April 2024" for every source the chart's dataset rows cite. */
function sourceLine(brief: Brief, chart: ChartRef): string {
  const ids = [...new Set(brief.datasets[chart.dataset].rows.map((r) => r.source))];
  return ids
    .map((id) => brief.sources.find((s) => s.id === id)!)
    .map((s) => `${s.publisher}, ${formatDate(s.date, brief.meta.language)}`)
    .join('; ');
}

function lineOf(source: string, needle: string): number | undefined {
  const i = source.indexOf(needle);
  return i < 0 ? undefined : source.slice(0, i).split('\n').length;
}

/**
 * The data behind each figure as a table (figures in the order they were placed): a reader who
 * cannot see the chart gets every value, and the annex is tagged as a real table like any other.
 * Fields that only place marks (the dataset's `presentation:`) are left out.
 */
function chartDataAnnex(brief: Brief, figures: string[], words: Wording): string {
  const out = ['', `## ${escapeMarkdown(words.chartData)}`, ''];
  figures.forEach((id, i) => {
    const ref = brief.charts.find((c) => c.id === id);
    const ds = ref ? brief.datasets[ref.dataset] : undefined;
    if (!ref || !ds || !ds.rows.length) return;
    const fields = Object.keys(ds.rows[0].fields).filter((f) => !ds.presentation.includes(f));
    const numeric = fields.map((f) => ds.rows.every((r) => typeof r.fields[f] === 'number' || r.fields[f] == null));
    const cell = (v: unknown) => (v == null ? '' : typeof v === 'number' ? formatNumber(v, brief.meta.language) : escapeMarkdown(String(v)));
    out.push(`### ${escapeMarkdown(words.figure(i + 1, ref.title))}`, '');
    out.push(`| ${fields.map(escapeMarkdown).join(' | ')} |`, `|${numeric.map((n) => (n ? '---:' : ':---')).join('|')}|`);
    for (const r of ds.rows) out.push(`| ${fields.map((f) => cell(r.fields[f])).join(' | ')} |`);
    out.push('');
  });
  return out.join('\n');
}

/** Where a disputed figure's note marker stands until the word group around it is known. */
/** The mark of timeline event `i` (0-based): no fact id starts with "@", so none is taken for an event. */
export const eventMark = (i: number) => `@event-${i + 1}`;

const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';

/**
 * Each disputed figure's marker moved to the end of its word group ("13,500-strong", not
 * "13,500 troops[a]-strong"), as a footnote whose text says how the sources differ.
 */
function placeDisputeMarks(markdown: string, disputes: { id: string; note: string }[], words: Wording): string {
  if (!disputes.length) return markdown;
  const placed = markdown.replace(/\uE000(\d+)\uE001((?:[\p{L}\p{N}\u2010\u2011'’]|\\?-)*)/gu, (_, n: string, rest: string) => `${rest}[^disputed-${n}]`);
  const notes = disputes.map((d, i) => `[^disputed-${i + 1}]: ${words.disputed(escapeMarkdown(d.note.replace(/[.\s]+$/, '')))}`);
  return `${placed}\n\n${notes.join('\n\n')}\n`;
}
