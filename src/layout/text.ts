// Setting a paragraph: spans -> shaped, hyphenated items -> optimal lines -> positioned text runs.
import { createRequire } from 'node:module';
import bidiModule from 'bidi-js';
import LineBreaker from 'linebreak';
import englishPatterns from 'hyphen/en-us/index.js';
import { BriefError } from '../errors.js';
import { msg } from '../messages.js';
import type { FontService } from '../fonts/fonts.js';
import { destination, type Span } from '../parse/document.js';
import type { TextRun } from './boxes.js';
import { languageRuns } from './language.js';
import { markOrder } from './marks.js';
import { breakLines, INFINITY, type Item, type Line } from './linebreak.js';
import type { TextStyle, Theme } from './theme.js';
import { MIN_TEXT_SIZE } from '../print.js';

/** How one piece of a line is drawn: face, size, colour, raise above the baseline, link. */
export interface Fragment {
  text: string;
  face: string;
  size: number;
  color: string;
  rise: number;
  link?: { dest?: string; url?: string };
  /** A name the analyst marked: never hyphenated, never broken at its spaces or hyphens. */
  nobreak?: boolean;
  /** Language, when not the brief's. */
  lang?: string;
  /** Bidi embedding level (UAX #9) of the text, in a paragraph that has right-to-left text. */
  level?: number;
}

/** The part of a word broken across lines that one line draws, and what it reads as (see TextRun.actualText). */
interface WordPart {
  key: string;
  actualText: string;
}

export interface SetOptions {
  width: number;
  style: TextStyle;
  align: 'justify' | 'left' | 'right' | 'center';
  hyphenate: boolean;
  /** Widths of the first lines when they differ from `width` (lines beside a side box); the rest use `width`. */
  widths?: number[];
  /** Punctuation may hang into the margins (body text); never where the edge is a rule or a cell's. */
  protrude?: boolean;
}

export interface SetLine {
  /** Runs with x relative to the line start and y = 0 at the baseline. */
  runs: TextRun[];
  width: number;
  /** Widest gap between two words on this line, in points (justification quality). */
  maxGap: number;
  /** Horizontal scale of the line's glyphs (font expansion): 1 is their own width. */
  scale: number;
  /** Whether the line was set justified (every line of a justified paragraph but its last). */
  justified: boolean;
}

/** Faces for a span's style inside a text style: the bold of a serif body is serif-bold, and so on. */
export function faceFor(base: string, style: Span['style']): string {
  const sans = base.startsWith('sans');
  if (style.code) return 'sans';
  const baseBold = /semibold|bold/.test(base);
  const bold = style.bold || baseBold;
  const italic = style.italic || base.endsWith('italic');
  if (sans) {
    if (bold) return base === 'sans-bold' || (style.bold && baseBold) ? 'sans-bold' : 'sans-semibold';
    return italic ? 'sans-italic' : 'sans';
  }
  if (bold && italic) return 'serif-bold-italic';
  if (bold) return base === 'serif-semibold' && !style.bold ? 'serif-semibold' : 'serif-bold';
  return italic ? 'serif-italic' : 'serif';
}

const HYPHEN = '-';

// bidi-js is CommonJS whose types declare an ES default export: at run time the import is the factory.
const bidiFactory = ((bidiModule as unknown as { default?: unknown }).default ?? bidiModule) as unknown as typeof bidiModule.default;
const bidi = bidiFactory();
/** Scripts written without spaces between words, and their punctuation: Han, kana, Hangul, fullwidth forms. */
const CJK = /[\u1100-\u11FF\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/u;

/**
 * Where a line may break inside text without spaces, by UAX #14 (the linebreak package): between
 * ideographs and kana, never before 。、」） nor after 「（ (kinsoku). Offsets into `text`; only
 * those next to a CJK character, since spaces, hyphens and syllables are the breaker's own.
 */
function cjkBreaks(text: string): Set<number> {
  const out = new Set<number>();
  if (!CJK.test(text)) return out;
  const breaker = new LineBreaker(text);
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    const p = bk.position;
    if (p <= 0 || p >= text.length || /\s/.test(text[p - 1]) || /\s/.test(text[p])) continue;
    if (CJK.test(text[p - 1]) || CJK.test(text[p])) out.add(p);
  }
  return out;
}

/** Characters of right-to-left scripts (Hebrew, Arabic and their presentation forms). */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
/** Languages written right to left: a brief in one of them has right-to-left paragraphs. */
export const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'yi', 'ps']);

/**
 * Embedding levels (UAX #9, by bidi-js) of each character of a paragraph, or undefined for text
 * with no right-to-left character in a left-to-right paragraph (the common case costs nothing).
 */
function bidiLevels(text: string, base: 'ltr' | 'rtl'): Uint8Array | undefined {
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
function visualOrder<T>(pieces: T[], levels: number[]): T[] {
  const out = [...pieces];
  const lv = [...levels];
  const max = Math.max(0, ...lv);
  const minOdd = Math.min(...lv.filter((l) => l % 2 === 1), Infinity);
  for (let level = max; level >= minOdd && level > 0; level--) {
    for (let i = 0; i < out.length; ) {
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
// Made on first use: the startup snapshot's warm-up (English) must not touch the module loader.
let requireCjs: NodeJS.Require | undefined;
// Words we never hyphenate: anything with a digit (a number, a date), URL-like text, acronyms and
// words with inner capitals. Patterns are made for common words; names split badly ("Russ-ian").
const NEVER = /[\d/@:.]|.\p{Lu}/u;
const CAPITALISED = /^\p{Lu}/u;

type Hyphenator = (word: string) => string;

/** Every word of the brief written in lower case: a capitalised word found here is a common word, not a name. */
export function vocabulary(text: string): Set<string> {
  return new Set(text.match(/(?<![\p{L}\p{M}])\p{Ll}[\p{Ll}\p{M}]*/gu) ?? []);
}

/**
 * Liang patterns for the brief's language (hyphen ships TeX's patterns for about 80 languages);
 * none for a language it lacks: such text is set without hyphens rather than with wrong ones.
 */
function hyphenatorFor(language: string): Hyphenator | undefined {
  const tag = language.toLowerCase();
  const candidates = tag === 'en' || tag === 'en-us' ? ['en-us'] : [tag, tag.split('-')[0]];
  for (const c of candidates) {
    if (!/^[a-z]{2,3}(-[a-z]{2})?$/.test(c)) continue;
    try {
      const h = c === 'en-us' ? englishPatterns : ((requireCjs ??= createRequire(import.meta.url))(`hyphen/${c}`) as { hyphenateSync: (t: string, o: object) => string });
      return (word) => h.hyphenateSync(word, { hyphenChar: '\u00ad', html: false, minWordLength: 6 });
    } catch {
      // No patterns for this code; try the next, then go without.
    }
  }
  return undefined;
}

/**
 * Where a word may break. A capitalised word breaks only where it opens a sentence and the brief
 * also writes it in lower case ("Their", "After"): then it is a common word; elsewhere it is a name.
 */
function syllables(token: string, hyphenate: Hyphenator | undefined, sentenceStart: boolean, common: Set<string>): string[] {
  // Punctuation around a word ("operations.", "(peacekeeping") stays on its outer parts.
  const [, lead, word, trail] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su.exec(token)!;
  if (lead || trail) {
    const parts = syllables(word, hyphenate, sentenceStart, common);
    parts[0] = lead + parts[0];
    parts[parts.length - 1] += trail;
    return parts;
  }
  if (!hyphenate || word.length < 6 || NEVER.test(word)) return [word];
  if (CAPITALISED.test(word)) {
    const lower = word.toLowerCase();
    if (!sentenceStart || !common.has(lower)) return [word];
    // Break the lower-case word (patterns know no capitals), then give back the capital.
    const parts = syllables(lower, hyphenate, false, common);
    parts[0] = word.slice(0, parts[0].length);
    let at = parts[0].length;
    for (let i = 1; i < parts.length; i++) {
      parts[i] = word.slice(at, at + parts[i].length);
      at += parts[i].length;
    }
    return parts;
  }
  const marked = hyphenate(word);
  const parts = marked.split('\u00ad');
  // Keep at least two letters before and three after a break, as TeX's English setting does.
  while (parts.length > 1 && parts[0].length < 2) parts.splice(0, 2, parts[0] + parts[1]);
  while (parts.length > 1 && parts[parts.length - 1].length < 3) parts.splice(-2, 2, parts[parts.length - 2] + parts[parts.length - 1]);
  return parts;
}

export class Typesetter {
  private readonly hyphenator: Hyphenator | undefined;

  constructor(
    private readonly fonts: FontService,
    private readonly theme: Theme,
    private readonly language: string,
    /** The file the text comes from, for messages. */
    readonly file?: string,
    /** The brief's words in lower case (see vocabulary): which capitalised words are common words. */
    private readonly common: Set<string> = new Set(),
  ) {
    this.hyphenator = hyphenatorFor(language);
  }

  fragments(spans: Span[], style: TextStyle): Fragment[] {
    // Marks in the order HarfBuzz shapes them (see marks.ts), before anything measures the text.
    spans = spans.map((s) => ({ ...s, text: markOrder(s.text) }));
    const frags = spans.map((s): Fragment => {
      const nobreak = { ...(s.nobreak ? { nobreak: true } : {}), ...(s.lang ? { lang: s.lang } : {}) };
      if (s.cite !== undefined || s.note !== undefined) {
        const dest = s.cite !== undefined ? destination.source(s.cite) : destination.note(s.note!);
        return { text: s.text, face: faceFor(style.face, s.style), size: this.theme.cite.size, color: this.theme.link, rise: this.theme.cite.rise, link: { dest } };
      }
      if (s.sup) return { text: s.text, face: faceFor(style.face, s.style), size: this.theme.cite.size, color: style.color, rise: this.theme.cite.rise };
      return { text: s.text, face: faceFor(style.face, s.style), size: style.size, color: style.color, rise: 0, ...nobreak, ...(s.url ? { link: { url: s.url } } : {}) };
    });
    // Language first: it picks among fonts covering the same characters (Han in Japanese or Chinese).
    return frags.flatMap((f) => (f.lang ? [f] : languageRuns(f.text, this.language).map((r) => ({ ...f, ...r })))).flatMap((f) => this.byCoverage(f, spans));
  }

  /**
   * Splits a fragment where its face lacks glyphs, handing those characters to a fallback face
   * (Armenian names in Source Serif text). A character no embedded font has is an error: a PDF
   * would otherwise print an empty box.
   */
  private byCoverage(f: Fragment, spans: Span[]): Fragment[] {
    return this.fonts.segments(f.face, f.text, f.lang ?? this.language).map((seg) => {
      const missing = this.fonts.missing(seg.face, seg.text);
      if (missing.length) {
        const context = spans.map((s) => s.text).join('').trim();
        throw new BriefError({
          stage: 'layout',
          place: { file: this.file },
          id: 'glyphMissing', reason: msg.glyphMissing(missing[0], context.length > 80 ? context.slice(0, 77) + '...' : context),
          hint: msg.glyphMissingHint(),
        });
      }
      return { ...f, text: seg.text, face: seg.face };
    });
  }

  /** Boxes for words (split at hyphenation points), glue for spaces, penalties where a break may fall. */
  items(frags: Fragment[], hyphenate: boolean, justify: boolean, maxWidth = Infinity, maxGap = Infinity): Item<Fragment>[] {
    const items: Item<Fragment>[] = [];
    const m = this.fonts;
    const cost = this.theme.typography.breaking;
    // A paragraph opens a sentence; so does a word after one that ends in . ! or ? (and a closing quote).
    let sentenceStart = true;
    // Breaks between ideographs, over the whole paragraph: a CJK sentence spans many fragments
    // (each slice of a CJK font is its own face). Each is a zero-width glue that justification may
    // stretch, as it stretches spaces.
    const paragraphText = frags.map((f) => f.text).join('');
    const breaks = cjkBreaks(paragraphText);
    // Each item carries the bidi level of its text, computed once here; where the level changes
    // inside a word ("(NATO" in an Arabic sentence) the parts become boxes of their own, with no
    // break between them, so each box has one direction.
    const levels = bidiLevels(paragraphText, paragraphDirection(paragraphText, this.language));
    const turns = new Set<number>();
    if (levels) for (let i = 1; i < paragraphText.length; i++) if (levels[i] !== levels[i - 1] && !/\s/.test(paragraphText[i]) && !/\s/.test(paragraphText[i - 1])) turns.add(i);
    const at = (frag: Fragment, offset: number): Fragment => (levels ? { ...frag, level: levels[offset] } : frag);
    let offset = 0;
    const cjkGlue = (frag: Fragment) => {
      if (items.length && items[items.length - 1].type === 'box') items.push({ type: 'glue', width: 0, stretch: justify ? frag.size * cost.space.cluster : 0, shrink: 0, data: { ...frag, text: '' } });
    };
    for (const frag of frags) {
      // Split into words and spaces; a no-break space binds like a space but never breaks.
      const text = frag.nobreak ? frag.text.replace(/ /g, '\u00a0') : frag.text;
      const tokens = text.split(/([ \u00a0]+)/);
      for (const whole of tokens) {
        const start = offset;
        offset += whole.length;
        if (!whole) continue;
        if ((breaks.size || turns.size) && !/^[ \u00a0]+$/.test(whole)) {
          // Cut the token where UAX #14 allows (each piece a word of its own to the breaker) and
          // where its direction turns (pieces joined, no break).
          const cut = (i: number) => (!frag.nobreak && breaks.has(start + i)) || turns.has(start + i);
          let from = 0;
          for (let i = 0; i <= whole.length; i++) {
            if (i < whole.length && (i === 0 || !cut(i))) continue;
            if (!frag.nobreak && breaks.has(start + from)) cjkGlue(at(frag, start + from));
            if (i > from) this.wordItems(whole.slice(from, i), at(frag, start + from), hyphenate, items, maxWidth, sentenceStart);
            from = i;
          }
          if (frag.rise === 0) sentenceStart = /[.!?。！？][)"'’”」』]*$/.test(whole);
          continue;
        }
        const tok = whole;
        if (/^[ \u00a0]+$/.test(tok)) {
          const space = m.measure(frag.face, frag.size, ' ');
          // Stretched fully (ratio 1), a space reaches the theme's widest gap: the first pass of the
          // line breaker, which accepts no ratio above 1, never opens a gap wider.
          const stretch = justify ? Math.max(space * cost.space.stretch, Math.min(space * cost.space.stretchMax, maxGap - space)) : 0;
          const glue = { type: 'glue' as const, width: space, stretch, shrink: justify ? space * cost.space.shrink : 0, data: { ...at(frag, start), text: ' ' } };
          if (tok.includes('\u00a0')) items.push({ type: 'penalty', width: 0, penalty: INFINITY, flagged: false, data: frag });
          items.push(glue);
          continue;
        }
        this.wordItems(tok, at(frag, start), hyphenate, items, maxWidth, sentenceStart);
        if (frag.rise === 0) sentenceStart = /[.!?][)"'’”]*$/.test(tok);
      }
    }
    // A run of boxes with no break between them wider than any line (a long name marked unbroken,
    // set in several fonts: each CJK slice is its own face) may still break between its boxes,
    // at a cost, rather than run off the page.
    for (let i = 0; i < items.length; ) {
      if (items[i].type !== 'box') {
        i++;
        continue;
      }
      let j = i;
      let width = 0;
      while (j < items.length && items[j].type === 'box') width += items[j++].width;
      if (width > maxWidth && j - i > 1) {
        for (let k = j - 1; k > i; k--) items.splice(k, 0, { type: 'penalty', width: 0, penalty: cost.cluster, flagged: false, data: { ...items[k].data, text: '' } });
        j += j - i - 1;
      }
      i = j;
    }
    // Finishing: the last line is set ragged, then a forced break.
    const last = frags[frags.length - 1];
    items.push({ type: 'penalty', width: 0, penalty: INFINITY, flagged: false, data: last });
    items.push({ type: 'glue', width: 0, stretch: INFINITY, shrink: 0, data: { ...last, text: '' } });
    items.push({ type: 'penalty', width: 0, penalty: -INFINITY, flagged: true, data: last });
    return items;
  }

  private wordItems(word: string, frag: Fragment, hyphenate: boolean, items: Item<Fragment>[], maxWidth: number, sentenceStart: boolean) {
    const m = this.fonts;
    const cost = this.theme.typography.breaking;
    // Break after explicit hyphens and dashes ("cease-fire", "Russia–Azerbaijan") as well.
    const pieces = frag.nobreak ? [word] : word.split(/(?<=[-\u2013\u2014])(?=.)/);
    const hyphenWidth = m.measure(frag.face, frag.size, HYPHEN);
    pieces.forEach((piece, pi) => {
      const parts = hyphenate && frag.rise === 0 && !frag.nobreak ? syllables(piece, this.hyphenator, sentenceStart && pi === 0, this.common) : [piece];
      // Widths of prefixes, so the parts add up to the shaped width of the whole piece (kerning kept).
      let prefix = '';
      let prev = 0;
      parts.forEach((part, i) => {
        prefix += part;
        const w = m.measure(frag.face, frag.size, prefix);
        if (w - prev > maxWidth) {
          // Wider than any line (a 5,000-character token, a name longer than a table cell): break it
          // between characters, without a hyphen, rather than print past the margin.
          this.emergencyItems(part, frag, maxWidth, items);
        } else {
          items.push({ type: 'box', width: w - prev, data: { ...frag, text: part } });
        }
        prev = w;
        if (i < parts.length - 1) items.push({ type: 'penalty', width: hyphenWidth, penalty: cost.hyphen, flagged: true, data: { ...frag, text: HYPHEN } });
      });
      if (pi < pieces.length - 1) items.push({ type: 'penalty', width: 0, penalty: cost.compound, flagged: true, data: { ...frag, text: '' } });
    });
  }

  /** A part too wide for any line, as chunks that each fit, with a break allowed between them. */
  private emergencyItems(part: string, frag: Fragment, maxWidth: number, items: Item<Fragment>[]) {
    let chunk = '';
    let width = 0;
    const flush = () => {
      if (!chunk) return;
      if (items.length && items[items.length - 1].type === 'box') items.push({ type: 'penalty', width: 0, penalty: this.theme.typography.breaking.cluster, flagged: false, data: { ...frag, text: '' } });
      items.push({ type: 'box', width, data: { ...frag, text: chunk } });
      chunk = '';
      width = 0;
    };
    for (const ch of part) {
      const w = this.fonts.measure(frag.face, frag.size, ch);
      if (width + w > maxWidth && chunk) flush();
      chunk += ch;
      width += w;
    }
    flush();
  }

  /**
   * Sets spans into lines of the given width. Justified text is broken with font expansion and
   * protrusion in the optimum and no word gap past the theme's limit; a paragraph that cannot be
   * set so (a narrow column beside a box, long words) is set ragged, never loose.
   */
  set(spans: Span[], opts: SetOptions): SetLine[] {
    const frags = this.fragments(spans, opts.style).filter((f) => f.text.length);
    if (!frags.length) return [];
    const t = this.theme.typography;
    const maxGap = opts.style.leading * t.maxWordGap;
    const widths = [...(opts.widths ?? []), opts.width];
    const narrowest = Math.min(...widths);
    const b = t.breaking;
    const costs = { linePenalty: b.line, flaggedDemerits: b.flagged, fitnessDemerits: b.fitness };
    const { justified, ragged, loose } = b.tolerance;
    const rightStretch = opts.style.size * b.raggedRight;
    // A right-to-left paragraph is set from the right: ragged on the left, its lines in visual
    // order from the right margin. What hangs would hang on the other side: nothing hangs.
    const direction = paragraphDirection(frags.map((f) => f.text).join(''), this.language);
    const protrude = opts.protrude && direction === 'ltr';
    if (opts.align === 'justify') {
      const items = this.items(frags, opts.hyphenate, true, narrowest, maxGap);
      const hang = protrude ? this.hangs(items, true) : undefined;
      const lines = breakLines(items, { ...costs, widths, tolerance: justified, expansion: t.expansion, hang });
      if (lines) return this.placeAll(items, lines, widths, () => 'justify', maxGap, direction);
      // Beside a side box: the narrow lines ragged, the full measure below them still justified.
      const beside = widths.length - 1;
      if (beside > 0) {
        const mixed = breakLines(items, { ...costs, widths, tolerance: justified, expansion: t.expansion, hang, rightStretch: [...Array(beside).fill(rightStretch), 0] });
        if (mixed) return this.placeAll(items, mixed, widths, (i) => (i < beside ? 'left' : 'justify'), maxGap, direction);
      }
    }
    const align = opts.align === 'justify' ? 'left' : opts.align;
    const items = this.items(frags, opts.hyphenate, false, narrowest, maxGap);
    // Ragged right: a line may fall short by about two ems at little cost (TeX's \raggedright);
    // shorter still costs enough that a hyphen is preferred. Only its left edge may hang.
    const hang = protrude && align === 'left' ? this.hangs(items, false) : undefined;
    const lines = breakLines(items, { ...costs, widths, tolerance: ragged, rightStretch, hang }) ?? breakLines(items, { ...costs, widths, tolerance: loose, rightStretch, hang }) ?? this.greedy(items, widths);
    return this.placeAll(items, lines, widths, () => align, maxGap, direction);
  }

  private placeAll(items: Item<Fragment>[], lines: Line[], widths: number[], align: (line: number) => SetOptions['align'], maxGap: number, direction: 'ltr' | 'rtl' = 'ltr'): SetLine[] {
    const parts = brokenWords(items, lines);
    // Ragged text of a right-to-left paragraph is flush right (its start); so is its last line.
    const flush = (a: SetOptions['align']) => (direction === 'rtl' && a === 'left' ? 'right' : a);
    return lines.map((line, i) => {
      const last = i === lines.length - 1;
      const a = align(i);
      return this.place(items, line, last, direction === 'rtl' && a === 'justify' && last ? 'right' : flush(a), maxGap, widths[Math.min(i, widths.length - 1)], parts);
    });
  }

  /**
   * How far each line could hang into the margins, by item (see BreakOptions.hang): the protrusion
   * share of its first or last glyph times that glyph's width. Superscript citations never hang.
   */
  private hangs(items: Item<Fragment>[], right: boolean): { left: Float64Array; right: Float64Array } {
    const table = this.theme.typography.protrusion;
    const n = items.length;
    const out = { left: new Float64Array(n + 1), right: new Float64Array(n + 1) };
    const amount = (side: Record<string, number>, f: Fragment, ch: string | undefined) => (ch && f.rise === 0 && side[ch] ? side[ch] * this.fonts.measure(f.face, f.size, ch) : 0);
    let next = 0;
    for (let i = n - 1; i >= 0; i--) {
      const it = items[i];
      if (it.type === 'box') next = amount(table.left, it.data, [...it.data.text][0]);
      out.left[i] = next;
    }
    if (!right) return out;
    for (let i = 1; i < n; i++) {
      const it = items[i];
      if (it.type === 'penalty' && it.width > 0) out.right[i] = amount(table.right, it.data, it.data.text);
      else if (items[i - 1].type === 'box') out.right[i] = amount(table.right, items[i - 1].data, [...items[i - 1].data.text].pop());
    }
    return out;
  }

  /** First-fit breaking for text no optimal solution fits (a word wider than the column). */
  private greedy(items: Item<Fragment>[], widths: number[]): Line[] {
    const lines: Line[] = [];
    let start = 0;
    let width = 0;
    let lastBreak = -1;
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      const limit = widths[Math.min(lines.length, widths.length - 1)];
      if (it.type === 'box') {
        if (width + it.width > limit && lastBreak > start) {
          lines.push({ start, end: lastBreak, ratio: 0, left: 0, right: 0 });
          start = lastBreak + 1;
          while (start < items.length && items[start].type === 'glue') start++;
          i = start - 1;
          width = 0;
          lastBreak = -1;
          continue;
        }
        width += it.width;
      } else if (it.type === 'glue') {
        if (i > 0 && items[i - 1].type === 'box') lastBreak = i;
        width += it.width;
      } else if (it.penalty < INFINITY) {
        lastBreak = i;
      }
    }
    lines.push({ start, end: items.length - 1, ratio: 0, left: 0, right: 0 });
    return lines;
  }

  private place(items: Item<Fragment>[], line: Line, isLast: boolean, align: SetOptions['align'], maxGap: number, lineWidth: number, parts: Map<number, WordPart>): SetLine {
    const breakItem = items[line.end];
    const real = (it: Item<Fragment>) => it.type === 'glue' && it.width > 0;
    // What the line holds at its natural width: boxes (with a hyphen drawn at the break) and spaces.
    let boxes = breakItem?.type === 'penalty' ? breakItem.width : 0;
    let spaces = 0;
    let stretch = 0;
    let shrink = 0;
    for (let i = line.start; i < line.end; i++) {
      const it = items[i];
      if (it.type === 'box') boxes += it.width;
      else if (it.type === 'glue' && it.stretch < INFINITY) {
        // Spaces, and the zero-width glue between ideographs, which only justification widens.
        spaces += it.width;
        stretch += it.stretch;
        shrink += it.shrink;
      }
    }
    // A justified line fills its width plus what hangs into the margins; glyphs and glue share the
    // difference in proportion to what each may give, as the line breaker weighed them.
    const justified = align === 'justify' && !isLast;
    const hanging = justified ? line.left + line.right : line.left;
    const need = lineWidth + hanging - boxes - spaces;
    const e = align === 'justify' ? this.theme.typography.expansion : 0;
    let scale = 1;
    let glueShare = 0;
    if (need > 0 && justified) {
      const r = stretch + e * boxes > 0 ? need / (stretch + e * boxes) : 0;
      scale = 1 + Math.min(r, 1) * e;
      glueShare = stretch > 0 ? (need - (scale - 1) * boxes) / stretch : 0;
    } else if (need < 0) {
      // Too full (any line, the last too): shrink glyphs and spaces, never past their limits.
      const r = shrink + e * boxes > 0 ? need / (shrink + e * boxes) : 0;
      scale = 1 + Math.max(r, -1) * e;
      glueShare = shrink > 0 ? Math.max(-1, (need - (scale - 1) * boxes) / shrink) : 0;
    }
    const gapAt = (it: Item<Fragment>) => (it.type === 'glue' ? it.width + glueShare * (glueShare >= 0 ? it.stretch : it.shrink) : 0);
    // A safeguard the breaker's tolerance already keeps: never open a gap past the limit.
    if (glueShare > 0 && items.slice(line.start, line.end).some((it) => real(it) && gapAt(it) > maxGap + 0.01)) {
      glueShare = 0;
      scale = 1;
    }

    const runs: TextRun[] = [];
    /** The broken-word part each run draws, if any: runs of different parts never merge. */
    const runParts: (string | undefined)[] = [];
    let x = -line.left;
    let gap = 0;
    let pendingSpace = false;
    let drawn: { it: Item<Fragment>; index: number }[] = [];
    for (let i = line.start; i < line.end; i++) drawn.push({ it: items[i], index: i });
    // A line broken at a hyphenation point ends with the hyphen the penalty stands for.
    if (breakItem?.type === 'penalty' && breakItem.width > 0) drawn.push({ it: { type: 'box', width: breakItem.width, data: breakItem.data }, index: line.end });
    // Right-to-left text: break first, then put each line in visual order (UAX #9 L2). A word is
    // one box, which the font's shaping draws right to left; spaces between words take the level
    // of their place, so a Persian name inside an English sentence reads right to left as a whole.
    const levelOf = (index: number) => (index < items.length ? items[index].data.level ?? 0 : 0);
    if (drawn.some((d) => d.it.data.level)) {
      const visible = drawn.filter((d) => d.it.type !== 'penalty');
      drawn = visualOrder(visible, visible.map((d) => d.it.data.level ?? 0));
    }
    // Right-to-left runs carry no ActualText: their glyphs stand in visual order, each mapped to its
    // character, which is what text extraction (poppler's pdftotext) reorders into logical order;
    // an ActualText in logical order is spread over the run left to right and comes out reversed.
    const runLevels: number[] = [];
    for (const { it, index } of drawn) {
      if (it.type === 'penalty') continue;
      if (it.type === 'glue') {
        if (it.stretch >= INFINITY) continue; // the finishing glue
        if (it.width === 0) {
          // Between ideographs: no space character, only what justification adds.
          x += gapAt(it);
          continue;
        }
        const w = gapAt(it);
        gap = Math.max(gap, w);
        x += w;
        pendingSpace = true;
        continue;
      }
      const f = it.data;
      // Glyphs already at the smallest size (a citation marker) are not narrowed below it: a
      // reader's software takes the narrowed width for the size, and 7 pt is the print rule.
      const own = scale < 1 && f.size * scale < MIN_TEXT_SIZE ? Math.min(1, MIN_TEXT_SIZE / f.size) : scale;
      const w = it.width * own;
      const run = runs[runs.length - 1];
      const part = parts.get(index);
      const level = levelOf(index);
      const same = run && (run.scale ?? 1) === own && run.face === f.face && run.size === f.size && run.color === f.color && run.y === -f.rise && sameLink(run.link, f.link) && run.lang === f.lang && runParts[runs.length - 1] === part?.key && runLevels[runs.length - 1] === level;
      // At a right-to-left level, brackets mirror; a box of neutrals alone (").") is reversed here,
      // since the font's shaping reverses only text in a right-to-left script.
      const mirrored = level % 2 ? [...f.text].map((c) => bidi.getMirroredCharacter(c) ?? c) : undefined;
      const text = !mirrored ? f.text : RTL.test(f.text) ? mirrored.join('') : mirrored.reverse().join('');
      if (same && !pendingSpace && Math.abs(run.x + run.width - x) < 1e-6) {
        // Syllables of one word, or adjacent text in one style.
        run.text += text;
        run.width += w;
        x += w;
        continue;
      }
      if (same && pendingSpace) {
        // PDFKit draws a run's spaces at the font's space width plus one wordSpacing for the run:
        // join only while this gap is that same width.
        const extra = x - (run.x + run.width) - this.spaceOf(run) * (run.scale ?? 1);
        if (!run.text.includes(' ') || Math.abs(extra - run.wordSpacing) < 1e-6) {
          run.text += ' ' + text;
          run.wordSpacing = extra;
          run.width = x - run.x + w;
          x += w;
          pendingSpace = false;
          continue;
        }
      }
      // The first run of a broken word reads as the whole word; the rest of it reads as nothing.
      const actualText = part && !runParts.includes(part.key) ? { actualText: part.actualText } : part ? { actualText: '' } : {};
      runs.push({ kind: 'text', x, y: -f.rise, text, face: f.face, size: f.size, color: f.color, wordSpacing: 0, width: w, ...(own !== 1 ? { scale: own } : {}), ...(f.link ? { link: f.link } : {}), ...(f.lang ? { lang: f.lang } : {}), ...actualText });
      runParts.push(part?.key);
      runLevels.push(level);
      x += w;
      pendingSpace = false;
    }
    // The width the line takes within its measure: what hangs out on the right is not counted.
    const width = justified ? lineWidth : x;
    const shift = align === 'right' ? lineWidth - width : align === 'center' ? (lineWidth - width) / 2 : 0;
    if (shift) runs.forEach((r) => (r.x += shift));
    return { runs, width, maxGap: gap, scale, justified };
  }

  private spaceOf(run: TextRun): number {
    return this.fonts.measure(run.face, run.size, ' ');
  }

  /** Natural width of spans on one line: for table column widths. */
  naturalWidth(spans: Span[], style: TextStyle): number {
    return this.fragments(spans, style).reduce((w, f) => w + this.fonts.measure(f.face, f.size, f.text), 0);
  }

  /** Widest unbreakable piece: a column must be at least this wide. */
  minWidth(spans: Span[], style: TextStyle, hyphenate: boolean): number {
    let max = 0;
    for (const it of this.items(this.fragments(spans, style), hyphenate, false)) if (it.type === 'box') max = Math.max(max, it.width);
    return max;
  }
}

/**
 * Words broken across lines, by item index: what each line's part of the word reads as. Copy, search
 * and speech get "peacekeeping" from "peace-" + "keeping" (the first part carries the whole word,
 * the rest nothing), and "cease-fire" whole from a break after its hyphen.
 */
function brokenWords(items: Item<Fragment>[], lines: Line[]): Map<number, WordPart> {
  const parts = new Map<number, WordPart>();
  const inWord = (i: number) => items[i] && (items[i].type === 'box' || (items[i].type === 'penalty' && items[i].penalty < INFINITY && items[i].penalty > -INFINITY));
  const done = new Set<number>();
  lines.forEach((line, li) => {
    const brk = items[line.end];
    if (li === lines.length - 1 || brk?.type !== 'penalty' || items[line.end - 1]?.type !== 'box' || items[line.end + 1]?.type !== 'box') return;
    let start = line.end - 1;
    while (start > 0 && inWord(start - 1)) start--;
    let end = line.end + 1;
    while (inWord(end + 1)) end++;
    if (done.has(start)) return;
    done.add(start);
    let whole = '';
    for (let i = start; i <= end; i++) if (items[i].type === 'box') whole += items[i].data.text;
    let first = true;
    lines.forEach((l, lj) => {
      const from = Math.max(start, l.start);
      const to = Math.min(end, l.end);
      if (from > to) return;
      const part = { key: `${start}/${lj}`, actualText: first ? whole : '' };
      for (let i = from; i <= to; i++) parts.set(i, part);
      first = false;
    });
  });
  return parts;
}

function sameLink(a?: { dest?: string; url?: string }, b?: { dest?: string; url?: string }): boolean {
  return a?.dest === b?.dest && a?.url === b?.url;
}
