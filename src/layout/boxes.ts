// Pages of positioned boxes: what layout decides and paint draws. Plain data; y grows down the page, in points.
import type { ChartScene } from '../chart/scene.js';

/** A run of text in one face, its baseline at (x, y); each space in it is widened by wordSpacing (justification). */
export interface TextRun {
  kind: 'text';
  x: number;
  y: number;
  text: string;
  face: string;
  size: number;
  color: string;
  /** Extra space added to every space in the run, in points (justification). */
  wordSpacing: number;
  /** Width the run occupies, measured with the embedded font (spaces stretched, glyphs scaled). */
  width: number;
  /** Degrees the run turns about its start, counter-clockwise (a watermark); absent is 0. */
  angle?: number;
  /** Horizontal scale of the glyphs (font expansion of a justified line); absent is 1. */
  scale?: number;
  /** Internal link to a named destination (`source-1`), or an external URL. */
  link?: { dest?: string; url?: string };
  /** Language of the run when it is not the brief's (a name in Armenian, Russian, Azerbaijani). */
  lang?: string;
  /**
   * What the run reads as when that differs from its glyphs: the whole word on the part of a word
   * broken at a line end ("peacekeeping" on "peace-"), the empty string on the part after the break.
   */
  actualText?: string;
  /**
   * Facts the run prints, each as its stretch of the run (x from the run's start, in points):
   * where a figure came from, for the preview. Never drawn, and never a reason to split a run.
   */
  facts?: FactSpot[];
  /**
   * Bidi embedding level (UAX #9) of the run's text when not 0: its words stand in visual order,
   * and an output that sets text in logical order (the web twin) turns them back.
   */
  level?: number;
  /** The level of the space before the run, where it differs from the run's own. */
  spaceLevel?: number;
  tag?: Tag;
}

/**
 * A page's boxes as JSON, without what is on them for other readers than the eye (where facts
 * stand, bidi levels): what the PDF's /ID and the preview's page hash say a page shows.
 */
export function drawnJson(page: Page): string {
  return JSON.stringify([page.width, page.height, page.boxes], (k, v: unknown) => (k === 'facts' || k === 'level' || k === 'spaceLevel' ? undefined : v));
}

/** Where on a run one fact's printed text stands. */
export interface FactSpot {
  id: string;
  x: number;
  width: number;
}

export interface RectBox {
  kind: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  fill?: string;
  stroke?: string;
  lineWidth?: number;
  tag?: Tag;
}

export interface LineBox {
  kind: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  color: string;
  tag?: Tag;
}

export interface ChartBox {
  kind: 'chart';
  x: number;
  y: number;
  w: number;
  h: number;
  scene: ChartScene;
  tag?: Tag;
}

/** A named destination that links (citation markers) jump to. */
export interface AnchorBox {
  kind: 'anchor';
  name: string;
  x: number;
  y: number;
  tag?: Tag;
}

export type Box = TextRun | RectBox | LineBox | ChartBox | AnchorBox;
export type BoxKind = Box['kind'];

export interface OutlineEntry {
  level: number;
  title: string;
  page: number;
  y: number;
}

/** A strip of the page's flow, as pagination placed it: for checks (widows, stranded headings), not for paint. */
export interface Region {
  role: string;
  y: number;
  height: number;
  paragraph?: { block: number; line: number; lines: number; set: { justified: boolean; gap: number; scale: number } };
  repeated?: boolean;
}

export interface Page {
  /** 1-based. */
  number: number;
  width: number;
  height: number;
  boxes: Box[];
  regions: Region[];
}

export interface Layout {
  pages: Page[];
  outline: OutlineEntry[];
  /** What the boxes are for a reader, in reading order; boxes point into it by their tag. */
  reading: ReadingNode;
  /** The text area every page shares, for checks: nothing may fall outside it but header and footer. */
  frame: { x: number; y: number; w: number; h: number };
}

/** Moves a box by (dx, dy): slices are laid out at y = 0 and placed on pages later. */
export function shift<B extends Box>(b: B, dx: number, dy: number): B {
  switch (b.kind) {
    case 'line':
      return { ...b, x1: b.x1 + dx, x2: b.x2 + dx, y1: b.y1 + dy, y2: b.y2 + dy };
    default:
      return { ...b, x: b.x + dx, y: b.y + dy };
  }
}

/**
 * Kinds in the brief's own terms. Paint maps them to PDF structure types (H1, P, L, TD, ...); layout
 * never names a PDF type, so the same tree could feed an HTML or EPUB export.
 */
export type ReadingKind =
  | 'document'
  | 'section'
  | 'key-judgments'
  | 'changes'
  | 'key-facts'
  | 'callout'
  | 'heading'
  | 'paragraph'
  | 'list'
  | 'item'
  | 'label'
  | 'item-body'
  | 'table'
  | 'table-head'
  | 'table-body'
  | 'row'
  | 'header-cell'
  | 'cell'
  | 'quote'
  | 'figure'
  | 'caption'
  | 'chart'
  | 'citation'
  | 'footnote'
  | 'link'
  | 'name';

/** Why a box is not content: running head and foot (pagination) or ink that only shapes the page (layout). */
export type ArtifactKind = 'pagination' | 'layout' | 'watermark';

/** On every drawn box: the content of one reading node, or an artifact. */
export type Tag = { content: number } | { artifact: ArtifactKind };

export interface ReadingNode {
  kind: ReadingKind;
  /** Heading level as a reader meets it (see ReadingTree.finish). */
  level?: number;
  /** Alternative text: what a chart shows, in words. */
  alt?: string;
  /** A language other than the brief's (a Russian name in an English sentence). */
  lang?: string;
  /** What a link says it does: "Source 1: Associated Press, ...", or its URL. */
  description?: string;
  /** Lists: numbered or bulleted. */
  ordered?: boolean;
  /** Numbered lists not in 1, 2, 3: the notes' a, b, c. */
  numbering?: 'lower-alpha';
  /** In reading order: child nodes and the content ids of boxes that draw this node's own text or ink. */
  kids: (ReadingNode | { content: number })[];
}

/** Marks a box as an artifact: drawn, but not part of what is read. */
export function artifact<B extends Box>(box: B, kind: ArtifactKind = 'layout'): B {
  box.tag = { artifact: kind };
  return box;
}
