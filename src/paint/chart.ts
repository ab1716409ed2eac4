// Replays a chart's recorded paths and text with PDFKit's verbs of the same names; decides nothing.
import type { ChartImage, ChartItem, ChartPath, ChartScene, ChartText, Paint, PathOp, Rgba } from '../chart/scene.js';
import { showText } from './text.js';

type Doc = PDFKit.PDFDocument;

function hex(c: Rgba): string {
  return '#' + [c.r, c.g, c.b].map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** An opacity to set, or none when opaque (the default inside each item's save/restore). */
const opacity = (alpha: number) => (alpha < 1 ? alpha : undefined);

function tracePath(doc: Doc, ops: PathOp[]) {
  for (const o of ops) {
    if (o.op === 'M') doc.moveTo(o.x, o.y);
    else if (o.op === 'L') doc.lineTo(o.x, o.y);
    else if (o.op === 'C') doc.bezierCurveTo(o.x1, o.y1, o.x2, o.y2, o.x, o.y);
    else doc.closePath();
  }
}

function applyClip(doc: Doc, clip: PathOp[][]) {
  for (const c of clip) {
    tracePath(doc, c);
    doc.clip();
  }
}

function paintOf(doc: Doc, p: Paint): [PDFKit.Mixins.ColorValue, number] {
  if ('r' in p) return [hex(p), p.a];
  const g = p.kind === 'linear' ? doc.linearGradient(p.x1, p.y1, p.x2, p.y2) : doc.radialGradient(p.x1, p.y1, p.r1, p.x2, p.y2, p.r2);
  for (const s of p.stops) g.stop(s.offset, hex(s.color), s.color.a);
  return [g as unknown as PDFKit.Mixins.ColorValue, 1];
}

/**
 * Canvas dash arrays in PDF terms: an odd list repeats itself (Canvas 2D does so); a pattern with
 * no gaps is a solid line (Vega-Lite's first strokeDash is [1, 0]); PDFKit refuses zero lengths,
 * so a zero dash (a dot under a round cap) becomes a hair.
 */
export function pdfDash(dash: number[]): number[] | undefined {
  if (!dash.length) return undefined;
  const even = dash.length % 2 ? [...dash, ...dash] : dash;
  if (even.every((d, i) => i % 2 === 0 || d <= 0)) return undefined;
  return even.map((d) => Math.max(d, 0.01));
}

const PAINTERS: { [K in ChartItem['kind']]: (doc: Doc, item: Extract<ChartItem, { kind: K }>) => void } = {
  path(doc, item: ChartPath) {
    if (item.fill) {
      const [color, alpha] = paintOf(doc, item.fill);
      tracePath(doc, item.ops);
      doc.fillColor(color, opacity(alpha)).fill(item.fillRule === 'evenodd' ? 'even-odd' : 'non-zero');
    }
    if (item.stroke) {
      const s = item.stroke;
      const [color, alpha] = paintOf(doc, s.paint);
      tracePath(doc, item.ops);
      // Each item is drawn inside its own save/restore, on PDF's defaults (butt caps, miter joins,
      // limit 10, solid, opaque): only what differs is written.
      doc.lineWidth(s.width);
      if (s.cap !== 'butt') doc.lineCap(s.cap);
      if (s.join !== 'miter') doc.lineJoin(s.join);
      if (s.join === 'miter' && s.miterLimit !== 10) doc.miterLimit(s.miterLimit);
      const dash = pdfDash(s.dash);
      if (dash) doc.dash(dash as unknown as number, { phase: s.dashOffset });
      doc.strokeColor(color, opacity(alpha)).stroke();
    }
  },
  image(doc, item: ChartImage) {
    const [a, b, c, d, e, f] = item.matrix;
    doc.transform(a, b, c, d, e, f);
    doc.opacity(item.opacity);
    doc.image(item.bytes, item.x, item.y, { width: item.w, height: item.h });
  },
  text(doc, item: ChartText) {
    const [a, b, c, d, e, f] = item.matrix;
    doc.transform(a, b, c, d, e, f);
    doc.fillColor(hex(item.fill), opacity(item.fill.a));
    showText(doc, item.face, item.size, item.text, item.x, item.y, 0);
  },
};

/** Where a chart's ink goes for a reader: its data and labels are the figure, its decoration an artifact. */
export interface ChartMarks {
  switchTo(decoration: boolean): void;
  close(): void;
}

/** Draws the chart with its top-left at (x, y), scaled to w × h. */
export function paintChart(doc: Doc, scene: ChartScene, x: number, y: number, w: number, h: number, marks?: ChartMarks) {
  doc.save();
  doc.translate(x, y);
  doc.scale(w / scene.width, h / scene.height);
  for (const item of scene.items) {
    marks?.switchTo(item.decoration === true);
    doc.save();
    applyClip(doc, item.clip);
    (PAINTERS[item.kind] as (d: Doc, i: ChartItem) => void)(doc, item);
    doc.restore();
  }
  marks?.close();
  doc.restore();
}
