// The long brief: the Karabakh content four times over with the region's names in three scripts,
// on A4 and US Letter, checked on the layout data and on the PDF read back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBrief, type BuildResult } from '../src/build.js';
import { fontService } from '../src/fonts/fonts.js';
import type { TextRun } from '../src/layout/boxes.js';
import { loadTheme } from '../src/load/theme.js';
import { pdfSource, readPdf, type PdfDoc } from './helpers/pdf.js';
import { longContent } from './helpers/long-brief.js';
import { tempProject } from './helpers/project.js';

const fonts = fontService();
interface Built {
  result: BuildResult;
  pdf: PdfDoc;
}
const built: Record<'a4' | 'letter', Built> = {} as never;
let leading = 0;
let typography: ReturnType<typeof loadTheme>['typography'];

beforeAll(async () => {
  const p = tempProject();
  p.write('content.md.hbs', longContent(readFileSync(join(p.brief, 'content.md.hbs'), 'utf8')));
  leading = loadTheme(p.root).body.leading;
  typography = loadTheme(p.root).typography;
  for (const paper of ['a4', 'letter'] as const) {
    const result = await buildBrief(p.brief, { paper, annex: true });
    built[paper] = { result, pdf: await readPdf(result.output.bytes) };
  }
});

describe.each(['a4', 'letter'] as const)('the long brief on %s', (paper) => {
  it('runs to many pages with Page N of M and the banner on each', () => {
    const { pdf } = built[paper];
    expect(pdf.pages.length).toBeGreaterThanOrEqual(6);
    pdf.pages.forEach((p, i) => {
      expect(p.text).toContain(`Page ${i + 1} of ${pdf.pages.length}`);
      expect(p.text.match(/UNCLASSIFIED \/\/ FOR PUBLIC RELEASE/g)).toHaveLength(2);
    });
  });

  it('strands no heading at a page foot', () => {
    for (const page of built[paper].result.layout.pages) {
      const last = page.regions[page.regions.length - 1];
      expect(['h1', 'h2', 'h3', 'figure-title'], `page ${page.number} ends with ${last.role}`).not.toContain(last.role);
    }
  });

  it('leaves no widow or orphan: at least two lines of a paragraph on each side of a break', () => {
    const pages = built[paper].result.layout.pages;
    for (let i = 0; i + 1 < pages.length; i++) {
      const last = pages[i].regions[pages[i].regions.length - 1].paragraph;
      const first = pages[i + 1].regions.find((r) => !r.repeated && r.role !== 'figure')?.paragraph;
      if (last && last.line < last.lines) expect(last.line, `orphan at the foot of page ${i + 1}`).toBeGreaterThanOrEqual(2);
      if (first && first.line > 1) expect(first.lines - first.line + 1, `widow at the head of page ${i + 2}`).toBeGreaterThanOrEqual(2);
    }
  });

  it("stretches no justified word gap past the theme's limit (a quarter line-height)", () => {
    let justified = 0;
    for (const page of built[paper].result.layout.pages) {
      for (const b of page.boxes) {
        if (b.kind !== 'text' || b.face !== 'serif' || b.size !== 10 || !b.text.includes(' ')) continue;
        const gap = fonts.measure(b.face, b.size, ' ') * (b.scale ?? 1) + b.wordSpacing;
        if (Math.abs(b.wordSpacing) > 0.01 || (b.scale ?? 1) !== 1) justified++;
        expect(gap, b.text).toBeLessThanOrEqual(typography.maxWordGap * leading + 1e-6);
      }
    }
    expect(justified).toBeGreaterThan(30);
  });

  it('keeps every box inside the text frame (but for punctuation hanging into the margin) and the running head and foot inside the page', () => {
    const { layout } = built[paper].result;
    const f = layout.frame;
    // What may hang past the frame: the protrusion share of a run's first or last character.
    const hang = (side: Record<string, number>, b: TextRun, ch: string | undefined) => (ch && side[ch] ? side[ch] * fonts.measure(b.face, b.size, ch) * (1 + typography.expansion) : 0);
    let hanging = 0;
    for (const page of layout.pages) {
      for (const b of page.boxes) {
        if (b.kind !== 'text') continue;
        const inBody = b.y > f.y && b.y < f.y + f.h;
        const [lo, hi] = inBody ? [f.x, f.x + f.w] : [10 * 2.83, page.width - 10 * 2.83];
        const [left, right] = inBody ? [hang(typography.protrusion.left, b, [...b.text][0]), hang(typography.protrusion.right, b, [...b.text].pop())] : [0, 0];
        expect(b.x, b.text).toBeGreaterThanOrEqual(lo - left - 0.01);
        expect(b.x + b.width, b.text).toBeLessThanOrEqual(hi + right + 0.01);
        if (b.x + b.width > hi + 0.01) hanging++;
      }
    }
    expect(hanging).toBeGreaterThan(0);
  });

  it('repeats a table header when a table crosses a page', () => {
    const repeats = built[paper].result.layout.pages.flatMap((p) => p.regions.filter((r) => r.role === 'table-header-repeat'));
    expect(repeats.length).toBeGreaterThan(0);
  });

  it('prints the names in Azerbaijani, Armenian and Russian with real glyphs, unbroken', () => {
    const { pdf, result } = built[paper];
    const text = pdf.pages.map((p) => p.text).join('\n');
    for (const name of ['Xankəndi', 'Ստեփանակերտ', 'Степанакерт', 'Şuşa']) expect(text).toContain(name);
    const raw = pdfSource(result.output.bytes);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansArmenian-Regular/);
    const runs = result.layout.pages.flatMap((p) => p.boxes.filter((b): b is TextRun => b.kind === 'text'));
    expect(runs.find((r) => r.text.includes('Ստեփանակերտ'))?.face).toBe('armenian');
  });

  it('sets nothing under 7 pt and no text over other text', () => {
    for (const p of built[paper].pdf.pages) {
      for (const t of p.items) expect(t.size, t.str).toBeGreaterThanOrEqual(6.99);
      const boxes = p.items.map((t) => ({ t, x1: t.x, x2: t.x + t.width, y1: t.y - t.size * 0.7, y2: t.y + t.size * 0.2 }));
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i],
            b = boxes[j];
          const overlap = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > 0.5 && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > 0.5;
          expect(overlap, `"${a.t.str}" over "${b.t.str}"`).toBe(false);
        }
    }
  });

  it('has bookmarks for the headings', () => {
    const titles = JSON.stringify(built[paper].pdf.outline);
    for (const t of ['Background, part 1', 'Timeline, part 4', 'Implications, part 2', 'Names and places']) expect(titles).toContain(t);
  });
});

describe('a character no font has', () => {
  it('is a build error naming the text, not an empty box', async () => {
    const p = tempProject();
    p.edit('content.md.hbs', '## Background', '## Background\n\nThe seal reads 𓀀 here.');
    await expect(buildBrief(p.brief)).rejects.toThrow(/no embedded font has the character "𓀀" \(U\+13000\) in "The seal reads 𓀀 here\."/);
  });
});
