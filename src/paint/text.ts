// Shows a run of text as one TJ whose word breaks are real space glyphs, placed where layout measured them.
import type * as fontkit from 'fontkit';
import { shapedCharacters } from '../fonts/fonts.js';
import { useFont } from './fonts.js';

type Doc = PDFKit.PDFDocument;

/** The parts of PDFKit's embedded font we draw with: its glyph encoder (which also fills the subset and ToUnicode). */
interface EmbeddedFont {
  id: string;
  /** Unicode of each glyph of the subset, by glyph id: PDFKit's ToUnicode CMap. */
  unicode: number[][];
  ref(): unknown;
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
  /** The fontkit font it embeds. */
  font: fontkit.Font;
}

/** A PDF text string in UTF-16BE, as hex. */
const utf16 = (text: string) =>
  'FEFF' +
  [...text]
    .map((c) => [...Buffer.from(c, 'utf16le')].reduce((h, b, i, a) => (i % 2 ? h : h + a[i + 1].toString(16).padStart(2, '0') + b.toString(16).padStart(2, '0')), ''))
    .join('')
    .toUpperCase();

/** Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms): their glyphs come in visual order. */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|\ud802[\udc00-\udfff]|\ud83a[\udc00-\udfff]/;

/** Whether a ToUnicode entry is exactly the one character `letter`. */
const spells = (entry: number[] | undefined, letter: string) => entry !== undefined && entry.length === 1 && entry[0] === letter.codePointAt(0);

/**
 * Glyphs whose ToUnicode entry says another character than they stand for here, by index: what
 * each really reads as. A font may draw several letters with one glyph (Naskh draws ب ت ث ن ي
 * medial as one dotless form plus dots); the ToUnicode CMap keeps the first letter a glyph was
 * used for, so copy and search would read "ورارة" for وزارة. Such glyphs get an ActualText of
 * their own (one glyph each, so no reader can spread it over the wrong place).
 */
function misread(font: EmbeddedFont, word: string, codes: string[]): Map<number, string> {
  const out = new Map<number, string>();
  if (!/[^\u0000-\u024f]/.test(word)) return out; // Latin: one glyph, one letter, in practice
  // Left-to-right glyphs whose ToUnicode entries already spell the word, letter by letter, read
  // right whatever shaping did: no need to shape the word again (a dash or a curly quote made
  // every such word cost a second layout, ~23 ms of a cold build).
  if (!RTL.test(word)) {
    const letters = [...word];
    if (letters.length === codes.length && codes.every((code, k) => spells(font.unicode[parseInt(code, 16)], letters[k]))) return out;
  }
  const chars = shapedCharacters(font.font, word);
  if (chars.length !== codes.length) return out;
  codes.forEach((code, k) => {
    const own = chars[k];
    const mapped = font.unicode[parseInt(code, 16)] ?? [];
    if (own.length !== mapped.length || own.some((c, i) => c !== mapped[i])) out.set(k, String.fromCodePoint(...own));
  });
  return out;
}

interface Internals {
  _font: EmbeddedFont;
  page: { height: number; fonts: Record<string, unknown> };
  addContent(s: string): Doc;
}

const fixed = (n: number, digits: number) => {
  const v = Number(n.toFixed(digits));
  return Object.is(v, -0) ? '0' : String(v);
};

/**
 * Draws `text` with its left end on the baseline at (x, y), in page space (y down).
 *
 * PDFKit draws a run with non-zero wordSpacing word by word and leaves the spaces out (a gap in the
 * TJ array instead), so copy, search and screen readers must guess where words end; without
 * wordSpacing it shapes the run whole, which is not how layout measured it. Here each word is
 * shaped alone (as layout measures, and through PDFKit's shared layout cache), followed by the
 * font's own space glyph (U+0020 in ToUnicode) and a TJ adjustment for justification.
 */
export function showText(doc: Doc, face: string, size: number, text: string, x: number, y: number, wordSpacing: number, hscale = 1) {
  useFont(doc, face);
  doc.fontSize(size);
  const d = doc as unknown as Internals;
  const font = d._font;
  if (d.page.fonts[font.id] == null) d.page.fonts[font.id] = font.ref();
  // PDFKit maps .notdef to U+0000 in ToUnicode; PDF/A-2 and PDF/UA allow no zero there. We never
  // draw .notdef (layout refuses a missing glyph), so U+FFFD is only what the entry honestly says.
  if (font.unicode[0]?.[0] === 0) font.unicode[0] = [0xfffd];
  const scale = size / 1000;
  const baseline = d.page.height - y;
  const ops: string[] = [];
  let tj: string[] = [];
  let hex = '';
  let cursor = x;
  let offsetShown = false;
  const flushHex = () => {
    if (hex) tj.push(`<${hex}>`);
    hex = '';
  };
  const flushTj = () => {
    flushHex();
    if (tj.length) ops.push(`[${tj.join(' ')}] TJ`);
    tj = [];
  };
  const glyph = (code: string, pos: { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }, extra = 0) => {
    if (pos.xOffset || pos.yOffset) {
      // A mark placed on its base (GPOS): set it apart, then return to the pen position.
      flushTj();
      ops.push(`1 0 0 1 ${fixed(cursor + pos.xOffset * scale * hscale, 3)} ${fixed(baseline + pos.yOffset * scale, 3)} Tm`, `<${code}> Tj`);
      offsetShown = true;
    } else {
      if (offsetShown) {
        flushTj();
        ops.push(`1 0 0 1 ${fixed(cursor, 3)} ${fixed(baseline, 3)} Tm`);
        offsetShown = false;
      }
      hex += code;
    }
    const adjust = pos.xAdvance - pos.advanceWidth + extra;
    if (Math.abs(adjust) > 0.005 && !offsetShown) {
      flushHex();
      tj.push(fixed(-adjust, 2));
    }
    cursor += (pos.xAdvance + extra) * scale * hscale;
  };

  const words = text.split(' ');
  const [spaceCodes, spacePos] = font.encode(' ');
  // Horizontal scaling (Tz) scales TJ adjustments too: the gap layout measured is in page points.
  const spaceExtra = (wordSpacing * 1000) / size / hscale;
  words.forEach((word, i) => {
    if (word) {
      const [codes, positions] = font.encode(word);
      const fixes = misread(font, word, codes);
      codes.forEach((c, k) => {
        const fix = fixes.get(k);
        if (fix === undefined) return glyph(c, positions[k]);
        flushTj();
        ops.push(`/Span <</ActualText <${utf16(fix)}>>> BDC`);
        glyph(c, positions[k]);
        flushTj();
        ops.push('EMC');
      });
    }
    if (i < words.length - 1) glyph(spaceCodes[0], spacePos[0], spaceExtra);
  });
  flushTj();

  doc.save();
  // PDFKit's page space has y down; text space needs it up, as PDFKit's own text() does.
  doc.transform(1, 0, 0, -1, 0, d.page.height);
  d.addContent('BT');
  d.addContent(`1 0 0 1 ${fixed(x, 3)} ${fixed(baseline, 3)} Tm`);
  d.addContent(`/${font.id} ${fixed(size, 3)} Tf`);
  if (hscale !== 1) d.addContent(`${fixed(hscale * 100, 3)} Tz`);
  for (const op of ops) d.addContent(op);
  d.addContent('ET');
  doc.restore();
}
