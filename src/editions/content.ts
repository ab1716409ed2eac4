// What a brief says, apart from how it is set: the units a reader could see change (a heading, a
// paragraph, a list item, a table row, a figure), its facts, sources and chart data. Two builds
// with the same content are the same edition, whatever the theme, the paper or the Markdown's
// line-wrapping; a unit whose text changed is what a change bar marks (issue 23).
import { createHash } from 'node:crypto';
import type { Brief } from '../brief.js';
import type { Block, Span } from '../parse/document.js';

/** One thing a reader reads as a whole, and would see marked if it changed. */
export interface ContentUnit {
  kind: 'heading' | 'paragraph' | 'list item' | 'table row' | 'figure';
  /** The heading it stands under (the nearest of level 1 or 2 before it), '' before any. */
  section: string;
  /** Its text as read, white space collapsed; a citation as [n], a note as [^n]. */
  text: string;
  /** Where it stands in the document: block indexes from the top (list items and rows add theirs). */
  path: number[];
  /** A figure's chart as it was drawn: dataset, its rows' hash, title and alt text. */
  data?: string;
  /** What identifies its content: kind, text and, for a figure, its chart's data (unitKey). */
  key: string;
}

/** A fact as the reader's edition states it. */
export interface ContentFact {
  id: string;
  value: string;
  unit: string;
  asOf: string;
  source: string;
  quote: string;
}

export interface ContentSource {
  id: string;
  publisher: string;
  title: string;
  date: string;
  url: string;
}

export interface Content {
  units: ContentUnit[];
  facts: ContentFact[];
  sources: ContentSource[];
  /** Each dataset's rows, hashed: a chart whose data changed is a changed figure. */
  datasets: Record<string, string>;
  /** One hash of all of it: equal hashes, the same edition. */
  hash: string;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A unit's key, from what it says: the same in a build and in a fact base read back from its PDF. */
export const unitKey = (kind: ContentUnit['kind'], text: string, data = '') => sha(`${kind}\n${text}\n${data}`);
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

function spanText(spans: Span[]): string {
  return collapse(spans.map((s) => (s.cite !== undefined ? `[${s.cite}]` : s.note !== undefined ? `[^${s.note}]` : s.text)).join(''));
}

/** The text of blocks read in order, nested lists and tables included: a figure's caption, a list item's body. */
function blocksText(blocks: Block[]): string {
  return collapse(
    blocks
      .map((b) => {
        switch (b.kind) {
          case 'heading':
          case 'paragraph':
            return spanText(b.spans);
          case 'list':
            return b.items.map((item) => blocksText(item)).join(' ');
          case 'table':
            return [b.header, ...b.rows].map((row) => row.map(spanText).join(' | ')).join(' ');
          case 'figure':
            return `[figure ${b.chart}] ${blocksText(b.caption)}`;
          case 'group':
          case 'quote':
            return blocksText(b.blocks);
          case 'rule':
            return '';
        }
      })
      .filter(Boolean)
      .join(' '),
  );
}

/** A fact as an edition states it, however it was read (a brief's facts, or a fact base from a PDF). */
export function contentFact(f: { id: string; value: string | number; unit?: string; asOf: string; source: string; quotes: string[] }): ContentFact {
  return { id: f.id, value: String(f.value), unit: f.unit ?? '', asOf: f.asOf, source: f.source, quote: collapse(f.quotes.join(' ')) };
}

/** Facts in the order every edition lists them: by id. */
export const factsById = (facts: ContentFact[]) => facts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The content of a built brief: its parsed document and the facts, sources and data it was built from. */
export function contentOf(brief: Brief, blocks: Block[]): Content {
  const datasets: Record<string, string> = {};
  for (const [name, ds] of Object.entries(brief.datasets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) datasets[name] = sha(JSON.stringify(ds.rows.map((r) => r.fields)));
  const figureData = (chart: string) => {
    const ref = brief.charts.find((c) => c.id === chart);
    return ref ? `${ref.dataset}:${datasets[ref.dataset] ?? ''}:${collapse(ref.title)}:${collapse(ref.alt)}` : '';
  };

  const units: ContentUnit[] = [];
  let section = '';
  let inTitle = false;
  const add = (kind: ContentUnit['kind'], text: string, path: number[], data = '') => {
    if (!text && !data) return;
    units.push({ kind, section, text, path, ...(data ? { data } : {}), key: unitKey(kind, text, data) });
  };
  const block = (b: Block, path: number[]) => {
    switch (b.kind) {
      case 'heading': {
        const text = spanText(b.spans);
        // The title block's title and subtitle head the brief, not a section of it.
        if (b.level <= 2 && !inTitle) section = text;
        add('heading', text, path);
        break;
      }
      case 'paragraph':
        add('paragraph', spanText(b.spans), path);
        break;
      case 'list':
        b.items.forEach((item, j) => {
          // The item's own text; a list inside it is items of its own.
          add('list item', blocksText(item.filter((x) => x.kind !== 'list')), [...path, j]);
          item.forEach((x, k) => x.kind === 'list' && block(x, [...path, j, k]));
        });
        break;
      case 'table':
        [b.header, ...b.rows].forEach((row, j) => add('table row', row.map(spanText).join(' | '), [...path, j]));
        break;
      case 'figure':
        add('figure', `[figure ${b.chart}] ${blocksText(b.caption)}`, path, figureData(b.chart));
        break;
      case 'group':
        if (b.role === 'title-block') {
          inTitle = true;
          walk(b.blocks, path);
          inTitle = false;
        } else walk(b.blocks, path);
        break;
      case 'quote':
        walk(b.blocks, path);
        break;
      case 'rule':
        break;
    }
  };
  const walk = (list: Block[], at: number[]) => list.forEach((b, i) => block(b, [...at, i]));
  walk(blocks, []);

  const facts = factsById(brief.facts.map(contentFact));
  const sources = brief.sources.map((s) => ({ id: s.id, publisher: s.publisher, title: s.title, date: s.date, url: s.url ?? '' }));
  const hash = sha(JSON.stringify({ units: units.map((u) => u.key), facts, sources, datasets }));
  return { units, facts, sources, datasets, hash };
}
