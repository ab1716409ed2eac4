// preflight: reads any PDF with pdf.js (not our writer's view of itself) and reports accessibility and print checks.
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { importAtRunTime } from '../runtime/import.js';
import { MIN_TEXT_SIZE, PRINTER_MARGIN_MM } from '../print.js';

export interface Check {
  id: string;
  /** What the check asks, as a reader would put it. */
  title: string;
  failures: string[];
}

export interface PreflightReport {
  pages: number;
  /** Standards the file claims in its XMP: "PDF/UA-1", "PDF/A-2A". */
  claims: string[];
  checks: Check[];
  ok: boolean;
  /** The structure tree's text in its order (what a screen reader reads), one element a line. */
  readingOrder: string[];
}

export interface PreflightOptions {
  /** Smallest text size in points that still reads on paper. */
  minTextSize?: number;
  /** Ink closer than this to the paper's edge (mm) is lost on office printers. */
  printMargin?: number;
}

interface StructNode {
  role?: string;
  type?: string;
  id?: string;
  alt?: string;
  lang?: string;
  children?: StructNode[];
}

const MM = 72 / 25.4;
const CHECKS: Record<string, string> = {
  tagged: 'The file is tagged: MarkInfo /Marked true and a structure tree',
  'marked-content': 'Every text, path and image is tagged content or an artifact, never both',
  headings: 'Headings start at H1 and never skip a level',
  figures: 'Every Figure has alternative text',
  tables: 'Tables are Table > (THead|TBody) > TR > TH|TD, rows of equal length',
  lists: 'Lists are L > LI > Lbl|LBody',
  links: 'Every link is in a Link element and says where it goes (/Contents)',
  metadata: 'Title in XMP and shown by viewers, document language set',
  'fonts-embedded': 'Every font is embedded',
  'text-size': 'No text is smaller than the minimum size',
  'print-margin': 'No ink within the printer margin of the paper edge',
  overprint: 'No text is drawn over other text',
};

/**
 * pdf.js, loaded only by this command (a build never pays for it). Reading a PDF's text and
 * structure needs DOMMatrix (for Type 3 glyph masks); pdf.js takes it from @napi-rs/canvas, a
 * native package npm may leave out (its optional dependency), so a plain-JavaScript one stands in.
 * What pdf.js warns about drawing (canvas, ImageData, Path2D) is not ours to say: preflight draws
 * nothing.
 */
async function loadPdfjs() {
  const g = globalThis as { DOMMatrix?: unknown };
  g.DOMMatrix ??= (await import('@thednp/dommatrix')).default;
  const log = console.log;
  console.log = (...args: unknown[]) => {
    if (!(typeof args[0] === 'string' && /^Warning: Cannot (load "@napi-rs\/canvas"|polyfill)/.test(args[0]))) log(...args);
  };
  try {
    return await importAtRunTime<typeof import('pdfjs-dist/legacy/build/pdf.mjs')>('pdfjs-dist/legacy/build/pdf.mjs');
  } finally {
    console.log = log;
  }
}

/** Any PDF opened with pdf.js, as an independent reader sees it (preflight, `facts`, `diff`). */
export async function openPdf(bytes: Uint8Array): Promise<{ doc: PDFDocumentProxy; OPS: Record<string, number> }> {
  const pdfjs = await loadPdfjs();
  // Its worker code, handed over rather than left for pdf.js to import by URL from a folder of its
  // own guessing.
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= await importAtRunTime('pdfjs-dist/legacy/build/pdf.worker.mjs');
  const doc: PDFDocumentProxy = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  return { doc, OPS: pdfjs.OPS as Record<string, number> };
}

/** Runs every check on `bytes`; `ok` is false when any check has a failure. */
export async function preflight(bytes: Uint8Array, options: PreflightOptions = {}): Promise<PreflightReport> {
  const minText = options.minTextSize ?? MIN_TEXT_SIZE;
  const printMargin = options.printMargin ?? PRINTER_MARGIN_MM;
  const margin = printMargin * MM;
  const { doc, OPS } = await openPdf(bytes);
  const failures: Record<string, string[]> = Object.fromEntries(Object.keys(CHECKS).map((k) => [k, []]));
  const fail = (id: string, what: string) => {
    if (failures[id].length < 50) failures[id].push(what);
  };

  const markInfo = await doc.getMarkInfo();
  if (!markInfo?.Marked) fail('tagged', 'the catalog has no /MarkInfo << /Marked true >>');
  const meta = await doc.getMetadata();
  const xmp = meta.metadata;
  const claims: string[] = [];
  const ua = xmp?.get('pdfuaid:part');
  const pdfa = xmp?.get('pdfaid:part');
  if (ua) claims.push(`PDF/UA-${ua}`);
  if (pdfa) claims.push(`PDF/A-${pdfa}${String(xmp?.get('pdfaid:conformance') ?? '').toUpperCase()}`);
  if (!xmp?.get('dc:title')) fail('metadata', 'no dc:title in the XMP metadata');
  const prefs = await doc.getViewerPreferences();
  if (!(prefs as { DisplayDocTitle?: boolean } | null)?.DisplayDocTitle) fail('metadata', 'viewers show the file name, not the title (/DisplayDocTitle is not true)');
  if (!(meta.info as { Language?: string }).Language) fail('metadata', 'no document language (/Lang in the catalog)');

  const readingOrder: string[] = [];
  let headingLast = 0;
  let sawTree = false;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const tree = (await page.getStructTree()) as StructNode | null;
    const text = await page.getTextContent({ includeMarkedContent: true });
    const ops = await page.getOperatorList();
    const annotations = (await page.getAnnotations()) as { subtype: string; id: string; structParent?: number; contentsObj?: { str: string } }[];
    if (tree?.children?.length) sawTree = true;

    // What each marked-content id shows, to read the tree and to name untagged text.
    const mcText = new Map<string, string>();
    const stack: string[] = [];
    for (const item of text.items as { type?: string; id?: string; str?: string }[]) {
      if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') stack.push(item.id ?? '');
      else if (item.type === 'endMarkedContent') stack.pop();
      else if (item.str !== undefined) {
        const id = [...stack].reverse().find(Boolean);
        if (id) mcText.set(id, (mcText.get(id) ?? '') + item.str);
      }
    }

    const inTree = new Set<string>();
    const objects = new Set<string>();
    const walk = (node: StructNode, parent?: StructNode, inFigure = false) => {
      if (node.type === 'content' && node.id) inTree.add(node.id);
      if (node.type === 'object' && node.id) objects.add(node.id);
      const role = node.role;
      const kids = (node.children ?? []).filter((c) => c.role);
      if (role && /^H[1-6]$/.test(role)) {
        const level = Number(role[1]);
        if (headingLast === 0 && level !== 1) fail('headings', `the first heading is ${role}, not H1 (page ${n})`);
        else if (level > headingLast + 1 && headingLast > 0) fail('headings', `${role} follows H${headingLast}: level ${headingLast + 1} skipped (page ${n})`);
        headingLast = level;
      }
      if (role === 'Figure' && !node.alt?.trim()) fail('figures', `a Figure on page ${n} has no /Alt`);
      if (role === 'Table') for (const k of kids) if (!['TR', 'THead', 'TBody', 'TFoot', 'Caption'].includes(k.role!)) fail('tables', `a Table holds ${k.role} (page ${n})`);
      if (role === 'THead' || role === 'TBody' || role === 'TFoot') for (const k of kids) if (k.role !== 'TR') fail('tables', `${role} holds ${k.role} (page ${n})`);
      if (role === 'TR') for (const k of kids) if (k.role !== 'TH' && k.role !== 'TD') fail('tables', `a table row holds ${k.role} (page ${n})`);
      if ((role === 'TH' || role === 'TD') && parent?.role !== 'TR') fail('tables', `${role} outside a table row (page ${n})`);
      if (role === 'L') for (const k of kids) if (!['L', 'LI', 'Caption'].includes(k.role!)) fail('lists', `a list holds ${k.role} (page ${n})`);
      if (role === 'LI') for (const k of kids) if (k.role !== 'Lbl' && k.role !== 'LBody') fail('lists', `a list item holds ${k.role} (page ${n})`);
      if (role === 'Table') {
        const rows: StructNode[] = [];
        const collect = (t: StructNode) => (t.children ?? []).forEach((c) => (c.role === 'TR' ? rows.push(c) : ['THead', 'TBody', 'TFoot'].includes(c.role ?? '') && collect(c)));
        collect(node);
        const widths = new Set(rows.map((r) => (r.children ?? []).filter((c) => c.role === 'TH' || c.role === 'TD').length));
        if (widths.size > 1) fail('tables', `rows of ${[...widths].join(' and ')} cells in one table (page ${n})`);
      }
      // A leaf's text, in order: what a screen reader reads for it.
      // A Figure is read as its alt text; the labels inside it are not read a second time. Inline
      // elements (a name in another language, a link) are read where they sit in their block.
      const line = inlineText(node, mcText);
      if (role === 'Figure') readingOrder.push(`Figure: ${node.alt ?? ''}`);
      else if (role && !INLINE.has(role) && line && !inFigure) readingOrder.push(`${role}: ${line}`);
      for (const k of node.children ?? []) walk(k, node, inFigure || role === 'Figure');
    };
    if (tree) walk(tree);

    for (const a of annotations) {
      if (a.subtype !== 'Link') continue;
      if (!a.contentsObj?.str?.trim()) fail('links', `a link on page ${n} has no /Contents saying where it goes`);
      if (a.structParent === undefined || a.structParent < 0 || !objects.has(a.id)) fail('links', `a link on page ${n} is not in a Link structure element`);
    }

    // Content operators: each must sit in marked content the tree knows, or in an Artifact.
    const TEXT = new Set(['showText', 'showSpacedText', 'nextLineShowText', 'nextLineSetSpacingShowText'].map((k) => OPS[k]));
    const IMAGES = new Set(['paintImageXObject', 'paintInlineImageXObject', 'paintImageMaskXObject', 'paintSolidColorImageMask', 'paintImageXObjectRepeat', 'shadingFill'].map((k) => OPS[k]));
    const pageRef = (page as unknown as { ref?: { num: number; gen: number } }).ref;
    const mcPrefix = pageRef ? `p${pageRef.num}R_mc` : undefined;
    const marks: { tag: string; mcid: number | null }[] = [];
    const ctm: number[][] = [[1, 0, 0, 1, 0, 0]];
    const [, , pw, ph] = page.view;
    // Where on the page, as a ruler on the printout reads it: from the top-left corner, in mm.
    const at = (x: number, y: number) => `at ${Math.round(x / MM)} mm from the left, ${Math.round((ph - y) / MM)} mm from the top`;
    // The clip region's bounds in page space, kept with the graphics state: ink a clip cuts away
    // (a chart's marks outside its plot area) is not ink near the edge.
    const clips: number[][] = [[-Infinity, -Infinity, Infinity, Infinity]];
    let clipping = false;
    const pageBox = (mm: number[], m: number[]) => {
      const xs = [mm[0], mm[2]].flatMap((x) => [mm[1], mm[3]].map((y) => m[0] * x + m[2] * y + m[4]));
      const ys = [mm[0], mm[2]].flatMap((x) => [mm[1], mm[3]].map((y) => m[1] * x + m[3] * y + m[5]));
      return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    };
    let untagged = 0;
    let firstUntagged = '';
    for (let i = 0; i < ops.fnArray.length; i++) {
      const fn = ops.fnArray[i];
      const args = ops.argsArray[i] as unknown[];
      if (fn === OPS.beginMarkedContent) marks.push({ tag: String(args[0]), mcid: null });
      else if (fn === OPS.beginMarkedContentProps) marks.push({ tag: String(args[0]), mcid: typeof args[1] === 'number' ? args[1] : null });
      else if (fn === OPS.endMarkedContent) marks.pop();
      else if (fn === OPS.save) {
        ctm.push([...ctm[ctm.length - 1]]);
        clips.push([...clips[clips.length - 1]]);
      } else if (fn === OPS.restore) {
        if (ctm.length > 1) ctm.pop();
        if (clips.length > 1) clips.pop();
      } else if (fn === OPS.clip || fn === OPS.eoClip) clipping = true;
      else if (fn === OPS.constructPath && args[0] === OPS.endPath && clipping) {
        clipping = false;
        const mm = args[2] as number[] | null;
        if (mm) {
          const [x0, y0, x1, y1] = pageBox(mm, ctm[ctm.length - 1]);
          const c = clips[clips.length - 1];
          clips[clips.length - 1] = [Math.max(c[0], x0), Math.max(c[1], y0), Math.min(c[2], x1), Math.min(c[3], y1)];
        }
      } else if (fn === OPS.transform) ctm[ctm.length - 1] = multiply(ctm[ctm.length - 1], args as number[]);
      else if (fn === OPS.paintFormXObjectBegin) {
        ctm.push(multiply(ctm[ctm.length - 1], (args[0] as number[] | null) ?? [1, 0, 0, 1, 0, 0]));
        continue;
      } else if (fn === OPS.paintFormXObjectEnd && ctm.length > 1) ctm.pop();
      const isPath = fn === OPS.constructPath && args[0] !== OPS.endPath;
      if (!TEXT.has(fn) && !IMAGES.has(fn) && !isPath) continue;
      const artifactAt = marks.findIndex((m) => m.tag === 'Artifact');
      const tagged = marks.filter((m) => m.mcid !== null);
      const what = TEXT.has(fn) ? `text “${glyphText(args[0]).slice(0, 40)}”` : isPath ? 'a path' : 'an image';
      if (artifactAt >= 0 && tagged.length) fail('marked-content', `${what} on page ${n} is in both an Artifact and tagged content`);
      else if (artifactAt < 0 && !tagged.length) {
        untagged++;
        firstUntagged ||= what;
      } else if (artifactAt < 0 && mcPrefix && !inTree.has(mcPrefix + tagged[tagged.length - 1].mcid)) {
        fail('marked-content', `${what} on page ${n} is marked with MCID ${tagged[tagged.length - 1].mcid}, which no structure element claims`);
      }
      // Ink near the paper's edge: paths by their bounds, images by their unit square.
      if (isPath || IMAGES.has(fn)) {
        const mm = isPath ? (args[2] as number[] | null) : [0, 0, 1, 1];
        if (mm && fn !== OPS.shadingFill) {
          const [bx0, by0, bx1, by1] = pageBox(mm, ctm[ctm.length - 1]);
          const c = clips[clips.length - 1];
          const [x0, y0, x1, y1] = [Math.max(bx0, c[0]), Math.max(by0, c[1]), Math.min(bx1, c[2]), Math.min(by1, c[3])];
          const visible = x0 <= x1 && y0 <= y1;
          if (visible && (x0 < margin - 0.01 || x1 > pw - margin + 0.01 || y0 < margin - 0.01 || y1 > ph - margin + 0.01)) {
            fail('print-margin', `${isPath ? 'a path' : 'an image'} on page ${n} ${at(x0, y1)} reaches within ${printMargin} mm of the edge`);
          }
        }
      }
    }
    if (untagged) fail('marked-content', `page ${n}: ${untagged} drawing operation(s) neither tagged nor artifact, first ${firstUntagged}`);

    // Fonts: each font set on the page must carry its program.
    const fontNames = new Set<string>();
    for (let i = 0; i < ops.fnArray.length; i++) if (ops.fnArray[i] === OPS.setFont) fontNames.add(String((ops.argsArray[i] as unknown[])[0]));
    for (const name of fontNames) {
      const font = fontObject(page, name);
      if (font && font.missingFile) fail('fonts-embedded', `${font.name ?? name} on page ${n} is not embedded`);
    }

    for (const item of text.items as { str?: string; transform?: number[]; width?: number }[]) {
      if (!item.str?.trim() || !item.transform) continue;
      const [a, b, c, d, e, f] = item.transform;
      const size = Math.hypot(a, b);
      if (size < minText - 0.01) fail('text-size', `“${item.str.slice(0, 40)}” on page ${n} ${at(e, f)} is ${Number(size.toFixed(2))} pt (minimum ${minText})`);
      // The run's box along its own direction (rotated axis labels run up the page), cap height high.
      const w = item.width ?? 0;
      const up = Math.hypot(c, d) || 1;
      const corners = [0, 1].flatMap((i) => [0, 0.7].map((j) => [e + (a / size) * w * i + (c / up) * size * j, f + (b / size) * w * i + (d / up) * size * j]));
      const xs = corners.map((p) => p[0]);
      const ys = corners.map((p) => p[1]);
      if (Math.min(...xs) < margin - 0.5 || Math.max(...xs) > pw - margin + 0.5 || Math.min(...ys) < margin - 0.5 || Math.max(...ys) > ph - margin + 0.5) {
        fail('print-margin', `text “${item.str.slice(0, 40)}” on page ${n} ${at(e, f)} reaches within ${printMargin} mm of the edge`);
      }
    }
    // Text over text: two runs whose ink boxes cross by more than a hairline each way. pdf.js may
    // split one run into items that overlap (a glyph with its own ActualText inside an Arabic
    // word): items of one marked-content sequence are one run, never two texts.
    const upright: { str: string; run: number; x0: number; x1: number; y0: number; y1: number }[] = [];
    const marked = text;
    let sequence = 0;
    let depth = 0;
    let run = -1;
    for (const item of marked.items as { type?: string; str?: string; transform?: number[]; width?: number }[]) {
      if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
        if (depth++ === 0) run = ++sequence;
        continue;
      }
      if (item.type === 'endMarkedContent') {
        if (--depth === 0) run = -1;
        continue;
      }
      if (!item.str?.trim() || !item.transform || !(item.width! > 0)) continue;
      const [, b, c, d, e, f] = item.transform;
      // A turned run (a watermark, a rotated axis label) crosses lines by design.
      if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6) continue;
      // From a little below the baseline to the x-height and a little over: the ink two lines share when they collide.
      const h = Math.abs(d);
      upright.push({ str: item.str, run: run >= 0 ? run : -1 - upright.length, x0: e, x1: e + item.width!, y0: f - 0.1 * h, y1: f + 0.6 * h });
    }
    upright.sort((p, q) => p.y0 - q.y0);
    let overprints = 0;
    for (let i = 0; i < upright.length && overprints < 5; i++) {
      const p = upright[i];
      for (let j = i + 1; j < upright.length && upright[j].y0 < p.y1; j++) {
        const q = upright[j];
        if (p.run === q.run) continue;
        const wide = Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0);
        const high = Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0);
        if (wide > 1 && high > 0.25 * Math.min(p.y1 - p.y0, q.y1 - q.y0)) {
          fail('overprint', `text “${p.str.slice(0, 30)}” and “${q.str.slice(0, 30)}” are drawn over each other on page ${n} ${at(Math.max(p.x0, q.x0), Math.max(p.y0, q.y0))}`);
          if (++overprints >= 5) break;
        }
      }
    }
    page.cleanup();
  }
  if (!sawTree) fail('tagged', 'no structure tree: readers get the text without order or meaning');
  await doc.destroy();

  const checks = Object.entries(CHECKS).map(([id, title]) => ({ id, title, failures: failures[id] }));
  return { pages: doc.numPages, claims, checks, ok: checks.every((c) => !c.failures.length), readingOrder };
}

/** Elements read as part of the block around them. */
const INLINE = new Set(['Span', 'Link', 'Reference', 'Quote', 'Code', 'BibEntry', 'Annot']);

/** A block's text in order, its inline children's text where they sit. */
function inlineText(node: StructNode, mcText: Map<string, string>): string {
  const parts = (node.children ?? []).map((c) => (c.type === 'content' ? (mcText.get(c.id!) ?? '') : c.role && INLINE.has(c.role) ? inlineText(c, mcText) : ''));
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

function multiply(m: number[], n: number[]): number[] {
  return [m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1], m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3], m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]];
}

function glyphText(glyphs: unknown): string {
  return Array.isArray(glyphs) ? glyphs.map((g) => (g && typeof g === 'object' && 'unicode' in g ? String((g as { unicode: string }).unicode) : '')).join('') : '';
}

function fontObject(page: PDFPageProxy, name: string): { missingFile?: boolean; name?: string } | undefined {
  try {
    const objs = (page as unknown as { commonObjs: { has(n: string): boolean; get(n: string): unknown } }).commonObjs;
    return objs.has(name) ? (objs.get(name) as { missingFile?: boolean; name?: string }) : undefined;
  } catch {
    return undefined;
  }
}
