// A note (callout): a ruled frame around blocks the analyst sets apart.
import { artifact, shift } from '../layout/boxes.js';
import { flowBlocks, merge } from '../layout/flow.js';
import { groupKind } from './kind.js';

export default groupKind('note', 'box', (b, ctx) => {
  const pad = ctx.theme.note.padding;
  const inner = { ...ctx, x: ctx.x + pad, width: ctx.width - 2 * pad, parent: ctx.reading.add(ctx.parent, 'callout'), protrude: false };
  const body = merge(flowBlocks(b.blocks, inner, true), 'note');
  const h = body.height + 2 * pad - ctx.theme.body.spaceAfter;
  return [
    {
      height: h,
      spaceBefore: 0,
      boxes: [artifact({ kind: 'rect', x: ctx.x, y: 0, w: ctx.width, h, stroke: ctx.theme.rule.color, lineWidth: ctx.theme.rule.width }), ...body.boxes.map((x) => shift(x, 0, pad))],
      keepWithNext: false,
      role: 'note',
    },
  ];
});
