// The Theme: page, type scale, colours and spacing that layout follows; a file (templates/theme.yaml) an organisation edits.
import { z } from 'zod';

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colours are #rrggbb');
const face = z.enum(['serif', 'serif-italic', 'serif-semibold', 'serif-bold', 'serif-bold-italic', 'sans', 'sans-italic', 'sans-semibold', 'sans-bold']);
const size = z.number().min(7, 'nothing on paper is set smaller than 7 pt').max(72);

const textStyle = z
  .object({
    face,
    size,
    leading: z.number().positive(),
    color,
  })
  .strict();

const blockStyle = textStyle.extend({ spaceBefore: z.number().min(0), spaceAfter: z.number().min(0) }).strict();

/** microtype's defaults for Latin text, close enough: punctuation hangs, letters do not. */
const TYPOGRAPHY = {
  maxWordGap: 0.25,
  expansion: 0.02,
  protrusion: {
    left: { '“': 0.5, '‘': 0.5, '"': 0.5, "'": 0.5, '(': 0.05, '[': 0.05 },
    right: { '.': 0.7, ',': 0.7, '-': 0.7, '\u2010': 0.7, '–': 0.5, '—': 0.3, ':': 0.5, ';': 0.5, '’': 0.7, '”': 0.5, '"': 0.5, "'": 0.7, '!': 0.2, '?': 0.2, ')': 0.05, ']': 0.05 },
  },
};

export const themeSchema = z
  .object({
    /** Page margins in millimetres. */
    margins: z.object({ top: z.number().min(10), bottom: z.number().min(10), inner: z.number().min(10), outer: z.number().min(10) }).strict(),
    body: blockStyle.extend({ align: z.enum(['justify', 'left']), hyphenate: z.boolean() }).strict(),
    title: blockStyle,
    subtitle: blockStyle,
    dateline: blockStyle,
    h1: blockStyle,
    h2: blockStyle,
    h3: blockStyle,
    list: z.object({ indent: z.number().min(0), itemSpacing: z.number().min(0), bullet: z.string().min(1) }).strict(),
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
      }),
    table: z
      .object({ header: textStyle, cell: textStyle, rule: color, headerRule: color, cellPadding: z.number().min(0), spaceBefore: z.number(), spaceAfter: z.number() })
      .strict(),
    figure: z.object({ title: textStyle, caption: textStyle, gap: z.number().min(0), spaceBefore: z.number(), spaceAfter: z.number() }).strict(),
    notes: blockStyle,
    quote: z.object({ indent: z.number(), rule: color }).strict(),
    banner: textStyle,
    footer: textStyle,
    rule: z.object({ color, width: z.number().min(0.25, 'hairlines under 0.25 pt vanish on a laser printer') }).strict(),
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
      })
      .strict()
      // Added after the first themes were written: a theme without it keeps building.
      .default(TYPOGRAPHY),
    link: color,
  })
  .strict();

export type Theme = z.infer<typeof themeSchema>;
export type TextStyle = z.infer<typeof textStyle>;
export type BlockStyle = z.infer<typeof blockStyle>;

export const MM = 72 / 25.4;

export const PAPER = {
  a4: { width: 595.28, height: 841.89 },
  letter: { width: 612, height: 792 },
} as const;
export type Paper = keyof typeof PAPER;

export function themeJsonSchema(): object {
  return { title: 'briefpress theme.yaml', ...(z.toJSONSchema(themeSchema, { io: 'input', target: 'draft-2020-12' }) as object) };
}
