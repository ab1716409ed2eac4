// Layout tables made into fewer objects (src/fonts/layout-tables.ts: class definitions flattened,
// identical records shared) shape exactly as fontkit's own: the startup snapshot keeps the fonts
// so, and every build that shapes a word shapes with them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { flattenClassDefs, shareIdenticalRecords } from '../src/fonts/layout-tables.js';
import { FontService } from '../src/fonts/fonts.js';

const ROOT = join(import.meta.dirname, '..');
const article = readFileSync(join(ROOT, 'briefs/karabakh-peacekeepers/sources/ap-2024-04-17.txt'), 'utf8');
// Every pair of Latin letters and figures, upper and lower: the kerning classes a brief meets.
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,;:!?«»“”‘’()-–—/';
const pairs = [...alphabet].map((a) => [...alphabet].map((b) => a + b).join(' ')).join(' ');
// Combining marks too: mark-to-base and mark-to-mark lookups, whose anchors are shared.
const samples = [pairs, ...article.split(/\n+/), 'Ağdam Şuşa Xankəndi Ստեփանակերտ office fi ffl', 'ﬁnal “quoted” 1,234.5 – 17 April 2024', 'e\u0301 a\u0300 n\u0303 c\u0327 o\u0308\u0301 A\u030a'];
// Shaped only after: lookups decoded from tables whose other records are already shared.
const later = ['½ ⅓ № § ¶ † ‡ ‰ ™ © ®', 'E\u0301 I\u0302 U\u0308 Z\u030c g\u0303 ð þ ß'];

type Positioned = { glyphs: number[]; positions: number[][] };
const shape = (font: fontkit.Font, text: string): Positioned => {
  const run = font.layout(text);
  return { glyphs: run.glyphs.map((g) => g.id), positions: run.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset]) };
};

describe('layout tables in fewer objects', () => {
  for (const key of ['serif', 'serif-italic', 'serif-bold', 'sans', 'sans-semibold']) {
    it(`shape ${key} exactly as the tables fontkit decoded`, () => {
      const bytes = new FontService().bytes(key);
      const reference = fontkit.create(bytes) as fontkit.Font;
      const flattened = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
      // Decode what shaping reads, as the snapshot's warm-up does, then flatten it.
      for (const s of samples) shape(flattened, s);
      const ranges = flattenClassDefs(flattened);
      expect(ranges).toBeGreaterThan(100);
      // Nothing left to flatten: a second walk finds the format-1 tables and leaves them.
      expect(flattenClassDefs(flattened)).toBe(0);
      expect(shareIdenticalRecords([flattened])).toBeGreaterThan(1000);
      for (const s of [...samples, ...later]) expect(shape(flattened, s)).toEqual(shape(reference, s));
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

  it('shares records across the weights of a family, each face still shaping and naming glyphs as its own', () => {
    const keys = ['serif', 'serif-semibold', 'serif-bold', 'serif-italic'];
    const service = new FontService();
    const reference = keys.map((k) => fontkit.create(service.bytes(k)) as fontkit.Font);
    const compact = keys.map((k) => fontkit.create(Buffer.from(service.bytes(k))) as fontkit.Font);
    for (const f of compact) {
      for (const s of samples) shape(f, s);
      void (f as unknown as { post: unknown }).post;
      flattenClassDefs(f);
    }
    const alone = shareIdenticalRecords([fontkit.create(Buffer.from(service.bytes('serif'))) as fontkit.Font]);
    expect(shareIdenticalRecords(compact)).toBeGreaterThan(alone);
    compact.forEach((f, i) => {
      for (const s of [...samples, ...later]) expect(shape(f, s)).toEqual(shape(reference[i], s));
      const glyphs = shape(f, pairs).glyphs.slice(0, 400);
      expect(glyphs.map((g) => f.getGlyph(g).name)).toEqual(glyphs.map((g) => reference[i].getGlyph(g).name));
    });
  });

  it('shares records that say the same, and never an array a lazy decoder fills in, nor a getter', () => {
    const anchor = () => ({ version: 1, xCoordinate: 250, yCoordinate: 700 });
    const lazy = Object.assign(Object.create({ get() {} }) as object, { items: [anchor(), anchor()], length: 4 });
    const other = Object.assign(Object.create({ get() {} }) as object, { items: [anchor(), anchor()], length: 4 });
    let decoded = 0;
    const withGetter = Object.defineProperty({}, 'table', { enumerable: true, get: () => ++decoded });
    const GPOS = { a: [anchor(), anchor()], b: [anchor(), { version: 1, xCoordinate: 250, yCoordinate: -700 }], lazy, other, withGetter, zero: { x: 0 }, minusZero: { x: -0 } };
    expect(shareIdenticalRecords([{ _tables: { GPOS } }])).toBeGreaterThan(0);
    expect(GPOS.a[1]).toBe(GPOS.a[0]);
    expect(GPOS.b[0]).toBe(GPOS.a[0]);
    expect(GPOS.b[1]).not.toBe(GPOS.a[0]);
    expect((lazy as { items: object[] }).items).not.toBe((other as { items: object[] }).items);
    expect((lazy as { items: object[] }).items[0]).toBe(GPOS.a[0]);
    expect(GPOS.zero).not.toBe(GPOS.minusZero);
    expect(decoded).toBe(0);
  });
});
