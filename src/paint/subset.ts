// The font subset PDFKit embeds, made lean as bytes after fontkit encodes it (its subsetter copies
// tables and glyphs raw):
// - TrueType hinting goes: the bytecode serves the pixel grids of screens at small sizes, which
//   PDF viewers and printers do not use (poppler renders with hinting off), yet it costs Source
//   Sans 3 about 4 KB per face and brief (cvt/fpgm/prep and every glyph's instructions);
// - .notdef (glyph 0, which every subset keeps) is left without outline: layout refuses a
//   character the fonts lack, so it is never drawn, and its box costs ~100 bytes per face.

import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import type * as fontkit from 'fontkit';
import { cached, store } from '../cache/disk.js';
import { processCache } from '../cache/memory.js';
import { deflated, rememberDeflated } from './compact.js';

const HINT_TABLES = new Set(['cvt ', 'fpgm', 'prep', 'hdmx', 'LTSH', 'VDMX']);

interface Table {
  tag: string;
  data: Uint8Array;
}

function tables(font: Uint8Array): Table[] {
  const v = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const n = v.getUint16(4);
  const out: Table[] = [];
  for (let i = 0; i < n; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(font[at], font[at + 1], font[at + 2], font[at + 3]);
    const offset = v.getUint32(at + 8);
    const length = v.getUint32(at + 12);
    out.push({ tag, data: font.subarray(offset, offset + length) });
  }
  return out;
}

/** One glyph's outline without its instructions (simple: the length set to 0; composite: the flag cleared). */
export function glyphWithoutInstructions(glyph: Uint8Array): Uint8Array {
  if (glyph.length < 10) return glyph;
  const v = new DataView(glyph.buffer, glyph.byteOffset, glyph.byteLength);
  const contours = v.getInt16(0);
  if (contours >= 0) {
    const at = 10 + contours * 2;
    const length = v.getUint16(at);
    if (length === 0) return glyph;
    const out = new Uint8Array(glyph.length - length);
    out.set(glyph.subarray(0, at));
    out.set(glyph.subarray(at + 2 + length), at + 2);
    out[at] = 0;
    out[at + 1] = 0;
    return out;
  }
  const out = new Uint8Array(glyph);
  const w = new DataView(out.buffer);
  let at = 10;
  for (;;) {
    const flags = w.getUint16(at);
    w.setUint16(at, flags & ~0x100);
    at += 4 + (flags & 0x1 ? 4 : 2) + (flags & 0x8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
    if (!(flags & 0x20)) break;
  }
  return out.subarray(0, at);
}

function checksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    sum = (sum + (((data[i] << 24) | ((data[i + 1] ?? 0) << 16) | ((data[i + 2] ?? 0) << 8) | (data[i + 3] ?? 0)) >>> 0)) >>> 0;
  }
  return sum;
}

/** A TrueType font without hinting or a .notdef outline; any other font comes back as it was. */
export function leanSubset(font: Uint8Array): Uint8Array {
  const all = tables(font);
  const byTag = new Map(all.map((t) => [t.tag, t]));
  const glyf = byTag.get('glyf');
  const loca = byTag.get('loca');
  const head = byTag.get('head');
  const maxp = byTag.get('maxp');
  if (!glyf || !loca || !head || !maxp) return font;
  const headView = new DataView(head.data.buffer, head.data.byteOffset, head.data.byteLength);
  const long = headView.getInt16(50) === 1;
  const glyphs = new DataView(maxp.data.buffer, maxp.data.byteOffset, maxp.data.byteLength).getUint16(4);
  const lv = new DataView(loca.data.buffer, loca.data.byteOffset, loca.data.byteLength);
  const offset = (i: number) => (long ? lv.getUint32(i * 4) : lv.getUint16(i * 2) * 2);

  const parts: Uint8Array[] = [];
  const offsets: number[] = [0];
  let size = 0;
  for (let g = 0; g < glyphs; g++) {
    let glyph = g === 0 ? new Uint8Array(0) : glyphWithoutInstructions(glyf.data.subarray(offset(g), offset(g + 1)));
    // Short loca counts in words: every glyph keeps an even length.
    if (glyph.length % 2) {
      const padded = new Uint8Array(glyph.length + 1);
      padded.set(glyph);
      glyph = padded;
    }
    parts.push(glyph);
    size += glyph.length;
    offsets.push(size);
  }
  const newGlyf = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    newGlyf.set(p, at);
    at += p.length;
  }
  const newLoca = new Uint8Array(offsets.length * (long ? 4 : 2));
  const nl = new DataView(newLoca.buffer);
  offsets.forEach((o, i) => (long ? nl.setUint32(i * 4, o) : nl.setUint16(i * 2, o / 2)));
  const newHead = new Uint8Array(head.data);
  new DataView(newHead.buffer).setUint32(8, 0);

  const kept = all
    .filter((t) => !HINT_TABLES.has(t.tag))
    .map((t) => ({ tag: t.tag, data: t.tag === 'glyf' ? newGlyf : t.tag === 'loca' ? newLoca : t.tag === 'head' ? newHead : t.data }))
    .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const n = kept.length;
  const pow = 2 ** Math.floor(Math.log2(n));
  let total = 12 + 16 * n;
  for (const t of kept) total += (t.data.length + 3) & ~3;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  out.set(font.subarray(0, 4));
  v.setUint16(4, n);
  v.setUint16(6, pow * 16);
  v.setUint16(8, Math.log2(pow));
  v.setUint16(10, n * 16 - pow * 16);
  let data = 12 + 16 * n;
  let headAt = 0;
  kept.forEach((t, i) => {
    const e = 12 + i * 16;
    for (let k = 0; k < 4; k++) out[e + k] = t.tag.charCodeAt(k);
    v.setUint32(e + 4, checksum(t.data));
    v.setUint32(e + 8, data);
    v.setUint32(e + 12, t.data.length);
    out.set(t.data, data);
    if (t.tag === 'head') headAt = data;
    data += (t.data.length + 3) & ~3;
  });
  // head.checkSumAdjustment makes the whole font sum to the constant the format fixes.
  v.setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}

/**
 * Subsets already encoded in this process, by font and glyph list (in the order PDFKit added
 * them, which numbers them): a brief built again (watch, cron, a batch of one template) embeds the
 * same glyphs, and encoding a subset was ~6 ms of a warm build's 40. The bytes are the same either
 * way.
 */
const encodedSubsets = processCache<string, Uint8Array>(64);
/** Fonts already made to embed lean, each with its number in this process. */
const leanFonts = new Map<fontkit.Font, number>();

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function inflatesTo(z: Buffer, bytes: Uint8Array): boolean {
  try {
    return inflateSync(z).equals(bytes);
  } catch {
    return false;
  }
}

/**
 * A subset from the disk cache, if the entry is whole: a damaged font would print as garbage, not
 * fail. Its deflated bytes, when the entry has them whole, are handed to compact.ts.
 */
function storedSubset(entry: unknown): Uint8Array | undefined {
  const e = entry as { sha256?: unknown; bytes?: unknown; deflated?: unknown } | undefined;
  if (typeof e?.bytes !== 'string' || typeof e.sha256 !== 'string') return undefined;
  const bytes = new Uint8Array(Buffer.from(e.bytes, 'base64'));
  if (sha256(bytes) !== e.sha256) return undefined;
  // Trusted only if it inflates to the subset (~0.1 ms): a hash of its own would vouch for any bytes.
  if (typeof e.deflated === 'string') {
    const z = Buffer.from(e.deflated, 'base64');
    if (inflatesTo(z, bytes)) rememberDeflated(e.sha256, z);
  }
  return bytes;
}

/**
 * The subsets PDFKit embeds leave hinting and the .notdef outline out (see subset.ts). They are
 * kept in memory, and on disk by the font file (path, size, time) and glyph list: encoding the
 * Karabakh brief's subsets is ~20 ms of a cold build, and most runs set the glyphs of the last.
 */
export function embedsLean(font: fontkit.Font, file: string): fontkit.Font {
  if (leanFonts.has(font)) return font;
  leanFonts.set(font, leanFonts.size + 1);
  const f = font as unknown as { createSubset(): { encode(): Uint8Array; glyphs: number[] } };
  const createSubset = f.createSubset.bind(font);
  // Per font object, not per name: the slices of a Noto CJK face share a name, not their glyphs.
  const fontId = leanFonts.get(font)!;
  f.createSubset = () => {
    const subset = createSubset();
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = `${fontId}\0${subset.glyphs.join(',')}`;
      let bytes = encodedSubsets.get(key);
      if (!bytes) {
        const diskKey = `${file}\0${subset.glyphs.join(',')}`;
        bytes = storedSubset(cached('subset', diskKey));
        if (!bytes) {
          bytes = leanSubset(encode());
          // Deflated now, as compact.ts would (and will find it done): kept, the next cold build skips it.
          const z = deflated(bytes);
          store('subset', diskKey, { sha256: sha256(bytes), bytes: Buffer.from(bytes).toString('base64'), deflated: z.toString('base64') });
        }
        encodedSubsets.set(key, bytes);
      }
      return bytes;
    };
    return subset;
  };
  return font;
}
