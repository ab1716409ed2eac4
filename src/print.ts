// The print rules every stage shares: the smallest text on paper, and how near the edge a printer reaches.

/** Nothing on paper is set smaller, in points: the theme's floor, glyph scaling's floor, preflight's check. */
export const MIN_TEXT_SIZE = 7;

/** No ink nearer the paper's edge than this, in millimetres: office printers do not reach it. */
export const PRINTER_MARGIN_MM = 5;

/** Which standards a PDF claims: both by default; less only when someone asks for less. */
export type Standard = 'ua+a2a' | 'ua' | 'a2b' | 'none';
export const STANDARDS: readonly Standard[] = ['ua+a2a', 'ua', 'a2b', 'none'];

/** What an edition from the second on says of what changed since the one before: a box, or nothing. */
export type ChangeNotice = 'box' | 'none';
export const CHANGE_NOTICES: readonly ChangeNotice[] = ['box', 'none'];

/** The paper sizes a brief is set for. */
export type Paper = 'a4' | 'letter';
export const PAPERS: readonly Paper[] = ['a4', 'letter'];
