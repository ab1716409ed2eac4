// Issue 27's closing brief, written as an analyst would: two wire reports, one chart, footnotes, a
// long banner and two citations side by side. It builds, passes preflight and reads right.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBrief, type BuildResult } from '../src/build.js';
import { preflight } from '../src/preflight/preflight.js';
import { readPdf, type PdfDoc } from './helpers/pdf.js';
import { ROOT, runInProcess, tempProject } from './helpers/project.js';

describe('the first real brief', () => {
  let built: BuildResult;
  let pdf: PdfDoc;
  let text: string;
  let root: string;
  beforeAll(async () => {
    const p = tempProject();
    root = p.root;
    cpSync(join(ROOT, 'tests', 'fixtures', 'first-brief'), join(p.root, 'briefs', 'first-brief'), { recursive: true });
    built = await buildBrief(join(p.root, 'briefs', 'first-brief'));
    pdf = await readPdf(built.output.bytes);
    text = pdf.pages.map((pg) => pg.text).join('\n');
  });

  it('checks clean from the command line', async () => {
    const r = await runInProcess(['check', 'briefs/first-brief'], root);
    expect(r.code, r.stderr).toBe(0);
  });

  it('passes every preflight check: nothing over anything, nothing under 7 pt', async () => {
    const report = await preflight(built.output.bytes);
    expect(report.checks.filter((c) => c.failures.length)).toEqual([]);
  });

  it('cites two sources side by side as "1,2", and numbers them in Sources', () => {
    expect(text).toMatch(/French troops in Niger\. ?1 ?, ?2/);
    expect(text).toMatch(/1\. Associated Press, “UN peacekeepers leave Kidal as Mali’s junta takes over former bases,” 31 October 2023\./);
  });

  it('prints its footnotes as lettered notes before the sources, and no Markdown as typed', () => {
    expect(text).not.toContain('[^');
    expect(text.indexOf('Notes')).toBeGreaterThan(text.indexOf('Implications'));
    expect(text.indexOf('Sources')).toBeGreaterThan(text.indexOf('Notes'));
    expect(text).toMatch(/a\. Mali’s junta ordered the mission out in June 2023/);
  });

  it('prints dates as dates, and the long banner at head and foot', () => {
    expect(text).toContain('left Kidal on 31 October 2023');
    const banner = 'SECRET // NOFORN // ORCON // REL TO USA, GBR // SPECIAL HANDLING REQUIRED // DESK REVIEW ONLY';
    for (const page of pdf.pages) expect(page.items.filter((i) => i.str === banner)).toHaveLength(2);
  });

  it('draws its chart as a figure with its alt text', () => {
    const figure = built.layout.pages.flatMap((pg) => pg.boxes).find((b) => b.kind === 'chart');
    expect(figure).toBeDefined();
    expect(text).toContain('Figure 1: Foreign troops in Mali and Niger before the withdrawals');
  });
});
