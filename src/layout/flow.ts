// Blocks -> slices: horizontal layout of each block into strips of known height and break rules, not yet on pages.
// How each kind of block is laid out is that kind's own module (blocks/); this is what they share.
import type { ChartScene } from '../chart/scene.js';
import { BriefError } from '../errors.js';
import type { FontService } from '../fonts/fonts.js';
import type { Block, Document, Span } from '../parse/document.js';
import { artifact, shift, type Box, type ReadingNode } from './boxes.js';
import { spaceBetween, type RhythmKind } from './rhythm.js';
import type { ReadingTree } from './reading.js';
import type { SetLine, Typesetter } from './text.js';
import type { TextStyle, Theme } from './theme.js';

/**
 * A horizontal strip of the flow: one line of a paragraph, a table row, a whole figure.
 * Boxes are relative to the strip's top-left; pagination decides where strips land.
 */
export interface Slice {
  height: number;
  /** Space above, dropped when the slice starts a page. */
  spaceBefore: number;
  boxes: Box[];
  /** No page break between this slice and the next (headings, orphan and widow control). */
  keepWithNext: boolean;
  /** Slices to repeat at the top of a page that this slice starts (a table's header row). */
  repeat?: Slice[];
  /** A figure: may move to the top of the next page while the text after it fills the gap. */
  float?: boolean;
  /** A heading, for the PDF outline. */
  outline?: { level: number; title: string };
  /** A side box: the text after it runs beside it, narrower by this much. */
  side?: { width: number };
  /** For tests and checks: what produced this slice. */
  role: string;
  /** Lines of one paragraph share a block number; `line` is 1-based, of `lines`. */
  paragraph?: { block: number; line: number; lines: number; set: LineSetting };
}

/** How a line was set, for the print checks: its widest word gap in line-heights, its glyph scale. */
export interface LineSetting {
  justified: boolean;
  gap: number;
  scale: number;
}

export interface FlowContext {
  x: number;
  width: number;
  theme: Theme;
  fonts: FontService;
  set: Typesetter;
  charts: Record<string, ChartScene>;
  /** Numbers paragraphs within one layout (shared by the nested contexts of lists and boxes). */
  paragraphs: { count: number };
  /** What the boxes are for a reader, built in document order. */
  reading: ReadingTree;
  /** The reading node the blocks laid out in this context belong to. */
  parent: ReadingNode;
  /** Whether punctuation may hang into the margins: not inside boxes and cells, whose edge is a rule or a fill. */
  protrude?: boolean;
  /** The template line of a block, to place a problem found while setting it (Document.place). */
  place?: Document['place'];
  /** A right-to-left brief: list labels, quote rules and the key-facts box stand on the other side. */
  rtl?: boolean;
  /** The brief's language: upper-casing follows it (Turkish i to İ). */
  language: string;
  /** How each kind of block is laid out (blocks/: one module per kind). */
  kinds: BlockKinds;
  /** Where change bars stand (the outer margin) and how they look; absent, none are drawn. */
  bars?: { x: number; width: number; color: string };
}

/**
 * What layout asks of the kinds of block, answered by the registry in blocks/ (one module per
 * kind, as Vega keeps one module per mark): the space a block wants around it, and its slices.
 * Layout takes it as a parameter so that it never imports the modules that build on it.
 */
export interface BlockKinds {
  /** What the block is to the vertical rhythm; an unknown kind is an error, never a guess. */
  rhythm(b: Block): RhythmKind;
  flow(b: Block, ctx: FlowContext): Slice[];
}

/** Lines -> slices, with at least the theme's orphans and widows (two lines) on each side of any page break. */
export function lineSlices(lines: SetLine[], style: TextStyle, ctx: FlowContext, x: number, role: string, spaceBefore: number): Slice[] {
  const m = ctx.fonts.metrics(style.face);
  const baseline = (style.leading - (m.ascender - m.descender) * style.size) / 2 + m.ascender * style.size;
  const n = lines.length;
  const { orphans, widows } = ctx.theme.typography;
  const block = ++ctx.paragraphs.count;
  return lines.map((line, i) => {
    const k = i + 1;
    return {
      height: style.leading,
      spaceBefore: i === 0 ? spaceBefore : 0,
      boxes: line.runs.map((r) => shift(r, x, baseline)),
      // A break after line k leaves k lines at the foot of a page and n - k at the top of the next.
      keepWithNext: k < n && !(k >= orphans && n - k >= widows),
      role,
      paragraph: { block, line: k, lines: n, set: { justified: line.justified, gap: line.maxGap / style.leading, scale: line.scale } },
    };
  });
}

/** A paragraph's lines as slices; its text is read as a paragraph of ctx.parent unless `into` names another node. */
export function paragraph(
  spans: Span[],
  style: TextStyle & { spaceBefore?: number },
  ctx: FlowContext,
  opts: { x?: number; width?: number; align?: 'justify' | 'left'; role?: string; spaceBefore?: number; into?: ReadingNode; hyphenate?: boolean } = {},
): Slice[] {
  const align = opts.align ?? ctx.theme.body.align;
  const width = opts.width ?? ctx.width;
  const lines = ctx.set.set(spans, { width, style, align, hyphenate: opts.hyphenate ?? ctx.theme.body.hyphenate, protrude: ctx.protrude !== false });
  ctx.reading.lines(opts.into ?? ctx.reading.add(ctx.parent, 'paragraph'), lines);
  return lineSlices(lines, style, ctx, opts.x ?? ctx.x, opts.role ?? 'paragraph', opts.spaceBefore ?? 0);
}

/** Stacks slices into one unbreakable slice (a box that never splits). */
export function merge(slices: Slice[], role: string): Slice {
  let y = 0;
  const boxes: Box[] = [];
  slices.forEach((s, i) => {
    if (i > 0) y += s.spaceBefore;
    boxes.push(...s.boxes.map((b) => shift(b, 0, y)));
    y += s.height;
  });
  return { height: y, spaceBefore: slices[0]?.spaceBefore ?? 0, boxes, keepWithNext: false, role };
}

export function withSpace(slices: Slice[], spaceBefore: number): Slice[] {
  if (slices.length) slices[0] = { ...slices[0], spaceBefore };
  return slices;
}

/** How far a box's ink reaches up and down within its slice (a run: its letters, not its leading). */
function inkExtent(b: Box): [number, number] | undefined {
  switch (b.kind) {
    case 'text':
      return [b.y - 0.75 * b.size, b.y + 0.25 * b.size];
    case 'rect':
    case 'chart':
      return [b.y, b.y + b.h];
    case 'line':
      return [Math.min(b.y1, b.y2), Math.max(b.y1, b.y2)];
    case 'anchor':
      return undefined;
  }
}

/**
 * A change bar beside each slice of something changed since the last edition, in the outer
 * margin: an artifact, as a rule is. The bars of one block's slices join (each spans its slice),
 * and begin and end where its ink does, so the space around the block stays unmarked.
 */
export function changeBars(slices: Slice[], ctx: FlowContext): void {
  const bars = ctx.bars;
  if (!bars) return;
  slices.forEach((s, i) => {
    const ink = s.boxes
      .filter((b) => !('artifact' in (b.tag ?? {})))
      .flatMap((b) => {
        const e = inkExtent(b);
        return e ? [e] : [];
      });
    const top = i === 0 && ink.length ? Math.max(0, Math.min(...ink.map(([t]) => t))) : 0;
    const bottom = i === slices.length - 1 && ink.length ? Math.min(s.height, Math.max(...ink.map(([, b]) => b))) : s.height;
    if (bottom > top) s.boxes.push(artifact({ kind: 'rect', x: bars.x, y: top, w: bars.width, h: bottom - top, fill: bars.color }));
  });
}

/** Lays out blocks top to bottom; `inner` blocks (list items, boxes) drop the first block's space. */
export function flowBlocks(blocks: Block[], ctx: FlowContext, inner = false): Slice[] {
  const out: Slice[] = [];
  // A key-facts box waiting for text to run beside it: how much of its height is still uncovered,
  // and the space it takes above (the rhythm's, from what came before it).
  let side: { box: Slice; left: number; attached: boolean; before: number } | undefined;
  let prev: RhythmKind | undefined;
  const clearSide = () => {
    if (!side) return;
    // Nothing (more) runs beside the box: keep its space, so what follows starts below it.
    out.push({ height: side.left, spaceBefore: side.attached ? 0 : side.before, boxes: side.attached ? [] : side.box.boxes, keepWithNext: false, role: 'key-facts-clear' });
    side = undefined;
    prev = 'box';
  };

  blocks.forEach((b, i) => {
    try {
      flowBlock(b, i);
    } catch (e) {
      throw placed(e, b, ctx);
    }
  });
  clearSide();
  return out;

  function flowBlock(b: Block, i: number) {
    const kind = ctx.kinds.rhythm(b);
    const afterHeading = prev === 'h1' || prev === 'h2' || prev === 'h3';
    // The first block inside a list item or a box starts at the top of it.
    const space = inner && i === 0 ? 0 : spaceBetween(ctx.theme, prev, kind);
    if (b.kind === 'paragraph' && side) {
      const s = side!;
      const style = ctx.theme.body;
      // The first paragraph carries the box: both start where the box's space above ends.
      const spaceBefore = s.attached ? space : s.before;
      const narrow = ctx.width - s.box.side!.width;
      const beside = Math.max(1, Math.ceil((s.left - (s.attached ? spaceBefore : 0)) / style.leading));
      const lines = ctx.set.set(b.spans, { width: ctx.width, widths: Array(beside).fill(narrow), style, align: style.align, hyphenate: style.hyphenate, protrude: ctx.protrude !== false });
      ctx.reading.lines(ctx.reading.add(ctx.parent, 'paragraph'), lines);
      const slices = lineSlices(lines, style, ctx, ctx.x, 'paragraph', spaceBefore);
      // With the box on the left, the lines beside it start after it.
      if (ctx.rtl) for (const sl of slices.slice(0, beside)) sl.boxes = sl.boxes.map((bx) => shift(bx, s.box.side!.width, 0));
      // Barred before the box is hung on its first line: the bar marks the paragraph's ink, not the box's.
      // Beside the box, the bar stands in the gutter between them: in the margin it would mark the box.
      if (b.changed && ctx.bars) {
        const box = s.box.side!.width;
        const gutter = ctx.rtl ? ctx.x + box - ctx.theme.keyFacts.gutter / 2 : ctx.x + narrow + ctx.theme.keyFacts.gutter / 2;
        changeBars(slices.slice(0, beside), { ...ctx, bars: { ...ctx.bars, x: gutter - ctx.bars.width / 2 } });
        changeBars(slices.slice(beside), ctx);
      }
      let covered = 0;
      if (!s.attached) {
        slices[0].boxes.push(...s.box.boxes);
        s.attached = true;
        // The box hangs from the paragraph's first line: its space above is not box height covered.
        covered = -spaceBefore;
      }
      // The lines beside the box stay on its page; the first line below it may start a new one.
      for (const sl of slices) {
        covered += sl.spaceBefore + sl.height;
        if (covered < s.left - 0.01) sl.keepWithNext = true;
      }
      s.left -= covered;
      if (s.left <= 0.01) side = undefined;
      else slices[slices.length - 1].keepWithNext = true;
      out.push(...slices);
      prev = 'paragraph';
      return;
    }
    const slices = ctx.kinds.flow(b, ctx);
    if (b.changed) changeBars(slices, ctx);
    if (slices.length === 1 && slices[0].side) {
      clearSide();
      side = { box: slices[0], left: slices[0].height, attached: false, before: inner && i === 0 ? 0 : spaceBetween(ctx.theme, prev, 'box') };
      prev = 'box';
      return;
    }
    const wasSide = !!side;
    clearSide();
    if (slices.length) slices[0] = { ...slices[0], spaceBefore: wasSide ? spaceBetween(ctx.theme, 'box', kind) : space };
    // A heading travels with at least two lines of what follows, even when that is a one-line paragraph.
    if (afterHeading && slices.length) slices[0] = { ...slices[0], keepWithNext: true };
    out.push(...slices);
    prev = kind;
  }
}

/**
 * A problem layout finds in a block (a character no font has) placed at the block's line in the
 * analyst's template; the innermost block that knows its line places it.
 */
function placed(e: unknown, b: Block, ctx: FlowContext): unknown {
  if (!(e instanceof BriefError) || e.place?.line !== undefined || !b.pos || !ctx.place) return e;
  const { place, where } = ctx.place(b.pos);
  if (place.line === undefined) return e;
  return new BriefError({ id: e.id, stage: e.stage, kind: e.kind, place, reason: e.reason + where, hint: e.hint, cause: e });
}
