// verify: Brief -> provenance report: every quote is in its source, every number and date agrees with its quote.
import type { Brief, Fact, Source } from '../brief.js';
import { BriefError, type Place } from '../errors.js';
import { msg, type MessageId } from '../messages.js';
import { dateAgrees, isIsoDate, nearestSentence, normalise, numbersIn, numbersOfValue, yearless } from './text.js';

export interface Provenance {
  /** Everything that failed, each with the place of the fact, row or event. */
  problems: BriefError[];
  /** What failed, so --allow-unverified can mark it on the page. */
  unverified: { facts: Set<string>; rows: Set<string>; events: Set<number> };
  checked: { facts: number; rows: number; events: number; quotes: number };
  /** Figures two sources give differently for what looks like one fact: warnings, not errors. */
  disagreements: Disagreement[];
}

export interface Disagreement {
  /** The two facts, in brief order, with their values as printed, sources and quotes. */
  facts: [Fact, Fact];
  place: Place;
  /** "troops of MONUSCO". */
  what: string;
}

/**
 * Facts of one unit and actor from different sources with different values: the sources disagree
 * (or one fact is wrong). A brief acknowledges it by marking either fact disputed, with a note.
 */
export function disagreements(brief: Brief): Disagreement[] {
  const out: Disagreement[] = [];
  const measured = brief.facts.filter((f) => typeof f.value === 'number' && f.unit && f.actor);
  for (let i = 0; i < measured.length; i++) {
    for (let j = i + 1; j < measured.length; j++) {
      const [a, b] = [measured[i], measured[j]];
      if (a.source === b.source || a.value === b.value || a.disputed || b.disputed) continue;
      if (a.unit!.toLowerCase() !== b.unit!.toLowerCase() || a.actor!.toLowerCase() !== b.actor!.toLowerCase()) continue;
      out.push({ facts: [a, b], place: b.place, what: `${a.unit} of ${a.actor}` });
    }
  }
  return out;
}

/** Row key for `unverified.rows`: dataset name and row index. */
export const rowKey = (dataset: string, index: number) => `${dataset}#${index}`;

/** Checks a brief's provenance without rendering: quotes, numbers and dates of facts, rows and events. */
export function verify(brief: Brief): Provenance {
  const problems: BriefError[] = [];
  const unverified = { facts: new Set<string>(), rows: new Set<string>(), events: new Set<number>() };
  const checked = { facts: 0, rows: 0, events: 0, quotes: 0 };
  const sources = new Map(brief.sources.map((s) => [s.id, s]));
  const normalised = new Map(brief.sources.map((s) => [s.id, normalise(s.text)]));

  const problem = (place: Place, id: MessageId, reason: string, hint: string) => problems.push(new BriefError({ id, stage: 'verify', place, reason, hint }));

  /** Checks quotes, numbers and dates of one item; returns whether it holds. */
  const check = (
    what: string,
    place: Place,
    sourceId: string,
    quotes: string[],
    numbers: number[],
    dates: string[],
    placeOf: (field: 'quote' | { number: number } | { date: string }) => Place | undefined = () => undefined,
  ): boolean => {
    const source = sources.get(sourceId)!;
    let ok = true;
    for (const q of quotes) {
      checked.quotes++;
      if (!normalised.get(sourceId)!.includes(normalise(q))) {
        ok = false;
        problem(placeOf('quote') ?? place, 'quoteNotFound', msg.quoteNotFound(what, source.file), nearestHint(source, q));
      }
    }
    const stated = quotes.flatMap((q) => numbersIn(q).map((n) => n.value));
    for (const n of numbers) {
      if (!stated.includes(n)) {
        ok = false;
        const said = [
          ...new Set(
            quotes.flatMap((q) =>
              numbersIn(q)
                .filter((x) => /\d/.test(x.text))
                .map((x) => x.text),
            ),
          ),
        ];
        problem(placeOf({ number: n }) ?? place, 'numberNotInQuote', msg.numberNotInQuote(what, n, said), msg.numberNotInQuoteHint());
      }
    }
    // A draft's TODO date is no date to check (a brief not marked draft cannot hold one).
    for (const d of dates.filter((x) => !/^TODO\b/.test(x))) {
      if (!quotes.some((q) => dateAgrees(d, q, source.date))) {
        ok = false;
        // A month the quote names without a year: say which year it reads as, and why.
        const read = quotes.flatMap((q) => yearless(q, source.date)).find((r) => r.iso.slice(5, 7) === d.slice(5, 7) && r.iso.slice(0, 4) !== d.slice(0, 4));
        problem(placeOf({ date: d }) ?? place, 'dateNotInQuote', msg.dateNotInQuote(what, d, source.date), read ? msg.yearlessHint(read.text, read.iso, source.date) : msg.dateNotInQuoteHint());
      }
    }
    return ok;
  };

  for (const f of brief.facts) {
    checked.facts++;
    const dates = [f.asOf, ...(isIsoDate(f.value) ? [f.value] : [])];
    // A problem points at the line it is about: the value, the as_of, the quote.
    const at = (field: 'quote' | { number: number } | { date: string }) => f.places?.[field === 'quote' ? 'quote' : 'date' in field && field.date === f.asOf ? 'as_of' : 'value'];
    if (!check(`fact "${f.id}"`, f.place, f.source, f.quotes, numbersOfValue(f.value), dates, at)) unverified.facts.add(f.id);
  }

  for (const ds of Object.values(brief.datasets)) {
    ds.rows.forEach((row, i) => {
      checked.rows++;
      const fields = Object.entries(row.fields).filter(([k]) => !ds.presentation.includes(k));
      const numbers = fields.flatMap(([, v]) => (typeof v === 'number' ? [v] : []));
      const dates = fields.flatMap(([, v]) => (isIsoDate(v) ? [v] : []));
      const at = (field: 'quote' | { number: number } | { date: string }) =>
        row.places?.[field === 'quote' ? 'quote' : (fields.find(([, v]) => v === ('number' in field ? field.number : field.date))?.[0] ?? '')];
      if (!check(`row ${i + 1} of dataset "${ds.name}"`, row.place, row.source, row.quotes, numbers, dates, at)) unverified.rows.add(rowKey(ds.name, i));
    });
  }

  brief.timeline.forEach((e, i) => {
    checked.events++;
    const numbers = numbersOfValue(e.text);
    const at = (field: 'quote' | { number: number } | { date: string }) => e.places?.[field === 'quote' ? 'quote' : 'date' in field ? 'at' : 'text'];
    if (!check(`timeline event ${i + 1} ("${e.when}")`, e.place, e.source, e.quotes, numbers, [e.at], at)) unverified.events.add(i);
  });

  return { problems, unverified, checked, disagreements: disagreements(brief) };
}

/** Every defined fact is printed by the content or marked background (compose reports the used ones). */
export function checkUsage(brief: Brief, usedFacts: readonly string[]): BriefError[] {
  return brief.facts
    .filter((f) => !f.background && !usedFacts.includes(f.id))
    .map((f) => new BriefError({ stage: 'verify', place: f.place, id: 'factUnused', reason: msg.factUnused(f.id), hint: msg.factUnusedHint() }));
}

/** One error carrying all problems, for build and check to refuse a brief with. */
export function provenanceError(problems: BriefError[]): BriefError {
  const [first, ...rest] = problems;
  return new BriefError({ id: first.id, stage: first.stage, place: first.place, reason: first.reason, hint: first.hint, others: rest });
}

function nearestHint(source: Source, quote: string): string {
  const near = nearestSentence(source.text, quote);
  return near && near.score > 0.2 ? msg.nearestSentence(source.file, near.text) : msg.quoteNotFoundHint(source.file);
}
