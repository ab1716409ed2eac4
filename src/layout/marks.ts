// The order of combining marks, as HarfBuzz puts them before shaping (fontkit does not).
import unicode from 'unicode-properties';

const NAMED: Record<string, number> = {
  Not_Reordered: 0,
  Overlay: 1,
  Nukta: 7,
  Kana_Voicing: 8,
  Virama: 9,
  Attached_Below_Left: 200,
  Attached_Below: 202,
  Attached_Above: 214,
  Attached_Above_Right: 216,
  Below_Left: 218,
  Below: 220,
  Below_Right: 222,
  Left: 224,
  Right: 226,
  Above_Left: 228,
  Above: 230,
  Above_Right: 232,
  Double_Below: 233,
  Double_Above: 234,
  Iota_Subscript: 240,
};

/**
 * HarfBuzz's modified combining classes (hb-unicode.hh): Hebrew points in the order of the SBL
 * Hebrew manual (shin dot, dagesh, then vowels), Arabic shadda before the other harakat. Fonts'
 * mark-to-mark attachment is built for that order; fontkit keeps the order the text was typed in,
 * so "מְּ" or "مَّ" typed vowel-first came out with the marks stacked the other way.
 */
const MODIFIED: Record<number, number> = {
  10: 22,
  11: 15,
  12: 16,
  13: 17,
  14: 23,
  15: 18,
  16: 19,
  17: 20,
  18: 21,
  19: 14,
  20: 24,
  21: 12,
  22: 25,
  23: 13,
  24: 10,
  25: 11,
  26: 26,
  27: 28,
  28: 29,
  29: 30,
  30: 31,
  31: 32,
  32: 33,
  33: 27,
  34: 34,
  35: 35,
};

function combiningClass(cp: number): number {
  const name = unicode.getCombiningClass(cp);
  const n = /^CCC(\d+)$/.exec(name)?.[1];
  const ccc = n ? Number(n) : (NAMED[name] ?? 0);
  return MODIFIED[ccc] ?? ccc;
}

/** `text` with each sequence of combining marks stably sorted by modified combining class. */
export function markOrder(text: string): string {
  // Most text has no two marks in a row: nothing to do.
  if (!/\p{M}\p{M}/u.test(text)) return text;
  const chars = [...text];
  const classes = chars.map((c) => combiningClass(c.codePointAt(0)!));
  for (let i = 0; i < chars.length;) {
    if (classes[i] === 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && classes[j] !== 0) j++;
    if (j - i > 1) {
      const run = chars.slice(i, j).map((c, k) => ({ c, cls: classes[i + k], k }));
      run.sort((a, b) => a.cls - b.cls || a.k - b.k);
      run.forEach((r, k) => (chars[i + k] = r.c));
    }
    i = j;
  }
  return chars.join('');
}
