// The font service: one parsed copy of each embedded font per process, measuring text for layout and Vega.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { woffToSfnt } from './woff.js';
import { packageFile } from '../packages.js';
import { perProcess } from '../cache/memory.js';
import { shapeWithHarfbuzz } from './harfbuzz.js';

export type Family = 'Source Serif 4' | 'Source Sans 3' | string;
export type Style = 'normal' | 'italic';

/** A face: one font file of one family, weight and style. Keys are stable strings used in layout boxes. */
export interface Face {
  key: string;
  family: Family;
  weight: number;
  style: Style;
  /** npm package and path of the TTF inside it: fonts come from npm, never from the system. */
  file: string;
  /** Used only for characters the brief's own faces lack (Armenian names in an English brief). */
  fallback?: boolean;
  /** A fallback's kind, to keep the pairing: serif text falls back to a serif face where one exists. */
  serif?: boolean;
  /** Code points the file covers (a fontsource subset or slice): checked before the file is read. */
  ranges?: [number, number][];
  /** Languages this face is first choice for among faces covering the same character (Han: ja, ko, zh). */
  langs?: string[];
}

/**
 * Fallback families from @fontsource (SIL OFL, WOFF that fontkit and PDFKit read). Each ships its
 * script as a subset file, and the large CJK and emoji fonts as slices of a few hundred characters
 * with their unicode ranges (unicode.json): only the files covering a brief's characters are read,
 * so one Chinese name costs a slice or two, not a 16 MB font. Every script keeps the pairing:
 * Song and Mincho (Noto Serif SC, JP, KR) beside serif text, Hei and Gothic beside sans.
 */
const FALLBACKS: { family: string; prefix: string; weights: number[]; subsets?: string[]; serif?: boolean; langs?: string[] }[] = [
  { family: 'Noto Serif Georgian', prefix: 'noto-serif-georgian', weights: [400, 700], subsets: ['georgian'], serif: true },
  { family: 'Noto Sans Georgian', prefix: 'noto-sans-georgian', weights: [400, 700], subsets: ['georgian'] },
  { family: 'Noto Naskh Arabic', prefix: 'noto-naskh-arabic', weights: [400, 700], subsets: ['arabic'], serif: true },
  { family: 'Noto Sans Arabic', prefix: 'noto-sans-arabic', weights: [400, 700], subsets: ['arabic'] },
  { family: 'Noto Serif Hebrew', prefix: 'noto-serif-hebrew', weights: [400, 700], subsets: ['hebrew'], serif: true },
  { family: 'Noto Sans Hebrew', prefix: 'noto-sans-hebrew', weights: [400, 700], subsets: ['hebrew'] },
  { family: 'Noto Serif JP', prefix: 'noto-serif-jp', weights: [400, 700], langs: ['ja'], serif: true },
  { family: 'Noto Serif KR', prefix: 'noto-serif-kr', weights: [400, 700], langs: ['ko'], serif: true },
  { family: 'Noto Serif SC', prefix: 'noto-serif-sc', weights: [400, 700], langs: ['zh'], serif: true },
  { family: 'Noto Sans JP', prefix: 'noto-sans-jp', weights: [400, 700], langs: ['ja'] },
  { family: 'Noto Sans KR', prefix: 'noto-sans-kr', weights: [400, 700], langs: ['ko'] },
  { family: 'Noto Sans SC', prefix: 'noto-sans-sc', weights: [400, 700], langs: ['zh'] },
  { family: 'Noto Emoji', prefix: 'noto-emoji', weights: [400, 700] },
];

/** "U+1f1e9-1f1f5,U+1f21a" -> [[0x1f1e9, 0x1f1f5], [0x1f21a, 0x1f21a]]. */
function parseRanges(css: string): [number, number][] {
  return css.split(',').map((r) => {
    const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(a, 16), parseInt(b ?? a, 16)];
  });
}

let fallbackFaces: Face[] | undefined;

/** The fallback faces, one per file of each subset or slice and weight, read from the packages' unicode.json. */
function fallbacks(): Face[] {
  if (fallbackFaces) return fallbackFaces;
  fallbackFaces = [];
  for (const fb of FALLBACKS) {
    const unicode = JSON.parse(readFileSync(packageFile(`@fontsource/${fb.prefix}/unicode.json`), 'utf8')) as Record<string, string>;
    for (const [name, css] of Object.entries(unicode)) {
      const slice = name.replace(/^\[(\d+)\]$/, '$1');
      if (fb.subsets ? !fb.subsets.includes(name) : slice === name) continue;
      for (const weight of fb.weights) {
        fallbackFaces.push({
          key: `${fb.prefix}-${slice}-${weight}`,
          family: fb.family,
          weight,
          style: 'normal',
          file: `@fontsource/${fb.prefix}/files/${fb.prefix}-${slice}-${weight}-normal.woff`,
          fallback: true,
          serif: fb.serif,
          ranges: parseRanges(css),
          langs: fb.langs,
        });
      }
    }
  }
  return fallbackFaces;
}

const inRanges = (ranges: [number, number][] | undefined, cp: number) => !ranges || ranges.some(([a, b]) => cp >= a && cp <= b);

const FACES: Face[] = [
  { key: 'serif', family: 'Source Serif 4', weight: 400, style: 'normal', file: 'source-serif/TTF/SourceSerif4-Regular.ttf' },
  { key: 'serif-italic', family: 'Source Serif 4', weight: 400, style: 'italic', file: 'source-serif/TTF/SourceSerif4-It.ttf' },
  { key: 'serif-semibold', family: 'Source Serif 4', weight: 600, style: 'normal', file: 'source-serif/TTF/SourceSerif4-Semibold.ttf' },
  { key: 'serif-bold', family: 'Source Serif 4', weight: 700, style: 'normal', file: 'source-serif/TTF/SourceSerif4-Bold.ttf' },
  { key: 'serif-bold-italic', family: 'Source Serif 4', weight: 700, style: 'italic', file: 'source-serif/TTF/SourceSerif4-BoldIt.ttf' },
  { key: 'sans', family: 'Source Sans 3', weight: 400, style: 'normal', file: 'source-sans/TTF/SourceSans3-Regular.ttf' },
  { key: 'sans-italic', family: 'Source Sans 3', weight: 400, style: 'italic', file: 'source-sans/TTF/SourceSans3-It.ttf' },
  { key: 'sans-semibold', family: 'Source Sans 3', weight: 600, style: 'normal', file: 'source-sans/TTF/SourceSans3-Semibold.ttf' },
  { key: 'sans-bold', family: 'Source Sans 3', weight: 700, style: 'normal', file: 'source-sans/TTF/SourceSans3-Bold.ttf' },
  // Source Serif and Sans cover Latin (Azerbaijani ə, ş) and Cyrillic but not Armenian; Noto Sans
  // Armenian (SIL OFL, from @fontsource as WOFF, which fontkit and PDFKit read) fills that gap.
  { key: 'armenian', family: 'Noto Sans Armenian', weight: 400, style: 'normal', file: '@fontsource/noto-sans-armenian/files/noto-sans-armenian-armenian-400-normal.woff', fallback: true },
  { key: 'armenian-bold', family: 'Noto Sans Armenian', weight: 700, style: 'normal', file: '@fontsource/noto-sans-armenian/files/noto-sans-armenian-armenian-700-normal.woff', fallback: true },
];

/** Families a chart or theme may name. */
export const FAMILIES: Family[] = ['Source Serif 4', 'Source Sans 3'];

export interface VerticalMetrics {
  /** Per point of font size. */
  ascender: number;
  descender: number;
  capHeight: number;
  xHeight: number;
}

export class FontService {
  private parsed = new Map<string, fontkit.Font>();
  private widths = perProcess(new Map<string, Map<string, number>>());
  private chosen = new Map<string, string | undefined>();
  private preference = new Map<string, Face[]>();

  /** The brief's own faces and Armenian; the sliced fallbacks are found by faceForChar, not listed here. */
  faces(): readonly Face[] {
    return FACES;
  }

  face(key: string): Face {
    const f = FACES.find((x) => x.key === key) ?? (key.startsWith('noto-') ? fallbacks().find((x) => x.key === key) : undefined);
    if (!f) throw new Error(`unknown face ${key}`);
    return f;
  }

  /** The face of `family` closest to weight and style, as CSS font matching would pick it. */
  match(family: string, weight: number, style: Style): Face | undefined {
    const candidates = FACES.filter((f) => f.family.toLowerCase() === family.toLowerCase());
    if (!candidates.length) return undefined;
    const sameStyle = candidates.filter((f) => f.style === style);
    const pool = sameStyle.length ? sameStyle : candidates;
    return pool.reduce((best, f) => (Math.abs(f.weight - weight) < Math.abs(best.weight - weight) ? f : best));
  }

  /** The file a parsed font was read from, with its size and time. */
  fileOf(font: fontkit.Font): string {
    return files.get(font) ?? '';
  }

  /** The face's file as an OpenType font (a WOFF unwrapped): what a subsetter takes. */
  bytes(key: string): Buffer {
    return woffToSfnt(readFileSync(packageFile(this.face(key).file)));
  }

  /** The parsed font, shared by measuring and by PDFKit's embedding (parsing is most of PDFKit's warm cost). */
  font(key: string): fontkit.Font {
    let font = this.parsed.get(key);
    if (!font) {
      const file = packageFile(this.face(key).file);
      const bytes = woffToSfnt(readFileSync(file));
      const stat = statSync(file);
      font = keepCodePoints(fontkit.create(bytes) as fontkit.Font);
      files.set(font, `${file}\0${stat.size}\0${stat.mtimeMs}`);
      this.parsed.set(key, font);
    }
    return font;
  }

  /**
   * Advance width of `text` in points, shaped with the font's default features (kerning,
   * ligatures): the run paint hands PDFKit to draw the word (see shaped).
   */
  measure(key: string, size: number, text: string): number {
    let cache = this.widths.get(key);
    if (!cache) this.widths.set(key, (cache = new Map()));
    let w = cache.get(text);
    if (w === undefined) {
      const font = this.font(key);
      w = shaped(font, text).advanceWidth / font.unitsPerEm;
      cache.set(text, w);
    }
    return w * size;
  }

  metrics(key: string): VerticalMetrics {
    const f = this.font(key);
    const em = f.unitsPerEm;
    return { ascender: f.ascent / em, descender: f.descent / em, capHeight: f.capHeight / em, xHeight: f.xHeight / em };
  }

  /**
   * The face that draws `ch` in text set in `key`: the face itself, else a fallback of like weight,
   * serif for serif text where the script has one, and for Han characters the font of the text's
   * language (a Japanese name in Noto Sans JP, a Chinese one in Noto Sans SC).
   */
  faceForChar(key: string, ch: string, lang?: string): string | undefined {
    const cp = ch.codePointAt(0)!;
    if (/\s/.test(ch) || this.font(key).hasGlyphForCodePoint(cp)) return key;
    const memo = `${key}\u0000${cp}\u0000${lang ?? ''}`;
    if (this.chosen.has(memo)) return this.chosen.get(memo);
    const base = this.face(key);
    const bold = base.weight >= 600;
    const serif = base.family === 'Source Serif 4';
    const primary = lang?.toLowerCase().split('-')[0];
    // The fallbacks in order of preference for this kind of text, sorted once per kind.
    const order = `${serif}/${bold}/${primary ?? ''}`;
    let candidates = this.preference.get(order);
    if (!candidates) {
      const score = (f: Face) => (f.langs && primary && f.langs.includes(primary) ? 0 : 4) + (!!f.serif === serif ? 0 : 2) + (Math.abs(f.weight - (bold ? 700 : 400)) > 0 ? 1 : 0);
      candidates = [...FACES.filter((f) => f.fallback), ...fallbacks()].sort((a, b) => score(a) - score(b));
      this.preference.set(order, candidates);
    }
    const found = candidates.find((f) => inRanges(f.ranges, cp) && this.font(f.key).hasGlyphForCodePoint(cp))?.key;
    this.chosen.set(memo, found);
    return found;
  }

  /**
   * `text` cut where it needs a fallback face: [{face, text}], in order. A character no face has
   * stays with `key`, so a later glyph check names it.
   */
  segments(key: string, text: string, lang?: string): { face: string; text: string }[] {
    // Most text is all in its own face: one segment, without building it a character at a time
    // (a string per character was a tenth of what a build allocates).
    if (this.coversAll(key, text)) return [{ face: key, text }];
    const out: { face: string; text: string }[] = [];
    for (const ch of text) {
      // Joiners and variation selectors go with the character before them (an emoji sequence).
      const last0 = out[out.length - 1];
      if (last0 && /[\u200c\u200d\ufe0e\ufe0f]/.test(ch)) {
        last0.text += ch;
        continue;
      }
      const face = this.faceForChar(key, ch, lang) ?? key;
      const last = out[out.length - 1];
      if (last && last.face === face) last.text += ch;
      else out.push({ face, text: ch });
    }
    return out;
  }

  /** Per face, whether it draws a code point (white space counts as drawn, as faceForChar has it). */
  private coverage = new Map<string, Map<number, boolean>>();

  /** Whether the face draws every character of `text` itself. */
  private coversAll(key: string, text: string): boolean {
    let known = this.coverage.get(key);
    if (!known) this.coverage.set(key, (known = new Map()));
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      let has = known.get(cp);
      if (has === undefined) known.set(cp, (has = /\s/.test(String.fromCodePoint(cp)) || this.font(key).hasGlyphForCodePoint(cp)));
      if (!has) return false;
    }
    return true;
  }

  /** Width of text set in `key` with fallback faces where it needs them. */
  measureMixed(key: string, size: number, text: string): number {
    return this.segments(key, text).reduce((w, s) => w + this.measure(s.face, size, s.text), 0);
  }

  /** Characters of `text` that this face has no glyph for (joiners and variation selectors aside). */
  missing(key: string, text: string): string[] {
    if (this.coversAll(key, text)) return [];
    const f = this.font(key);
    return [...new Set([...text])].filter((c) => !/[\s\u00ad\u200c\u200d\ufe0e\ufe0f]/.test(c) && !f.hasGlyphForCodePoint(c.codePointAt(0)!));
  }
}

/**
 * fontkit keeps one Glyph object per glyph id, with the code points of the first request. Subsetting
 * asks for the components of composite glyphs by id alone (Ç asks for C and the cedilla), so once
 * a brief with Ç is embedded, every later layout of "C" in this process returns a glyph with no
 * code points, and PDFKit writes no ToUnicode entry for it: copy and search lose the letter, and
 * the same brief gives other bytes depending on what the process built before (cron batches).
 * Any request that knows the code points repairs the shared object.
 */
function keepCodePoints(font: fontkit.Font): fontkit.Font {
  const f = font as unknown as { getGlyph(id: number, codePoints?: number[]): { codePoints: number[] } };
  const getGlyph = f.getGlyph.bind(font);
  f.getGlyph = (id, codePoints) => {
    if (asked) {
      const n = codePoints?.length ?? 0;
      asked.push(id, n);
      for (let i = 0; i < n; i++) asked.push(codePoints![i]);
    }
    const glyph = getGlyph(id, codePoints);
    if (codePoints?.length && !glyph.codePoints.length) glyph.codePoints = codePoints;
    return glyph;
  };
  return font;
}

/**
 * The glyphs shaped() asks the font for while it shapes, as it asked: what a replay asks again.
 * Kept flat as the disk cache keeps it (KeptShape's `c`: id, count, code points, ...).
 */
let asked: number[] | undefined;

/**
 * The characters each glyph of `text` stands for, in the order the shape gives the glyphs.
 * fontkit keeps one Glyph per id with the characters of its first use (so does PDFKit's
 * ToUnicode): a glyph that draws ر and, with a dot, ز says ر for both. The shape knows each
 * occurrence's characters (its clusters).
 */
export function shapedCharacters(font: fontkit.Font, text: string): number[][] {
  return shaped(font, text).chars;
}

/** Each parsed font's file as it was read (path, size, time): what a cache of anything made from it is keyed by. */
const files = new WeakMap<fontkit.Font, string>();

/** A shaped text as layout measures it and paint draws it: a fontkit GlyphRun, or one replayed from the disk cache. */
export interface Shape {
  glyphs: fontkit.Glyph[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
  /** In font units: the positions' advances added up in order, as GlyphRun adds them. */
  advanceWidth: number;
  /** The characters each glyph stands for here: a ligature all of its letters, the glyphs after the first of a cluster none. */
  chars: number[][];
}

/**
 * A shape as the disk cache keeps it: every glyph shaping asked the font for, with
 * the characters it asked with (`c`: id, count, code points, ...), the run's glyph ids (`g`), its
 * positions, four numbers a glyph (`p`), and the characters each glyph stands for (`u`: count,
 * code points, ... a glyph).
 */
interface KeptShape {
  c: number[];
  g: number[];
  p: number[];
  u: number[];
}

/** What each text was shaped as, per parsed font: the runs layout measures and paint draws. */
const runs = perProcess(new Map<fontkit.Font, Map<string, Shape>>());
/** Shapes the disk cache had for the brief being built, by font file, replayed when first asked for. */
const recalled = perProcess(new Map<string, Map<string, KeptShape>>());
/** Shapes made or replayed since the last takeShapes, by font file: what the next build finds on disk. */
const journal = perProcess(new Map<string, Map<string, KeptShape>>());

/**
 * `text` shaped with the font's default features, in font units, once per process: layout
 * measures a word with this run and paint draws the same run (paint/fonts.ts), where each shaped
 * it on its own. HarfBuzz shapes what is new (shapeFresh); a brief built before on this machine
 * replays its words from the disk cache instead (recallShapes). Callers must not change the shape.
 */
export function shaped(font: fontkit.Font, text: string): Shape {
  let cache = runs.get(font);
  if (!cache) runs.set(font, (cache = new Map()));
  let run = cache.get(text);
  if (run) return run;
  const file = files.get(font) ?? '';
  // Only a build that will keep its shapes (its process's first) records them.
  const journaling = keeping && file !== '';
  const kept = recalled.get(file)?.get(text);
  let made: KeptShape | undefined;
  if (kept) {
    run = replay(font, kept);
    made = kept;
  } else {
    const calls: number[] = [];
    asked = journaling ? calls : undefined;
    let fresh: Shape;
    try {
      fresh = shapeFresh(font, text);
    } finally {
      asked = undefined;
    }
    run = fresh;
    if (journaling) made = toKept(calls, fresh);
  }
  cache.set(text, run);
  if (journaling && made) {
    let mine = journal.get(file);
    if (!mine) journal.set(file, (mine = new Map()));
    mine.set(text, made);
  }
  return run;
}

/**
 * A fresh shape as the disk cache keeps it. Plain loops, not flatMap and spreads: a new brief
 * keeps every word it shapes, on a cold JIT, where those cost ~10 us a word (1,955 words: ~20 ms).
 */
function toKept(calls: number[], fresh: Shape): KeptShape {
  const n = fresh.glyphs.length;
  const g: number[] = new Array(n);
  const p: number[] = new Array(4 * n);
  const u: number[] = [];
  for (let i = 0; i < n; i++) {
    g[i] = fresh.glyphs[i].id;
    const q = fresh.positions[i];
    p[4 * i] = q.xAdvance;
    p[4 * i + 1] = q.yAdvance;
    p[4 * i + 2] = q.xOffset;
    p[4 * i + 3] = q.yOffset;
    const c = fresh.chars[i];
    u.push(c.length);
    for (let k = 0; k < c.length; k++) u.push(c[k]);
  }
  return { c: calls, g, p, u };
}

/**
 * `text` shaped by HarfBuzz (harfbuzz.ts), as a run of the parsed font's own glyphs. Each glyph is
 * asked for with the characters of its cluster, as fontkit's own shaping asks: a ligature with all of
 * its letters, the first glyph of a cluster that shaping split with the cluster's characters and
 * the others with none (so that their shared glyph objects say what the text says).
 */
function shapeFresh(font: fontkit.Font, text: string): Shape {
  if (typeof WebAssembly === 'undefined') return shapeForWarmUp(font, text);
  const run = shapeWithHarfbuzz(font, () => (font as unknown as { stream: { buffer: Uint8Array } }).stream.buffer, text);
  const n = run.ids.length;
  // The clusters' starts in text order, each once: a cluster ends where the next one starts,
  // whatever the glyph order (right to left runs come reversed; cluster level 2 need not keep
  // them monotonic). A typed array sorts numbers as numbers.
  const sorted = Int32Array.from(run.clusters).sort();
  let distinct = 0;
  for (let k = 0; k < n; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[distinct++] = sorted[k];
  const starts = sorted.subarray(0, distinct);
  const taken = new Uint8Array(distinct);
  const rtl = n > 1 && run.clusters[0] > run.clusters[n - 1];
  const glyphs: fontkit.Glyph[] = new Array(n);
  const chars: number[][] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = rtl ? n - 1 - k : k;
    const cluster = run.clusters[i];
    const at = indexIn(starts, cluster);
    let own: number[] = [];
    if (!taken[at]) {
      taken[at] = 1;
      own = codePointsOf(text, cluster, at + 1 < distinct ? starts[at + 1] : text.length);
    }
    chars[i] = own;
    glyphs[i] = font.getGlyph(run.ids[i], own);
  }
  const positions = new Array<Shape['positions'][number]>(n);
  let advanceWidth = 0;
  for (let i = 0; i < n; i++) {
    const p = run.positions;
    positions[i] = { xAdvance: p[4 * i], yAdvance: p[4 * i + 1], xOffset: p[4 * i + 2], yOffset: p[4 * i + 3] };
    advanceWidth += p[4 * i];
  }
  return { glyphs, positions, advanceWidth, chars };
}

/** Where `value` stands in `sorted` (it is there): a word has a few dozen clusters at most. */
function indexIn(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The code points of text[from, to), as spreading that slice gives them (a pair cut at `to` gives its first half). */
function codePointsOf(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let j = from; j < to;) {
    let c = text.codePointAt(j)!;
    if (c > 0xffff && j + 1 >= to) c = text.charCodeAt(j);
    out.push(c);
    j += c > 0xffff ? 2 : 1;
  }
  return out;
}

/** Second copies of the parsed fonts, which shape the startup snapshot's warm-up build (shapeForWarmUp). */
const warmUpFonts = perProcess(new Map<fontkit.Font, fontkit.Font>());

/**
 * `text` shaped by fontkit, for the build that warms up the startup snapshot: Node makes a
 * snapshot without WebAssembly, so HarfBuzz cannot run there. fontkit shapes in a second copy of
 * the font, dropped with the process caches before the heap is saved: the decoded layout tables
 * (GSUB, GPOS: ~4 MB of the blob, to deserialise on every start) stay out of the snapshot, which
 * never shapes with them. The glyphs are asked of the font itself, with the characters fontkit
 * gives them, as shapeFresh asks.
 */
function shapeForWarmUp(font: fontkit.Font, text: string): Shape {
  let copy = warmUpFonts.get(font);
  if (!copy) warmUpFonts.set(font, (copy = fontkit.create((font as unknown as { stream: { buffer: Buffer } }).stream.buffer) as fontkit.Font));
  const run = copy.layout(text);
  const chars = run.glyphs.map((g) => [...g.codePoints]);
  const glyphs = run.glyphs.map((g, i) => font.getGlyph(g.id, chars[i]));
  const positions = run.positions.map((q) => ({ xAdvance: q.xAdvance, yAdvance: q.yAdvance, xOffset: q.xOffset, yOffset: q.yOffset }));
  return { glyphs, positions, advanceWidth: run.advanceWidth, chars };
}

/**
 * A kept shape as shaping would make it again. The font's glyph objects are shared and keep the
 * characters of the first request for them (see keepCodePoints), which the PDF's ToUnicode
 * reads: asking for the same glyphs with the same characters, in the same order and at the same
 * moment shaping would, leaves them as shaping would, so the bytes are the same cache or not.
 */
function replay(font: fontkit.Font, kept: KeptShape): Shape {
  const get = font.getGlyph.bind(font) as (id: number, codePoints?: number[]) => fontkit.Glyph;
  const made = (font as unknown as { _glyphs: Record<number, { codePoints: number[] } | undefined> })._glyphs;
  for (let i = 0; i < kept.c.length;) {
    const id = kept.c[i];
    const n = kept.c[i + 1];
    // A glyph that exists with its characters is returned as it is: asking again changes nothing.
    const glyph = made[id];
    if (!glyph || (n && !glyph.codePoints.length)) get(id, kept.c.slice(i + 2, i + 2 + n));
    i += 2 + n;
  }
  const glyphs = kept.g.map((id) => get(id));
  const positions = glyphs.map((_, k) => ({ xAdvance: kept.p[4 * k], yAdvance: kept.p[4 * k + 1], xOffset: kept.p[4 * k + 2], yOffset: kept.p[4 * k + 3] }));
  let advanceWidth = 0;
  for (const q of positions) advanceWidth += q.xAdvance;
  const chars: number[][] = [];
  for (let i = 0; i < kept.u.length; i += 1 + kept.u[i]) chars.push(kept.u.slice(i + 1, i + 1 + kept.u[i]));
  return { glyphs, positions, advanceWidth, chars };
}

/** Whether a kept shape has the parts replay reads, in proportion (the file's hash vouches for the numbers). */
function wellFormed(k: unknown): k is KeptShape {
  const s = k as KeptShape;
  if (!s || !Array.isArray(s.c) || !Array.isArray(s.g) || !Array.isArray(s.p) || !Array.isArray(s.u) || s.p.length !== 4 * s.g.length) return false;
  let glyphs = 0;
  for (let i = 0; i < s.u.length; i += 1 + s.u[i]) glyphs++;
  return glyphs === s.g.length;
}

/** Whether this build recalled shapes and will keep them: only a process's first build does. */
let keeping = false;

/**
 * Shapes a build of this brief kept (takeShapes, through the disk cache), for shaped() to replay.
 * Only a process that has shaped nothing yet reads them: a batch's build process or a preview
 * has most words shaped after its first brief, and reading ~150 KB again for each would cost
 * more than the few words it lacks (and what it would keep is no whole entry). Only shapes of
 * font files read the same (path, size, time) are used; a file whose hash does not match what
 * it holds (cut short, edited) is not used at all.
 */
export function recallShapes(read: () => unknown): void {
  recalled.clear();
  journal.clear();
  keeping = runs.size === 0;
  if (!keeping) return;
  const e = read() as { sha256?: unknown; shapes?: unknown } | undefined;
  if (!e || typeof e.shapes !== 'string' || e.sha256 !== createHash('sha256').update(e.shapes).digest('hex')) return;
  let byFile: Record<string, Record<string, unknown>>;
  try {
    byFile = JSON.parse(e.shapes) as Record<string, Record<string, unknown>>;
  } catch {
    return;
  }
  for (const [file, texts] of Object.entries(byFile)) {
    if (!texts || typeof texts !== 'object') continue;
    const ok = new Map<string, KeptShape>();
    for (const [text, k] of Object.entries(texts)) if (wellFormed(k)) ok.set(text, k);
    recalled.set(file, ok);
  }
}

/**
 * What the disk cache should keep for the brief after its process's first build: the shapes it
 * recalled, with those made since; undefined when none was made (the entry on disk says it all
 * already) or the build was not its process's first. Forgets both.
 */
export function takeShapes(): { sha256: string; shapes: string } | undefined {
  if (!keeping) return undefined;
  keeping = false;
  // A build that only replayed what it recalled (every rebuild of an unchanged text) has nothing
  // to add: found before the whole entry is assembled again, only to be dropped.
  let fresh = false;
  for (const [file, texts] of journal) {
    const known = recalled.get(file);
    for (const [text, k] of texts) if (known?.get(text) !== k) fresh = true;
  }
  const out: Record<string, Record<string, KeptShape>> = {};
  if (fresh) {
    for (const [file, texts] of recalled) out[file] = Object.fromEntries(texts);
    for (const [file, texts] of journal) {
      const into = (out[file] ??= {});
      for (const [text, k] of texts) into[text] = k;
    }
  }
  journal.clear();
  recalled.clear();
  if (!fresh) return undefined;
  // Kept as text with its hash: one native hash vouches for ~40,000 numbers that would each need checking.
  const shapes = JSON.stringify(out);
  return { sha256: createHash('sha256').update(shapes).digest('hex'), shapes };
}

let shared: FontService | undefined;

/** One service per process, so fonts are parsed once however many briefs are built. */
export function fontService(): FontService {
  return (shared ??= new FontService());
}
