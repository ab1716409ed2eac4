// A thematic break (---): a hairline across the column.
import { artifact } from '../layout/boxes.js';
import { markdownKind } from './kind.js';

export default markdownKind('rule', 'rule', (_b, ctx) => [
  { height: 12, spaceBefore: 0, boxes: [artifact({ kind: 'line', x1: ctx.x, y1: 6, x2: ctx.x + ctx.width, y2: 6, width: ctx.theme.rule.width, color: ctx.theme.rule.color })], keepWithNext: false, role: 'rule' },
]);
