// The fact base a PDF carries (issue 23, item 3): what each figure is, the sentence it was quoted
// from and whose sentence it is, each chart's rows, and the brief's text as units, so a forwarded
// PDF still says where its figures came from and two PDFs can be compared with nothing else.
// The quotes travel, never whole source texts: those may be licensed.
import { z } from 'zod';
import type { Brief, Cell } from '../brief.js';
import { contentFact, factsById, unitKey, type Content } from './content.js';

/** The file's name inside the PDF, and what its first field says it is. */
export const FACT_BASE_FILE = 'briefpress-facts.json';
export const FACT_BASE_FORMAT = 'briefpress fact base 1';

const source = z.object({ id: z.string(), publisher: z.string(), title: z.string(), date: z.string(), url: z.string().optional() });
const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Read from any PDF handed to `facts` or `diff`: checked as untrusted input, unknown fields allowed (a later version's). */
export const factBaseSchema = z.object({
  format: z.literal(FACT_BASE_FORMAT),
  brief: z.object({ name: z.string(), title: z.string(), date: z.string(), language: z.string(), classification: z.string() }),
  /** Which edition, as its page says it: from the second on (the first's page, and a build that issues none, say nothing). */
  edition: z.object({ number: z.number().int().min(2), date: z.string() }).nullable(),
  facts: z.array(
    z.object({
      id: z.string(),
      value: z.union([z.string(), z.number()]),
      unit: z.string().optional(),
      qualifier: z.string().optional(),
      date: z.string(),
      quotes: z.array(z.string()),
      source,
    }),
  ),
  sources: z.array(source),
  timeline: z.array(z.object({ when: z.string(), text: z.string(), quotes: z.array(z.string()), source })),
  charts: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      dataset: z.string(),
      rows: z.array(z.object({ fields: z.record(z.string(), cell), source: z.string(), quotes: z.array(z.string()) })),
    }),
  ),
  content: z.object({
    hash: z.string(),
    datasets: z.record(z.string(), z.string()),
    units: z.array(z.object({ kind: z.enum(['heading', 'paragraph', 'list item', 'table row', 'figure']), section: z.string(), text: z.string(), data: z.string().optional() })),
  }),
});

export type FactBase = z.infer<typeof factBaseSchema>;

/** The fact base of a built brief: `content` is what the edition was decided on (editions/content.ts). */
export function factBase(brief: Brief, content: Content, edition?: { number: number; date: string }): FactBase {
  // As the page: the first edition says none, so it is the same bytes as a build that issues no edition, any day.
  const sourceOf = (id: string) => {
    const s = brief.sources.find((x) => x.id === id);
    return s ? { id, publisher: s.publisher, title: s.title, date: s.date, ...(s.url ? { url: s.url } : {}) } : { id, publisher: '', title: '', date: '' };
  };
  const used = new Set(brief.charts.map((c) => c.dataset));
  return {
    format: FACT_BASE_FORMAT,
    brief: { name: brief.name, title: brief.meta.title, date: brief.meta.date, language: brief.meta.language, classification: brief.meta.classification },
    edition: edition && edition.number >= 2 ? edition : null,
    facts: brief.facts.map((f) => ({
      id: f.id,
      value: f.value,
      ...(f.unit ? { unit: f.unit } : {}),
      ...(f.qualifier ? { qualifier: f.qualifier } : {}),
      date: f.asOf,
      quotes: f.quotes,
      source: sourceOf(f.source),
    })),
    sources: brief.sources.map((s) => sourceOf(s.id)),
    timeline: brief.timeline.map((e) => ({ when: e.when, text: e.text, quotes: e.quotes, source: sourceOf(e.source) })),
    charts: brief.charts
      .filter((c) => used.has(c.dataset) && brief.datasets[c.dataset])
      .map((c) => ({
        id: c.id,
        title: c.title,
        dataset: c.dataset,
        rows: brief.datasets[c.dataset].rows.map((r) => ({ fields: r.fields as Record<string, Cell>, source: r.source, quotes: r.quotes })),
      })),
    // Keys are not carried (a reader recomputes them from kind, text and data: unitKey), saving a kilobyte.
    content: { hash: content.hash, datasets: content.datasets, units: content.units.map(({ kind, section, text, data }) => ({ kind, section, text, ...(data ? { data } : {}) })) },
  };
}

/** The content a fact base records, as compare reads it: two PDFs compared as two editions would be. */
export function contentOfFactBase(base: FactBase): Content {
  const facts = factsById(base.facts.map((f) => contentFact({ ...f, asOf: f.date, source: f.source.id })));
  return {
    units: base.content.units.map((u, i) => ({ ...u, path: [i], key: unitKey(u.kind, u.text, u.data) })),
    facts,
    sources: base.sources.map((s) => ({ ...s, url: s.url ?? '' })),
    datasets: base.content.datasets,
    hash: base.content.hash,
  };
}
