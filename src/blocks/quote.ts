// A block quote: indented, with a rule at the side its text starts from.
import { artifact } from '../layout/boxes.js';
import { flowBlocks } from '../layout/flow.js';
import { paragraphDirection } from '../layout/direction.js';
import { spansText, type Block } from '../parse/document.js';
import { markdownKind } from './kind.js';

export default markdownKind('quote', 'quote', (b, ctx) => {
  const { indent, rule, ruleWidth } = ctx.theme.quote;
  // A quote's rule stands at the side its text starts from: the right for a right-to-left quote
  // (a Hebrew quote in an English brief too). Nothing hangs toward it.
  const first = b.blocks.find((x): x is Extract<Block, { kind: 'paragraph' }> => x.kind === 'paragraph');
  const rtl = ctx.rtl || (first !== undefined && paragraphDirection(spansText(first.spans), 'en') === 'rtl');
  const slices = flowBlocks(b.blocks, { ...ctx, x: rtl ? ctx.x : ctx.x + indent, width: ctx.width - indent, parent: ctx.reading.add(ctx.parent, 'quote'), protrude: false }, true);
  const ruleX = rtl ? ctx.x + ctx.width - 2 : ctx.x + 2;
  for (const s of slices) s.boxes.push(artifact({ kind: 'line', x1: ruleX, y1: 0, x2: ruleX, y2: s.height, width: ruleWidth, color: rule }));
  return slices;
});
