// A figure: its title above the chart, source and notes below, kept together and free to float.
import { merge, paragraph, withSpace, type Slice } from '../layout/flow.js';
import type { BlockKind } from './kind.js';
import type { FigureBlock } from '../parse/document.js';

const figure: BlockKind<FigureBlock> = {
  name: 'figure',
  // `::figure{chart=id}` alone, or `:::figure{chart=id}` around its title and notes.
  directive: { leaf: true, container: true, block: (attributes, caption) => ({ kind: 'figure', chart: attributes.chart ?? '', caption }) },
  rhythm: 'figure',
  flow(b, ctx) {
    const t = ctx.theme.figure;
    const scene = ctx.charts[b.chart];
    if (!scene) throw new Error(`layout: no chart scene for figure "${b.chart}"`);
    const [titleBlock, ...notes] = b.caption;
    const parts: Slice[] = [];
    const fig = { ...ctx, parent: ctx.reading.add(ctx.parent, 'figure') };
    // The figure's title sits above the chart, as think tanks print it; source and notes below.
    if (titleBlock && titleBlock.kind === 'paragraph') parts.push(...paragraph(titleBlock.spans, t.title, fig, { align: 'left', role: 'figure-title', into: ctx.reading.add(fig.parent, 'caption') }));
    const scale = Math.min(1, ctx.width / scene.width);
    const chart = ctx.reading.own(ctx.reading.add(fig.parent, 'chart', { alt: scene.alt }), { kind: 'chart' as const, x: ctx.x, y: 0, w: scene.width * scale, h: scene.height * scale, scene });
    parts.push({ height: scene.height * scale, spaceBefore: t.gap, boxes: [chart], keepWithNext: false, role: 'chart' });
    notes.forEach((n, i) => {
      if (n.kind === 'paragraph') parts.push(...withSpace(paragraph(n.spans, t.caption, fig, { align: 'left', role: 'figure-caption' }), i === 0 ? t.gap : t.noteGap));
    });
    const slice = merge(parts, 'figure');
    slice.spaceBefore = 0;
    slice.float = true;
    return [slice];
  },
};
export default figure as BlockKind;
