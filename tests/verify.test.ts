import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compose } from '../src/compose/compose.js';
import { extractFacts } from '../src/extract/extract.js';
import { loadBrief } from '../src/load/load.js';
import { dateAgrees, normalise, numbersIn, sentences } from '../src/verify/text.js';
import { checkUsage, verify } from '../src/verify/verify.js';
import { readPdf } from './helpers/pdf.js';
import { KARABAKH, runInProcess, tempProject } from './helpers/project.js';

const ARTICLE = join(KARABAKH, 'sources', 'ap-2024-04-17.txt');

describe('reading sources', () => {
  it('finds numbers written with separators or as words', () => {
    expect(numbersIn('about 2,000 troops; 50,000 residents; after one day; 1.5 million').map((n) => n.value)).toEqual([2000, 50000, 1.5e6, 1]);
  });

  it('agrees a date with the sentence that states it, at its precision or as a season', () => {
    expect(dateAgrees('2024-04-17', 'said on Wednesday, April 17, 2024, that', '2000-01-01')).toBe(true);
    expect(dateAgrees('2023-09', 'a lighting blitz in September 2023', '2024-04-17')).toBe(true);
    expect(dateAgrees('2022-11', 'began blocking the road in late 2022', '2024-04-17')).toBe(true);
    expect(dateAgrees('2022-03', 'began blocking the road in late 2022', '2024-04-17')).toBe(false);
    expect(dateAgrees('2024-04', 'no date here', '2024-04-17')).toBe(true);
    expect(dateAgrees('2021', 'no date here', '2024-04-17')).toBe(false);
  });

  it("reads a month or day named without a year against the report's date, so only one year agrees", () => {
    // Mali, AP, 31 October 2023: the withdrawal "once planned for mid-November" is November 2023.
    const mali = 'The last peacekeepers were to leave Kidal, once planned for mid-November, within days.';
    expect(['2022-11', '2023-11', '2024-11'].map((d) => dateAgrees(d, mali, '2023-10-31'))).toEqual([false, true, false]);
    // Looking back, the last one before the report: "voted in December", in a February report.
    const voted = 'Parliament voted in December to end the mission.';
    expect(['2022-12', '2023-12', '2024-12'].map((d) => dateAgrees(d, voted, '2024-02-28'))).toEqual([false, true, false]);
    // A day too: "Dec. 28" in a report of 2 January is last year's; "by April 30" is this one's.
    expect(['2023-12-28', '2024-12-28'].map((d) => dateAgrees(d, 'Fighting broke out on Dec. 28 near the border.', '2024-01-02'))).toEqual([true, false]);
    expect(['2024-04-30', '2025-04-30', '2023-04-30'].map((d) => dateAgrees(d, 'They must leave by April 30, officials said.', '2024-04-17'))).toEqual([true, false, false]);
    // The report's own month, looking back or ahead, is the report's year.
    expect(dateAgrees('2023-10', 'The convoys left in October.', '2023-10-31')).toBe(true);
  });

  it('compares quotes with curly quotes, dashes and spacing normalised', () => {
    expect(normalise('Azerbaijan’s  “sole”\n road — open')).toBe(normalise(`Azerbaijan's "sole" road - open`));
  });

  it('splits sentences without breaking at abbreviations', () => {
    const s = sentences('Parked on Tuesday, Nov. 17, 2020. President Putin spoke.').map((x) => x.text);
    expect(s).toEqual(['Parked on Tuesday, Nov. 17, 2020.', 'President Putin spoke.']);
  });
});

describe('briefpress check', () => {
  it('finds the shipped brief clean', async () => {
    const brief = loadBrief(KARABAKH);
    const p = verify(brief);
    expect(p.problems.map((e) => e.reason)).toEqual([]);
    expect(checkUsage(brief, compose(brief).usedFacts)).toEqual([]);
    expect(p.checked.facts).toBe(brief.facts.length);
    const r = await runInProcess(['check', KARABAKH]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/clean: 12 facts, 7 dataset rows, 5 timeline events/);
  });

  it('refuses a troop figure changed to 3,000 (value and quote), in check and in build, at the quote’s line', async () => {
    const p = tempProject();
    const line = p.edit('brief.yaml', '  - id: peacekeepers.deployed\n    value: 2000', '  - id: peacekeepers.deployed\n    value: 3000');
    p.edit('brief.yaml', 'placing about 2,000\n        peacekeeping troops', 'placing about 3,000\n        peacekeeping troops');
    const check = await runInProcess(['check', p.brief], p.root);
    expect(check.code).toBe(2);
    // The quote is what is wrong: the message stands at its first line (its list begins below "quote:").
    const quoteLine = readFileSync(join(p.brief, 'brief.yaml'), 'utf8').split('\n').indexOf('    quote:', line) + 2;
    expect(check.stderr).toContain(`brief.yaml:${quoteLine}:7 (facts[0].quote): error[verify]: fact "peacekeepers.deployed": quote not found in sources/ap-2024-04-17.txt`);
    expect(check.stderr).toContain('nearest sentence in sources/ap-2024-04-17.txt: "That war ended with a Russia-brokered cease-fire that called for placing about 2,000 peacekeeping troops');

    const build = await runInProcess(['build', p.brief], p.root);
    expect(build.code).toBe(2);
    expect(build.stderr).toContain(`brief.yaml:${quoteLine}:7 (facts[0].quote)`);
    expect(existsSync(join(p.root, 'output', 'karabakh-peacekeepers.pdf'))).toBe(false);

    const allowed = await runInProcess(['build', p.brief, '--allow-unverified'], p.root);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(
      /^briefs\/karabakh-peacekeepers\/brief\.yaml: warning\[verify\]: 1 unverified item printed with the unverified mark\n  hint: .*\n  .*brief\.yaml:\d+:7 \(facts\[0\]\.quote\): warning\[verify\]: fact "peacekeepers\.deployed": quote not found/,
    );
    const pdf = await readPdf(readFileSync(join(p.root, 'output', 'karabakh-peacekeepers.pdf')));
    const text = pdf.pages.map((x) => x.text).join('\n');
    expect(text).toContain('[unverified]');
    expect(text).toMatch(/Draft: 1 item failed the provenance check and is marked \[unverified\]\./);
  });

  it('says which number its quote does not state', () => {
    const p = tempProject();
    const line = p.edit('brief.yaml', '    value: 50000', '    value: 5000');
    const problems = verify(loadBrief(p.brief)).problems;
    expect(problems.map((e) => e.reason)).toEqual(['fact "armenians.residents": 5,000 does not appear in its quote (the quote says 50,000, 2023)']);
    // At the value: line, where the fix goes, not at the fact's first line.
    expect(problems[0].place).toMatchObject({ line, column: 12, field: 'facts[6].value' });
  });

  it('refuses a date its quote does not support', () => {
    const p = tempProject();
    const line = p.edit('brief.yaml', '    value: late 2022\n    as_of: "2022"', '    value: late 2022\n    as_of: "2021"');
    const [e] = verify(loadBrief(p.brief)).problems;
    expect(e.reason).toBe('fact "blockade.start": date 2021 is neither in its quote nor the source\'s date (2024-04-17)');
    // At the as_of that is wrong, not at the fact's first line.
    expect(e.place).toMatchObject({ line: line + 1, field: 'facts[3].as_of' });
  });

  it('refuses a month named without a year dated to another year, saying how it reads', async () => {
    const p = tempProject();
    p.edit('sources/ap-2024-04-17.txt', /$/, '\nA full withdrawal was once planned for mid-November.\n');
    const fact = (asOf: string) =>
      `facts:\n  - id: withdrawal.planned\n    value: mid-November\n    as_of: ${asOf}\n    source: ap-2024-04-17\n    background: true\n    quote: A full withdrawal was once planned for mid-November.\n`;
    const line = p.edit('brief.yaml', 'facts:\n', fact('2023-11'));
    const r = await runInProcess(['check', p.brief], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`brief.yaml:${line + 3}:12 (facts[0].as_of)`);
    expect(r.stderr).toContain("date 2023-11 is neither in its quote nor the source's date (2024-04-17)");
    expect(r.stderr).toContain('the quote says "November" without a year, which reads as 2024-11 against the source\'s date 2024-04-17');
    p.edit('brief.yaml', 'as_of: 2023-11', 'as_of: 2024-11');
    expect((await runInProcess(['check', p.brief], p.root)).code).toBe(0);
  });

  it('checks dataset rows and timeline events too', () => {
    const p = tempProject();
    p.edit('brief.yaml', '        residents: 50000', '        residents: 60000');
    p.edit('brief.yaml', "    text: Almost all of Karabakh's 50,000", "    text: Almost all of Karabakh's 40,000");
    const reasons = verify(loadBrief(p.brief)).problems.map((e) => e.reason);
    expect(reasons).toContain('row 1 of dataset "residents": 60,000 does not appear in its quote (the quote says 50,000)');
    expect(reasons.some((r) => r.startsWith('timeline event 4 ("Days later"): 40,000 does not appear'))).toBe(true);
  });

  it('names a fact the content never uses', () => {
    const p = tempProject();
    p.edit('brief.yaml', '    value: did not say why\n    background: true', '    value: did not say why');
    const brief = loadBrief(p.brief);
    expect(checkUsage(brief, compose(brief).usedFacts).map((e) => e.reason)).toEqual(['fact "withdrawal.reason" is defined but the content never uses it']);
  });
});

describe('the fact annex', () => {
  it('lists each fact, its value and its quoted sentence after the sources', async () => {
    const p = tempProject();
    const r = await runInProcess(['build', p.brief, '--annex', '-o', join(p.root, 'annex.pdf')], p.root);
    expect(r.code).toBe(0);
    const text = (await readPdf(readFileSync(join(p.root, 'annex.pdf')))).pages.map((x) => x.text).join('\n');
    expect(text.indexOf('Annex: Fact base')).toBeGreaterThan(text.indexOf('Sources'));
    const annex = text.slice(text.indexOf('Annex: Fact base'));
    // What each figure says, not the ids the analyst filed them under.
    for (const value of ['Dmitry Peskov', 'did not say why', 'late 2022']) expect(annex).toContain(value);
    for (const id of ['peacekeepers.deployed', 'armenians.residents', 'kremlin.spokesman']) expect(annex).not.toContain(id);
  });
});

describe('briefpress facts extract', () => {
  const text = readFileSync(ARTICLE, 'utf8');

  it('proposes 2,000, 50,000, 2020, 2022 and 2023 from the AP article, each with its sentence', () => {
    const facts = extractFacts(text, 'ap', '2024-04-17');
    const find = (pred: (f: (typeof facts)[number]) => boolean) => facts.find(pred);
    const troops = find((f) => f.value === 2000 && f.qualifier === 'about')!;
    expect(troops).toMatchObject({ unit: 'peacekeeping troops', kind: 'count' });
    expect(troops.quote).toMatch(/^That war ended with a Russia-brokered cease-fire/);
    expect(find((f) => f.value === 50000)).toMatchObject({ unit: 'ethnic Armenian residents', quote: "Almost all of Karabakh's 50,000 ethnic Armenian residents fled the region within days." });
    expect(find((f) => f.value === 2020 && f.kind === 'year')?.quote).toContain('a war in 2020');
    expect(find((f) => f.value === 'late 2022')).toMatchObject({ kind: 'period', as_of: '2022' });
    expect(find((f) => f.value === '2023-09')).toMatchObject({ kind: 'date', as_of: '2023-09', display: 'September 2023' });
    // Vladimir Putin is named only in a photo caption, which is not the story.
    expect(facts.filter((f) => f.kind === 'actor').map((f) => f.value)).toEqual(expect.arrayContaining(['Dmitry Peskov', 'Hikmet Hajiyev']));
    expect(facts.some((f) => /AP Photo/.test(f.quote))).toBe(false);
    // Every candidate quotes the article verbatim.
    for (const f of facts) expect(normalise(text)).toContain(normalise(f.quote));
  });

  it('is deterministic and writes a draft with the schema line, never over an existing file', async () => {
    const p = tempProject();
    const out = join(p.root, 'draft.yaml');
    expect((await runInProcess(['facts', 'extract', ARTICLE, '--source-id', 'ap-2024-04-17', '-o', out], p.root)).code).toBe(0);
    const first = readFileSync(out, 'utf8');
    expect(first.split('\n')[0]).toBe('# yaml-language-server: $schema=schema/brief.schema.json');
    expect(first).toContain('source: ap-2024-04-17');
    writeFileSync(out, 'analyst edits');
    const again = await runInProcess(['facts', 'extract', ARTICLE, '-o', out], p.root);
    expect(again.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('analyst edits');
    const stdout = (await runInProcess(['facts', 'extract', ARTICLE, '--source-id', 'ap-2024-04-17'], p.root)).stdout;
    expect(stdout).toBe(first);
  });
});

describe('briefpress init never invents', () => {
  const draft = async (article: string) => {
    const p = tempProject();
    writeFileSync(join(p.root, 'article.txt'), article);
    expect((await runInProcess(['init', 'congo', '--from', 'article.txt'], p.root)).code).toBe(0);
    const dir = join(p.root, 'briefs', 'congo');
    return { p, dir, yaml: readFileSync(join(dir, 'brief.yaml'), 'utf8') };
  };
  const today = new Date().toISOString().slice(0, 10);

  it('names the publisher from the dateline and leaves an unknown date TODO, once, which a draft prints and a finished brief refuses at its line', async () => {
    const { p, dir, yaml } = await draft(
      'UN peacekeepers begin leaving Congo\n\nKINSHASA, Congo (AP) — The first phase of the withdrawal of the 15,000-strong U.N. force will begin, officials said.\n',
    );
    expect(yaml).toMatch(/publisher: Associated Press/);
    expect(yaml).not.toContain(today);
    expect(yaml).not.toContain('Publisher of the source');
    // The source's date, written once: the brief and every fact take it.
    expect(yaml.match(/^\s+(?:date|as_of): TODO$/gm)).toEqual(['    date: TODO']);
    const line = yaml.split('\n').findIndex((l) => /^ {4}date: TODO$/.test(l)) + 1;
    expect((await runInProcess(['build', dir, '-o', join(p.root, 'draft.pdf')], p.root)).code).toBe(0);
    writeFileSync(join(dir, 'brief.yaml'), yaml.replace(/^(\s+)draft: true$/m, '$1draft: false'));
    for (const command of ['check', 'build']) {
      const r = await runInProcess([command, dir], p.root);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`brief.yaml:${line}:11 (sources[0].date): error[load]: sources[0].date is still TODO: the draft did not find it in the source`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('takes the date from the text and the agency from a byline', async () => {
    const { yaml } = await draft('Peacekeepers leave\n\nBy Jane Doe, Reuters\n\nOn April 17, 2024, officials said 2,000 troops would go.\n');
    expect(yaml).toMatch(/publisher: Reuters/);
    expect(yaml).toMatch(/^ {2}date: 2024-04-17$/m);
  });

  it('leaves a publisher it cannot read TODO', async () => {
    const { yaml } = await draft('A note\n\nOfficials said 2,000 troops would go on April 17, 2024.\n');
    expect(yaml).toMatch(/publisher: TODO/);
  });
});

describe('briefpress init', () => {
  it('creates a brief from an article that checks clean and builds at once', async () => {
    const p = tempProject();
    const r = await runInProcess(['init', 'baku-talks', '--from', ARTICLE], p.root);
    expect(r.code).toBe(0);
    const dir = join(p.root, 'briefs', 'baku-talks');
    expect(readFileSync(join(dir, 'brief.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/brief.schema.json');
    expect((await runInProcess(['check', dir], p.root)).code).toBe(0);
    const build = await runInProcess(['build', dir], p.root);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const pdf = await readPdf(readFileSync(join(p.root, 'output', 'baku-talks.pdf')));
    expect(pdf.pages[0].text).toContain('Russia begins withdrawing peacekeeping forces');
  });

  it('creates an empty brief that builds, and never writes over an existing one', async () => {
    const p = tempProject();
    expect((await runInProcess(['init', 'empty-brief', '--date', '2026-01-02'], p.root)).code).toBe(0);
    expect((await runInProcess(['build', join(p.root, 'briefs', 'empty-brief')], p.root)).code).toBe(0);
    const again = await runInProcess(['init', 'karabakh-peacekeepers'], p.root);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; nothing was written/);
  });
});
