// What changed between two editions of a brief, measured on edits of every kind an analyst makes
// (issue 23, item 5): every unit the edit changed is found, and no other; whitespace, line-wrapping,
// the theme and the paper are no change of content at all.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBrief } from '../src/build.js';
import { compareContent, type Changes } from '../src/editions/compare.js';
import type { Content, ContentUnit } from '../src/editions/content.js';
import { formatDate } from '../src/compose/format.js';
import { issueDay } from '../src/batch/job.js';
import type { Layout, ReadingNode } from '../src/layout/boxes.js';
import { readPdf } from './helpers/pdf.js';
import { underLimit } from './helpers/hostile.js';
import { CLI, everywhere, runInProcess, tempProject, type TempProject } from './helpers/project.js';

/**
 * The brief built after an edit as the edition after `base` (the edition callback is what
 * write/editions.ts gives a build): its content, and the pages it laid out with their change bars.
 */
async function editionAfter(edit: (p: TempProject) => void, options: { paper?: 'a4' | 'letter' } = {}, against?: Content): Promise<{ content: Content; layout: Layout }> {
  const before = against ?? base;
  const p = tempProject();
  edit(p);
  let content: Content | undefined;
  const r = await buildBrief(p.brief, {
    root: p.root,
    ...options,
    edition: (c) => {
      content = c;
      if (!before || c.hash === before.hash) return { edition: 1, date: '2026-12-04' };
      return { edition: 2, date: '2026-12-05', changes: { since: '2026-12-04', changes: compareContent(before, c) } };
    },
  });
  return { content: content!, layout: r.layout };
}

/**
 * What a reader sees marked: for each change bar on a page, the unit (paragraph, heading, list
 * item, table row, figure, as the reading tree groups the page's text) nearest it on its text
 * side among those beside it, read as its text. Found from the drawn boxes, not from the marks.
 */
function barredUnits(layout: Layout): string[] {
  const UNITS = new Set(['item', 'row', 'figure']);
  const unitOf = new Map<number, ReadingNode>();
  const labels = new Set<number>();
  const walk = (n: ReadingNode, unit: ReadingNode | undefined, label: boolean) => {
    // The changes box lists what changed; it is not a changed part of the brief.
    if (n.kind === 'changes') return;
    const u = UNITS.has(n.kind) ? n : (unit ?? (n.kind === 'paragraph' || n.kind === 'heading' ? n : undefined));
    for (const k of n.kids) {
      if ('content' in k) {
        if (u) unitOf.set(k.content, u);
        if (label || n.kind === 'label') labels.add(k.content);
      } else walk(k, u, label || n.kind === 'label');
    }
  };
  walk(layout.reading, undefined, false);
  const found = new Map<ReadingNode, string[]>();
  const text = new Map<ReadingNode, string[]>();
  const marked = new Set<ReadingNode>();
  for (const page of layout.pages) {
    const extent = new Map<ReadingNode, { top: number; bottom: number; right: number }>();
    for (const b of page.boxes) {
      const id = b.tag && 'content' in b.tag ? b.tag.content : undefined;
      const u = id === undefined ? undefined : unitOf.get(id);
      if (!u || (b.kind !== 'text' && b.kind !== 'chart')) continue;
      const [top, bottom, end] = b.kind === 'text' ? [b.y - 0.7 * b.size, b.y + 0.2 * b.size, b.x + b.width] : [b.y, b.y + b.h, b.x + b.w];
      const e = extent.get(u);
      extent.set(u, e ? { top: Math.min(e.top, top), bottom: Math.max(e.bottom, bottom), right: Math.max(e.right, end) } : { top, bottom, right: end });
      if (b.kind === 'text' && !labels.has(id!)) text.set(u, [...(text.get(u) ?? []), b.actualText ?? b.text]);
    }
    // A bar: a filled artifact no wider than a rule (the bottom line's accent is 3 pt, box fills a column).
    for (const bar of page.boxes) {
      if (bar.kind !== 'rect' || !bar.tag || !('artifact' in bar.tag) || !bar.fill || bar.w > 2) continue;
      // Units beside the bar, on its text side; the nearest one is the one it marks.
      const beside = [...extent].filter(([, e]) => e.top < bar.y + bar.h - 1 && e.bottom > bar.y + 1 && e.right <= bar.x + 0.5);
      if (!beside.length) continue;
      const nearest = Math.max(...beside.map(([, e]) => e.right));
      for (const [u, e] of beside) if (e.right >= nearest - 24) marked.add(u);
    }
  }
  for (const u of marked) found.set(u, text.get(u) ?? []);
  return [...found.values()].map((runs) => normal(runs.join(' '))).sort();
}

/** A unit's text as compared across page and content model: no spaces, citation numbers bare, no figure id. */
const normal = (t: string) =>
  t
    .replace(/^\[figure [^\]]*\]/, '')
    .replace(/\[\^?(\w+)\]/g, '$1')
    .replace(/ \| /g, '')
    .replace(/\s+/g, '');

interface Edit {
  name: string;
  edit: (p: TempProject) => void;
  options?: { paper?: 'a4' | 'letter' };
  /** The units of the new edition this edit changed, by what they say (not by what the comparison found). */
  marked: (u: ContentUnit) => boolean;
  removed?: number;
  figures?: string[];
  added?: string[];
  dropped?: string[];
}

const none = () => false;
const says = (text: string) => (u: ContentUnit) => u.text.includes(text);

const EDITS: Edit[] = [
  { name: 'nothing at all', edit: () => {}, marked: none },
  { name: 'the theme only', edit: (p) => p.edit('../../templates/theme.yaml', /size: [\d.]+/, 'size: 11.5'), marked: none },
  { name: 'the paper only', edit: () => {}, options: { paper: 'letter' }, marked: none },
  {
    name: 'white space and line-wrapping only',
    edit: (p) => {
      p.edit('content.md.hbs', 'Their duties were to include', 'Their duties\nwere   to\ninclude');
      p.edit('content.md.hbs', '## Timeline', '\n\n\n## Timeline');
    },
    marked: none,
  },
  { name: 'a sentence reworded', edit: (p) => p.edit('content.md.hbs', 'No reason was given.', 'No reason was offered.'), marked: says('No reason was offered.') },
  {
    // Beside the key-facts box: the bar stands in the gutter, or a reader would take the box as changed.
    name: 'a sentence beside the key facts reworded',
    edit: (p) => p.edit('content.md.hbs', 'Their duties were to include', 'Their duties were meant to include'),
    marked: says('Their duties were meant to include'),
  },
  { name: 'a heading renamed', edit: (p) => p.edit('content.md.hbs', '## Implications', '## What it means'), marked: (u) => u.kind === 'heading' && u.text === 'What it means' },
  {
    name: 'a paragraph moved',
    edit: (p) => {
      const file = join(p.brief, 'content.md.hbs');
      const text = readFileSync(file, 'utf8');
      const moved = text.slice(text.indexOf('On {{fact "withdrawal.confirmed"}}'), text.indexOf('\n\n## Timeline'));
      writeFileSync(file, text.replace(moved + '\n', '').replace('The Karabakh region had been', moved + '\n\nThe Karabakh region had been'));
    },
    marked: says('Kremlin spokesman'),
  },
  { name: 'a paragraph deleted', edit: (p) => p.edit('content.md.hbs', /\*The judgments in this section[^\n]*\n\n/, ''), marked: none, removed: 1 },
  {
    name: 'a list item added',
    edit: (p) => p.edit('content.md.hbs', '- **Watch for:**', '- **Watch Armenia.** Yerevan may seek other partners.\n- **Watch for:**'),
    marked: says('Yerevan may seek other partners'),
  },
  { name: 'a list item removed', edit: (p) => p.edit('content.md.hbs', /- \*\*The withdrawal is consensual[^\n]*\n/, ''), marked: none, removed: 1 },
  {
    name: 'a citation added',
    edit: (p) => p.edit('content.md.hbs', 'rather than a break between the two capitals.', 'rather than a break between the two capitals.{{cite "ap-2024-04-17"}}'),
    marked: says('the two capitals.[1]'),
  },
  {
    name: "a figure's value changed (2,000 to 2,500 troops, with its source)",
    edit: (p) => {
      everywhere(p, 'brief.yaml', '2,000', '2,500');
      everywhere(p, 'brief.yaml', 'value: 2000', 'value: 2500');
      everywhere(p, 'brief.yaml', 'troops: 2000', 'troops: 2500');
      everywhere(p, 'sources/ap-2024-04-17.txt', '2,000', '2,500');
    },
    marked: (u) => u.text.includes('2,500') || u.text.startsWith('[figure troops]'),
    figures: ['peacekeepers.deployed'],
  },
  {
    name: "a fact's date, printed nowhere but the annex",
    edit: (p) => p.edit('brief.yaml', /(  - id: offensive\.days\n(?:    .*\n)*?    as_of: )2023-09/, '$1"2023"'),
    marked: none,
    figures: ['offensive.days'],
  },
  {
    name: "a fact's unit changed",
    edit: (p) => everywhere(p, 'brief.yaml', 'unit: ethnic Armenian residents', 'unit: ethnic Armenians'),
    marked: (u) => /50,000 ethnic Armenians(?! residents)/.test(u.text),
    figures: ['armenians.residents'],
  },
  {
    name: 'a background fact added',
    edit: (p) =>
      p.edit(
        'brief.yaml',
        '  - id: withdrawal.reason\n',
        '  - id: withdrawal.vehicles\n    value: vehicles parked at a checkpoint\n    background: true\n    as_of: "2020"\n    source: ap-2024-04-17\n    quote: >-\n      Russian peacekeepers\' vehicles are parked at a checkpoint on the road to Shusha in the\n      separatist region of Nagorno-Karabakh, on Tuesday, Nov. 17, 2020.\n  - id: withdrawal.reason\n',
      ),
    marked: none,
    added: ['withdrawal.vehicles'],
  },
  { name: 'a background fact removed', edit: (p) => p.edit('brief.yaml', /  - id: withdrawal\.reason\n(    .*\n|      .*\n)*/, ''), marked: none, dropped: ['withdrawal.reason'] },
  {
    name: 'a table row changed (a timeline event reworded)',
    edit: (p) => p.edit('brief.yaml', 'War ends with a Russia-brokered cease-fire;', 'The war ends in a Russia-brokered cease-fire;'),
    marked: says('The war ends in a Russia-brokered cease-fire'),
  },
  {
    name: "a chart's data changed (a label of its dataset)",
    edit: (p) => p.edit('brief.yaml', 'label: Withdrawal confirmed', 'label: Withdrawal confirmed by the Kremlin'),
    marked: (u) => u.text.startsWith('[figure troops]'),
  },
  {
    name: "a chart's title changed",
    edit: (p) => p.edit('brief.yaml', 'title: Russian peacekeepers in Karabakh, 2020–2024', 'title: Russian peacekeepers in Karabakh'),
    marked: (u) => u.text.startsWith('[figure troops]'),
  },
  {
    name: 'a source replaced by another title',
    edit: (p) => p.edit('brief.yaml', 'title: Russia begins withdrawing peacekeeping forces from Karabakh, now under full Azerbaijan control', 'title: Russian peacekeepers leave Karabakh'),
    marked: says('Russian peacekeepers leave Karabakh'),
  },
  {
    name: 'the title changed',
    edit: (p) => p.edit('brief.yaml', 'title: Russia withdraws its peacekeepers from Karabakh', 'title: Russia pulls its peacekeepers out of Karabakh'),
    marked: says('Russia pulls its peacekeepers out of Karabakh'),
  },
];

let base: Content;
const tally = { expected: 0, found: 0, right: 0 };
const bars = { expected: 0, found: 0, right: 0 };

beforeAll(async () => {
  base = (await editionAfter(() => {})).content;
});

afterAll(() => {
  console.log(
    `editions: ${EDITS.length} edits, ${tally.expected} changed units expected, ${tally.found} marked, ${tally.right} right: recall ${tally.right}/${tally.expected}, precision ${tally.right}/${tally.found}; change bars: recall ${bars.right}/${bars.expected}, precision ${bars.right}/${bars.found}`,
  );
});

describe('what changed between two editions', () => {
  it.each(EDITS.map((e) => [e.name, e] as const))('%s', async (_name, e) => {
    const { content: after, layout } = await editionAfter(e.edit, e.options);
    const changes: Changes = compareContent(base, after);
    const expected = after.units.filter(e.marked);
    tally.expected += expected.length;
    tally.found += changes.changed.length;
    tally.right += changes.changed.filter((u) => expected.includes(u)).length;
    expect(changes.changed.map((u) => u.text)).toEqual(expected.map((u) => u.text));
    if (e.removed !== undefined) expect(changes.removed.length).toBe(e.removed);
    expect(changes.figures.map((f) => f.id)).toEqual(e.figures ?? []);
    expect(changes.added.map((f) => f.id)).toEqual(e.added ?? []);
    expect(changes.dropped.map((f) => f.id)).toEqual(e.dropped ?? []);
    // The same edition exactly when nothing a reader reads or the PDF carries changed.
    const same = !expected.length && !e.removed && !e.figures && !e.added && !e.dropped;
    expect(after.hash === base.hash, 'same content hash').toBe(same);
    // On the page: a change bar beside every changed unit and beside no other.
    const barred = barredUnits(layout);
    bars.expected += expected.length;
    bars.found += barred.length;
    bars.right += barred.filter((t) => expected.some((u) => normal(u.text) === t)).length;
    expect(barred).toEqual(expected.map((u) => normal(u.text)).sort());
  });

  it('mirrors the bars in a right-to-left brief: the left margin, and the gutter left of the text beside the box', async () => {
    const rtl = (p: TempProject) => p.edit('brief.yaml', /^ {2}language: en$/m, '  language: ar');
    // The edition before is the same brief in Arabic: its dates are set differently from the English one's.
    const arabic = (await editionAfter(rtl, {}, undefined)).content;
    const bars = async (edit: (p: TempProject) => void) => {
      const { layout } = await editionAfter(
        (p) => {
          rtl(p);
          edit(p);
        },
        {},
        arabic,
      );
      return layout.pages.flatMap((page) =>
        page.boxes.filter((b) => b.kind === 'rect' && b.tag && 'artifact' in b.tag && b.fill && b.w <= 2).map((b) => ({ x: b.kind === 'rect' ? b.x : 0, frame: layout.frame })),
      );
    };
    const margin = await bars((p) => p.edit('content.md.hbs', 'No reason was given.', 'No reason was offered.'));
    expect(margin.length).toBeGreaterThan(0);
    for (const b of margin) expect(b.x + 2).toBeLessThan(b.frame.x);
    const gutter = await bars((p) => p.edit('content.md.hbs', 'Their duties were to include', 'Their duties were meant to include'));
    expect(gutter.length).toBeGreaterThan(0);
    for (const b of gutter) {
      expect(b.x).toBeGreaterThan(b.frame.x);
      expect(b.x).toBeLessThan(b.frame.x + b.frame.w / 2);
    }
  });

  it('is at least twenty edits of every kind the issue names', () => {
    expect(EDITS.length).toBeGreaterThanOrEqual(20);
  });
});

describe('editions on disk', () => {
  const BRIEF = 'briefs/karabakh-peacekeepers';
  const kept = (p: TempProject, n: number) => join(p.root, 'output', 'karabakh-peacekeepers.editions', `karabakh-peacekeepers.edition-${n}.pdf`);
  const latest = (p: TempProject) => join(p.root, 'output', 'karabakh-peacekeepers.pdf');
  const history = (p: TempProject) =>
    JSON.parse(readFileSync(join(p.root, 'output', 'karabakh-peacekeepers.editions', 'editions.json'), 'utf8')) as { editions: { edition: number; date: string; content: string; file: string }[] };
  const build = async (p: TempProject, ...extra: string[]) => {
    const r = await runInProcess(['build', BRIEF, '--json', ...extra], p.root);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    return (JSON.parse(r.stdout) as { briefs: { edition: number | null; changed: boolean | null; status: string }[] }).briefs[0];
  };
  const firstPage = async (path: string) => (await readPdf(readFileSync(path))).pages[0].text;
  /** The one edit most of these tests make: a sentence of the brief reworded, a new edition's content. */
  const reword = (p: TempProject) => p.edit('content.md.hbs', 'No reason was given.', 'No reason was offered.');

  it('issues a new edition when the content changes, keeps every one, and says which on the page', async () => {
    const p = tempProject();
    expect(await build(p)).toMatchObject({ status: 'built', edition: 1, changed: true });
    const first = readFileSync(latest(p));
    expect(readFileSync(kept(p, 1)).equals(first)).toBe(true);
    // The first edition is the brief as it always was: no edition line.
    expect(await firstPage(latest(p))).not.toMatch(/Edition \d/);

    reword(p);
    expect(await build(p)).toMatchObject({ status: 'built', edition: 2, changed: true });
    const today = issueDay();
    expect(history(p).editions.map((e) => [e.edition, e.date, e.file])).toEqual([
      [1, today, 'karabakh-peacekeepers.edition-1.pdf'],
      [2, today, 'karabakh-peacekeepers.edition-2.pdf'],
    ]);
    // Edition 1 is kept as it was issued; the latest is at its usual path and kept too.
    expect(readFileSync(kept(p, 1)).equals(first)).toBe(true);
    expect(readFileSync(kept(p, 2)).equals(readFileSync(latest(p)))).toBe(true);
    const page = await firstPage(latest(p));
    expect(page).toContain(`Edition 2 · ${formatDate(today, 'en')}`);
    // What changed, in a box near the top: the one paragraph's section, nothing else.
    expect(page).toContain(`CHANGES SINCE ${formatDate(today, 'en').toUpperCase()}`);
    expect(page).toMatch(/Revised: Background\n/);

    // The same content again is the same edition, to the byte.
    const second = readFileSync(latest(p));
    expect(await build(p, '--force')).toMatchObject({ status: 'built', edition: 2, changed: false });
    expect(readFileSync(latest(p)).equals(second)).toBe(true);
    expect(await build(p)).toMatchObject({ status: 'skipped', edition: 2, changed: false });
    expect(history(p).editions).toHaveLength(2);

    // A new look is no new edition: the theme changes the PDF, not the edition or its kept copy.
    p.edit('../../templates/theme.yaml', /size: [\d.]+/, 'size: 11.5');
    expect(await build(p)).toMatchObject({ status: 'built', edition: 2, changed: false });
    expect(readFileSync(latest(p)).equals(second)).toBe(false);
    expect(readFileSync(kept(p, 2)).equals(second)).toBe(true);
    expect(history(p).editions).toHaveLength(2);
  });

  it('lists each changed figure old -> new with its source, facts added and dropped, in the box', async () => {
    const p = tempProject();
    await build(p);
    everywhere(p, 'brief.yaml', '2,000', '2,500');
    everywhere(p, 'brief.yaml', 'value: 2000', 'value: 2500');
    everywhere(p, 'brief.yaml', 'troops: 2000', 'troops: 2500');
    everywhere(p, 'sources/ap-2024-04-17.txt', '2,000', '2,500');
    p.edit('brief.yaml', /  - id: withdrawal\.reason\n(    .*\n|      .*\n)*/, '');
    expect(await build(p)).toMatchObject({ edition: 2, changed: true });
    const doc = await readPdf(readFileSync(latest(p)));
    const box = doc.pages[0].text.slice(doc.pages[0].text.indexOf('CHANGES SINCE'), doc.pages[0].text.indexOf('BOTTOM LINE UP FRONT'));
    expect(box).toContain('about 2,000 peacekeeping troops → about 2,500 peacekeeping troops (Associated Press)');
    expect(box).toContain('No longer stated: did not say why');
    expect(box).toMatch(/Revised: Bottom line up front, Background, Timeline/);
    // Tagged content in reading order, read by poppler: a section of its own, headed, before the bottom line.
    const dump = spawnSync('pdfinfo', ['-struct-text', latest(p)], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout;
    if (dump) {
      expect(dump).toMatch(/ {2}Sect\n {4}H2 \(block\)\n {6}"CHANGES SINCE [^"]+"\n {4}L \(block\)/);
      expect(dump.indexOf('CHANGES SINCE')).toBeLessThan(dump.indexOf('BOTTOM LINE UP FRONT'));
    }
  });

  it('leaves the box out with --changes none or changes: none, and keeps the edition line', async () => {
    const p = tempProject();
    await build(p);
    reword(p);
    expect(await build(p, '--changes', 'none')).toMatchObject({ edition: 2, changed: true });
    let page = await firstPage(latest(p));
    expect(page).toMatch(/Edition 2 · /);
    expect(page).not.toContain('CHANGES SINCE');
    // The box is a choice of how to print the same edition: asked for again, it is there.
    expect(await build(p, '--changes', 'box')).toMatchObject({ edition: 2, changed: false });
    expect(await firstPage(latest(p))).toContain('CHANGES SINCE');
    const project = readFileSync(join(p.root, 'briefpress.yaml'), 'utf8');
    writeFileSync(join(p.root, 'briefpress.yaml'), project + 'changes: none\n');
    expect(await build(p)).toMatchObject({ edition: 2, changed: false });
    page = await firstPage(latest(p));
    expect(page).not.toContain('CHANGES SINCE');
    // The theme decides when neither the project nor the command line says; either overrides it.
    writeFileSync(join(p.root, 'briefpress.yaml'), project);
    p.edit('../../templates/theme.yaml', 'notice: box', 'notice: none');
    expect(await build(p)).toMatchObject({ edition: 2, changed: false });
    expect(await firstPage(latest(p))).not.toContain('CHANGES SINCE');
    expect(await build(p, '--changes', 'box')).toMatchObject({ edition: 2, changed: false });
    expect(await firstPage(latest(p))).toContain('CHANGES SINCE');
  });

  it('a run killed after keeping an edition and before entering it issues the same edition again, losing nothing', async () => {
    const p = tempProject();
    await build(p);
    const first = readFileSync(latest(p));
    reword(p);
    await build(p);
    const issued = readFileSync(latest(p));
    // As if killed after writing the kept copy and the PDF, before the history: edition 2 unrecorded.
    const file = join(p.root, 'output', 'karabakh-peacekeepers.editions', 'editions.json');
    const h = history(p);
    writeFileSync(file, JSON.stringify({ editions: h.editions.slice(0, 1) }));
    expect(await build(p, '--force')).toMatchObject({ edition: 2, changed: true });
    expect(history(p).editions.map((e) => e.edition)).toEqual([1, 2]);
    expect(readFileSync(latest(p)).equals(issued)).toBe(true);
    expect(readFileSync(kept(p, 2)).equals(issued)).toBe(true);
    // As if killed after the kept copy only: the PDF at its path is still edition 1.
    writeFileSync(file, JSON.stringify({ editions: h.editions.slice(0, 1) }));
    writeFileSync(latest(p), readFileSync(kept(p, 1)));
    expect(await build(p, '--force')).toMatchObject({ edition: 2, changed: true });
    expect(readFileSync(latest(p)).equals(issued)).toBe(true);
    expect(readFileSync(kept(p, 1)).equals(first)).toBe(true);
    expect(history(p).editions).toHaveLength(2);
  });

  it('loses nothing to a disk that fills while an edition is kept, and issues it on the next run', async () => {
    const p = tempProject();
    await build(p);
    const first = readFileSync(latest(p));
    const before = readFileSync(join(p.root, 'output', 'karabakh-peacekeepers.editions', 'editions.json'));
    reword(p);
    // Files above 20,000 bytes cannot be written (EFBIG, as ENOSPC would stop it): the kept copy fails first.
    const full = underLimit('--fsize=20000')(['build', BRIEF], p.root);
    expect(full.code, full.stderr).toBe(1);
    expect(full.stderr).toMatch(/error\[write\]: cannot write [^\n]*EFBIG/);
    expect(readFileSync(latest(p)).equals(first)).toBe(true);
    expect(readFileSync(kept(p, 1)).equals(first)).toBe(true);
    expect(readFileSync(join(p.root, 'output', 'karabakh-peacekeepers.editions', 'editions.json')).equals(before)).toBe(true);
    expect(existsSync(kept(p, 2))).toBe(false);
    expect(await build(p)).toMatchObject({ edition: 2, changed: true });
    expect(history(p).editions.map((e) => e.edition)).toEqual([1, 2]);
  });

  it('two runs at once after an edit issue one new edition, not two', async () => {
    const p = tempProject();
    await build(p);
    reword(p);
    const run = () =>
      new Promise<number | null>((done) => {
        const child = spawn(process.execPath, [CLI, 'build', BRIEF, '--wait', '60', '--quiet'], { cwd: p.root });
        child.on('exit', done);
      });
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    expect(history(p).editions.map((e) => e.edition)).toEqual([1, 2]);
    expect(readFileSync(kept(p, 2)).equals(readFileSync(latest(p)))).toBe(true);
    expect(await firstPage(latest(p))).toMatch(/Edition 2 · /);
  });

  it('lists the editions, as text and as JSON', async () => {
    const p = tempProject();
    await build(p);
    reword(p);
    await build(p);
    const text = await runInProcess(['editions', BRIEF], p.root);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^edition 1 {2}\d{4}-\d\d-\d\d {2}output\/karabakh-peacekeepers\.editions\/karabakh-peacekeepers\.edition-1\.pdf\nedition 2 .*\(latest, also at output\/karabakh-peacekeepers\.pdf\)\n$/,
    );
    const json = JSON.parse((await runInProcess(['editions', BRIEF, '--json'], p.root)).stdout) as { latest: string; editions: { edition: number; path: string; content: string }[] };
    expect(json.latest).toBe('output/karabakh-peacekeepers.pdf');
    expect(json.editions.map((e) => e.edition)).toEqual([1, 2]);
    for (const e of json.editions) expect(existsSync(join(p.root, e.path))).toBe(true);
    expect(new Set(json.editions.map((e) => e.content)).size).toBe(2);
    const none = await runInProcess(['editions', BRIEF], tempProject().root);
    expect(none.stdout).toMatch(/no editions yet/);
  });

  it('refuses to number editions over a history it cannot read, and changes nothing', async () => {
    const p = tempProject();
    await build(p);
    const file = join(p.root, 'output', 'karabakh-peacekeepers.editions', 'editions.json');
    writeFileSync(file, '{"editions": [{"edition": "one"}]}');
    reword(p);
    const before = readFileSync(latest(p));
    const r = await runInProcess(['build', BRIEF], p.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^output\/karabakh-peacekeepers\.editions\/editions\.json: error\[write\]: the history of this brief's editions cannot be read: /);
    expect(readFileSync(latest(p)).equals(before)).toBe(true);
    expect(existsSync(kept(p, 2))).toBe(false);
  });
});
