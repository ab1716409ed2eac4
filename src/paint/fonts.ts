// Selecting a font in PDFKit so that it draws the runs layout shaped, shared between the documents of one process.
import type * as fontkit from 'fontkit';
import { perProcess } from '../cache/memory.js';
import { shaped } from '../fonts/fonts.js';

type Doc = PDFKit.PDFDocument;

/** A run as PDFKit's embedded font keeps it: positions in its units (1000 per em), each with its glyph's advance width. */
interface PdfkitRun {
  glyphs: fontkit.Glyph[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[];
  advanceWidth: number;
}

/**
 * PDFKit shapes every word again in every document (its layout cache lives on the per-document
 * font object), and again after layout shaped it to measure it. Its cache is handed runs made from
 * the shape layout measured (fonts.ts `shaped`), scaled as PDFKit scales its own (layoutRun), per
 * parsed font, so the documents of one process share them. Measured on the Karabakh brief: warm
 * paint 58 ms -> 20 ms (npm run bench, median of 10); shaped once instead of twice, a cold build
 * (no word shaped in the snapshot) 0.38 -> 0.36 s (medians of 11).
 */
const pdfkitRuns = perProcess(new Map<fontkit.Font, Record<string, PdfkitRun>>());

function runsOf(font: fontkit.Font): Record<string, PdfkitRun> {
  const scale = 1000 / font.unitsPerEm;
  const made: Record<string, PdfkitRun> = Object.create(null);
  // PDFKit reads its cache by text and fills it where it finds nothing: here it always finds the run.
  return new Proxy(made, {
    get(target, text) {
      if (typeof text !== 'string') return undefined;
      let run = target[text];
      if (!run) {
        const { glyphs, positions } = shaped(font, text);
        // The same arithmetic as PDFKit's layoutRun, for the same numbers in the page's stream.
        const scaled = positions.map((p, i) => ({
          xAdvance: p.xAdvance * scale,
          yAdvance: p.yAdvance * scale,
          xOffset: p.xOffset * scale,
          yOffset: p.yOffset * scale,
          advanceWidth: glyphs[i].advanceWidth * scale,
        }));
        let advanceWidth = 0;
        for (const p of scaled) advanceWidth += p.xAdvance;
        target[text] = run = { glyphs, positions: scaled, advanceWidth };
      }
      return run;
    },
  });
}

export function useFont(doc: Doc, face: string) {
  doc.font(face);
  const embedded = (doc as unknown as { _font: { font: fontkit.Font; layoutCache?: Record<string, unknown> } })._font;
  let cache = pdfkitRuns.get(embedded.font);
  if (!cache) pdfkitRuns.set(embedded.font, (cache = runsOf(embedded.font)));
  if (embedded.layoutCache && embedded.layoutCache !== cache) embedded.layoutCache = cache;
}
