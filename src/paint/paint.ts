// paint: Pages of boxes -> PDF bytes through PDFKit. Draws what layout placed; measures nothing, moves nothing.
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { FontService } from '../fonts/fonts.js';
import type { Box, Layout } from '../layout/boxes.js';
import { paintChart } from './chart.js';
import { useFont } from './fonts.js';

export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  keywords?: string;
  language: string;
  /** The brief's date, not the clock: the same brief gives the same bytes. */
  creationDate: Date;
}

/**
 * The PDF's /ID from what it shows: PDFKit derives it from the info dictionary alone, so two
 * briefs with the same title and date would share an ID, and a changed figure would keep it.
 */
function documentId(layout: Layout, info: DocumentInfo): Buffer {
  const h = createHash('md5').update(JSON.stringify(info));
  for (const page of layout.pages) h.update(JSON.stringify([page.width, page.height, page.boxes]));
  return h.digest();
}

type Doc = PDFKit.PDFDocument;


const PAINTERS: { [K in Box['kind']]: (doc: Doc, box: Extract<Box, { kind: K }>) => void } = {
  text(doc, r) {
    useFont(doc, r.face);
    doc.fontSize(r.size).fillColor(r.color);
    // PDFKit encodes a run word by word only when wordSpacing is non-zero; layout measured it word
    // by word, so always take that path (an epsilon adds nothing measurable).
    doc.text(r.text, r.x, r.y, { lineBreak: false, baseline: 'alphabetic', wordSpacing: r.wordSpacing || Number.EPSILON });
    if (r.link?.dest) doc.goTo(r.x, r.y - r.size, r.width, r.size * 1.2, r.link.dest);
    else if (r.link?.url) doc.link(r.x, r.y - r.size, r.width, r.size * 1.2, r.link.url);
  },
  rect(doc, b) {
    doc.rect(b.x, b.y, b.w, b.h);
    if (b.fill && b.stroke) doc.lineWidth(b.lineWidth ?? 0.5).fillAndStroke(b.fill, b.stroke);
    else if (b.fill) doc.fill(b.fill);
    else if (b.stroke) doc.lineWidth(b.lineWidth ?? 0.5).stroke(b.stroke);
  },
  line(doc, b) {
    doc.moveTo(b.x1, b.y1).lineTo(b.x2, b.y2).lineWidth(b.width).undash().stroke(b.color);
  },
  chart(doc, b) {
    // A Figure structure element carries the alt text: screen readers and text extraction get
    // what the chart shows in words.
    const figure = doc.struct('Figure', { alt: b.scene.alt || 'Chart' } as never, () => paintChart(doc, b.scene, b.x, b.y, b.w, b.h));
    doc.addStructure(figure);
    figure.end();
  },
  anchor(doc, b) {
    doc.addNamedDestination(b.name, 'XYZ', b.x, b.y, null);
  },
};

export function paint(layout: Layout, fonts: FontService, info: DocumentInfo): Promise<Buffer> {
  const first = layout.pages[0];
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: [first.width, first.height],
    margin: 0,
    compress: true,
    pdfVersion: '1.7',
    lang: info.language,
    displayTitle: true,
    tagged: true,
    info: {
      Title: info.title,
      Author: info.author,
      Subject: info.subject,
      Keywords: info.keywords ?? '',
      Creator: 'briefpress',
      Producer: 'briefpress (PDFKit)',
      CreationDate: info.creationDate,
      ModDate: info.creationDate,
    },
  });
  (doc as unknown as { _id: Buffer })._id = documentId(layout, info);
  // Hand PDFKit the parsed fonts the layout measured with: same metrics, no second parse.
  for (const face of fonts.faces()) doc.registerFont(face.key, fonts.font(face.key) as unknown as string);

  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  for (const page of layout.pages) {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    for (const box of page.boxes) {
      doc.save();
      (PAINTERS[box.kind] as (d: Doc, b: Box) => void)(doc, box);
      doc.restore();
    }
  }
  // Bookmarks: headings in order, nested by level under the title.
  const parents: PDFKit.PDFOutline[] = [doc.outline];
  for (const e of layout.outline) {
    const depth = Math.max(1, e.level) - 1;
    let d = Math.min(depth, parents.length - 1);
    while (d > 0 && !parents[d]) d--;
    const parent = parents[d];
    const page = layout.pages[e.page - 1];
    // PDFKit computes the destination's left as page width minus `left`: pass the width for x = 0.
    const item = parent.addItem(e.title, { expanded: true, pageNumber: e.page - 1, top: e.y, left: page.width } as { expanded: boolean });
    parents[depth + 1] = item;
    parents.length = depth + 2;
  }
  doc.end();
  return done;
}
