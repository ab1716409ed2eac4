// The block registry: a kind of block is one module in src/blocks, with its theme entry and partial, and nothing else knows it.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBrief, type BuildResult } from '../src/build.js';
import { BriefError } from '../src/errors.js';
import { registry } from '../src/blocks/index.js';
import { preflight } from '../src/preflight/preflight.js';
import { BLOCKS, parse } from './helpers/blocks.js';
import { readPdf } from './helpers/pdf.js';
import { ROOT, tempProject } from './helpers/project.js';

const SRC = join(ROOT, 'src');
const POPPLER = spawnSync('pdfinfo', ['-v']).status === 0;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('the block registry', () => {
  it('knows every kind once, and parse accepts exactly its directives', () => {
    expect(new Set(BLOCKS.names).size).toBe(BLOCKS.names.length);
    expect(BLOCKS.directives.container).toEqual(expect.arrayContaining(['title-block', 'key-judgments', 'key-facts', 'sources', 'notes', 'note', 'figure', 'pull-quote']));
    expect(BLOCKS.directives.leaf).toEqual(['figure']);
    expect(() => registry([...['a', 'a'].map((name) => ({ name, rhythm: 'box' as const, flow: () => [] }))])).toThrow(/two kinds are named "a"/);
  });

  it('refuses a block of a kind it does not know rather than laying it out as a box', () => {
    expect(() => BLOCKS.rhythm({ kind: 'group', role: 'sidebar', blocks: [] })).toThrow(/no kind named "sidebar" \(kinds: heading, paragraph/);
  });

  it('names the known directives, pull-quote among them, when a brief misspells one', () => {
    let e: unknown;
    try {
      parse('Text.\n\n:::pull-qoute\nQuoted.\n:::\n', { file: 'content.md.hbs' });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(BriefError);
    expect((e as BriefError).reason).toMatch(/unknown directive "pull-qoute" \(directives: .*pull-quote/);
    expect((e as BriefError).place?.line).toBe(3);
  });

  it('keeps a kind in its own module: the pull-quote is named only there, in the registry and in the theme schema', () => {
    const naming = files(SRC)
      .filter((f) => /pull-?quote/i.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f))
      .sort();
    expect(naming).toEqual(['blocks/index.ts', 'blocks/pull-quote.ts', 'load/theme.ts']);
    // Nothing but the registry dispatches on a kind: layout and parse keep no table of kinds.
    for (const f of ['layout/flow.ts', 'layout/rhythm.ts', 'layout/layout.ts', 'parse/parse.ts']) {
      expect(readFileSync(join(SRC, f), 'utf8')).not.toMatch(/'key-judgments'|'key-facts'|'title-block'/);
    }
  });
});

describe('a pull-quote, written with its partial', () => {
  let built: BuildResult;
  beforeAll(async () => {
    const p = tempProject();
    const content = readFileSync(join(p.brief, 'content.md.hbs'), 'utf8').replace(
      '## Timeline',
      '{{#> pull-quote}}\n“Russian forces are being withdrawn from Azerbaijan’s Karabakh region.”\n\n— President Vladimir Putin’s spokesperson, {{fact "withdrawal.confirmed"}}\n{{/pull-quote}}\n\n## Timeline',
    );
    p.write('content.md.hbs', content);
    built = await buildBrief(p.brief);
  });

  it('prints the quotation in the theme’s display type and its attribution small, in order', async () => {
    const pdf = await readPdf(built.output.bytes);
    const items = pdf.pages.flatMap((p) => p.items);
    const quote = items.filter((i) => /Russian forces are being|withdrawn from Azerbaijan/.test(i.str));
    const by = items.filter((i) => i.str.includes('Putin’s spokesperson'));
    expect(quote.length).toBeGreaterThan(0);
    expect(new Set(quote.map((i) => Math.round(i.size * 10) / 10))).toEqual(new Set([14]));
    expect(by.map((i) => Math.round(i.size * 10) / 10)).toEqual([8.5]);
    expect(by[0].y).toBeGreaterThan(Math.max(...quote.map((i) => i.y)));
  });

  it('is one unbreakable region on the page, between the Background text and the Timeline', () => {
    const regions = built.layout.pages.flatMap((p) => p.regions.map((r) => r.role));
    expect(regions.filter((r) => r === 'pull-quote')).toHaveLength(1);
    expect(regions.indexOf('pull-quote')).toBeGreaterThan(regions.indexOf('paragraph'));
    expect(regions.indexOf('pull-quote')).toBeLessThan(regions.indexOf('h2', regions.indexOf('pull-quote')));
  });

  it('is a block quote to a reader, its two paragraphs inside it', async () => {
    const doc = await getDocument({ data: new Uint8Array(built.output.bytes), verbosity: 0 }).promise;
    type Node = { role?: string; children?: Node[] };
    const quotes: Node[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const walk = (x: Node) => (x.role === 'BlockQuote' ? quotes.push(x) : x.children?.forEach(walk));
      walk(((await (await doc.getPage(n)).getStructTree()) ?? {}) as Node);
    }
    await doc.destroy();
    expect(quotes.map((q) => (q.children ?? []).map((c) => c.role))).toEqual([['P', 'P']]);
  });

  it.skipIf(!POPPLER)('reads in poppler’s structure text as a quotation and then who said it', () => {
    const file = join(tempProject().root, 'q.pdf');
    writeFileSync(file, built.output.bytes);
    const text = spawnSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' }).stdout;
    const at = text.indexOf('BlockQuote');
    expect(at).toBeGreaterThan(0);
    expect(text.indexOf('Russian forces are being', at)).toBeGreaterThan(at);
    expect(text.indexOf('spokesperson', at)).toBeGreaterThan(text.indexOf('Russian forces are being', at));
  });

  it('passes preflight', async () => {
    const report = await preflight(built.output.bytes);
    expect(report.checks.filter((c) => c.failures.length)).toEqual([]);
  });
});
