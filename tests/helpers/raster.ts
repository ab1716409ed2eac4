// Pixels for comparing charts: our PDF through pdf.js, Vega's own SVG through Skia (@napi-rs/canvas,
// which pdf.js installs as its Node canvas), both with the same embedded fonts registered.
import { createCanvas, GlobalFonts, Image } from '@napi-rs/canvas';
import { color } from 'd3-color';
import { fontService } from '../../src/fonts/fonts.js';
import { createRequire } from 'node:module';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const require = createRequire(import.meta.url);
let registered = false;

function registerFonts() {
  if (registered) return;
  registered = true;
  for (const w of ['Regular', 'It', 'Semibold', 'Bold']) GlobalFonts.registerFromPath(require.resolve(`source-sans/TTF/SourceSans3-${w}.ttf`), 'Source Sans 3');
  for (const w of ['Regular', 'It', 'Semibold', 'Bold']) GlobalFonts.registerFromPath(require.resolve(`source-serif/TTF/SourceSerif4-${w}.ttf`), 'Source Serif 4');
}

export interface Gray {
  width: number;
  height: number;
  /** 0 = black, 255 = white. */
  data: Uint8Array;
}

function toGray(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Gray {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const a = rgba[i * 4 + 3] / 255;
    // Transparent pixels are paper.
    const g = 0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2];
    data[i] = Math.round(g * a + 255 * (1 - a));
  }
  return { width, height, data };
}

export async function rasterisePdf(pdf: Uint8Array, scale: number, pageNumber = 1): Promise<Gray> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  const page = await doc.getPage(pageNumber);
  const vp = page.getViewport({ scale });
  const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: ReturnType<typeof createCanvas>; context: CanvasRenderingContext2D } } }).canvasFactory;
  const { canvas, context } = factory.create(Math.round(vp.width), Math.round(vp.height));
  await page.render({ canvasContext: context, viewport: vp, canvas } as never).promise;
  const img = (context as unknown as { getImageData(x: number, y: number, w: number, h: number): ImageData }).getImageData(0, 0, canvas.width, canvas.height);
  await doc.destroy();
  return toGray(img.data, canvas.width, canvas.height);
}

/**
 * Colour names as hex: Skia's SVG reader does not know every CSS name Vega passes through from a
 * spec ("grey" drew nothing), and the comparison is of renderers, not of colour tables.
 */
function hexColours(svg: string): string {
  return svg.replace(/(fill|stroke)="([a-zA-Z]+)"/g, (all, attr: string, name: string) => {
    if (name === 'none' || name === 'transparent' || name === 'currentColor') return all;
    const c = color(name);
    return c ? `${attr}="${c.formatHex()}"` : all;
  });
}

const unescape = (t: string) =>
  t
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * Vega's SVG with each line of text drawn as the outlines of its glyphs, in the same fonts
 * (fontkit, the faces the chart measured with): Skia then fills glyphs as pdf.js fills ours, so a
 * comparison sees where text stands and how heavy it is, not two text rasterisers' edges.
 */
export function textAsOutlines(svg: string): string {
  const fonts = fontService();
  return svg.replace(/<text\b([^>]*)>([^<]*)<\/text>/g, (all, attrs: string, content: string) => {
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];
    const text = unescape(content);
    if (!text.trim()) return '';
    const family = (attr('font-family') ?? 'sans-serif').split(',')[0].replace(/["']/g, '').trim();
    const weight = attr('font-weight') === 'bold' ? 700 : Number(attr('font-weight') ?? 400) || 400;
    const face = fonts.match(family === 'sans-serif' ? 'Source Sans 3' : family, weight, attr('font-style') === 'italic' ? 'italic' : 'normal');
    if (!face) return all;
    const size = parseFloat(attr('font-size') ?? '11');
    const segments = fonts.segments(face.key, text);
    const width = segments.reduce((w, sg) => w + fonts.measure(sg.face, size, sg.text), 0);
    const anchor = attr('text-anchor');
    let pen = anchor === 'middle' ? -width / 2 : anchor === 'end' ? -width : 0;
    const paths: string[] = [];
    for (const sg of segments) {
      const font = fonts.font(sg.face);
      const scale = size / font.unitsPerEm;
      const run = font.layout(sg.text);
      run.glyphs.forEach((g, i) => {
        const pos = run.positions[i];
        const d = g.path.toSVG();
        if (d) paths.push(`<path transform="translate(${pen + pos.xOffset * scale},${-pos.yOffset * scale}) scale(${scale},${-scale})" d="${d}"/>`);
        pen += pos.xAdvance * scale;
      });
    }
    const paint = ['fill', 'opacity', 'fill-opacity'].map((a) => (attr(a) !== undefined ? ` ${a}="${attr(a)}"` : '')).join('');
    return `<g transform="${attr('transform') ?? ''}"${paint || ' fill="#000"'}>${paths.join('')}</g>`;
  });
}

/** Vega's SVG without its text: for comparing the marks alone. */
export function withoutText(svg: string): string {
  return svg.replace(/<text\b[^>]*>[\s\S]*?<\/text>/g, '');
}

export function rasteriseSvg(svg: string, width: number, height: number, scale: number): Gray {
  registerFonts();
  svg = hexColours(svg);
  const w = Math.round(width * scale),
    h = Math.round(height * scale);
  // Render the vector at the target size (a bitmap decoded at 1x and scaled up would blur).
  const sized = svg.replace(/^<svg([^>]*?) width="[\d.]+" height="[\d.]+"/, `<svg$1 width="${w}" height="${h}"`);
  const img = new Image();
  img.src = Buffer.from(sized);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(img, 0, 0, w, h);
  return toGray(ctx.getImageData(0, 0, w, h).data, w, h);
}

/** Halves the resolution by averaging 2 x 2 blocks: anti-aliasing differences wash out, shapes stay. */
function halve(g: Gray): Gray {
  const width = g.width >> 1,
    height = g.height >> 1;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = 2 * y * g.width + 2 * x;
      data[y * width + x] = (g.data[i] + g.data[i + 1] + g.data[i + g.width] + g.data[i + g.width + 1]) >> 2;
    }
  return { width, height, data };
}

/**
 * Similarity of the ink two renderings put on paper, 0..1: one minus the summed difference over the
 * summed ink of either. Blank paper does not count, so a chart is not "similar" for being mostly white.
 */
export function inkSimilarity(a: Gray, b: Gray, halvings = 1): number {
  const width = Math.min(a.width, b.width),
    height = Math.min(a.height, b.height);
  const crop = (g: Gray): Gray => {
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) data.set(g.data.subarray(y * g.width, y * g.width + width), y * width);
    return { width, height, data };
  };
  let x = crop(a),
    y = crop(b);
  for (let i = 0; i < halvings; i++) [x, y] = [halve(x), halve(y)];
  let diff = 0,
    ink = 0;
  for (let i = 0; i < x.data.length; i++) {
    const ia = 255 - x.data[i],
      ib = 255 - y.data[i];
    diff += Math.abs(ia - ib);
    ink += Math.max(ia, ib);
  }
  return ink === 0 ? 1 : 1 - diff / ink;
}
