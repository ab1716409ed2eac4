// What a build uses when neither the command line nor the project's briefpress.yaml says: one
// place, so that help texts, the schema's descriptions and the code cannot drift apart.
import type { Paper, Standard } from './print.js';

export const DEFAULT_PAPER: Paper = 'a4';

/** Both standards: less only when someone asks for less. */
export const DEFAULT_STANDARD: Standard = 'ua+a3a';

/**
 * What one brief or chart may take when nobody says: thirty times what a real one takes (a brief
 * builds in ~1 s, ~150 MB), and a tenth of a 5-minute cron slot, so that one runaway chart does
 * not cost the slot.
 */
export const DEFAULT_BUDGET = { seconds: 30, memoryMb: 1024 } as const;
