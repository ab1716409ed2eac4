// A thematic break (---): a hairline across the column.
import { artifact } from '../layout/boxes.js';
import { markdownKind } from './kind.js';

export default markdownKind('rule', 'rule', (_b, ctx) => {
  const { space, width, color } = ctx.theme.rule;
  return [{ height: space, spaceBefore: 0, boxes: [artifact({ kind: 'line', x1: ctx.x, y1: space / 2, x2: ctx.x + ctx.width, y2: space / 2, width, color })], keepWithNext: false, role: 'rule' }];
});
