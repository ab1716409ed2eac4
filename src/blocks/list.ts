// A bulleted or numbered list: labels hang in the indent, a right-to-left list mirrors as a whole.
import { changeBars, flowBlocks, type Slice } from '../layout/flow.js';
import type { TextRun } from '../layout/boxes.js';
import { paragraphDirection } from '../layout/direction.js';
import { spansText, type Block } from '../parse/document.js';
import { markdownKind } from './kind.js';

export default markdownKind('list', 'list', (b, ctx) => {
  const { indent, itemSpacing, bullet, labelGap, labelColor } = ctx.theme.list;
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
    const labelX = ctx.rtl ? ctx.x + ctx.width - indent + labelGap : ctx.x + indent - labelGap - labelWidth;
    first.boxes.push(ctx.reading.own(labelNode, { kind: 'text', x: labelX, y, text: label, face: style.face, size: style.size, color: labelColor, wordSpacing: 0, width: labelWidth }));
    first.spaceBefore = i === 0 ? 0 : itemSpacing;
    if (b.changedItems?.includes(i)) changeBars(slices, ctx);
    out.push(...slices);
  });
  return out;
});
