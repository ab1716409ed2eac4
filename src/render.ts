// The renderer seam: what turns a laid-out brief into the bytes of one output format (paint/ is the PDF one).
import type { FontService } from './fonts/fonts.js';
import type { Layout } from './layout/boxes.js';

/**
 * What the steps after a build need to know of a format, and nothing more: its name as messages say it ("a PDF"),
 * the file name ending its outputs must have, and the bytes its files start with (so an earlier
 * output may be replaced, and a file someone else wrote never is). Batch, write and the manifest
 * read these; a new format is an entry here, a renderer beside paint/ and a line in build.ts.
 */
export const FORMATS = {
  // editions: whether a build of the format alone numbers and keeps editions. A web page built
  // alone does not: the history beside it belongs to the PDF, which keeps its twin with it.
  pdf: { name: 'a PDF', extension: '.pdf', magic: '%PDF-', editions: true },
  html: { name: 'a web page', extension: '.html', magic: '<!DOCTYPE html>', editions: false },
} as const satisfies Record<string, { name: string; extension: string; magic: string; editions: boolean }>;

export type Format = keyof typeof FORMATS;

/** What the twin written beside an output is (build --format pdf,html): the web page. */
export const TWIN_FORMAT: Format = 'html';

/** A `--format` value as what a build writes: its format, and whether the twin goes beside it. */
export function readFormats(spec: string): { format: Format; twin: boolean } {
  return spec === 'pdf,html' ? { format: 'pdf', twin: true } : { format: spec as Format, twin: false };
}

/** What a build writes when no format is asked for. */
export const DEFAULT_FORMAT: Format = 'pdf';

/** What a reader's software shows about the document, whatever the format. */
export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  keywords?: string;
  language: string;
  /** The brief's date, not the clock: the same brief gives the same bytes. */
  creationDate: Date;
  /** Files the output carries where its format and standard allow (a PDF's fact base). */
  files?: AssociatedFile[];
}

/** A file carried inside an output, and what it is to the document (PDF's AFRelationship). */
export interface AssociatedFile {
  name: string;
  type: string;
  description: string;
  relationship: 'Data' | 'Source' | 'Supplement' | 'Alternative';
  data: Buffer;
}

export interface RenderSettings {
  /** The conformance a format claims, as the command line names it (PDF: ua+a3a, ua+a2a, ua, a3b, a2b, none). */
  standard?: string;
}

/** One output format: pages of boxes and the reading tree in, the file's bytes out; it decides no placement. */
export interface Renderer {
  format: Format;
  render(layout: Layout, fonts: FontService, info: DocumentInfo, settings: RenderSettings): Promise<Buffer>;
}

/** The bytes of one built output, and what they are. */
export interface Output {
  format: Format;
  bytes: Buffer;
}
