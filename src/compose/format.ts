// How values read in prose: numbers with thousands separators, dates as "17 April 2024", facts with unit and hedge.
import type { Fact } from '../brief.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// A fixed locale, not the machine's: cron on another host must print the same brief.
const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatNumber(n: number): string {
  return numbers.format(n);
}

/** "2024", "September 2023" or "17 April 2024", as precise as the date given. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  if (!mo) return y;
  const month = MONTHS[Number(mo) - 1] ?? mo;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

/** A fact as prose: its display text, or qualifier + value + unit ("about 2,000 peacekeeping troops"). */
export function formatFact(fact: Fact, opts: { unit?: boolean } = {}): string {
  if (fact.display) return fact.display;
  // A bare four-digit number is a year far more often than a count ("the 2020 war"): group digits
  // only for quantities, i.e. numbers with a unit or of five digits and more.
  const value =
    typeof fact.value !== 'number' ? fact.value : fact.unit || Math.abs(fact.value) >= 10000 ? formatNumber(fact.value) : String(fact.value);
  const parts = [fact.qualifier, value, opts.unit === false ? undefined : fact.unit].filter((p): p is string => !!p);
  return parts.join(' ');
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
