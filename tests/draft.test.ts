// A draft builds with its placeholders and says DRAFT on every page; once cleared, a placeholder is an error at its line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { buildBrief } from '../src/build.js';
import { BriefError } from '../src/errors.js';
import type { TextRun } from '../src/layout/boxes.js';
import { preflight } from '../src/preflight/preflight.js';
import { runInProcess, tempProject } from './helpers/project.js';

const ARTICLE = join(import.meta.dirname, '..', 'briefs', 'karabakh-peacekeepers', 'sources', 'ap-2024-04-17.txt');

/** Every text item pdf.js finds on each page, with whether its glyphs are turned. */
async function pageTexts(pdf: Uint8Array): Promise<{ str: string; turned: boolean }[][]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  const out = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const items = (await (await doc.getPage(n)).getTextContent()).items as { str: string; transform: number[] }[];
    out.push(items.map((i) => ({ str: i.str, turned: Math.abs(i.transform[1]) > 0.1 })));
  }
  await doc.destroy();
  return out;
}

describe('a draft', () => {
  it('is what init makes, and builds at once with exactly the command init prints', async () => {
    const p = tempProject();
    const made = await runInProcess(['init', 'coup', '--from', ARTICLE], p.root);
    expect(made.code, made.stderr).toBe(0);
    const yaml = readFileSync(join(p.root, 'briefs', 'coup', 'brief.yaml'), 'utf8');
    expect(yaml).toMatch(/^ {2}draft: true$/m);
    const command = /build it with briefpress (build \S+)/.exec(made.stdout + made.stderr)![1].split(' ');
    const built = await runInProcess(command, p.root);
    expect(built.code, built.stderr).toBe(0);
    expect(existsSync(join(p.root, 'output', 'coup.pdf'))).toBe(true);
  });

  it('says DRAFT in the banner and across every page, the watermark an artifact under the text', async () => {
    const p = tempProject();
    p.edit('brief.yaml', '  language: en\n', '  language: en\n  draft: true\n');
    const r = await buildBrief(p.brief);
    expect(r.layout.pages.length).toBe(2);
    for (const page of r.layout.pages) {
      const first = page.boxes[0] as TextRun;
      expect(first).toMatchObject({ kind: 'text', text: 'DRAFT', tag: { artifact: 'watermark' } });
      expect(first.angle).toBeGreaterThan(30);
      expect(first.size).toBeGreaterThan(72);
    }
    const pages = await pageTexts(r.output.bytes);
    for (const items of pages) {
      expect(items.filter((i) => i.str === 'DRAFT' && i.turned).length).toBe(1);
      expect(items.filter((i) => i.str === 'DRAFT · UNCLASSIFIED // FOR PUBLIC RELEASE').length).toBe(2);
    }
    const report = await preflight(r.output.bytes);
    expect(report.checks.filter((c) => c.failures.length)).toEqual([]);
  });

  it('keeps placeholders, and once cleared each is an error at its line and column, with no PDF', async () => {
    const p = tempProject();
    const line = p.edit('content.md.hbs', '## Implications', '## Implications\n\nTODO: say what this means for the OSCE.');
    const build = (...extra: string[]) => runInProcess(['build', p.brief, '-o', join(p.root, 'k.pdf'), ...extra], p.root);
    p.edit('brief.yaml', '  language: en\n', '  language: en\n  draft: true\n');
    expect((await build()).code).toBe(0);
    p.edit('brief.yaml', '  draft: true\n', '  draft: false\n');
    const previous = readFileSync(join(p.root, 'k.pdf'));
    const r = await build();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`content.md.hbs:${line + 2}:1: error[verify]: a placeholder is left in the text: "TODO: say what this means for the OSCE."`);
    expect(readFileSync(join(p.root, 'k.pdf')).equals(previous)).toBe(true);
    const check = await runInProcess(['check', p.brief], p.root);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain(`content.md.hbs:${line + 2}:1: error[verify]`);
  });

  it('holds older drafts to the same rule: "Write the bottom line here" is a placeholder too', async () => {
    const p = tempProject();
    p.edit('content.md.hbs', /- Russia has begun/, '- Write the bottom line here: what the reader must know.\n- Russia has begun');
    await expect(buildBrief(p.brief)).rejects.toMatchObject({ stage: 'verify', place: { line: 2, column: 3 } });
  });

  it('but a TODO in a Handlebars comment prints nothing, so it is no placeholder', async () => {
    const p = tempProject();
    p.edit('content.md.hbs', '## Implications', '{{!-- TODO: ask the desk about the OSCE --}}\n## Implications');
    await expect(buildBrief(p.brief)).resolves.toBeTruthy();
  });

  it('without the mark has no watermark and no DRAFT in the banner', async () => {
    const r = await buildBrief(tempProject().brief);
    expect(r.layout.pages.flatMap((pg) => pg.boxes).filter((b) => b.kind === 'text' && /DRAFT/.test(b.text))).toEqual([]);
  });
});

describe('a draft with TODO where only a date will do', () => {
  it('builds marked DRAFT with the TODO in print, and is refused at that line once no longer a draft', async () => {
    const p = tempProject();
    p.edit('brief.yaml', '  language: en\n', '  language: en\n  draft: true\n');
    const line = p.edit('brief.yaml', '  date: 2024-04-17', '  date: TODO');
    const r = await buildBrief(p.brief);
    const text = r.layout.pages
      .flatMap((pg) => pg.boxes)
      .filter((b) => b.kind === 'text')
      .map((b) => (b as { text: string }).text)
      .join(' ');
    expect(text).toContain('TODO');
    p.edit('brief.yaml', '  draft: true\n', '  draft: false\n');
    const e = await buildBrief(p.brief).then(
      () => undefined,
      (x: BriefError) => x,
    );
    expect(e).toMatchObject({ place: { line }, reason: 'meta.date is still TODO: the draft did not find it in the source, and briefpress never guesses it' });
  });

  it('still says what is wrong with a date that is neither a date nor TODO', async () => {
    const p = tempProject();
    const line = p.edit('brief.yaml', '  date: 2024-04-17', '  date: 2024-02-31');
    const e = await buildBrief(p.brief).then(
      () => undefined,
      (x: BriefError) => x,
    );
    expect(e).toMatchObject({ place: { line }, reason: 'meta.date: not a real calendar date (no such day in that month)' });
  });
});
