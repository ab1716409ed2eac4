// A chart as plain data: the paths and text runs Vega drew, in points, ready for paint to replay.

/** Affine matrix [a, b, c, d, e, f] as in Canvas 2D and PDF: x' = a*x + c*y + e, y' = b*x + d*y + f. */
export type Matrix = [number, number, number, number, number, number];

export type PathOp = { op: 'M'; x: number; y: number } | { op: 'L'; x: number; y: number } | { op: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number } | { op: 'Z' };

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..1, already multiplied by the canvas's globalAlpha. */
  a: number;
}

export interface LinearGradient {
  kind: 'linear';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  stops: { offset: number; color: Rgba }[];
}

export interface RadialGradient {
  kind: 'radial';
  x1: number;
  y1: number;
  r1: number;
  x2: number;
  y2: number;
  r2: number;
  stops: { offset: number; color: Rgba }[];
}

export type Paint = Rgba | LinearGradient | RadialGradient;

export interface Stroke {
  paint: Paint;
  width: number;
  cap: 'butt' | 'round' | 'square';
  join: 'miter' | 'round' | 'bevel';
  miterLimit: number;
  dash: number[];
  dashOffset: number;
}

/** Path points are in chart space (the recorder applies the canvas transform as they are added). */
export interface ChartPath {
  kind: 'path';
  ops: PathOp[];
  fill?: Paint;
  fillRule?: 'nonzero' | 'evenodd';
  stroke?: Stroke;
  clip: PathOp[][];
}

/** A line of text whose left end sits on the alphabetic baseline at (x, y) in its own space, placed by `matrix`. */
export interface ChartText {
  kind: 'text';
  text: string;
  /** Left end of the run (already shifted for `align`). */
  x: number;
  y: number;
  matrix: Matrix;
  face: string;
  size: number;
  /** How Vega aligned it, kept for checks; `x` already accounts for it. */
  align: 'left' | 'center' | 'right';
  fill: Rgba;
  /** Advance width in points, measured with the embedded font. */
  width: number;
  clip: PathOp[][];
}

/** A PNG or JPEG of an image mark, drawn into the rectangle (x, y, w, h) placed by `matrix`. */
export interface ChartImage {
  kind: 'image';
  bytes: Buffer;
  x: number;
  y: number;
  w: number;
  h: number;
  matrix: Matrix;
  opacity: number;
  clip: PathOp[][];
}

export type ChartItem = (ChartPath | ChartText | ChartImage) & {
  /** Ink that carries no data (gridlines, ticks, axis lines, backgrounds): an artifact to a reader. */
  decoration?: boolean;
};

export interface ChartScene {
  /** Size in points: one Vega pixel is one point. */
  width: number;
  height: number;
  items: ChartItem[];
  /** Alt text: what the chart shows, in words. */
  alt: string;
  /** What Vega-Lite warned about while compiling (an ignored channel, a dropped field): shown, not fatal. */
  warnings: string[];
}
