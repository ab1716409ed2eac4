// The Theme as layout reads it: page, type scale, colours and spacing (its schema and loading are load/theme.ts).
import type { z } from 'zod';
import type { blockStyle, textStyle, themeSchema } from '../load/theme.js';

export type Theme = z.infer<typeof themeSchema>;
export type TextStyle = z.infer<typeof textStyle>;
export type BlockStyle = z.infer<typeof blockStyle>;
export type { Paper } from '../load/theme.js';
