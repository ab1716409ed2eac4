// The key judgments (bottom line up front): a tinted box with an accent bar, its bold first line a heading.
import { artifact, shift, type Box } from '../layout/boxes.js';
import { changeBars, flowBlocks, merge, paragraph, type Slice } from '../layout/flow.js';
import { groupKind } from './kind.js';

export default groupKind('key-judgments', 'box', (b, ctx) => {
  const k = ctx.theme.keyJudgments;
  const innerX = ctx.rtl ? ctx.x + k.padding : ctx.x + k.accentWidth + k.padding;
  // The judgments are set in the box's own text style: the blocks inside read it as their body.
  const theme = { ...ctx.theme, body: { ...ctx.theme.body, ...k.text } };
  const inner = { ...ctx, theme, x: innerX, width: ctx.width - k.accentWidth - 2 * k.padding, parent: ctx.reading.add(ctx.parent, 'key-judgments'), protrude: false };
  const parts: Slice[] = [];
  b.blocks.forEach((block, i) => {
    if (i === 0 && block.kind === 'paragraph') {
      // The box's title: the bold first line the key-judgments partial writes; a reader meets it as a heading.
      // Upper-cased as its language does it (Turkish i becomes İ, not I).
      const upper = block.spans.map((s) => ({ ...s, text: s.text.toLocaleUpperCase(s.lang ?? ctx.language), style: {} }));
      const slices = paragraph(upper, k.title, inner, { align: 'left', role: 'key-judgments-title', into: ctx.reading.add(inner.parent, 'heading', { level: 2 }) });
      if (block.changed) changeBars(slices, ctx);
      parts.push(...slices);
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
});
