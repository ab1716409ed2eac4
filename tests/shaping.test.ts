// Our shaping (HarfBuzz's WebAssembly through our own glue, src/fonts/harfbuzz.ts, whose runs PDFKit
// draws) against harfbuzzjs's own API, as Chromium, Typst and WeasyPrint shape: the same glyphs,
// in the same visual order, with the same advances. fontkit, which shaped before, needed the marks
// reordered first (markOrder), and still gets them so.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as hb from 'harfbuzzjs';
import { describe, expect, it } from 'vitest';
import { FontService, shaped } from '../src/fonts/fonts.js';
import { markOrder } from '../src/layout/marks.js';
import { woffToSfnt } from './helpers/woff.js';

const require = createRequire(import.meta.url);
const fonts = new FontService();

/** Words an Arabic, Persian or Hebrew desk writes: joining forms, lam-alef, marks on their bases. */
const WORDS: Record<string, string[]> = {
  'noto-naskh-arabic-arabic-400': ['تهران', 'السلام', 'لا', 'الله', 'مُحَمَّد', 'القُدس', 'بغداد', 'قوات حفظ السلام', 'أذربيجان', 'إيران'],
  'noto-sans-arabic-arabic-400': ['تهران', 'گرجستان', 'پیمان', 'لا', 'ژنو', 'چهارشنبه', 'کشور', 'آذربایجان'],
  'noto-naskh-arabic-arabic-700': ['تهران', 'السلام', 'لا'],
  'noto-serif-hebrew-hebrew-400': ['ירושלים', 'שלום', 'תל אביב', 'מִלְחָמָה', 'בְּרֵאשִׁית'],
  'noto-sans-hebrew-hebrew-400': ['ירושלים', 'שָׁלוֹם', 'ממשלה'],
};

describe('shaping equals HarfBuzz', () => {
  for (const [key, words] of Object.entries(WORDS)) {
    it.each(words)(`${key}: %s`, (word) => {
      const file = require.resolve(fonts.face(key).file);
      const blob = new hb.Blob(woffToSfnt(readFileSync(file)));
      const face = new hb.Face(blob);
      const font = new hb.Font(face);
      const buffer = new hb.Buffer();
      buffer.addText(word);
      buffer.guessSegmentProperties();
      hb.shape(font, buffer);
      const theirs = buffer.getGlyphInfos().map((g, i) => ({ id: g.codepoint, advance: buffer.getGlyphPositions()[i].xAdvance }));
      // Our text reaches the shaper with its marks in HarfBuzz's order (markOrder, in fragments()).
      const run = shaped(fonts.font(key), markOrder(word));
      const ours = run.glyphs.map((g, i) => ({ id: g.id, advance: Math.round(run.positions[i].xAdvance) }));
      // Both give right-to-left text in visual order.
      expect(ours).toEqual(theirs);
    });
  }

  it('shows why marks are reordered: fontkit alone stacks vowel-first marks the other way', () => {
    const key = 'noto-naskh-arabic-arabic-400';
    const word = 'مُحَمَّد'; // typed fatha before shadda
    const ids = (text: string) =>
      fonts
        .font(key)
        .layout(text)
        .glyphs.map((g) => g.id);
    const blob = new hb.Blob(woffToSfnt(readFileSync(require.resolve(fonts.face(key).file))));
    const font = new hb.Font(new hb.Face(blob));
    const buffer = new hb.Buffer();
    buffer.addText(word);
    buffer.guessSegmentProperties();
    hb.shape(font, buffer);
    const theirs = buffer.getGlyphInfos().map((g) => g.codepoint);
    expect(ids(word)).not.toEqual(theirs);
    expect(ids(markOrder(word))).toEqual(theirs);
  });
});
