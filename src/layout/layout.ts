// layout: Document + Theme + chart scenes -> pages of positioned boxes (plain data, no PDFKit).
import type { ChartScene } from '../chart/scene.js';
import { BriefError, type Place } from '../errors.js';
import type { FontService } from '../fonts/fonts.js';
import { msg } from '../messages.js';
import { destination, noteLabel, spansText, type Block, type Document } from '../parse/document.js';
import { artifact, type Box, type Layout, type Page, type TextRun } from './boxes.js';
import { flowBlocks, type BlockKinds } from './flow.js';
import { paginate, type Frame } from './paginate.js';
import { ReadingTree } from './reading.js';
import { RTL_LANGUAGES } from './direction.js';
import { vocabulary } from './breaks.js';
import { Typesetter } from './text.js';
import { MM, PAPER } from '../load/theme.js';
import { PRINTER_MARGIN_MM } from '../print.js';
import type { Paper, Theme } from './theme.js';
import { wording, type Wording } from '../wording.js';

export interface PageFurniture {
  /** Classification banner, at the head and foot of every page. */
  banner: string;
  /** Left of the footer: desk and date. */
  footerLeft: string;
  /** A draft: DRAFT in the banner, and across every page under the text. */
  draft?: boolean;
  /** Where the banner is written (brief.yaml, meta.classification), for a banner that cannot be set. */
  bannerPlace?: Place;
}

export interface LayoutOptions {
  theme: Theme;
  paper: Paper;
  language: string;
  charts: Record<string, ChartScene>;
  furniture: PageFurniture;
  /** The file the content comes from, for messages (a character no font has). */
  file?: string;
  /** How each kind of block is laid out: the block registry (blocks/). */
  kinds: BlockKinds;
}

/** A chart alone on a page sized to it (`briefpress chart`): to a reader, one figure with its alt text. */
export function chartPage(scene: ChartScene): Layout {
  const reading = new ReadingTree();
  const chart = reading.add(reading.add(reading.root, 'figure'), 'chart', { alt: scene.alt });
  const box = reading.own(chart, { kind: 'chart' as const, x: 0, y: 0, w: scene.width, h: scene.height, scene });
  return {
    pages: [{ number: 1, width: scene.width, height: scene.height, boxes: [box], regions: [] }],
    outline: [],
    reading: reading.finish(),
    frame: { x: 0, y: 0, w: scene.width, h: scene.height },
  };
}

/** The text area of a page: what charts are sized to and what pagination fills. */
export function frameFor(theme: Theme, paper: Paper): Frame {
  const { width, height } = PAPER[paper];
  const m = theme.margins;
  return { x: m.inner * MM, y: m.top * MM, w: width - (m.inner + m.outer) * MM, h: height - (m.top + m.bottom) * MM };
}

/** All the text of the blocks, for the vocabulary that tells common words from names. */
function documentText(blocks: Block[]): string {
  const out: string[] = [];
  const walk = (b: Block) => {
    if ('spans' in b) out.push(spansText(b.spans));
    if ('blocks' in b) b.blocks.forEach(walk);
    if (b.kind === 'list') b.items.forEach((item) => item.forEach(walk));
    if (b.kind === 'table') [b.header, ...b.rows].forEach((row) => row.forEach((cell) => out.push(spansText(cell))));
  };
  blocks.forEach(walk);
  return out.join('\n');
}

export function layout(doc: Document, fonts: FontService, options: LayoutOptions): Layout {
  const { theme, paper } = options;
  const frame = frameFor(theme, paper);
  const set = new Typesetter(fonts, theme, options.language, options.file, vocabulary(documentText(doc.blocks)));
  const entries = { source: endnoteTexts(doc.blocks, 'sources'), note: endnoteTexts(doc.blocks, 'notes') };
  const words = wording(options.language);
  const reading = new ReadingTree((dest) => {
    const to = destination.read(dest);
    const text = to && entries[to.kind].get(to.n);
    if (!to || text === undefined) return dest;
    return to.kind === 'source' ? words.sourceLink(to.n, text) : words.noteLink(noteLabel(to.n), text);
  });
  const rtl = RTL_LANGUAGES.has(options.language.toLowerCase().split('-')[0]);
  const c = theme.changes;
  // Change bars stand in the margin where lines end: the right in a left-to-right brief, the left in a right-to-left one.
  const bars = { x: rtl ? frame.x - c.barGap - c.barWidth : frame.x + frame.w + c.barGap, width: c.barWidth, color: c.bar };
  const slices = flowBlocks(doc.blocks, {
    x: frame.x,
    width: frame.w,
    theme,
    fonts,
    set,
    charts: options.charts,
    paragraphs: { count: 0 },
    reading,
    parent: reading.root,
    place: doc.place,
    kinds: options.kinds,
    language: options.language,
    rtl,
    bars,
  });
  const placed = paginate(slices, frame);
  const { width, height } = PAPER[paper];
  const total = placed.pages.length;
  const pages: Page[] = placed.pages.map((p, i) => ({
    number: i + 1,
    width,
    height,
    boxes: [...furniture(i + 1, total, frame, width, height, fonts, theme, options.furniture, words), ...p.boxes],
    regions: p.slices,
  }));
  checkGlyphs(pages, fonts);
  return {
    pages,
    outline: placed.outline.map(({ pageIndex, ...e }) => ({ ...e, page: pageIndex + 1 })),
    reading: reading.finish(),
    frame,
  };
}

function textRun(fonts: FontService, face: string, size: number, color: string, text: string, x: number, y: number, align: 'left' | 'center' | 'right'): TextRun {
  const w = fonts.measure(face, size, text);
  const left = align === 'left' ? x : align === 'center' ? x - w / 2 : x - w;
  return artifact({ kind: 'text', x: left, y, text, face, size, color, wordSpacing: 0, width: w }, 'pagination');
}

/** The numbered Sources (or Notes) entries by number, so a marker's link can say where it goes. */
function endnoteTexts(blocks: Block[], role: 'sources' | 'notes'): Map<number, string> {
  const out = new Map<number, string>();
  for (const b of blocks) {
    if (b.kind !== 'group' || b.role !== role) continue;
    for (const list of b.blocks) {
      if (list.kind !== 'list') continue;
      list.items.forEach((item, i) => {
        const first = item[0];
        if (first?.kind === 'paragraph') out.set(list.start + i, spansText(first.spans).trim());
      });
    }
  }
  return out;
}

/** Running head (classification banner) and foot (desk and date, banner, "Page N of M" in the brief's language). */
function furniture(n: number, total: number, frame: Frame, width: number, height: number, fonts: FontService, theme: Theme, f: PageFurniture, words: Wording): Box[] {
  const b = theme.banner;
  const ft = theme.footer;
  const center = frame.x + frame.w / 2;
  const banner = bannerLines(f.draft ? `${words.draft} · ${f.banner}` : f.banner, frame.w, fonts, theme, f.bannerPlace);
  // Head: the banner's lines centred on the middle of the top margin, the rule under the last.
  const headY = frame.y / 2 + b.size / 3 - ((banner.length - 1) * b.leading) / 2;
  const headRule = headY + (banner.length - 1) * b.leading + b.ruleGap;
  // Foot: desk and date at the left, the page at the right, the banner between them when it fits
  // there; else the banner takes lines of its own above them, and nothing is drawn over anything.
  let footY = height - (height - frame.y - frame.h) / 2 + ft.size / 3;
  const left = fonts.measure(ft.face, ft.size, f.footerLeft);
  const right = fonts.measure(ft.face, ft.size, words.page(total, total));
  const widest = Math.max(...banner.map((l) => fonts.measure(b.face, b.size, l)));
  const beside = banner.length === 1 && widest / 2 + ft.bannerGap <= frame.w / 2 - Math.max(left, right);
  if (!beside) footY += b.leading;
  // Above the foot's line, a foot's leading up: the banner's last line, the others a banner's leading apart.
  const bannerY = (k: number) => (beside ? footY : footY - ft.leading - (banner.length - 1 - k) * b.leading);
  const footRule = beside ? footY - ft.size - ft.ruleGap : bannerY(0) - b.size - ft.ruleGap;
  // The lowest line must stay clear of what a printer cannot reach.
  if (footY + ft.size / 3 > height - PRINTER_MARGIN) {
    throw new BriefError({ stage: 'layout', place: f.bannerPlace ?? { field: 'meta.classification' }, id: 'bannerNoRoom', reason: msg.bannerNoRoom(f.banner), hint: msg.bannerTooLongHint() });
  }
  const boxes: Box[] = [
    ...(f.draft ? [watermark(fonts, width, height, theme, words.draft)] : []),
    ...banner.map((line, k) => textRun(fonts, b.face, b.size, b.color, line, center, headY + k * b.leading, 'center')),
    artifact({ kind: 'line', x1: frame.x, y1: headRule, x2: frame.x + frame.w, y2: headRule, width: theme.rule.width, color: theme.rule.color }, 'pagination'),
    artifact({ kind: 'line', x1: frame.x, y1: footRule, x2: frame.x + frame.w, y2: footRule, width: theme.rule.width, color: theme.rule.color }, 'pagination'),
    textRun(fonts, ft.face, ft.size, ft.color, f.footerLeft, frame.x, footY, 'left'),
    ...banner.map((line, k) => textRun(fonts, b.face, b.size, b.color, line, center, bannerY(k), 'center')),
    textRun(fonts, ft.face, ft.size, ft.color, words.page(n, total), frame.x + frame.w, footY, 'right'),
  ];
  return boxes.filter((x) => x.kind !== 'text' || x.text.length > 0);
}

/** No ink nearer the paper's edge than a printer reaches, as preflight checks. */
const PRINTER_MARGIN = PRINTER_MARGIN_MM * MM;

/**
 * The banner in lines no wider than the text column, broken between words (after a "//" where it
 * can): at most two. A marking too long for two lines is refused, never shrunk or cut.
 */
function bannerLines(banner: string, width: number, fonts: FontService, theme: Theme, place: Place = { field: 'meta.classification' }): string[] {
  const b = theme.banner;
  const fits = (s: string) => fonts.measure(b.face, b.size, s) <= width;
  if (fits(banner)) return [banner];
  const words = banner.split(' ');
  // Every place a break may go, best first: after a "//" nearest the middle, then any space.
  const cuts = words.map((_, i) => i).slice(1);
  const score = (i: number) => (words[i - 1] === '//' ? 0 : 1000) + Math.abs(fonts.measure(b.face, b.size, words.slice(0, i).join(' ')) - width / 2);
  for (const i of cuts.sort((x, y) => score(x) - score(y))) {
    const lines = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
    if (lines.every(fits)) return lines;
  }
  throw new BriefError({ stage: 'layout', place, id: 'bannerTooLong', reason: msg.bannerTooLong(banner), hint: msg.bannerTooLongHint() });
}

/**
 * DRAFT (in the brief's language) along the page's diagonal, across the middle, in a grey light enough to read the text
 * through on a black-and-white printer: drawn first, so everything else lies on top of it.
 */
function watermark(fonts: FontService, width: number, height: number, theme: Theme, text: string): TextRun {
  const { face, color } = theme.draft;
  const diagonal = Math.hypot(width, height);
  const size = Math.round((0.55 * diagonal) / fonts.measure(face, 1, text));
  const w = fonts.measure(face, size, text);
  const angle = (Math.atan2(height, width) * 180) / Math.PI;
  // Centred on the page: the baseline's middle sits a third of the size below the centre.
  const rad = (angle * Math.PI) / 180;
  const dx = (w / 2) * Math.cos(rad) - (size / 3) * Math.sin(rad);
  const dy = (w / 2) * Math.sin(rad) + (size / 3) * Math.cos(rad);
  return artifact({ kind: 'text', x: width / 2 - dx, y: height / 2 + dy, text, face, size, color, wordSpacing: 0, width: w, angle }, 'watermark');
}

/** Every character drawn must exist in its font: a missing glyph would print as an empty box. */
function checkGlyphs(pages: Page[], fonts: FontService) {
  for (const page of pages) {
    for (const box of page.boxes) {
      if (box.kind !== 'text') continue;
      const missing = fonts.missing(box.face, box.text);
      if (missing.length) {
        throw new BriefError({ stage: 'layout', place: { field: `page ${page.number}` }, id: 'glyphMissing', reason: msg.glyphMissing(missing[0], box.text), hint: msg.glyphMissingHint() });
      }
    }
  }
}
