// The web twin: the laid-out brief as one self-contained HTML file, from the same reading tree its
// PDF's tags come from (headings, lists, tables, figures), its text from the same runs, its charts
// drawn as inline SVG from the same chart scenes. Fonts are subset into the file: nothing loads.
import { createHash } from 'node:crypto';
import { cached, store } from '../cache/disk.js';
import type { ChartScene, Matrix, Paint, PathOp, Rgba } from '../chart/scene.js';
import type { FontService } from '../fonts/fonts.js';
import { subsetForWeb } from '../fonts/web-subset.js';
import { sfntToWoff } from '../fonts/woff.js';
import type { Box, ChartBox, Layout, ReadingKind, ReadingNode, TextRun } from '../layout/boxes.js';
import { atLevel, logicalOrder, paragraphDirection } from '../layout/direction.js';
import { contentOrder } from '../layout/reading.js';
import { destination } from '../parse/document.js';
import type { DocumentInfo, Renderer, RenderSettings } from '../render.js';

export const htmlRenderer: Renderer = { format: 'html', render: renderHtml };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every string from a brief goes into the page through here: as text, or as a quoted attribute. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Links a reader may follow: the web, mail, and places in the page. Anything else is no link. */
export function safeHref(url: string): string | undefined {
  if (/^#[A-Za-z][\w-]*$/.test(url)) return url;
  try {
    const u = new URL(url);
    return ['https:', 'http:', 'mailto:'].includes(u.protocol) ? u.href : undefined;
  } catch {
    return undefined;
  }
}

interface Placed {
  box: Box;
  page: number;
}

/** What a face is in CSS: which family, weight and style the browser picks it by. */
function cssFace(fonts: FontService, key: string) {
  const f = fonts.face(key);
  return { family: f.family, weight: f.weight, style: f.style };
}

async function renderHtml(layout: Layout, fonts: FontService, info: DocumentInfo, _settings: RenderSettings): Promise<Buffer> {
  const content = new Map<number, Placed>();
  const anchors = new Map<number, string[]>();
  layout.pages.forEach((page, p) => {
    let pending: string[] = [];
    for (const box of page.boxes) {
      if (box.kind === 'anchor') pending.push(box.name);
      else if (box.tag && 'content' in box.tag) {
        content.set(box.tag.content, { box, page: p });
        if (pending.length) anchors.set(box.tag.content, pending);
        pending = [];
      }
    }
  });
  /** Characters each face draws, for its subset. */
  const used = new Map<string, Set<string>>();
  const use = (face: string, text: string) => {
    let set = used.get(face);
    if (!set) used.set(face, (set = new Set()));
    for (const ch of text) set.add(ch);
  };
  let figures = 0;

  /** The text of a node's own runs and inline children, spaced as the page reads. */
  let last: TextRun | undefined;
  let lastPage = -1;
  const pageDirection = paragraphDirection('', info.language);
  /** The face and size of the block being written: its runs in another face are marked as such. */
  let blockFace: string | undefined;
  /** The brief's text size (most characters are set in it): 100 % of the page's base size. */
  const textPt = textSize(layout);
  let blockSize = textPt;
  /** Sizes used, in per cent of the text size, for their classes. */
  const scales = new Set<number>();
  const runText = (run: TextRun, page: number, plain: boolean): string => {
    let sep = '';
    if (last) {
      const sameLine = page === lastPage && Math.abs(last.y - run.y) < last.size * 0.6;
      // The rest of a word broken at a line's end reads as nothing: its first part reads whole.
      if (run.actualText === '') sep = '';
      else if (!sameLine) sep = ' ';
      else if (run.x - (last.x + last.width) > Math.min(last.size, run.size) * 0.15) sep = ' ';
    }
    last = run;
    lastPage = page;
    const text = run.actualText ?? run.text;
    use(run.face, text);
    if (!text) return sep;
    let html = escapeHtml(text);
    if (run.face !== blockFace) {
      // Another face than the block's: emphasis where it is one (italic, bolder), else only its look.
      const own = cssFace(fonts, run.face);
      const around = blockFace ? cssFace(fonts, blockFace) : undefined;
      const tag = plain ? 'span' : own.style === 'italic' && around?.style !== 'italic' ? 'em' : own.weight > (around?.weight ?? 400) ? 'strong' : 'span';
      html = `<${tag} class="${faceClass(run.face)}">${html}</${tag}>`;
    }
    return escapeHtml(sep) + html;
  };

  const kids = (n: ReadingNode, plain: boolean): string => n.kids.map((k) => ('content' in k ? contentHtml(k.content, plain) : nodeHtml(k, plain))).join('');
  const contentHtml = (id: number, plain: boolean): string => {
    const placed = content.get(id);
    if (!placed) return '';
    const ids = (anchors.get(id) ?? []).map((a) => `<span id="${escapeHtml(a)}"></span>`).join('');
    if (placed.box.kind === 'text') return ids + runText(placed.box, placed.page, plain);
    if (placed.box.kind === 'chart') return ids + chartSvg(placed.box, fonts, use, ++figures);
    return ids;
  };
  const block = (tag: string, n: ReadingNode, plain = false, attrs = '') => {
    last = undefined;
    const outer = blockFace;
    const outerSize = blockSize;
    const own = dominant(n, content);
    if (own) [blockFace, blockSize] = [own.face, own.size];
    const inner = (TEXT_BLOCKS.has(tag) && bidiText(n, plain)) || kids(n, plain).trim();
    [blockFace, blockSize] = [outer, outerSize];
    last = undefined;
    const scale = own && own.size !== outerSize ? Math.round((own.size / textPt) * 100) : undefined;
    if (scale) scales.add(scale);
    const cls = [own && own.face !== outer ? faceClass(own.face) : '', scale ? `z${scale}` : ''].filter(Boolean).join(' ');
    // A paragraph in the other direction from the page's (Arabic in an English brief) says so.
    if (TEXT_BLOCKS.has(tag)) {
      const direction = paragraphDirection(decodeText(inner), info.language);
      if (direction !== pageDirection) attrs += ` dir="${direction}"`;
    }
    if (cls) attrs = attrs.includes('class="') ? attrs.replace('class="', `class="${cls} `) : `${attrs} class="${cls}"`;
    return `<${tag}${attrs}>${inner}</${tag}>\n`;
  };
  /**
   * A block with right-to-left text: the PDF draws each line's words in visual order (UAX #9 L2);
   * a web page holds them in the order they are read, and the browser lays them out. Each line's
   * words are put back (logicalOrder), each in its run's language, face and link.
   */
  const bidiText = (n: ReadingNode, plain: boolean): string | undefined => {
    const placed = contentOrder(n)
      .map((id) => content.get(id))
      .filter((p): p is Placed & { box: TextRun } => p?.box.kind === 'text');
    if (!placed.some((p) => p.box.level)) return undefined;
    const lines: (Placed & { box: TextRun })[][] = [];
    for (const p of placed) {
      const line = lines[lines.length - 1];
      const prev = line?.[line.length - 1];
      if (prev && prev.page === p.page && Math.abs(prev.box.y - p.box.y) < prev.box.size * 0.6) line.push(p);
      else lines.push([p]);
    }
    const out: string[] = [];
    for (const line of lines) {
      // Words and the spaces between them, each at its level, as drawn.
      const words: { text: string; run: TextRun; level: number }[] = [];
      let prev: TextRun | undefined;
      for (const { box } of line) {
        const level = box.level ?? 0;
        if (prev && box.x - (prev.x + prev.width) > Math.min(prev.size, box.size) * 0.15) words.push({ text: ' ', run: box, level: box.spaceLevel ?? level });
        // Drawn mirrored (brackets) or reversed (neutrals alone) at a right-to-left level: undone.
        const text = atLevel(box.actualText ?? box.text, level);
        text.split(' ').forEach((w, i) => {
          if (i) words.push({ text: ' ', run: box, level });
          if (w) words.push({ text: w, run: box, level });
        });
        prev = box;
        use(box.face, text);
      }
      const read = logicalOrder(
        words,
        words.map((w) => w.level),
      );
      out.push(
        read
          .map((w) => {
            if (w.text === ' ') return ' ';
            let html = escapeHtml(w.text);
            if (w.run.face !== blockFace) html = `<span class="${faceClass(w.run.face)}">${html}</span>`;
            if (w.run.lang) html = `<span lang="${escapeHtml(w.run.lang)}">${html}</span>`;
            const href = !plain && w.run.link ? (w.run.link.dest ? `#${w.run.link.dest}` : safeHref(w.run.link.url ?? '')) : undefined;
            if (href) html = `<a href="${escapeHtml(href)}">${html}</a>`;
            if (w.run.link?.dest && destination.read(w.run.link.dest)) html = `<sup>${html}</sup>`;
            return html;
          })
          .join('')
          .replace(/ {2,}/g, ' ')
          .trim(),
      );
    }
    return out.join(' ');
  };
  const lang = (n: ReadingNode) => (n.lang ? ` lang="${escapeHtml(n.lang)}"` : '');

  const nodeHtml = (n: ReadingNode, plain: boolean): string => {
    const element = ELEMENTS[n.kind];
    if (element) return block(element.tag, n, element.plain === 'inherit' ? plain : element.plain, element.attrs);
    switch (n.kind) {
      case 'document':
      case 'chart':
        return kids(n, plain);
      case 'heading':
        return block(`h${Math.min(6, n.level ?? 2)}`, n, true);
      case 'list':
        return block(n.ordered ? 'ol' : 'ul', n, plain, n.numbering === 'lower-alpha' ? ' class="alpha"' : '');
      case 'citation':
        return `<sup>${kids(n, true)}</sup>`;
      case 'link': {
        const target = n.description && /^(https?:|mailto:)/.test(n.description) ? safeHref(n.description) : undefined;
        const inner = kids(n, plain);
        // A citation's link names its source: the description; its target the source's anchor.
        const dest = linkTarget(n, content);
        const href = dest ?? target;
        const space = inner.match(/^\s+/)?.[0] ?? '';
        return href ? `${space}<a href="${escapeHtml(href)}"${n.description && !target ? ` title="${escapeHtml(n.description)}"` : ''}>${inner.slice(space.length)}</a>` : inner;
      }
      case 'name': {
        const inner = kids(n, plain);
        const space = inner.match(/^\s+/)?.[0] ?? '';
        return `${space}<span${lang(n)}>${inner.slice(space.length)}</span>`;
      }
    }
    // A kind of ELEMENTS, answered above.
    return kids(n, plain);
  };

  blockFace = 'serif';
  const body = dataLinks(nodeHtml(layout.reading, false));
  // The classification banner, set in the face the PDF's running head gives it.
  const head = info.keywords ? layout.pages[0]?.boxes.find((b): b is TextRun => b.kind === 'text' && b.text === info.keywords) : undefined;
  if (head) use(head.face, head.text);
  const banner = info.keywords ? `<p class="banner${head ? ` ${faceClass(head.face)}` : ''}">${escapeHtml(info.keywords)}</p>\n` : '';
  const dir = /^(ar|fa|he|ur|ps|yi)\b/.test(info.language) ? ' dir="rtl"' : '';
  const faces =
    (await fontFaces(fonts, used)) +
    faceClasses(fonts, used) +
    [...scales]
      .sort((a, b) => a - b)
      .map((z) => `.z${z}{font-size:${Math.round(z * BASE_REM * 1000) / 100000}rem}`)
      .join('');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(info.language)}"${dir}>`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(info.title)}</title>`,
    `<meta name="description" content="${escapeHtml(info.subject)}">`,
    `<meta name="author" content="${escapeHtml(info.author)}">`,
    `<meta name="date" content="${info.creationDate.toISOString().slice(0, 10)}">`,
    `<style>${faces}${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header>${banner}</header>`,
    `<main>\n${body}</main>`,
    `<footer>${banner}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return Buffer.from(html);
}

/**
 * Reading kinds that are one element each: its tag, its attributes, and whether the runs in it
 * are plain (a heading's bold is no emphasis), marked as emphasis, or as around it ('inherit').
 */
const ELEMENTS: Partial<Record<ReadingKind, { tag: string; attrs?: string; plain: boolean | 'inherit' }>> = {
  section: { tag: 'section', plain: false },
  'key-judgments': { tag: 'section', attrs: ' class="key-judgments"', plain: false },
  changes: { tag: 'section', attrs: ' class="changes"', plain: false },
  'key-facts': { tag: 'aside', attrs: ' class="key-facts"', plain: false },
  callout: { tag: 'aside', attrs: ' class="callout"', plain: false },
  paragraph: { tag: 'p', plain: 'inherit' },
  item: { tag: 'li', plain: 'inherit' },
  label: { tag: 'span', attrs: ' class="label"', plain: true },
  'item-body': { tag: 'div', attrs: ' class="body"', plain: 'inherit' },
  table: { tag: 'table', plain: false },
  'table-head': { tag: 'thead', plain: false },
  'table-body': { tag: 'tbody', plain: false },
  row: { tag: 'tr', plain: false },
  'header-cell': { tag: 'th', attrs: ' scope="col"', plain: true },
  cell: { tag: 'td', plain: false },
  quote: { tag: 'blockquote', plain: false },
  figure: { tag: 'figure', plain: false },
  caption: { tag: 'figcaption', plain: false },
  footnote: { tag: 'div', attrs: ' class="note"', plain: 'inherit' },
};

/** The class that sets a face as the PDF set it (family, weight, style). */
const faceClass = (key: string) => `f-${key.replace(/[^a-z0-9-]/gi, '-')}`;

function faceClasses(fonts: FontService, used: Map<string, Set<string>>): string {
  return [...used.keys()]
    .sort()
    .map((key) => {
      const f = cssFace(fonts, key);
      return `.${faceClass(key)}{font-family:"${f.family}";font-weight:${f.weight};font-style:${f.style}}`;
    })
    .join('');
}

/** Blocks that hold a paragraph's worth of text, which may run in the other direction. */
const TEXT_BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'figcaption']);

/** The text of a piece of our own markup. */
const decodeText = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[e]!)
    .replace(/\s+/g, ' ')
    .trim();

/**
 * With the chart data annex (--chart-data), each figure links to its table there: the heading the
 * annex gives it reads as the figure's caption ("Figure 1: ..."), and the link says the same.
 */
function dataLinks(body: string): string {
  const headings = [...body.matchAll(/<h(\d)([^>]*)>([\s\S]*?)<\/h\1>/g)];
  const edits: { at: number; text: string }[] = [];
  const taken = new Set<number>();
  [...body.matchAll(/<figure>([\s\S]*?)<\/figure>/g)].forEach((f, i) => {
    const caption = /<figcaption[^>]*>([\s\S]*?)<\/figcaption>/.exec(f[1]);
    if (!caption) return;
    const label = decodeText(caption[1]);
    const heading = headings.find((h) => h.index! > f.index! && !taken.has(h.index!) && decodeText(h[3]) === label);
    if (!heading) return;
    taken.add(heading.index!);
    const id = `data-figure-${i + 1}`;
    // The heading gets the id; the figure, before its end, the link.
    edits.push({ at: heading.index! + 3, text: ` id="${id}"` });
    edits.push({ at: f.index! + f[0].length - '</figure>'.length, text: `<p class="data"><a href="#${id}">↓ ${escapeHtml(label)}</a></p>` });
  });
  edits.sort((a, b) => b.at - a.at);
  for (const e of edits) body = body.slice(0, e.at) + e.text + body.slice(e.at);
  return body;
}

/** The page's base size in rem: the brief's text size on screen. */
const BASE_REM = 1.0625;

/** The size most of the brief's text is set in. */
function textSize(layout: Layout): number {
  const count = new Map<number, number>();
  for (const p of layout.pages) for (const b of p.boxes) if (b.kind === 'text' && b.tag && 'content' in b.tag) count.set(b.size, (count.get(b.size) ?? 0) + b.text.length);
  let best = 10;
  for (const [size, c] of count) if (c > (count.get(best) ?? 0)) best = size;
  return best;
}

/** The face and size most of a node's own text is set in (by characters), if it has text of its own. */
function dominant(n: ReadingNode, content: Map<number, Placed>): { face: string; size: number } | undefined {
  const count = new Map<string, number>();
  for (const k of n.kids) {
    if (!('content' in k)) continue;
    const box = content.get(k.content)?.box;
    if (box?.kind === 'text' && !box.link) count.set(`${box.face}\0${box.size}`, (count.get(`${box.face}\0${box.size}`) ?? 0) + box.text.length);
  }
  let best: string | undefined;
  for (const [key, c] of count) if (!best || c > count.get(best)!) best = key;
  if (!best) return undefined;
  const [face, size] = best.split('\0');
  return { face, size: Number(size) };
}

/** Where a link goes: a citation's source (or note) anchor in the page. */
function linkTarget(n: ReadingNode, content: Map<number, Placed>): string | undefined {
  for (const k of n.kids) {
    if (!('content' in k)) continue;
    const box = content.get(k.content)?.box;
    if (box?.kind === 'text' && box.link?.dest && destination.read(box.link.dest)) return `#${box.link.dest}`;
    if (box?.kind === 'text' && box.link?.url) return safeHref(box.link.url);
  }
  return undefined;
}

/** Subsets made in this process, by face and characters: a preview or a batch rebuilds with the same ones. */
const subsets = new Map<string, Buffer>();

async function subset(fonts: FontService, key: string, chars: string): Promise<Buffer> {
  const id = `${key}\0${chars}`;
  let woff = subsets.get(id);
  if (woff) return woff;
  // On disk too, by the font file (path, size, time) and the characters: harfbuzz's WebAssembly
  // costs a cold build ~150 ms to compile, and most runs draw the characters of the last.
  const diskKey = `${fonts.fileOf(fonts.font(key))}\0${chars}`;
  const entry = cached('websubset', diskKey) as { sha256?: unknown; bytes?: unknown } | undefined;
  if (typeof entry?.bytes === 'string' && typeof entry.sha256 === 'string') {
    const bytes = Buffer.from(entry.bytes, 'base64');
    if (sha256(bytes) === entry.sha256) woff = bytes;
  }
  if (!woff) {
    woff = sfntToWoff(await subsetForWeb(fonts.bytes(key), chars));
    store('websubset', diskKey, { sha256: sha256(woff), bytes: woff.toString('base64') });
  }
  if (subsets.size > 256) subsets.clear();
  subsets.set(id, woff);
  return woff;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Each face the page uses, subset to the characters it draws, as WOFF2 in the file. */
async function fontFaces(fonts: FontService, used: Map<string, Set<string>>): Promise<string> {
  const out: string[] = [];
  for (const key of [...used.keys()].sort()) {
    const chars = [...used.get(key)!].sort().join('');
    if (!chars.trim()) continue;
    const woff = await subset(fonts, key, chars);
    const f = cssFace(fonts, key);
    out.push(`@font-face{font-family:"${f.family}";font-weight:${f.weight};font-style:${f.style};src:url(data:font/woff;base64,${woff.toString('base64')}) format("woff")}`);
  }
  return out.join('');
}

const n2 = (v: number) => String(Math.round(v * 100) / 100);
const color = (c: Rgba) => `rgb(${Math.round(c.r)},${Math.round(c.g)},${Math.round(c.b)})`;

function pathData(ops: PathOp[]): string {
  return ops
    .map((o) => (o.op === 'M' ? `M${n2(o.x)} ${n2(o.y)}` : o.op === 'L' ? `L${n2(o.x)} ${n2(o.y)}` : o.op === 'C' ? `C${n2(o.x1)} ${n2(o.y1)} ${n2(o.x2)} ${n2(o.y2)} ${n2(o.x)} ${n2(o.y)}` : 'Z'))
    .join('');
}

/** A chart scene as inline SVG: the same paths and text runs paint gives the PDF, as an image with its description. */
function chartSvg(box: ChartBox, fonts: FontService, use: (face: string, text: string) => void, n: number): string {
  const scene: ChartScene = box.scene;
  const defs: string[] = [];
  let ids = 0;
  const paint = (p: Paint): { value: string; opacity: number } => {
    if ('kind' in p) {
      const id = `f${n}g${++ids}`;
      const stops = p.stops.map((s) => `<stop offset="${n2(s.offset)}" stop-color="${color(s.color)}" stop-opacity="${n2(s.color.a)}"/>`).join('');
      defs.push(
        p.kind === 'linear'
          ? `<linearGradient id="${id}" gradientUnits="userSpaceOnUse" x1="${n2(p.x1)}" y1="${n2(p.y1)}" x2="${n2(p.x2)}" y2="${n2(p.y2)}">${stops}</linearGradient>`
          : `<radialGradient id="${id}" gradientUnits="userSpaceOnUse" fx="${n2(p.x1)}" fy="${n2(p.y1)}" fr="${n2(p.r1)}" cx="${n2(p.x2)}" cy="${n2(p.y2)}" r="${n2(p.r2)}">${stops}</radialGradient>`,
      );
      return { value: `url(#${id})`, opacity: 1 };
    }
    return { value: color(p), opacity: p.a };
  };
  const clips = new Map<string, string>();
  const clipOf = (clip: PathOp[][]): string => {
    if (!clip.length) return '';
    const key = JSON.stringify(clip);
    let id = clips.get(key);
    if (!id) {
      id = `f${n}c${clips.size + 1}`;
      clips.set(key, id);
      // Nested clips: each clip path clipped by the one before.
      defs.push(clip.map((ops, i) => `<clipPath id="${id}${i ? `-${i}` : ''}"${i < clip.length - 1 ? ` clip-path="url(#${id}-${i + 1})"` : ''}><path d="${pathData(ops)}"/></clipPath>`).join(''));
    }
    return ` clip-path="url(#${id})"`;
  };
  const items: string[] = [];
  for (const item of scene.items) {
    // Ink that carries no data (ticks, gridlines): class d, as the PDF makes it an artifact.
    const deco = item.decoration ? ' class="d"' : '';
    if (item.kind === 'path') {
      const fill = item.fill ? paint(item.fill) : undefined;
      const stroke = item.stroke ? paint(item.stroke.paint) : undefined;
      const s = item.stroke;
      items.push(
        `<path d="${pathData(item.ops)}" fill="${fill ? fill.value : 'none'}"${fill && fill.opacity < 1 ? ` fill-opacity="${n2(fill.opacity)}"` : ''}${item.fillRule === 'evenodd' ? ' fill-rule="evenodd"' : ''}` +
          (s && stroke
            ? ` stroke="${stroke.value}" stroke-width="${n2(s.width)}"${stroke.opacity < 1 ? ` stroke-opacity="${n2(stroke.opacity)}"` : ''}${s.cap !== 'butt' ? ` stroke-linecap="${s.cap}"` : ''}${s.join !== 'miter' ? ` stroke-linejoin="${s.join}"` : ''}${s.dash.length ? ` stroke-dasharray="${s.dash.map(n2).join(' ')}"` : ''}`
            : '') +
          `${clipOf(item.clip)}/>`,
      );
    } else if (item.kind === 'text') {
      use(item.face, item.text);
      const f = cssFace(fonts, item.face);
      const m: Matrix = item.matrix;
      items.push(
        `<text${deco} x="${n2(item.x)}" y="${n2(item.y)}" transform="matrix(${m.map(n2).join(' ')})" font-family="'${escapeHtml(f.family)}'" font-size="${n2(item.size)}"${f.weight !== 400 ? ` font-weight="${f.weight}"` : ''}${f.style !== 'normal' ? ' font-style="italic"' : ''} fill="${color(item.fill)}"${item.fill.a < 1 ? ` fill-opacity="${n2(item.fill.a)}"` : ''}${clipOf(item.clip)}>${escapeHtml(item.text)}</text>`,
      );
    }
    // Image marks are PNG or JPEG bytes a brief's own chart may draw: none in a briefpress chart yet.
  }
  const title = `f${n}t`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n2(scene.width)} ${n2(scene.height)}" role="img" aria-labelledby="${title}"><title id="${title}">${escapeHtml(scene.alt)}</title>${defs.length ? `<defs>${defs.join('')}</defs>` : ''}${items.join('')}</svg>`;
}

/** The page's look: the brief's typography for a screen of any width, and for a browser's print. */
const STYLE = `
:root{color:#1b1b1b;background:#fff}
body{margin:0;font-family:"Source Serif 4",Georgia,serif;font-size:1.0625rem;line-height:1.5}
main{max-width:40rem;margin:0 auto;padding:0 1rem 2rem}
header,footer{max-width:40rem;margin:0 auto;padding:.5rem 1rem}
.banner{font-family:"Source Sans 3",sans-serif;font-weight:600;font-size:.8125rem;text-align:center;letter-spacing:.02em;border-bottom:1px solid #777;margin:0;padding-bottom:.25rem}
footer .banner{border-bottom:0;border-top:1px solid #777;padding-top:.25rem}
h1,h2,h3,h4,h5,h6{line-height:1.2;color:#14325c}
h1{color:#1b1b1b}
h2{margin-top:2rem}
h3{letter-spacing:.03em}
p{margin:.5rem 0}
.key-judgments{background:#eef0f3;border-inline-start:.25rem solid #14325c;padding:.25rem 1rem;margin:1.5rem 0}
.key-facts{background:#f2f3f5;border-top:.2rem solid #14325c;padding:.25rem 1rem;margin:1rem 0}
.changes{border:1px solid #14325c;padding:.25rem 1rem;margin:1rem 0}
ul,ol{list-style:none;padding-left:0}
li{display:flex;gap:.5rem;margin:.25rem 0}
li .label{flex:0 0 auto;min-width:1rem}
li .body{flex:1;min-width:0}
li .body p{margin:0}
table{border-collapse:collapse;width:100%;display:block;overflow-x:auto}
th,td{text-align:start;vertical-align:top;padding:.375rem .5rem;border-bottom:1px solid #bbb}
th{border-bottom:2px solid #333}
figure{margin:1.5rem 0}
figure svg{display:block;width:100%;height:auto}

sup{line-height:0;font-size:.7em}
a{color:#0b4f9c}
p.data{font-family:"Source Sans 3",sans-serif;font-size:.8125rem;margin:.25rem 0 0}
blockquote{margin:1rem 0;padding-inline-start:1rem;border-inline-start:.2rem solid #999}

@media print{body{font-size:10.5pt}main,header,footer{max-width:none}a{color:inherit;text-decoration:none}figure,table,li{break-inside:avoid}h1,h2,h3{break-after:avoid}}
`;
