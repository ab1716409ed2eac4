// What makes a brief small (issue 10): object streams, lean font subsets, the compact sRGB profile,
// short colours. Each keeps the pages as they were; these tests hold each to that, with readers
// that are not our writer (pdf.js, poppler, fontkit parsing the embedded bytes, zlib).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBrief, type BuildResult } from '../src/build.js';
import { fontService } from '../src/fonts/fonts.js';
import { glyphWithoutInstructions } from '../src/paint/subset.js';
import { paint } from '../src/paint/paint.js';
import { SRGB_PROFILE } from '../src/paint/srgb.js';
import { pdfSource, readPdf } from './helpers/pdf.js';
import { KARABAKH } from './helpers/project.js';
import { rasterisePdf } from './helpers/raster.js';

const POPPLER = spawnSync('pdfinfo', ['-v']).status === 0;
const info = { title: 'Russia withdraws its peacekeepers from Karabakh', author: 'Desk', subject: 'S', language: 'en', creationDate: new Date(0) };

let built: BuildResult;
let plain: Buffer;
let compact: Buffer;

beforeAll(async () => {
  built = await buildBrief(KARABAKH);
  plain = await paint(built.layout, fontService(), { ...info, compact: false });
  compact = await paint(built.layout, fontService(), info);
}, 60_000);

async function structure(pdf: Uint8Array) {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  const trees = [];
  for (let n = 1; n <= doc.numPages; n++) trees.push(await (await doc.getPage(n)).getStructTree());
  const { info: docInfo, metadata } = await doc.getMetadata();
  await doc.destroy();
  return { trees, info: docInfo, xmp: metadata ? Object.fromEntries(metadata as unknown as Iterable<[string, unknown]>) : undefined };
}

describe('the Karabakh brief in bytes', () => {
  it('fits in 40 KiB with its full tagged structure (issue 10), and its fact base in 5 KiB more (issue 23)', async () => {
    // Issue 10's budget is the pages and their structure: a PDF/A-2 build carries no attachment.
    const pages = await buildBrief(KARABAKH, { standard: 'ua+a2a' });
    expect(pages.output.bytes.length).toBeLessThanOrEqual(40 * 1024);
    expect(built.output.bytes.length - pages.output.bytes.length).toBeLessThanOrEqual(5 * 1024);
    // ...and still carries everything that makes it tagged, archival and accessible.
    const src = pdfSource(built.output.bytes);
    for (const key of ['/StructTreeRoot', '/MarkInfo', '/ParentTree', '/OutputIntents', '/Metadata', '/Lang (en)']) expect(src).toContain(key);
  });

  it('keeps dictionaries in one object stream and cross-references in a stream, with no classic table', () => {
    const raw = built.output.bytes.toString('latin1');
    expect(raw).not.toMatch(/\nxref\n/);
    expect(raw).not.toMatch(/\ntrailer\n/);
    expect(raw.match(/\/Type \/ObjStm/g)).toHaveLength(1);
    expect(raw).toMatch(/\/Type \/XRef\n[^]*?\/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]/);
    expect(raw.endsWith('%%EOF\n')).toBe(true);
    // PDF/A: the header comment with four bytes above 127 stays the file's second line.
    expect([...built.output.bytes.subarray(9, 14)]).toEqual([0x25, 0xff, 0xff, 0xff, 0xff]);
  });

  it('reads the same through pdf.js with and without object streams: structure, metadata, text, pixels', async () => {
    expect(compact.length).toBeLessThan(plain.length * 0.75);
    const [a, b] = await Promise.all([structure(plain), structure(compact)]);
    expect(b.trees).toEqual(a.trees);
    expect(b.info).toEqual(a.info);
    expect(b.xmp).toEqual(a.xmp);
    const [ta, tb] = await Promise.all([readPdf(plain), readPdf(compact)]);
    expect(tb.pages.map((p) => p.text)).toEqual(ta.pages.map((p) => p.text));
    expect(tb.outline).toEqual(ta.outline);
    for (let page = 1; page <= ta.pages.length; page++) {
      const [pa, pb] = await Promise.all([rasterisePdf(plain, 1.5, page), rasterisePdf(compact, 1.5, page)]);
      expect(Buffer.from(pb.data).equals(Buffer.from(pa.data)), `page ${page}`).toBe(true);
    }
  }, 60_000);

  it.runIf(POPPLER)('reads without a complaint through poppler, which rebuilds nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-bytes-'));
    writeFileSync(join(dir, 'k.pdf'), built.output.bytes);
    const r = spawnSync('pdfinfo', [join(dir, 'k.pdf')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Tagged:\s+yes/);
    expect(r.stdout).toMatch(/Pages:\s+2/);
    const fonts = spawnSync('pdffonts', [join(dir, 'k.pdf')], { encoding: 'utf8' });
    expect(fonts.stderr).toBe('');
    expect(fonts.stdout.match(/CID TrueType\s+Identity-H\s+yes yes yes/g)?.length).toBeGreaterThanOrEqual(5);
  });

  it('gives the same bytes for the same brief, twice', async () => {
    const again = await buildBrief(KARABAKH);
    expect(again.output.bytes.equals(built.output.bytes)).toBe(true);
  });
});

describe('lean font subsets', () => {
  /** The FontFile2 streams of a PDF, decoded. */
  function embeddedFonts(pdf: Buffer): Buffer[] {
    const raw = pdf.toString('latin1');
    const fontFiles = new Set([...pdfSource(pdf).matchAll(/\/FontFile2 (\d+) 0 R/g)].map((m) => m[1]));
    const out: Buffer[] = [];
    for (const m of raw.matchAll(/\n(\d+) 0 obj\n<<([^<>]*)>>\nstream\n/g)) {
      if (!fontFiles.has(m[1])) continue;
      const length = Number(/\/Length (\d+)/.exec(m[2])![1]);
      const at = m.index! + m[0].length;
      out.push(inflateSync(built.output.bytes.subarray(at, at + length)));
    }
    return out;
  }

  it('embeds TrueType without hinting programs or glyph instructions, and an empty .notdef', () => {
    const fonts = embeddedFonts(built.output.bytes);
    expect(fonts.length).toBeGreaterThanOrEqual(5);
    for (const bytes of fonts) {
      const font = fontkit.create(bytes) as fontkit.Font & { directory: { tables: Record<string, unknown> } };
      const tags = Object.keys(font.directory.tables);
      expect(tags).toEqual(expect.arrayContaining(['glyf', 'loca', 'head', 'hmtx']));
      for (const hint of ['fpgm', 'prep', 'cvt ']) expect(tags).not.toContain(hint);
      expect(font.getGlyph(0).path.commands).toHaveLength(0);
      for (let id = 1; id < font.numGlyphs; id++) {
        const glyf = (font.getGlyph(id) as unknown as { _decode(): { instructions?: number[] } | null })._decode();
        expect(glyf?.instructions ?? []).toHaveLength(0);
      }
    }
  });

  it('draws every glyph with the same outline and advance as the subset fontkit encodes', () => {
    const fonts = fontService();
    for (const face of ['serif', 'serif-bold', 'sans', 'sans-bold']) {
      const font = fonts.font(face);
      const proto = Object.getPrototypeOf(font) as { createSubset(this: fontkit.Font): { includeGlyph(g: number): number; encode(): Uint8Array } };
      const text = 'Russia withdraws its peacekeepers — 2,000 troops; “Ç é ﬁ” 1998–2024.';
      const ids = font.layout(text).glyphs.map((g) => g.id);
      const full = proto.createSubset.call(font);
      const lean = font.createSubset() as unknown as { includeGlyph(g: number): number; encode(): Uint8Array };
      for (const id of ids) {
        full.includeGlyph(id);
        lean.includeGlyph(id);
      }
      const a = fontkit.create(Buffer.from(full.encode())) as fontkit.Font;
      const b = fontkit.create(Buffer.from(lean.encode())) as fontkit.Font;
      expect(b.numGlyphs).toBe(a.numGlyphs);
      expect(Buffer.from(lean.encode()).length).toBeLessThan(Buffer.from(full.encode()).length);
      for (let id = 1; id < a.numGlyphs; id++) {
        expect(b.getGlyph(id).path.toSVG(), `${face} glyph ${id}`).toBe(a.getGlyph(id).path.toSVG());
        expect(b.getGlyph(id).advanceWidth).toBe(a.getGlyph(id).advanceWidth);
      }
    }
  });

  it('strips a composite glyph of its instructions and keeps its components', () => {
    // Two components (word arguments, a scale), instructions after the last.
    const g = Buffer.from([0xff, 0xff, 0, 0, 0, 0, 0, 10, 0, 10, 0x00, 0x29, 0, 5, 0, 1, 0, 2, 0x40, 0, 0x01, 0x09, 0, 6, 0, 3, 0, 4, 0x40, 0, 0, 2, 0xb0, 0x01]);
    const out = Buffer.from(glyphWithoutInstructions(g));
    expect(out.length).toBe(g.length - 4);
    expect(out.readUInt16BE(20) & 0x100).toBe(0);
    expect(out.readUInt16BE(20) & 0xff).toBe(0x09);
    expect(out.subarray(10, 20)).toEqual(g.subarray(10, 20));
    expect(out.subarray(22, 30)).toEqual(g.subarray(22, 30));
  });
});

describe('the sRGB output intent', () => {
  it('is a version-2 monitor RGB ICC profile that PDF/A accepts, whole and self-consistent', () => {
    const p = SRGB_PROFILE;
    expect(p.readUInt32BE(0)).toBe(p.length);
    expect(p.toString('latin1', 36, 40)).toBe('acsp');
    expect(p.toString('latin1', 12, 16)).toBe('mntr');
    expect(p.toString('latin1', 16, 20)).toBe('RGB ');
    expect(p[8]).toBeLessThan(5);
    const tags = new Map<string, [number, number]>();
    for (let i = 0; i < p.readUInt32BE(128); i++) tags.set(p.toString('latin1', 132 + i * 12, 136 + i * 12), [p.readUInt32BE(136 + i * 12), p.readUInt32BE(140 + i * 12)]);
    for (const t of ['desc', 'wtpt', 'rXYZ', 'gXYZ', 'bXYZ', 'rTRC', 'gTRC', 'bTRC', 'cprt']) {
      const [offset, size] = tags.get(t) ?? [0, 0];
      expect(offset + size, t).toBeLessThanOrEqual(p.length);
      expect(size, t).toBeGreaterThan(0);
    }
    // The primaries add up to D50 white (ICC's connection space), as sRGB's do.
    const xyz = (t: string) => [0, 1, 2].map((k) => p.readInt32BE(tags.get(t)![0] + 8 + k * 4) / 65536);
    const white = [0, 1, 2].map((k) => xyz('rXYZ')[k] + xyz('gXYZ')[k] + xyz('bXYZ')[k]);
    expect(white[0]).toBeCloseTo(0.9642, 3);
    expect(white[1]).toBeCloseTo(1.0, 3);
    expect(white[2]).toBeCloseTo(0.8249, 3);
  });

  it('is the one the brief embeds', () => {
    const src = pdfSource(built.output.bytes);
    const ref = /\/DestOutputProfile (\d+) 0 R/.exec(src)![1];
    const m = new RegExp(`\\n${ref} 0 obj\\n<<([^<>]*)>>\\nstream\\n`).exec(built.output.bytes.toString('latin1'))!;
    const length = Number(/\/Length (\d+)/.exec(m[1])![1]);
    const at = m.index + m[0].length;
    expect(inflateSync(built.output.bytes.subarray(at, at + length)).equals(SRGB_PROFILE)).toBe(true);
  });
});

describe('colours in four digits', () => {
  it('are what every colour operator of the pages says, and they name each 8-bit level exactly', () => {
    const raw = built.output.bytes.toString('latin1');
    const operands: string[] = [];
    for (const m of raw.matchAll(/\n\d+ 0 obj\n<<([^<>]*)>>\nstream\n/g)) {
      if (!/FlateDecode/.test(m[1]) || /Length1|\/N 3/.test(m[1])) continue;
      const length = Number(/\/Length (\d+)/.exec(m[1])![1]);
      const at = m.index! + m[0].length;
      const content = inflateSync(built.output.bytes.subarray(at, at + length)).toString('latin1');
      for (const c of content.matchAll(/((?:[\d.]+ ){3})(?:scn|SCN)\n/g)) operands.push(...c[1].trim().split(' '));
    }
    expect(operands.length).toBeGreaterThan(100);
    for (const v of operands) expect(v).toMatch(/^\d(\.\d{1,4})?$/);
    for (let v = 0; v < 256; v++) expect(Math.round((Math.round((v / 255) * 1e4) / 1e4) * 255)).toBe(v);
  });
});
