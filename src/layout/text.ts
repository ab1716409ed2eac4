// Setting a paragraph: spans -> shaped, hyphenated items -> optimal lines -> positioned text runs.
import { BriefError } from '../errors.js';
import { msg } from '../messages.js';
import type { FontService } from '../fonts/fonts.js';
import { destination, type Span } from '../parse/document.js';
import { languageRuns } from './language.js';
import { markOrder } from './marks.js';
import { breakLines, INFINITY, type Item, type Line } from './linebreak.js';
import { bidiLevels, paragraphDirection } from './direction.js';
import { cjkBreaks, hyphenatorFor, syllables, type Hyphenator } from './breaks.js';
import type { TextStyle, Theme } from './theme.js';
import type { FactRange, Fragment, SetLine, SetOptions } from './fragment.js';
import { placeLines, type Placing } from './place.js';

export type { Fragment, SetLine, SetOptions } from './fragment.js';

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

export class Typesetter {
  private readonly hyphenator: Hyphenator | undefined;
  private readonly placing: Placing;

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
    this.placing = { fonts, theme };
  }

  fragments(spans: Span[], style: TextStyle): Fragment[] {
    // Marks in the order HarfBuzz shapes them (see marks.ts), before anything measures the text.
    spans = spans.map((s) => ({ ...s, text: markOrder(s.text) }));
    const facts = factRanges(spans);
    if (facts) spans = withoutFacts(spans);
    const frags = spans.map((s): Fragment => {
      const nobreak = { ...(s.nobreak ? { nobreak: true } : {}), ...(s.lang ? { lang: s.lang } : {}), ...(facts ? { facts } : {}) };
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
        const context = spans
          .map((s) => s.text)
          .join('')
          .trim();
        throw new BriefError({
          stage: 'layout',
          place: { file: this.file },
          id: 'glyphMissing',
          reason: msg.glyphMissing(missing[0], context.length > 80 ? context.slice(0, 77) + '...' : context),
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
    const at = (frag: Fragment, offset: number): Fragment => (levels ? { ...frag, level: levels[offset], offset } : frag.facts ? { ...frag, offset } : frag);
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
    for (let i = 0; i < items.length;) {
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
    // Where each part starts in the paragraph's text (when the paragraph prints facts).
    let offset = frag.offset;
    const advance = (part: string) => offset !== undefined && (offset += part.length);
    pieces.forEach((piece, pi) => {
      const parts = hyphenate && frag.rise === 0 && !frag.nobreak ? syllables(piece, this.hyphenator, sentenceStart && pi === 0, this.common) : [piece];
      // Widths of prefixes, so the parts add up to the shaped width of the whole piece (kerning kept).
      let prefix = '';
      let prev = 0;
      parts.forEach((part, i) => {
        prefix += part;
        const w = m.measure(frag.face, frag.size, prefix);
        const data = offset === undefined ? frag : { ...frag, offset };
        if (w - prev > maxWidth) {
          // Wider than any line (a 5,000-character token, a name longer than a table cell): break it
          // between characters, without a hyphen, rather than print past the margin.
          this.emergencyItems(part, data, maxWidth, items);
        } else {
          items.push({ type: 'box', width: w - prev, data: { ...data, text: part } });
        }
        prev = w;
        advance(part);
        // The hyphen drawn at a break belongs with the letter before it.
        if (i < parts.length - 1)
          items.push({ type: 'penalty', width: hyphenWidth, penalty: cost.hyphen, flagged: true, data: { ...frag, text: HYPHEN, ...(offset === undefined ? {} : { offset: offset - 1 }) } });
      });
      if (pi < pieces.length - 1) items.push({ type: 'penalty', width: 0, penalty: cost.compound, flagged: true, data: { ...frag, text: '' } });
    });
  }

  /** A part too wide for any line, as chunks that each fit, with a break allowed between them. */
  private emergencyItems(part: string, frag: Fragment, maxWidth: number, items: Item<Fragment>[]) {
    let chunk = '';
    let width = 0;
    let done = 0;
    const flush = () => {
      if (!chunk) return;
      if (items.length && items[items.length - 1].type === 'box')
        items.push({ type: 'penalty', width: 0, penalty: this.theme.typography.breaking.cluster, flagged: false, data: { ...frag, text: '' } });
      items.push({ type: 'box', width, data: { ...frag, text: chunk, ...(frag.offset === undefined ? {} : { offset: frag.offset + done }) } });
      done += chunk.length;
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
      if (lines) return placeLines(this.placing, items, lines, widths, () => 'justify', maxGap, direction);
      // Beside a side box: the narrow lines ragged, the full measure below them still justified.
      const beside = widths.length - 1;
      if (beside > 0) {
        const mixed = breakLines(items, { ...costs, widths, tolerance: justified, expansion: t.expansion, hang, rightStretch: [...Array(beside).fill(rightStretch), 0] });
        if (mixed) return placeLines(this.placing, items, mixed, widths, (i) => (i < beside ? 'left' : 'justify'), maxGap, direction);
      }
    }
    const align = opts.align === 'justify' ? 'left' : opts.align;
    const items = this.items(frags, opts.hyphenate, false, narrowest, maxGap);
    // Ragged right: a line may fall short by about two ems at little cost (TeX's \raggedright);
    // shorter still costs enough that a hyphen is preferred. Only its left edge may hang.
    const hang = protrude && align === 'left' ? this.hangs(items, false) : undefined;
    const lines =
      breakLines(items, { ...costs, widths, tolerance: ragged, rightStretch, hang }) ?? breakLines(items, { ...costs, widths, tolerance: loose, rightStretch, hang }) ?? this.greedy(items, widths);
    return placeLines(this.placing, items, lines, widths, () => align, maxGap, direction);
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

/** The stretches of the paragraph's text each fact prints, by offset; none when it prints none. */
function factRanges(spans: Span[]): FactRange[] | undefined {
  let at = 0;
  const out: FactRange[] = [];
  for (const s of spans) {
    if (s.fact) {
      const last = out[out.length - 1];
      if (last && last.id === s.fact && last.to === at) last.to += s.text.length;
      else out.push({ id: s.fact, from: at, to: at + s.text.length });
    }
    at += s.text.length;
  }
  return out.length ? out : undefined;
}

/** Spans joined where only the fact they print parted them: a fact never splits a word. */
function withoutFacts(spans: Span[]): Span[] {
  const out: Span[] = [];
  let lastHadFact = false;
  for (const s of spans) {
    const { fact, ...plain } = s;
    const last = out[out.length - 1];
    if (last && (fact || lastHadFact) && sameExceptText(last, plain)) last.text += plain.text;
    else out.push(plain);
    lastHadFact = !!fact;
  }
  return out;
}

function sameExceptText(a: Span, b: Span): boolean {
  const { text: _a, style: sa, ...ra } = a;
  const { text: _b, style: sb, ...rb } = b;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]) as Set<keyof typeof ra>;
  return [...keys].every((k) => ra[k] === rb[k]) && !!sa.bold === !!sb.bold && !!sa.italic === !!sb.italic && !!sa.code === !!sb.code;
}
