// Pages of positioned boxes: what layout decides and paint draws. Plain data; y grows down the page, in points.
import type { ChartScene } from '../chart/scene.js';
import type { ReadingNode, Tag } from './reading.js';

/** A run of text in one face, its baseline at (x, y); PDFKit places it and adds wordSpacing to each space. */
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
  tag?: Tag;
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
