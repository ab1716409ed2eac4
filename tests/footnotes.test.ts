// Markdown the analyst writes is printed, or refused at its line: footnotes as lettered notes, never literal text.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBrief, type BuildResult } from '../src/build.js';
import { BriefError } from '../src/errors.js';
import { spansText, type Block, type Span } from '../src/parse/document.js';
import { parse } from './helpers/blocks.js';
import { preflight } from '../src/preflight/preflight.js';
import { tempProject } from './helpers/project.js';

const POPPLER = spawnSync('pdfinfo', ['-v']).status === 0;

function refused(markdown: string): BriefError {
  try {
    parse(markdown, { file: 'content.md.hbs' });
  } catch (e) {
    if (e instanceof BriefError) return e;
    throw e;
  }
  throw new Error('expected the Markdown to be refused');
}

const markers = (spans: Span[]) =>
  spans
    .filter((s) => s.cite !== undefined || s.note !== undefined || s.sup)
    .map((s) => s.text)
    .join('');

describe('footnotes', () => {
  const doc = parse(
    ['Text one.[^x] Text two.[^y]', '', '[^y]: The second note.', '[^x]: The first note.', '', ':::notes', '## Notes', ':::', '', ':::sources', '## Sources', '', '1. A source.', ':::'].join('\n'),
  );

  it('are lettered in the order their markers appear, and linked, not printed as [^x]', () => {
    const p = doc.blocks[0] as Extract<Block, { kind: 'paragraph' }>;
    expect(spansText(p.spans)).toBe('Text one.a Text two.b');
    expect(p.spans.filter((s) => s.note !== undefined).map((s) => [s.text, s.note])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it("are listed in the template's Notes section, before Sources, in marker order", () => {
    const kinds = doc.blocks.map((b) => (b.kind === 'group' ? b.role : b.kind));
    expect(kinds).toEqual(['paragraph', 'notes', 'sources']);
    const notes = doc.blocks[1] as Extract<Block, { kind: 'group' }>;
    const list = notes.blocks[1] as Extract<Block, { kind: 'list' }>;
    expect(list.items.map((i) => spansText((i[0] as Extract<Block, { kind: 'paragraph' }>).spans))).toEqual(['The first note.', 'The second note.']);
  });

  it('leave no empty Notes section when there are none', () => {
    const plain = parse('Text.\n\n:::notes\n## Notes\n:::\n');
    expect(plain.blocks.map((b) => b.kind)).toEqual(['paragraph']);
  });

  it('go before Sources even when the template has no place for them', () => {
    const d = parse('Text.[^x]\n\n[^x]: Note.\n\n:::sources\n## Sources\n\n1. S.\n:::\n');
    expect(d.blocks.map((b) => (b.kind === 'group' ? b.role : b.kind))).toEqual(['paragraph', 'notes', 'sources']);
  });

  it('refuse a marker with no note text, at its line, saying how to write one', () => {
    const e = refused('First paragraph.\n\nSecond[^2] paragraph.\n');
    expect(e.place.line).toBe(3);
    expect(e.reason).toBe('footnote [^2] has no text');
    expect(e.hint).toContain("[^2]: the note's text");
  });

  it('refuse a note nobody refers to, at its line', () => {
    const e = refused('Text.\n\n[^lost]: Never referred to.\n');
    expect(e.place.line).toBe(3);
    expect(e.reason).toContain('footnote [^lost] is defined but never referred to');
  });

  it('refuse a note that holds a list', () => {
    expect(refused('Text.[^x]\n\n[^x]: Intro.\n\n    - a list\n').reason).toContain('holds a list');
  });

  it('print a fact that contains [^1] as written: escaped brackets are not a marker', () => {
    const d = parse('The value \\[\\^1\\] stays.');
    expect(spansText((d.blocks[0] as Extract<Block, { kind: 'paragraph' }>).spans)).toBe('The value [^1] stays.');
  });
});

describe('Markdown that is not printed is refused at its line', () => {
  it('raw HTML, block or inline', () => {
    expect(refused('Intro.\n\n<div>boxed</div>\n')).toMatchObject({ place: { line: 3 }, reason: 'raw HTML is not printed: "<div>boxed</div>"' });
    expect(refused('One.\n\nA <b>bold</b> word.\n').place.line).toBe(3);
  });

  it('images, inline and by reference', () => {
    const e = refused('Intro.\n\n![map](map.png)\n');
    expect(e).toMatchObject({ place: { line: 3 }, reason: 'images in Markdown are not printed: "map.png"' });
    expect(e.hint).toContain('{{figure');
    expect(refused('![map][m]\n\n[m]: map.png\n').reason).toContain('images in Markdown');
  });

  it('but an HTML comment prints nothing, as it says', () => {
    expect(parse('<!-- a reminder to self -->\n\nText.').blocks.map((b) => b.kind)).toEqual(['paragraph']);
  });

  it('and a reference link is a link like any other, its scheme checked', () => {
    const d = parse('See [the report][ap].\n\n[ap]: https://apnews.com/x\n');
    expect((d.blocks[0] as Extract<Block, { kind: 'paragraph' }>).spans.find((s) => s.url)?.url).toBe('https://apnews.com/x');
    expect(refused('See [it][x].\n\n[x]: javascript:alert(1)\n').reason).toContain('javascript:');
  });
});

describe('markers side by side', () => {
  const of = (md: string) => markers((parse(md).blocks[0] as Extract<Block, { kind: 'paragraph' }>).spans);
  it('are separated by commas, never read as one number', () => {
    expect(of('Text.:cite[1]:cite[2]')).toBe('1,2');
  });
  it('print sources in order, each once, and three in a row as a range', () => {
    expect(of('Text.:cite[3]:cite[1]:cite[2]:cite[5]:cite[1]')).toBe('1–3,5');
  });
  it('print a note before a source', () => {
    expect(of('Text.:cite[1][^n]\n\n[^n]: N.')).toBe('a,1');
  });
});

describe('a brief with footnotes, read back from its PDF', () => {
  let built: BuildResult;
  beforeAll(async () => {
    const p = tempProject();
    const content = readFileSync(join(p.brief, 'content.md.hbs'), 'utf8').replace('did not intervene.', 'did not intervene.[^road]');
    p.write('content.md.hbs', `${content}\n\n[^road]: The road is the Lachin corridor, named in the 2020 cease-fire statement.\n`);
    built = await buildBrief(p.brief);
  });

  it('tags the marker as Reference > Link and the note as Note with an ID, in a lettered list', async () => {
    const doc = await getDocument({ data: new Uint8Array(built.output.bytes), verbosity: 0 }).promise;
    type Node = { role?: string; children?: Node[]; type?: string; id?: string };
    const all: Node[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const walk = (x: Node) => {
        all.push(x);
        x.children?.forEach(walk);
      };
      walk(((await (await doc.getPage(n)).getStructTree()) ?? {}) as Node);
    }
    const annotations = [];
    for (let n = 1; n <= doc.numPages; n++) annotations.push(...((await (await doc.getPage(n)).getAnnotations()) as { contentsObj?: { str: string } }[]));
    await doc.destroy();
    expect(all.filter((n) => n.role === 'Note').length).toBe(1);
    expect(annotations.map((a) => a.contentsObj?.str).filter((s) => s?.startsWith('Note'))).toEqual([
      expect.stringMatching(/^Note a: The road is the Lachin corridor, named in the 2020.cease-fire statement\.$/),
    ]);
  });

  it.skipIf(!POPPLER)("reads the note under Notes, before Sources, in poppler's structure text", () => {
    const file = join(tempProject().root, 'f.pdf');
    writeFileSync(file, built.output.bytes);
    const text = spawnSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' }).stdout;
    const notes = text.indexOf('"Notes"');
    expect(notes).toBeGreaterThan(0);
    expect(text.indexOf('Note <note-', notes)).toBeGreaterThan(notes);
    expect(text.indexOf('/LowerAlpha', notes)).toBeGreaterThan(notes);
    expect(text.indexOf('"Sources"')).toBeGreaterThan(text.indexOf('Lachin corridor'));
  });

  it('passes preflight', async () => {
    const report = await preflight(built.output.bytes);
    expect(report.checks.filter((c) => c.failures.length)).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
