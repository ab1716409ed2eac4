// The break-opportunity phase of setting a paragraph: where a line may end inside a word
// (hyphenation by Liang patterns, the hyphen package) or inside text without spaces (UAX #14).
import { createRequire } from 'node:module';
import englishPatterns from 'hyphen/en-us/index.js';
import LineBreaker from 'linebreak';
import { perProcess } from '../cache/memory.js';

/** Scripts written without spaces between words, and their punctuation: Han, kana, Hangul, fullwidth forms. */
export const CJK = /[\u1100-\u11FF\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/u;

/**
 * Where a line may break inside text without spaces, by UAX #14 (the linebreak package): between
 * ideographs and kana, never before 。、」） nor after 「（ (kinsoku). Offsets into `text`; only
 * those next to a CJK character, since spaces, hyphens and syllables are the breaker's own.
 */
export function cjkBreaks(text: string): Set<number> {
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

// Made on first use: the startup snapshot's warm-up (English) must not touch the module loader.
let requireCjs: NodeJS.Require | undefined;
// Words we never hyphenate: anything with a digit (a number, a date), URL-like text, acronyms and
// words with inner capitals. Patterns are made for common words; names split badly ("Russ-ian").
const NEVER = /[\d/@:.]|.\p{Lu}/u;
const CAPITALISED = /^\p{Lu}/u;

export type Hyphenator = (word: string) => string;

/**
 * Words hyphenated in this process, by patterns: the same words come back in every brief of a
 * desk, and the patterns' trie walk allocated ~0.5 MB a brief. Not kept in the startup snapshot
 * (the warm-up's words are the Karabakh brief's).
 */
const hyphenated = perProcess(new Map<string, Map<string, string>>());

/** Every word of the brief written in lower case: a capitalised word found here is a common word, not a name. */
export function vocabulary(text: string): Set<string> {
  return new Set(text.match(/(?<![\p{L}\p{M}])\p{Ll}[\p{Ll}\p{M}]*/gu) ?? []);
}

/**
 * Liang patterns for the brief's language (hyphen ships TeX's patterns for about 80 languages);
 * none for a language it lacks: such text is set without hyphens rather than with wrong ones.
 */
export function hyphenatorFor(language: string): Hyphenator | undefined {
  const tag = language.toLowerCase();
  const candidates = tag === 'en' || tag === 'en-us' ? ['en-us'] : [tag, tag.split('-')[0]];
  for (const c of candidates) {
    if (!/^[a-z]{2,3}(-[a-z]{2})?$/.test(c)) continue;
    try {
      const h = c === 'en-us' ? englishPatterns : ((requireCjs ??= createRequire(import.meta.url))(`hyphen/${c}`) as { hyphenateSync: (t: string, o: object) => string });
      let known = hyphenated.get(c);
      if (!known) hyphenated.set(c, (known = new Map()));
      const memo = known;
      return (word) => {
        let marked = memo.get(word);
        if (marked === undefined) memo.set(word, (marked = h.hyphenateSync(word, { hyphenChar: '\u00ad', html: false, minWordLength: 6 })));
        return marked;
      };
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
export function syllables(token: string, hyphenate: Hyphenator | undefined, sentenceStart: boolean, common: Set<string>): string[] {
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
