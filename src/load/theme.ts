// The print theme's schema, and its loading: the project's templates/theme.yaml, with a brief's own theme.yaml laid over it.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BriefError } from '../errors.js';
import { msg } from '../messages.js';
import { fieldPath, readYamlTree, validated, type PlaceOf } from './yaml.js';
import { findRoot, openProject, projectFile } from './project.js';
import type { Project } from '../brief.js';
import { z } from 'zod';
import { MIN_TEXT_SIZE } from '../print.js';

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colours are #rrggbb');
const face = z.enum(['serif', 'serif-italic', 'serif-semibold', 'serif-bold', 'serif-bold-italic', 'sans', 'sans-italic', 'sans-semibold', 'sans-bold']);
const size = z.number().min(MIN_TEXT_SIZE, `nothing on paper is set smaller than ${MIN_TEXT_SIZE} pt`).max(72);

export const textStyle = z
  .object({
    face,
    size,
    leading: z.number().positive(),
    color,
  })
  .strict();

/** A heading's style: the space above it is its own (the rhythm gives it), and so is the space below. */
export const blockStyle = textStyle.extend({ spaceBefore: z.number().min(0), spaceAfter: z.number().min(0) }).strict();

/**
 * Once asked of every block style, never read: the space above a paragraph, a title or an entry is
 * the space after what comes before it (layout/rhythm.ts). Still accepted, so themes written before
 * keep building; editors show it struck through.
 */
const unread = (what: string) =>
  z
    .number()
    .min(0)
    .optional()
    .meta({ deprecated: true, description: `Not read: ${what}` });

/** Text set in a run of blocks: the space after each is what separates it from the next. */
export const spacedStyle = textStyle.extend({ spaceBefore: unread('the space above comes from the block before (its spaceAfter)'), spaceAfter: z.number().min(0) }).strict();

const hairline = z.number().min(0.25, 'hairlines under 0.25 pt vanish on a laser printer');

/** microtype's defaults for Latin text, close enough: punctuation hangs, letters do not. */
const TYPOGRAPHY = {
  maxWordGap: 0.25,
  expansion: 0.02,
  widows: 2,
  orphans: 2,
  breaking: {
    hyphen: 50,
    compound: 30,
    cluster: 100,
    line: 10,
    flagged: 3000,
    fitness: 3000,
    tolerance: { justified: 1, ragged: 3, loose: 6 },
    space: { stretch: 0.1, stretchMax: 0.6, shrink: 0.25, cluster: 0.1 },
    raggedRight: 2,
  },
  protrusion: {
    left: { '“': 0.5, '‘': 0.5, '"': 0.5, "'": 0.5, '(': 0.05, '[': 0.05 },
    right: { '.': 0.7, ',': 0.7, '-': 0.7, '\u2010': 0.7, '–': 0.5, '—': 0.3, ':': 0.5, ';': 0.5, '’': 0.7, '”': 0.5, '"': 0.5, "'": 0.7, '!': 0.2, '?': 0.2, ')': 0.05, ']': 0.05 },
  },
};

export const themeSchema = z
  .object({
    /** Page margins in millimetres. */
    margins: z.object({ top: z.number().min(10), bottom: z.number().min(10), inner: z.number().min(10), outer: z.number().min(10) }).strict(),
    body: spacedStyle.extend({ align: z.enum(['justify', 'left']), hyphenate: z.boolean() }).strict(),
    title: spacedStyle,
    subtitle: spacedStyle,
    dateline: spacedStyle,
    /** The rule that closes the title block: its colour and weight, the space above it and below it. */
    titleRule: z
      .object({ color, width: hairline, gap: z.number().min(0), after: z.number().min(0) })
      .strict()
      .default({ color: '#1f3a5f', width: 1.5, gap: 8, after: 2 }),
    h1: blockStyle,
    h2: blockStyle,
    h3: blockStyle,
    list: z
      .object({
        indent: z.number().min(0),
        itemSpacing: z.number().min(0),
        bullet: z.string().min(1),
        /** Space between a label (bullet or number) and its item's text. */
        labelGap: z.number().min(0).default(5),
        labelColor: color.default('#1f3a5f'),
      })
      .strict(),
    keyJudgments: z
      .object({ fill: color, accent: color, accentWidth: z.number().min(0), padding: z.number().min(0), title: textStyle, text: textStyle, spaceBefore: z.number(), spaceAfter: z.number() })
      .strict(),
    keyFacts: z
      .object({
        fill: color,
        rule: color,
        padding: z.number().min(0),
        /** Share of the column the side box takes; text runs beside it in the rest. */
        width: z.number().min(0.2).max(0.5),
        gutter: z.number().min(0),
        title: textStyle,
        text: textStyle,
        /** The rule along the box's top edge. */
        ruleWidth: hairline.default(1.5),
        /** Space between two facts. */
        itemSpacing: z.number().min(0).default(5),
      })
      .strict()
      // Added after the first themes were written: a theme without it keeps building.
      .default({
        fill: '#f4f4f4',
        rule: '#1f3a5f',
        padding: 8,
        width: 0.34,
        gutter: 12,
        title: { face: 'sans-bold', size: 8.5, leading: 11, color: '#1f3a5f' },
        text: { face: 'sans', size: 8.5, leading: 11.5, color: '#1a1a1a' },
        ruleWidth: 1.5,
        itemSpacing: 5,
      }),
    table: z
      .object({
        header: textStyle,
        cell: textStyle,
        rule: color,
        headerRule: color,
        ruleWidth: hairline.default(0.35),
        headerRuleWidth: hairline.default(0.75),
        cellPadding: z.number().min(0),
        spaceBefore: z.number(),
        spaceAfter: z.number(),
      })
      .strict(),
    figure: z
      .object({
        title: textStyle,
        caption: textStyle,
        /** Space between the title, the chart and the source line. */
        gap: z.number().min(0),
        /** Space between two notes under the source line. */
        noteGap: z.number().min(0).default(2),
        spaceBefore: z.number(),
        spaceAfter: z.number(),
      })
      .strict(),
    /** The numbered entries of Sources and of Notes: their text, how far it is indented, the gap after the number. */
    endnotes: spacedStyle
      .extend({ indent: z.number().min(0), labelGap: z.number().min(0) })
      .strict()
      .default({ face: 'serif', size: 8.5, leading: 11.5, color: '#1a1a1a', spaceAfter: 3, indent: 16, labelGap: 4 }),
    /** The name endnotes had when it styled Notes and Sources alike under another's name: laid over endnotes. */
    notes: spacedStyle.partial().optional().meta({ deprecated: true, description: 'Read as endnotes (the Sources and Notes lists): rename it.' }),
    quote: z.object({ indent: z.number(), rule: color, ruleWidth: hairline.default(1) }).strict(),
    /** `:::note`: the ruled frame's padding (its rule is the theme's rule). */
    note: z
      .object({ padding: z.number().min(0) })
      .strict()
      .default({ padding: 8 }),
    /** `:::pull-quote`: the quotation (text), who said it (by), the rules above and below. */
    pullQuote: z
      .object({ text: textStyle, by: textStyle, rule: color, ruleWidth: z.number().min(0.25, 'hairlines under 0.25 pt vanish on a laser printer'), padding: z.number().min(0), gap: z.number().min(0) })
      .strict()
      // Added after the first themes were written: a theme without it keeps building.
      .default({
        text: { face: 'serif-italic', size: 14, leading: 18, color: '#1f3a5f' },
        by: { face: 'sans', size: 8.5, leading: 11, color: '#4d4d4d' },
        rule: '#1f3a5f',
        ruleWidth: 1,
        padding: 8,
        gap: 4,
      }),
    /**
     * What an edition from the second on shows of what changed: the "Changes since" box near the
     * top (notice: box, or none for neither box nor bars; a project's `changes:` or --changes
     * overrides it), and a bar in the outer margin beside every changed block (bar: its colour,
     * barWidth, barGap from the text).
     */
    changes: z
      .object({
        notice: z.enum(['box', 'none']),
        fill: color,
        rule: color,
        ruleWidth: hairline,
        padding: z.number().min(0),
        title: textStyle,
        text: textStyle,
        bar: color,
        barWidth: z.number().min(0.5, 'a change bar under 0.5 pt vanishes on a laser printer').max(6),
        barGap: z.number().min(1),
      })
      .strict()
      // Added after the first themes were written: a theme without it keeps building.
      .default({
        notice: 'box',
        fill: '#f4f4f4',
        rule: '#1a1a1a',
        ruleWidth: 1,
        padding: 8,
        title: { face: 'sans-bold', size: 8.5, leading: 11, color: '#1a1a1a' },
        text: { face: 'sans', size: 8.5, leading: 11.5, color: '#1a1a1a' },
        bar: '#1a1a1a',
        barWidth: 1.5,
        barGap: 7,
      }),
    /** The classification banner, at the head and foot of every page; ruleGap: from the head's last line to the rule under it. */
    banner: textStyle.extend({ ruleGap: z.number().min(0).default(5) }).strict(),
    /** The foot: desk and date, Page N of M; ruleGap: from the rule to the foot's text; bannerGap: kept either side of the banner between them. */
    footer: textStyle.extend({ ruleGap: z.number().min(0).default(3), bannerGap: z.number().min(0).default(12) }).strict(),
    /** DRAFT across every page of a draft, under the text: light enough to read through. */
    draft: z.object({ face, color }).strict().default({ face: 'sans-bold', color: '#e3e3e3' }),
    /** Rules: `---` in the text (space: the height it takes), the lines of the running head and foot, a note's frame. */
    rule: z.object({ color, width: hairline, space: z.number().min(0).default(12) }).strict(),
    cite: z.object({ size, rise: z.number() }).strict(),
    /** The finish of justified text (microtype's two tools, and the limit they serve). */
    typography: z
      .object({
        /** Widest word gap of a justified line, in line-heights; a paragraph that needs wider is set ragged. */
        maxWordGap: z.number().min(0.1).max(1),
        /** Share by which a justified line's glyphs may be set wider or narrower (PDF horizontal scaling). */
        expansion: z.number().min(0).max(0.05, 'glyphs scaled more than 5 % look distorted'),
        /** Share of a glyph's width that hangs into the margin when it ends (right) or starts (left) a line. */
        protrusion: z.object({ left: z.record(z.string().length(1), z.number().min(0).max(1)), right: z.record(z.string().length(1), z.number().min(0).max(1)) }).strict(),
        /** Fewest lines of a paragraph left alone at the top of a page (widows) or the foot (orphans). */
        widows: z.number().int().min(1).max(5).default(2),
        orphans: z.number().int().min(1).max(5).default(2),
        /**
         * The line breaker's costs (Knuth and Plass's names): what a break at a hyphen inserted,
         * at a hyphen written, between two CJK characters costs; each line's cost; extra cost for two
         * hyphens in a row and for a loose line next to a tight one; how loose a line may be
         * justified, set ragged, and as a last resort; a word space's stretch and shrink (shares of
         * the space; cluster: how far a break between two ideographs may stretch, in ems), and how far a ragged line's right edge may wander (ems).
         */
        breaking: z
          .object({
            hyphen: z.number().min(0).max(10000),
            compound: z.number().min(0).max(10000),
            cluster: z.number().min(0).max(10000),
            line: z.number().min(0),
            flagged: z.number().min(0),
            fitness: z.number().min(0),
            tolerance: z.object({ justified: z.number().positive(), ragged: z.number().positive(), loose: z.number().positive() }).strict(),
            space: z.object({ stretch: z.number().min(0), stretchMax: z.number().min(0), shrink: z.number().min(0).max(1), cluster: z.number().min(0) }).strict(),
            raggedRight: z.number().min(0),
          })
          .strict()
          .default(TYPOGRAPHY.breaking),
      })
      .strict()
      // Added after the first themes were written: a theme without it keeps building.
      .default(TYPOGRAPHY),
    link: color,
  })
  .strict()
  // A theme that still says notes: its settings are the endnotes'.
  .transform(({ notes, ...t }) => (notes ? { ...t, endnotes: { ...t.endnotes, ...notes } } : t));

export const MM = 72 / 25.4;

export const PAPER = {
  a4: { width: 595.28, height: 841.89 },
  letter: { width: 612, height: 792 },
} as const;
export type Paper = keyof typeof PAPER;

export function themeJsonSchema(): object {
  return { title: 'briefpress theme.yaml', ...(z.toJSONSchema(themeSchema, { io: 'input', target: 'draft-2020-12' }) as object) };
}

/** The theme as validated here; layout names the same type (layout/theme.ts). */
type Theme = z.infer<typeof themeSchema>;

export interface LoadedTheme {
  theme: Theme;
  /** The theme.yaml it was read from: the project's, or briefpress's own. */
  file: string;
  /** Each setting a brief's theme.yaml sets (`body.size`), with the file it came from, for --verbose. */
  overrides: { setting: string; file: string }[];
}

/**
 * A brief may set any part of the theme in a theme.yaml of its own: only what it names changes
 * (`body: { size: 11 }` keeps the body's face and colour), lists and scalars replace, and the
 * result is checked as one theme, each problem at the line of the file that set it.
 */
export function loadTheme(project: Project | string, briefDir?: string): Theme {
  return loadThemeWithOrigins(project, briefDir).theme;
}

/** The theme of a project (or of the project at a root folder), with what a brief's own file sets laid over it. */
export function loadThemeWithOrigins(project: Project | string, briefDir?: string): LoadedTheme {
  if (typeof project === 'string') project = openProject(findRoot(project));
  const found = projectFile(project, join('templates', 'theme.yaml'));
  if (!found) {
    throw new BriefError({
      stage: 'load',
      place: { file: join(project.root ?? '.', 'templates', 'theme.yaml') },
      id: 'fileMissing',
      reason: msg.fileMissing('theme', 'templates/theme.yaml'),
      hint: msg.fileMissingHint('theme'),
    });
  }
  const { file } = found;
  // Every brief of a project reads this one file: parsed and checked once per process (a batch's build process).
  const base = readYamlTree(file, 'theme', [found.layer], { shared: true });
  const own = briefDir ? join(briefDir, 'theme.yaml') : undefined;
  if (!own || !existsSync(own)) return { theme: projectTheme(base, file), file, overrides: [] };

  const over = readYamlTree(own, 'theme', [briefDir!]);
  // An empty file sets nothing.
  if (over.js === null || over.js === undefined) return { theme: projectTheme(base, file), file, overrides: [] };
  if (!isMapping(over.js)) {
    throw new BriefError({ stage: 'load', place: over.placeOf([]), id: 'briefThemeNotMapping', reason: msg.briefThemeNotMapping(), hint: msg.fieldHint('theme.yaml') });
  }
  const merged = overlay(base.js, over.js);
  // A problem in a setting the brief's file makes is that file's; the rest is the project's.
  const placeOf: PlaceOf = (path, key) => (setIn(over.js, path) ? over.placeOf(path, key) : base.placeOf(path, key));
  const theme = validated(merged, themeSchema, placeOf, own);
  const rel = relative(project.root ?? briefDir!, own) || own;
  return { theme, file, overrides: leaves(over.js).map((path) => ({ setting: fieldPath(path), file: rel })) };
}

/** The checked theme of each shared theme file's data, frozen: every brief of the batch is handed the same object. */
const checkedThemes = new WeakMap<object, Theme>();

function projectTheme(base: { js: unknown; placeOf: PlaceOf }, file: string): Theme {
  if (!base.js || typeof base.js !== 'object') return validated(base.js, themeSchema, base.placeOf, file);
  let theme = checkedThemes.get(base.js);
  if (!theme) checkedThemes.set(base.js, (theme = deepFreeze(validated(base.js, themeSchema, base.placeOf, file))));
  return theme;
}

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

function isMapping(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** `over` laid on `base`: mappings merge key by key, anything else replaces. */
function overlay(base: unknown, over: unknown): unknown {
  if (!isMapping(base) || !isMapping(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? overlay(base[k], v) : v;
  return out;
}

/** Whether `path` (or a mapping above it that replaced what was there) is set in `tree`. */
function setIn(tree: unknown, path: (string | number)[]): boolean {
  let at = tree;
  for (const seg of path) {
    // A scalar or list where the project has a mapping: the brief replaced it, and what is wrong below is the brief's.
    if (!isMapping(at)) return true;
    if (!(String(seg) in at)) return false;
    at = at[String(seg)];
  }
  return true;
}

/** Paths of the values a tree sets, down to scalars and lists. */
function leaves(tree: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (!isMapping(tree)) return [path];
  return Object.entries(tree).flatMap(([k, v]) => leaves(v, [...path, k]));
}
