// A heading: ragged, never hyphenated, kept with what follows, an entry of the outline.
import { paragraph } from '../layout/flow.js';
import type { BlockStyle } from '../layout/theme.js';
import { spansText } from '../parse/document.js';
import { markdownKind } from './kind.js';

export default markdownKind(
  'heading',
  (b) => `h${b.level}`,
  (b, ctx) => {
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
  },
);
