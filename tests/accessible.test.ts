// Accessible and archival: every brief a tagged PDF/UA-1 + PDF/A-3a file carrying its fact base, read back by pdf.js and poppler, never by our writer.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBrief, type BuildResult } from '../src/build.js';
import { chartCommand } from '../src/cli/chart.js';
import type { Box } from '../src/layout/boxes.js';
import type { ReadingNode } from '../src/layout/boxes.js';
import { contentOrder } from '../src/layout/reading.js';
import { spansText, type Block } from '../src/parse/document.js';
import { preflight } from '../src/preflight/preflight.js';
import { longContent } from './helpers/long-brief.js';
import { mixedContent } from './helpers/mixed.js';
import { pdfSource } from './helpers/pdf.js';
import { KARABAKH, runInProcess, tempProject } from './helpers/project.js';
import { rasterisePdf } from './helpers/raster.js';

const POPPLER = spawnSync('pdfinfo', ['-v']).status === 0;
const GALLERY = join(import.meta.dirname, 'gallery');
const DATA = join(import.meta.dirname, '..', 'node_modules', 'vega-datasets');

/** Every word of the document in its order, without spacing, case or hyphens (a line break may add one). */
function documentText(blocks: Block[]): string {
  const out: string[] = [];
  const walk = (b: Block) => {
    switch (b.kind) {
      case 'heading':
      case 'paragraph':
        out.push(spansText(b.spans));
        break;
      case 'list':
        b.items.forEach((item) => item.forEach(walk));
        break;
      case 'table':
        out.push(...b.header.map(spansText), ...b.rows.flatMap((r) => r.map(spansText)));
        break;
      case 'figure':
      case 'group':
      case 'quote':
        (b.kind === 'figure' ? b.caption : b.blocks).forEach(walk);
        break;
      case 'rule':
        break;
    }
  };
  blocks.forEach(walk);
  return squash(out.join(' '));
}

const squash = (s: string) => s.toLowerCase().replace(/[\s\u00ad\-–—]+/g, '');

/** What the reading tree reads, from layout data: each content box's text (its actual text when it has one). */
function treeText(reading: ReadingNode, pages: { boxes: Box[] }[]): string {
  const byContent = new Map<number, Box>();
  for (const p of pages) for (const b of p.boxes) if (b.tag && 'content' in b.tag) byContent.set(b.tag.content, b);
  const labels = new Set<number>();
  const walk = (n: ReadingNode) => n.kids.forEach((k) => ('content' in k ? n.kind === 'label' && labels.add(k.content) : walk(k)));
  walk(reading);
  return squash(
    contentOrder(reading)
      .filter((id) => !labels.has(id))
      .map((id) => byContent.get(id))
      .map((b) => (b?.kind === 'text' ? (b.actualText ?? b.text) : ''))
      .join(' '),
  );
}

interface StructNode {
  role?: string;
  lang?: string;
  alt?: string;
  children?: StructNode[];
}

async function structTrees(pdf: Uint8Array): Promise<StructNode[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  const trees: StructNode[] = [];
  for (let n = 1; n <= doc.numPages; n++) trees.push(((await (await doc.getPage(n)).getStructTree()) ?? {}) as StructNode);
  await doc.destroy();
  return trees;
}

function nodes(tree: StructNode, pred: (n: StructNode) => boolean, out: StructNode[] = []): StructNode[] {
  if (pred(tree)) out.push(tree);
  for (const c of tree.children ?? []) nodes(c, pred, out);
  return out;
}

const briefs: Record<'karabakh' | 'long' | 'mixed', BuildResult> = {} as never;

beforeAll(async () => {
  briefs.karabakh = await buildBrief(KARABAKH);
  const long = tempProject();
  long.write('content.md.hbs', longContent(readFileSync(join(long.brief, 'content.md.hbs'), 'utf8')));
  briefs.long = await buildBrief(long.brief, { annex: true });
  const mixed = tempProject();
  mixed.write('content.md.hbs', mixedContent(readFileSync(join(mixed.brief, 'content.md.hbs'), 'utf8')));
  briefs.mixed = await buildBrief(mixed.brief, { paper: 'letter', chartData: true });
});

describe.each(['karabakh', 'long', 'mixed'] as const)('the %s brief, read back', (name) => {
  it('passes every preflight check and claims PDF/UA-1 and PDF/A-3a', async () => {
    const report = await preflight(briefs[name].output.bytes);
    expect(report.checks.filter((c) => c.failures.length)).toEqual([]);
    expect(report.claims).toEqual(['PDF/UA-1', 'PDF/A-3A']);
  });

  it('has a reading tree, on layout data, that reads every word of the document in its order', () => {
    const { document, layout } = briefs[name];
    expect(treeText(layout.reading, layout.pages)).toBe(documentText(document.blocks));
  });

  it('tags every drawn box: content of the tree, or an artifact', () => {
    const ids = new Set(contentOrder(briefs[name].layout.reading));
    for (const page of briefs[name].layout.pages) {
      for (const box of page.boxes) {
        if (box.kind === 'anchor') continue;
        expect(box.tag, `${box.kind} on page ${page.number}`).toBeDefined();
        if (box.tag && 'content' in box.tag) expect(ids.has(box.tag.content)).toBe(true);
      }
    }
  });

  it('reads in the same order through pdf.js: the structure tree from the file itself', async () => {
    const report = await preflight(briefs[name].output.bytes);
    const text = report.readingOrder
      .filter((l) => !/^(Figure|Lbl):/.test(l))
      .map((l) => l.replace(/^\w+: /, ''))
      .join(' ');
    const want = documentText(briefs[name].document.blocks);
    const got = squash(text);
    const at = [...want].findIndex((c, i) => got[i] !== c);
    expect(got.slice(Math.max(0, at - 40), at + 40), `first difference at ${at}`).toBe(want.slice(Math.max(0, at - 40), at + 40));
    expect(got).toBe(want);
  });
});

describe('what a reader gets from the Karabakh brief', () => {
  it('has real spaces between words: U+0020 glyphs in the text operators, not gaps', async () => {
    const doc = await getDocument({ data: new Uint8Array(briefs.karabakh.output.bytes), verbosity: 0 }).promise;
    let spaces = 0;
    const ops = await (await doc.getPage(1)).getOperatorList();
    ops.fnArray.forEach((fn, i) => {
      if (fn === OPS.showText) spaces += (ops.argsArray[i][0] as { unicode?: string }[]).filter((g) => g?.unicode === ' ').length;
    });
    await doc.destroy();
    expect(spaces).toBeGreaterThan(300);
  });

  it('nests structure as a reader expects: H1 first, lists, a table with header cells, figures with alt and caption', async () => {
    const [first, second] = await structTrees(briefs.karabakh.output.bytes);
    const doc = first.children?.[0];
    expect(doc?.role).toBe('Document');
    const roles = (t: StructNode) => nodes(t, (n) => !!n.role).map((n) => n.role);
    expect(roles(first).filter((r) => /^H\d$/.test(r!))).toEqual(['H1', 'H2', 'H2', 'H3', 'H2']);
    expect(roles(first)).toEqual(expect.arrayContaining(['L', 'LI', 'Lbl', 'LBody', 'Table', 'THead', 'TBody', 'TR', 'TH', 'TD', 'Reference', 'Link']));
    const figures = nodes(second, (n) => n.role === 'Figure');
    expect(figures).toHaveLength(2);
    for (const f of figures) expect(f.alt?.length).toBeGreaterThan(20);
    expect(roles(second)).toContain('Caption');
  });

  it('links each citation marker to its source through a Link element that says where it goes', async () => {
    const doc = await getDocument({ data: new Uint8Array(briefs.karabakh.output.bytes), verbosity: 0 }).promise;
    const links = (await (await doc.getPage(1)).getAnnotations()) as { subtype: string; structParent?: number; contentsObj?: { str: string } }[];
    await doc.destroy();
    expect(links.length).toBeGreaterThan(3);
    for (const l of links) {
      expect(l.contentsObj?.str).toMatch(/^Source 1: Associated Press, “Russia begins withdrawing/);
      expect(l.structParent).toBeGreaterThanOrEqual(0);
    }
  });

  it('carries XMP that agrees with the Info dictionary, the language, and both conformance claims', async () => {
    const doc = await getDocument({ data: new Uint8Array(briefs.karabakh.output.bytes), verbosity: 0 }).promise;
    const { info, metadata } = await doc.getMetadata();
    await doc.destroy();
    const i = info as Record<string, string>;
    expect(metadata?.get('dc:title')).toBe(i.Title);
    expect(metadata?.get('dc:creator')).toEqual([i.Author]);
    expect(metadata?.get('dc:description')).toBe(i.Subject);
    // pdf.js gives a one-item rdf:Bag as its item.
    expect([metadata?.get('dc:language')].flat()).toEqual(['en']);
    expect(metadata?.get('xmp:createdate')).toBe('2024-04-17T00:00:00Z');
    expect(metadata?.get('xmp:modifydate')).toBe('2024-04-17T00:00:00Z');
    expect(i.CreationDate).toBe('D:20240417000000Z');
    expect(metadata?.get('pdfuaid:part')).toBe('1');
    expect(metadata?.get('pdfaid:part')).toBe('3');
    expect(metadata?.get('pdfaid:conformance')).toBe('A');
    expect(i.Language).toBe('en');
    // The sRGB output intent PDF/A needs, with its ICC profile (pdf.js does not read OutputIntents).
    expect(pdfSource(briefs.karabakh.output.bytes).includes('/S /GTS_PDFA1')).toBe(true);
    expect(pdfSource(briefs.karabakh.output.bytes).includes('sRGB IEC61966-2.1')).toBe(true);
  });

  it('escapes the XMP: a title with & and < keeps the packet readable', async () => {
    const p = tempProject();
    p.edit('brief.yaml', /title: .*/, 'title: "Russia & Azerbaijan <after> the withdrawal"');
    const {
      output: { bytes: pdf },
    } = await buildBrief(p.brief);
    const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
    const { metadata } = await doc.getMetadata();
    await doc.destroy();
    expect(metadata?.get('dc:title')).toBe('Russia & Azerbaijan <after> the withdrawal');
  });

  it('builds the same bytes twice, and the same as a fresh process after other briefs were built', async () => {
    const again = await buildBrief(KARABAKH);
    expect(Buffer.compare(again.output.bytes, briefs.karabakh.output.bytes)).toBe(0);
    // The long and mixed briefs embedded composite glyphs (Ş, ə, Ç's kin) in this process first.
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-fresh-'));
    expect((await runInProcess(['build', KARABAKH, '-o', join(dir, 'k.pdf')])).code).toBe(0);
    expect(Buffer.compare(readFileSync(join(dir, 'k.pdf')), again.output.bytes)).toBe(0);
  });

  it('shows the fontkit behaviour worked around: a subset with Ç leaves "C" without code points', async () => {
    const fontkit = await import('fontkit');
    const { createRequire } = await import('node:module');
    const file = createRequire(import.meta.url).resolve('source-serif/TTF/SourceSerif4-Regular.ttf');
    const raw = fontkit.create(readFileSync(file)) as import('fontkit').Font;
    const subset = raw.createSubset();
    subset.includeGlyph(raw.glyphForCodePoint(0xc7));
    subset.encode();
    expect(raw.layout('C').glyphs[0].codePoints).toEqual([]);
    // Through the font service the same sequence keeps them.
    const { fontService } = await import('../src/fonts/fonts.js');
    const font = fontService().font('serif');
    const s2 = font.createSubset();
    s2.includeGlyph(font.glyphForCodePoint(0xc7));
    s2.encode();
    expect(font.layout('C').glyphs[0].codePoints).toEqual([0x43]);
  });

  it('looks exactly as the same brief untagged: tagging changes no pixel', async () => {
    const plain = await buildBrief(KARABAKH, { standard: 'none' });
    expect(plain.output.bytes.length).toBeLessThan(briefs.karabakh.output.bytes.length);
    for (const page of [1, 2]) {
      const a = await rasterisePdf(briefs.karabakh.output.bytes, 1.5, page);
      const b = await rasterisePdf(plain.output.bytes, 1.5, page);
      expect(a.width).toBe(b.width);
      let differing = 0;
      for (let k = 0; k < a.data.length; k++) if (a.data[k] !== b.data[k]) differing++;
      expect(differing, `page ${page}`).toBe(0);
    }
  });
});

describe('words and names read whole', () => {
  it('maps ligatures back to their letters (ToUnicode)', async () => {
    const doc = await getDocument({ data: new Uint8Array(briefs.karabakh.output.bytes), verbosity: 0 }).promise;
    const ligatures = new Set<string>();
    for (let n = 1; n <= doc.numPages; n++) {
      const ops = await (await doc.getPage(n)).getOperatorList();
      ops.fnArray.forEach((fn, i) => {
        if (fn === OPS.showText) for (const g of ops.argsArray[i][0] as { unicode?: string }[]) if ((g?.unicode?.length ?? 0) > 1) ligatures.add(g.unicode!);
      });
    }
    await doc.destroy();
    expect([...ligatures].sort()).toEqual(expect.arrayContaining(['ff', 'fi']));
  });

  it.runIf(POPPLER)('reads the same tree through poppler (pdfinfo -struct-text), in the document order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-struct-'));
    writeFileSync(join(dir, 'm.pdf'), briefs.mixed.output.bytes);
    const dump = spawnSync('pdfinfo', ['-struct-text', join(dir, 'm.pdf')], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout;
    expect(dump.startsWith('Document')).toBe(true);
    // Labels are bullets and numbers; a Figure is read as its alt text, not as its chart's labels.
    let role = '';
    let figureIndent = -1;
    const texts: string[] = [];
    for (const line of dump.split('\n')) {
      const indent = line.length - line.trimStart().length;
      if (figureIndent >= 0 && indent > figureIndent) continue;
      figureIndent = -1;
      const quoted = /^\s*"(.*)"$/.exec(line);
      if (quoted) {
        if (role !== 'Lbl') texts.push(quoted[1]);
      } else if (/^\s*[A-Z][A-Za-z0-9]*/.test(line)) {
        role = line.trim().split(/[\s:]/)[0];
        if (role === 'Figure') figureIndent = indent;
      }
    }
    expect(squash(texts.join(' '))).toBe(documentText(briefs.mixed.document.blocks));
    expect(dump).toMatch(/TH:\n\s+\/Scope \/Column/);
  });

  it('gives a word broken at a line end its whole spelling as /ActualText, and poppler reads it whole', async () => {
    const broken = briefs.karabakh.layout.pages.flatMap((p) => p.boxes).filter((b) => b.kind === 'text' && b.actualText);
    expect(broken.length).toBeGreaterThan(0);
    if (!POPPLER) return;
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-a11y-'));
    writeFileSync(join(dir, 'k.pdf'), briefs.karabakh.output.bytes);
    const text = spawnSync('pdftotext', [join(dir, 'k.pdf'), '-'], { encoding: 'utf8' }).stdout;
    for (const b of broken) if (b.kind === 'text') expect(text).toContain(b.actualText!.replace(/[,.;:]$/, ''));
  });

  it('tags names in Armenian, Russian and Azerbaijani with their language', async () => {
    const langs = (await structTrees(briefs.long.output.bytes)).flatMap((t) => nodes(t, (n) => !!n.lang)).map((n) => n.lang);
    expect(new Set(langs)).toEqual(new Set(['hy', 'ru', 'az']));
  });
});

describe('tables, lists and boxes', () => {
  it('tags a table that crosses a page once: the repeated header is an artifact', async () => {
    const trees = await structTrees(briefs.mixed.output.bytes);
    const tables = trees.flatMap((t) => nodes(t, (n) => n.role === 'Table'));
    const chronology = tables.find((t) => nodes(t, (n) => n.role === 'TR').length > 60)!;
    expect(chronology).toBeDefined();
    expect(nodes(chronology, (n) => n.role === 'TH')).toHaveLength(2);
    const pages = briefs.mixed.layout.pages.filter((p) => p.regions.some((r) => r.repeated));
    expect(pages.length).toBeGreaterThan(0);
  });

  it('nests lists three deep and keeps the callout and quote in their places', async () => {
    const trees = await structTrees(briefs.mixed.output.bytes);
    const deepest = Math.max(...trees.flatMap((t) => nodes(t, (n) => n.role === 'L')).map((l) => depth(l)));
    expect(deepest).toBeGreaterThanOrEqual(3);
    const roles = trees.flatMap((t) => nodes(t, (n) => !!n.role)).map((n) => n.role);
    expect(roles).toContain('BlockQuote');
    expect(roles).toContain('Note');
  });

  it('appends the chart data as tagged tables with --chart-data', async () => {
    const report = await preflight(briefs.mixed.output.bytes);
    const at = report.readingOrder.findIndex((l) => l === 'H2: Annex: Chart data');
    expect(at).toBeGreaterThan(0);
    expect(report.readingOrder.slice(at)).toEqual(expect.arrayContaining(['TD: 2,000']));
  });
});

function depth(l: StructNode): number {
  const inner = nodes(l, (n) => n !== l && n.role === 'L');
  return 1 + (inner.length ? Math.max(...inner.map((i) => depth(i))) : 0);
}

describe('preflight on a PDF that is not ours', () => {
  it('finds the failures of a plain untagged PDFKit file', async () => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
    doc.font('Helvetica').fontSize(6).text('Small print nobody can read', 2, 2);
    doc.rect(100, 100, 200, 50).fill('#ccc');
    doc.link(100, 100, 200, 50, 'https://example.org');
    doc.end();
    const report = await preflight(await done);
    const failed = report.checks.filter((c) => c.failures.length).map((c) => c.id);
    expect(failed).toEqual(expect.arrayContaining(['tagged', 'marked-content', 'links', 'metadata', 'fonts-embedded', 'text-size', 'print-margin']));
    expect(report.ok).toBe(false);
    expect(report.claims).toEqual([]);
    // Each print failure says where on the page, as a ruler on the printout reads it.
    const small = report.checks.find((c) => c.id === 'text-size')!.failures;
    expect(small).toEqual([expect.stringMatching(/^“Small print nobody can read” on page 1 at 1 mm from the left, [1-5] mm from the top is 6 pt \(minimum 7\)$/)]);
    expect(report.checks.find((c) => c.id === 'print-margin')!.failures[0]).toMatch(/on page 1 at \d+ mm from the left, \d+ mm from the top reaches within 5 mm of the edge/);
  });

  it('counts ink a clip cuts away as no ink: a shape past the edge fails unclipped, passes clipped', async () => {
    const pdf = async (clip: boolean) => {
      const doc = new PDFDocument({ size: 'A4' });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      const done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
      doc.save();
      if (clip) doc.rect(100, 100, 200, 200).clip();
      // A circle hanging off the left edge of the paper, as a chart's marks outside its domain.
      doc.circle(0, 150, 40).fill('#333');
      doc.restore();
      doc.rect(100, 400, 50, 50).fill('#333');
      doc.end();
      return (await preflight(await done)).checks.find((c) => c.id === 'print-margin')!.failures;
    };
    expect(await pdf(false)).toHaveLength(1);
    expect(await pdf(true)).toEqual([]);
  });

  it('exits 1 with the failures listed, 0 on our brief, 2 on a file that is not a PDF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-pf-'));
    writeFileSync(join(dir, 'k.pdf'), briefs.karabakh.output.bytes);
    writeFileSync(join(dir, 'not.pdf'), 'plain text');
    const ok = await runInProcess(['preflight', join(dir, 'k.pdf')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/k\.pdf: ok \(2 pages, claims PDF\/UA-1 \+ PDF\/A-3A\)/);
    const bad = await runInProcess(['preflight', join(dir, 'not.pdf')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not\.pdf: error\[preflight\]/);
  });
});

describe('--standard for someone who needs less', () => {
  it.each([
    ['none', [], false],
    ['a2b', ['PDF/A-2B'], false],
    ['a3b', ['PDF/A-3B'], false],
    ['ua', ['PDF/UA-1'], true],
    ['ua+a2a', ['PDF/UA-1', 'PDF/A-2A'], true],
  ] as const)('%s claims %j', async (standard, claims, tagged) => {
    const {
      output: { bytes: pdf },
    } = await buildBrief(KARABAKH, { standard });
    const report = await preflight(pdf);
    expect(report.claims).toEqual(claims);
    expect(report.checks.find((c) => c.id === 'tagged')!.failures.length === 0).toBe(tagged);
  });
});

describe('briefpress chart writes a tagged Figure PDF', () => {
  const specs = readdirSync(GALLERY)
    .filter((f) => f.endsWith('.json'))
    .sort();
  it.each(specs)('%s passes preflight (drawn to its edges: no print margin)', async (spec) => {
    const out = join(mkdtempSync(join(tmpdir(), 'briefpress-chart-')), 'c.pdf');
    await chartCommand({ spec: join(GALLERY, spec), output: out, dataDir: DATA });
    const report = await preflight(readFileSync(out), { printMargin: 0 });
    expect(report.checks.filter((c) => c.failures.length)).toEqual([]);
    expect(report.readingOrder.filter((l) => l.startsWith('Figure: '))).toHaveLength(1);
  });

  it('describes a chart whose spec and brief give no alt text: kind, axes, ranges', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-alt-'));
    const spec = JSON.parse(readFileSync(join(GALLERY, 'bar.vl.json'), 'utf8'));
    delete spec.description;
    writeFileSync(join(dir, 'bar.vl.json'), JSON.stringify(spec));
    await chartCommand({ spec: join(dir, 'bar.vl.json'), output: join(dir, 'bar.pdf') });
    const report = await preflight(readFileSync(join(dir, 'bar.pdf')), { printMargin: 0 });
    const alt = report.readingOrder.find((l) => l.startsWith('Figure: '))!;
    expect(alt).toMatch(/^Figure: Bar chart\. x axis, a: 9 values: A, B, C, D, E, F, \.\.\.\. y axis, b: from 0 to 100\.$/);
  });
});
