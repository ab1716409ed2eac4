// What the phases of setting a paragraph hand each other: the fragments of styled text that are
// collected and shaped, the options a paragraph is set with, and the lines it comes out as.
import type { TextRun } from './boxes.js';
import type { TextStyle } from './theme.js';

/** How one piece of a line is drawn: face, size, colour, raise above the baseline, link. */
export interface Fragment {
  text: string;
  face: string;
  size: number;
  color: string;
  rise: number;
  link?: { dest?: string; url?: string };
  /** A name the analyst marked: never hyphenated, never broken at its spaces or hyphens. */
  nobreak?: boolean;
  /** Language, when not the brief's. */
  lang?: string;
  /** Bidi embedding level (UAX #9) of the text, in a paragraph that has right-to-left text. */
  level?: number;
  /**
   * Facts the paragraph prints, as stretches of its text (offsets into the text of all its
   * fragments joined): where each figure came from, for the preview. Shared by every fragment of
   * the paragraph, so that a fact is never a reason to split a word (and lose its kerning).
   */
  facts?: FactRange[];
  /** Where this piece's text starts in the paragraph's text, on the items of a set paragraph. */
  offset?: number;
}

export interface FactRange {
  id: string;
  from: number;
  to: number;
}

/** The part of a word broken across lines that one line draws, and what it reads as (see TextRun.actualText). */
export interface WordPart {
  key: string;
  actualText: string;
}

export interface SetOptions {
  width: number;
  style: TextStyle;
  align: 'justify' | 'left' | 'right' | 'center';
  hyphenate: boolean;
  /** Widths of the first lines when they differ from `width` (lines beside a side box); the rest use `width`. */
  widths?: number[];
  /** Punctuation may hang into the margins (body text); never where the edge is a rule or a cell's. */
  protrude?: boolean;
}

export interface SetLine {
  /** Runs with x relative to the line start and y = 0 at the baseline. */
  runs: TextRun[];
  width: number;
  /** Widest gap between two words on this line, in points (justification quality). */
  maxGap: number;
  /** Horizontal scale of the line's glyphs (font expansion): 1 is their own width. */
  scale: number;
  /** Whether the line was set justified (every line of a justified paragraph but its last). */
  justified: boolean;
}
