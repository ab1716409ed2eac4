// The Brief: everything one brief folder says, validated and typed, as the later stages see it.
import type { Place } from './errors.js';
import type { ChangeNotice } from './print.js';

export interface Meta {
  title: string;
  subtitle?: string;
  /** ISO date of the brief; also the PDF's creation date, so output does not depend on the clock. */
  date: string;
  classification: string;
  desk: string;
  author?: string;
  audience: string;
  language: string;
  template: string;
  /** Still being written: placeholders allowed, DRAFT on every page. */
  draft: boolean;
}

export interface Source {
  id: string;
  /** 1-based number of the source in the brief's "Sources" list, in order of first citation. */
  publisher: string;
  title: string;
  date: string;
  file: string;
  url?: string;
  text: string;
  place: Place;
}

export interface Fact {
  id: string;
  value: number | string;
  unit?: string;
  qualifier?: string;
  display?: string;
  kind?: 'count' | 'quantity' | 'year' | 'date' | 'period' | 'actor' | 'text';
  asOf: string;
  source: string;
  /** The verbatim sentences of the source that support the value (usually one). */
  quotes: string[];
  background: boolean;
  /** Who the figure belongs to: facts of one unit and actor from different sources are compared. */
  actor?: string;
  role?: string;
  note?: string;
  /** Sources disagree and the brief says so: the note is printed with the figure. */
  disputed?: boolean;
  place: Place;
  /** Where each of its fields stands (value, as_of, quote), so a problem points at its own line. */
  places?: Record<string, Place>;
}

export type Cell = string | number | boolean | null;

export interface DatasetRow {
  fields: Record<string, Cell>;
  source: string;
  quotes: string[];
  place: Place;
  /** Where each field of the row stands, and its quote. */
  places?: Record<string, Place>;
}

export interface Dataset {
  name: string;
  description?: string;
  /** Fields that only place or label marks; not checked against the quote. */
  presentation: string[];
  rows: DatasetRow[];
  place: Place;
}

export interface TimelineEvent {
  when: string;
  at: string;
  text: string;
  source: string;
  quotes: string[];
  place: Place;
  /** Where its at, text and quote stand. */
  places?: Record<string, Place>;
}

export interface ChartRef {
  id: string;
  /** Absolute path of the Vega-Lite spec, checked to lie inside the project. */
  specPath: string;
  /** The spec path as the user wrote it, for messages. */
  spec: string;
  dataset: string;
  title: string;
  alt: string;
  /** How the chart is built, read after the alt text; generated from its scales when absent. */
  description?: string;
  note?: string;
  place: Place;
}

/** What a project's briefpress.yaml sets (load/project.ts checks it). */
export interface ProjectConfig {
  version: 1;
  briefs: string;
  output: string;
  paper?: string;
  standard?: string;
  annex?: boolean;
  chart_data?: boolean;
  changes?: ChangeNotice;
  /** What build writes: pdf, html or pdf,html (render.ts FORMAT_CHOICES). */
  format?: string;
  brief_timeout?: number;
  brief_memory?: number;
}

/** A project: the folder briefpress.yaml marks, laid over the templates and charts briefpress comes with. */
export interface Project {
  /** The folder briefpress.yaml marks; none for a brief kept outside any project. */
  root?: string;
  config: ProjectConfig;
  /** Folders whose templates/ and charts/ are read, the project's before briefpress's own. */
  layers: string[];
}

export interface Brief {
  /** Folder name, used for the default output file name. */
  name: string;
  /** Absolute path of the brief folder. */
  dir: string;
  /** The project it belongs to: where its output goes, whose templates and charts it uses. */
  project: Project;
  file: string;
  meta: Meta;
  sources: Source[];
  facts: Fact[];
  datasets: Record<string, Dataset>;
  timeline: TimelineEvent[];
  charts: ChartRef[];
  content: { file: string; text: string };
}
