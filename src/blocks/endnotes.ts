// Sources and Notes: numbered entries under a heading, each linked from the markers in the text.
import { destination, noteLabel, type GroupBlock } from '../parse/document.js';
import type { TextRun } from '../layout/boxes.js';
import { changeBars, flowBlocks, paragraph, type FlowContext, type Slice } from '../layout/flow.js';
import { groupKind } from './kind.js';

// Both open with a heading of a section's size: to the rhythm they are 'sources'.
export const sources = groupKind('sources', 'sources', (b, ctx) => endnotes(b, ctx, 'sources'));
export const notes = groupKind('notes', 'sources', (b, ctx) => endnotes(b, ctx, 'notes'));

/**
 * Numbered entries under a heading, in the notes' small type with a hanging label: Sources ("1.",
 * linked from the superscript numbers) and Notes ("a.", linked from the footnote letters; each a
 * Note to a reader, as PDF/UA asks of footnotes).
 */
function endnotes(b: GroupBlock, ctx: FlowContext, kind: 'sources' | 'notes'): Slice[] {
  const e = ctx.theme.endnotes;
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
      const labelWidth = ctx.fonts.measure(e.face, e.size, label);
      const paragraphs = item.filter((x) => x.kind === 'paragraph');
      if (!paragraphs.length) return;
      const itemNode = ctx.reading.add(listNode, 'item');
      const labelNode = ctx.reading.add(itemNode, 'label');
      const bodyNode = ctx.reading.add(itemNode, 'item-body');
      const body = { ...ctx, parent: kind === 'notes' ? ctx.reading.add(bodyNode, 'footnote') : bodyNode };
      paragraphs.forEach((p, k) => {
        const slices = paragraph(p.spans, e, body, { x: ctx.rtl ? ctx.x : ctx.x + e.indent, width: ctx.width - e.indent, align: 'left', role: kind === 'notes' ? 'note' : 'source' });
        if (k === 0) {
          const run0 = slices[0]?.boxes.find((x): x is TextRun => x.kind === 'text');
          slices[0].boxes.push(
            ctx.reading.own(labelNode, {
              kind: 'text',
              x: ctx.rtl ? ctx.x + ctx.width - e.indent + e.labelGap : ctx.x + e.indent - e.labelGap - labelWidth,
              y: run0?.y ?? e.size,
              text: label,
              face: e.face,
              size: e.size,
              color: e.color,
              wordSpacing: 0,
              width: labelWidth,
            }),
            { kind: 'anchor', name: kind === 'notes' ? destination.note(n) : destination.source(n), x: ctx.x, y: 0 },
          );
        }
        slices[0].spaceBefore = k === 0 ? e.spaceAfter : 0;
        if (block.changedItems?.includes(i)) changeBars(slices, ctx);
        out.push(...slices);
      });
    });
  }
  return out;
}
