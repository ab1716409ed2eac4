// The pipeline, one stage after another: load -> compose -> parse -> chart -> layout -> paint. No I/O past load.
import { BLOCKS } from './blocks/index.js';
import { relative } from 'node:path';
import type { Brief, Project } from './brief.js';
import { isWithin } from './files.js';
import { DEFAULT_PAPER } from './defaults.js';
import { chartDatasets, renderChart, warningsWorthSaying } from './chart/chart.js';
import type { ChartScene } from './chart/scene.js';
import { formatDate } from './compose/format.js';
import { compose } from './compose/compose.js';
import { BriefError, problem, problemsOf, type Problem } from './errors.js';
import { fontService, recallShapes, takeShapes } from './fonts/fonts.js';
import { cached, store } from './cache/disk.js';
import type { Layout } from './layout/boxes.js';
import { frameFor, layout } from './layout/layout.js';
import type { Paper, Theme } from './layout/theme.js';
import { loadBrief } from './load/load.js';
import { loadThemeWithOrigins } from './load/theme.js';
import { msg } from './messages.js';
import type { Standard } from './paint/metadata.js';
import type { ChangeNotice } from './print.js';
import { pdfRenderer } from './paint/paint.js';
import { DEFAULT_FORMAT, type Format, type Output, type Renderer } from './render.js';
import type { Document } from './parse/document.js';
import { contentOf, type Content } from './editions/content.js';
import type { Changes } from './editions/compare.js';
import { changesView } from './editions/changes.js';
import { markChanges } from './editions/marks.js';
import { FACT_BASE_FILE, factBase } from './editions/factbase.js';
import { parse } from './parse/parse.js';
import { isWorded, WORDED_LANGUAGES } from './wording.js';
import { placeholders } from './verify/placeholders.js';
import { checkUsage, provenanceError, verify, type Provenance } from './verify/verify.js';

export interface BuildOptions {
  paper?: Paper;
  root?: string;
  /** Render a brief that fails the provenance check, its unverified figures marked on the page. */
  allowUnverified?: boolean;
  /** Append the "Fact base" annex. */
  annex?: boolean;
  /** Append "Annex: Chart data": each figure's data as a tagged table. */
  chartData?: boolean;
  /** Standards the PDF conforms to (default: PDF/UA-1 and PDF/A-2a). */
  standard?: Standard;
  /** The output format (default: PDF). */
  format?: Format;
  /** With a PDF, its web twin too: the same layout as one HTML file (BuildResult.twin). */
  twin?: boolean;
  /** What an edition from the second on says of what changed: a box (default), or none. */
  changes?: ChangeNotice;
  /**
   * Which edition content with this hash is (write/editions.ts decides from the brief's history):
   * from the second on, the title block says so. Without it, a build is no edition (watch, -o -).
   */
  edition?: (content: Content) => { edition: number; date: string; changes?: { since: string; changes: Changes } };
  /** Stops the build at the next stage once aborted: the preview drops a build a newer save superseded. */
  signal?: AbortSignal;
}

/** Every output format and its renderer: a new format is a sibling of paint/ and one line here. */
const RENDERERS: { [F in Format]: Renderer } = {
  pdf: pdfRenderer,
  // Loaded when asked for: a PDF build (every cron run) does not load the web twin's code.
  html: { format: 'html', render: async (...args) => (await import('./html/html.js')).htmlRenderer.render(...args) },
};

/** The options a user sets for a rendered brief (the command line's, the manifest's key). */
export type RenderOptions = Pick<BuildOptions, 'paper' | 'annex' | 'allowUnverified' | 'standard' | 'chartData' | 'format' | 'twin' | 'changes'>;

export interface BuildResult {
  brief: Brief;
  provenance: Provenance;
  document: Document;
  layout: Layout;
  output: Output;
  /** The web twin of a PDF, when asked for (BuildOptions.twin). */
  twin?: Output;
  /** Where settings came from other than the project's defaults (a brief's theme.yaml), for --verbose. */
  settings: string[];
  /**
   * What the build let pass and the analyst should know: items printed marked unverified (with
   * --allow-unverified), Vega-Lite's warnings, a language briefpress has no words in.
   */
  warnings: Problem[];
}

/** Builds a brief folder into the bytes of its output; writing them is the caller's job (see write/write.ts). */
export async function buildBrief(briefDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const brief = loadBrief(briefDir, { root: options.root });
  const { theme, file, overrides } = loadThemeWithOrigins(brief.project, brief.dir);
  const result = await renderBrief(brief, theme, options.paper ?? DEFAULT_PAPER, options);
  const project = brief.project.root ? msg.projectAt(brief.project.root) : msg.noProject();
  return { ...result, settings: [project, msg.settingFrom('theme', whence(brief.project, file)), ...overrides.map((o) => msg.settingFrom(`theme ${o.setting}`, o.file)), ...result.settings] };
}

/** A template or theme file, said as where it comes from: the project's own, or briefpress's. */
function whence(project: Project, file: string): string {
  const layer = project.layers.find((l) => isWithin(l, file));
  return layer && layer !== project.root ? `briefpress's ${relative(layer, file)} (${file})` : file;
}

/**
 * Checks, then renders. A brief whose figures its sources do not support is refused (exit 2)
 * unless allowUnverified, which prints them marked instead.
 */
export async function renderBrief(brief: Brief, theme: Theme, paper: Paper, options: Omit<RenderOptions, 'paper'> & Pick<BuildOptions, 'edition' | 'signal'> = {}): Promise<BuildResult> {
  const fonts = fontService();
  const { signal } = options;
  signal?.throwIfAborted();
  // The words an earlier build of this brief shaped, replayed rather than shaped again: most of a
  // cold build's layout (the Karabakh brief, charts and subsets cached: 0.36 -> 0.30 s, medians of 11).
  recallShapes(() => cached('shapes', brief.dir));
  // A brief no longer marked draft must not ship a sentence nobody wrote.
  const unwritten = brief.meta.draft ? [] : placeholders(brief);
  if (unwritten.length) throw provenanceError(unwritten);
  const provenance = verify(brief);
  if (provenance.problems.length && !options.allowUnverified) throw provenanceError(provenance.problems);
  const composeOptions = { unverified: provenance.unverified, annex: options.annex, chartData: options.chartData };
  let composed = compose(brief, composeOptions);
  const unused = checkUsage(brief, composed.usedFacts);
  if (unused.length && !options.allowUnverified) throw provenanceError(unused);
  const parseOptions = { file: brief.content.file, source: brief.content.text, directives: BLOCKS.directives, language: brief.meta.language };
  let document = parse(composed.markdown, parseOptions);
  // What the brief says before it says which edition it is: what decides the edition, and what
  // the PDF carries for `briefpress facts` and `diff`.
  const content = contentOf(brief, document.blocks);
  const edition = options.edition?.(content);
  // The theme's notice, unless the project or the command line said otherwise.
  const notice = options.changes ?? theme.changes.notice;
  if (edition && edition.edition >= 2) {
    const changes = edition.changes && notice !== 'none' ? edition.changes : undefined;
    composed = compose(brief, { ...composeOptions, edition: { edition: edition.edition, date: edition.date, changes: changes && changesView(brief, changes.since, changes.changes) } });
    document = parse(composed.markdown, parseOptions);
    if (changes) markChanges(brief, content, changes.changes.changed, document.blocks);
  }

  signal?.throwIfAborted();
  const frame = frameFor(theme, paper);
  const datasets = chartDatasets(brief);
  const charts: Record<string, ChartScene> = {};
  for (const id of composed.figures) {
    const ref = brief.charts.find((c) => c.id === id)!;
    signal?.throwIfAborted();
    charts[id] = await renderChart(ref, datasets, { width: frame.w, dataDir: brief.dir, language: brief.meta.language });
  }
  const warnings: Problem[] = [];
  if (provenance.problems.length) {
    warnings.push(problem({ id: 'unverifiedPrinted', stage: 'verify', place: { file: brief.file }, reason: msg.unverifiedPrinted(provenance.problems.length), hint: msg.unverifiedPrintedHint() }));
  }
  // Let through by --allow-unverified: reported as what they are, at the grade the build gave them.
  warnings.push(...[...provenance.problems, ...unused].flatMap(problemsOf).map((p) => ({ ...p, severity: 'warning' as const })));
  for (const id of composed.figures) {
    const spec = brief.charts.find((c) => c.id === id)!.specPath;
    for (const w of warningsWorthSaying(charts[id].warnings)) warnings.push(problem({ id: 'vegaLite', stage: 'chart', place: { file: spec }, reason: msg.vegaLite(w), hint: msg.vegaLiteHint() }));
  }
  if (!isWorded(brief.meta.language)) {
    warnings.push(
      problem({
        id: 'languageUnworded',
        stage: 'compose',
        place: { file: brief.file, field: 'meta.language' },
        reason: msg.languageUnworded(brief.meta.language, WORDED_LANGUAGES),
        hint: msg.languageUnwordedHint(),
      }),
    );
  }
  for (const b of document.blocks) {
    if (b.kind === 'figure' && !charts[b.chart]) {
      // A ::figure directive written in the template, placed at its line there.
      const at = b.pos && document.place?.(b.pos);
      throw new BriefError({
        stage: 'parse',
        place: at?.place ?? { file: brief.content.file },
        id: 'unknownChart',
        reason:
          msg.unknownChart(
            b.chart,
            brief.charts.map((c) => c.id),
          ) + (at?.where ?? ''),
        hint: msg.unknownChartHint(),
      });
    }
  }

  signal?.throwIfAborted();
  const pages = layout(document, fonts, {
    theme,
    paper,
    language: brief.meta.language,
    charts,
    furniture: {
      banner: brief.meta.classification,
      footerLeft: `${brief.meta.desk} · ${formatDate(brief.meta.date, brief.meta.language)}`,
      draft: brief.meta.draft,
      bannerPlace: { file: brief.file, field: 'meta.classification' },
    },
    file: brief.content.file,
    kinds: BLOCKS,
  });

  const format = options.format ?? DEFAULT_FORMAT;
  const info = {
    title: brief.meta.title,
    author: brief.meta.author ?? brief.meta.desk,
    subject: brief.meta.subtitle ?? brief.meta.title,
    keywords: brief.meta.classification,
    language: brief.meta.language,
    creationDate: creationDate(brief),
    files: [
      {
        name: FACT_BASE_FILE,
        type: 'application/json',
        description: msg.factBaseDescription(brief.meta.title),
        relationship: 'Data' as const,
        data: Buffer.from(JSON.stringify(factBase(brief, content, edition && { number: edition.edition, date: edition.date }))),
      },
    ],
  };
  signal?.throwIfAborted();
  const bytes = await RENDERERS[format].render(pages, fonts, info, { standard: options.standard });
  // The same pages read as a web page: what a desk publishes beside the PDF.
  const twin = options.twin && format !== 'html' ? { format: 'html' as const, bytes: await RENDERERS.html.render(pages, fonts, { ...info, files: [] }, {}) } : undefined;
  const shapes = takeShapes();
  if (shapes) store('shapes', brief.dir, shapes);
  return {
    brief,
    provenance,
    document,
    layout: pages,
    output: { format, bytes },
    ...(twin ? { twin } : {}),
    settings: composed.templates.map((f) => msg.settingFrom('template', whence(brief.project, f))),
    warnings,
  };
}

/** SOURCE_DATE_EPOCH if set (reproducible-builds.org), else the brief's own date: never the clock. */
function creationDate(brief: Brief): Date {
  // A draft whose date is still TODO is dated by its latest dated source, else the epoch: never the clock.
  const dated = [
    brief.meta.date,
    ...brief.sources
      .map((s) => s.date)
      .sort()
      .reverse(),
  ].find((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  return sourceDateEpoch() ?? new Date(`${dated ?? '1970-01-01'}T00:00:00Z`);
}

/** Latest second a PDF date (D:YYYYMMDDHHmmss) can hold: 9999-12-31T23:59:59Z. */
const LAST_PDF_SECOND = 253402300799;

/**
 * SOURCE_DATE_EPOCH as a date, or undefined when unset. A value that is not whole seconds within
 * what a PDF date can say is refused: quietly ignoring it would break the reproducibility it asks for.
 */
export function sourceDateEpoch(): Date | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return undefined;
  if (!/^\d{1,12}$/.test(epoch.trim()) || Number(epoch) > LAST_PDF_SECOND) {
    throw new BriefError({ stage: 'cli', id: 'sourceDateEpoch', reason: msg.sourceDateEpoch(epoch), hint: msg.sourceDateEpochHint() });
  }
  return new Date(Number(epoch) * 1000);
}
