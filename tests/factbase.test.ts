// A PDF that carries its facts (issue 23, items 3 and 4): the fact base attached as PDF/A-3 asks,
// read back by poppler and pdf.js, printed by `briefpress facts`, and compared by `briefpress diff`
// from two files alone.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { everywhere, runInProcess, tempProject, type TempProject } from './helpers/project.js';

const BRIEF = 'briefs/karabakh-peacekeepers';
const pdfOf = (p: TempProject) => join(p.root, 'output', 'karabakh-peacekeepers.pdf');
const build = async (p: TempProject, ...extra: string[]) => {
  const r = await runInProcess(['build', BRIEF, ...extra], p.root);
  expect(r.code, r.stderr).toBe(0);
};
/** Two editions of one brief, as files a reader holds: the troop figure raised, a sentence reworded, a fact dropped. */
async function twoEditions(): Promise<{ p: TempProject; first: string; second: string }> {
  const p = tempProject();
  await build(p);
  const dir = mkdtempSync(join(tmpdir(), 'briefpress-diff-'));
  const first = join(dir, 'tuesday.pdf');
  copyFileSync(pdfOf(p), first);
  for (const [file, from, to] of [
    ['brief.yaml', '2,000', '2,500'],
    ['brief.yaml', 'value: 2000', 'value: 2500'],
    ['brief.yaml', 'troops: 2000', 'troops: 2500'],
    ['sources/ap-2024-04-17.txt', '2,000', '2,500'],
    ['content.md.hbs', 'No reason was given.', 'No reason was offered.'],
  ])
    everywhere(p, file, from, to);
  p.edit('brief.yaml', /  - id: withdrawal\.reason\n(    .*\n|      .*\n)*/, '');
  await build(p);
  const second = join(dir, 'thursday.pdf');
  copyFileSync(pdfOf(p), second);
  return { p, first, second };
}

interface FactBaseJson {
  format: string;
  edition: { number: number; date: string } | null;
  facts: { id: string; value: string | number; unit?: string; date: string; quotes: string[]; source: { id: string; publisher: string; title: string; date: string } }[];
  charts: { id: string; dataset: string; rows: { fields: Record<string, unknown> }[] }[];
}

describe('the fact base a PDF carries', () => {
  it('is attached, read back by poppler and pdf.js alike, and claimed as PDF/A-3a + PDF/UA-1', async () => {
    const p = tempProject();
    await build(p);
    const list = spawnSync('pdfdetach', ['-list', pdfOf(p)], { encoding: 'utf8' });
    if (!list.error) expect(list.stdout).toMatch(/^1 embedded files\n1: briefpress-facts\.json\n/);
    const checked = await runInProcess(['preflight', pdfOf(p), '--json'], p.root);
    expect(checked.code, checked.stdout).toBe(0);
    expect((JSON.parse(checked.stdout) as { claims: string[] }).claims).toEqual(['PDF/UA-1', 'PDF/A-3A']);
    const r = await runInProcess(['facts', pdfOf(p), '--json'], p.root);
    expect(r.code, r.stderr).toBe(0);
    const base = JSON.parse(r.stdout) as FactBaseJson;
    expect(base.format).toBe('briefpress fact base 1');
    // Every fact of brief.yaml, each with its quoted sentences and its source.
    const yaml = readFileSync(join(p.brief, 'brief.yaml'), 'utf8');
    const ids = [...yaml.matchAll(/^ {2}- id: (\S+)$/gm)].map((m) => m[1]);
    expect(base.facts.map((f) => f.id)).toEqual(ids.filter((id) => base.facts.some((f) => f.id === id)));
    expect(base.facts.length).toBeGreaterThanOrEqual(10);
    const deployed = base.facts.find((f) => f.id === 'peacekeepers.deployed')!;
    expect(deployed).toMatchObject({ value: 2000, unit: 'peacekeeping troops', date: '2020', source: { publisher: 'Associated Press', date: '2024-04-17' } });
    expect(deployed.quotes[0]).toMatch(/about 2,000 peacekeeping troops/);
    // Each chart's rows, as its dataset has them.
    expect(base.charts.find((c) => c.id === 'troops')!.rows.map((r) => r.fields.troops)).toEqual([2000, 2000]);
    // The quotes travel, not the source text: a sentence of the article no fact quotes is not in the PDF's file.
    const article = readFileSync(join(p.brief, 'sources', 'ap-2024-04-17.txt'), 'utf8');
    const quoted = base.facts.flatMap((f) => f.quotes).join('\n');
    const unquoted = article
      .split(/(?<=[.!?])\s+/)
      .map((s) => s.trim())
      // The article's headline is the source's title, which the fact base names.
      .filter((s) => s.length > 60 && !quoted.includes(s) && !s.includes(deployed.source.title));
    expect(unquoted.length).toBeGreaterThanOrEqual(3);
    for (const s of unquoted) expect(r.stdout).not.toContain(s.slice(0, 60));
    // The first edition's page says no edition, and so does its file: the same bytes any day.
    expect(base.edition).toBeNull();
  });

  it('prints them for a reader: each figure with its sentence and source, each chart row, the sources', async () => {
    const p = tempProject();
    await build(p);
    const r = await runInProcess(['facts', pdfOf(p)], p.root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Russia withdraws its peacekeepers from Karabakh \(karabakh-peacekeepers, 2024-04-17\)\nUNCLASSIFIED/);
    expect(r.stdout).toMatch(/ {2}peacekeepers\.deployed: about 2000 peacekeeping troops \(as of 2020\)\n {4}“That war ended with a Russia-brokered cease-fire[^\n]*”\n/);
    expect(r.stdout).toMatch(/— Associated Press, “Russia begins withdrawing peacekeeping forces from Karabakh, now under full Azerbaijan control”, 2024-04-17/);
    expect(r.stdout).toMatch(/Charts \(2\)\n {2}troops: [^\n]*\(dataset \w+, 2 rows\)\n/);
    expect(r.stdout).toMatch(/Sources \(1\)\n {2}1\. Associated Press/);
  });

  it('is left out of a PDF/A-2 file, and facts says so and what to do', async () => {
    const p = tempProject();
    await build(p, '--standard', 'ua+a2a');
    const r = await runInProcess(['facts', pdfOf(p)], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^output\/karabakh-peacekeepers\.pdf: error\[cli\]: the PDF carries no briefpress fact base[^\n]*\n {2}hint: [^\n]*--standard ua\+a3a/);
    const notPdf = await runInProcess(['facts', join(BRIEF, 'brief.yaml')], p.root);
    expect(notPdf.code).toBe(2);
    expect(notPdf.stderr).toMatch(/^briefs\/karabakh-peacekeepers\/brief\.yaml: error\[cli\]: cannot read it as a PDF: it does not start as a PDF does/);
    expect(notPdf.stderr).not.toMatch(/\n\s+at /);
    const none = await runInProcess(['facts'], p.root);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/facts needs a PDF to read, or a command: extract/);
  });
});

describe('briefpress diff OLD.pdf NEW.pdf', () => {
  it('exits 0 on the same content, with no project in reach', async () => {
    const { first } = await twoEditions();
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-noproject-'));
    const rebuilt = join(dir, 'again.pdf');
    copyFileSync(first, rebuilt);
    const r = await runInProcess(['diff', first, rebuilt], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\nThe same content\.\n$/);
  });

  it('exits 1 and lists figures old -> new, facts removed and the changed blocks word by word', async () => {
    const { first, second } = await twoEditions();
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-noproject-'));
    const r = await runInProcess(['diff', first, second], dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^--- Russia withdraws[^\n]*\n\+\+\+ Russia withdraws[^\n]*edition 2 of \d{4}-\d{2}-\d{2}\)\n/);
    expect(r.stdout).toContain('Figures changed\n  peacekeepers.deployed: about 2000 peacekeeping troops (as of 2020) → about 2500 peacekeeping troops (as of 2020) [Associated Press]\n');
    expect(r.stdout).toMatch(/Facts removed\n {2}- withdrawal\.reason: /);
    expect(r.stdout).toContain('No reason was [-given.[1]-]{+offered.[1]+}');
    expect(r.stdout).toContain('about [-2,000-]{+2,500+} peacekeeping troops');
    expect(r.stdout).toMatch(/Chart data changed\n {2}troops: [^\n]*\n {4}- date=2020-11-17, troops=2000,/);

    const json = await runInProcess(['diff', first, second, '--json'], dir);
    expect(json.code).toBe(1);
    const d = JSON.parse(json.stdout) as {
      same: boolean;
      new: { edition: { number: number } };
      figures: { id: string; before: { value: number }; after: { value: number } }[];
      removed: { id: string }[];
      added: unknown[];
      blocks: { kind: string; section: string; before: string | null; after: string | null; words: string }[];
    };
    expect(d.same).toBe(false);
    expect(d.new.edition.number).toBe(2);
    expect(d.figures.map((f) => [f.id, f.before.value, f.after.value])).toEqual([['peacekeepers.deployed', 2000, 2500]]);
    expect(d.removed.map((f) => f.id)).toEqual(['withdrawal.reason']);
    expect(d.added).toEqual([]);
    // Every block whose text changed, and no other: the troop figure wherever it is said, the reworded sentence, the chart.
    expect(d.blocks.every((b) => b.before !== null && b.after !== null)).toBe(true);
    // Each "2,000" now "2,500" (bottom line, key facts, background, timeline, the chart's rows), the reworded sentence.
    expect(d.blocks.map((b) => `${b.kind} in ${b.section || 'the bottom line'}`).sort()).toEqual([
      'figure in Timeline',
      'list item in Background',
      'list item in the bottom line',
      'paragraph in Background',
      'paragraph in Background',
      'table row in Timeline',
    ]);
    for (const b of d.blocks) expect(b.words === b.after + " (its chart's data changed)" || /\[-.+?-\]|\{\+.+?\+\}/.test(b.words)).toBe(true);
  });

  it('refuses a file that is not a PDF, or one with no fact base, with exit 2 as diff does', async () => {
    const { p, first } = await twoEditions();
    await build(p, '--standard', 'a2b', '-o', 'output/old-style.pdf');
    const r = await runInProcess(['diff', first, 'output/old-style.pdf'], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^output\/old-style\.pdf: error\[cli\]: the PDF carries no briefpress fact base/);
    const missing = await runInProcess(['diff', first, 'nope.pdf'], p.root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^nope\.pdf: error\[cli\]: cannot read it as a PDF: no such file/);
  });
});

describe('the word-level diff', () => {
  it('marks the words removed and added, keeping the rest and its spaces', async () => {
    const { wordDiff } = await import('../src/editions/report.js');
    expect(wordDiff('No reason was given.', 'No reason was offered.')).toBe('No reason was [-given.-]{+offered.+}');
    expect(wordDiff('about 2,000 troops', 'about 2,500 peacekeeping troops')).toBe('about [-2,000-]{+2,500 peacekeeping+} troops');
    expect(wordDiff('same text', 'same text')).toBe('same text');
  });

  it('says a block of thousands of words whole rather than fill memory with its table', async () => {
    const { wordDiff } = await import('../src/editions/report.js');
    const long = Array.from({ length: 3000 }, (_, i) => `w${i}`).join(' ');
    expect(wordDiff(long, long + ' more')).toBe(`[-${long}-]{+${long} more+}`);
  });
});
