// The Typst peer of `npm run bench` (issue 10's yardstick): the same brief, set by Typst from the
// same content and fonts, its charts drawn by Vega as SVG. Installed on demand under bench/typst
// (its own package, not a dependency of briefpress); the bench reports it missing rather than fail
// when npm cannot fetch it.
import { BLOCKS } from '../blocks/index.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chartDatasets } from '../chart/chart.js';
import { printConfig } from '../chart/theme.js';
import { compose } from '../compose/compose.js';
import { loadBrief } from '../load/load.js';
import type { Block, Span } from '../parse/document.js';
import { parse } from '../parse/parse.js';

const require = createRequire(import.meta.url);

/** Typst markup for text: every character Typst gives a meaning to, escaped. */
function escape(text: string): string {
  return text.replace(/[\\#*_`$<>@[\]/~=+\-"']/g, (c) => `\\${c}`);
}

function spans(list: Span[]): string {
  return list
    .map((s) => {
      let t = escape(s.text);
      if (s.style.bold) t = `#strong[${t}]`;
      if (s.style.italic) t = `#emph[${t}]`;
      if (s.cite !== undefined) t += `#super[${s.cite}]`;
      return t;
    })
    .join('');
}

function blocks(list: Block[], charts: Set<string>): string {
  return list.map((b) => block(b, charts)).join('\n\n');
}

function block(b: Block, charts: Set<string>): string {
  switch (b.kind) {
    case 'heading':
      return `${'='.repeat(b.level)} ${spans(b.spans)}`;
    case 'paragraph':
      return spans(b.spans);
    case 'list':
      return b.items.map((item, i) => `${b.ordered ? `${b.start + i}.` : '-'} ${blocks(item, charts).replace(/\n/g, '\n  ')}`).join('\n');
    case 'table': {
      const cells = [`table.header(${b.header.map((c) => `[#strong[${spans(c)}]]`).join(', ')})`, ...b.rows.flat().map((c) => `[${spans(c)}]`)];
      return `#table(columns: (auto, 1fr), stroke: (x, y) => if y == 0 { (bottom: 0.5pt) } else { (bottom: 0.25pt + luma(200)) }, ${cells.join(', ')})`;
    }
    case 'figure':
      charts.add(b.chart);
      // Typst's PDF/A-2a refuses an image without alt text, as briefpress's tagging would.
      return `#figure(image("${b.chart}.svg", width: 100%, alt: ${JSON.stringify(b.caption.map((c) => (c.kind === 'paragraph' ? c.spans.map((s) => s.text).join('') : '')).join(' '))}), caption: [${blocks(b.caption, charts).replace(/\n\n/g, ' ')}], supplement: none, numbering: none)`;
    case 'group':
      if (b.role === 'title-block') return `#block(below: 1.2em)[#set text(font: "Source Sans 3")\n${blocks(b.blocks, charts)}]`;
      if (b.role === 'key-judgments' || b.role === 'key-facts') return `#block(fill: luma(242), inset: 8pt, width: 100%)[${blocks(b.blocks, charts)}]`;
      return blocks(b.blocks, charts);
    case 'quote':
      return `#quote(block: true)[${blocks(b.blocks, charts)}]`;
    case 'rule':
      return '#line(length: 100%)';
  }
}

const PREAMBLE = (banner: string, footer: string, language: string) => `#set document(title: [${escape(footer)}])
#set page(paper: "a4", margin: (x: 22mm, top: 25mm, bottom: 22mm),
  header: align(center, text(font: "Source Sans 3", size: 8pt, weight: "bold")[${escape(banner)}]),
  footer: context [#set text(font: "Source Sans 3", size: 7.5pt); ${escape(footer)} #h(1fr) Page #counter(page).display() of #counter(page).final().first()])
#set text(font: "Source Serif 4", size: 10pt, lang: "${language}")
#set par(justify: true, leading: 0.62em)
#show heading: set text(font: "Source Sans 3", weight: "semibold")
`;

/** Installs the peer if it is missing; the reason it cannot be, if so. */
export function installTypstPeer(root: string): string | undefined {
  const dir = join(root, 'bench', 'typst');
  if (existsSync(join(dir, 'node_modules', '@myriaddreamin', 'typst-ts-node-compiler'))) return undefined;
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 ? undefined : `npm install in bench/typst failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`;
}

/** A job folder for peer.mjs: the brief's content as Typst markup and its charts as bound Vega-Lite specs. */
export function typstJob(briefDir: string, width: number): string {
  const brief = loadBrief(briefDir);
  const composed = compose(brief);
  const doc = parse(composed.markdown, { directives: BLOCKS.directives, language: brief.meta.language });
  const charts = new Set<string>();
  const body = blocks(doc.blocks, charts);
  const dir = mkdtempSync(join(tmpdir(), 'briefpress-typst-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'brief.typ'), PREAMBLE(brief.meta.classification, `${brief.meta.desk}`, brief.meta.language) + '\n' + body + '\n');
  const datasets = chartDatasets(brief);
  const specs = [...charts].map((id) => {
    const ref = brief.charts.find((c) => c.id === id)!;
    const spec = JSON.parse(readFileSync(ref.specPath, 'utf8')) as Record<string, unknown>;
    if (spec.data === undefined && ref.dataset) spec.data = { values: datasets[ref.dataset] };
    return { id, spec: { ...spec, width, autosize: { type: 'fit-x', contains: 'padding' }, config: printConfig() } };
  });
  const fonts = [dirname(require.resolve('source-serif/TTF/SourceSerif4-Regular.ttf')), dirname(require.resolve('source-sans/TTF/SourceSans3-Regular.ttf'))];
  writeFileSync(join(dir, 'job.json'), JSON.stringify({ charts: specs, fonts, pdfStandard: 'a-2a' }));
  return dir;
}
