// Vertical rhythm: the space between two blocks comes from one table of pairs, nowhere else.
import type { Theme } from './theme.js';

/** What a block is to the rhythm: the kinds whose neighbours need different space (each block kind names its own, blocks/). */
export type RhythmKind = 'paragraph' | 'list' | 'table' | 'figure' | 'box' | 'quote' | 'rule' | 'h1' | 'h2' | 'h3' | 'title' | 'sources';

export const RHYTHM_KINDS: RhythmKind[] = ['paragraph', 'list', 'table', 'figure', 'box', 'quote', 'rule', 'h1', 'h2', 'h3', 'title', 'sources'];

/**
 * The space above `next` when it follows `prev` (undefined: it opens its column). The unit is the
 * paragraph gap: no two blocks sit closer. Tables, figures and boxes ask for more on both sides,
 * the larger side wins (no sum: a figure after a table is not twice as far). A heading brings its
 * own space above, and the block under it starts at once: the heading's space after is its own.
 * The title block ends in a rule; what follows keeps its distance from that rule as from text.
 */
export function spaceBetween(theme: Theme, prev: RhythmKind | undefined, next: RhythmKind): number {
  const unit = theme.body.spaceAfter;
  if (next === 'h1' || next === 'h2' || next === 'h3') return prev === undefined || prev === 'title' ? 0 : theme[next].spaceBefore;
  if (next === 'sources') return prev === undefined ? 0 : theme.h2.spaceBefore;
  if (prev === 'h1' || prev === 'h2' || prev === 'h3') return 0;
  if (prev === undefined) return 0;
  const around: Partial<Record<RhythmKind, number>> = {
    table: Math.max(theme.table.spaceBefore, theme.table.spaceAfter),
    figure: Math.max(theme.figure.spaceBefore, theme.figure.spaceAfter),
    box: Math.max(theme.keyJudgments.spaceBefore, theme.keyJudgments.spaceAfter),
  };
  return Math.max(unit, around[prev] ?? unit, around[next] ?? unit);
}
