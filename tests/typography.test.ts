// The finish of justified text: font expansion weighed by the line breaker, hanging punctuation,
// hyphenation of common words that open a sentence, and never a word gap past the theme's limit.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBrief } from '../src/build.js';
import { fontService } from '../src/fonts/fonts.js';
import { breakLines, INFINITY, type Item } from '../src/layout/linebreak.js';
import { vocabulary } from '../src/layout/breaks.js';
import { Typesetter, type SetLine } from '../src/layout/text.js';
import { parse } from './helpers/blocks.js';
import { loadTheme } from '../src/load/theme.js';
import type { TextRun } from '../src/layout/boxes.js';
import { longContent } from './helpers/long-brief.js';
import { readPdf } from './helpers/pdf.js';
import { KARABAKH, ROOT, tempProject } from './helpers/project.js';

const fonts = fontService();
const theme = loadTheme(ROOT);
const t = theme.typography;
const TEXT =
  'Azerbaijan began blocking the road in late 2022, alleging Armenians were using it for weapons shipments and to smuggle minerals, and the Russian forces did not intervene. After months of increasingly dire food and medicine shortages in Karabakh due to the blockade, Azerbaijan launched a lightning offensive in September 2023 that forced the Karabakh Armenian authorities to capitulate after one day, in negotiations mediated by Russian forces. Their duties were to include ensuring free passage on the sole road connecting Karabakh with Armenia.';
const set = new Typesetter(fonts, theme, 'en', undefined, vocabulary(TEXT.toLowerCase()));
const setText = (width: number, extra: { widths?: number[]; protrude?: boolean } = {}) =>
  set.set([{ text: TEXT, style: {} }], { width, style: theme.body, align: 'justify', hyphenate: true, protrude: true, ...extra });
const lineText = (l: SetLine) => l.runs.map((r) => r.text).join(' ');
const right = (l: SetLine) => Math.max(...l.runs.map((r) => r.x + r.width));

describe('where a line may not end', () => {
  it('never inside a date, between a number and what it counts, or after a title', () => {
    const text =
      'The mission, whose withdrawal was confirmed on 31 October 2023 by Gen. Assimi Goïta, counted 15,000 troops and about 2,000 Russian advisers; since Nov. 17, 2020, the road stayed closed.';
    const s = new Typesetter(fonts, theme, 'en', undefined, vocabulary(text.toLowerCase()));
    const pairs = [
      ['31', 'October'],
      ['October', '2023'],
      ['Gen.', 'Assimi'],
      ['15,000', 'troops'],
      ['2,000', 'Russian'],
      ['Nov.', '17,'],
    ];
    let lines = 0;
    for (let width = 60; width <= 300; width += 3) {
      const set = s.set(
        parse(text).blocks.flatMap((b) => ('spans' in b ? b.spans : [])),
        { width, style: theme.body, align: 'justify', hyphenate: true, protrude: true },
      );
      const texts = set.map((l) =>
        l.runs
          .map((r) => r.text)
          .join(' ')
          .trim(),
      );
      lines += texts.length;
      for (let i = 0; i + 1 < texts.length; i++) {
        const last = texts[i].split(/[\s\u00a0]+/).pop();
        const next = texts[i + 1].split(/[\s\u00a0]+/)[0];
        expect(
          pairs.some(([a, b]) => last === a && next === b),
          `${width}: "${texts[i]}" / "${texts[i + 1]}"`,
        ).toBe(false);
      }
    }
    expect(lines).toBeGreaterThan(300);
  });

  it('but after a year it may: a year counts nothing', () => {
    expect(
      parse('In 2020 Azerbaijan regained the 2020 war zone.')
        .blocks.flatMap((b) => ('spans' in b ? b.spans : []))
        .map((x) => x.text)
        .join(''),
    ).toBe('In 2020 Azerbaijan regained the 2020 war zone.');
  });
});

describe('titles and headings', () => {
  it('are never hyphenated: the AP headline as a title breaks between words', async () => {
    const p = tempProject();
    p.edit('brief.yaml', /title: .*/, 'title: Russia begins withdrawing peacekeeping forces from Karabakh, now under full Azerbaijan control');
    p.edit('content.md.hbs', '## Background', '## Background of the blockade and the capitulation of the Karabakh Armenian authorities');
    const r = await buildBrief(p.brief);
    const heads = r.layout.pages.flatMap((pg) => pg.boxes).filter((b): b is TextRun => b.kind === 'text' && b.size >= theme.h2.size);
    expect(heads.map((b) => b.text).join(' ')).toContain('Azerbaijan');
    // A word broken at a line end carries its whole spelling as actualText: none may.
    expect(heads.filter((b) => b.actualText !== undefined || /-$/.test(b.text))).toEqual([]);
  });
});

describe('the smallest text on the page', () => {
  it('is never narrowed below 7 pt: a citation marker in a line set tighter keeps its width', () => {
    // Citation markers are 7 pt, the print minimum; a justified line that narrows its glyphs by
    // 2 % would set them at 6.9 pt, which preflight (and any reader's software) takes for their size.
    const spans = TEXT.split('. ').flatMap((s, i) => [
      { text: `${s}. `, style: {} },
      { text: String(i + 1), style: {}, cite: i + 1 },
    ]);
    let narrowed = 0;
    for (let width = 200; width <= 420; width += 4) {
      for (const line of set.set(spans, { width, style: theme.body, align: 'justify', hyphenate: true, protrude: true })) {
        if (line.scale >= 1) continue;
        for (const run of line.runs.filter((r) => r.size <= 7)) {
          narrowed++;
          expect(run.size * (run.scale ?? 1)).toBeGreaterThanOrEqual(7);
        }
        // Body text in the same line is narrowed as the line asks.
        expect(line.runs.some((r) => r.size > 7 && r.scale === line.scale)).toBe(true);
      }
    }
    // The sweep found markers in lines set tighter: the check above ran.
    expect(narrowed).toBeGreaterThan(0);
  });
});

describe('font expansion in the line breaker', () => {
  const box = (w: number): Item<null> => ({ type: 'box', width: w, data: null });
  const glue: Item<null> = { type: 'glue', width: 3, stretch: 1, shrink: 1, data: null };
  const end: Item<null>[] = [
    { type: 'penalty', width: 0, penalty: INFINITY, flagged: false, data: null },
    { type: 'glue', width: 0, stretch: INFINITY, shrink: 0, data: null },
    { type: 'penalty', width: 0, penalty: -INFINITY, flagged: true, data: null },
  ];

  it('counts the glyphs’ stretch beside the glue’s, so a line too loose for the glue alone is accepted', () => {
    // Two boxes of 100 and one space: 203 wide, 1 of stretch. A 207-wide line needs ratio 4 from
    // the glue; with 2 % expansion the boxes add 4 of stretch, and the ratio is 0.8.
    const items = [box(100), glue, box(100), glue, box(100), ...end];
    expect(breakLines(items, { widths: [207], tolerance: 1 })).toBeUndefined();
    const lines = breakLines(items, { widths: [207], tolerance: 1, expansion: 0.02 })!;
    expect(lines[0].end).toBe(3);
    expect(lines[0].ratio).toBeCloseTo(4 / 5, 5);
  });

  it('counts what hangs into the margin as room on the line', () => {
    const items = [box(100), glue, box(100), glue, box(100), ...end];
    const hang = { left: new Float64Array(items.length + 1), right: new Float64Array(items.length + 1).fill(2) };
    const lines = breakLines(items, { widths: [201], tolerance: 1, hang })!;
    // 203 of material on a 201 line plus 2 that hang: exactly full.
    expect(lines[0].ratio).toBe(0);
    expect(lines[0].right).toBe(2);
  });

  it('sets a narrow justified column with no word gap past the limit and glyphs within it', () => {
    for (const width of [240, 300, 451]) {
      const lines = setText(width);
      const justified = lines.filter((l) => l.justified);
      expect(justified.length, `width ${width}`).toBeGreaterThan(0);
      for (const l of justified) {
        expect(l.maxGap / theme.body.leading, lineText(l)).toBeLessThanOrEqual(t.maxWordGap + 1e-9);
        expect(Math.abs(l.scale - 1)).toBeLessThanOrEqual(t.expansion + 1e-9);
        // A justified line fills its measure: it ends at the right edge, or past it by what hangs.
        expect(right(l)).toBeGreaterThanOrEqual(width - 0.01);
      }
      // Expansion is used, not just allowed.
      expect(
        lines.some((l) => l.scale !== 1),
        `width ${width}`,
      ).toBe(true);
    }
  });

  it('sets a column too narrow to justify evenly ragged, never loose', () => {
    const lines = setText(150);
    expect(lines.every((l) => !l.justified)).toBe(true);
    for (const l of lines) {
      expect(l.scale).toBe(1);
      expect(right(l)).toBeLessThanOrEqual(150 + 0.01);
      // Ragged lines keep the font's own word space.
      expect(l.maxGap).toBeCloseTo(fonts.measure('serif', theme.body.size, ' '), 3);
    }
  });

  it('gives each run of an expanded line its scale, and widths that add up at that scale', () => {
    const l = setText(300).find((x) => x.justified && x.scale !== 1)!;
    for (const r of l.runs) expect(r.scale).toBe(l.scale);
    const plain = l.runs[0].text.split(' ')[0];
    expect(l.runs[0].width).toBeGreaterThanOrEqual(fonts.measure(l.runs[0].face, l.runs[0].size, plain) * l.scale - 0.01);
  });
});

describe('hanging punctuation', () => {
  it('lets a hyphen, period or comma that ends a justified line hang into the right margin by its share', () => {
    const lines = setText(240).filter((l) => l.justified);
    const ending = lines.filter((l) => /[-.,]$/.test(lineText(l)));
    expect(ending.length).toBeGreaterThan(0);
    for (const l of ending) {
      const last = lineText(l).slice(-1);
      const share = t.protrusion.right[last];
      const overhang = right(l) - 240;
      expect(overhang, lineText(l)).toBeGreaterThan(0);
      expect(overhang).toBeLessThanOrEqual(share * fonts.measure('serif', theme.body.size, last) * (1 + t.expansion) + 0.01);
    }
    // A line ending in a letter stays inside.
    for (const l of lines.filter((x) => /\p{L}$/u.test(lineText(x)))) expect(right(l)).toBeLessThanOrEqual(240 + 0.01);
  });

  it('hangs nothing where the caller says the edge is a rule (cells, boxes)', () => {
    for (const l of setText(240, { protrude: false }).filter((x) => x.justified)) expect(right(l)).toBeCloseTo(240, 2);
  });

  it('hangs an opening quote into the left margin', () => {
    const lines = set.set([{ text: '“The peacekeepers will leave,” the spokesman said, and nothing more. ' + TEXT, style: {} }], {
      width: 260,
      style: theme.body,
      align: 'justify',
      hyphenate: true,
      protrude: true,
    });
    expect(lines[0].runs[0].x).toBeLessThan(0);
    expect(lines[0].runs[0].x).toBeCloseTo(-t.protrusion.left['“'] * fonts.measure('serif', theme.body.size, '“'), 3);
  });
});

describe('hyphenating more where it is safe', () => {
  const items = (text: string, words: string) => {
    const s = new Typesetter(fonts, theme, 'en', undefined, vocabulary(words));
    return s
      .items(s.fragments([{ text, style: {} }], theme.body), true, true)
      .filter((i) => i.type !== 'glue')
      .map((i) => (i.type === 'box' ? i.data.text : '|'))
      .join('');
  };

  it('breaks a common word that opens a sentence, and never the same word capitalised mid-sentence', () => {
    const out = items('Afterwards the talks ended. Internationally, the Internationally Recognised line held.', 'afterwards internationally recognised');
    expect(out).toContain('Af|ter|wards');
    expect(out).toMatch(/In\|ter\|na\|tion\|al(\|)?ly,/);
    expect(out).toContain('theInternationallyRecognisedline');
  });

  it('never breaks a name that opens a sentence (it is never written in lower case)', () => {
    expect(items('Azerbaijan launched an offensive. Stepanakert fell.', 'launched offensive fell')).toContain('Azerbaijanlaunched');
    expect(items('Azerbaijan launched an offensive. Stepanakert fell.', '')).toContain('Stepanakertfell.');
  });

  it('never breaks numbers or acronyms, and breaks a hard hyphen without adding one', () => {
    const out = items('The 1234567890 figure from MONUSCO-led peacekeeping-operations.', 'peacekeeping operations');
    expect(out).toContain('1234567890');
    expect(out).toContain('MONUSCO-|led');
    expect(out).toContain('peace|keep|ing-|op|er|a|tions.');
  });
});

describe('a column beside a side box', () => {
  it('is set ragged beside the box when it cannot be justified evenly, and justified below it', () => {
    // Four lines beside a box, 160 wide: too narrow for even justification of these words.
    const lines = setText(451, { widths: [160, 160, 160, 160] });
    const beside = lines.slice(0, 4);
    const below = lines.slice(4, -1);
    for (const l of lines.filter((x) => x.justified)) expect(l.maxGap / theme.body.leading).toBeLessThanOrEqual(t.maxWordGap + 1e-9);
    expect(beside.every((l) => !l.justified)).toBe(true);
    for (const l of beside) expect(right(l)).toBeLessThanOrEqual(160 + 0.01);
    expect(below.length).toBeGreaterThan(0);
    expect(below.every((l) => l.justified)).toBe(true);
  });
});

describe('the print check: no justified word gap over the limit, glyphs within theirs', () => {
  const project = (content?: (karabakh: string) => string) => {
    const root = mkdtempSync(join(tmpdir(), 'briefpress-typo-'));
    for (const d of ['templates', 'charts', 'briefpress.yaml']) cpSync(join(ROOT, d), join(root, d), { recursive: true });
    const dir = join(root, 'briefs', 'k');
    cpSync(KARABAKH, dir, { recursive: true });
    if (content) writeFileSync(join(dir, 'content.md.hbs'), content(readFileSync(join(KARABAKH, 'content.md.hbs'), 'utf8')));
    return dir;
  };
  const briefs = {
    karabakh: project(),
    long: project(longContent),
    // A short paragraph right after the box, so the box runs beside three paragraphs.
    'box beside three paragraphs': project((c) => c.replace(/(\{\{\/key-facts\}\}\n)/, '$1\nRussia kept its word on the timing.\n\nThe withdrawal began in April.\n\n')),
  };

  it.each(Object.entries(briefs).flatMap(([name, dir]) => (['a4', 'letter'] as const).map((paper) => [name, paper, dir] as const)))('%s on %s', async (_name, paper, dir) => {
    const r = await buildBrief(dir, { paper, standard: 'none' });
    const lines = r.layout.pages.flatMap((p) => p.regions.flatMap((g) => (g.paragraph ? [g.paragraph.set] : [])));
    const justified = lines.filter((l) => l.justified);
    expect(justified.length).toBeGreaterThan(5);
    expect(Math.max(...justified.map((l) => l.gap))).toBeLessThanOrEqual(t.maxWordGap + 1e-9);
    expect(Math.max(...lines.map((l) => Math.abs(l.scale - 1)))).toBeLessThanOrEqual(t.expansion + 1e-9);
  });

  it('draws expanded lines where layout put them, as pdf.js reads the PDF (Tz and word spacing together)', async () => {
    const r = await buildBrief(briefs.karabakh, { paper: 'a4' });
    const doc = await readPdf(r.output.bytes);
    let compared = 0;
    r.layout.pages.forEach((page, i) => {
      const expanded = page.boxes.filter((b): b is TextRun => b.kind === 'text' && b.scale !== undefined && b.scale !== 1);
      for (const baseline of new Set(expanded.map((b) => b.y))) {
        // pdf.js folds the horizontal scale into the size it reports: 10 pt at 101 % reads as 10.1.
        const laid = page.boxes.filter((b): b is TextRun => b.kind === 'text' && Math.abs(b.y - baseline) < 0.01 && b.size === theme.body.size);
        const read = doc.pages[i].items.filter((it) => Math.abs(it.y - baseline) < 0.5 && Math.abs(it.size / theme.body.size - 1) <= t.expansion + 1e-3);
        const [l0, l1] = [Math.min(...laid.map((b) => b.x)), Math.max(...laid.map((b) => b.x + b.width))];
        const [p0, p1] = [Math.min(...read.map((it) => it.x)), Math.max(...read.map((it) => it.x + it.width))];
        expect(Math.abs(p0 - l0)).toBeLessThan(0.3);
        expect(Math.abs(p1 - l1)).toBeLessThan(0.3);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(3);
  });
});
