// facts extract: an article's sentences -> candidate facts (value, unit, actor, date, verbatim quote)
// for the analyst to edit. Deterministic and offline: compromise reads numbers, noun phrases,
// people and organisations; chrono-node reads dates, relative ones against the publication date
// only. Never states what the source does not: no date it cannot resolve, no publisher it does not name.
import { createRequire } from 'node:module';
import type * as Chrono from 'chrono-node';
import type Compromise from 'compromise';
import { basename, extname } from 'node:path';
import { stringify } from 'yaml';
import { formatDate } from '../compose/format.js';
import { datesIn, sentences } from '../verify/text.js';
import { looksAhead, yearOf } from '../calendar.js';

export interface Candidate {
  id: string;
  value: number | string;
  unit?: string;
  qualifier?: string;
  display?: string;
  kind: 'count' | 'quantity' | 'year' | 'date' | 'period' | 'actor';
  /** Who the figure belongs to (MONUSCO, Russia), or an actor's role ("head of the mission"). */
  actor?: string;
  role?: string;
  /** Absent when it is the source's own date (or unknown with it): written once, at the source. */
  as_of?: string;
  source: string;
  quote: string;
  /** How a relative date was read ("Saturday" against the publication date). */
  note?: string;
  background?: true;
  /** Where in the quote the figure or date is written (qualifier to unit): the draft's prose puts {{fact}} there. Not written out. */
  span?: [number, number];
  /** The span holds the number alone, inside a compound ("15,000-strong U.N. mission"): the prose prints it without its unit. Not written out. */
  bare?: true;
}

/**
 * The language libraries, loaded on first use through require: only drafting needs them (4 MB of
 * source that a build, and the startup snapshot, would otherwise carry; the snapshot's process
 * loads them from node_modules when it drafts).
 */
let libraries: { nlp: typeof Compromise; chrono: typeof Chrono } | undefined;
function language() {
  if (!libraries) {
    // Not named `require`: a bundler would take the call for an import and carry the library.
    const load = createRequire(import.meta.url);
    libraries = { nlp: load('compromise') as typeof Compromise, chrono: load('chrono-node') as typeof Chrono };
  }
  return libraries;
}
const nlp = (text: string) => language().nlp(text);

const QUALIFIERS: [RegExp, string][] = [
  [/\b(more than|over|upwards of)\s*$/i, 'more than'],
  [/\b(at least)\s*$/i, 'at least'],
  [/\b(about|around|roughly|approximately|some|an estimated|estimated)\s*$/i, 'about'],
  [/\b(nearly|almost)\s*$/i, 'nearly'],
  [/\b(less than|fewer than|under)\s*$/i, 'less than'],
  [/\b(up to)\s*$/i, 'up to'],
];
/** Heads of noun phrases that stand for people under arms: "a 15,000-strong force" is 15,000 troops. */
const FORCES = /^(force|forces|contingent|mission|mission's|deployment|troop|peacekeeping force)$/i;
const TIME_UNITS: Record<string, [string, number]> = { day: ['days', 1], week: ['weeks', 1], month: ['months', 1], year: ['years', 1], decade: ['years', 10], century: ['years', 100] };
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const DETERMINERS = /^(the|a|an|its|their|his|her|our|some|all|of|about|around|nearly|almost|over|more|than|less|fewer|at|least|up|to|roughly|approximately|an|estimated|another|those|these|other)$/i;
/** Groups a story names by what they are, not by a name. */
const GROUPS = /\b(junta|separatists|rebels|militants|insurgents|jihadists)$/;
// The agencies that file the report are not actors in it.
const ACTOR_STOP = new Set([
  'AP',
  'Associated Press',
  'Reuters',
  'AFP',
  'Agence France-Presse',
  'The',
  'A',
  'An',
  'U.N',
  'It',
  'He',
  'She',
  'They',
  'We',
  'But',
  'And',
  'After',
  'In',
  'On',
  'At',
  'For',
  'Since',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
]);

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'fact'
  );
}

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

/** The agencies' marks in a dateline's parentheses: "(AP)", "(Reuters)". */
const DATELINE_MARKS = '(?:AP|Reuters|AFP|dpa|Bloomberg|Xinhua|Anadolu|UPI)';

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

/**
 * The date an article was published, when it says so: a dateline with its year ("GENEVA, June 13,
 * 2024 (Reuters)"), a "Published"/"Updated" line, else the latest full date of the text, but only
 * when the dateline names no other day ("GENEVA, June 13 (Reuters)" with 15 April 2023 in the body
 * is not dated 15 April 2023: the report is undated, TODO). Never today's.
 */
export function impliedDate(text: string): string | undefined {
  const head = text.slice(0, 2000);
  const line = /^\s*(?:Published|Updated)\b[^\n]*$/m.exec(head)?.[0];
  const stamped = line ? datesIn(line).find((d) => d.iso.length === 10) : undefined;
  if (stamped) return stamped.iso;
  const dateline = new RegExp(
    `^[A-Z][A-Z .'-]+(?:,\\s*[A-Z][A-Za-z .'-]+)?,\\s*((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+\\d{1,2})(?:,\\s*(\\d{4}))?\\s*\\(${DATELINE_MARKS}\\)`,
    'im',
  ).exec(head);
  if (dateline?.[2]) return datesIn(`${dateline[1]}, ${dateline[2]}`).find((d) => d.iso.length === 10)?.iso;
  const full = datesIn(text)
    .map((d) => d.iso)
    .filter((d) => d.length === 10)
    .sort();
  const latest = full[full.length - 1];
  if (dateline && latest) {
    const day = datesIn(`${dateline[1]}, ${latest.slice(0, 4)}`).find((d) => d.iso.length === 10)?.iso;
    return day === latest ? latest : undefined;
  }
  return latest;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** A date the sentence states, read as the source means it; relative ones only against a known publication date. */
interface DateMention {
  iso: string;
  text: string;
  index: number;
  note?: string;
  range?: [string, string];
}

/** Seasons of a year ("late 2022"), which chrono does not read, and years standing alone ("a war in 2020"). */
function periodsOf(sentence: string): DateMention[] {
  return datesIn(sentence)
    .filter((d) => d.range || (d.iso.length === 4 && !datesIn(sentence).some((o) => o !== d && o.iso.length > 4 && o.index <= d.index && d.index < o.index + o.text.length)))
    .map((d) => ({ iso: d.iso, text: d.text, index: d.index, ...(d.range ? { range: d.range } : {}) }));
}

const DATELINE = new RegExp(`^[A-Z][A-Z .'-]+(?:,\\s*[^()\\n]{1,40}?)?\\s*\\(${DATELINE_MARKS}\\)\\s*[—–-]\\s*`);

/** Length of a dateline ("KINSHASA, Congo (AP) — ") at the start of a sentence. */
export function datelineLength(sentence: string): number {
  return DATELINE.exec(sentence)?.[0].length ?? 0;
}

/**
 * The sentences of the story itself: not its headline, labels or bylines (no closing stop), not
 * all-caps lines (links to other stories), not photo captions.
 */
export function storySentences(text: string): { text: string; start: number }[] {
  const captions = new Set<number>();
  // A caption paragraph ends with the photographer's credit: every sentence of it goes.
  for (const m of text.matchAll(/[^\n]*\((?:[^()\n]*\/)?(?:AP|AFP|Reuters)?\s*Photo[^()\n]*\)\s*(?:\n|$)/g)) for (let i = m.index!; i < m.index! + m[0].length; i++) captions.add(i);
  return sentences(text).filter((s) => s.text !== s.text.toUpperCase() && /[.!?]["”’)]?$/.test(s.text) && !captions.has(s.start));
}

/** Whether the date at `index` is a deadline ("by April 30", "by the end of April"): the next such day, not the last. */

function datesOf(sentence: string, published: string | undefined): DateMention[] {
  const out: DateMention[] = [];
  const ref = published ? new Date(`${published}T12:00:00Z`) : undefined;
  for (const r of language().chrono.parse(sentence, ref ?? new Date(Date.UTC(2000, 0, 1, 12)), { forwardDate: false })) {
    const s = r.start;
    const text = r.text.replace(/[.,;:]+$/, '');
    // "now", "one day", "within days": not dates the story gives.
    if (
      /^(now|currently|today's)$/i.test(text) ||
      /\b(after|within|for|in)\s+(one|a|\d+|two|three|several|a few)?\s*(day|days|week|weeks|hour|hours)\b/i.test(text) ||
      /^(one|a|\d+)\s+(day|days)$/i.test(text)
    )
      continue;
    const weekday = WEEKDAYS.find((w) => new RegExp(`\\b${w}\\b`, 'i').test(text));
    const relative = /\b(yesterday|today|tomorrow|last|next|this|ago)\b/i.test(text) || (weekday !== undefined && !s.isCertain('month'));
    if (relative) {
      // "Saturday" means the Saturday of the story's week: the one on or before publication.
      if (!published || !ref) continue;
      const read = (when: string) => ({ iso: when, text, index: r.index, note: `"${text}" read as ${formatDate(when)}, against the publication date ${formatDate(published)}` });
      if (/\b(last|next|this)\s+year\b/i.test(text)) out.push(read(String(s.get('year'))));
      else if (/\b(last|next|this)\s+month\b/i.test(text)) out.push(read(`${s.get('year')}-${String(s.get('month')).padStart(2, '0')}`));
      else if (weekday && !/\b(next|last)\b/i.test(text)) {
        const back = (ref.getUTCDay() - WEEKDAYS.indexOf(weekday) + 7) % 7;
        out.push(read(iso(new Date(ref.getTime() - back * 86400000))));
      } else if (/\b(yesterday|today|tomorrow)\b/i.test(text) || weekday) out.push(read(iso(s.date())));
      // "last week", "a few weeks ago": no day to name.
      continue;
    }
    if (!s.isCertain('month')) {
      // A year alone: chrono reads it too, as 1 January; keep the year only.
      const year = /\b(1[6-9]|20)\d{2}\b/.exec(text)?.[0];
      if (year) out.push({ iso: year, text, index: r.index });
      continue;
    }
    let y = s.isCertain('year') ? s.get('year')! : published ? Number(published.slice(0, 4)) : undefined;
    if (y === undefined) continue;
    // A month with no year: read as check reads it (calendar.ts), so the draft checks clean.
    if (!s.isCertain('year') && published) y = yearOf(Number(s.get('month')), s.isCertain('day') ? Number(s.get('day')) : undefined, published, looksAhead(sentence, r.index));
    const m = String(s.get('month')).padStart(2, '0');
    // "the end of April" is April, not its last day: a day only when the text names one.
    const namesDay = s.isCertain('day') && /\d/.test(text.replace(/\b\d{4}\b/, ''));
    const when = namesDay ? `${y}-${m}-${String(s.get('day')).padStart(2, '0')}` : `${y}-${m}`;
    out.push({
      iso: when,
      text,
      index: r.index,
      ...(s.isCertain('year') ? {} : { note: `"${text}" has no year: read as ${formatDate(when)}, the nearest ${looksAhead(sentence, r.index) ? 'after' : 'before'} the publication date` }),
    });
  }
  return out;
}

interface Mention {
  value: number;
  unit: string;
  qualifier?: string;
  kind: 'count' | 'quantity';
  index: number;
  text: string;
  actor?: string;
  /** From the qualifier (or the number) to the last word of the unit, in the sentence. */
  span: [number, number];
  /** The figure as the sentence writes it, where that is words ("two convoys"). */
  display?: string;
  /** The span is the number alone, inside a compound. */
  bare?: true;
}

/** Where a qualifier before `index` starts, and which it is. */
function qualifierBefore(sentence: string, index: number): { qualifier?: string; start: number } {
  const before = sentence.slice(0, index);
  for (const [re, q] of QUALIFIERS) {
    const m = re.exec(before);
    if (m) return { qualifier: q, start: m.index + (m[0].length - m[0].trimStart().length) };
  }
  return { start: index };
}

/** The end of `unitWords` as written after `from` in the sentence. */
function unitEnd(sentence: string, from: number, unitWords: string[]): number {
  let at = from;
  for (const w of unitWords) {
    const i = sentence.indexOf(w, at);
    if (i < 0) return at;
    at = i + w.length;
  }
  return at;
}

/** The words of a noun phrase that name what is counted: "Karabakh's 50,000 ethnic Armenian residents" -> "ethnic Armenian residents". */
function unitOf(phrase: string, numberText: string): { unit: string; owner?: string; words: string[] } | undefined {
  const at = phrase.indexOf(numberText);
  if (at < 0) return undefined;
  const before = phrase.slice(0, at);
  const owner = /([A-Z][\p{L}.-]*(?:\s+[A-Z][\p{L}.-]*)*)['’]s\s*$/u.exec(before)?.[1];
  const words = phrase
    .slice(at + numberText.length)
    .replace(/[.,;:!?"”’)]+$/g, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  while (words.length && DETERMINERS.test(words[0])) words.shift();
  if (!words.length) return undefined;
  return { unit: words.slice(0, 4).join(' '), owner, words: words.slice(0, 4) };
}

const AFTER_STOP = new Set([
  'in',
  'on',
  'at',
  'of',
  'for',
  'to',
  'from',
  'by',
  'with',
  'and',
  'or',
  'that',
  'which',
  'who',
  'were',
  'was',
  'are',
  'is',
  'had',
  'have',
  'has',
  'will',
  'would',
  'could',
  'after',
  'before',
  'since',
  'within',
  'into',
  'as',
  'but',
  'fled',
  'said',
]);

/** Up to four words after `from`, stopping at punctuation or a function word. */
function wordsAfter(sentence: string, from: number): string {
  const words: string[] = [];
  for (const w of sentence.slice(from).trim().split(/\s+/)) {
    const word = w.replace(/[^\p{L}'’-]/gu, '');
    if (!word || AFTER_STOP.has(word.toLowerCase())) break;
    words.push(word);
    if (words.length === 4 || /[,.;:!?]$/.test(w)) break;
  }
  return words.join(' ');
}

function numbersOf(sentence: string, dates: DateMention[]): Mention[] {
  const out: Mention[] = [];
  const inDate = (i: number, len: number) => dates.some((d) => i < d.index + d.text.length && d.index < i + len);
  const doc = nlp(sentence);
  const phrases = doc.nouns().out('array') as string[];
  let from = 0;
  for (const n of doc.numbers().json() as { text: string; number: { num: number } }[]) {
    const text = n.text.replace(/[.,;:]+$/, '').trim();
    const index = sentence.indexOf(text, from);
    if (index < 0) continue;
    from = index + text.length;
    if (/^(first|second|third|fourth|fifth|\d+(st|nd|rd|th))$/i.test(text) || inDate(index, text.length)) continue;
    if (/^(one|a|an)$/i.test(text)) continue;
    // "the 15,000-strong force": the number sits inside a compound; compromise leaves it to us.
    if (sentence[index + text.length] === '-') continue;
    // "92.1%", "76 percent": a share, whatever compromise makes of the sign.
    const percent = /^\s*(%|percent\b|per cent\b)/i.exec(sentence.slice(index + text.replace(/%$/, '').length));
    if (percent || text.endsWith('%')) {
      const numText = text.replace(/%$/, '');
      const { qualifier, start } = qualifierBefore(sentence, index);
      const end = index + numText.length + (percent ? percent[0].length : 1);
      out.push({ value: Number(numText.replace(/,/g, '')), unit: 'percent', ...(qualifier ? { qualifier } : {}), kind: 'count', index, text: sentence.slice(index, end), span: [start, end] });
      continue;
    }
    const phrase = phrases.find((p) => p.includes(text));
    // compromise's noun phrase may stop short of the number ("about 2,000 peacekeeping troops"
    // gives "troops"): the words after the number, up to a verb or preposition, are the phrase then.
    const found = (phrase ? unitOf(phrase, text) : undefined) ?? unitOf(text + ' ' + wordsAfter(sentence, index + text.length), text);
    if (!found) {
      // "More than 300 were killed", "about 1,200 have fled": no noun, and what befell them is the
      // unit. The prose keeps the verb as written; only the figure is drawn from the fact base.
      const befell = /^\s+(?:(?:were|was|have been|had been|have|had|are|are now)\s+)?(killed|wounded|injured|displaced|arrested|detained|abducted|kidnapped|fled|died|missing|dead)\b/.exec(
        sentence.slice(index + text.length),
      );
      if (befell && /\d/.test(text)) {
        const { qualifier, start } = qualifierBefore(sentence, index);
        out.push({ value: n.number.num, unit: befell[1], ...(qualifier ? { qualifier } : {}), kind: 'count', index, text, span: [start, index + text.length], bare: true });
      }
      continue;
    }
    let { unit } = found;
    let value = n.number.num;
    const head = unit.split(' ')[0].toLowerCase().replace(/s$/, '');
    const time = TIME_UNITS[head];
    if (time) {
      value *= time[1];
      unit = time[0];
    }
    const isDigits = /\d/.test(text);
    // Words: a duration ("two decades"), or a count of a plural noun ("Six other candidates").
    if (!isDigits && !time && !/s$/.test(unit.split(' ').pop() ?? '')) continue;
    const { qualifier, start } = qualifierBefore(sentence, index);
    const span: [number, number] = [start, unitEnd(sentence, index + text.length, found.words)];
    // "Two convoys" prints as the report writes it, not as "2 convoys".
    const written = !isDigits && !time ? sentence.slice(index, span[1]) : undefined;
    const display = written && (index === 0 ? written[0].toLowerCase() + written.slice(1) : written);
    // "more than two decades" is at least 20 years: the source gives a floor, not a figure above it.
    out.push({
      value,
      unit,
      ...(qualifier ? { qualifier: time && qualifier === 'more than' ? 'at least' : qualifier } : {}),
      kind: isDigits ? 'count' : 'quantity',
      index,
      text,
      span,
      ...(display ? { display } : {}),
      ...(found.owner ? { actor: found.owner } : {}),
    });
  }
  // Compounds: "a 15,000-strong force", "the 2,000-member contingent", "the 15,000-strong U.N.
  // mission": the unit is the noun the compound modifies, past any abbreviation before it.
  for (const m of sentence.matchAll(/\b(\d{1,3}(?:,\d{3})+|\d+)(?:\s+(thousand|million))?-(strong|member|man|person|troop)\s+(?:(?:(?:[A-Z]\.){2,}|[A-Z]{2,})\s+)*([\p{L}'’-]+)/gu)) {
    const value = Number(m[1].replace(/,/g, '')) * (m[2] === 'million' ? 1e6 : m[2] === 'thousand' ? 1e3 : 1);
    const head = m[4].replace(/['’]s$/, '');
    const unit = FORCES.test(head) ? 'troops' : head;
    const { qualifier, start } = qualifierBefore(sentence, m.index!);
    // The prose keeps the compound as written: only the number is drawn from the fact base.
    const number = m[1].length + (m[2] ? m[2].length + 1 : 0);
    out.push({ value, unit, ...(qualifier ? { qualifier } : {}), kind: 'count', index: m.index!, text: m[0], span: [start, m.index! + number], bare: true });
  }
  return out;
}

interface Actor {
  name: string;
  role?: string;
  index: number;
  kind: 'person' | 'organisation' | 'place';
}

/** People, organisations and places the sentence names, with a person's role when the sentence gives one. */
function actorsOf(sentence: string): Actor[] {
  const doc = nlp(sentence);
  const out: Actor[] = [];
  // compromise keeps the punctuation around a name ("the “World Food Programme.”"): a name has none.
  const edge = /^[\s“”"‘’'«»([]+|[\s“”"‘’'«»)\],.;:!?]+$/g;
  const clean = (s: string) =>
    s
      .replace(edge, '')
      .replace(/['’]s$/, '')
      .replace(edge, '')
      .replace(/^the\s+/i, '')
      .replace(edge, '')
      .trim();
  const add = (name: string, kind: Actor['kind']) => {
    let n = clean(name);
    // "President Ilham Aliyev": the title is a role, not part of the name.
    const titled = /^(President|Prime Minister|Minister|General|Gen\.|Sen\.|Senator|Secretary-General|Ambassador)\s+/.exec(n);
    if (titled) n = n.slice(titled[0].length);
    // "northern Mali" is Mali, "the northern town of Kidal" is Kidal: a place is its name.
    if (kind === 'place')
      n = n
        .replace(/^(?:[a-z]+\s+)*(?:town|city|region|province|village|capital|area|district|country|state)\s+of\s+/, '')
        .replace(/^(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|eastern|western|central|northeastern|northwestern|southeastern|southwestern)\s+(?=\p{Lu})/iu, '');
    // "Aid agencies", "western Darfur region", "West African country": a common noun phrase, not a
    // name; a group a story names by what it is ("Tuareg separatists") is the exception.
    const group = GROUPS.test(n);
    if (
      !group &&
      n.split(/\s+/).length > 1 &&
      n
        .split(/\s+/)
        .slice(1)
        .every((w) => /^[a-z]/.test(w)) &&
      kind !== 'place'
    )
      return;
    if (!group && n.split(/\s+/).length > 1 && /^[a-z]/.test(n.split(/\s+/).pop()!)) return;
    if (!n || ACTOR_STOP.has(n) || n.length < 2 || out.some((a) => a.name === n)) return;
    const index = sentence.indexOf(n);
    if (index < 0) return;
    let role: string | undefined;
    if (kind === 'person') {
      // "Bintou Keita, head of the mission known as MONUSCO, said": the apposition is the role.
      const after = sentence.slice(index + n.length);
      const apposition = /^,\s*((?:the\s+)?[a-z][^,]{2,80}?),/.exec(after)?.[1];
      // "Kremlin spokesman Dmitry Peskov": the words before the name are.
      const title =
        /((?:[A-Z][\p{L}’'-]+\s+)?(?:[a-z][\p{L}-]*\s+){0,2}(?:spokesman|spokeswoman|spokesperson|minister|president|head|chief|envoy|commander|leader|secretary|ambassador|official|director|governor|general|prime minister))\s*$/u.exec(
          sentence.slice(0, index),
        )?.[1];
      role = (apposition && !/^(who|which|whose|whom)\b/.test(apposition) ? apposition : undefined) ?? title?.trim() ?? titled?.[1];
    }
    out.push({ name: n, ...(role ? { role } : {}), index, kind });
  };
  for (const p of doc.people().out('array') as string[]) add(p, 'person');
  for (const o of doc.organizations().out('array') as string[]) add(o, 'organisation');
  for (const p of doc.places().out('array') as string[]) add(p.replace(/-$/, '').split(/['’]s\b/)[0], 'place');
  // "Hikmet Hajiyev, the head of foreign policy in …": a name with an apposition is a person.
  for (const m of sentence.matchAll(
    /\b([A-Z][\p{Ll}]+(?:\s+[A-Z][\p{Ll}]+){1,2}),\s+(?:the\s+)?(?:head|chief|spokes\w+|minister|president|envoy|commander|leader|secretary|ambassador|director|governor|general)\b/gu,
  ))
    add(m[1], 'person');
  // Groups a story names by what they are: "Tuareg separatists", "Mali's junta", "the rebels".
  for (const m of sentence.matchAll(/(?:\b(\p{Lu}[\p{L}-]+)(['’]s)?\s+)?\b(junta|separatists|rebels|militants|insurgents|jihadists)\b/gu)) {
    const by = m[1] && !ACTOR_STOP.has(m[1]) ? m[1] : undefined;
    add(by ? (m[2] ? `${by}${m[2]} ${m[3]}` : `${by} ${m[3]}`) : m[3], 'organisation');
  }
  // Acronyms (MONUSCO, SADC, NATO) and the names compromise reads as plain proper nouns.
  for (const m of sentence.matchAll(/\b[A-Z]{3,}\b/g)) add(m[0], 'organisation');
  for (const m of sentence.matchAll(/\b(Russia|Azerbaijan|Armenia|Congo|Sudan|Ukraine|Moscow|Baku|Kinshasa|Yerevan)\b/g)) add(m[0], 'place');
  // "Aliyev" after "Ilham Aliyev" is the same person.
  return out.filter((a) => a.kind !== 'person' || !out.some((b) => b !== a && b.kind === 'person' && b.name.endsWith(' ' + a.name))).sort((a, b) => a.index - b.index);
}

/** The figure's owner: a possessive, else the organisation or place nearest before it, else the sentence's first. */
function ownerOf(m: Mention, actors: Actor[], main: string | undefined): string | undefined {
  if (m.actor) return m.actor;
  // Troops belong to the mission the story is about, whatever place the sentence names.
  if (m.unit === 'troops' && main) return main;
  const named = actors.filter((a) => a.kind !== 'person' && !/^[A-Z][a-z]+ese$|ian$/.test(a.name));
  const orgs = named.filter((a) => a.kind === 'organisation' && a.index < m.index);
  if (orgs.length) return orgs[orgs.length - 1].name;
  const before = named.filter((a) => a.index < m.index);
  return (before[before.length - 1] ?? named[0])?.name;
}

/** The organisation a story is about: the acronym it names most (MONUSCO), if any. */
function mainActor(text: string): string | undefined {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/\b[A-Z]{3,}\b/g)) if (!/^(AP|AFP|UPI|UTC|GMT|PDF)$/.test(m[0]) && m[0] !== m[0].replace(/[A-Z]/g, '')) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  // Datelines are upper case too: only names that also appear in a sentence's body count.
  const best = [...counts].filter(([name]) => storySentences(text).some((s) => s.text.slice(datelineLength(s.text)).includes(name))).sort((a, b) => b[1] - a[1])[0];
  return best?.[0];
}

/** A noun phrase of the sentence that says what a date is about ("the first phase"). */
function subjectOf(sentence: string, skip: string[]): string | undefined {
  const phrases = nlp(sentence).nouns().out('array') as string[];
  for (const p of phrases) {
    const c = p
      .replace(/[,.;:]+$/, '')
      .replace(/^(the|a|an|its|their)\s+/i, '')
      .trim();
    if (!c || /\d/.test(c) || skip.some((s) => c.includes(s) || s.includes(c)) || /^(it|they|he|she|this|that|which|who)$/i.test(c)) continue;
    if (WEEKDAYS.some((w) => c.toLowerCase() === w)) continue;
    return c;
  }
  return undefined;
}

/**
 * Candidate facts of an article. `published` is the date the source states for itself; without
 * it, relative dates ("Saturday") are not read at all and figures are dated TODO.
 */
export function extractFacts(text: string, sourceId: string, published?: string): Candidate[] {
  const out: Candidate[] = [];
  const ids = new Set<string>();
  const add = (c: Omit<Candidate, 'id' | 'source'>, idBase: string) => {
    if (out.some((o) => o.quote === c.quote && o.value === c.value && o.kind === c.kind && o.unit === c.unit)) return;
    let id = idBase;
    for (let n = 2; ids.has(id); n++) id = `${idBase}-${n}`;
    ids.add(id);
    out.push({ id, ...c, source: sourceId });
  };
  const actorsSeen = new Map<string, Actor>();
  const main = mainActor(text);

  for (const { text: sentence } of storySentences(text)) {
    const cut = datelineLength(sentence);
    const body = sentence.slice(cut);
    const shift = <T extends { index: number }>(x: T): T => ({ ...x, index: x.index + cut });
    const dates = [...datesOf(body, published).map(shift), ...periodsOf(body).map(shift)];
    const actors = actorsOf(body).map(shift);
    for (const a of actors) if (!actorsSeen.has(a.name) || (a.role && !actorsSeen.get(a.name)!.role)) actorsSeen.set(a.name, { ...a });
    // A figure is as of the sentence's own date when that date is past ("in September 2023");
    // a deadline ("by April 30") says when something is due, not when the figure held.
    const past = dates.filter((d) => d.iso.length >= 7 && (!published || d.iso <= published)).sort((a, b) => b.iso.length - a.iso.length);
    // A figure with no date of its own holds as of the report's day: the fact leaves as_of out.
    const asOf = past[0]?.iso !== published ? past[0]?.iso : undefined;

    for (const d of dates) {
      const subject = subjectOf(
        body,
        actors.map((a) => a.name),
      );
      const owner = actors.find((a) => a.kind !== 'person')?.name;
      const base =
        [owner, subject]
          .filter(Boolean)
          .map((s) => slug(s!))
          .join('.') || 'date';
      if (d.range) {
        add({ value: d.text, kind: 'period', as_of: d.iso, quote: sentence, background: true, span: [d.index, d.index + d.text.length] }, `${base}.period`);
        continue;
      }
      if (d.iso.length === 4) {
        // A year read from "last year" is a date the sentence implies, not a number it states.
        if (d.note) add({ value: d.iso, display: d.iso, kind: 'date', as_of: d.iso, quote: sentence, note: d.note, background: true, span: [d.index, d.index + d.text.length] }, `${base}.year`);
        else add({ value: Number(d.iso), kind: 'year', as_of: d.iso, quote: sentence, background: true }, `${base}.year`);
        continue;
      }
      add(
        {
          value: d.iso,
          ...(d.iso.length === 10 ? { display: formatDate(d.iso) } : { display: formatDate(d.iso) }),
          kind: 'date',
          as_of: d.iso,
          quote: sentence,
          ...(d.note ? { note: d.note } : {}),
          background: true,
          span: [d.index, d.index + d.text.length],
        },
        base,
      );
    }
    for (const m of numbersOf(
      body,
      dates.map((d) => ({ ...d, index: d.index - cut })),
    ).map((m) => ({ ...m, index: m.index + cut, span: [m.span[0] + cut, m.span[1] + cut] as [number, number] }))) {
      const owner = ownerOf(m, actors, main);
      const id = [owner, m.unit]
        .filter(Boolean)
        .map((s) => slug(s!))
        .join('.');
      add(
        {
          value: m.value,
          unit: m.unit,
          ...(m.qualifier ? { qualifier: m.qualifier } : {}),
          ...(m.display ? { display: m.display } : {}),
          kind: m.kind,
          ...(owner ? { actor: owner } : {}),
          ...(asOf ? { as_of: asOf } : {}),
          quote: sentence,
          background: true,
          span: m.span,
          ...(m.bare ? { bare: true as const } : {}),
        },
        id,
      );
    }
  }
  const everyone = [...actorsSeen.values()];
  for (const a of everyone) {
    if (a.kind === 'person' && everyone.some((b) => b !== a && b.kind === 'person' && b.name.endsWith(' ' + a.name))) continue;
    // "the junta" after "Mali's junta" is the same group.
    if (GROUPS.test(a.name) && everyone.some((b) => b !== a && b.name.endsWith(' ' + a.name))) continue;
    const quote = storySentences(text).find((s) => s.text.includes(a.name) && (!a.role || s.text.includes(a.role)))?.text;
    if (!quote) continue;
    add({ value: a.name, kind: 'actor', ...(a.role ? { role: a.role } : {}), quote, background: true }, `actor.${slug(a.name)}`);
  }
  return out;
}

/** What a draft writes where its source did not say: refused by check and build at its line. */
export const TODO = 'TODO';

export interface DraftedArticle {
  source: DraftSource;
  text: string;
  facts: Candidate[];
}

/**
 * Articles as a draft's sources and facts, in order. Source ids come from the file names (kept
 * apart when two are alike) unless one is given; publisher, date and title from the article's
 * own text, else TODO, never guessed. Fact ids are kept apart across sources
 * ("monusco.troops" and "monusco.troops-reuters"). `fileOf` says where the draft records the file.
 */
export function draftArticles(articles: { path: string; text: string }[], fileOf: (path: string, id: string) => string, sourceId?: string): { articles: DraftedArticle[]; facts: Candidate[] } {
  const out: DraftedArticle[] = [];
  const ids = new Set<string>();
  for (const { path, text } of articles) {
    const stem = slug(basename(path, extname(path)));
    let id = sourceId ?? stem;
    for (let n = 2; ids.has(id); n++) id = `${stem.slice(0, 36)}-${n}`;
    ids.add(id);
    const published = impliedDate(text);
    // A headline's emoji or pictograph has no glyph in the brief's fonts: the draft must build at once.
    const title =
      text
        .split('\n')
        .find((l) => l.trim())
        ?.replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, '')
        .replace(/\s+/g, ' ')
        .trim() || id;
    const source: DraftSource = { id, publisher: publisherOf(text) ?? TODO, title, date: published ?? TODO, file: fileOf(path, id) };
    out.push({ source, text, facts: extractFacts(text, id, published) });
  }
  const facts: Candidate[] = [];
  const taken = new Set<string>();
  for (const a of out) {
    for (const f of a.facts) {
      let id = f.id;
      if (taken.has(id)) id = `${f.id}-${a.source.id}`.slice(0, 80);
      for (let n = 2; taken.has(id); n++) id = `${f.id}-${a.source.id}-${n}`;
      taken.add(id);
      facts.push({ ...f, id });
    }
  }
  return { articles: out, facts };
}

export interface DraftSource {
  id: string;
  publisher: string;
  title: string;
  date: string;
  file: string;
}

/** The YAML an analyst edits: a schema line for the editor, the sources and the candidate facts. */
export function draftYaml(candidates: Candidate[], sources: DraftSource[], schemaPath: string, extra?: Record<string, unknown>): string {
  const header = [
    `# yaml-language-server: $schema=${schemaPath}`,
    '# Draft written by briefpress: candidate facts, each with the sentence it comes from.',
    '# Edit values, units and ids; delete what the brief does not need; clear background: true when a fact is cited.',
    ...((extra?.meta as { draft?: boolean } | undefined)?.draft ? ['# meta.draft: true builds with TODOs in place and DRAFT on every page; set it to false when the brief is written.'] : []),
  ].join('\n');
  const facts = candidates.map(({ span: _span, bare: _bare, ...f }) => f);
  const body = { ...(extra ?? {}), ...(sources.length ? { sources } : {}), facts };
  return `${header}\n${stringify(body, { lineWidth: 100, minContentWidth: 40 })}`;
}
