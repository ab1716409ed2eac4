// Blocks -> slices: horizontal layout of each block into strips of known height and break rules, not yet on pages.
import type { ChartScene } from '../chart/scene.js';
import { BriefError } from '../errors.js';
import { msg } from '../messages.js';
import type { FontService } from '../fonts/fonts.js';
import { destination, noteLabel, spansText, type Block, type BlockKind, type Document, type GroupBlock, type Span, type TableBlock } from '../parse/document.js';
import { artifact, shift, type Box, type ReadingNode, type TextRun } from './boxes.js';
import { rhythmKind, spaceBetween, type RhythmKind } from './rhythm.js';
import type { ReadingTree } from './reading.js';
import { paragraphDirection, type SetLine, type Typesetter } from './text.js';
import type { BlockStyle, TextStyle, Theme } from './theme.js';

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
}

type BlockFlow<K extends BlockKind> = (block: Extract<Block, { kind: K }>, ctx: FlowContext) => Slice[];

/** Lines -> slices, with at least two lines of a paragraph on each side of any page break. */
export function lineSlices(lines: SetLine[], style: TextStyle, ctx: FlowContext, x: number, role: string, spaceBefore: number): Slice[] {
  const m = ctx.fonts.metrics(style.face);
  const baseline = (style.leading - (m.ascender - m.descender) * style.size) / 2 + m.ascender * style.size;
  const n = lines.length;
  const block = ++ctx.paragraphs.count;
  return lines.map((line, i) => {
    const k = i + 1;
    return {
      height: style.leading,
      spaceBefore: i === 0 ? spaceBefore : 0,
      boxes: line.runs.map((r) => shift(r, x, baseline)),
      // A break after line k leaves k lines above and n - k below: both must be at least two.
      keepWithNext: k < n && !(k >= 2 && n - k >= 2),
      role,
      paragraph: { block, line: k, lines: n, set: { justified: line.justified, gap: line.maxGap / style.leading, scale: line.scale } },
    };
  });
}

/** A paragraph's lines as slices; its text is read as a paragraph of ctx.parent unless `into` names another node. */
function paragraph(spans: Span[], style: TextStyle & { spaceBefore?: number }, ctx: FlowContext, opts: { x?: number; width?: number; align?: 'justify' | 'left'; role?: string; spaceBefore?: number; into?: ReadingNode; hyphenate?: boolean } = {}): Slice[] {
  const align = opts.align ?? ctx.theme.body.align;
  const width = opts.width ?? ctx.width;
  const lines = ctx.set.set(spans, { width, style, align, hyphenate: opts.hyphenate ?? ctx.theme.body.hyphenate, protrude: ctx.protrude !== false });
  ctx.reading.lines(opts.into ?? ctx.reading.add(ctx.parent, 'paragraph'), lines);
  return lineSlices(lines, style, ctx, opts.x ?? ctx.x, opts.role ?? 'paragraph', opts.spaceBefore ?? 0);
}

/** Stacks slices into one unbreakable slice (a box that never splits). */
function merge(slices: Slice[], role: string): Slice {
  let y = 0;
  const boxes: Box[] = [];
  slices.forEach((s, i) => {
    if (i > 0) y += s.spaceBefore;
    boxes.push(...s.boxes.map((b) => shift(b, 0, y)));
    y += s.height;
  });
  return { height: y, spaceBefore: slices[0]?.spaceBefore ?? 0, boxes, keepWithNext: false, role };
}

function withSpace(slices: Slice[], spaceBefore: number): Slice[] {
  if (slices.length) slices[0] = { ...slices[0], spaceBefore };
  return slices;
}

const heading: BlockFlow<'heading'> = (b, ctx) => {
  const style: BlockStyle = ctx.theme[`h${b.level}` as 'h1' | 'h2' | 'h3'];
  // Ragged and never hyphenated: a heading is read at a glance, and its lines are short.
  const slices = paragraph(b.spans, style, ctx, { align: 'left', role: `h${b.level}`, into: ctx.reading.add(ctx.parent, 'heading', { level: b.level }), hyphenate: false });
  slices.forEach((s) => (s.keepWithNext = true));
  if (slices.length) {
    slices[0].spaceBefore = 0;
    slices[0].outline = { level: b.level, title: spansText(b.spans) };
    slices[slices.length - 1].height += style.spaceAfter;
  }
  return slices;
};

// Space above a block is flowBlocks' to give, from the rhythm table; a flow sets only its inner spaces.
const para: BlockFlow<'paragraph'> = (b, ctx) => paragraph(b.spans, ctx.theme.body, ctx);

const list: BlockFlow<'list'> = (b, ctx) => {
  const { indent, itemSpacing, bullet } = ctx.theme.list;
  const style = ctx.theme.body;
  const out: Slice[] = [];
  const listNode = ctx.reading.add(ctx.parent, 'list', { ordered: b.ordered });
  // A list of right-to-left items (an Arabic section of an English brief) mirrors as a whole.
  const firstItem = b.items[0]?.find((x): x is Extract<Block, { kind: 'paragraph' }> => x.kind === 'paragraph');
  if (!ctx.rtl && firstItem && paragraphDirection(spansText(firstItem.spans), 'en') === 'rtl') ctx = { ...ctx, rtl: true };
  b.items.forEach((item, i) => {
    const label = b.ordered ? `${b.start + i}.` : bullet;
    if (!item.length) return;
    const itemNode = ctx.reading.add(listNode, 'item');
    const labelNode = ctx.reading.add(itemNode, 'label');
    // A right-to-left list indents from the right and hangs its labels there.
    const inner = { ...ctx, x: ctx.rtl ? ctx.x : ctx.x + indent, width: ctx.width - indent, parent: ctx.reading.add(itemNode, 'item-body') };
    const slices = flowBlocks(item, inner, true);
    if (!slices.length) return;
    const first = slices[0];
    const run = first.boxes.find((x): x is TextRun => x.kind === 'text');
    const labelWidth = ctx.fonts.measure(style.face, style.size, label);
    const y = run ? run.y : style.size;
    // Labels hang in the indent, a little before the text.
    const labelX = ctx.rtl ? ctx.x + ctx.width - indent + 5 : ctx.x + indent - 5 - labelWidth;
    first.boxes.push(ctx.reading.own(labelNode, { kind: 'text', x: labelX, y, text: label, face: style.face, size: style.size, color: ctx.theme.h2.color, wordSpacing: 0, width: labelWidth }));
    first.spaceBefore = i === 0 ? 0 : itemSpacing;
    out.push(...slices);
  });
  return out;
};

const quote: BlockFlow<'quote'> = (b, ctx) => {
  const { indent, rule } = ctx.theme.quote;
  // A quote's rule stands at the side its text starts from: the right for a right-to-left quote
  // (a Hebrew quote in an English brief too). Nothing hangs toward it.
  const first = b.blocks.find((x): x is Extract<Block, { kind: 'paragraph' }> => x.kind === 'paragraph');
  const rtl = ctx.rtl || (first !== undefined && paragraphDirection(spansText(first.spans), 'en') === 'rtl');
  const slices = flowBlocks(b.blocks, { ...ctx, x: rtl ? ctx.x : ctx.x + indent, width: ctx.width - indent, parent: ctx.reading.add(ctx.parent, 'quote'), protrude: false }, true);
  const ruleX = rtl ? ctx.x + ctx.width - 2 : ctx.x + 2;
  for (const s of slices) s.boxes.push(artifact({ kind: 'line', x1: ruleX, y1: 0, x2: ruleX, y2: s.height, width: 1, color: rule }));
  return slices;
};

const rule: BlockFlow<'rule'> = (_b, ctx) => [
  { height: 12, spaceBefore: 0, boxes: [artifact({ kind: 'line', x1: ctx.x, y1: 6, x2: ctx.x + ctx.width, y2: 6, width: ctx.theme.rule.width, color: ctx.theme.rule.color })], keepWithNext: false, role: 'rule' },
];

const table: BlockFlow<'table'> = (b, ctx) => tableSlices(b, ctx);

const figure: BlockFlow<'figure'> = (b, ctx) => {
  const t = ctx.theme.figure;
  const scene = ctx.charts[b.chart];
  if (!scene) throw new Error(`layout: no chart scene for figure "${b.chart}"`);
  const [titleBlock, ...notes] = b.caption;
  const parts: Slice[] = [];
  const fig = { ...ctx, parent: ctx.reading.add(ctx.parent, 'figure') };
  // The figure's title sits above the chart, as think tanks print it; source and notes below.
  if (titleBlock && titleBlock.kind === 'paragraph') parts.push(...paragraph(titleBlock.spans, t.title, fig, { align: 'left', role: 'figure-title', into: ctx.reading.add(fig.parent, 'caption') }));
  const scale = Math.min(1, ctx.width / scene.width);
  const chart = ctx.reading.own(ctx.reading.add(fig.parent, 'chart', { alt: scene.alt }), { kind: 'chart' as const, x: ctx.x, y: 0, w: scene.width * scale, h: scene.height * scale, scene });
  parts.push({ height: scene.height * scale, spaceBefore: t.gap, boxes: [chart], keepWithNext: false, role: 'chart' });
  notes.forEach((n, i) => {
    if (n.kind === 'paragraph') parts.push(...withSpace(paragraph(n.spans, t.caption, fig, { align: 'left', role: 'figure-caption' }), i === 0 ? t.gap : 2));
  });
  const slice = merge(parts, 'figure');
  slice.spaceBefore = 0;
  slice.float = true;
  return [slice];
};

const group: BlockFlow<'group'> = (b, ctx) => GROUPS[b.role](b, ctx);

/**
 * Numbered entries under a heading, in the notes' small type with a hanging label: Sources ("1.",
 * linked from the superscript numbers) and Notes ("a.", linked from the footnote letters; each a
 * Note to a reader, as PDF/UA asks of footnotes).
 */
function endnotes(b: GroupBlock, ctx: FlowContext, kind: 'sources' | 'notes'): Slice[] {
  const th = ctx.theme;
  const out: Slice[] = [];
  ctx = { ...ctx, parent: ctx.reading.add(ctx.parent, 'section') };
  for (const block of b.blocks) {
    if (block.kind !== 'list') {
      out.push(...flowBlocks([block], ctx, false));
      continue;
    }
    const listNode = ctx.reading.add(ctx.parent, 'list', { ordered: true, ...(kind === 'notes' ? { numbering: 'lower-alpha' as const } : {}) });
    block.items.forEach((item, i) => {
      const n = block.start + i;
      const label = kind === 'notes' ? `${noteLabel(n)}.` : `${n}.`;
      const labelWidth = ctx.fonts.measure(th.notes.face, th.notes.size, label);
      const paragraphs = item.filter((x) => x.kind === 'paragraph');
      if (!paragraphs.length) return;
      const itemNode = ctx.reading.add(listNode, 'item');
      const labelNode = ctx.reading.add(itemNode, 'label');
      const bodyNode = ctx.reading.add(itemNode, 'item-body');
      const body = { ...ctx, parent: kind === 'notes' ? ctx.reading.add(bodyNode, 'footnote') : bodyNode };
      paragraphs.forEach((p, k) => {
        const slices = paragraph(p.spans, th.notes, body, { x: ctx.rtl ? ctx.x : ctx.x + 16, width: ctx.width - 16, align: 'left', role: kind === 'notes' ? 'note' : 'source' });
        if (k === 0) {
          const run0 = slices[0]?.boxes.find((x): x is TextRun => x.kind === 'text');
          slices[0].boxes.push(
            ctx.reading.own(labelNode, { kind: 'text', x: ctx.rtl ? ctx.x + ctx.width - 12 : ctx.x + 12 - labelWidth, y: run0?.y ?? th.notes.size, text: label, face: th.notes.face, size: th.notes.size, color: th.notes.color, wordSpacing: 0, width: labelWidth }),
            { kind: 'anchor', name: kind === 'notes' ? destination.note(n) : destination.source(n), x: ctx.x, y: 0 },
          );
        }
        slices[0].spaceBefore = k === 0 ? th.notes.spaceAfter : 0;
        out.push(...slices);
      });
    });
  }
  return out;
}

const GROUPS: Record<GroupBlock['role'], (b: GroupBlock, ctx: FlowContext) => Slice[]> = {
  'title-block': (b, ctx) => {
    const th = ctx.theme;
    const out: Slice[] = [];
    ctx = { ...ctx, parent: ctx.reading.add(ctx.parent, 'section') };
    for (const block of b.blocks) {
      if (block.kind === 'heading' && block.level === 1) {
        const s = withSpace(paragraph(block.spans, th.title, ctx, { align: 'left', role: 'title', into: ctx.reading.add(ctx.parent, 'heading', { level: 1 }), hyphenate: false }), 0);
        s[0].outline = { level: 1, title: spansText(block.spans) };
        s[s.length - 1].height += th.title.spaceAfter;
        out.push(...s);
      } else if (block.kind === 'heading') {
        const s = paragraph(block.spans, th.subtitle, ctx, { align: 'left', role: 'subtitle' });
        s[s.length - 1].height += th.subtitle.spaceAfter;
        out.push(...s);
      } else if (block.kind === 'paragraph') {
        out.push(...withSpace(paragraph(block.spans, th.dateline, ctx, { align: 'left', role: 'dateline' }), th.dateline.spaceAfter));
      }
    }
    const slice = merge(out, 'title-block');
    slice.outline = out.find((s) => s.outline)?.outline;
    slice.boxes.push(artifact({ kind: 'line', x1: ctx.x, y1: slice.height + 8, x2: ctx.x + ctx.width, y2: slice.height + 8, width: 1.5, color: th.h2.color }));
    slice.height += 10;
    return [slice];
  },
  'key-judgments': (b, ctx) => {
    const k = ctx.theme.keyJudgments;
    const innerX = ctx.rtl ? ctx.x + k.padding : ctx.x + k.accentWidth + k.padding;
    const inner = { ...ctx, x: innerX, width: ctx.width - k.accentWidth - 2 * k.padding, parent: ctx.reading.add(ctx.parent, 'key-judgments'), protrude: false };
    const parts: Slice[] = [];
    b.blocks.forEach((block, i) => {
      if (i === 0 && block.kind === 'paragraph') {
        // The box's title: the bold first line the key-judgments partial writes; a reader meets it as a heading.
        const upper = block.spans.map((s) => ({ ...s, text: s.text.toUpperCase(), style: {} }));
        parts.push(...paragraph(upper, k.title, inner, { align: 'left', role: 'key-judgments-title', into: ctx.reading.add(inner.parent, 'heading', { level: 2 }) }));
      } else {
        parts.push(...flowBlocks([block], inner, true));
      }
    });
    const body = merge(parts, 'key-judgments');
    const h = body.height + 2 * k.padding - ctx.theme.body.spaceAfter / 2;
    const boxes: Box[] = [
      artifact({ kind: 'rect', x: ctx.x, y: 0, w: ctx.width, h, fill: k.fill }),
      artifact({ kind: 'rect', x: ctx.rtl ? ctx.x + ctx.width - k.accentWidth : ctx.x, y: 0, w: k.accentWidth, h, fill: k.accent }),
      ...body.boxes.map((x) => shift(x, 0, k.padding)),
    ];
    return [{ height: h, spaceBefore: 0, boxes, keepWithNext: false, role: 'key-judgments' }];
  },
  sources: (b, ctx) => endnotes(b, ctx, 'sources'),
  notes: (b, ctx) => endnotes(b, ctx, 'notes'),
  'key-facts': (b, ctx) => {
    // A side box: laid out here at the column's right; flowBlocks runs the following text beside it.
    const k = ctx.theme.keyFacts;
    const width = Math.round(ctx.width * k.width);
    // At the column's outer side: the right in a left-to-right brief, the left in a right-to-left one.
    const x = ctx.rtl ? ctx.x : ctx.x + ctx.width - width;
    const inner = { ...ctx, x: x + k.padding, width: width - 2 * k.padding, parent: ctx.reading.add(ctx.parent, 'key-facts'), protrude: false };
    const parts: Slice[] = [];
    b.blocks.forEach((block, i) => {
      if (i === 0 && block.kind === 'paragraph') {
        const title = ctx.reading.add(inner.parent, 'heading', { level: 3 });
        parts.push(...paragraph(block.spans.map((sp) => ({ ...sp, text: sp.text.toUpperCase(), style: {} })), k.title, inner, { align: 'left', role: 'key-facts-title', into: title }));
      } else if (block.kind === 'list') {
        // Facts as short ragged lines with a rule between them, not bullets; still a list to a reader.
        const listNode = ctx.reading.add(inner.parent, 'list', { ordered: false });
        block.items.forEach((item) => {
          const first = item[0];
          if (first?.kind !== 'paragraph') return;
          const body = { ...inner, parent: ctx.reading.add(ctx.reading.add(listNode, 'item'), 'item-body') };
          parts.push(...withSpace(paragraph(first.spans, k.text, body, { align: 'left', role: 'key-fact' }), 5));
        });
      } else if (block.kind === 'paragraph') {
        parts.push(...withSpace(paragraph(block.spans, k.text, inner, { align: 'left', role: 'key-fact' }), 5));
      }
    });
    const body = merge(parts, 'key-facts');
    const h = body.height + 2 * k.padding;
    const boxes: Box[] = [
      artifact({ kind: 'rect', x, y: 0, w: width, h, fill: k.fill }),
      artifact({ kind: 'line', x1: x, y1: 0, x2: x + width, y2: 0, width: 1.5, color: k.rule }),
      ...body.boxes.map((bx) => shift(bx, 0, k.padding)),
    ];
    return [{ height: h, spaceBefore: 0, boxes, keepWithNext: false, role: 'key-facts', side: { width: width + k.gutter } }];
  },
  note: (b, ctx) => {
    const pad = 8;
    const inner = { ...ctx, x: ctx.x + pad, width: ctx.width - 2 * pad, parent: ctx.reading.add(ctx.parent, 'callout'), protrude: false };
    const body = merge(flowBlocks(b.blocks, inner, true), 'note');
    const h = body.height + 2 * pad - ctx.theme.body.spaceAfter;
    return [{ height: h, spaceBefore: 0, boxes: [artifact({ kind: 'rect', x: ctx.x, y: 0, w: ctx.width, h, stroke: ctx.theme.rule.color, lineWidth: ctx.theme.rule.width }), ...body.boxes.map((x) => shift(x, 0, pad))], keepWithNext: false, role: 'note' }];
  },
};

const FLOWS: { [K in BlockKind]: BlockFlow<K> } = { heading, paragraph: para, list, quote, rule, table, figure, group };

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
    const kind = rhythmKind(b);
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
    const slices = (FLOWS[b.kind] as BlockFlow<typeof b.kind>)(b as never, ctx);
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
  return new BriefError({ stage: e.stage, kind: e.kind, place, reason: e.reason + where, hint: e.hint, cause: e });
}

// --- tables -------------------------------------------------------------------------------------

function isNumeric(spans: Span[]): boolean {
  return /^[\s$€£]*[-+−]?[\d.,]+\s*%?[\s\d]*$/.test(spansText(spans).replace(/\u00a0/g, ' ').replace(/\d+$/, '')) && /\d/.test(spansText(spans));
}

/** Column widths from content: each gets its longest word, the rest is shared by how much more it wants. */
export function columnWidths(mins: number[], maxes: number[], total: number): number[] {
  // A narrow column (dates, numbers) keeps its natural width so its cells never wrap.
  const narrow = maxes.map((m) => m <= total * 0.2 && maxes.length > 1);
  const fixed = maxes.reduce((a, m, i) => a + (narrow[i] ? m : 0), 0);
  if (narrow.some(Boolean) && !narrow.every(Boolean) && fixed < total / 2) {
    const rest = columnWidths(mins.filter((_, i) => !narrow[i]), maxes.filter((_, i) => !narrow[i]), total - fixed);
    let k = 0;
    return maxes.map((m, i) => (narrow[i] ? m : rest[k++]));
  }
  const sumMin = mins.reduce((a, b) => a + b, 0);
  const sumMax = maxes.reduce((a, b) => a + b, 0);
  if (sumMax <= total) {
    // Everything fits on one line: give the spare width to the columns that hold the most text.
    return maxes.map((m) => m + ((total - sumMax) * m) / sumMax);
  }
  if (sumMin >= total) return mins.map((m) => (m * total) / sumMin);
  const want = maxes.map((m, i) => m - mins[i]);
  const sumWant = want.reduce((a, b) => a + b, 0);
  return mins.map((m, i) => m + ((total - sumMin) * want[i]) / sumWant);
}

function tableSlices(b: TableBlock, ctx: FlowContext): Slice[] {
  const t = ctx.theme.table;
  const pad = t.cellPadding;
  const cols = b.header.length;
  // A column narrower than two letters and its padding cannot hold text: refuse rather than overlap.
  const fit = Math.max(1, Math.floor(ctx.width / (2 * pad + ctx.fonts.measure(t.cell.face, t.cell.size, 'MM'))));
  if (cols > fit) {
    const head = b.header.slice(0, 3).map(spansText).join(' | ');
    throw new BriefError({ stage: 'layout', place: { file: ctx.set.file }, reason: `${msg.tableTooWide(cols, fit)} (the table headed “${head} | …”)`, hint: msg.tableTooWideHint() });
  }
  const rows = b.rows.map((r) => Array.from({ length: cols }, (_, i) => r[i] ?? []));
  const align = Array.from({ length: cols }, (_, i) => {
    if (b.align[i] && b.align[i] !== 'left') return b.align[i];
    // Numbers read down a column by their last digit: right-align numeric columns.
    return rows.length && rows.every((r) => !spansText(r[i]).trim() || isNumeric(r[i])) ? 'right' : 'left';
  });
  const mins = Array.from({ length: cols }, (_, i) => Math.max(ctx.set.minWidth(b.header[i], t.header, false), ...rows.map((r) => ctx.set.minWidth(r[i], t.cell, true))) + 2 * pad);
  const maxes = Array.from({ length: cols }, (_, i) => Math.max(ctx.set.naturalWidth(b.header[i], t.header), ...rows.map((r) => ctx.set.naturalWidth(r[i], t.cell))) + 2 * pad);
  const widths = columnWidths(mins, maxes, ctx.width);
  const tableNode = ctx.reading.add(ctx.parent, 'table');
  const head = ctx.reading.add(tableNode, 'table-head');
  const bodyNode = ctx.reading.add(tableNode, 'table-body');

  const rowSlice = (cells: Span[][], style: TextStyle, role: string, ruleColor: string, ruleWidth: number, rowNode: ReadingNode, cellKind: 'header-cell' | 'cell'): Slice => {
    let x = ctx.x;
    let height = 0;
    const boxes: Box[] = [];
    // A right-to-left table's first column is its rightmost.
    // Cells are read in their own order whatever side they stand on.
    const nodes = cells.map(() => ctx.reading.add(rowNode, cellKind));
    const order = cells.map((_, i) => i);
    if (ctx.rtl) order.reverse();
    order.forEach((i) => {
      const cell = cells[i];
      const w = widths[i];
      const lines = ctx.set.set(cell, { width: w - 2 * pad, style, align: align[i] as 'left', hyphenate: true });
      ctx.reading.lines(nodes[i], lines);
      const slices = lineSlices(lines, style, ctx, x + pad, role, 0);
      let y = pad;
      for (const s of slices) {
        boxes.push(...s.boxes.map((bx) => shift(bx, 0, y)));
        y += s.height;
      }
      height = Math.max(height, y + pad);
      x += w;
    });
    boxes.push(artifact({ kind: 'line', x1: ctx.x, y1: height, x2: ctx.x + ctx.width, y2: height, width: ruleWidth, color: ruleColor }));
    return { height, spaceBefore: 0, boxes, keepWithNext: false, role };
  };

  const header = rowSlice(b.header, t.header, 'table-header', t.headerRule, 0.75, ctx.reading.add(head, 'row'), 'header-cell');
  header.keepWithNext = true;
  header.spaceBefore = 0;
  const body = rows.map((r) => {
    const s = rowSlice(r, t.cell, 'table-row', t.rule, 0.35, ctx.reading.add(bodyNode, 'row'), 'cell');
    s.repeat = [{ ...header, spaceBefore: 0, role: 'table-header-repeat' }];
    return s;
  });
  // The last row carries the space after the table. A table breaks with at least two rows on
  // each side, as a paragraph does with lines: no lone row under a repeated header.

  if (body.length > 2) {
    body[0].keepWithNext = true;
    body[body.length - 2].keepWithNext = true;
  }
  return [header, ...body];
}
