// End to end: the CLI a user runs, the PDF it writes, read back with pdf.js.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfSource, readPdf, type PdfDoc, type PdfText } from './helpers/pdf.js';
import { KARABAKH, runInProcess, tempProject } from './helpers/project.js';

const out = mkdtempSync(join(tmpdir(), 'briefpress-out-'));
const A4 = { width: 595.28, height: 841.89 };
let bytes: Buffer;
let pdf: PdfDoc;

beforeAll(async () => {
  const r = await runInProcess(['build', KARABAKH, '-o', join(out, 'k.pdf')]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  bytes = readFileSync(join(out, 'k.pdf'));
  pdf = await readPdf(bytes);
});

function allText(doc: PdfDoc): string {
  return doc.pages.map((p) => p.text).join('\n');
}

describe('the Karabakh brief as a PDF', () => {
  it('is 2 to 4 A4 pages', () => {
    expect(pdf.pages.length).toBeGreaterThanOrEqual(2);
    expect(pdf.pages.length).toBeLessThanOrEqual(4);
    for (const p of pdf.pages) {
      expect(p.width).toBeCloseTo(A4.width, 1);
      expect(p.height).toBeCloseTo(A4.height, 1);
    }
  });

  it('reads in the order of a brief: banner, title, BLUF, background, timeline, figures, implications, sources', () => {
    const text = allText(pdf).replace(/\u00a0/g, ' ');
    const order = [
      'UNCLASSIFIED // FOR PUBLIC RELEASE',
      'Russia withdraws its peacekeepers from',
      'BOTTOM LINE UP FRONT',
      'Background',
      'Timeline',
      'When Event',
      'Figure 1: Russian peacekeepers in Karabakh',
      'Figure 2: Karabakh’s ethnic Armenian population',
      'Implications',
      'Sources',
    ];
    let at = -1;
    for (const s of order) {
      const i = text.indexOf(s, at + 1);
      expect(i, `"${s}" after position ${at}`).toBeGreaterThan(at);
      at = i;
    }
  });

  it('carries the facts of the AP report, and marks the analysis as the desk’s', () => {
    const text = allText(pdf)
      .replace(/\u00a0/g, ' ')
      .replace(/-\n/g, '')
      .replace(/\n/g, ' ');
    for (const s of [
      'about 2,000 peacekeeping troops',
      '50,000 ethnic Armenian residents',
      'Dmitry Peskov',
      'Hikmet Hajiyev',
      'late 2022',
      'September 2023',
      '17 April 2024',
      'the desk’s assessment',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('has the banner at head and foot and "Page N of M" on every page', () => {
    const n = pdf.pages.length;
    pdf.pages.forEach((p, i) => {
      expect(p.text).toContain(`Page ${i + 1} of ${n}`);
      expect(p.items.filter((t) => t.str === 'UNCLASSIFIED // FOR PUBLIC RELEASE')).toHaveLength(2);
    });
  });

  it('embeds and subsets every font, uses no images, and sets nothing under 7 pt', () => {
    const raw = pdfSource(bytes);
    const fonts = raw.match(/\/Type \/Font\b/g)?.length ?? 0;
    expect(raw.match(/\/FontFile2/g)?.length).toBeGreaterThan(0);
    expect(raw).not.toMatch(/\/Subtype \/Image/);
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
    expect([...raw.matchAll(/\/BaseFont \/([A-Z]{6})\+/g)].length).toBeGreaterThanOrEqual(Math.floor(fonts / 2));
    for (const p of pdf.pages) for (const t of p.items) expect(t.size, t.str).toBeGreaterThanOrEqual(6.99);
  });

  it('has real text in its charts, in the brief’s fonts', () => {
    const text = allText(pdf);
    for (const s of ['Withdrawal confirmed', 'Road blocked', 'Russian peacekeepers', '50,000', 'Almost all had fled', 'Ethnic Armenian residents']) expect(text).toContain(s);
  });

  it('sets no text on top of other text', () => {
    const box = (t: PdfText) => ({ x1: t.x, x2: t.x + t.width, y1: t.y - t.size * 0.7, y2: t.y + t.size * 0.2 });
    for (const p of pdf.pages) {
      const boxes = p.items.map((t) => ({ t, b: box(t) }));
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].b,
            b = boxes[j].b;
          const overlap = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > 0.5 && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > 0.5;
          expect(overlap, `"${boxes[i].t.str}" over "${boxes[j].t.str}"`).toBe(false);
        }
      }
    }
  });

  it('links citation markers to the numbered sources and has bookmarks from the headings', () => {
    const links = pdf.pages.flatMap((p) => p.annotations).filter((a) => a.subtype === 'Link');
    expect(links.length).toBeGreaterThan(3);
    expect(links.every((l) => l.dest === 'source-1')).toBe(true);
    const titles = pdf.outline.flatMap((o) => [o.title, ...o.items.map((i) => i.title)]);
    expect(titles).toEqual(expect.arrayContaining(['Background', 'Timeline', 'Implications', 'Sources']));
  });

  it('gives each chart its alt text as a tagged Figure', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    const alts: string[] = [];
    const walk = (n: { role?: string; alt?: string; children?: unknown[] }) => {
      if (n.role === 'Figure' && n.alt) alts.push(n.alt);
      (n.children ?? []).forEach((c) => walk(c as typeof n));
    };
    for (let i = 1; i <= doc.numPages; i++) walk((await (await doc.getPage(i)).getStructTree()) ?? {});
    expect(alts).toHaveLength(2);
    expect(alts[0]).toMatch(/^Step line at about 2,000 Russian peacekeepers/);
    expect(alts[1]).toMatch(/^Bar of 50,000 ethnic Armenian residents/);
  });

  it('is deterministic: the same brief gives the same bytes, dated by the brief', async () => {
    const r = await runInProcess(['build', KARABAKH, '-o', join(out, 'k2.pdf')]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'k2.pdf')).equals(bytes)).toBe(true);
    expect(String(pdf.info.CreationDate)).toMatch(/^D:20240417/);
  });

  it('builds on US Letter too', async () => {
    const r = await runInProcess(['build', KARABAKH, '-o', join(out, 'letter.pdf'), '--paper', 'letter']);
    expect(r.code).toBe(0);
    const letter = await readPdf(readFileSync(join(out, 'letter.pdf')));
    expect(letter.pages[0].width).toBeCloseTo(612, 1);
    expect(letter.pages[0].height).toBeCloseTo(792, 1);
    expect(letter.pages.length).toBeLessThanOrEqual(4);
  });
});

describe('the command line with bad input', () => {
  it('refuses a broken brief with file:line, exit 2, no stack trace, and leaves the previous PDF as it was', async () => {
    const p = tempProject();
    const target = join(p.root, 'output', 'karabakh-peacekeepers.pdf');
    expect((await runInProcess(['build', p.brief], p.root)).code).toBe(0);
    const before = readFileSync(target);

    const line = p.edit('brief.yaml', '    value: 50000', '    value: [50000');
    const r = await runInProcess(['build', p.brief], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`briefs/karabakh-peacekeepers/brief\\.yaml:(${line}|${line + 1}):\\d+: error\\[load\\]: YAML syntax`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(target).equals(before)).toBe(true);
    // Nothing half-written, no lock left behind: only the PDF, the manifest of what built it and its editions.
    expect(readdirSync(join(p.root, 'output')).sort()).toEqual(['.briefpress-manifest.json', 'karabakh-peacekeepers.editions', 'karabakh-peacekeepers.pdf']);
    expect(readdirSync(join(p.root, 'output', 'karabakh-peacekeepers.editions')).sort()).toEqual([
      'editions.json',
      'karabakh-peacekeepers.edition-1.content.json',
      'karabakh-peacekeepers.edition-1.pdf',
    ]);
  });

  it('names the template line of an unknown fact', async () => {
    const p = tempProject();
    const line = p.edit('content.md.hbs', '{{fact "war.year"}}', '{{fact "war.yr"}}');
    const r = await runInProcess(['build', p.brief], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`briefs/karabakh-peacekeepers/content.md.hbs:${line}:`);
    expect(r.stderr).toContain('unknown fact "war.yr"');
    expect(existsSync(join(p.root, 'output', 'karabakh-peacekeepers.pdf'))).toBe(false);
  });

  it('names the chart spec and what Vega-Lite objects to', async () => {
    const p = tempProject();
    const spec = join(p.root, 'charts', 'displacement.vl.json');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('"type": "bar"', '"type": "bars"'));
    const r = await runInProcess(['build', p.brief], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('charts/displacement.vl.json: error[chart]: Vega-Lite could not compile the chart:');
    expect(r.stderr).toContain('"bars" is not one of');
  });

  it('reports a missing source file', async () => {
    const p = tempProject();
    p.edit('brief.yaml', 'file: sources/ap-2024-04-17.txt', 'file: sources/ap.txt');
    const r = await runInProcess(['build', p.brief], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/brief\.yaml:\d+:\d+ \(sources\[0\]\.file\): error\[load\]: source file not found: sources\/ap\.txt/);
  });

  it('fails with exit 1 and a clear message when the output cannot be written', async () => {
    const p = tempProject();
    writeFileSync(join(p.root, 'blocker'), 'a file where a folder should be');
    const r = await runInProcess(['build', p.brief, '-o', join(p.root, 'blocker', 'k.pdf')], p.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[write\]: cannot write .*blocker: .*blocker is a file, not a folder/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('shows examples in --help', async () => {
    const top = await runInProcess(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('briefpress build briefs/karabakh-peacekeepers');
    const build = await runInProcess(['build', '--help']);
    expect(build.stdout).toContain('--paper');
    expect(build.stdout).toContain('Exit codes');
  });
});
