// The placement phase of setting a paragraph: broken lines -> positioned text runs (justification
// with font expansion, hanging punctuation, words broken across lines, right-to-left order).
import type { FontService } from '../fonts/fonts.js';
import { MIN_TEXT_SIZE } from '../print.js';
import type { TextRun } from './boxes.js';
import { atLevel, visualOrder } from './direction.js';
import type { Fragment, SetLine, SetOptions, WordPart } from './fragment.js';
import { INFINITY, type Item, type Line } from './linebreak.js';
import type { Theme } from './theme.js';

/** What placing a line needs of the setting around it. */
export interface Placing {
  fonts: FontService;
  theme: Theme;
}

/**
 * The placement phase: each broken line as positioned runs, justified or flush as asked, in
 * visual order. `ctx` gives the fonts (a space's width) and the theme (how far glyphs may widen).
 */
export function placeLines(
  ctx: Placing,
  items: Item<Fragment>[],
  lines: Line[],
  widths: number[],
  align: (line: number) => SetOptions['align'],
  maxGap: number,
  direction: 'ltr' | 'rtl' = 'ltr',
): SetLine[] {
  const parts = brokenWords(items, lines);
  // Ragged text of a right-to-left paragraph is flush right (its start); so is its last line.
  const flush = (a: SetOptions['align']) => (direction === 'rtl' && a === 'left' ? 'right' : a);
  return lines.map((line, i) => {
    const last = i === lines.length - 1;
    const a = align(i);
    return placeLine(ctx, items, line, last, direction === 'rtl' && a === 'justify' && last ? 'right' : flush(a), maxGap, widths[Math.min(i, widths.length - 1)], parts);
  });
}

function placeLine(ctx: Placing, items: Item<Fragment>[], line: Line, isLast: boolean, align: SetOptions['align'], maxGap: number, lineWidth: number, parts: Map<number, WordPart>): SetLine {
  const breakItem = items[line.end];
  const real = (it: Item<Fragment>) => it.type === 'glue' && it.width > 0;
  // What the line holds at its natural width: boxes (with a hyphen drawn at the break) and spaces.
  let boxes = breakItem?.type === 'penalty' ? breakItem.width : 0;
  let spaces = 0;
  let stretch = 0;
  let shrink = 0;
  for (let i = line.start; i < line.end; i++) {
    const it = items[i];
    if (it.type === 'box') boxes += it.width;
    else if (it.type === 'glue' && it.stretch < INFINITY) {
      // Spaces, and the zero-width glue between ideographs, which only justification widens.
      spaces += it.width;
      stretch += it.stretch;
      shrink += it.shrink;
    }
  }
  // A justified line fills its width plus what hangs into the margins; glyphs and glue share the
  // difference in proportion to what each may give, as the line breaker weighed them.
  const justified = align === 'justify' && !isLast;
  const hanging = justified ? line.left + line.right : line.left;
  const need = lineWidth + hanging - boxes - spaces;
  const e = align === 'justify' ? ctx.theme.typography.expansion : 0;
  let scale = 1;
  let glueShare = 0;
  if (need > 0 && justified) {
    const r = stretch + e * boxes > 0 ? need / (stretch + e * boxes) : 0;
    scale = 1 + Math.min(r, 1) * e;
    glueShare = stretch > 0 ? (need - (scale - 1) * boxes) / stretch : 0;
  } else if (need < 0) {
    // Too full (any line, the last too): shrink glyphs and spaces, never past their limits.
    const r = shrink + e * boxes > 0 ? need / (shrink + e * boxes) : 0;
    scale = 1 + Math.max(r, -1) * e;
    glueShare = shrink > 0 ? Math.max(-1, (need - (scale - 1) * boxes) / shrink) : 0;
  }
  const gapAt = (it: Item<Fragment>) => (it.type === 'glue' ? it.width + glueShare * (glueShare >= 0 ? it.stretch : it.shrink) : 0);
  // A safeguard the breaker's tolerance already keeps: never open a gap past the limit.
  if (glueShare > 0 && items.slice(line.start, line.end).some((it) => real(it) && gapAt(it) > maxGap + 0.01)) {
    glueShare = 0;
    scale = 1;
  }

  const runs: TextRun[] = [];
  /** The broken-word part each run draws, if any: runs of different parts never merge. */
  const runParts: (string | undefined)[] = [];
  let x = -line.left;
  let gap = 0;
  let pendingSpace = false;
  let drawn: { it: Item<Fragment>; index: number }[] = [];
  for (let i = line.start; i < line.end; i++) drawn.push({ it: items[i], index: i });
  // A line broken at a hyphenation point ends with the hyphen the penalty stands for.
  if (breakItem?.type === 'penalty' && breakItem.width > 0) drawn.push({ it: { type: 'box', width: breakItem.width, data: breakItem.data }, index: line.end });
  // Right-to-left text: break first, then put each line in visual order (UAX #9 L2). A word is
  // one box, which the font's shaping draws right to left; spaces between words take the level
  // of their place, so a Persian name inside an English sentence reads right to left as a whole.
  const levelOf = (index: number) => (index < items.length ? (items[index].data.level ?? 0) : 0);
  if (drawn.some((d) => d.it.data.level)) {
    const visible = drawn.filter((d) => d.it.type !== 'penalty');
    drawn = visualOrder(
      visible,
      visible.map((d) => d.it.data.level ?? 0),
    );
  }
  // Right-to-left runs carry no ActualText: their glyphs stand in visual order, each mapped to its
  // character, which is what text extraction (poppler's pdftotext) reorders into logical order;
  // an ActualText in logical order is spread over the run left to right and comes out reversed.
  const runLevels: number[] = [];
  /** The bidi level of the space before the next run, in a line with right-to-left text. */
  let spaceLevel = 0;
  for (const { it, index } of drawn) {
    if (it.type === 'penalty') continue;
    if (it.type === 'glue') {
      if (it.stretch >= INFINITY) continue; // the finishing glue
      if (it.width === 0) {
        // Between ideographs: no space character, only what justification adds.
        x += gapAt(it);
        continue;
      }
      const w = gapAt(it);
      gap = Math.max(gap, w);
      x += w;
      pendingSpace = true;
      spaceLevel = levelOf(index);
      continue;
    }
    const f = it.data;
    // Glyphs already at the smallest size (a citation marker) are not narrowed below it: a
    // reader's software takes the narrowed width for the size, and 7 pt is the print rule.
    const own = scale < 1 && f.size * scale < MIN_TEXT_SIZE ? Math.min(1, MIN_TEXT_SIZE / f.size) : scale;
    const w = it.width * own;
    const run = runs[runs.length - 1];
    const part = parts.get(index);
    const level = levelOf(index);
    const same =
      run &&
      (run.scale ?? 1) === own &&
      run.face === f.face &&
      run.size === f.size &&
      run.color === f.color &&
      run.y === -f.rise &&
      sameLink(run.link, f.link) &&
      run.lang === f.lang &&
      runParts[runs.length - 1] === part?.key &&
      runLevels[runs.length - 1] === level;
    const text = atLevel(f.text, level);
    if (same && !pendingSpace && Math.abs(run.x + run.width - x) < 1e-6) {
      // Syllables of one word, or adjacent text in one style.
      run.text += text;
      run.width += w;
      spot(ctx, run, f, x, w, own);
      x += w;
      continue;
    }
    // A space at another level than the run's (between "17" and "April" in an Arabic paragraph)
    // ends the run: an output that sets text in reading order needs to know where it stands.
    if (same && pendingSpace && spaceLevel === level) {
      // PDFKit draws a run's spaces at the font's space width plus one wordSpacing for the run:
      // join only while this gap is that same width.
      const extra = x - (run.x + run.width) - ctx.fonts.measure(run.face, run.size, ' ') * (run.scale ?? 1);
      if (!run.text.includes(' ') || Math.abs(extra - run.wordSpacing) < 1e-6) {
        run.text += ' ' + text;
        run.wordSpacing = extra;
        run.width = x - run.x + w;
        spot(ctx, run, f, x, w, own);
        x += w;
        pendingSpace = false;
        continue;
      }
    }
    // The first run of a broken word reads as the whole word; the rest of it reads as nothing.
    const actualText = part && !runParts.includes(part.key) ? { actualText: part.actualText } : part ? { actualText: '' } : {};
    runs.push({
      kind: 'text',
      x,
      y: -f.rise,
      text,
      face: f.face,
      size: f.size,
      color: f.color,
      wordSpacing: 0,
      width: w,
      ...(own !== 1 ? { scale: own } : {}),
      ...(f.link ? { link: f.link } : {}),
      ...(f.lang ? { lang: f.lang } : {}),
      ...(level ? { level } : {}),
      ...(pendingSpace && spaceLevel !== level ? { spaceLevel } : {}),
      ...actualText,
    });
    spot(ctx, runs[runs.length - 1], f, x, w, own);
    runParts.push(part?.key);
    runLevels.push(level);
    x += w;
    pendingSpace = false;
  }
  // The width the line takes within its measure: what hangs out on the right is not counted.
  const width = justified ? lineWidth : x;
  const shift = align === 'right' ? lineWidth - width : align === 'center' ? (lineWidth - width) / 2 : 0;
  if (shift) runs.forEach((r) => (r.x += shift));
  return { runs, width, maxGap: gap, scale, justified };
}

/**
 * Words broken across lines, by item index: what each line's part of the word reads as. Copy, search
 * and speech get "peacekeeping" from "peace-" + "keeping" (the first part carries the whole word,
 * the rest nothing), and "cease-fire" whole from a break after its hyphen.
 */
function brokenWords(items: Item<Fragment>[], lines: Line[]): Map<number, WordPart> {
  const parts = new Map<number, WordPart>();
  const inWord = (i: number) => items[i] && (items[i].type === 'box' || (items[i].type === 'penalty' && items[i].penalty < INFINITY && items[i].penalty > -INFINITY));
  const done = new Set<number>();
  lines.forEach((line, li) => {
    const brk = items[line.end];
    if (li === lines.length - 1 || brk?.type !== 'penalty' || items[line.end - 1]?.type !== 'box' || items[line.end + 1]?.type !== 'box') return;
    let start = line.end - 1;
    while (start > 0 && inWord(start - 1)) start--;
    let end = line.end + 1;
    while (inWord(end + 1)) end++;
    if (done.has(start)) return;
    done.add(start);
    let whole = '';
    for (let i = start; i <= end; i++) if (items[i].type === 'box') whole += items[i].data.text;
    let first = true;
    lines.forEach((l, lj) => {
      const from = Math.max(start, l.start);
      const to = Math.min(end, l.end);
      if (from > to) return;
      const part = { key: `${start}/${lj}`, actualText: first ? whole : '' };
      for (let i = from; i <= to; i++) parts.set(i, part);
      first = false;
    });
  });
  return parts;
}

/**
 * Records on `run` the stretch of each fact the piece `f` (drawn at x, w wide, glyphs scaled by
 * `scale`) prints: whole pieces mostly; part of one where a fact ends inside a word ("2020,").
 */
function spot(ctx: Placing, run: TextRun, f: Fragment, x: number, w: number, scale: number): void {
  if (!f.facts || f.offset === undefined || !f.text) return;
  const start = f.offset;
  const end = start + f.text.length;
  for (const r of f.facts) {
    const from = Math.max(r.from, start) - start;
    const to = Math.min(r.to, end) - start;
    if (from >= to) continue;
    const prefix = (n: number) => (n === 0 ? 0 : n === f.text.length ? w : ctx.fonts.measure(f.face, f.size, f.text.slice(0, n)) * scale);
    let a = prefix(from);
    let b = prefix(to);
    // A right-to-left word is drawn from its right end.
    if (f.level && f.level % 2) [a, b] = [w - b, w - a];
    const at = x - run.x + a;
    const last = run.facts?.[run.facts.length - 1];
    // Words of one fact, the spaces between them included.
    if (last && last.id === r.id && at >= last.x) last.width = Math.max(last.width, at + (b - a) - last.x);
    else (run.facts ??= []).push({ id: r.id, x: at, width: b - a });
  }
}

function sameLink(a?: { dest?: string; url?: string }, b?: { dest?: string; url?: string }): boolean {
  return a?.dest === b?.dest && a?.url === b?.url;
}
