import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { compose } from '../src/compose/compose.js';
import { formatDate, formatFact, formatNumber } from '../src/compose/format.js';
import { escapeMarkdown } from '../src/compose/markdown-escape.js';
import { BriefError } from '../src/errors.js';
import { loadBrief } from '../src/load/load.js';
import { PACKAGE_ROOT } from '../src/load/project.js';
import { parse } from './helpers/blocks.js';
import { spansText } from '../src/parse/document.js';
import { inlineMark } from '../src/compose/marks.js';
import { KARABAKH, tempProject } from './helpers/project.js';

function composeError(dir: string): BriefError {
  try {
    compose(loadBrief(dir));
  } catch (e) {
    if (e instanceof BriefError) return e;
    throw e;
  }
  throw new Error('expected the template to be refused');
}

describe('template helpers', () => {
  it('prints a fact with its hedge and unit, numbers grouped, years not', () => {
    const brief = loadBrief(KARABAKH);
    const fact = (id: string) => formatFact(brief.facts.find((f) => f.id === id)!);
    expect(fact('peacekeepers.deployed')).toBe('about 2,000 peacekeeping troops');
    expect(fact('armenians.residents')).toBe('50,000 ethnic Armenian residents');
    expect(fact('war.year')).toBe('2020');
    expect(fact('withdrawal.confirmed')).toBe('Wednesday 17 April 2024');
  });

  it('formats dates as precisely as they are given', () => {
    expect(formatDate('2024-04-17')).toBe('17 April 2024');
    expect(formatDate('2023-09')).toBe('September 2023');
    expect(formatDate('2020')).toBe('2020');
  });

  it('composes the brief: facts in, citations numbered, figures in order', () => {
    const out = compose(loadBrief(KARABAKH));
    // Each fact marked with its id (the preview finds it on the page by it; it prints nothing).
    expect(out.markdown).toContain(`placed ${inlineMark.fact('peacekeepers.deployed', 'about 2,000 peacekeeping troops')} in the parts still held by Armenians`);
    expect(out.markdown).toContain(inlineMark.cite(1));
    expect(out.figures).toEqual(['troops', 'displacement']);
    expect(out.usedFacts).toContain('armenians.residents');
    expect(out.markdown).not.toMatch(/\{\{|\}\}/);
  });

  it('escapes values for Markdown, so * and _ in a fact print as written', () => {
    const p = tempProject();
    p.edit('brief.yaml', 'value: Dmitry Peskov', 'value: "Dmitry *Peskov* _spokesman_ [1](x) <b> | :cite[9]"');
    const doc = parse(compose(loadBrief(p.brief)).markdown);
    const text = JSON.stringify(doc);
    expect(text).toContain('Dmitry *Peskov* _spokesman_ [1](x) <b> | :cite[9]');
    // No emphasis, link or citation was created from the value.
    const para = doc.blocks.find((b) => b.kind === 'paragraph' && spansText(b.spans).includes('Peskov'));
    expect(para && para.kind === 'paragraph' && para.spans.every((s) => (!s.style.italic && s.cite === undefined) || !s.text.includes('Peskov'))).toBe(true);
    expect(escapeMarkdown('a*b_c')).toBe('a\\*b\\_c');
  });
});

describe('template errors', () => {
  it('names the file and line of an unknown fact id, and suggests the near one', () => {
    const p = tempProject();
    const line = p.edit('content.md.hbs', '{{fact "armenians.residents"}}', '{{fact "armenians.residnts"}}');
    const e = composeError(p.brief);
    expect(e.place.file).toMatch(/content\.md\.hbs$/);
    expect(e.place.line).toBe(line);
    expect(e.reason).toBe('unknown fact "armenians.residnts" (did you mean "armenians.residents"?)');
  });

  it('refuses an unknown helper at compile time with its line', () => {
    const p = tempProject();
    const line = p.edit('content.md.hbs', '## Background', '## Background {{shout "x"}}');
    const e = composeError(p.brief);
    expect(e.reason).toMatch(/unknown helper "shout"/);
    expect(e.place.line).toBe(line);
  });

  it('gives a disputed figure one note, at its first use, after its whole word group', () => {
    const p = tempProject();
    p.edit('brief.yaml', '  - id: peacekeepers.deployed\n', '  - id: peacekeepers.deployed\n    disputed: true\n    note: A second report gives 1,960.\n');
    p.edit('content.md.hbs', '{{#> key-judgments}}\n', 'A {{fact "peacekeepers.deployed" unit=false}}-strong force stood there.\n\n{{#> key-judgments}}\n');
    const { markdown } = compose(loadBrief(p.brief));
    // Printed four times, noted once: after "-strong", not inside the word group.
    expect(markdown.match(/about 2,000/g)!.length).toBeGreaterThan(2);
    expect(markdown.match(/\[\^disputed-1\]/g)).toHaveLength(2);
    expect(markdown).toContain(`${inlineMark.fact('peacekeepers.deployed', 'about 2,000')}-strong[^disputed-1] force`);
    expect(markdown).toContain('[^disputed-1]: Disputed: A second report gives 1,960.');
    expect(markdown).not.toContain('(disputed');
    const notes = parse(markdown).blocks.find((b) => b.kind === 'group' && b.role === 'notes');
    expect(notes && JSON.stringify(notes)).toContain('Disputed: A second report gives 1,960.');
  });

  it("quotes a title by one rule in title block and sources, the brief's language's", () => {
    const title = 'Russia begins withdrawing peacekeeping forces from Karabakh, now under full Azerbaijan control';
    const us = compose(loadBrief(KARABAKH)).markdown;
    expect(us.split(`“${title},” 17 April 2024`).length - 1).toBe(2);
    expect(us).not.toContain(`${title}”,`);
    const p = tempProject();
    p.edit('brief.yaml', '  language: en\n', '  language: en-GB\n');
    const gb = compose(loadBrief(p.brief)).markdown;
    expect(gb.split(`‘${title}’, 17 April 2024`).length - 1).toBe(2);
  });

  it('suggests the helper meant when one is a small edit away', () => {
    const p = tempProject();
    p.edit('content.md.hbs', '{{fact "war.year"}} war,', '{{fcat "war.year"}} war,');
    const e = composeError(p.brief);
    expect(e.reason).toBe('unknown helper "fcat" (did you mean "fact"?)');
    expect(e.hint).not.toContain('src/');
  });

  it('is strict: a missing field is an error, not a blank', () => {
    const p = tempProject();
    const line = p.edit('content.md.hbs', '## Background', '## Background {{meta.nonsense}}');
    const e = composeError(p.brief);
    expect(e.reason).toBe('"nonsense" is not defined');
    expect(e.place.line).toBe(line);
  });

  it('reports broken template syntax with its line', () => {
    const p = tempProject();
    const line = p.edit('content.md.hbs', '## Timeline', '## Timeline {{#if meta.title}}');
    const e = composeError(p.brief);
    expect(e.reason).toMatch(/^template syntax/);
    expect(e.place.file).toMatch(/content\.md\.hbs$/);
    expect(e.place.line).toBeGreaterThanOrEqual(line);
  });

  it('cannot reach prototypes from a template', () => {
    const p = tempProject();
    p.edit('content.md.hbs', '## Background', '## Background {{meta.constructor}}{{meta.__proto__}}');
    expect(composeError(p.brief).reason).toMatch(/is not defined/);
  });

  it('names the partial file when an error is inside a partial', () => {
    const p = tempProject();
    const partial = `${p.root}/templates/partials/timeline-table.md.hbs`;
    writeFileSync(partial, readFileSync(partial, 'utf8').replace('{{text}}', '{{fact "nope"}}'));
    const e = composeError(p.brief);
    expect(e.place.file).toBe(partial);
    expect(e.place.line).toBe(4);
  });
});

describe('numbers in prose', () => {
  it('reads as Intl en-US with two decimals would, without making an Intl formatter for ordinary numbers', () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
    // Halfway cases of the shortest decimal (1.005 is a hair below in binary), signs, zeros, limits.
    const values = [0, -0, 0.005, 0.015, 0.125, -0.125, 1.005, 2.675, 0.995, 99.995, -999.995, 0.001, -0.001, 1e-7, 5e-324, 12345678.9, 1e15 - 1, 1e15, 2.5e20, NaN, Infinity, -Infinity];
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 50_000; i++) {
      values.push((random() < 0.5 ? -1 : 1) * random() * 10 ** (Math.floor(random() * 18) - 3));
      values.push(Math.round(random() * 1e7) / 1000);
    }
    for (const v of values) expect(formatNumber(v), String(v)).toBe(intl.format(v));
  });
});

describe('templates compiled once per process', () => {
  it('compiles a template again when its text changes, and keeps helpers and facts to their own brief', () => {
    const a = tempProject();
    // A second brief in the same project: the same layout and partials, other facts.
    const other = join(a.root, 'briefs', 'other');
    cpSync(a.brief, other, { recursive: true });
    writeFileSync(join(other, 'brief.yaml'), readFileSync(join(other, 'brief.yaml'), 'utf8').replace(/value: 2000\b/, 'value: 1999'));
    const before = compose(loadBrief(a.brief)).markdown;
    a.edit('content.md.hbs', '## Background', '## Background\n\nAn added sentence.');
    const after = compose(loadBrief(a.brief)).markdown;
    expect(before).not.toContain('An added sentence.');
    expect(after).toContain('An added sentence.');
    // The same project templates, compiled once, filled with each brief's own facts.
    const theirs = compose(loadBrief(other)).markdown;
    expect(theirs).toContain('1,999');
    expect(compose(loadBrief(a.brief)).markdown).not.toContain('1,999');
  });

  it('compiles a partial only when it is used, so a broken one that is never called breaks nothing', () => {
    const p = tempProject();
    writeFileSync(join(p.root, 'templates', 'partials', 'unused.md.hbs'), '{{#if}}never closed');
    expect(() => compose(loadBrief(p.brief))).not.toThrow();
    p.edit('content.md.hbs', '## Background', '## Background\n\n{{> unused}}');
    const e = composeError(p.brief);
    expect(e.message + JSON.stringify(e.place)).toMatch(/unused\.md\.hbs/);
  });
});

describe('compiled templates kept between builds', () => {
  it("keeps briefpress's own templates past forgetProcessCaches (they are in the startup snapshot), and compiles a brief's own again", async () => {
    const Handlebars = (await import('handlebars')).default;
    const { forgetProcessCaches } = await import('../src/cache/memory.js');
    const p = tempProject();
    // A project that has not copied the templates to edit (init --templates): briefpress's own serve it.
    rmSync(join(p.root, 'templates'), { recursive: true });
    compose(loadBrief(p.brief));
    forgetProcessCaches();
    // Each compose makes its own Handlebars environment: listen to the parser of each.
    const parsed: (string | undefined)[] = [];
    const create = Handlebars.create.bind(Handlebars);
    const spy = vi.spyOn(Handlebars, 'create').mockImplementation(() => {
      const env = create();
      const own = env.parse.bind(env);
      env.parse = ((source: string, options?: { srcName?: string }) => (parsed.push(options?.srcName), own(source, options as never))) as typeof env.parse;
      return env;
    });
    try {
      const out = compose(loadBrief(p.brief));
      // Only the brief's own template: the policy brief and its partials come from briefpress's templates/.
      expect(parsed).toEqual([join(p.brief, 'content.md.hbs')]);
      expect(out.templates.filter((f) => f.startsWith(join(PACKAGE_ROOT, 'templates'))).length).toBeGreaterThan(5);
    } finally {
      spy.mockRestore();
    }
  });
});
