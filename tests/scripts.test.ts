// Scripts beyond Latin, Cyrillic and Armenian: Georgian, Arabic, Persian, Hebrew, Chinese, Japanese,
// Korean and emoji, each from an npm font chosen per character; right-to-left words in visual order.
import { BLOCKS } from './helpers/blocks.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildBrief } from '../src/build.js';
import { FontService } from '../src/fonts/fonts.js';
import type { TextRun } from '../src/layout/boxes.js';
import { languageRuns } from '../src/layout/language.js';
import { paragraphDirection } from '../src/layout/direction.js';
import { Typesetter } from '../src/layout/text.js';
import { layout } from '../src/layout/layout.js';
import type { Block, Document } from '../src/parse/document.js';
import type { ReadingNode } from '../src/layout/boxes.js';
import { loadTheme } from '../src/load/theme.js';
import type { TextStyle } from '../src/layout/theme.js';
import { pdfSource, readPdf } from './helpers/pdf.js';
import { ROOT, tempProject } from './helpers/project.js';

const theme = loadTheme(ROOT);

/** The faces a text is set in, by the text they set, with a fresh font service (to count what it reads). */
function facesOf(text: string, style: TextStyle = theme.body, fonts = new FontService()) {
  const set = new Typesetter(fonts, theme, 'en');
  return set.fragments([{ text, style: {} }], style).map((f) => [f.text, f.face, f.lang] as const);
}

describe('a face for every script, from npm', () => {
  it('sets Georgian, Arabic and Hebrew in serif beside serif text and in sans beside sans', () => {
    const serif = facesOf('Tbilisi (თბილისი), Tehran (تهران), Georgia (گرجستان), Jerusalem (ירושלים)');
    expect(serif.filter(([, face]) => face.startsWith('noto-')).map(([t, face, lang]) => [t, face, lang])).toEqual([
      ['თბილისი', 'noto-serif-georgian-georgian-400', 'ka'],
      // Arabic script is Arabic to a screen reader unless a letter only Persian has says Persian.
      ['تهران', 'noto-naskh-arabic-arabic-400', 'ar'],
      ['گرجستان', 'noto-naskh-arabic-arabic-400', 'fa'],
      ['ירושלים', 'noto-serif-hebrew-hebrew-400', 'he'],
    ]);
    const sans = facesOf('თბილისი تهران ירושלים', theme.keyFacts.text);
    expect(sans.filter(([, f]) => f.startsWith('noto-')).map(([, f]) => f.split('-').slice(0, 3).join('-'))).toEqual(['noto-sans-georgian', 'noto-sans-arabic', 'noto-sans-hebrew']);
  });

  it('keeps the weight: a bold Georgian name is set bold', () => {
    const set = new Typesetter(new FontService(), theme, 'en');
    const [, georgian] = set
      .fragments(
        [
          { text: 'Capital: ', style: { bold: true } },
          { text: 'თბილისი', style: { bold: true } },
        ],
        theme.body,
      )
      .filter((f) => f.text.trim());
    expect(georgian.face).toBe('noto-serif-georgian-georgian-700');
  });

  it('sets Han in the font of its language: Chinese by default, Japanese with kana or a mark, Korean Hangul', () => {
    const found = (text: string, lang?: string) => {
      const set = new Typesetter(new FontService(), theme, 'en');
      // A CJK font comes in slices: two characters may come from two files of one family.
      return [...new Set(set.fragments([{ text, style: {}, ...(lang ? { lang } : {}) }], theme.body).map((f) => f.face.split('-').slice(0, 3).join('-')))];
    };
    // Serif body text: Song and Mincho, as the script pairs serif with serif.
    expect(found('北京')).toEqual(['noto-serif-sc']);
    expect(found('東京')).toEqual(['noto-serif-sc']);
    expect(found('東京', 'ja')).toEqual(['noto-serif-jp']);
    expect(found('とうきょう')).toEqual(['noto-serif-jp']);
    expect(found('서울')).toEqual(['noto-serif-kr']);
    // Sans text (the key-facts box): Hei and Gothic.
    const sans = (text: string) => [
      ...new Set(new Typesetter(new FontService(), theme, 'en').fragments([{ text, style: {} }], theme.keyFacts.text).map((f) => f.face.split('-').slice(0, 3).join('-'))),
    ];
    expect(sans('北京')).toEqual(['noto-sans-sc']);
    expect(sans('서울')).toEqual(['noto-sans-kr']);
    expect(
      languageRuns('Tokyo (東京とうきょう) and Seoul (서울)', 'en')
        .filter((r) => r.lang)
        .map((r) => r.lang),
    ).toEqual(['ja', 'ko']);
  });

  it('tags the names a script or a schwa gives away, and leaves text with neither one run', () => {
    expect(languageRuns('Russia began withdrawing its peacekeepers on 17 April 2024 — “a consensual move”.', 'en')).toEqual([
      { text: 'Russia began withdrawing its peacekeepers on 17 April 2024 — “a consensual move”.' },
    ]);
    expect(languageRuns('Residents left Xankəndi for Goris (Գորիս), via Ханкенди.', 'en')).toEqual([
      { text: 'Residents left ' },
      { text: 'Xankəndi', lang: 'az' },
      { text: ' for Goris (' },
      { text: 'Գորիս', lang: 'hy' },
      { text: '), via ' },
      { text: 'Ханкенди', lang: 'ru' },
      { text: '.' },
    ]);
    // In a brief of the name's own language it carries no tag.
    expect(languageRuns('Xankəndi şəhəri', 'az')).toEqual([{ text: 'Xankəndi şəhəri' }]);
  });

  it('falls back to an outline emoji font for symbols the text fonts lack', () => {
    expect(
      facesOf('Displaced 🕊️ people 🏠')
        .filter(([, f]) => f.startsWith('noto-emoji'))
        .map(([t]) => t),
    ).toEqual(['🕊️', '🏠']);
  });

  it('reads only the slices of a CJK font that cover the text', () => {
    const fonts = new FontService();
    facesOf('The delegation from Beijing (北京) arrived.', theme.body, fonts);
    const parsed = (fonts as unknown as { parsed: Map<string, unknown> }).parsed;
    const cjk = [...parsed.keys()].filter((k) => k.startsWith('noto-serif-sc'));
    // Two characters, at most two slices (of 100), each a few tens of kilobytes.
    expect(cjk.length).toBeGreaterThanOrEqual(1);
    expect(cjk.length).toBeLessThanOrEqual(2);
    for (const key of cjk) expect(readFileSync(require.resolve(fonts.face(key).file)).length).toBeLessThan(200_000);
  });
});

describe('right-to-left words inside a left-to-right paragraph', () => {
  const set = new Typesetter(new FontService(), theme, 'en');
  const line = (text: string) => set.set([{ text, style: {} }], { width: 1000, style: theme.body, align: 'left', hyphenate: false })[0];

  it('draws a two-word Persian phrase right to left, the English around it left to right', () => {
    const l = line('They met in تهران امروز and left.');
    const rtl = l.runs.find((r) => r.text.includes('تهران'))!;
    // In visual order the phrase's first word stands to the right of its second.
    expect(rtl.text).toBe('امروز تهران');
    const x = (word: string) => l.runs.find((r) => r.text.includes(word))!.x;
    expect(x('They')).toBeLessThan(rtl.x);
    expect(x('and')).toBeGreaterThanOrEqual(rtl.x + rtl.width - 0.01);
  });

  it('breaks first and reorders each line: a phrase broken across lines keeps each line right to left', () => {
    const lines = set.set([{ text: 'The delegation said تهران امروز فردا دیروز همیشه in the statement.', style: {} }], { width: 170, style: theme.body, align: 'left', hyphenate: false });
    const rtlRuns = lines.flatMap((l) => l.runs.filter((r) => /[\u0600-\u06ff]/.test(r.text)));
    // Read in logical order across the lines, the phrase is whole and in order.
    // Each line's run is in visual order; read line by line, right to left, the phrase is whole.
    expect(rtlRuns.map((r) => r.text.split(' ').reverse().join(' ')).join(' ')).toBe('تهران امروز فردا دیروز همیشه');
    expect(lines.length).toBeGreaterThan(1);
  });

  it('draws a right-to-left run in visual order with no ActualText (extraction reorders glyphs; see world-desk)', () => {
    const l = line('They met in تهران امروز and left.');
    const rtl = l.runs.filter((r) => /[\u0600-\u06ff]/.test(r.text));
    expect(rtl.map((r) => r.text)).toEqual(['امروز تهران']);
    expect(rtl[0].actualText).toBeUndefined();
  });

  it('costs nothing for text with no right-to-left character: runs stay as they were', () => {
    const l = line('They met in Tehran today and left.');
    expect(l.runs.map((r) => r.text)).toEqual(['They met in Tehran today and left.']);
  });
});

describe('a right-to-left paragraph in a left-to-right brief', () => {
  const set = new Typesetter(new FontService(), theme, 'en');
  const AR = 'قالت وزارة الخارجية الروسية إن قوات حفظ السلام ستغادر إقليم كاراباخ خلال الأسابيع المقبلة، وإن عددها نحو 2000 جندي (NATO لا يعلّق).';

  it('takes its direction from its first strong character', () => {
    expect(paragraphDirection(AR, 'en')).toBe('rtl');
    expect(paragraphDirection('״השלום אינו נחתם בין ידידים״ — אמר הדובר.', 'en')).toBe('rtl');
    expect(paragraphDirection('Tehran (تهران) said nothing.', 'en')).toBe('ltr');
    expect(paragraphDirection('Tehran said nothing.', 'fa')).toBe('rtl');
  });

  it('is set from the right: ragged lines flush right, each in visual order, brackets mirrored', () => {
    const lines = set.set([{ text: AR, style: {} }], { width: 260, style: theme.body, align: 'left', hyphenate: true });
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(Math.max(...l.runs.map((r) => r.x + r.width))).toBeCloseTo(260, 1);
    // The last line ends the sentence: its visual left end is the full stop, then the closing
    // bracket drawn mirrored, then the last word.
    const last = lines[lines.length - 1].runs;
    expect(last[0].text).toBe('.(');
    // The first line starts (at its right) with the paragraph's first word.
    const first = lines[0].runs;
    expect(first[first.length - 1].text).toMatch(/قالت$/);
  });

  it('justifies its lines and leaves its last line flush right', () => {
    const lines = set.set([{ text: AR, style: {} }], { width: 260, style: theme.body, align: 'justify', hyphenate: true });
    for (const l of lines) expect(Math.max(...l.runs.map((r) => r.x + r.width))).toBeCloseTo(260, 1);
    for (const l of lines.slice(0, -1)) expect(Math.min(...l.runs.map((r) => r.x))).toBeCloseTo(0, 1);
    expect(Math.min(...lines[lines.length - 1].runs.map((r) => r.x))).toBeGreaterThan(1);
  });

  it('keeps a left-to-right word inside it, and numbers, in their own order', () => {
    const lines = set.set([{ text: AR, style: {} }], { width: 2000, style: theme.body, align: 'left', hyphenate: true });
    const runs = lines[0].runs;
    const x = (t: string) => runs.find((r) => r.text === t)!.x;
    expect(runs.some((r) => r.text === 'NATO')).toBe(true);
    expect(runs.some((r) => r.text === '2000')).toBe(true);
    // Right to left: 2000 comes before (right of) the bracketed NATO.
    expect(x('2000')).toBeGreaterThan(x('NATO'));
  });
});

describe('text without spaces breaks by UAX #14', () => {
  const JA = '東京の代表団は「平和維持部隊の撤退は予定どおり進んでいる」と述べた。北京の外務省も、撤退を歓迎すると発表した。ソウルでは、韓国政府が状況を注視していると語った。';
  const set = new Typesetter(new FontService(), theme, 'en');
  const lines = (align: 'justify' | 'left', width = 150) => set.set([{ text: JA, style: {}, lang: 'ja' }], { width, style: theme.body, align, hyphenate: true });
  const lineText = (l: SetLineLike) => l.runs.map((r) => r.text).join('');
  type SetLineLike = { runs: { text: string }[] };

  it('breaks between ideographs and kana, never before 。、」） nor after 「（ (kinsoku)', () => {
    const ls = lines('left');
    expect(ls.length).toBeGreaterThan(4);
    expect(ls.map(lineText).join('')).toBe(JA);
    for (const l of ls) {
      expect(lineText(l)).not.toMatch(/^[。、」）]/);
      expect(lineText(l)).not.toMatch(/[「（]$/);
      expect(l.width).toBeLessThanOrEqual(150 + 0.01);
    }
  });

  it('breaks a name marked unbroken that is wider than the line between its pieces, never past the margin', () => {
    // Several fonts (CJK slices) make it several boxes with no break between them.
    const ls = set.set([{ text: JA, style: {}, lang: 'ja', nobreak: true }], { width: 150, style: theme.body, align: 'left', hyphenate: true });
    expect(ls.length).toBeGreaterThan(4);
    for (const l of ls) expect(Math.max(...l.runs.map((r) => r.x + r.width))).toBeLessThanOrEqual(150 + 0.01);
  });

  it('justifies by stretching between ideographs, and every line but the last fills the measure', () => {
    const ls = lines('justify');
    for (const l of ls.slice(0, -1)) {
      const right = Math.max(...l.runs.map((r) => r.x + r.width));
      expect(right).toBeGreaterThanOrEqual(150 - 0.01);
    }
    // Stretch is spread over the line: its glyph runs start at more than one x than a ragged line's.
    const ragged = lines('left')[0];
    expect(ls[0].runs.length).toBeGreaterThan(1);
    expect(ls[0].runs[ls[0].runs.length - 1].x).toBeGreaterThan(ragged.runs[ragged.runs.length - 1].x - 0.01);
  });
});

describe('a world-desk paragraph in the Karabakh brief', () => {
  it.each(['a4', 'letter'] as const)('builds on %s with every glyph embedded and every name readable', async (paper) => {
    const p = tempProject();
    p.edit(
      'content.md.hbs',
      '## Background',
      '## Background\n\nThe talks moved to Tbilisi (თბილისი), Tehran (تهران), Jerusalem (ירושלים), Beijing (北京), Tokyo (:name[東京]{lang=ja}) and Seoul (서울) 🕊️.',
    );
    const r = await buildBrief(p.brief, { paper });
    const pdf = await readPdf(r.output.bytes);
    const text = pdf.pages.map((pg) => pg.text).join('\n');
    for (const name of ['თბილისი', 'ירושלים', '北京', '東京', '서울']) expect(text.replace(/\s+/g, '')).toContain(name);
    const raw = pdfSource(r.output.bytes);
    for (const font of ['NotoSerifGeorgian', 'NotoNaskhArabic', 'NotoSerifHebrew', 'NotoSerifSC', 'NotoSerifJP', 'NotoSerifKR', 'NotoEmoji'])
      expect(raw).toMatch(new RegExp(`/BaseFont /[A-Z]{6}\\+${font}`));
    // Each name is tagged with its language for the structure tree.
    const runs = r.layout.pages.flatMap((pg) => pg.boxes.filter((b): b is TextRun => b.kind === 'text'));
    expect(runs.find((b) => b.text.includes('თბილისი'))?.lang).toBe('ka');
    expect(runs.find((b) => b.text.includes('서'))?.lang).toBe('ko');
    expect(runs.find((b) => b.text.includes('東'))?.lang).toBe('ja');
    expect(runs.find((b) => b.text.includes('東'))?.face).toMatch(/^noto-serif-jp-/);
  });
});

describe('a right-to-left brief mirrors what must mirror', () => {
  const fonts = new FontService();
  const AR = (n: number) => 'قالت وزارة الخارجية إن قوات حفظ السلام ستغادر الإقليم '.repeat(n).trim();
  const text = (t: string) => [{ text: t, style: {} }];
  const para = (n: number): Block => ({ kind: 'paragraph', spans: text(AR(n)) });
  const lay = (blocks: Block[], language: string) =>
    layout({ blocks } as Document, fonts, { theme, paper: 'a4', language, charts: {}, furniture: { banner: 'UNCLASSIFIED', footerLeft: 'Desk' }, kinds: BLOCKS });
  const runs = (l: ReturnType<typeof lay>) => l.pages[0].boxes.filter((b): b is TextRun => b.kind === 'text' && b.y > l.frame.y && b.y < l.frame.y + l.frame.h);

  it('hangs list labels on the right and indents from the right, for Arabic items in any brief', () => {
    const arabic: Block[] = [{ kind: 'list', ordered: true, start: 1, items: [[para(1)], [para(3)]] }];
    const english: Block[] = [
      { kind: 'list', ordered: true, start: 1, items: [[{ kind: 'paragraph', spans: text('The peacekeepers leave.') }], [{ kind: 'paragraph', spans: text('Nobody says why.') }]] },
    ];
    for (const [blocks, language, rightSide] of [
      [arabic, 'ar', true],
      [arabic, 'en', true],
      [english, 'en', false],
    ] as const) {
      const l = lay(blocks as Block[], language);
      const all = runs(l);
      const labels = all.filter((r) => /^\d\.$/.test(r.text));
      const body = all.filter((r) => !/^\d\.$/.test(r.text));
      expect(labels).toHaveLength(2);
      const bodyRight = Math.max(...body.map((r) => r.x + r.width));
      const bodyLeft = Math.min(...body.map((r) => r.x));
      for (const lb of labels) expect(rightSide ? lb.x >= bodyRight : lb.x + lb.width <= bodyLeft).toBe(true);
    }
  });

  it("puts a table's first column on the right, and reads its cells in their own order", () => {
    const table: Block = { kind: 'table', align: ['left', 'left'], header: [text('التاريخ'), text('الحدث')], rows: [[text('2020'), text(AR(1))]] };
    const l = lay([table], 'ar');
    const x = (t: string) => runs(l).find((r) => r.text.includes(t))!.x;
    expect(x('2020')).toBeGreaterThan(x('الإقليم'));
    // Each cell node of the reading tree, in tree order, with the text of the boxes it owns.
    const owned = (n: ReadingNode): number[] => n.kids.flatMap((k) => ('content' in k ? [k.content] : owned(k)));
    const textOf = (ids: number[]) =>
      runs(l)
        .filter((r) => r.tag && 'content' in r.tag && ids.includes(r.tag.content))
        .map((r) => r.text)
        .join(' ');
    const cells: string[] = [];
    const walk = (n: ReadingNode) => (n.kind === 'cell' || n.kind === 'header-cell' ? cells.push(textOf(owned(n))) : n.kids.forEach((k) => 'kind' in k && walk(k)));
    walk(l.reading);
    expect(cells[0]).toContain('التاريخ');
    expect(cells[2]).toContain('2020');
  });

  it("draws a quote's rule on the right of right-to-left text, in any brief", () => {
    const quote: Block = { kind: 'quote', blocks: [{ kind: 'paragraph', spans: text('״השלום אינו נחתם בין ידידים״ — אמר הדובר בירושלים.') }] };
    const l = lay([quote], 'en');
    const rule = l.pages[0].boxes.find((b) => b.kind === 'line' && b.x1 === b.x2 && b.y1 !== b.y2)!;
    const body = runs(l);
    expect(rule.kind === 'line' && rule.x1).toBeGreaterThan(Math.max(...body.map((r) => r.x + r.width)));
  });

  it('stands the key-facts box on the left, the text beside it on its right', () => {
    const box: Block = {
      kind: 'group',
      role: 'key-facts',
      blocks: [
        { kind: 'paragraph', spans: text('حقائق') },
        { kind: 'list', ordered: false, start: 1, items: [[para(1)]] },
      ],
    };
    const l = lay([box, para(6)], 'ar');
    const fill = l.pages[0].boxes.find((b) => b.kind === 'rect' && b.fill !== undefined)!;
    expect(fill.kind === 'rect' && fill.x).toBeCloseTo(l.frame.x, 3);
    const beside = runs(l).filter((r) => r.face === 'noto-naskh-arabic-arabic-400' && r.y < (fill.kind === 'rect' ? fill.y + fill.h : 0));
    expect(beside.length).toBeGreaterThan(0);
    for (const r of beside) expect(r.x).toBeGreaterThanOrEqual((fill.kind === 'rect' ? fill.x + fill.w : 0) - 0.01);
  });
});
