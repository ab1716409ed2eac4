// The language of a stretch of text whose script says it is not the brief's: names in Armenian, Russian, Azerbaijani.

/**
 * Scripts that name their language well enough for speech: a screen reader that meets Armenian
 * letters in an English brief needs `hy` to pronounce them at all. Cyrillic is read as Russian,
 * the language of every Cyrillic name a South Caucasus desk writes; an analyst who means another
 * marks it (`:name[Київ]{lang=uk}`).
 */
const SCRIPTS: { lang: string; letters: string }[] = [
  { lang: 'hy', letters: '\u0531-\u0587\uFB13-\uFB17' },
  { lang: 'ka', letters: '\u10A0-\u10FF\u1C90-\u1CBF' },
  { lang: 'ru', letters: '\u0400-\u04FF' },
  { lang: 'el', letters: '\u0370-\u03FF' },
  { lang: 'he', letters: '\u0590-\u05FF\uFB1D-\uFB4F' },
  { lang: 'ar', letters: '\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF' },
  { lang: 'ko', letters: '\uAC00-\uD7AF\u1100-\u11FF\u3130-\u318F' },
  // Han, kana and CJK punctuation: Japanese when kana is among them, else Chinese (see below).
  { lang: 'zh', letters: '\u3000-\u303F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFF60' },
];

/** What the script alone cannot say: Persian letters make Arabic script Persian; kana makes Han Japanese. */
function refine(lang: string, text: string): string {
  if (lang === 'ar' && /[\u067E\u0686\u0698\u06AF\u06A9\u06CC]/.test(text)) return 'fa';
  if (lang === 'zh' && /[\u3040-\u30FF]/.test(text)) return 'ja';
  return lang;
}

// A name may be several words: letters of one script joined by spaces, hyphens and apostrophes.
const word = (letters: string) => `[${letters}]+(?:[\\s\\-'’]+[${letters}]+)*`;
// Latin words with schwa (ə) are Azerbaijani: no other national orthography uses the letter.
const AZERBAIJANI = '\\p{L}*[əƏ]\\p{L}*(?:\\s+\\p{L}*[əƏ]\\p{L}*)*';
const PATTERN = new RegExp([...SCRIPTS.map((s) => `(${word(s.letters)})`), `(${AZERBAIJANI})`].join('|'), 'gu');
const LANGS = [...SCRIPTS.map((s) => s.lang), 'az'];
/** A letter that can start a stretch PATTERN finds: most paragraphs of an English brief have none. */
const ANY = new RegExp(`[${SCRIPTS.map((s) => s.letters).join('')}əƏ]`, 'u');

/**
 * `text` cut where its script names another language than `base`; stretches in the brief's own
 * language carry no tag. Neutral characters (spaces, digits, punctuation) stay with the brief.
 */
export function languageRuns(text: string, base: string): { text: string; lang?: string }[] {
  // PATTERN tries a schwa word at every letter (\p{L}* backtracks): a text without one of its
  // letters is one run, found without it.
  if (!ANY.test(text)) return [{ text }];
  const primary = base.toLowerCase().split('-')[0];
  const out: { text: string; lang?: string }[] = [];
  let last = 0;
  for (const m of text.matchAll(PATTERN)) {
    const group = m.slice(1).findIndex((g) => g !== undefined);
    const lang = refine(LANGS[group], m[0]);
    if (lang === primary) continue;
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ text: m[0], lang });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out.length ? out : [{ text }];
}
