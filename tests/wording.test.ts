// What a reader sees that no one wrote follows the brief's language: English and French are shipped.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBrief, type BuildResult } from '../src/build.js';
import { compose } from '../src/compose/compose.js';
import { formatDate, formatNumber } from '../src/compose/format.js';
import { BriefError } from '../src/errors.js';
import { layout } from '../src/layout/layout.js';
import type { ReadingNode } from '../src/layout/boxes.js';
import { loadTheme } from '../src/load/theme.js';
import { loadBrief } from '../src/load/load.js';
import { fontService } from '../src/fonts/fonts.js';
import { wording } from '../src/wording.js';
import { BLOCKS, parse } from './helpers/blocks.js';
import { readPdf } from './helpers/pdf.js';
import { ROOT, tempProject } from './helpers/project.js';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

/** The Karabakh brief with its language set, a disputed figure, as a draft. */
function karabakhIn(language: string) {
  const p = tempProject();
  p.edit('brief.yaml', /^(\s*)language: en$/m, `$1language: ${language}`);
  p.edit('brief.yaml', '  - id: peacekeepers.deployed\n', '  - id: peacekeepers.deployed\n    disputed: true\n    note: A second report gives 1,960.\n');
  p.edit('brief.yaml', /^(\s*)language: /m, '$1draft: true\n$1language: ');
  return p;
}

async function linkTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const out: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const annotations = (await (await doc.getPage(n)).getAnnotations()) as { contentsObj?: { str: string } }[];
    out.push(...annotations.map((a) => a.contentsObj?.str ?? ''));
  }
  await doc.destroy();
  return out;
}

describe('numbers and dates', () => {
  it('group digits and name months as the language does', () => {
    expect(formatNumber(1234.5)).toBe('1,234.5');
    expect(formatNumber(1234.5, 'fr')).toBe(`1${NNBSP}234,5`);
    expect(formatNumber(-50000, 'fr-CA')).toBe(`-50${NNBSP}000`);
    expect(formatDate('2024-04-17', 'fr')).toBe('17 avril 2024');
    expect(formatDate('2024-04-01', 'fr')).toBe('1er avril 2024');
    expect(formatDate('2023-09', 'fr')).toBe('septembre 2023');
    expect(formatDate('2024-04-01')).toBe('1 April 2024');
  });

  it('fall back to the base language, then to English', () => {
    expect(wording('fr-CA').language).toBe('fr');
    expect(wording('de').language).toBe('en');
    expect(wording('en-GB').page(1, 2)).toBe('Page 1 of 2');
  });
});

describe('a brief in French', () => {
  let fr: BuildResult;
  let en: BuildResult;
  beforeAll(async () => {
    fr = await buildBrief(karabakhIn('fr').brief, { annex: true, chartData: true });
    en = await buildBrief(karabakhIn('en').brief, { annex: true, chartData: true });
  });

  it('prints briefpress’s own words in French, and none of the English ones', async () => {
    const pdf = await readPdf(fr.output.bytes);
    const pages = pdf.pages.length;
    for (let n = 1; n <= pages; n++) expect(pdf.pages[n - 1].text).toContain(`Page ${n} sur ${pages}`);
    // The characters set: a narrow no-break space between thousands (pdf.js reads it as a space).
    const set = fr.layout.pages.flatMap((p) => p.boxes.flatMap((b) => (b.kind === 'text' ? [b.text] : []))).join(' ');
    expect(set).toContain(`about 2${NNBSP}000 peacekeeping troops`);
    // A no-break space before a colon is a space that never breaks: set as a plain space.
    const text = pdf.pages
      .map((p) => p.text)
      .join(' ')
      .replace(/[\u00a0\u202f]/g, ' ');
    for (const s of [
      'L’ESSENTIEL',
      'FAITS ESSENTIELS',
      'Destinataires : Policy staff',
      'Annexe : base factuelle',
      'Annexe : données des graphiques',
      'Figure 1 :',
      'Source : Associated Press, 17 avril 2024',
      'Contesté : A second report gives 1,960.',
      'Événement',
      'Valeur',
      'PROJET · UNCLASSIFIED',
      'South Caucasus Desk · 17 avril 2024',
    ]) {
      expect(text).toContain(s);
    }
    for (const s of ['Page 1 of', 'Bottom line', 'KEY FACTS', 'Audience:', 'Annex:', 'Disputed:', 'DRAFT', 'Source sentence']) expect(text).not.toContain(s);
  });

  it('prints the same places in English for an English brief', async () => {
    const text = (await readPdf(en.output.bytes)).pages.map((p) => p.text).join(' ');
    for (const s of [
      'Page 1 of',
      'BOTTOM LINE UP FRONT',
      'KEY FACTS',
      'Audience: Policy staff',
      'Annex: Fact base',
      'Annex: Chart data',
      'Figure 1:',
      'Disputed: A second report gives 1,960.',
      'DRAFT · UNCLASSIFIED',
      '2,000',
    ])
      expect(text).toContain(s);
  });

  it('says where a citation’s link goes in French, to a screen reader', async () => {
    const links = await linkTexts(fr.output.bytes);
    expect(links.length).toBeGreaterThan(3);
    expect(links.filter((l) => l.startsWith('Source 1'))).not.toHaveLength(0);
    for (const l of links.filter((x) => x.startsWith('Source'))) expect(l).toMatch(new RegExp(`^Source 1${NBSP}: Associated Press`));
    expect(links.some((l) => l.startsWith(`Note a${NBSP}: Contesté`))).toBe(true);
  });

  it('describes a chart the brief gives no words for in French, its axis numbers grouped the French way', () => {
    const walk = (n: ReadingNode | { content: number }): ReadingNode[] => ('kind' in n ? [n, ...n.kids.flatMap(walk)] : []);
    const figures = walk(fr.layout.reading).filter((n) => n.kind === 'chart');
    expect(figures.length).toBe(2);
    for (const f of figures) expect(f.alt).toMatch(/^.*\. Graphique en (aires|courbes|barres)/);
    expect(figures.map((f) => f.alt).join(' ')).toMatch(/de 0 à 2\u202f000|de 0 à 60\u202f000/);
  });

  it('keeps a French brief as conforming as an English one: the same structure, one more page at most', () => {
    expect(Math.abs(fr.layout.pages.length - en.layout.pages.length)).toBeLessThanOrEqual(1);
  });
});

describe('a brief in a language briefpress has no words in', () => {
  it('builds in English and says so once, at meta.language, as a warning', async () => {
    const p = tempProject();
    p.edit('brief.yaml', /^(\s*)language: en$/m, '$1language: de');
    const r = await buildBrief(p.brief);
    expect(r.warnings.map((w) => [w.id, w.severity, w.place.field])).toEqual([['languageUnworded', 'warning', 'meta.language']]);
    expect(r.warnings[0].reason).toContain('languages: en, fr');
    expect((await readPdf(r.output.bytes)).pages[0].text).toContain('Page 1 of 2');
  });
});

describe('the {{t}} helper', () => {
  it('refuses a label it does not have, at its line, naming the near one', () => {
    const p = tempProject();
    const line = p.edit('content.md.hbs', '## Background', '## {{t "keyFact"}}');
    let e: unknown;
    try {
      compose(loadBrief(p.brief));
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(BriefError);
    expect((e as BriefError).reason).toBe('unknown label "keyFact" (did you mean "keyFacts"?)');
    expect((e as BriefError).place.line).toBe(line);
  });

  it('refuses a label given the wrong number of values', () => {
    const p = tempProject();
    p.edit('content.md.hbs', '## Background', '## {{t "figure"}}');
    expect(() => compose(loadBrief(p.brief))).toThrow(/the label "figure" takes 1 value, and 0 were given/);
  });
});

describe('upper-casing', () => {
  it('follows the brief’s language: a Turkish key-facts title keeps the dot on its capital I', () => {
    const doc = parse(':::key-facts\n**Kilit bilgiler**\n\n- istatistik\n:::\n\nMetin.\n');
    const theme = loadTheme(ROOT);
    const set = (language: string) =>
      layout(doc, fontService(), { kinds: BLOCKS, theme, paper: 'a4', language, charts: {}, furniture: { banner: 'X', footerLeft: 'Y' } })
        .pages[0].boxes.flatMap((b) => (b.kind === 'text' ? [b.text] : []))
        .join(' ');
    expect(set('tr')).toContain('KİLİT BİLGİLER');
    expect(set('en')).toContain('KILIT BILGILER');
  });
});
