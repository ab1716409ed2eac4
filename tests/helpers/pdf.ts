// Reads a PDF we produced with pdf.js: pages, their size, and every text item with position, size and font.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { inflateSync } from 'node:zlib';

export interface PdfText {
  str: string;
  x: number;
  /** Baseline, measured from the top of the page (as layout measures). */
  y: number;
  width: number;
  size: number;
  font: string;
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfText[];
  /** Text in reading order: items sorted into lines top to bottom, left to right. */
  text: string;
  annotations: { subtype: string; dest?: unknown; url?: string }[];
}

export interface PdfDoc {
  pages: PdfPage[];
  outline: { title: string; items: { title: string }[] }[];
  info: Record<string, unknown>;
  fonts: string[];
}

export async function readPdf(bytes: Uint8Array): Promise<PdfDoc> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: PdfPage[] = [];
  const fonts = new Set<string>();
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const [, , w, h] = page.view;
    const content = await page.getTextContent();
    await page.getOperatorList();
    const items: PdfText[] = [];
    for (const it of content.items) {
      if (!('str' in it) || !it.str.trim()) continue;
      const [a, b, , , e, f] = it.transform;
      const size = Math.hypot(a, b);
      const style = content.styles[it.fontName];
      fonts.add(style?.fontFamily ?? it.fontName);
      items.push({ str: it.str, x: e, y: h - f, width: it.width, size, font: it.fontName });
    }
    const annotations = (await page.getAnnotations()).map((a: { subtype: string; dest?: unknown; url?: string }) => ({ subtype: a.subtype, dest: a.dest, url: a.url }));
    pages.push({ width: w, height: h, items, text: readingOrder(items), annotations });
  }
  const outline = ((await doc.getOutline()) ?? []) as PdfDoc['outline'];
  const meta = await doc.getMetadata();
  await doc.destroy();
  return { pages, outline, info: meta.info as Record<string, unknown>, fonts: [...fonts] };
}

/** Groups items into lines by baseline (within 2 pt) and joins them left to right. */
function readingOrder(items: PdfText[]): string {
  const sorted = [...items].sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: PdfText[][] = [];
  for (const it of sorted) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line[0].y - it.y) < 4) line.push(it);
    else lines.push([it]);
  }
  return lines
    .map((l) =>
      l
        .sort((a, b) => a.x - b.x)
        .map((it) => it.str)
        .join(' '),
    )
    .join('\n');
}

/**
 * The file as text with its object streams opened: our PDFs keep dictionaries (fonts, structure,
 * output intent) compressed inside /ObjStm streams, so a search of the raw bytes would miss them.
 * Decoded here with zlib alone, not with our writer's view of the file.
 */
export function pdfSource(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString('latin1');
  const opened: string[] = [raw];
  for (const m of raw.matchAll(/<<([^<>]*)>>\s*stream\r?\n/g)) {
    if (!/\/Type\s*\/ObjStm\b/.test(m[1])) continue;
    const length = Number(/\/Length (\d+)/.exec(m[0])?.[1]);
    const at = m.index! + m[0].length;
    opened.push(inflateSync(Buffer.from(raw.slice(at, at + length), 'latin1')).toString('latin1'));
  }
  return opened.join('\n');
}
