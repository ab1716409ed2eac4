// A recording stand-in for Canvas 2D: Vega's CanvasRenderer draws into it, and the calls become chart items.
import { color as parseColor } from 'd3-color';
import type { ChartItem, LinearGradient, Matrix, Paint, PathOp, RadialGradient, Rgba, Stroke } from './scene.js';

/** The font a CSS shorthand names, resolved to one of our faces. Unknown families are reported, not replaced. */
export type FontResolver = (family: string, weight: number, style: 'normal' | 'italic') => string | undefined;
export type TextMeasure = (face: string, size: number, text: string) => number;
/** Cuts text where a fallback face must draw part of it (an Armenian name in a Latin label). */
export type TextSegments = (face: string, text: string) => { face: string; text: string }[];

interface State {
  matrix: Matrix;
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineCap: Stroke['cap'];
  lineJoin: Stroke['join'];
  miterLimit: number;
  dash: number[];
  lineDashOffset: number;
  globalAlpha: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  clip: PathOp[][];
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1], m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3], m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]];
}

class GradientRecord {
  stops: { offset: number; color: string }[] = [];
  constructor(readonly spec: Omit<LinearGradient, 'stops'> | Omit<RadialGradient, 'stops'>) {}
  addColorStop(offset: number, color: string) {
    this.stops.push({ offset, color });
  }
}

/** Parses the CSS font shorthand Vega writes: `[style] [variant] [weight] <size>px <family list>`. */
export function parseFont(css: string): { style: 'normal' | 'italic'; weight: number; size: number; families: string[] } {
  const m = /^\s*(.*?)\s*([\d.]+)px\s+(.+)$/.exec(css);
  if (!m) return { style: 'normal', weight: 400, size: 10, families: ['sans-serif'] };
  const words = m[1].split(/\s+/).filter(Boolean);
  let style: 'normal' | 'italic' = 'normal';
  let weight = 400;
  for (const w of words) {
    if (w === 'italic' || w === 'oblique') style = 'italic';
    else if (w === 'bold' || w === 'bolder') weight = 700;
    else if (w === 'lighter') weight = 300;
    else if (/^\d{3}$/.test(w)) weight = Number(w);
  }
  const families = m[3]
    .split(',')
    .map((f) => f.trim().replace(/^["']|["']$/g, ''))
    .filter(Boolean);
  return { style, weight, size: Number(m[2]), families };
}

/** Mark roles whose ink carries no data: a reader of the chart's alt text loses nothing without them. */
const DECORATION_ROLES = new Set(['axis-grid', 'axis-tick', 'axis-domain', 'frame', 'background']);

/** Gridlines, ticks, axis lines and the backgrounds of groups (a view, a legend, an axis) are decoration. */
function isDecoration(mark: { role: string; marktype: string } | undefined): boolean {
  if (!mark) return true; // drawn outside any mark: the view's background
  return DECORATION_ROLES.has(mark.role) || (mark.marktype === 'group' && mark.role !== 'mark');
}

export class RecordingContext {
  readonly items: ChartItem[] = [];
  readonly unknownFonts = new Set<string>();
  readonly unsupported = new Set<string>();
  private state: State = {
    matrix: IDENTITY,
    fillStyle: '#000',
    strokeStyle: '#000',
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    miterLimit: 10,
    dash: [],
    lineDashOffset: 0,
    globalAlpha: 1,
    font: '10px sans-serif',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    clip: [],
  };
  private stack: State[] = [];
  private path: PathOp[] = [];
  private last: { x: number; y: number } = { x: 0, y: 0 };
  private start: { x: number; y: number } = { x: 0, y: 0 };
  /** Vega reads this to align to device pixels; on paper there are none. */
  pixelRatio = 1;
  /** The marks being drawn, innermost last (Vega's renderer reports them: see enterMark). */
  private marks: { role: string; marktype: string }[] = [];

  constructor(
    private readonly resolveFont: FontResolver,
    private readonly measure: TextMeasure,
    private readonly segments: TextSegments = (face, text) => [{ face, text }],
  ) {}

  // --- what is being drawn ------------------------------------------------------------------
  /** Called by Vega's renderer around each mark it draws, so items know whether they carry data. */
  enterMark(role: string, marktype: string) {
    this.marks.push({ role, marktype });
  }
  exitMark() {
    this.marks.pop();
  }
  private emit(item: ChartItem) {
    if (isDecoration(this.marks[this.marks.length - 1])) item.decoration = true;
    this.items.push(item);
  }

  // --- state -------------------------------------------------------------------------------
  save() {
    // Vega draws the whole scene again once images have loaded: a save at the outermost level
    // starts a fresh pass, and only the last, complete one is kept.
    if (this.stack.length === 0) this.items.length = 0;
    this.stack.push({ ...this.state, dash: [...this.state.dash], clip: [...this.state.clip] });
  }
  restore() {
    const s = this.stack.pop();
    if (s) this.state = s;
  }
  get fillStyle() {
    return this.state.fillStyle;
  }
  set fillStyle(v: unknown) {
    this.state.fillStyle = v;
  }
  get strokeStyle() {
    return this.state.strokeStyle;
  }
  set strokeStyle(v: unknown) {
    this.state.strokeStyle = v;
  }
  get lineWidth() {
    return this.state.lineWidth;
  }
  set lineWidth(v: number) {
    this.state.lineWidth = v;
  }
  get lineCap() {
    return this.state.lineCap;
  }
  set lineCap(v: Stroke['cap']) {
    this.state.lineCap = v;
  }
  get lineJoin() {
    return this.state.lineJoin;
  }
  set lineJoin(v: Stroke['join']) {
    this.state.lineJoin = v;
  }
  get miterLimit() {
    return this.state.miterLimit;
  }
  set miterLimit(v: number) {
    this.state.miterLimit = v;
  }
  get lineDashOffset() {
    return this.state.lineDashOffset;
  }
  set lineDashOffset(v: number) {
    this.state.lineDashOffset = v;
  }
  get globalAlpha() {
    return this.state.globalAlpha;
  }
  set globalAlpha(v: number) {
    this.state.globalAlpha = v;
  }
  get font() {
    return this.state.font;
  }
  set font(v: string) {
    this.state.font = v;
  }
  get textAlign() {
    return this.state.textAlign;
  }
  set textAlign(v: string) {
    this.state.textAlign = v;
  }
  get textBaseline() {
    return this.state.textBaseline;
  }
  set textBaseline(v: string) {
    this.state.textBaseline = v;
  }
  // Blend modes have no print meaning for our charts; accept and ignore them.
  globalCompositeOperation = 'source-over';
  setLineDash(d: number[]) {
    this.state.dash = [...(d ?? [])];
  }
  getLineDash() {
    return [...this.state.dash];
  }

  // --- transforms --------------------------------------------------------------------------
  translate(x: number, y: number) {
    this.state.matrix = multiply(this.state.matrix, [1, 0, 0, 1, x, y]);
  }
  scale(x: number, y: number) {
    this.state.matrix = multiply(this.state.matrix, [x, 0, 0, y, 0, 0]);
  }
  rotate(a: number) {
    const c = Math.cos(a),
      s = Math.sin(a);
    this.state.matrix = multiply(this.state.matrix, [c, s, -s, c, 0, 0]);
  }
  transform(a: number, b: number, c: number, d: number, e: number, f: number) {
    this.state.matrix = multiply(this.state.matrix, [a, b, c, d, e, f]);
  }
  setTransform(a: number | Matrix, b?: number, c?: number, d?: number, e?: number, f?: number) {
    this.state.matrix = Array.isArray(a) ? ([...a] as Matrix) : [a, b!, c!, d!, e!, f!];
  }
  resetTransform() {
    this.state.matrix = IDENTITY;
  }

  // --- paths: points go to chart space as they are added, as Canvas 2D does ----------------
  private pt(x: number, y: number) {
    const m = this.state.matrix;
    return { x: m[0] * x + m[2] * y + m[4], y: m[1] * x + m[3] * y + m[5] };
  }
  beginPath() {
    this.path = [];
  }
  moveTo(x: number, y: number) {
    const p = this.pt(x, y);
    this.path.push({ op: 'M', ...p });
    this.last = this.start = { x, y };
  }
  lineTo(x: number, y: number) {
    if (!this.path.length) return this.moveTo(x, y);
    this.path.push({ op: 'L', ...this.pt(x, y) });
    this.last = { x, y };
  }
  bezierCurveTo(x1: number, y1: number, x2: number, y2: number, x: number, y: number) {
    if (!this.path.length) this.moveTo(x1, y1);
    const a = this.pt(x1, y1),
      b = this.pt(x2, y2),
      p = this.pt(x, y);
    this.path.push({ op: 'C', x1: a.x, y1: a.y, x2: b.x, y2: b.y, x: p.x, y: p.y });
    this.last = { x, y };
  }
  quadraticCurveTo(cx: number, cy: number, x: number, y: number) {
    const { x: x0, y: y0 } = this.last;
    this.bezierCurveTo(x0 + (2 / 3) * (cx - x0), y0 + (2 / 3) * (cy - y0), x + (2 / 3) * (cx - x), y + (2 / 3) * (cy - y), x, y);
  }
  closePath() {
    if (this.path.length) this.path.push({ op: 'Z' });
    this.last = this.start;
  }
  rect(x: number, y: number, w: number, h: number) {
    this.moveTo(x, y);
    this.lineTo(x + w, y);
    this.lineTo(x + w, y + h);
    this.lineTo(x, y + h);
    this.closePath();
  }
  /** Arcs become cubic Béziers of at most a quarter turn each (error under 0.03 % of the radius). */
  arc(cx: number, cy: number, r: number, a0: number, a1: number, ccw = false) {
    const tau = Math.PI * 2;
    let sweep = a1 - a0;
    if (!ccw && sweep < 0) sweep = (sweep % tau) + tau;
    if (ccw && sweep > 0) sweep = (sweep % tau) - tau;
    if (Math.abs(a1 - a0) >= tau) sweep = ccw ? -tau : tau;
    const x0 = cx + r * Math.cos(a0),
      y0 = cy + r * Math.sin(a0);
    if (this.path.length) this.lineTo(x0, y0);
    else this.moveTo(x0, y0);
    const n = Math.max(1, Math.ceil(Math.abs(sweep) / (Math.PI / 2) - 1e-9));
    const step = sweep / n;
    const k = (4 / 3) * Math.tan(step / 4);
    let a = a0;
    for (let i = 0; i < n; i++) {
      const b = a + step;
      const [ca, sa, cb, sb] = [Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b)];
      this.bezierCurveTo(cx + r * (ca - k * sa), cy + r * (sa + k * ca), cx + r * (cb + k * sb), cy + r * (sb - k * cb), cx + r * cb, cy + r * sb);
      a = b;
    }
  }
  arcTo(x1: number, y1: number, x2: number, y2: number, r: number) {
    // Used by Vega only for rounded corners; a straight corner keeps geometry within r of it.
    if (r <= 0) return this.lineTo(x1, y1);
    const { x: x0, y: y0 } = this.last;
    const v1 = { x: x0 - x1, y: y0 - y1 },
      v2 = { x: x2 - x1, y: y2 - y1 };
    const l1 = Math.hypot(v1.x, v1.y),
      l2 = Math.hypot(v2.x, v2.y);
    const angle = Math.acos(Math.max(-1, Math.min(1, (v1.x * v2.x + v1.y * v2.y) / (l1 * l2))));
    const t = r / Math.tan(angle / 2);
    if (!Number.isFinite(t) || l1 === 0 || l2 === 0) return this.lineTo(x1, y1);
    const p1 = { x: x1 + (v1.x / l1) * t, y: y1 + (v1.y / l1) * t };
    const p2 = { x: x1 + (v2.x / l2) * t, y: y1 + (v2.y / l2) * t };
    this.lineTo(p1.x, p1.y);
    const k = (4 / 3) * Math.tan((Math.PI - angle) / 4);
    this.bezierCurveTo(p1.x + (x1 - p1.x) * k, p1.y + (y1 - p1.y) * k, p2.x + (x1 - p2.x) * k, p2.y + (y1 - p2.y) * k, p2.x, p2.y);
  }
  ellipse(cx: number, cy: number, rx: number, ry: number, rot: number, a0: number, a1: number, ccw = false) {
    this.save();
    this.translate(cx, cy);
    this.rotate(rot);
    this.scale(rx, ry);
    this.arc(0, 0, 1, a0, a1, ccw);
    this.restore();
  }

  // --- painting ----------------------------------------------------------------------------
  fill(rule?: 'nonzero' | 'evenodd') {
    if (!this.path.length) return;
    const fill = this.paint(this.state.fillStyle);
    if (fill) this.emit({ kind: 'path', ops: this.path, fill, fillRule: rule ?? 'nonzero', clip: this.state.clip });
  }
  stroke() {
    if (!this.path.length) return;
    const paint = this.paint(this.state.strokeStyle);
    if (!paint || this.state.lineWidth <= 0) return;
    const m = this.state.matrix;
    const scale = Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
    this.emit({
      kind: 'path',
      ops: this.path,
      stroke: {
        paint,
        width: this.state.lineWidth * scale,
        cap: this.state.lineCap,
        join: this.state.lineJoin,
        miterLimit: this.state.miterLimit,
        dash: this.state.dash.map((d) => d * scale),
        dashOffset: this.state.lineDashOffset * scale,
      },
      clip: this.state.clip,
    });
  }
  clip() {
    this.state.clip = [...this.state.clip, this.path];
  }
  fillRect(x: number, y: number, w: number, h: number) {
    const saved = this.path;
    this.beginPath();
    this.rect(x, y, w, h);
    this.fill();
    this.path = saved;
  }
  strokeRect(x: number, y: number, w: number, h: number) {
    const saved = this.path;
    this.beginPath();
    this.rect(x, y, w, h);
    this.stroke();
    this.path = saved;
  }
  clearRect() {
    // The page under a chart is already blank; nothing to clear.
  }
  fillText(text: string, x: number, y: number) {
    const fill = this.paint(this.state.fillStyle);
    if (!fill || !text) return;
    if (!('r' in fill)) {
      this.unsupported.add('gradient-filled text');
      return;
    }
    const f = parseFont(this.state.font);
    const face = this.faceFor(f);
    const align = this.state.textAlign === 'center' ? 'center' : this.state.textAlign === 'right' || this.state.textAlign === 'end' ? 'right' : 'left';
    const parts = this.segments(face, text).map((p) => ({ ...p, width: this.measure(p.face, f.size, p.text) }));
    const width = parts.reduce((w, p) => w + p.width, 0);
    // Canvas aligns around x; the painter places each run by its left end, measured here once.
    let left = align === 'left' ? x : align === 'center' ? x - width / 2 : x - width;
    for (const p of parts) {
      this.emit({ kind: 'text', text: p.text, x: left, y, matrix: [...this.state.matrix] as Matrix, face: p.face, size: f.size, align, fill, width: p.width, clip: this.state.clip });
      left += p.width;
    }
  }
  strokeText() {
    this.unsupported.add('stroked text');
  }
  measureText(text: string) {
    const f = parseFont(this.state.font);
    return { width: this.measure(this.faceFor(f), f.size, text) };
  }
  drawImage(img: { bytes?: Buffer }, x: number, y: number, w: number, h: number) {
    if (!img?.bytes) {
      this.unsupported.add('images other than PNG and JPEG');
      return;
    }
    this.emit({ kind: 'image', bytes: img.bytes, x, y, w, h, matrix: [...this.state.matrix] as Matrix, opacity: this.state.globalAlpha, clip: this.state.clip });
  }
  // Images are placed as they are; smoothing is the viewer's business.
  imageSmoothingEnabled = true;
  createLinearGradient(x1: number, y1: number, x2: number, y2: number) {
    return new GradientRecord({ kind: 'linear', ...this.ptPair(x1, y1, x2, y2) });
  }
  createRadialGradient(x1: number, y1: number, r1: number, x2: number, y2: number, r2: number) {
    const p = this.ptPair(x1, y1, x2, y2);
    return new GradientRecord({ kind: 'radial', x1: p.x1, y1: p.y1, r1, x2: p.x2, y2: p.y2, r2 });
  }
  createPattern() {
    this.unsupported.add('pattern fills');
    return null;
  }

  private ptPair(x1: number, y1: number, x2: number, y2: number) {
    const a = this.pt(x1, y1),
      b = this.pt(x2, y2);
    return { x1: a.x, y1: a.y, x2: b.x, y2: b.y };
  }

  private faceFor(f: ReturnType<typeof parseFont>): string {
    for (const family of f.families) {
      const face = this.resolveFont(family, f.weight, f.style);
      if (face) return face;
    }
    this.unknownFonts.add(f.families.join(', '));
    return this.resolveFont('sans-serif', f.weight, f.style)!;
  }

  private rgba(css: string): Rgba | undefined {
    const c = parseColor(css)?.rgb();
    if (!c || Number.isNaN(c.r)) return undefined;
    const a = (c.opacity ?? 1) * this.state.globalAlpha;
    return a > 0 ? { r: Math.round(c.r), g: Math.round(c.g), b: Math.round(c.b), a } : undefined;
  }

  private paint(style: unknown): Paint | undefined {
    if (typeof style === 'string') return this.rgba(style);
    if (style instanceof GradientRecord) {
      const stops = style.stops.map((s) => ({ offset: s.offset, color: this.rgba(s.color) })).filter((s): s is { offset: number; color: Rgba } => !!s.color);
      return { ...style.spec, stops } as Paint;
    }
    return undefined;
  }
}
