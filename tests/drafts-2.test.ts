// Drafts measured on wire reports the extractor was not tuned on (tests/fixtures/wire-2): units are
// the nouns figures count, counts in words stay words, actors are names, and the prose keeps the report's wording.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFacts, impliedDate, publisherOf } from '../src/extract/extract.js';
import { ROOT, runInProcess, tempProject } from './helpers/project.js';

const WIRE = join(ROOT, 'tests', 'fixtures', 'wire-2');

interface Expected {
  published: string;
  publisher: string;
  figures: { value: number; unit: string; qualifier?: string; written?: string }[];
  dates: string[];
  actors: string[];
  notActors: string[];
}
const expected = JSON.parse(readFileSync(join(WIRE, 'expected.json'), 'utf8')) as Record<string, Expected>;

describe('facts extract on reports it was not tuned on', () => {
  for (const [file, e] of Object.entries(expected)) {
    const text = readFileSync(join(WIRE, file), 'utf8');
    const facts = extractFacts(text, 'src', impliedDate(text));
    const actors = facts.filter((f) => f.kind === 'actor').map((f) => String(f.value));

    it(`${file}: publisher, date, and every figure with the noun it counts`, () => {
      expect(publisherOf(text)).toBe(e.publisher);
      expect(impliedDate(text)).toBe(e.published);
      for (const f of e.figures) {
        const got = facts.find((x) => x.value === f.value);
        expect(got, `${f.value} ${f.unit}`).toBeDefined();
        expect(got!.unit).toBe(f.unit);
        if (f.qualifier) expect(got!.qualifier).toBe(f.qualifier);
        // A count the report writes in words prints in those words.
        if (f.written && !/\d/.test(f.written)) expect(got!.display).toBe(f.written);
      }
    });

    it(`${file}: every dated event, relative ones read against the report's date`, () => {
      for (const d of e.dates)
        expect(
          facts.some((x) => ['date', 'year', 'period'].includes(x.kind) && String(x.value) === d),
          d,
        ).toBe(true);
    });

    it(`${file}: the actors by name, and no descriptions, directions or the agency taken for one`, () => {
      for (const a of e.actors)
        expect(
          actors.some((x) => x === a || x.endsWith(` ${a}`)),
          `${a} in ${actors.join(', ')}`,
        ).toBe(true);
      for (const a of e.notActors) expect(actors, a).not.toContain(a);
      expect(new Set(actors).size).toBe(actors.length);
    });
  }
});

describe('init from a report it was not tuned on', () => {
  it("drafts prose in the report's words, a timeline of its dated events, and checks clean but for the draft's TODOs", async () => {
    const p = tempProject();
    const made = await runInProcess(['init', 'mali', '--from', join(WIRE, 'ap-2023-10-31-mali-kidal.txt')], p.root);
    expect(made.code, made.stderr).toBe(0);
    const content = readFileSync(join(p.root, 'briefs', 'mali', 'content.md.hbs'), 'utf8');
    // The compound keeps its words: only the number is drawn from the fact base.
    expect(content).toMatch(/The \{\{fact "[a-z0-9.-]+" unit=false\}\}-strong U\.N\. mission/);
    expect(content).toMatch(/## Timeline\n\n\| When \|[\s\S]*\| \{\{fact "[a-z0-9.-]+"\}\} \|[\s\S]*\| \{\{fact "[a-z0-9.-]+"\}\} \|/);
    const check = await runInProcess(['check', 'briefs/mali'], p.root);
    expect(check.code, check.stderr).toBe(0);
    const built = await runInProcess(['build', 'briefs/mali', '-o', join(p.root, 'mali.pdf')], p.root);
    expect(built.code, built.stderr).toBe(0);
  });
});

describe('drafted values carry no stray punctuation', () => {
  it('an actor the report quotes is its name, without the quotation marks or the full stop around it', () => {
    const text = 'GENEVA, June 13, 2024 (Reuters) - Aid is “needed now from the United Nations”, officials said. Officials of the “African Union.” met 300 delegates.';
    const actors = extractFacts(text, 's', '2024-06-13')
      .filter((f) => f.kind === 'actor')
      .map((f) => f.value);
    expect(actors).toEqual(expect.arrayContaining(['United Nations', 'African Union']));
    for (const a of actors) expect(String(a)).not.toMatch(/^[“”"‘’'«».,;:]|[“”"‘’'«».,;:]$/);
  });
});

describe('a count with no noun', () => {
  it('"More than 300 were killed" is a fact of 300 killed, and the prose keeps the verb; "since Sunday" gets no "on"', async () => {
    const p = tempProject();
    const report = join(p.root, 'mali.txt');
    writeFileSync(
      report,
      'Fighting kills hundreds in Mali\n\nBAMAKO, Mali, Oct. 31, 2023 (AP) — More than 300 were killed in the fighting in the north, officials said on Tuesday.\n\nAbout 1,200 have fled to Niger since Sunday, the U.N. refugee agency said.\n',
    );
    const facts = extractFacts(readFileSync(report, 'utf8'), 's', '2023-10-31');
    expect(facts.find((f) => f.value === 300)).toMatchObject({ unit: 'killed', qualifier: 'more than', bare: true });
    expect(facts.find((f) => f.value === 1200)).toMatchObject({ unit: 'fled', qualifier: 'about', bare: true });
    const r = await runInProcess(['init', 'mali', '--from', report], p.root);
    expect(r.code, r.stderr).toBe(0);
    const content = readFileSync(join(p.root, 'briefs', 'mali', 'content.md.hbs'), 'utf8');
    expect(content).toMatch(/\{\{fact "[\w.-]+" unit=false capitalize=true\}\} were killed in the fighting/);
    expect(content).not.toMatch(/since on/);
    expect((await runInProcess(['check', 'briefs/mali'], p.root)).code).toBe(0);
  });
});
