// Vertical rhythm: every pair of block kinds, laid out and paginated, is as far apart as the one
// table says, never closer than the paragraph gap, and never with ink touching.
import { describe, expect, it } from 'vitest';
import type { ChartScene } from '../src/chart/scene.js';
import { fontService } from '../src/fonts/fonts.js';
import type { Box, Layout, Region } from '../src/layout/boxes.js';
import { layout } from '../src/layout/layout.js';
import { spaceBetween } from '../src/layout/rhythm.js';
import { BLOCKS as KINDS } from './helpers/blocks.js';
import { loadTheme } from '../src/load/theme.js';
import type { Block, Document } from '../src/parse/document.js';
import { ROOT } from './helpers/project.js';

const fonts = fontService();
const theme = loadTheme(ROOT);
const unit = theme.body.spaceAfter;
const words = (n: number) => 'the peacekeepers leave the region and nobody says why '.repeat(n).trim();
const text = (t: string) => [{ text: t, style: {} }];
const para = (n = 3): Block => ({ kind: 'paragraph', spans: text(words(n)) });
const scene: ChartScene = { width: 400, height: 120, items: [], alt: 'a chart', warnings: [] };

/** One block of each kind the rhythm knows, as a brief's content would hold it. */
const BLOCKS: Record<string, Block> = {
  paragraph: para(),
  list: { kind: 'list', ordered: false, start: 1, items: [[para(1)], [para(2)]] },
  table: { kind: 'table', align: ['left', 'left'], header: [text('When'), text('Event')], rows: [[text('2020'), text(words(1))]] },
  figure: { kind: 'figure', chart: 'c', caption: [{ kind: 'paragraph', spans: text('Figure 1: Troops') }] },
  'key judgments': { kind: 'group', role: 'key-judgments', blocks: [{ kind: 'paragraph', spans: text('Bottom line up front') }, para(2)] },
  note: { kind: 'group', role: 'note', blocks: [para(2)] },
  quote: { kind: 'quote', blocks: [para(2)] },
  'pull-quote': {
    kind: 'group',
    role: 'pull-quote',
    blocks: [
      { kind: 'paragraph', spans: text('“We are leaving.”') },
      { kind: 'paragraph', spans: text('— A spokesman') },
    ],
  },
  heading: { kind: 'heading', level: 2, spans: text('Background') },
  subheading: { kind: 'heading', level: 3, spans: text('Names') },
};

function lay(blocks: Block[]): Layout {
  return layout({ blocks } as Document, fonts, { theme, paper: 'a4', language: 'en', charts: { c: scene }, furniture: { banner: 'UNCLASSIFIED', footerLeft: 'Desk' }, kinds: KINDS });
}

/** The body's regions, without the furniture: what flow and pagination placed. */
const regions = (l: Layout): Region[] => l.pages[0].regions;

/** Vertical extent of the ink of boxes: text from ascender to descender, rules and fills as drawn. */
function ink(boxes: Box[]): { top: number; bottom: number } {
  let top = Infinity;
  let bottom = -Infinity;
  for (const b of boxes) {
    if (b.kind === 'text') {
      const m = fonts.metrics(b.face);
      top = Math.min(top, b.y - m.ascender * b.size);
      bottom = Math.max(bottom, b.y - m.descender * b.size);
    } else if (b.kind === 'rect' || b.kind === 'chart') {
      top = Math.min(top, b.y);
      bottom = Math.max(bottom, b.y + b.h);
    } else if (b.kind === 'line') {
      top = Math.min(top, b.y1, b.y2);
      bottom = Math.max(bottom, b.y1, b.y2);
    }
  }
  return { top, bottom };
}

/** The page's body boxes whose top lies within a region range. */
function boxesIn(l: Layout, from: number, to: number): Box[] {
  const f = l.frame;
  return l.pages[0].boxes.filter((b) => {
    const y = b.kind === 'line' ? Math.min(b.y1, b.y2) : b.kind === 'anchor' ? b.y : b.y;
    return y >= from - 0.01 && y < to - 0.01 && y > f.y - 1 && y < f.y + f.h;
  });
}

const pairs = Object.keys(BLOCKS).flatMap((a) => Object.keys(BLOCKS).map((b) => [a, b] as const));

describe('the space between two blocks', () => {
  it.each(pairs)('%s, then %s', (a, b) => {
    const first = BLOCKS[a];
    const second = BLOCKS[b];
    const alone = regions(lay([first])).length;
    const l = lay([first, second]);
    const rs = regions(l);
    const lastOfA = rs[alone - 1];
    const firstOfB = rs[alone];
    const gap = firstOfB.y - (lastOfA.y + lastOfA.height);
    const want = spaceBetween(theme, KINDS.rhythm(first), KINDS.rhythm(second));
    // The table's value, exactly: one source of space.
    expect(gap).toBeCloseTo(want, 6);
    // Never closer than a paragraph gap, but under a heading (its own space after holds it).
    if (first.kind !== 'heading') expect(gap).toBeGreaterThanOrEqual(unit - 1e-9);
    // The ink of one never reaches the other's: rules clear descenders.
    const inkA = ink(boxesIn(l, rs[0].y, lastOfA.y + lastOfA.height));
    const inkB = ink(boxesIn(l, firstOfB.y, firstOfB.y + firstOfB.height));
    expect(inkB.top - inkA.bottom, `${a} ink ends at ${inkA.bottom}, ${b} ink starts at ${inkB.top}`).toBeGreaterThan(1);
  });
});

describe('a key-facts box after each kind of block', () => {
  const box: Block = {
    kind: 'group',
    role: 'key-facts',
    blocks: [
      { kind: 'paragraph', spans: text('Key facts') },
      { kind: 'list', ordered: false, start: 1, items: [[para(1)], [para(1)]] },
    ],
  };

  it.each(Object.keys(BLOCKS).filter((k) => !k.includes('heading')))('%s, then a key-facts box with a paragraph beside it', (a) => {
    const first = BLOCKS[a];
    const alone = regions(lay([first])).length;
    const l = lay([first, box, para(8)]);
    const rs = regions(l);
    const lastOfA = rs[alone - 1];
    const beside = rs[alone];
    const gap = beside.y - (lastOfA.y + lastOfA.height);
    // The paragraph beside the box, and the box with it, keep the box's space from what came before.
    expect(gap).toBeCloseTo(spaceBetween(theme, KINDS.rhythm(first), 'box'), 6);
    expect(gap).toBeGreaterThanOrEqual(unit);
    // The box's top rule clears the descenders of the last line above it.
    const rule = l.pages[0].boxes.find((b) => b.kind === 'line' && b.y1 === b.y2 && b.y1 >= beside.y - 0.01 && b.width >= 1.5)!;
    expect(rule).toBeDefined();
    const inkA = ink(boxesIn(l, rs[0].y, lastOfA.y + lastOfA.height));
    expect((rule as { y1: number }).y1 - inkA.bottom).toBeGreaterThan(unit / 2);
  });
});
