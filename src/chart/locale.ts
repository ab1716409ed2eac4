// How a chart's axes print numbers and dates in the brief's language (d3-format and d3-time-format
// locales, which Vega takes as the View's `locale`). English is Vega's own default: none is set.
import { wording } from '../wording.js';

interface TimeLocale {
  dateTime: string;
  date: string;
  time: string;
  periods: [string, string];
  days: string[];
  shortDays: string[];
  shortMonths: string[];
}

/** What d3 needs beyond the wording's month names: the forms axis ticks use. */
const TIME: Record<string, TimeLocale> = {
  fr: {
    dateTime: '%A %e %B %Y à %X',
    date: '%d/%m/%Y',
    time: '%H:%M:%S',
    periods: ['AM', 'PM'],
    days: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
    shortDays: ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'],
    shortMonths: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
  },
};

/** The View's `locale` for a language, or undefined for English (Vega's default, and its bytes). */
export function chartLocale(language: string | undefined): { number: object; time: object } | undefined {
  const words = wording(language ?? 'en');
  const time = TIME[words.language];
  if (!time) return undefined;
  return {
    number: { decimal: words.digits.decimal, thousands: words.digits.group, grouping: [3], currency: ['', '\u00a0€'] },
    time: { ...time, months: [...words.months] },
  };
}
