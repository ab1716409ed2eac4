// A pull-quote: one quotation set large between two rules, its attribution under it in small type.
import { artifact, shift } from '../layout/boxes.js';
import { changeBars, merge, paragraph, withSpace, type Slice } from '../layout/flow.js';
import { groupKind } from './kind.js';

/**
 * Written `:::pull-quote`, around the quotation (its first paragraph) and who said it (any after).
 * To a reader it is a block quote; the rules are ink only. It never breaks across a page: a
 * quotation torn in two loses the point of setting it apart.
 */
export default groupKind('pull-quote', 'box', (b, ctx) => {
  const q = ctx.theme.pullQuote;
  const inner = { ...ctx, parent: ctx.reading.add(ctx.parent, 'quote'), protrude: false };
  const parts: Slice[] = [];
  b.blocks.forEach((block, i) => {
    if (block.kind !== 'paragraph') return;
    // Ragged and unhyphenated, as any display type: its lines are few and read at a glance.
    const style = i === 0 ? q.text : q.by;
    const slices = paragraph(block.spans, style, inner, { align: 'left', hyphenate: false, role: i === 0 ? 'pull-quote' : 'pull-quote-by' });
    if (block.changed) changeBars(slices, ctx);
    parts.push(...withSpace(slices, i === 0 ? 0 : q.gap));
  });
  const body = merge(parts, 'pull-quote');
  const h = body.height + 2 * q.padding;
  const rule = (y: number) => artifact({ kind: 'line', x1: ctx.x, y1: y, x2: ctx.x + ctx.width, y2: y, width: q.ruleWidth, color: q.rule });
  return [{ height: h, spaceBefore: 0, boxes: [rule(0), ...body.boxes.map((x) => shift(x, 0, q.padding)), rule(h)], keepWithNext: false, role: 'pull-quote' }];
});
