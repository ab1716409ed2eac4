// How values read in prose: numbers with thousands separators, dates as "17 April 2024", facts with unit and hedge.
import type { Fact } from '../brief.js';
import { wording } from '../wording.js';

// A fixed locale, not the machine's: cron on another host must print the same brief. Made on
// first use: an Intl object made while the startup snapshot is built cannot be saved in it, and
// making one costs ~20 ms of a cold build, so ordinary numbers never need it (see formatNumber).
let numbers: Intl.NumberFormat | undefined;

/** Drops the formatter, for the startup snapshot to be saved; the next number makes another. */
export function forgetFormatter(): void {
  numbers = undefined;
}

/**
 * At most two decimals, grouped as the language groups digits: "2,000", "1,234.5", "-0.13" in
 * English, "2 000", "1 234,5" in French (a narrow no-break space). The digits are en-US's, with
 * its separators swapped for the language's: Intl rounds the number as its
 * shortest decimal reads (1.005 gives "1.01", though the double is a hair below), half away from
 * zero; so does this, on that decimal string. Numbers of 10^15 and more, NaN and infinities go to
 * Intl itself. Tests compare the two on two million values.
 */
export function formatNumber(n: number, language = 'en'): string {
  const { group, decimal } = wording(language).digits;
  const english = englishNumber(n);
  return group === ',' && decimal === '.' ? english : english.replace(/[,.]/g, (c) => (c === ',' ? group : decimal));
}

function englishNumber(n: number): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e15) return (numbers ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })).format(n);
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  const shortest = String(Math.abs(n));
  // Exponent form below 10^-6 only: such a number rounds to 0.
  let [whole, fraction = ''] = shortest.includes('e') ? ['0', ''] : shortest.split('.');
  if (fraction.length > 2) {
    const up = fraction[2] >= '5';
    fraction = fraction.slice(0, 2);
    if (up) {
      const hundredths = (BigInt(whole + fraction) + 1n).toString().padStart(3, '0');
      [whole, fraction] = [hundredths.slice(0, -2), hundredths.slice(-2)];
    }
  }
  while (fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  // Grouped by hand: the regular expression that would do it cost ~10 ms on first use in a
  // process started from the startup snapshot (regexp code is not saved in it).
  let grouped = '';
  for (let i = 0; i < whole.length; i++) grouped += (i && (whole.length - i) % 3 === 0 ? ',' : '') + whole[i];
  return `${sign}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** "2024", "September 2023" or "17 April 2024" ("1er avril 2024"), as precise as the date given. */
export function formatDate(iso: string, language = 'en'): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  if (!mo) return y;
  const words = wording(language);
  const month = words.months[Number(mo) - 1] ?? mo;
  return d ? `${words.day(Number(d))} ${month} ${y}` : `${month} ${y}`;
}

/** A fact as prose: its display text, or qualifier + value + unit ("about 2,000 peacekeeping troops"). */
export function formatFact(fact: Fact, opts: { unit?: boolean; language?: string } = {}): string {
  if (fact.display) return fact.display;
  // A date written as the schema asks (2023-10-31, 2023-11) reads as a date: "31 October 2023".
  if (typeof fact.value === 'string' && /^\d{4}-\d{2}(-\d{2})?$/.test(fact.value)) return [fact.qualifier, formatDate(fact.value, opts.language)].filter(Boolean).join(' ');
  // A bare four-digit number is a year far more often than a count ("the 2020 war"): group digits
  // only for quantities, i.e. numbers with a unit or of five digits and more.
  const value = typeof fact.value !== 'number' ? fact.value : fact.unit || Math.abs(fact.value) >= 10000 ? formatNumber(fact.value, opts.language) : String(fact.value);
  const parts = [fact.qualifier, value, opts.unit === false ? undefined : fact.unit].filter((p): p is string => !!p);
  return parts.join(' ');
}

export function capitalize(s: string, language = 'en'): string {
  return s.charAt(0).toLocaleUpperCase(language) + s.slice(1);
}

/**
 * Quotation marks by language, and whether a comma or period that follows a quoted title goes
 * inside the marks (US English, the AP's convention) or after them (British English and the
 * rest). One rule for every quoted title a brief prints: title block, sources, annex.
 */
const QUOTES: Record<string, { open: string; close: string; inside: boolean }> = {
  en: { open: '\u201c', close: '\u201d', inside: true },
  'en-US': { open: '\u201c', close: '\u201d', inside: true },
  'en-GB': { open: '\u2018', close: '\u2019', inside: false },
  de: { open: '\u201e', close: '\u201c', inside: false },
  fr: { open: '\u00ab\u00a0', close: '\u00a0\u00bb', inside: false },
  es: { open: '\u00ab', close: '\u00bb', inside: false },
  it: { open: '\u00ab', close: '\u00bb', inside: false },
  pt: { open: '\u00ab', close: '\u00bb', inside: false },
  ru: { open: '\u00ab', close: '\u00bb', inside: false },
  uk: { open: '\u00ab', close: '\u00bb', inside: false },
  hy: { open: '\u00ab', close: '\u00bb', inside: false },
  ka: { open: '\u201e', close: '\u201c', inside: false },
  ar: { open: '\u00ab', close: '\u00bb', inside: false },
  fa: { open: '\u00ab', close: '\u00bb', inside: false },
  ja: { open: '\u300c', close: '\u300d', inside: false },
};

/** `text` in the language's quotation marks, with `after` (",", ".") where the language puts it. */
export function quoted(text: string, language: string, after = ''): string {
  const q = QUOTES[language] ?? QUOTES[language.split('-')[0]] ?? { open: '\u201c', close: '\u201d', inside: false };
  return q.inside ? `${q.open}${text}${after}${q.close}` : `${q.open}${text}${q.close}${after}`;
}
