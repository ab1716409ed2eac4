// Flattened glyph class definitions (src/fonts/class-defs.ts) shape exactly as fontkit's own:
// the startup snapshot keeps the fonts so, and every build that shapes a word shapes with them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { flattenClassDefs } from '../src/fonts/class-defs.js';
import { FontService } from '../src/fonts/fonts.js';

const ROOT = join(import.meta.dirname, '..');
const article = readFileSync(join(ROOT, 'briefs/karabakh-peacekeepers/sources/ap-2024-04-17.txt'), 'utf8');
// Every pair of Latin letters and figures, upper and lower: the kerning classes a brief meets.
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,;:!?«»“”‘’()-–—/';
const pairs = [...alphabet].map((a) => [...alphabet].map((b) => a + b).join(' ')).join(' ');
const samples = [pairs, ...article.split(/\n+/), 'Ağdam Şuşa Xankəndi Ստեփանակերտ office fi ffl', 'ﬁnal “quoted” 1,234.5 – 17 April 2024'];

type Positioned = { glyphs: number[]; positions: number[][] };
const shape = (font: fontkit.Font, text: string): Positioned => {
  const run = font.layout(text);
  return { glyphs: run.glyphs.map((g) => g.id), positions: run.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset]) };
};

describe('glyph class definitions flattened from ranges', () => {
  for (const key of ['serif', 'serif-italic', 'serif-bold', 'sans', 'sans-semibold']) {
    it(`shape ${key} exactly as the ranges did`, () => {
      const bytes = new FontService().bytes(key);
      const reference = fontkit.create(bytes) as fontkit.Font;
      const flattened = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
      // Decode what shaping reads, as the snapshot's warm-up does, then flatten it.
      for (const s of samples) shape(flattened, s);
      const ranges = flattenClassDefs(flattened);
      expect(ranges).toBeGreaterThan(100);
      // Nothing left to flatten: a second walk finds the format-1 tables and leaves them.
      expect(flattenClassDefs(flattened)).toBe(0);
      for (const s of samples) expect(shape(flattened, s)).toEqual(shape(reference, s));
    });
  }

  it('resolves overlapping ranges as fontkit does (the first wins) and leaves glyphs outside them class 0', () => {
    const def = {
      version: 2,
      classRangeRecord: [
        { start: 5, end: 9, class: 1 },
        { start: 8, end: 12, class: 2 },
      ],
    };
    const font = { _tables: { GPOS: { lookupList: { items: [{ subTables: [{ classDef: def }] }] } } } };
    expect(flattenClassDefs(font)).toBe(2);
    expect(def).toMatchObject({ version: 1, startGlyph: 5 });
    expect([...(def as unknown as { classValueArray: Uint16Array }).classValueArray]).toEqual([1, 1, 1, 1, 1, 2, 2, 2]);
  });
});
