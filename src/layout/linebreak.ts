// Paragraph-wide optimal line breaking (Knuth & Plass, 1981) over boxes, glue and penalties.
// Our own because PDFKit's wrapper decides line by line and mangles soft hyphens (see DESIGN.md).

export interface BoxItem<T> {
  type: 'box';
  width: number;
  data: T;
}
export interface GlueItem<T> {
  type: 'glue';
  width: number;
  stretch: number;
  shrink: number;
  data: T;
}
export interface PenaltyItem<T> {
  type: 'penalty';
  width: number;
  penalty: number;
  /** A hyphen: two flagged breaks in a row cost extra. */
  flagged: boolean;
  data: T;
}
export type Item<T> = BoxItem<T> | GlueItem<T> | PenaltyItem<T>;

export const INFINITY = 10000;

export interface Line {
  /** Items [start, end) make the line; `end` is the break item (glue or penalty), not drawn unless a penalty with width. */
  start: number;
  end: number;
  /** Adjustment ratio: > 0 stretches glue (and glyphs, with expansion), < 0 shrinks them. */
  ratio: number;
  /** How far the line's first and last glyphs hang into the margins (character protrusion), in points. */
  left: number;
  right: number;
}

export interface BreakOptions {
  /** Width of each line; the last entry repeats. */
  widths: number[];
  /** Largest adjustment ratio accepted on a first pass; a second pass relaxes it. */
  tolerance?: number;
  linePenalty?: number;
  flaggedDemerits?: number;
  fitnessDemerits?: number;
  /**
   * Stretch every line has at its right end, as TeX's \rightskip: ragged-right setting. It counts
   * at hyphen breaks too, so a hyphen can even out the rag. A list gives it per line, as widths
   * (lines beside a side box ragged, the full measure below them justified).
   */
  rightStretch?: number | number[];
  /**
   * Share by which a line's glyphs may be scaled wider or narrower (pdfTeX's font expansion): the
   * boxes' widths times this count as stretch and shrink beside the glue's, so the optimum weighs it.
   */
  expansion?: number;
  /**
   * Character protrusion: left[i] is how far a line hangs into the left margin when its first box
   * is the first at or after item i; right[i] how far a line broken at item i hangs into the right.
   */
  hang?: { left: ArrayLike<number>; right: ArrayLike<number> };
}

interface Node {
  position: number;
  line: number;
  fitness: number;
  totalWidth: number;
  totalStretch: number;
  totalShrink: number;
  totalBox: number;
  demerits: number;
  ratio: number;
  previous: Node | null;
}

/**
 * Breaks items into lines minimising total demerits over the whole paragraph. Returns undefined
 * when no break sequence keeps every line within the tolerance (the caller falls back).
 * The item list must end with a forced break (penalty -INFINITY), preceded by finishing glue.
 */
export function breakLines<T>(items: Item<T>[], options: BreakOptions): Line[] | undefined {
  const tolerance = options.tolerance ?? 2;
  const linePenalty = options.linePenalty ?? 10;
  const flaggedDemerits = options.flaggedDemerits ?? 3000;
  const fitnessDemerits = options.fitnessDemerits ?? 3000;
  const widthOf = (line: number) => options.widths[Math.min(line, options.widths.length - 1)];
  const ragged = options.rightStretch ?? 0;
  const rightStretchOf = (line: number) => (typeof ragged === 'number' ? ragged : ragged[Math.min(line, ragged.length - 1)]);
  const expansion = options.expansion ?? 0;
  const hangLeft = (position: number) => options.hang?.left[position] ?? 0;
  const hangRight = (index: number) => options.hang?.right[index] ?? 0;

  const sum = { width: 0, stretch: 0, shrink: 0, box: 0 };
  let active: Node[] = [{ position: 0, line: 0, fitness: 1, totalWidth: 0, totalStretch: 0, totalShrink: 0, totalBox: 0, demerits: 0, ratio: 0, previous: null }];

  const ratioFor = (node: Node, index: number, item: Item<T>): number => {
    let width = sum.width - node.totalWidth;
    let box = sum.box - node.totalBox;
    if (item.type === 'penalty') {
      width += item.width;
      box += item.width;
    }
    const target = widthOf(node.line) + hangLeft(node.position) + hangRight(index);
    if (width < target) {
      const stretch = sum.stretch - node.totalStretch + rightStretchOf(node.line) + expansion * box;
      return stretch > 0 ? (target - width) / stretch : INFINITY;
    }
    if (width > target) {
      const shrink = sum.shrink - node.totalShrink + expansion * box;
      return shrink > 0 ? (target - width) / shrink : -INFINITY;
    }
    return 0;
  };

  // Sums from a break at `index` to the next box: glue and penalties after a break vanish.
  const afterBreak = (index: number) => {
    const s = { ...sum };
    for (let i = index; i < items.length; i++) {
      const it = items[i];
      if (it.type === 'glue') {
        s.width += it.width;
        s.stretch += it.stretch;
        s.shrink += it.shrink;
      } else if (it.type === 'box' || (it.type === 'penalty' && it.penalty === -INFINITY && i > index)) {
        break;
      }
    }
    return s;
  };

  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const isBreak = (item.type === 'penalty' && item.penalty < INFINITY) || (item.type === 'glue' && index > 0 && items[index - 1].type === 'box');

    if (isBreak) {
      const candidates: (Node | null)[] = [null, null, null, null];
      const next: Node[] = [];
      for (const node of active) {
        const ratio = ratioFor(node, index, item);
        const forced = item.type === 'penalty' && item.penalty === -INFINITY;
        if (ratio < -1 || forced) {
          // This node can no longer start a line reaching past here.
        } else {
          next.push(node);
        }
        if (ratio >= -1 && ratio <= tolerance) {
          const badness = 100 * Math.abs(ratio) ** 3;
          const p = item.type === 'penalty' ? item.penalty : 0;
          let demerits = (linePenalty + badness) ** 2;
          if (p >= 0) demerits += p * p;
          else if (p > -INFINITY) demerits -= p * p;
          const prevItem = items[node.position];
          if (item.type === 'penalty' && item.flagged && prevItem?.type === 'penalty' && prevItem.flagged && node.position > 0) demerits += flaggedDemerits;
          const fitness = ratio < -0.5 ? 0 : ratio <= 0.5 ? 1 : ratio <= 1 ? 2 : 3;
          if (Math.abs(fitness - node.fitness) > 1) demerits += fitnessDemerits;
          demerits += node.demerits;
          const best = candidates[fitness];
          if (!best || demerits < best.demerits) {
            candidates[fitness] = { position: index, line: node.line + 1, fitness, totalWidth: 0, totalStretch: 0, totalShrink: 0, totalBox: 0, demerits, ratio, previous: node };
          }
        }
      }
      active = next;
      const s = afterBreak(index);
      for (const c of candidates) {
        if (!c) continue;
        c.totalWidth = s.width;
        c.totalStretch = s.stretch;
        c.totalShrink = s.shrink;
        c.totalBox = s.box;
        active.push(c);
      }
      if (!active.length) return undefined;
    }

    if (item.type === 'box') {
      sum.width += item.width;
      sum.box += item.width;
    } else if (item.type === 'glue') {
      sum.width += item.width;
      sum.stretch += item.stretch;
      sum.shrink += item.shrink;
    }
  }

  const last = items.length - 1;
  const finals = active.filter((n) => n.position === last);
  if (!finals.length) return undefined;
  let node: Node | null = finals.reduce((a, b) => (b.demerits < a.demerits ? b : a));
  const breaks: Node[] = [];
  while (node && node.previous) {
    breaks.unshift(node);
    node = node.previous;
  }
  const lines: Line[] = [];
  let start = 0;
  for (const b of breaks) {
    lines.push({ start, end: b.position, ratio: b.ratio, left: hangLeft(b.previous!.position), right: hangRight(b.position) });
    // The next line starts at the first box after the break.
    start = b.position + 1;
    while (start < items.length && items[start].type !== 'box' && !(items[start].type === 'penalty' && (items[start] as PenaltyItem<T>).penalty === -INFINITY)) start++;
  }
  return lines;
}
