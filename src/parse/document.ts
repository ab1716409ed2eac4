// The Document: the brief's content as typed blocks and inline spans, independent of Markdown and of pages.

export interface SpanStyle {
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
}

/** A stretch of text in one style; a citation marker is a span with `cite` set. */
export interface Span {
  text: string;
  style: SpanStyle;
  /** Number of the source this marker points to (links to the Sources list). */
  cite?: number;
  /** Number of the note this marker points to (links to the Notes list); printed as a letter. */
  note?: number;
  /** Set at the markers' size and rise, unlinked: the comma or dash between two markers. */
  sup?: boolean;
  url?: string;
  /** A name marked :name[...]: kept on one line, never hyphenated. */
  nobreak?: boolean;
  /** Its language, when the analyst names it (`:name[Київ]{lang=uk}`); else found from its script. */
  lang?: string;
  /** The fact this text prints (`{{fact "id"}}`): where a figure came from, for the preview. */
  fact?: string;
}

export type Align = 'left' | 'right' | 'center';

export interface HeadingBlock {
  kind: 'heading';
  level: 1 | 2 | 3;
  spans: Span[];
}
export interface ParagraphBlock {
  kind: 'paragraph';
  spans: Span[];
}
export interface ListBlock {
  kind: 'list';
  ordered: boolean;
  start: number;
  items: Block[][];
  /** Items whose text changed since the last edition (indexes into items): each gets a change bar. */
  changedItems?: number[];
}
export interface TableBlock {
  kind: 'table';
  align: Align[];
  header: Span[][];
  rows: Span[][][];
  /** Rows whose text changed since the last edition: 0 the header, then 1, 2, ... the rows. */
  changedRows?: number[];
}
export interface FigureBlock {
  kind: 'figure';
  chart: string;
  caption: Block[];
}
/**
 * A block written as a container directive (`:::key-facts ... :::`): title block, key judgments,
 * sources, notes. Its role is the directive's name, one the block registry knows
 * (blocks/); its attributes are the directive's `{...}`.
 */
export interface GroupBlock {
  kind: 'group';
  role: string;
  attributes?: Record<string, string>;
  blocks: Block[];
}
export interface QuoteBlock {
  kind: 'quote';
  blocks: Block[];
}
export interface RuleBlock {
  kind: 'rule';
}

/** A block's name in the block registry: a directive's name for a group, else its kind. */
export function blockName(b: Block): string {
  return b.kind === 'group' ? b.role : b.kind;
}

/** How parse turns directives into blocks: which names it accepts, and the block each makes (given by blocks/). */
export interface Directives {
  /** Names written `::name{...}`, alone on a line. */
  leaf: readonly string[];
  /** Names written `:::name ... :::`, around blocks. */
  container: readonly string[];
  block(name: string, attributes: Record<string, string>, children: Block[]): Block;
}

/** Where a block stands in the composed Markdown (offsets), so a later stage can name its line. */
export interface Positioned {
  pos?: { start: number; end: number; line: number };
}

/** Marked by an edition build (editions/marks.ts): changed since the last edition as a whole, so it gets a change bar. */
export interface Marked {
  changed?: boolean;
}

export type Block = (HeadingBlock | ParagraphBlock | ListBlock | TableBlock | FigureBlock | GroupBlock | QuoteBlock | RuleBlock) & Positioned & Marked;
export type BlockKind = Block['kind'];

export interface Document {
  blocks: Block[];
  /** The analyst's own file and line of a block (see parse's placeOf), for problems found after parsing. */
  place?: (pos: NonNullable<Positioned['pos']>) => { place: import('../errors.js').Place; where: string };
}

/** Plain text of spans, for tests, outlines and alt text. */
export function spansText(spans: Span[]): string {
  return spans.map((s) => s.text).join('');
}

/**
 * A note's mark: a, b, ..., z, aa, ab. Letters, not numbers: the superscript numbers of a brief are
 * its source citations, and a reader must tell "see source 1" from "see note a" at a glance.
 */
export function noteLabel(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
  return s;
}

/**
 * The named destinations markers link to, built and read in this one place: "source-2" is the
 * second entry of Sources, "note-3" the third note.
 */
export const destination = {
  source: (n: number) => `source-${n}`,
  note: (n: number) => `note-${n}`,
  read(name: string): { kind: 'source' | 'note'; n: number } | undefined {
    const m = /^(source|note)-(\d+)$/.exec(name);
    return m ? { kind: m[1] as 'source' | 'note', n: Number(m[2]) } : undefined;
  },
};
