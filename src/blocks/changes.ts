// The "Changes since" box of an edition from the second on: what changed, listed near the top,
// ruled above and tinted like the other boxes, in the reading order where it stands (issue 23).
import { artifact, shift, type Box } from '../layout/boxes.js';
import { flowBlocks, merge, paragraph, withSpace, type Slice } from '../layout/flow.js';
import { groupKind } from './kind.js';

export default groupKind('changes', 'box', (b, ctx) => {
  const c = ctx.theme.changes;
  // Its lines in the box's own text style: the list inside reads it as its body.
  const theme = { ...ctx.theme, body: { ...ctx.theme.body, ...c.text, align: 'left' as const, hyphenate: false }, list: { ...ctx.theme.list, labelColor: c.text.color } };
  const inner = { ...ctx, theme, x: ctx.x + c.padding, width: ctx.width - 2 * c.padding, parent: ctx.reading.add(ctx.parent, 'changes'), protrude: false };
  const parts: Slice[] = [];
  b.blocks.forEach((block, i) => {
    if (i === 0 && block.kind === 'paragraph') {
      // The box's title, the bold first line the changes partial writes: a heading to a reader.
      const upper = block.spans.map((s) => ({ ...s, text: s.text.toLocaleUpperCase(s.lang ?? ctx.language), style: {} }));
      parts.push(...paragraph(upper, c.title, inner, { align: 'left', role: 'changes-title', into: ctx.reading.add(inner.parent, 'heading', { level: 2 }), hyphenate: false }));
    } else {
      parts.push(...withSpace(flowBlocks([block], inner, true), i === 0 ? 0 : c.text.leading / 3));
    }
  });
  const body = merge(parts, 'changes');
  const h = body.height + 2 * c.padding;
  const boxes: Box[] = [
    artifact({ kind: 'rect', x: ctx.x, y: 0, w: ctx.width, h, fill: c.fill }),
    artifact({ kind: 'line', x1: ctx.x, y1: 0, x2: ctx.x + ctx.width, y2: 0, width: c.ruleWidth, color: c.rule }),
    ...body.boxes.map((x) => shift(x, 0, c.padding)),
  ];
  return [{ height: h, spaceBefore: 0, boxes, keepWithNext: false, role: 'changes' }];
});
