// paint: Pages of boxes -> PDF bytes through PDFKit. Draws what layout placed; measures nothing, moves nothing.
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { FontService } from '../fonts/fonts.js';
import { drawnJson, type Box, type Layout } from '../layout/boxes.js';
import { paintChart } from './chart.js';
import { compactPdf } from './compact.js';
import { conformance, xmpPacket, type Standard } from './metadata.js';
import { SRGB_PROFILE } from './srgb.js';
import { StructureWriter } from './structure.js';
import { showText } from './text.js';
import { embedsLean } from './subset.js';
import type { DocumentInfo as RenderInfo, Renderer } from '../render.js';
import { STANDARDS } from './metadata.js';
import { DEFAULT_STANDARD } from '../defaults.js';

/** The PDF renderer: paint() behind the seam every output format shares. */
export const pdfRenderer: Renderer = {
  format: 'pdf',
  render: (layout, fonts, info, settings) => {
    const standard = STANDARDS.find((s) => s === settings.standard);
    return paint(layout, fonts, { ...info, ...(standard ? { standard } : {}) });
  },
};

export interface DocumentInfo extends RenderInfo {
  /** Standards the file conforms to and claims (default: PDF/UA-1 and PDF/A-2a). */
  standard?: Standard;
  /** Object streams and an xref stream (the default); false leaves PDFKit's file as it wrote it. */
  compact?: boolean;
}

/**
 * PDFKit's own XMP leaves values unescaped (a title with "&" makes the packet unreadable) and
 * writes no xmp:ModifyDate or dc:language, which PDF/A-2 and PDF/UA require to match the Info
 * dictionary and /Lang: the descriptions come from metadata.ts instead.
 */
class BriefDocument extends PDFDocument {
  xmp = '';
  /** PDFKit's, writing our packet (metadata.ts) instead of the one it assembles. */
  endMetadata() {
    const self = this as unknown as { ref(data: object): PDFKit.PDFKitReference & { compress: boolean }; _root: { data: Record<string, unknown> } };
    const ref = self.ref({ Type: 'Metadata', Subtype: 'XML' });
    ref.compress = false;
    ref.write(Buffer.from(this.xmp, 'utf8'));
    ref.end(undefined);
    self._root.data.Metadata = ref;
  }
  constructor(options: PDFKit.PDFDocumentOptions) {
    super(options);
    // PDFKit copies its PDF/A methods onto the document: replace its output intent after that.
    const self = this as unknown as { _addColorOutputIntent?: () => void };
    if (self._addColorOutputIntent) self._addColorOutputIntent = () => addOutputIntent(this);
  }
  /**
   * PDFKit writes a colour's components with 17 digits (0.10196078431372549 for #1a1a1a); four
   * keep every 8-bit value exact (the error, 0.013 of a level, never reaches a rounding edge).
   */
  _normalizeColor(color: unknown): unknown {
    const normal = (PDFDocument.prototype as unknown as { _normalizeColor(c: unknown): unknown })._normalizeColor.call(this, color);
    return Array.isArray(normal) ? normal.map((v) => (typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : v)) : normal;
  }
}

/**
 * The PDF's /ID from what it shows: PDFKit derives it from the info dictionary alone, so two
 * briefs with the same title and date would share an ID, and a changed figure would keep it.
 */
function documentId(layout: Layout, info: DocumentInfo): Buffer {
  const h = createHash('md5').update(JSON.stringify(info));
  for (const page of layout.pages) h.update(drawnJson(page));
  return h.digest();
}

type Doc = PDFKit.PDFDocument;

/** PDFKit's output intent, with the compact profile of srgb.ts instead of its 3 KB one. */
function addOutputIntent(doc: Doc) {
  const d = doc as unknown as { ref(data: object): PDFKit.PDFKitReference; _root: { data: Record<string, unknown> } };
  const profile = d.ref({ Length: SRGB_PROFILE.length, N: 3 });
  profile.write(SRGB_PROFILE);
  profile.end(undefined);
  const intent = d.ref({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    Info: new String('sRGB IEC61966-2.1'),
    OutputConditionIdentifier: new String('sRGB IEC61966-2.1'),
    DestOutputProfile: profile,
  });
  intent.end(undefined);
  d._root.data.OutputIntents = [intent];
}

const PAINTERS: { [K in Box['kind']]: (doc: Doc, box: Extract<Box, { kind: K }>, structure: StructureWriter) => void } = {
  text(doc, r, structure) {
    structure.begin(r.tag, r, r.actualText);
    doc.save();
    // PDFKit's page space has y down, so its positive angles turn clockwise.
    if (r.angle) doc.rotate(-r.angle, { origin: [r.x, r.y] });
    doc.fillColor(r.color);
    showText(doc, r.face, r.size, r.text, r.x, r.y, r.wordSpacing, r.scale ?? 1);
    doc.restore();
    structure.end();
    structure.link(r, r.x, r.y - r.size, r.width, r.size * 1.2);
  },
  rect(doc, b, structure) {
    structure.begin(b.tag, b);
    doc.save();
    doc.rect(b.x, b.y, b.w, b.h);
    if (b.fill && b.stroke) doc.lineWidth(b.lineWidth ?? 0.5).fillAndStroke(b.fill, b.stroke);
    else if (b.fill) doc.fill(b.fill);
    else if (b.stroke) doc.lineWidth(b.lineWidth ?? 0.5).stroke(b.stroke);
    doc.restore();
    structure.end();
  },
  line(doc, b, structure) {
    structure.begin(b.tag, b);
    doc.save();
    doc.moveTo(b.x1, b.y1).lineTo(b.x2, b.y2).lineWidth(b.width).undash().stroke(b.color);
    doc.restore();
    structure.end();
  },
  chart(doc, b, structure) {
    // One Figure whose alt text says what the chart shows; its gridlines and ticks are artifacts.
    paintChart(doc, b.scene, b.x, b.y, b.w, b.h, structure.chartMarks(b.tag, b));
  },
  anchor(doc, b, _structure) {
    doc.addNamedDestination(b.name, 'XYZ', b.x, b.y, null);
  },
};

/** Every face a text run or chart label of the layout is set in. */
function facesUsed(layout: Layout): Set<string> {
  const used = new Set<string>();
  for (const page of layout.pages) {
    for (const b of page.boxes) {
      if (b.kind === 'text') used.add(b.face);
      else if (b.kind === 'chart') for (const item of b.scene.items) if (item.kind === 'text') used.add(item.face);
    }
  }
  return used;
}

export function paint(layout: Layout, fonts: FontService, info: DocumentInfo): Promise<Buffer> {
  const first = layout.pages[0];
  const c = conformance(info.standard ?? DEFAULT_STANDARD);
  const fields = {
    title: info.title,
    author: info.author,
    subject: info.subject,
    keywords: info.keywords ?? '',
    language: info.language,
    creator: 'briefpress',
    producer: 'briefpress (PDFKit)',
    date: info.creationDate,
  };
  const doc = new BriefDocument({
    autoFirstPage: false,
    // No default font: PDFKit would load Helvetica's metrics for every document, through the
    // module loader (which the startup snapshot must not touch); every run names its face.
    font: null as unknown as string,
    size: [first.width, first.height],
    margin: 0,
    // Streams as they are: compactPdf deflates them once, at zlib's best level (compact.ts).
    compress: info.compact === false,
    pdfVersion: '1.7',
    lang: info.language,
    displayTitle: true,
    tagged: c.tagged,
    // PDFKit writes pdfaid and the sRGB OutputIntent; its 'PDF/UA' subset would add a CIDSet that
    // lists used glyphs only, which PDF/UA forbids (a CIDSet must list every glyph of the subset).
    ...(c.pdfa ? { subset: `PDF/A-${c.pdfa.part}${c.pdfa.level.toLowerCase()}` as 'PDF/A-2a' } : {}),
    info: {
      Title: fields.title,
      Author: fields.author,
      Subject: fields.subject,
      Keywords: fields.keywords,
      Creator: fields.creator,
      Producer: fields.producer,
      CreationDate: info.creationDate,
      ModDate: info.creationDate,
    },
  });
  doc.xmp = xmpPacket(fields, c);
  (doc as unknown as { _id: Buffer })._id = documentId(layout, { ...info, compact: undefined, standard: info.standard ?? DEFAULT_STANDARD });
  const structure = new StructureWriter(doc, layout.reading, c.tagged);
  // Hand PDFKit the parsed fonts the layout measured with (same metrics, no second parse), and
  // only those the pages use: a CJK fallback comes in slices of a few hundred characters.
  // Embedded lean (subset.ts): no hinting, no .notdef outline, subsets kept between builds.
  for (const key of facesUsed(layout)) {
    const font = fonts.font(key);
    doc.registerFont(key, embedsLean(font, fonts.fileOf(font)) as unknown as string);
  }

  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(info.compact === false ? Buffer.concat(chunks) : compactPdf(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  for (const page of layout.pages) {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    for (const box of page.boxes) (PAINTERS[box.kind] as (d: Doc, b: Box, s: StructureWriter) => void)(doc, box, structure);
  }
  structure.finish();
  // Associated files (PDF/A-3 6.8): each with its MIME type, dates, description and relationship,
  // listed in the catalog's AF and the EmbeddedFiles name tree, where a reader's attachments panel looks.
  if (c.files) {
    for (const f of info.files ?? []) {
      doc.file(f.data, {
        name: f.name,
        type: f.type,
        description: f.description,
        creationDate: info.creationDate,
        modifiedDate: info.creationDate,
        relationship: f.relationship,
      } as PDFKit.Mixins.PDFAttachmentOptions);
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
