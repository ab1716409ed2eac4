// The title block: title, subtitle and dateline, one unbreakable slice closed by a rule.
import { artifact } from '../layout/boxes.js';
import { changeBars, merge, paragraph, withSpace, type Slice } from '../layout/flow.js';
import { spansText } from '../parse/document.js';
import { groupKind } from './kind.js';

export default groupKind('title-block', 'title', (b, ctx) => {
  const th = ctx.theme;
  const out: Slice[] = [];
  ctx = { ...ctx, parent: ctx.reading.add(ctx.parent, 'section') };
  for (const block of b.blocks) {
    const start = out.length;
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
    if (block.changed) changeBars(out.slice(start), ctx);
  }
  const slice = merge(out, 'title-block');
  slice.outline = out.find((s) => s.outline)?.outline;
  const r = th.titleRule;
  slice.boxes.push(artifact({ kind: 'line', x1: ctx.x, y1: slice.height + r.gap, x2: ctx.x + ctx.width, y2: slice.height + r.gap, width: r.width, color: r.color }));
  slice.height += r.gap + r.after;
  return [slice];
});
