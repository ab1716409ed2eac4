// A classification banner of any length is set without drawing over anything, or refused at its field.
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { buildBrief } from '../src/build.js';
import type { TextRun } from '../src/layout/boxes.js';
import { preflight } from '../src/preflight/preflight.js';
import { runInProcess, tempProject } from './helpers/project.js';

const LONG = 'SECRET // NOFORN // ORCON // REL TO USA, GBR // SPECIAL HANDLING REQUIRED // DESK REVIEW ONLY';

/** Text runs of a page that overlap each other, as rectangles from baseline-descent to cap height. */
function overlaps(runs: TextRun[]): string[] {
  const box = (r: TextRun) => ({ x0: r.x, x1: r.x + r.width, y0: r.y - 0.7 * r.size, y1: r.y + 0.2 * r.size });
  const out: string[] = [];
  runs.forEach((a, i) =>
    runs.slice(i + 1).forEach((b) => {
      const p = box(a);
      const q = box(b);
      if (Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0) > 0 && Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0) > 0) out.push(`${a.text} / ${b.text}`);
    }),
  );
  return out;
}

describe('a long classification banner', () => {
  it('takes a line of its own in the footer, over nothing, and stays one line at the head', async () => {
    const p = tempProject();
    p.edit('brief.yaml', /classification: .*/, `classification: "${LONG}"`);
    const r = await buildBrief(p.brief);
    for (const page of r.layout.pages) {
      const furniture = page.boxes.filter((b): b is TextRun => b.kind === 'text' && b.tag !== undefined && 'artifact' in b.tag && b.tag.artifact === 'pagination');
      expect(furniture.filter((b) => b.text === LONG)).toHaveLength(2);
      expect(overlaps(furniture)).toEqual([]);
      // Inside the paper, clear of the 5 mm a printer cannot reach.
      for (const b of furniture) expect(b.y).toBeLessThan(page.height - (5 * 72) / 25.4);
    }
    const report = await preflight(r.output.bytes);
    expect(report.checks.filter((c) => c.failures.length)).toEqual([]);
  });

  it('wraps at a "//" when it is wider than the page, in two lines at head and foot', async () => {
    const p = tempProject();
    const wide = `${LONG} // EXERCISE EXERCISE EXERCISE`;
    p.edit('brief.yaml', /classification: .*/, `classification: "${wide}"`);
    const r = await buildBrief(p.brief);
    const furniture = r.layout.pages[0].boxes.filter((b): b is TextRun => b.kind === 'text' && b.tag !== undefined && 'artifact' in b.tag && b.tag.artifact === 'pagination');
    const lines = furniture.filter((b) => wide.includes(b.text) && b.text.length > 20);
    expect(lines).toHaveLength(4);
    expect(lines[0].text.endsWith('//')).toBe(true);
    expect(overlaps(furniture)).toEqual([]);
  });

  it('is refused at its field when two lines cannot hold it, with no PDF', async () => {
    const p = tempProject();
    p.edit('brief.yaml', /classification: .*/, `classification: "${[LONG, LONG, LONG].join(' // ')}"`);
    const r = await runInProcess(['build', p.brief], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/brief\.yaml \(meta\.classification\): error\[layout\]: the classification banner \(\d+ characters\) does not fit two lines across the page/);
  });
});

describe('preflight', () => {
  it('reports text drawn over text, with the page and where', async () => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
    doc.font('Helvetica').fontSize(9).text('South Caucasus Desk', 60, 780, { lineBreak: false });
    doc.text('SECRET // NOFORN', 90, 780, { lineBreak: false });
    doc.text('Page 1 of 1', 400, 780, { lineBreak: false });
    doc.end();
    const failures = (await preflight(await done)).checks.find((c) => c.id === 'overprint')!.failures;
    expect(failures).toEqual([
      expect.stringMatching(
        /^text “(South Caucasus Desk|SECRET \/\/ NOFORN)” and “(SECRET \/\/ NOFORN|South Caucasus Desk)” are drawn over each other on page 1 at 32 mm from the left, 27\d mm from the top$/,
      ),
    ]);
  });
});
