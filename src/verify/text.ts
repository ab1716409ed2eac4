// Reading source text: normalising for comparison, splitting sentences, finding the numbers and dates a sentence states.
import { looksAhead, yearOf } from '../calendar.js';

/** Same text for comparison: curly quotes straight, dashes plain, spaces single, case folded. */
export function normalise(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201a\u201b\u2032`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\s\u00a0\u00ad]+/g, ' ')
    .trim()
    .toLowerCase();
}

// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS = /\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Gov|Sen|Rep|St|vs|etc|No|U\.S|U\.K|U\.N|e\.g|i\.e)\.$/;

/** Sentences of a text with their offsets; a line break between lines without end punctuation ends one too. */
export function sentences(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const t = raw.trim();
    if (t) out.push({ text: t.replace(/\s+/g, ' '), start: start + raw.indexOf(t) });
    start = end;
  };
  const re = /([.!?]["'\u201d\u2019)]*)(\s+)(?=["'\u201c\u2018(]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[1] && ABBREVIATIONS.test(text.slice(Math.max(0, m.index - 6), m.index + 1))) continue;
    push(m.index + (m[1] ? m[1].length : m[0].length));
  }
  push(text.length);
  return out;
}

const WORDS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  dozen: 12,
};
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };

export interface NumberMention {
  value: number;
  text: string;
  index: number;
}

/** Numbers a sentence states, as digits ("2,000", "1.5 million") or words ("one day"). */
export function numbersIn(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  const digits = /(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s+(thousand|million|billion))?(?![\w])/gi;
  let m: RegExpExecArray | null;
  while ((m = digits.exec(text))) {
    let v = Number(m[1].replace(/,/g, '') + (m[2] ? '.' + m[2] : ''));
    if (m[3]) v *= SCALES[m[3].toLowerCase()];
    out.push({ value: v, text: m[0], index: m.index });
  }
  const words = new RegExp(`\\b(${Object.keys(WORDS).join('|')})\\b`, 'gi');
  while ((m = words.exec(text))) out.push({ value: WORDS[m[1].toLowerCase()], text: m[0], index: m.index });
  // "two decades" states 20 years as well as two decades; "a century", 100 years.
  for (const n of [...out]) {
    const span = /^\s+(decades?|centur(?:y|ies))\b/i.exec(text.slice(n.index + n.text.length));
    if (span) out.push({ value: n.value * (/^decade/i.test(span[1]) ? 10 : 100), text: n.text + span[0], index: n.index });
  }
  for (const a of text.matchAll(/\b(?:a|one) (decade|century)\b/gi)) out.push({ value: /decade/i.test(a[1]) ? 10 : 100, text: a[0], index: a.index! });
  return out;
}

/** Numbers a fact's value states: the number itself, or the digits inside a text value ("late 2022"). */
export function numbersOfValue(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (typeof value !== 'string' || isIsoDate(value)) return [];
  return numbersIn(value)
    .filter((n) => /\d/.test(n.text))
    .map((n) => n.value);
}

export function isIsoDate(s: unknown): s is string {
  return typeof s === 'string' && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(s);
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

function monthOf(name: string): number {
  return MONTHS.findIndex((m) => m.startsWith(name.toLowerCase().replace('.', '').slice(0, 3))) + 1;
}

/** Dates a sentence states, each as precise as it is written: YYYY, YYYY-MM, YYYY-MM-DD, or "late 2022". */
export interface DateMention {
  iso: string;
  /** A season of a year: "late 2022" covers September to December. */
  range?: [string, string];
  text: string;
  index: number;
}

export function datesIn(text: string): DateMention[] {
  const out: DateMention[] = [];
  const t = text;
  let m: RegExpExecArray | null;
  const pad = (n: number) => String(n).padStart(2, '0');
  // "April 17, 2024", "Nov. 17, 2020"
  const mdy = new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2}),\\s*(\\d{4})\\b`, 'gi');
  while ((m = mdy.exec(t))) out.push({ iso: `${m[3]}-${pad(monthOf(m[1]))}-${pad(Number(m[2]))}`, text: m[0], index: m.index });
  // "17 April 2024"
  const dmy = new RegExp(`\\b(\\d{1,2})\\s+${MONTH_RE}\\s+(\\d{4})\\b`, 'gi');
  while ((m = dmy.exec(t))) out.push({ iso: `${m[3]}-${pad(monthOf(m[2]))}-${pad(Number(m[1]))}`, text: m[0], index: m.index });
  // "September 2023"
  const my = new RegExp(`\\b${MONTH_RE}\\s+(\\d{4})\\b`, 'gi');
  while ((m = my.exec(t))) out.push({ iso: `${m[2]}-${pad(monthOf(m[1]))}`, text: m[0], index: m.index });
  // ISO dates
  const iso = /\b(\d{4})-(\d{2})(?:-(\d{2}))?\b/g;
  while ((m = iso.exec(t))) out.push({ iso: m[0], text: m[0], index: m.index });
  // "late 2022", "early 2023", "mid-2021", or a bare year
  const season = /\b(?:(early|mid|late|end of|start of|beginning of)[\s-]+)?((?:19|20)\d{2})\b/gi;
  const seasons: Record<string, [string, string]> = { early: ['01', '04'], 'start of': ['01', '03'], 'beginning of': ['01', '03'], mid: ['05', '08'], late: ['09', '12'], 'end of': ['10', '12'] };
  while ((m = season.exec(t))) {
    const s = m[1]?.toLowerCase();
    out.push({ iso: m[2], text: m[0], index: m.index, ...(s ? { range: [`${m[2]}-${seasons[s][0]}`, `${m[2]}-${seasons[s][1]}`] as [string, string] } : {}) });
  }
  return out;
}

/**
 * Whether a date agrees with a sentence: the sentence states it (at the date's precision, or a
 * season that contains it), or the date is the source's own date at that precision.
 */
export function dateAgrees(iso: string, quote: string, sourceDate: string): boolean {
  if (sourceDate.startsWith(iso)) return true;
  // "last year", "this year", "last month": against the story's own date.
  if (/^\d{4}-\d{2}-\d{2}$/.test(sourceDate)) {
    const year = Number(sourceDate.slice(0, 4));
    const month = Number(sourceDate.slice(5, 7));
    if (iso === String(year - 1) && /\blast year\b/i.test(quote)) return true;
    if (iso === String(year) && /\bthis year\b/i.test(quote)) return true;
    const previous = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
    if (iso === previous && /\blast month\b/i.test(quote)) return true;
  }
  if (iso.length === 10 && /^\d{4}-\d{2}-\d{2}$/.test(sourceDate)) {
    const day = Date.parse(`${iso}T00:00:00Z`);
    const published = Date.parse(`${sourceDate}T00:00:00Z`);
    const ago = (published - day) / 86400000;
    // A weekday the story names ("on Saturday") is that day of the week the story was filed.
    const weekday = WEEKDAY_NAMES[new Date(day).getUTCDay()];
    if (ago >= 0 && ago < 7 && new RegExp(`\\b${weekday}\\b`, 'i').test(quote)) return true;
    if (ago === 1 && /\byesterday\b/i.test(quote)) return true;
    if (ago === 0 && /\btoday\b/i.test(quote)) return true;
  }
  // "voted in December", "planned for mid-November", "by April 30": read against the story's
  // date as a draft reads them (calendar.ts), so only one year agrees.
  if (yearless(quote, sourceDate).some((r) => r.iso === iso)) return true;
  for (const d of datesIn(quote)) {
    if (d.iso === iso || d.iso.startsWith(iso + '-')) return true;
    if (d.range && iso.length >= 7 && iso.slice(0, 7) >= d.range[0] && iso.slice(0, 7) <= d.range[1]) return true;
  }
  return false;
}

/**
 * Months ("in December") and days ("by April 30") a sentence names without a year, each with the
 * date it reads as against the story's date (capitalised: "may" is a verb).
 */
export function yearless(quote: string, sourceDate: string): { text: string; iso: string }[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(sourceDate)) return [];
  const pad = (n: number) => String(n).padStart(2, '0');
  const out: { text: string; iso: string }[] = [];
  const md = new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})\\b(?!,?\\s*\\d{4})`, 'gi');
  for (const x of quote.matchAll(md)) {
    const mo = monthOf(x[1]);
    const d = Number(x[2]);
    if (d >= 1 && d <= 31) out.push({ text: x[0], iso: `${yearOf(mo, d, sourceDate, looksAhead(quote, x.index))}-${pad(mo)}-${pad(d)}` });
  }
  const monthOnly = new RegExp(`\\b${MONTH_RE}(?!\\s*\\d)`, 'gi');
  for (const x of quote.matchAll(monthOnly)) {
    if (!/^[A-Z]/.test(x[0])) continue;
    const mo = monthOf(x[1]);
    // MONTH_RE takes an abbreviation's period, which ends the sentence after a full name.
    out.push({ text: /^[a-z]{4,}\.$/i.test(x[0]) ? x[0].slice(0, -1) : x[0], iso: `${yearOf(mo, undefined, sourceDate, looksAhead(quote, x.index))}-${pad(mo)}` });
  }
  return out;
}

/** Words of a text, for similarity. */
function words(s: string): Set<string> {
  return new Set(
    normalise(s)
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1),
  );
}

/** The sentence of `text` most like `quote` (Dice coefficient over words). */
export function nearestSentence(text: string, quote: string): { text: string; score: number } | undefined {
  const q = words(quote);
  let best: { text: string; score: number } | undefined;
  for (const s of sentences(text)) {
    const w = words(s.text);
    let common = 0;
    for (const x of w) if (q.has(x)) common++;
    const score = (2 * common) / (w.size + q.size || 1);
    if (!best || score > best.score) best = { text: s.text, score };
  }
  return best;
}
