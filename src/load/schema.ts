// The shape of brief.yaml: one zod schema that validates at load time and generates the editors' JSON Schema.
import { z } from 'zod';

/**
 * A day that exists: Date.parse takes 2024-02-31 and quietly means 2 March, which would print as
 * "31 February 2024"; the date must come back from the calendar as written.
 */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  const [y, mo = 1, d = 1] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return mo >= 1 && mo <= 12 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'not a real calendar date (no such day in that month)');

/** A date as precise as the source is: a year, a month, or a day. */
const partialDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD')
  .refine(isCalendarDate, 'not a real calendar date (no such month, or no such day in that month)');

/** The message of the TODO branch of a draftable field: the loader reports the other branch's problem. */
export const TODO_BRANCH = "a draft's TODO";

/**
 * A date a draft may leave as TODO (init writes one where the report does not say). A brief that
 * is not marked draft never gets this far with one: each TODO is refused at its line first.
 */
const draftable = (date: z.ZodString) => z.union([date, z.string().regex(/^TODO\b/, TODO_BRANCH)]);

const id = z.string().regex(/^[a-z][a-z0-9]*([._-][a-z0-9]+)*$/, 'ids are lower-case words joined by ".", "-" or "_", e.g. peacekeepers.deployed');

const quote = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .describe('The sentence of the source this comes from, verbatim; a list when the value needs two (a count from one sentence, its date from another).');

export const sourceSchema = z
  .object({
    id,
    publisher: z.string().min(1),
    title: z.string().min(1),
    date: draftable(isoDate).describe('The day the source was published: every fact from it without an as_of of its own is as of this day.'),
    file: z.string().min(1).describe('Path of the source text, inside the brief folder (e.g. sources/ap.txt).'),
    url: z.string().url().optional(),
  })
  .strict();

export const factSchema = z
  .object({
    id,
    value: z.union([z.number(), z.string().min(1)]),
    unit: z.string().optional(),
    qualifier: z.string().optional().describe('How the source hedges the value: "about", "almost all", ...'),
    display: z.string().optional().describe('How the value reads in prose when it is not a plain number.'),
    kind: z.enum(['count', 'quantity', 'year', 'date', 'period', 'actor', 'text']).optional().describe('What sort of fact this is (facts extract guesses it).'),
    as_of: draftable(partialDate).optional().describe("The date the value holds for, as precise as the source is; when absent, the source's date."),
    source: id,
    quote,
    background: z.boolean().optional().describe('Kept for context even if the content does not cite it.'),
    actor: z.string().min(1).optional().describe('Who the figure belongs to (MONUSCO, Russia); facts of one unit and actor from different sources are compared by check.'),
    role: z.string().min(1).optional().describe('For an actor: the role the source gives ("head of the mission known as MONUSCO").'),
    note: z.string().min(1).optional().describe('A remark on the fact (how a relative date was read); for a disputed fact, printed with the figure.'),
    disputed: z.boolean().optional().describe('Sources disagree on this figure and the brief says so: check stops warning, and the note is printed with the figure.'),
  })
  .strict()
  .refine((f) => !f.disputed || !!f.note, { message: 'a disputed fact needs a note saying how the sources differ', path: ['note'] });

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const datasetSchema = z
  .object({
    description: z.string().optional(),
    presentation: z.array(z.string()).optional().describe('Fields that only place or label marks (e.g. a label level): check does not look for them in the quote.'),
    rows: z.array(z.object({ source: id, quote }).catchall(cell).describe('One row: its fields, the source id and the verbatim quote that supports it.')).min(1),
  })
  .strict();

export const eventSchema = z
  .object({
    when: z.string().min(1).describe('The date as the brief prints it ("late 2022").'),
    at: draftable(partialDate).describe('The date for ordering and charts, as precise as the source allows.'),
    text: z.string().min(1),
    source: id,
    quote,
  })
  .strict();

export const chartSchema = z
  .object({
    id,
    spec: z.string().min(1).describe('A Vega-Lite spec under charts/, or inside the brief folder.'),
    dataset: id.describe('Name of the dataset the spec reads as its "data": {"name": ...}.'),
    title: z.string().min(1),
    alt: z.string().min(1).describe('What the chart shows, in words, for readers who cannot see it.'),
    description: z.string().min(1).optional().describe('How the chart is built (kind, axes, ranges, series), read after the alt text; generated from the chart when absent.'),
    note: z.string().optional(),
  })
  .strict();

export const metaSchema = z
  .object({
    title: z.string().min(1),
    subtitle: z.string().optional(),
    date: draftable(isoDate).optional().describe("The brief's date; when absent, its latest source's."),
    classification: z.string().min(1),
    desk: z.string().min(1),
    author: z.string().optional(),
    audience: z.string().min(1),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/)
      .default('en'),
    template: z.string().default('policy-brief'),
    draft: z
      .boolean()
      .default(false)
      .describe(
        'A draft builds with its placeholders (TODO) in place and prints DRAFT in the banner and across every page; clear it when the brief is written, and every placeholder left is an error at its line.',
      ),
  })
  .strict();

export const briefFileSchema = z
  .object({
    meta: metaSchema,
    sources: z.array(sourceSchema).min(1),
    facts: z.array(factSchema).default([]),
    datasets: z.record(id, datasetSchema).default({}),
    timeline: z.array(eventSchema).default([]),
    charts: z.array(chartSchema).default([]),
  })
  .strict();

export type BriefFile = z.infer<typeof briefFileSchema>;

/** The JSON Schema editors use to check brief.yaml as it is typed. */
export function briefJsonSchema(): object {
  const schema = z.toJSONSchema(briefFileSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $id: 'https://briefpress.invalid/schema/brief.schema.json',
    title: 'briefpress brief.yaml',
    ...schema,
  };
}
