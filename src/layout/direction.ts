// The direction phase of setting a paragraph (UAX #9, bidi-js): which way it runs, each character's
// embedding level, and a line's pieces put in visual order once it is broken.
import bidiModule from 'bidi-js';

// bidi-js is CommonJS whose types declare an ES default export: at run time the import is the factory.
const bidiFactory = ((bidiModule as unknown as { default?: unknown }).default ?? bidiModule) as unknown as typeof bidiModule.default;
const bidi = bidiFactory();
/** Characters of right-to-left scripts (Hebrew, Arabic and their presentation forms). */
export const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
/** Languages written right to left: a brief in one of them has right-to-left paragraphs. */
export const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'yi', 'ps']);

/**
 * Embedding levels (UAX #9, by bidi-js) of each character of a paragraph, or undefined for text
 * with no right-to-left character in a left-to-right paragraph (the common case costs nothing).
 */
export function bidiLevels(text: string, base: 'ltr' | 'rtl'): Uint8Array | undefined {
  if (base === 'ltr' && !RTL.test(text)) return undefined;
  return bidi.getEmbeddingLevels(text, base).levels;
}

/**
 * A paragraph's base direction: right to left in a brief whose language is written so, and in
 * any brief when the paragraph's first strong character is right-to-left (an Arabic paragraph
 * or a Hebrew quote in an English brief), as UAX #9 rules P2 and P3 decide.
 */
export function paragraphDirection(text: string, language: string): 'ltr' | 'rtl' {
  if (RTL_LANGUAGES.has(language.toLowerCase().split('-')[0])) return 'rtl';
  const strong = /[\p{L}]/u.exec(text.replace(/[\u0591-\u05C7\u0610-\u061A\u064B-\u065F]/g, ''));
  return strong && RTL.test(strong[0]) ? 'rtl' : 'ltr';
}

/** UAX #9 rule L2: from the highest level down to the lowest odd one, reverse every run at that level or higher. */
export function visualOrder<T>(pieces: T[], levels: number[]): T[] {
  return reversals(pieces, levels, 'down');
}

/**
 * The inverse of visualOrder: pieces of a line as drawn, back in the order they are read. L2's
 * reversals undone from the lowest odd level up (the runs at a level are the same blocks in
 * either order, since higher levels reverse only inside them).
 */
export function logicalOrder<T>(pieces: T[], levels: number[]): T[] {
  return reversals(pieces, levels, 'up');
}

/** L2's reversals, level by level, down from the highest (drawing) or up to it (reading). */
function reversals<T>(pieces: T[], levels: number[], way: 'down' | 'up'): T[] {
  const out = [...pieces];
  const lv = [...levels];
  const max = Math.max(0, ...lv);
  const minOdd = Math.min(...lv.filter((l) => l % 2 === 1), Infinity);
  if (minOdd === Infinity) return out;
  const order: number[] = [];
  for (let level = max; level >= minOdd && level > 0; level--) order.push(level);
  if (way === 'up') order.reverse();
  for (const level of order) {
    for (let i = 0; i < out.length;) {
      if (lv[i] < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < out.length && lv[j] >= level) j++;
      out.splice(i, j - i, ...out.slice(i, j).reverse());
      lv.splice(i, j - i, ...lv.slice(i, j).reverse());
      i = j;
    }
  }
  return out;
}

/**
 * A piece of a line as drawn at its embedding level: at a right-to-left level brackets mirror, and
 * a piece of neutrals alone (").") is reversed here, since the font's shaping reverses only text
 * in a right-to-left script.
 */
export function atLevel(text: string, level: number): string {
  if (level % 2 === 0) return text;
  const mirrored = [...text].map((c) => bidi.getMirroredCharacter(c) ?? c);
  return RTL.test(text) ? mirrored.join('') : mirrored.reverse().join('');
}
