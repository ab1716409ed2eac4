// facts extract: an article's sentences -> candidate facts (value, unit, kind, verbatim quote) for the analyst to edit.
// Deterministic and offline: patterns over the text, no model.
import { stringify } from 'yaml';
import { datesIn, numbersIn, sentences } from '../verify/text.js';

export interface Candidate {
  id: string;
  value: number | string;
  unit?: string;
  qualifier?: string;
  kind: 'count' | 'quantity' | 'year' | 'date' | 'period' | 'actor';
  as_of: string;
  source: string;
  quote: string;
  background: true;
}

const QUALIFIERS = ['about', 'around', 'nearly', 'almost', 'some', 'over', 'approximately', 'roughly', 'more than', 'less than', 'fewer than', 'at least', 'up to', 'an estimated'];
const STOP = new Set(['in', 'on', 'at', 'of', 'for', 'to', 'from', 'by', 'with', 'and', 'or', 'that', 'which', 'who', 'were', 'was', 'are', 'is', 'had', 'have', 'has', 'the', 'a', 'an', 'after', 'before', 'since', 'within', 'into', 'as', 'but']);
const TIME_UNITS = /^(days?|weeks?|months?|years?|hours?|decades?)$/;
const NOT_NAMES = new Set(['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'The', 'A', 'An', 'But', 'After', 'In', 'On', 'President', 'Almost', 'That', 'This', 'Officials']);

function slug(s: string): string {
  return s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'fact';
}

/** The publication date an article implies: the latest full date it states, else its latest year. */
/** News agencies as datelines and bylines write them, with the names a sources list prints. */
const AGENCIES: [RegExp, string][] = [
  [/\bAP\b|Associated Press/, 'Associated Press'],
  [/\bReuters\b/, 'Reuters'],
  [/\bAFP\b|Agence France-Presse/, 'Agence France-Presse'],
  [/\bdpa\b|Deutsche Presse-Agentur/, 'Deutsche Presse-Agentur'],
  [/\bBloomberg\b/, 'Bloomberg'],
  [/\bXinhua\b/, 'Xinhua'],
  [/\bAnadolu\b/, 'Anadolu Agency'],
  [/\bUPI\b|United Press International/, 'United Press International'],
];

/**
 * Who published an article, from its dateline ("BAKU, Azerbaijan (AP) —") or byline ("By Jane
 * Doe, Reuters"); undefined when neither names an agency we know: the draft then says TODO.
 */
export function publisherOf(text: string): string | undefined {
  const head = text.slice(0, 2000);
  const dateline = /\(([A-Za-z][A-Za-z .-]{1,40})\)\s*[—–-]/.exec(head)?.[1];
  const byline = /^\s*By\s+[^\n]*?,\s*([A-Z][A-Za-z .-]+)\s*$/m.exec(head)?.[1];
  for (const said of [dateline, byline]) {
    if (!said) continue;
    const agency = AGENCIES.find(([re]) => re.test(said));
    if (agency) return agency[1];
  }
  return undefined;
}

export function impliedDate(text: string): string | undefined {
  const dates = datesIn(text).map((d) => d.iso).sort();
  const full = dates.filter((d) => d.length === 10);
  return full[full.length - 1] ?? dates[dates.length - 1];
}

export function extractFacts(text: string, sourceId: string, sourceDate = impliedDate(text) ?? '2000'): Candidate[] {
  const out: Candidate[] = [];
  const ids = new Set<string>();
  const add = (c: Omit<Candidate, 'id' | 'source' | 'background'>, idBase: string) => {
    if (out.some((o) => o.quote === c.quote && o.value === c.value && o.kind === c.kind)) return;
    let id = idBase;
    for (let n = 2; ids.has(id); n++) id = `${idBase}-${n}`;
    ids.add(id);
    out.push({ id, ...c, source: sourceId, background: true });
  };

  for (const { text: sentence } of sentences(text)) {
    // An all-caps line is a headline or a link to another story, not a statement of this one.
    if (sentence === sentence.toUpperCase()) continue;
    const dates = datesIn(sentence);
    const sentenceDate = dates.map((d) => d.iso).sort((a, b) => b.length - a.length)[0];
    const asOf = sentenceDate && sentenceDate.length >= 4 ? sentenceDate : sourceDate;
    const inDate = (i: number) => dates.some((d) => i >= d.index && i < d.index + d.text.length);

    for (const d of dates) {
      if (d.iso.length === 10) add({ value: d.iso, kind: 'date', as_of: d.iso, quote: sentence }, `date.${d.iso}`);
      else if (d.iso.length === 7) add({ value: d.text, kind: 'date', as_of: d.iso, quote: sentence }, `date.${slug(d.text)}`);
      else if (d.range) add({ value: d.text, kind: 'period', as_of: d.iso, quote: sentence }, `period.${slug(d.text)}`);
    }
    for (const n of numbersIn(sentence)) {
      const isDigits = /\d/.test(n.text);
      const after = sentence.slice(n.index + n.text.length).trim().split(/\s+/);
      const before = sentence.slice(0, n.index).trim().toLowerCase();
      if (isDigits && inDate(n.index)) {
        // A year on its own ("a war in 2020") is a fact of its own; inside a full date it is part of that date.
        const d = dates.find((x) => n.index >= x.index && n.index < x.index + x.text.length)!;
        if (d.iso.length === 4 && !d.range) add({ value: n.value, kind: 'year', as_of: d.iso, quote: sentence }, `year.${n.value}`);
        continue;
      }
      const unitWords: string[] = [];
      for (const w of after) {
        const word = w.replace(/[^\p{L}'-]/gu, '');
        if (!word || STOP.has(word.toLowerCase())) break;
        unitWords.push(word);
        if (unitWords.length === 3 || /[,.;:]$/.test(w)) break;
      }
      const unit = unitWords.join(' ') || undefined;
      if (!isDigits && !(unit && TIME_UNITS.test(unitWords[0]))) continue;
      const qualifier = QUALIFIERS.find((q) => before.endsWith(q));
      const kind = isDigits ? 'count' : 'quantity';
      add({ value: n.value, ...(unit ? { unit } : {}), ...(qualifier ? { qualifier } : {}), kind, as_of: asOf, quote: sentence }, `${kind}.${slug(unit ?? String(n.value))}`);
    }
    // Named actors: two or three capitalised words, not a date, not the sentence's first word alone.
    const names = /\b([A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)\s+([A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)(?:\s+([A-Z][a-z]+))?\b/g;
    let m: RegExpExecArray | null;
    while ((m = names.exec(sentence))) {
      const parts = [m[1], m[2], m[3]].filter(Boolean) as string[];
      // Titles and sentence openers fall away ("President Vladimir Putin" -> "Vladimir Putin").
      while (parts.length && NOT_NAMES.has(parts[0])) parts.shift();
      if (parts.length < 2 || parts.some((p) => NOT_NAMES.has(p) || /'s$/.test(p))) continue;
      if (/'s\b/.test(sentence.slice(m.index, m.index + m[0].length))) continue;
      const name = parts.join(' ');
      add({ value: name, kind: 'actor', as_of: asOf, quote: sentence }, `actor.${slug(name)}`);
    }
  }
  return out;
}

export interface DraftSource {
  id: string;
  publisher: string;
  title: string;
  date: string;
  file: string;
}

/** The YAML an analyst edits: a schema line for the editor, the source and the candidate facts. */
export function draftYaml(candidates: (Omit<Candidate, 'background'> & { background?: true })[], source: DraftSource | undefined, schemaPath: string, extra?: Record<string, unknown>): string {
  const header = [
    `# yaml-language-server: $schema=${schemaPath}`,
    '# Draft written by briefpress facts extract: candidate facts, each with the sentence it comes from.',
    '# Edit values, units and ids; delete what the brief does not need; clear background: true when a fact is cited.',
  ].join('\n');
  const body = { ...(extra ?? {}), ...(source ? { sources: [source] } : {}), facts: candidates };
  return `${header}\n${stringify(body, { lineWidth: 100, minContentWidth: 40 })}`;
}
