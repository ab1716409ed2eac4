// Words new to a process are shaped by HarfBuzz (src/fonts/harfbuzz.ts), no longer by fontkit: for
// the scripts of briefpress's own faces the two give the same glyphs at the same places, so layout
// measures and PDFKit draws what it did, and each glyph is asked for with the characters it stands for.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { FontService, shaped, shapedCharacters } from '../src/fonts/fonts.js';

const ROOT = join(import.meta.dirname, '..');
const article = readFileSync(join(ROOT, 'briefs/karabakh-peacekeepers/sources/ap-2024-04-17.txt'), 'utf8');
// Every pair of Latin letters and figures, upper and lower: the kerning classes a brief meets.
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,;:!?«»“”‘’()-–—/';
const pairs = [...alphabet].flatMap((a) => [...alphabet].map((b) => a + b));
const words = [
  ...new Set([
    ...article.split(/\s+/),
    ...pairs,
    'Ağdam',
    'Şuşa',
    'Xankəndi',
    'Ստեփանակերտ',
    'Երևան',
    'Հայաստան',
    'Արցախ',
    'Լաչին',
    'Գորիս',
    'office',
    'fi',
    'ffl',
    '½',
    '№',
    '‰',
    '1,234.5',
    'Москва',
    'Αθήνα',
    'q\u0301',
    'x\u0308',
    'ə\u0301',
    'g\u0303',
  ]),
].filter(Boolean);

type Positioned = { glyphs: number[]; positions: number[][] };
const byFontkit = (font: fontkit.Font, text: string): Positioned => {
  const run = font.layout(text);
  return { glyphs: run.glyphs.map((g) => g.id), positions: run.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset]) };
};
const byHarfbuzz = (font: fontkit.Font, text: string): Positioned => {
  const run = shaped(font, text);
  return { glyphs: run.glyphs.map((g) => g.id), positions: run.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset]) };
};

describe('shaping with HarfBuzz', () => {
  for (const key of ['serif', 'serif-italic', 'serif-semibold', 'serif-bold', 'serif-bold-italic', 'sans', 'sans-italic', 'sans-semibold', 'sans-bold', 'armenian']) {
    it(`places the glyphs fontkit places, ${key}`, () => {
      const service = new FontService();
      const font = service.font(key);
      const reference = fontkit.create(service.bytes(key)) as fontkit.Font;
      const own = words.filter((w) => service.missing(key, w).length === 0);
      expect(own.length).toBeGreaterThan(key === 'armenian' ? 5 : 1000);
      const differ = own.filter((w) => JSON.stringify(byHarfbuzz(font, w)) !== JSON.stringify(byFontkit(reference, w)));
      expect(differ).toEqual([]);
    });
  }

  it('asks for a ligature with all of its letters, and says so of each glyph', () => {
    const service = new FontService();
    const font = service.font('serif');
    const run = shaped(font, 'office');
    // Source Serif joins "ffi": four glyphs for six letters.
    expect(run.glyphs.length).toBe(4);
    expect(run.chars.map((c) => String.fromCodePoint(...c))).toEqual(['o', 'ffi', 'c', 'e']);
    expect(String.fromCodePoint(...run.glyphs[1].codePoints)).toBe('ffi');
    expect(shapedCharacters(font, 'office')).toEqual(run.chars);
  });

  it('gives right-to-left glyphs in visual order, each with the letters it stands for in the text', () => {
    const service = new FontService();
    const face = service.faceForChar('serif', 'و')!;
    const font = service.font(face);
    const word = 'وزارة';
    const run = shaped(font, word);
    const chars = run.chars.map((c) => String.fromCodePoint(...c));
    // Read right to left, the glyphs spell the word. Naskh draws ز as the glyph of ر plus a dot: the
    // dot, second of its cluster, stands for nothing, and the shared glyph says ر once and ز once.
    expect([...chars].reverse().join('')).toBe(word);
    const ra = chars.indexOf('ر');
    const zain = chars.indexOf('ز');
    expect(run.glyphs[ra].id).toBe(run.glyphs[zain].id);
    expect(chars.filter((c) => c === '').length).toBe(run.glyphs.length - [...word].length);
    // The advance is the sum of the glyphs', as layout measures it.
    expect(run.advanceWidth).toBe(run.positions.reduce((w, p) => w + p.xAdvance, 0));
  });

  it('gives the characters of each word once, in its glyphs, whole code points from every plane', () => {
    const service = new FontService();
    const font = service.font('serif');
    const naskh = service.font(service.faceForChar('serif', 'و')!);
    // Letters outside the Basic Multilingual Plane are two UTF-16 units: one character, never halves.
    const astral = ['𝐀x', 'a😀b', '𠀀', 'x\u{1F1E6}\u{1F1F2}y', 'q\u0301𝐁'];
    for (const [f, list] of [
      [font, [...words, ...astral]],
      [naskh, ['وزارة', 'الخارجية', 'لا']],
    ] as const) {
      for (const word of list) {
        const run = shaped(f, word);
        const rtl = run.glyphs.length > 1 && f === naskh;
        const inOrder = rtl ? [...run.chars].reverse() : run.chars;
        expect(inOrder.flat(), word).toEqual([...word].map((c) => c.codePointAt(0)));
      }
    }
  });

  it("is not there while Node makes a startup snapshot (so the snapshot's warm-up shapes with fontkit)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-wasm-'));
    try {
      writeFileSync(join(dir, 'entry.js'), "process.stdout.write(typeof WebAssembly + ' ' + typeof require('node:fs').readFileSync);\n");
      const r = spawnSync(process.execPath, ['--snapshot-blob', join(dir, 'x.blob'), '--build-snapshot', join(dir, 'entry.js')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe('undefined function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
