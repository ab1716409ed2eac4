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
