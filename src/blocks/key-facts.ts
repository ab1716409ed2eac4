// The key-facts box: a side box at the column's outer edge; flowBlocks runs the following text beside it.
import { artifact, shift, type Box } from '../layout/boxes.js';
import { changeBars, merge, paragraph, withSpace, type Slice } from '../layout/flow.js';
import { groupKind } from './kind.js';

export default groupKind('key-facts', 'box', (b, ctx) => {
  const k = ctx.theme.keyFacts;
  const width = Math.round(ctx.width * k.width);
  // At the column's outer side: the right in a left-to-right brief, the left in a right-to-left one.
  const x = ctx.rtl ? ctx.x : ctx.x + ctx.width - width;
  const inner = { ...ctx, x: x + k.padding, width: width - 2 * k.padding, parent: ctx.reading.add(ctx.parent, 'key-facts'), protrude: false };
  const parts: Slice[] = [];
  b.blocks.forEach((block, i) => {
    if (i === 0 && block.kind === 'paragraph') {
      const title = ctx.reading.add(inner.parent, 'heading', { level: 3 });
      parts.push(
        ...paragraph(
          block.spans.map((sp) => ({ ...sp, text: sp.text.toLocaleUpperCase(sp.lang ?? ctx.language), style: {} })),
          k.title,
          inner,
          { align: 'left', role: 'key-facts-title', into: title },
        ),
      );
    } else if (block.kind === 'list') {
      // Facts as short ragged lines with a rule between them, not bullets; still a list to a reader.
      const listNode = ctx.reading.add(inner.parent, 'list', { ordered: false });
      block.items.forEach((item, j) => {
        const first = item[0];
        if (first?.kind !== 'paragraph') return;
        const body = { ...inner, parent: ctx.reading.add(ctx.reading.add(listNode, 'item'), 'item-body') };
        const slices = paragraph(first.spans, k.text, body, { align: 'left', role: 'key-fact' });
        if (block.changedItems?.includes(j)) changeBars(slices, ctx);
        parts.push(...withSpace(slices, k.itemSpacing));
      });
    } else if (block.kind === 'paragraph') {
      const slices = paragraph(block.spans, k.text, inner, { align: 'left', role: 'key-fact' });
      if (block.changed) changeBars(slices, ctx);
      parts.push(...withSpace(slices, k.itemSpacing));
    }
  });
  const body = merge(parts, 'key-facts');
  const h = body.height + 2 * k.padding;
  const boxes: Box[] = [
    artifact({ kind: 'rect', x, y: 0, w: width, h, fill: k.fill }),
    artifact({ kind: 'line', x1: x, y1: 0, x2: x + width, y2: 0, width: k.ruleWidth, color: k.rule }),
    ...body.boxes.map((bx) => shift(bx, 0, k.padding)),
  ];
  return [{ height: h, spaceBefore: 0, boxes, keepWithNext: false, role: 'key-facts', side: { width: width + k.gutter } }];
});
