// npm run bench: whole-process cold builds, warm per-brief time by stage, peak memory, batch ratios; prints a table, writes JSON.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartDatasets, compileChart, renderChart } from '../chart/chart.js';
import type { ChartScene } from '../chart/scene.js';
import { compose } from '../compose/compose.js';
import { fontService } from '../fonts/fonts.js';
import { chartPage, frameFor, layout } from '../layout/layout.js';
import { loadBrief } from '../load/load.js';
import { loadTheme } from '../load/theme.js';
import { paint } from '../paint/paint.js';
import { parse } from '../parse/parse.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const preload = join(here, 'rusage.js');
const brief = join(root, 'briefs', 'karabakh-peacekeepers');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 10);
const BATCH_BRIEFS = 8;

interface Stats {
  median: number;
  min: number;
  max: number;
  runs: number;
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1], runs: s.length };
}

function cold(out: string): { ms: Stats; maxRssMb: Stats } {
  const times: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', preload, cli, 'build', brief, '-o', join(out, `cold-${i}.pdf`)], { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`cold build failed: ${r.stderr}`);
    times.push(ms);
    rss.push(Number(/BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024);
  }
  return { ms: stats(times), maxRssMb: stats(rss) };
}

const STAGES = ['load', 'compose+parse', 'chart', 'layout', 'paint'] as const;
type Stage = (typeof STAGES)[number];

async function warmOnce(): Promise<Record<Stage | 'total', number>> {
  const t: Partial<Record<Stage | 'total', number>> = {};
  const clock = () => Number(process.hrtime.bigint()) / 1e6;
  const start = clock();
  let s = start;
  const lap = (stage: Stage) => {
    const now = clock();
    t[stage] = now - s;
    s = now;
  };
  const b = loadBrief(brief);
  const theme = loadTheme(b.root);
  lap('load');
  const composed = compose(b);
  const doc = parse(composed.markdown);
  lap('compose+parse');
  const frame = frameFor(theme, 'a4');
  const datasets = chartDatasets(b);
  const charts: Record<string, ChartScene> = {};
  for (const id of composed.figures) charts[id] = await renderChart(b.charts.find((c) => c.id === id)!, datasets, { width: frame.w });
  lap('chart');
  const pages = layout(doc, fontService(), { theme, paper: 'a4', language: b.meta.language, charts, furniture: { banner: b.meta.classification, footerLeft: b.meta.desk } });
  lap('layout');
  await paint(pages, fontService(), { title: b.meta.title, author: b.meta.desk, subject: '', language: 'en', creationDate: new Date(0) });
  lap('paint');
  t.total = clock() - start;
  return t as Record<Stage | 'total', number>;
}

/** Eight copies of the Karabakh brief in a scratch project: the batch the targets name. */
function batchProject(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefpress-batch-'));
  cpSync(join(root, 'templates'), join(dir, 'templates'), { recursive: true });
  cpSync(join(root, 'charts'), join(dir, 'charts'), { recursive: true });
  for (let i = 1; i <= n; i++) cpSync(brief, join(dir, 'briefs', `k${i}`), { recursive: true });
  return dir;
}

function timeCli(args: string[], runs: number): Stats {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bench: ${args.join(' ')} failed: ${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return stats(times);
}

function batch() {
  const dir = batchProject(BATCH_BRIEFS);
  const runs = Number(process.env.BENCH_BATCH_RUNS ?? 3);
  // Interleaved, so drift in a shared machine's load hits both alike.
  const one: number[] = [];
  const two: number[] = [];
  for (let i = 0; i < runs; i++) {
    one.push(timeCli(['build', '--all', '--root', dir, '--force', '--quiet', '--jobs', '1'], 1).median);
    two.push(timeCli(['build', '--all', '--root', dir, '--force', '--quiet', '--jobs', '2'], 1).median);
  }
  const unchanged = timeCli(['build', '--all', '--root', dir, '--quiet'], runs);
  const jobs1 = stats(one);
  const jobs2 = stats(two);
  return { briefs: BATCH_BRIEFS, jobs1, jobs2, unchanged, jobs2OverJobs1: jobs2.median / jobs1.median, unchangedOverFull: unchanged.median / jobs1.median };
}

/**
 * The chart stage two ways, for the Karabakh charts: our direct painter (Vega's canvas calls
 * recorded, replayed with PDFKit) against the SVG route (Vega's SVG through svg-to-pdfkit, a dev
 * dependency used only here). Both include compiling and running the spec.
 */
async function charts() {
  const b = loadBrief(brief);
  const theme = loadTheme(b.root);
  const width = frameFor(theme, 'a4').w;
  const datasets = chartDatasets(b);
  const runs = Number(process.env.BENCH_CHART_RUNS ?? 10);
  const { default: SVGtoPDF } = (await import('svg-to-pdfkit')) as unknown as { default: (doc: unknown, svg: string, x: number, y: number, o?: object) => void };
  const { default: PDFDocument } = await import('pdfkit');
  const fonts = fontService();
  const direct: number[] = [];
  const svgRoute: number[] = [];
  const clock = () => Number(process.hrtime.bigint()) / 1e6;
  for (let i = 0; i < runs + 1; i++) {
    let t = clock();
    for (const ref of b.charts) {
      const scene = await renderChart(ref, datasets, { width, dataDir: b.dir });
      await paint(chartPage(scene), fonts, { title: '', author: '', subject: '', language: 'en', creationDate: new Date(0) });
    }
    if (i) direct.push(clock() - t);
    t = clock();
    for (const ref of b.charts) {
      const { view } = await compileChart(ref, datasets, { width, dataDir: b.dir });
      const svg = await view.toSVG();
      view.finalize();
      const doc = new PDFDocument({ autoFirstPage: false });
      doc.registerFont('Source Sans 3', fonts.font('sans') as unknown as string);
      const done = new Promise((r) => doc.on('end', r));
      doc.on('data', () => {});
      doc.addPage({ size: [width, 400], margin: 0 });
      SVGtoPDF(doc, svg, 0, 0, { fontCallback: () => 'Source Sans 3' });
      doc.end();
      await done;
    }
    if (i) svgRoute.push(clock() - t);
  }
  return { charts: b.charts.length, direct: stats(direct), svgRoute: stats(svgRoute) };
}

/**
 * What tagging costs: the Karabakh brief laid out once, painted again and again under each standard
 * (interleaved, so machine noise hits all alike): warm paint time and the bytes of the PDF.
 */
async function tagging() {
  const b = loadBrief(brief);
  const theme = loadTheme(b.root);
  const composed = compose(b);
  const doc = parse(composed.markdown);
  const datasets = chartDatasets(b);
  const charts: Record<string, ChartScene> = {};
  for (const id of composed.figures) charts[id] = await renderChart(b.charts.find((c) => c.id === id)!, datasets, { width: frameFor(theme, 'a4').w });
  const pages = layout(doc, fontService(), { theme, paper: 'a4', language: b.meta.language, charts, furniture: { banner: b.meta.classification, footerLeft: b.meta.desk } });
  const standards = ['none', 'a2b', 'ua', 'ua+a2a'] as const;
  const times: Record<string, number[]> = Object.fromEntries(standards.map((k) => [k, []]));
  const bytes: Record<string, number> = {};
  const runs = Number(process.env.BENCH_TAG_RUNS ?? 15);
  for (let i = 0; i < runs + 1; i++) {
    for (const standard of standards) {
      const t0 = process.hrtime.bigint();
      const pdf = await paint(pages, fontService(), { title: b.meta.title, author: b.meta.desk, subject: '', language: 'en', creationDate: new Date(0), standard });
      if (i) times[standard].push(Number(process.hrtime.bigint() - t0) / 1e6);
      bytes[standard] = pdf.length;
    }
  }
  return Object.fromEntries(standards.map((k) => [k, { paintMs: stats(times[k]), bytes: bytes[k] }])) as Record<(typeof standards)[number], { paintMs: Stats; bytes: number }>;
}

async function main() {
  const out = mkdtempSync(join(tmpdir(), 'briefpress-bench-'));
  const c = cold(out);
  const first = await warmOnce(); // the first in-process build parses fonts and warms Vega
  const runs: Record<Stage | 'total', number>[] = [];
  for (let i = 0; i < WARM_RUNS; i++) runs.push(await warmOnce());
  const warm = Object.fromEntries((['total', ...STAGES] as const).map((k) => [k, stats(runs.map((r) => r[k]))])) as Record<Stage | 'total', Stats>;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const ch = await charts();
  const tags = await tagging();
  const b = batch();

  const f = (n: number) => n.toFixed(1).padStart(8);
  const rows = [
    ['cold build (whole process)', c.ms],
    ['first build in process', stats([first.total])],
    ...(['total', ...STAGES] as const).map((k) => [`warm ${k}`, warm[k]] as const),
  ] as const;
  console.log(`briefpress bench: Karabakh brief, node ${process.version}, ${COLD_RUNS} cold runs, ${WARM_RUNS} warm runs (ms)`);
  console.log(`${'measure'.padEnd(30)}${'median'.padStart(8)}${'min'.padStart(8)}${'max'.padStart(8)}`);
  for (const [name, s] of rows) console.log(`${name.padEnd(30)}${f(s.median)}${f(s.min)}${f(s.max)}`);
  console.log(`peak memory: cold process median ${c.maxRssMb.median.toFixed(0)} MB (max ${c.maxRssMb.max.toFixed(0)}), warm process ${peakMb.toFixed(0)} MB`);
  console.log(`chart stage, the ${ch.charts} Karabakh charts to PDF (median of ${ch.direct.runs}):`);
  console.log(`  ${'direct painter'.padEnd(28)}${f(ch.direct.median)}${f(ch.direct.min)}${f(ch.direct.max)}`);
  console.log(`  ${'SVG route (svg-to-pdfkit)'.padEnd(28)}${f(ch.svgRoute.median)}${f(ch.svgRoute.min)}${f(ch.svgRoute.max)}`);
  console.log(`tagging: warm paint of the laid-out brief and PDF bytes, by --standard (median of ${tags.none.paintMs.runs}):`);
  for (const [name, t] of Object.entries(tags)) console.log(`  ${name.padEnd(28)}${f(t.paintMs.median)}${f(t.paintMs.min)}${f(t.paintMs.max)}${String(t.bytes).padStart(9)} bytes`);
  console.log(`  ua+a2a / none: paint ${(tags['ua+a2a'].paintMs.median / tags.none.paintMs.median).toFixed(2)}x, bytes +${tags['ua+a2a'].bytes - tags.none.bytes}`);
  console.log(`batch of ${b.briefs} briefs (whole process, median of ${b.jobs1.runs}):`);
  for (const [name, st] of [['--jobs 1 --force', b.jobs1], ['--jobs 2 --force', b.jobs2], ['unchanged rebuild', b.unchanged]] as const) console.log(`  ${name.padEnd(28)}${f(st.median)}${f(st.min)}${f(st.max)}`);
  console.log(`  jobs 2 / jobs 1 = ${b.jobs2OverJobs1.toFixed(2)} (target <= 0.75); unchanged / full = ${b.unchangedOverFull.toFixed(2)} (target <= 0.25)`);

  const result = { node: process.version, cold: c, firstInProcessMs: first.total, warm, warmPeakRssMb: peakMb, charts: ch, tagging: tags, batch: b };
  mkdirSync(join(root, 'output'), { recursive: true });
  const file = join(root, 'output', 'bench.json');
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${file}`);
}

await main();
