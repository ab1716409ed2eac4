// Change bars: the units compare found changed, marked on the blocks layout will set. The document
// laid out is not the one compared: it also says which edition it is and carries the "Changes
// since" box, so its units are matched to the compared ones first, and only those marked.
import type { Brief } from '../brief.js';
import type { Block } from '../parse/document.js';
import { matchUnits } from './compare.js';
import { contentOf, type Content, type ContentUnit } from './content.js';

/** Marks on `blocks` (the document to be laid out) every unit of `compared` that is in `changed`. */
export function markChanges(brief: Brief, compared: Content, changed: ContentUnit[], blocks: Block[]): number {
  const wanted = new Set(changed.map((u) => u.path.join('.')));
  const laidOut = contentOf(brief, blocks).units;
  let marked = 0;
  for (const [i, j] of matchUnits(compared.units, laidOut)) {
    if (!wanted.has(compared.units[i].path.join('.'))) continue;
    mark(blocks, laidOut[j].path);
    marked++;
  }
  return marked;
}

/** Follows a unit's path (editions/content.ts) down to its block, list item or table row. */
function mark(blocks: Block[], path: number[]): void {
  const [at, ...rest] = path;
  const b = blocks[at];
  if (!b) return;
  if (!rest.length) {
    b.changed = true;
    return;
  }
  switch (b.kind) {
    case 'group':
    case 'quote':
      return mark(b.blocks, rest);
    case 'list':
      if (rest.length === 1) b.changedItems = [...(b.changedItems ?? []), rest[0]];
      else if (b.items[rest[0]]) mark(b.items[rest[0]], rest.slice(1));
      return;
    case 'table':
      if (rest.length === 1) b.changedRows = [...(b.changedRows ?? []), rest[0]];
      return;
  }
}
