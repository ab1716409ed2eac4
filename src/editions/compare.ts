// What changed between two editions of a brief: the units of the new one that the old did not
// have (marked with a change bar), those it dropped, and the figures, facts and sections behind them.
import type { Content, ContentFact, ContentUnit } from './content.js';

export interface FigureChange {
  id: string;
  before: ContentFact;
  after: ContentFact;
}

export interface Changes {
  /** Units of the new edition not in the old one as they stand (new, reworded or moved): each gets a bar. */
  changed: ContentUnit[];
  /** Units of the old edition the new one no longer has as they stood. */
  removed: ContentUnit[];
  /** Facts whose value, unit, date, source or quote changed, old and new. */
  figures: FigureChange[];
  added: ContentFact[];
  dropped: ContentFact[];
  /** Sections of the new edition with a changed unit, in reading order. */
  sections: string[];
}

/**
 * The longest common subsequence of two lists of keys, as pairs of indexes (in a, in b), in order.
 * What they share at the start and end is matched at once: most editions change a few units, most
 * revised sentences a few words.
 */
export function longestCommon(a: readonly string[], b: readonly string[]): [number, number][] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length,
    endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const pairs: [number, number][] = [];
  for (let i = 0; i < start; i++) pairs.push([i, i]);
  const n = endA - start,
    m = endB - start;
  // Lengths of the longest common subsequence of the middle parts, from the end.
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) table[i][j] = a[start + i] === b[start + j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  for (let i = 0, j = 0; i < n && j < m;) {
    if (a[start + i] === b[start + j]) {
      pairs.push([start + i, start + j]);
      i++;
      j++;
    } else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  for (let i = 0; i < a.length - endA; i++) pairs.push([endA + i, endB + i]);
  return pairs;
}

/**
 * The units both editions have in the same order (by content key), as pairs (old, new): what is
 * not among them changed. A moved paragraph is outside them at one of its two places, so it is
 * marked once, where the reader now finds it.
 */
export const matchUnits = (a: ContentUnit[], b: ContentUnit[]) =>
  longestCommon(
    a.map((u) => u.key),
    b.map((u) => u.key),
  );

const sameFact = (x: ContentFact, y: ContentFact) => x.value === y.value && x.unit === y.unit && x.asOf === y.asOf && x.source === y.source && x.quote === y.quote;

export function compareContent(before: Content, after: Content): Changes {
  const pairs = matchUnits(before.units, after.units);
  const inA = new Set(pairs.map(([i]) => i));
  const inB = new Set(pairs.map(([, j]) => j));
  const changed = after.units.filter((_, i) => !inB.has(i));
  const removed = before.units.filter((_, i) => !inA.has(i));
  const old = new Map(before.facts.map((f) => [f.id, f]));
  const now = new Map(after.facts.map((f) => [f.id, f]));
  const figures = after.facts.flatMap((f) => (old.has(f.id) && !sameFact(old.get(f.id)!, f) ? [{ id: f.id, before: old.get(f.id)!, after: f }] : []));
  return {
    changed,
    removed,
    figures,
    added: after.facts.filter((f) => !old.has(f.id)),
    dropped: before.facts.filter((f) => !now.has(f.id)),
    sections: [...new Set(changed.map((u) => u.section))],
  };
}
