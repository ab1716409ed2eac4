// The world desk: the Karabakh brief with an Arabic paragraph, a Persian name and a Hebrew quote
// inside English, Georgian, Chinese, Japanese and Korean names, and an emoji isotype chart.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as hb from 'harfbuzzjs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { buildBrief } from '../src/build.js';
import { fontService } from '../src/fonts/fonts.js';
import type { TextRun } from '../src/layout/boxes.js';
import { markOrder } from '../src/layout/marks.js';
import { preflight } from '../src/preflight/preflight.js';
import { readPdf } from './helpers/pdf.js';
import { tempProject } from './helpers/project.js';
import { woffToSfnt } from './helpers/woff.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'world-desk');
const require = createRequire(import.meta.url);

function worldDesk() {
  const p = tempProject();
  p.edit('content.md.hbs', '## Background', `## Background\n\n${readFileSync(join(FIXTURE, 'paragraphs.md'), 'utf8')}`);
  cpSync(join(FIXTURE, 'isotype.vl.json'), join(p.root, 'charts', 'isotype.vl.json'));
  p.edit('brief.yaml', 'spec: charts/displacement.vl.json', 'spec: charts/isotype.vl.json');
  return p;
}

describe.each(['a4', 'letter'] as const)('the world-desk brief on %s', (paper) => {
  it('builds with every glyph, passes every print and tagging check, and reads back every name', async () => {
    const r = await buildBrief(worldDesk().brief, { paper });
    const report = await preflight(r.output.bytes);
    expect(report.checks.filter((c) => c.failures.length)).toEqual([]);
    const text = (await readPdf(r.output.bytes)).pages
      .map((pg) => pg.text)
      .join('\n')
      .replace(/\s+/g, '');
    for (const name of ['თბილისი', '北京', '東京', 'とうきょう', '서울']) expect(text).toContain(name);
    // The isotype chart draws its figures in the emoji font, ten of them for 50,000 people.
    const chart = r.layout.pages.flatMap((pg) => pg.boxes).find((b) => b.kind === 'chart' && b.scene.items.some((i) => i.kind === 'text' && i.text === '👤'));
    expect(chart).toBeDefined();
    const figures = chart!.kind === 'chart' ? chart!.scene.items.filter((i) => i.kind === 'text' && i.text === '👤') : [];
    expect(figures.length).toBe(10);
    for (const f of figures) expect(f.kind === 'text' && f.face).toMatch(/^noto-emoji-/);
    // Each stretch in another script is a Span with its language in the structure tree (pdf.js).
    const doc = await getDocument({ data: new Uint8Array(r.output.bytes), verbosity: 0, isEvalSupported: false }).promise;
    const langs = new Set<string>();
    const walk = (n: { role?: string; lang?: string; children?: unknown[] }) => {
      if (n.lang && n.role === 'Span') langs.add(n.lang);
      for (const c of n.children ?? []) walk(c as typeof n);
    };
    for (let i = 1; i <= doc.numPages; i++) walk((await (await doc.getPage(i)).getStructTree()) as never);
    await doc.destroy();
    for (const lang of ['ka', 'ar', 'fa', 'he', 'zh', 'ja', 'ko']) expect(langs).toContain(lang);
  });

  it('gives every string back in logical order to pdftotext (poppler), letter for letter', async () => {
    const r = await buildBrief(worldDesk().brief, { paper });
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-wd-'));
    writeFileSync(join(dir, 'w.pdf'), r.output.bytes);
    const out = spawnSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'w.pdf'), '-'], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    // poppler wraps right-to-left stretches in embedding marks; the characters within are logical.
    const text = out.stdout.replace(/[\u202a-\u202e]/g, '').replace(/\s+/g, ' ');
    for (const s of ['قالت وزارة الخارجية الروسية إن قوات حفظ السلام', 'الأسابيع المقبلة', 'وإن عددها نحو', 'تهران', 'گرجستان', 'השלום אינו נחתם בין ידידים', 'אמר הדובר בירושלים', 'თბილისი'])
      expect(text).toContain(s);
  });
});

describe('the world-desk brief, shaped as HarfBuzz shapes it', () => {
  it('draws every right-to-left word with the glyphs and advances HarfBuzz gives', async () => {
    const r = await buildBrief(worldDesk().brief, { paper: 'a4' });
    const fonts = fontService();
    const runs = r.layout.pages.flatMap((pg) => pg.boxes.filter((b): b is TextRun => b.kind === 'text' && /[\u0590-\u06ff]/.test(b.text)));
    expect(runs.length).toBeGreaterThan(3);
    let words = 0;
    for (const run of runs) {
      const blob = new hb.Blob(woffToSfnt(readFileSync(require.resolve(fonts.face(run.face).file))));
      const font = new hb.Font(new hb.Face(blob));
      for (const word of (run.actualText ?? run.text).split(' ').filter((w) => /[\u0590-\u06ff]/.test(w))) {
        const buffer = new hb.Buffer();
        buffer.addText(markOrder(word));
        buffer.guessSegmentProperties();
        hb.shape(font, buffer);
        const theirs = buffer.getGlyphInfos().map((g, i) => [g.codepoint, buffer.getGlyphPositions()[i].xAdvance]);
        const layout = fonts.font(run.face).layout(markOrder(word));
        const ours = layout.glyphs.map((g, i) => [g.id, Math.round(layout.positions[i].xAdvance)]);
        expect(ours, `${word} in ${run.face}`).toEqual(theirs);
        words++;
      }
    }
    expect(words).toBeGreaterThan(15);
  });
});
