// What a reader sees that no one wrote in the brief: the running foot, link descriptions, the
// synthesized headings and annexes, the marks for disputed and unverified figures, the labels of
// briefpress's own partials, month names, digit grouping. All in the brief's language.

/**
 * Labels briefpress's partials print, by name: `{{t "keyFacts"}}`, `{{t "figure" number}}`.
 * `{0}`, `{1}` stand for the helper's further arguments, in order.
 */
export interface Terms {
  keyFacts: string;
  bottomLine: string;
  sources: string;
  notes: string;
  audience: string;
  basedOn: string;
  /** "Edition 2 · 5 December 2026": the edition's number and date, from the second edition on. */
  edition: string;
  /** The title of the box that says what changed since the edition before. */
  changesSince: string;
  factAdded: string;
  factDropped: string;
  sectionsRevised: string;
  figure: string;
  source: string;
  factBase: string;
  factBaseIntro: string;
  value: string;
  asOf: string;
  sourceSentence: string;
  when: string;
  event: string;
}

export interface Wording {
  /** The language these words are in: the brief's, or English when none is shipped for it. */
  language: string;
  terms: Terms;
  /** "Page 2 of 5", at the foot of every page. */
  page(n: number, total: number): string;
  /** What a citation's link says to a screen reader: "Source 1: Associated Press, ...". */
  sourceLink(n: number, entry: string): string;
  /** What a note marker's link says: "Note a: ...". */
  noteLink(label: string, entry: string): string;
  /** The mark a figure that failed the provenance check carries on the page. */
  unverified: string;
  /** After a chart's source line: how many of its rows failed the provenance check. */
  unverifiedRows(n: number): string;
  /** The title block's warning on a brief built with --allow-unverified. */
  unverifiedNotice(n: number, mark: string): string;
  /** A disputed figure's note, in the brief's own words after the label. */
  disputed(note: string): string;
  /** The heading of the chart data annex, and of each figure's table in it. */
  chartData: string;
  figure(n: number, title: string): string;
  /** Before the banner and across the page of a draft. */
  draft: string;
  months: readonly string[];
  /** The day of the month as a date prints it: "1", or French "1er". */
  day(d: number): string;
  /** Between groups of three digits, and before the decimals. */
  digits: { group: string; decimal: string };
  /** "a, b and c". */
  list(items: string[]): string;
  /** A chart's description when the brief gives none (see chart/describe.ts). */
  chart: ChartWords;
}

export interface ChartWords {
  /** The sentence naming a chart's kinds (already in this language), what it shows beside its data, and its title. */
  kind(kinds: string[], extras: string[], title: string): string;
  /** Names of Vega and Vega-Lite mark types. */
  marks: Record<string, string>;
  referenceLines: string;
  textLabels: string;
  axis(channel: string, name: string, range: string | undefined): string;
  series(name: string, range: string | undefined): string;
  span(from: string, to: string): string;
  values(n: number, shown: string, more: boolean): string;
}

const NBSP = '\u00a0';
/** French sets a no-break space before a colon, and a narrow one between thousands. */
const NNBSP = '\u202f';

const englishList = (xs: string[]) => (xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const frenchList = (xs: string[]) => (xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} et ${xs[xs.length - 1]}`);

const ENGLISH: Wording = {
  language: 'en',
  terms: {
    keyFacts: 'Key facts',
    bottomLine: 'Bottom line up front',
    sources: 'Sources',
    notes: 'Notes',
    audience: 'Audience: {0}',
    basedOn: 'Based on:',
    edition: 'Edition {0} · {1}',
    changesSince: 'Changes since {0}',
    factAdded: 'New: {0}',
    factDropped: 'No longer stated: {0}',
    sectionsRevised: 'Revised: {0}',
    figure: 'Figure {0}:',
    source: 'Source:',
    factBase: 'Annex: Fact base',
    factBaseIntro: 'Every figure in this brief, the value it carries and the sentence of the source it comes from.',
    value: 'Value',
    asOf: 'As of',
    sourceSentence: 'Source sentence',
    when: 'When',
    event: 'Event',
  },
  page: (n, total) => `Page ${n} of ${total}`,
  sourceLink: (n, entry) => `Source ${n}: ${entry}`,
  noteLink: (label, entry) => `Note ${label}: ${entry}`,
  unverified: '[unverified]',
  unverifiedRows: (n) => `${n} data point${n === 1 ? '' : 's'} failed the provenance check`,
  unverifiedNotice: (n, mark) => `Draft: ${n} ${n === 1 ? 'item' : 'items'} failed the provenance check and ${n === 1 ? 'is' : 'are'} marked ${mark}.`,
  disputed: (note) => `Disputed: ${note}.`,
  chartData: 'Annex: Chart data',
  figure: (n, title) => `Figure ${n}: ${title}`,
  draft: 'DRAFT',
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  day: (d) => String(d),
  digits: { group: ',', decimal: '.' },
  list: englishList,
  chart: {
    kind: (kinds, extras, title) =>
      `${kinds.length ? englishList(kinds).replace(/^./, (c) => c.toUpperCase()) : 'A'} chart${extras.length ? ` with ${englishList(extras)}` : ''}${title ? `: ${title}` : ''}.`,
    marks: {
      bar: 'bar',
      line: 'line',
      area: 'area',
      point: 'scatter',
      circle: 'scatter',
      square: 'scatter',
      tick: 'strip',
      rule: 'rule',
      text: 'text',
      arc: 'pie',
      rect: 'heat map',
      trail: 'trail',
      boxplot: 'box plot',
      errorbar: 'error bar',
      geoshape: 'map',
      symbol: 'scatter',
      image: 'image',
    },
    referenceLines: 'reference lines',
    textLabels: 'text labels',
    axis: (channel, name, range) => `${channel === 'theta' ? 'Angle' : `${channel} axis`}, ${name}${range ? `: ${range}` : ''}.`,
    series: (name, range) => `Series by ${name}${range ? `, ${range}` : ''}.`,
    span: (from, to) => `from ${from} to ${to}`,
    values: (n, shown, more) => `${n} ${n === 1 ? 'value' : 'values'}: ${shown}${more ? ', ...' : ''}`,
  },
};

const FRENCH: Wording = {
  language: 'fr',
  terms: {
    keyFacts: 'Faits essentiels',
    bottomLine: 'L’essentiel',
    sources: 'Sources',
    notes: 'Notes',
    audience: `Destinataires${NBSP}: {0}`,
    basedOn: `D’après${NBSP}:`,
    edition: 'Édition {0} · {1}',
    changesSince: 'Modifications depuis le {0}',
    factAdded: `Nouveau${NBSP}: {0}`,
    factDropped: `N’est plus indiqué${NBSP}: {0}`,
    sectionsRevised: `Parties révisées${NBSP}: {0}`,
    figure: `Figure {0}${NBSP}:`,
    source: `Source${NBSP}:`,
    factBase: `Annexe${NBSP}: base factuelle`,
    factBaseIntro: 'Chaque donnée chiffrée de cette note, sa valeur et la phrase de la source dont elle est tirée.',
    value: 'Valeur',
    asOf: 'À la date du',
    sourceSentence: 'Phrase de la source',
    when: 'Date',
    event: 'Événement',
  },
  page: (n, total) => `Page ${n} sur ${total}`,
  sourceLink: (n, entry) => `Source ${n}${NBSP}: ${entry}`,
  noteLink: (label, entry) => `Note ${label}${NBSP}: ${entry}`,
  unverified: '[non vérifié]',
  unverifiedRows: (n) => (n === 1 ? '1 donnée n’a pas passé la vérification de provenance' : `${n} données n’ont pas passé la vérification de provenance`),
  unverifiedNotice: (n, mark) =>
    n === 1
      ? `Projet${NBSP}: 1 élément n’a pas passé la vérification de provenance et porte la mention ${mark}.`
      : `Projet${NBSP}: ${n} éléments n’ont pas passé la vérification de provenance et portent la mention ${mark}.`,
  disputed: (note) => `Contesté${NBSP}: ${note}.`,
  chartData: `Annexe${NBSP}: données des graphiques`,
  figure: (n, title) => `Figure ${n}${NBSP}: ${title}`,
  draft: 'PROJET',
  months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  day: (d) => (d === 1 ? '1er' : String(d)),
  digits: { group: NNBSP, decimal: ',' },
  list: frenchList,
  chart: {
    kind: (kinds, extras, title) => `${kinds.length ? `Graphique ${frenchList(kinds)}` : 'Graphique'}${extras.length ? ` avec ${frenchList(extras)}` : ''}${title ? `${NBSP}: ${title}` : ''}.`,
    marks: {
      bar: 'en barres',
      line: 'en courbes',
      area: 'en aires',
      point: 'en nuage de points',
      circle: 'en nuage de points',
      square: 'en nuage de points',
      tick: 'en traits',
      rule: 'en lignes',
      text: 'en texte',
      arc: 'en secteurs',
      rect: 'en carte de chaleur',
      trail: 'en traînées',
      boxplot: 'en boîtes à moustaches',
      errorbar: 'en barres d’erreur',
      geoshape: 'cartographique',
      symbol: 'en nuage de points',
      image: 'en images',
    },
    referenceLines: 'lignes de référence',
    textLabels: 'étiquettes',
    axis: (channel, name, range) => `${channel === 'theta' ? 'Angle' : `Axe ${channel}`}, ${name}${range ? `${NBSP}: ${range}` : ''}.`,
    series: (name, range) => `Séries par ${name}${range ? `, ${range}` : ''}.`,
    span: (from, to) => `de ${from} à ${to}`,
    values: (n, shown, more) => `${n} ${n === 1 ? 'valeur' : 'valeurs'}${NBSP}: ${shown}${more ? ', ...' : ''}`,
  },
};

const SHIPPED: Record<string, Wording> = { en: ENGLISH, fr: FRENCH };

/** The languages briefpress has words for. */
export const WORDED_LANGUAGES = Object.keys(SHIPPED);

/** The words for a language tag ("fr", "fr-CA"): its own, its base language's, else English. */
export function wording(language: string): Wording {
  const tag = language.toLowerCase();
  return (Object.hasOwn(SHIPPED, tag) ? SHIPPED[tag] : undefined) ?? (Object.hasOwn(SHIPPED, tag.split('-')[0]) ? SHIPPED[tag.split('-')[0]] : undefined) ?? ENGLISH;
}

/** Whether a language has its own words, or falls back to English (build says so, once). */
export function isWorded(language: string): boolean {
  return wording(language) !== ENGLISH || language.toLowerCase().split('-')[0] === 'en';
}

/** `{0}`, `{1}` in a term replaced by the arguments; how many it takes, for the helper to check. */
export function termArity(term: string): number {
  let n = 0;
  for (const m of term.matchAll(/\{(\d)\}/g)) n = Math.max(n, Number(m[1]) + 1);
  return n;
}

/** The term with its own words passed through `literal` (Markdown escaping) and the values as they are. */
export function fillTerm(term: string, args: string[], literal: (s: string) => string = (s) => s): string {
  return term
    .split(/(\{\d\})/)
    .map((part, i) => (i % 2 ? (args[Number(part.slice(1, -1))] ?? '') : literal(part)))
    .join('');
}
