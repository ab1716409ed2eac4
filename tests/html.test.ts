// The web twin: the same brief as the PDF (its text in reading order equals what poppler reads from
// the PDF's tags), valid HTML, self-contained, escaped, small; and in chromium, accessible and
// readable at 360 px.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBrief, type BuildResult } from '../src/build.js';
import { escapeHtml, safeHref } from '../src/html/html.js';
import { logicalOrder, visualOrder } from '../src/layout/direction.js';
import { describeInBrowser, launchBrowser } from './helpers/browser.js';
import { mixedContent } from './helpers/mixed.js';
import { KARABAKH, ROOT, runInProcess, tempProject } from './helpers/project.js';

const POPPLER = spawnSync('pdfinfo', ['-v']).status === 0;

/** The mixed brief of the accessibility tests, and what a web page must also carry: a pull-quote, a rule, an Armenian name, an Arabic and a Chinese paragraph. */
function mixedTwin(karabakh: string): string {
  return [
    mixedContent(karabakh, 40),
    'The Armenian name of the region is :name[Արցախ]{lang=hy}, and the old road ran through :name[Լաչին]{lang=hy}.',
    '',
    ':::pull-quote',
    'The road was the mandate, and the road was lost.',
    '',
    'A regional analyst',
    ':::',
    '',
    '---',
    '',
    'انسحبت قوات حفظ السلام الروسية من الإقليم بعد أربع سنوات.',
    '',
    '俄罗斯维和部队在四年后撤离了该地区。',
    '',
  ].join('\n');
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

/** The page's text in reading order: <main> without its charts, tags dropped. */
function pageText(html: string): string {
  const main = /<main>([\s\S]*)<\/main>/.exec(html)![1];
  return decode(
    main
      .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
      // A figure's link to its data table is the web page's own (the PDF's reader has the annex at hand).
      .replace(/<p class="data">[\s\S]*?<\/p>/g, ' ')
      .replace(/<\/(p|h\d|li|td|th|figcaption|div|section|aside|blockquote)>/g, ' $&')
      .replace(/<[^>]+>/g, ''),
  );
}

/** What poppler reads from the PDF's tags, in order, without the charts' own text (compared apart). */
function structText(pdf: Buffer): { lines: string[]; charts: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'briefpress-twin-'));
  writeFileSync(join(dir, 'b.pdf'), pdf);
  const dump = spawnSync('pdfinfo', ['-struct-text', join(dir, 'b.pdf')], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout;
  const lines: string[] = [];
  const charts: string[] = [];
  let figure = -1;
  for (const line of dump.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (figure >= 0 && indent <= figure) figure = -1;
    if (/^\s*Figure\b/.test(line)) figure = indent;
    const quoted = /^\s*"(.*)"$/.exec(line);
    if (quoted) (figure >= 0 ? charts : lines).push(quoted[1]);
  }
  return { lines, charts };
}

/**
 * Text without spacing and line-end hyphens. Right-to-left script is left out too: poppler prints
 * it as drawn (visual order), the page holds it as read; the test checks it against the source.
 */
const squash = (s: string) => s.replace(/[\s\u00ad\-\u2010\u2011]+/g, '').replace(/[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]+/g, '');

/** Every word the PDF's tags hold, a word broken at a line's end both with and without its hyphen. */
function pdfWords(lines: string[]): Set<string> {
  const words = new Set<string>();
  lines.forEach((line, i) => {
    const ws = line.split(/\s+/).filter(Boolean);
    ws.forEach((w) => words.add(w));
    const lastWord = ws[ws.length - 1];
    const next = lines[i + 1]?.split(/\s+/).filter(Boolean)[0];
    if (lastWord?.endsWith('-') && next) {
      words.add(lastWord.slice(0, -1) + next);
      words.add(lastWord + next);
    }
    // A marker, a name or the punctuation after one is its own tagged element, set against the
    // word before it: "region.1", "Արցախ,", "twice.b,1".
    let glued = lastWord;
    for (let j = i + 1; glued && j < lines.length && (/^\S{1,3}$/.test(lines[j]) || /^[,.;:!?)’”]/.test(lines[j])); j++) {
      glued += lines[j].split(/\s+/)[0];
      words.add(glued);
      if (/\s/.test(lines[j])) break;
    }
  });
  return words;
}

async function both(dir: string, root: string, options: { chartData?: boolean } = {}) {
  const pdf = await buildBrief(dir, { root, ...options });
  const html = await buildBrief(dir, { root, ...options, format: 'html' });
  return { pdf, html, text: html.output.bytes.toString('utf8') };
}

describe('the web twin of a brief', () => {
  const built: Record<string, { pdf: BuildResult; html: BuildResult; text: string }> = {};
  beforeAll(async () => {
    built.karabakh = await both(KARABAKH, ROOT);
    const mixed = tempProject();
    mixed.write('content.md.hbs', mixedTwin(readFileSync(join(mixed.brief, 'content.md.hbs'), 'utf8')));
    built.mixed = await both(mixed.brief, mixed.root, { chartData: true });
  }, 60_000);

  for (const name of ['karabakh', 'mixed']) {
    it.runIf(POPPLER)(`reads as the PDF's tags read, word for word (${name})`, () => {
      const { pdf, text } = built[name];
      const { lines, charts } = structText(pdf.output.bytes);
      const page = pageText(text);
      // Every character in the same order (spacing and line-end hyphens aside) ...
      expect(squash(page)).toBe(squash(lines.join(' ')));
      // ... and every word of the page a word of the PDF: none glued to its neighbour, none split.
      const words = pdfWords(lines);
      const strays = page.split(/\s+/).filter((w) => w && !words.has(w) && !/[\u0590-\u08FF]/.test(w));
      expect(strays).toEqual([]);
      // The charts' own text, as the PDF's figures hold it (their data-carrying labels, in order).
      const svgText = [...text.matchAll(/<text(?! class="d")[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1]));
      expect(squash(svgText.join(''))).toBe(squash(charts.join('')));
    });
  }

  it('is one file with nothing to fetch: fonts and charts inside it, no script', () => {
    const { text } = built.karabakh;
    expect(text.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(text).not.toMatch(/<script|<link|<img|<iframe|<object|@import|url\((?!data:)/i);
    expect(text).not.toMatch(/\s(src|srcset|action|formaction)=/i);
    // Links: only the sources' anchors inside the page (the Karabakh brief has no web link).
    for (const m of text.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^#source-\d+$/);
    expect((text.match(/@font-face/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect((text.match(/<svg /g) ?? []).length).toBe(2);
  });

  it('has the structure a reader needs: one h1, headings in order, th scope, figures, key facts aside, names with lang', () => {
    const { text } = built.mixed;
    expect(text.match(/<h1[ >]/g)).toHaveLength(1);
    const levels = [...text.matchAll(/<h(\d)[ >]/g)].map((m) => Number(m[1]));
    levels.forEach((l, i) => i && expect(l).toBeLessThanOrEqual(levels[i - 1] + 1));
    expect(text).toMatch(/<th[^>]* scope="col"/);
    expect(text.match(/<figure[ >]/g)!.length).toBe(2);
    expect(text).toMatch(/<figcaption[ >]/);
    expect(text).toMatch(/<aside class="[^"]*key-facts/);
    expect(text).toMatch(/<span lang="hy">(<span class="f-[^"]+">)?Արցախ<\/span>/);
    expect(text).toMatch(/<svg [^>]*role="img" aria-labelledby="f1t"><title id="f1t">[^<]+<\/title>/);
    expect(text).toMatch(/<sup><a href="#source-1"/);
    expect(text).toMatch(/<span id="source-1"><\/span>/);
    expect(text).toMatch(/<ol[ >]/);
    expect(text).toMatch(/<blockquote[ >]/);
    // The Arabic paragraph runs right to left in an English page, its words in the order they are
    // read (the PDF draws them in visual order); the Chinese one does not.
    const arabic = /<p[^>]* dir="rtl"[^>]*>([\s\S]*?)<\/p>/.exec(text);
    expect(arabic && decode(arabic[1].replace(/<[^>]+>/g, ''))).toBe('انسحبت قوات حفظ السلام الروسية من الإقليم بعد أربع سنوات.');
    expect(text).not.toMatch(/<p[^>]* dir="rtl"[^>]*>(<[^>]+>)*俄罗斯/);
    // Each figure links to its data table in the chart data annex, whose heading reads as its caption.
    for (const n of [1, 2]) {
      expect(text).toMatch(new RegExp(`<p class="data"><a href="#data-figure-${n}">↓ Figure ${n}: `));
      expect(text).toMatch(new RegExp(`<h\\d id="data-figure-${n}"[^>]*>`));
    }
  });

  it('is valid HTML (html-validate: no errors)', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'], rules: { 'no-inline-style': 'off', 'long-title': 'off' } });
    for (const name of ['karabakh', 'mixed']) {
      const report = await validator.validateString(built[name].text);
      const errors = report.results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`));
      expect(errors, name).toEqual([]);
    }
  });

  it('gives the same bytes for the same brief, within 120 KB with its fonts', async () => {
    const again = await buildBrief(KARABAKH, { root: ROOT, format: 'html' });
    expect(Buffer.compare(again.output.bytes, built.karabakh.html.output.bytes)).toBe(0);
    expect(built.karabakh.html.output.bytes.length).toBeLessThanOrEqual(120 * 1024);
  });
});

describe('reading order from drawing order', () => {
  it('undoes UAX #9 L2: logicalOrder(visualOrder(x)) is x, for any levels', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let t = 0; t < 500; t++) {
      const n = 1 + Math.floor(random() * 12);
      const pieces = Array.from({ length: n }, (_, i) => i);
      const levels = pieces.map(() => Math.floor(random() * 4));
      const drawn = visualOrder(pieces, levels);
      const drawnLevels = visualOrder(levels, levels);
      expect(logicalOrder(drawn, drawnLevels), `levels ${levels.join(',')}`).toEqual(pieces);
    }
  });
});

describe('the web twin against hostile input', () => {
  it('escapes every string from a brief and keeps only https, http and mailto links', async () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<b>', 'vbscript:x', 'file:///etc/passwd', '//evil.example/x', 'ftp://x'])
      expect(safeHref(bad), bad).toBeUndefined();
    expect(safeHref('https://apnews.com/a')).toBe('https://apnews.com/a');
    expect(safeHref('mailto:desk@example.org')).toBe('mailto:desk@example.org');

    const p = tempProject();
    p.edit('brief.yaml', /title: .*\n/, 'title: "<script>alert(1)</script> <img src=x onerror=alert(2)>"\n');
    p.edit(
      'content.md.hbs',
      '## Background',
      '## Background <b onclick="x()">bold</b>\n\nSee [the report](javascript:alert(3)) and [the wire](https://apnews.com/x"onmouseover="alert(4)).\n\n## More',
    );
    // Raw HTML and a javascript: link are refused before any output is made, the web page's too.
    await expect(buildBrief(p.brief, { root: p.root, format: 'html' })).rejects.toThrow(/HTML/);
    p.edit('content.md.hbs', ' <b onclick="x()">bold</b>', '');
    await expect(buildBrief(p.brief, { root: p.root, format: 'html' })).rejects.toThrow(/javascript:alert\(3\)/);
    p.edit('content.md.hbs', '[the report](javascript:alert(3))', 'the report');
    // A chart's alt text and its spec's own text (an axis title, a link channel) are data too.
    p.edit('brief.yaml', '    alt: >-\n      Step line', '    alt: >-\n      <script>alert(6)</script> Step line');
    const spec = join(p.root, 'charts', 'troops.vl.json');
    const troops = JSON.parse(readFileSync(spec, 'utf8')) as Record<string, unknown>;
    writeFileSync(spec, JSON.stringify({ ...troops, title: '<img src=x onerror=alert(7)>', usermeta: { href: 'javascript:alert(8)' } }));
    // What is left builds; none of it is live in the page.
    const result = await buildBrief(p.brief, { root: p.root, format: 'html' });
    const html = result.output.bytes.toString('utf8');
    // Markup is what starts with a literal "<" (text has &lt;): no script, no image, no handler, no javascript: anywhere in it.
    const tags = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);
    expect(tags.filter((t) => /^<(script|img|iframe|object|embed|link|meta http-equiv)/i.test(t) || /\son[a-z]+\s*=/i.test(t) || /javascript:/i.test(t))).toEqual([]);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;script&gt;alert(6)&lt;/script&gt; Step line');
    expect(html).toContain('&lt;img src=x onerror=alert(7)&gt;</text>');
    for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^(#source-\d+|https:\/\/apnews\.com\/)/);
  });
});

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describeInBrowser('the web twin in a browser', () => {
  let browser: Browser;
  let file: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    const r = await buildBrief(KARABAKH, { root: ROOT, format: 'html' });
    file = join(mkdtempSync(join(tmpdir(), 'briefpress-twin-')), 'k.html');
    writeFileSync(file, r.output.bytes);
  }, 60_000);
  afterAll(async () => browser?.close());

  it('loads nothing, uses its own fonts, reads at 360 px without sideways scrolling, and passes axe (WCAG 2.2 AA)', async () => {
    for (const width of [360, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${file}`);
      await page.evaluate(() => document.fonts.ready);
      expect(requests).toEqual([`file://${file}`]);
      expect(await page.evaluate(() => [...document.fonts].every((f) => f.status === 'loaded'))).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.evaluate(AXE);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
        const r = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
        return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations, `${width} px`).toEqual([]);
      await page.close();
    }
  });

  it('builds with --format html from the command line, where the PDF would go, and issues no edition of its own', async () => {
    const p = tempProject();
    const r = await runInProcess(['build', p.brief, '--format', 'html'], p.root);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(p.root, 'output', 'karabakh-peacekeepers.html'), 'utf8').startsWith('<!DOCTYPE html>')).toBe(true);
    // The history beside the output is the PDF's: a web page built alone writes none.
    expect(existsSync(join(p.root, 'output', 'karabakh-peacekeepers.editions'))).toBe(false);
  });
});

describe('a PDF and its web twin from one build (--format pdf,html)', () => {
  it('writes both, says so, skips them unchanged, rebuilds a twin deleted, and keeps each edition of both', async () => {
    const p = tempProject();
    const out = (f: string) => join(p.root, 'output', f);
    let r = await runInProcess(['build', p.brief, '--format', 'pdf,html', '--json'], p.root);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { briefs: { output: string; twin: { output: string; bytes: number } | null; edition: number }[] };
    expect(report.briefs[0].twin).toEqual({ output: 'output/karabakh-peacekeepers.html', bytes: readFileSync(out('karabakh-peacekeepers.html')).length });
    // The twin is the web page a build of the html format alone makes, byte for byte.
    const alone = await buildBrief(p.brief, { root: p.root, format: 'html' });
    expect(Buffer.compare(readFileSync(out('karabakh-peacekeepers.html')), alone.output.bytes)).toBe(0);
    expect(readFileSync(out('karabakh-peacekeepers.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

    r = await runInProcess(['build', p.brief, '--format', 'pdf,html'], p.root);
    expect(r.stdout + r.stderr).toMatch(/skipped/);
    rmSync(out('karabakh-peacekeepers.html'));
    r = await runInProcess(['build', p.brief, '--format', 'pdf,html'], p.root);
    expect(r.stdout + r.stderr).toMatch(/built .* web page output\/karabakh-peacekeepers\.html \([\d,]+ bytes\)/);
    expect(existsSync(out('karabakh-peacekeepers.html'))).toBe(true);

    p.edit('content.md.hbs', 'No reason was given.', 'No reason was given by either side.');
    r = await runInProcess(['build', p.brief, '--format', 'pdf,html'], p.root);
    expect(r.code, r.stderr).toBe(0);
    const kept = join(out('karabakh-peacekeepers.editions'));
    for (const f of ['karabakh-peacekeepers.edition-1.pdf', 'karabakh-peacekeepers.edition-1.html', 'karabakh-peacekeepers.edition-2.pdf', 'karabakh-peacekeepers.edition-2.html'])
      expect(existsSync(join(kept, f)), f).toBe(true);
    // The second edition's page says so, as its PDF does, and has the change in it.
    const second = readFileSync(join(kept, 'karabakh-peacekeepers.edition-2.html'), 'utf8');
    expect(second).toContain('by either side');
    expect(second).toMatch(/Edition 2/);
    expect(readFileSync(out('karabakh-peacekeepers.html'), 'utf8')).toBe(second);
  });

  it("takes the project's default from briefpress.yaml (format: pdf,html), which --format overrides", async () => {
    const p = tempProject();
    writeFileSync(join(p.root, 'briefpress.yaml'), readFileSync(join(p.root, 'briefpress.yaml'), 'utf8') + '\nformat: pdf,html\n');
    let r = await runInProcess(['build', p.brief], p.root);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(p.root, 'output', 'karabakh-peacekeepers.html'))).toBe(true);
    rmSync(join(p.root, 'output'), { recursive: true });
    r = await runInProcess(['build', p.brief, '--format', 'pdf'], p.root);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(p.root, 'output', 'karabakh-peacekeepers.html'))).toBe(false);
    writeFileSync(join(p.root, 'briefpress.yaml'), readFileSync(join(p.root, 'briefpress.yaml'), 'utf8').replace('format: pdf,html', 'format: docx'));
    r = await runInProcess(['build', p.brief], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/briefpress\.yaml.*format/);
  });

  it('refuses both to standard output, saying why', async () => {
    const p = tempProject();
    const r = await runInProcess(['build', p.brief, '--format', 'pdf,html', '-o', '-'], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a PDF and its web page cannot both go to standard output');
  });
});
