// The theme is the whole truth about the page: every field it has is read by a build, none is decoration.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compareContent } from '../src/editions/compare.js';
import type { Content } from '../src/editions/content.js';
import { renderBrief } from '../src/build.js';
import { loadBrief } from '../src/load/load.js';
import { loadTheme, themeSchema } from '../src/load/theme.js';
import type { Theme } from '../src/layout/theme.js';
import { ROOT, tempProject } from './helpers/project.js';

/**
 * Every leaf of the theme's schema, as a dotted path; a record (the protrusion tables) is a leaf.
 * A field marked deprecated (accepted so old themes build, and said to be unread) is left out.
 */
function leaves(schema: z.ZodType, path: string[] = []): string[] {
  type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType> };
  let s = schema as z.ZodType & { def: Def };
  if (z.globalRegistry.get(s)?.deprecated) return [];
  while (['default', 'optional', 'pipe'].includes(s.def.type)) s = (s.def.innerType ?? s.def.in) as typeof s;
  if (s.def.type !== 'object') return [path.join('.')];
  return Object.entries(s.def.shape!).flatMap(([k, v]) => leaves(v, [...path, k]));
}

/** The theme behind a proxy that notes each leaf a build reads (a copy: the loaded theme is frozen, shared by every brief of a process). */
function recorded(loaded: Theme, read: Set<string>): Theme {
  const theme = structuredClone(loaded);
  const wrap = (o: object, path: string[]): object =>
    new Proxy(o, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return v;
        const at = [...path, key];
        if (v && typeof v === 'object' && !(path.length && path[path.length - 1] === 'protrusion')) return wrap(v, at);
        read.add(at.join('.'));
        return v;
      },
    });
  return wrap(theme, []) as Theme;
}

describe('the theme', () => {
  it('is read once per process while its file is unchanged, frozen, and read again once it changes', () => {
    const p = tempProject();
    const first = loadTheme(p.root);
    expect(loadTheme(p.root)).toBe(first);
    expect(Object.isFrozen(first.body)).toBe(true);
    const file = join(p.root, 'templates', 'theme.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('body: { face: serif, size: 10,', 'body: { face: serif, size: 11,'));
    const changed = loadTheme(p.root);
    expect(changed).not.toBe(first);
    expect(changed.body.size).toBe(11);
    expect(first.body.size).not.toBe(11);
  });

  it('is parsed once for two projects with the same theme text, and each problem is named in its own file', () => {
    const a = tempProject();
    const b = tempProject();
    expect(loadTheme(b.root)).toBe(loadTheme(a.root));
    // The same bad text in both: refused at each project's own file, never at the other's.
    for (const p of [a, b]) {
      const file = join(p.root, 'templates', 'theme.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('body: { face: serif, size: 10,', 'body: { face: serif, size: -3,'));
    }
    for (const p of [a, b]) expect(() => loadTheme(p.root)).toThrow(expect.objectContaining({ place: expect.objectContaining({ file: join(p.root, 'templates', 'theme.yaml'), line: 5 }) }));
  });

  it('has no field a build never reads (a brief with every kind of block, and a draft)', async () => {
    const p = tempProject();
    const content = [
      '{{> title-block}}',
      '{{#> key-judgments}}\n- A judgment.{{cite "ap-2024-04-17"}}\n{{/key-judgments}}',
      '# A first-level heading',
      '## Background',
      '{{#> key-facts}}\n- {{fact "peacekeepers.deployed" capitalize=true}}\n{{/key-facts}}',
      'The Karabakh region had been under the control of ethnic Armenians until the war.[^n] ' + 'A sentence of plain prose that runs on. '.repeat(12),
      '### A third-level heading',
      '1. one\n2. two',
      '> A quotation.',
      '---',
      ':::note\nA note.\n:::',
      '{{#> pull-quote}}\n“Quoted.”\n\n— Someone\n{{/pull-quote}}',
      '{{> timeline-table}}',
      '{{figure "troops"}}',
      readFileSync(join(ROOT, 'tests', 'fixtures', 'world-desk', 'paragraphs.md'), 'utf8'),
      // Wider than any line: broken between letters, at the cost of a break between clusters.
      'x'.repeat(400),
      '`code`',
      '[^n]: A footnote.',
      '{{> notes-list}}',
      '{{> sources-list}}',
    ].join('\n\n');
    p.write('content.md.hbs', content);
    // A project's figure partial with a second note under the source line.
    mkdirSync(join(p.root, 'templates', 'partials'), { recursive: true });
    const figure = readFileSync(join(ROOT, 'templates', 'partials', 'figure.md.hbs'), 'utf8').replace(/\n:::\s*$/, '\n\nNote: a second note.\n:::\n');
    writeFileSync(join(p.root, 'templates', 'partials', 'figure.md.hbs'), figure);
    const brief = loadBrief(p.brief);
    brief.meta.draft = true;
    // Too long to stand beside the desk and the page number: it takes lines of its own in the foot.
    brief.meta.classification = 'UNCLASSIFIED // FOR OFFICIAL USE ONLY // RELEASABLE TO PARTNERS // NOT FOR PUBLICATION';
    const read = new Set<string>();
    // A second edition, with a figure and every unit changed: the Changes box and a bar beside each.
    const older = (c: Content): Content => ({
      ...c,
      units: c.units.map((u) => ({ ...u, key: `older ${u.key}` })),
      facts: c.facts.map((f, i) => (i === 0 ? { ...f, value: 'older' } : f)),
      hash: 'older',
    });
    await renderBrief(brief, recorded(loadTheme(p.root), read), 'a4', {
      allowUnverified: true,
      edition: (c) => ({ edition: 2, date: '2026-12-05', changes: { since: '2026-12-04', changes: compareContent(older(c), c) } }),
    });
    const never = leaves(themeSchema).filter((f) => !read.has(f) && ![...read].some((r) => r.startsWith(f + '.')));
    expect(never).toEqual([]);
  });
});
