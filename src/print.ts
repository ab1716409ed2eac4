// The print rules every stage shares: the smallest text on paper, and how near the edge a printer reaches.

/** Nothing on paper is set smaller, in points: the theme's floor, glyph scaling's floor, preflight's check. */
export const MIN_TEXT_SIZE = 7;

/** No ink nearer the paper's edge than this, in millimetres: office printers do not reach it. */
export const PRINTER_MARGIN_MM = 5;

/**
 * Which standards a PDF claims: PDF/UA-1 and PDF/A-3a by default (PDF/A-3, because a PDF carries
 * its fact base as an associated file, which PDF/A-2 forbids); less only when someone asks for
 * less. A PDF/A-2 file (ua+a2a, a2b) carries no fact base.
 */
export type Standard = 'ua+a3a' | 'ua+a2a' | 'ua' | 'a3b' | 'a2b' | 'none';
export const STANDARDS: readonly Standard[] = ['ua+a3a', 'ua+a2a', 'ua', 'a3b', 'a2b', 'none'];

/** What an edition from the second on says of what changed since the one before: a box, or nothing. */
export type ChangeNotice = 'box' | 'none';
export const CHANGE_NOTICES: readonly ChangeNotice[] = ['box', 'none'];

/** What `build --format` (or briefpress.yaml's `format:`) may say: one format, or a PDF and its web twin. */
export const FORMAT_CHOICES = ['pdf', 'html', 'pdf,html'] as const;

/** The paper sizes a brief is set for. */
export type Paper = 'a4' | 'letter';
export const PAPERS: readonly Paper[] = ['a4', 'letter'];
