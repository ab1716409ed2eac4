// A brief's editions on disk: beside its PDF, a folder with every edition it was issued in and the
// history that numbers them. Relative names only, so the history moves with the output folder (a
// project moved, a repository that keeps output/ cloned afresh). Written under the run's lock.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { BriefError } from '../errors.js';
import { msg } from '../messages.js';
import { writeAtomic } from './write.js';

export interface EditionRecord {
  edition: number;
  /** The day it was issued (YYYY-MM-DD, UTC; SOURCE_DATE_EPOCH's day when set). */
  date: string;
  /** Its content's hash (editions/content.ts): the next build with the same content is this edition. */
  content: string;
  /** Its PDF, kept in the editions folder, relative to it. */
  file: string;
}

/** The edition a build is: its number and date, and whether this build issues it. */
export interface Edition {
  edition: number;
  date: string;
  issued: boolean;
}

// Named after the output, in whatever format it is: write/ knows none.
const stem = (output: string) => basename(output, extname(output));
/** The folder beside the output that keeps its editions: output/k.pdf -> output/k.editions/. */
export const editionsDir = (output: string) => join(dirname(output), `${stem(output)}.editions`);
const historyFile = (output: string) => join(editionsDir(output), 'editions.json');

/** The editions issued so far, oldest first; none when the brief was never built with editions. */
export function readHistory(output: string): EditionRecord[] {
  const file = historyFile(output);
  if (!existsSync(file)) return [];
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { editions?: EditionRecord[] };
    const list = data.editions ?? [];
    if (!Array.isArray(list) || !list.every((e) => Number.isInteger(e.edition) && typeof e.date === 'string' && typeof e.content === 'string' && typeof e.file === 'string'))
      throw new Error('not a list of editions');
    return list;
  } catch (e) {
    // Never guessed over: a history rebuilt from nothing would number the next edition 1 again.
    throw new BriefError({ stage: 'write', kind: 'build', place: { file }, id: 'editionsUnreadable', reason: msg.editionsUnreadable((e as Error).message), hint: msg.editionsUnreadableHint() });
  }
}

/** The number of the latest edition, for a report that skipped the build; none when there is no readable history. */
export function latestEdition(output: string): number | undefined {
  try {
    return readHistory(output).at(-1)?.edition;
  } catch {
    return undefined;
  }
}

const contentFileOf = (file: string) => `${basename(file, extname(file))}.content.json`;

/** What an edition said (its content model, as publishEdition kept it), if it was kept. */
export function editionContent(output: string, record: EditionRecord): unknown {
  try {
    return JSON.parse(readFileSync(join(editionsDir(output), contentFileOf(record.file)), 'utf8'));
  } catch {
    return undefined;
  }
}

/** The same content is the latest edition again; other content is the next one, dated today. */
export function decideEdition(history: EditionRecord[], content: string, today: string): Edition {
  const latest = history[history.length - 1];
  if (latest && latest.content === content) return { edition: latest.edition, date: latest.date, issued: false };
  return { edition: (latest?.edition ?? 0) + 1, date: today, issued: true };
}

/**
 * Writes the PDF of an edition: a newly issued one is first kept in the editions folder (never
 * replaced once there), then put at its usual path, then entered in the history. A run killed in
 * between loses nothing: the next finds the kept copy and issues the same edition again.
 */
export function publishEdition(
  output: string,
  bytes: Uint8Array,
  edition: Edition,
  content: string,
  history: EditionRecord[],
  said?: unknown,
  beside: { output: string; bytes: Uint8Array }[] = [],
): void {
  if (edition.issued) {
    const file = `${stem(output)}.edition-${edition.edition}${extname(output)}`;
    const kept = join(editionsDir(output), file);
    if (!existsSync(kept)) writeAtomic(kept, bytes);
    // The web twin of the edition is kept with it, named alike (k.edition-2.html).
    for (const b of beside) {
      const twin = join(editionsDir(output), `${stem(output)}.edition-${edition.edition}${extname(b.output)}`);
      if (!existsSync(twin)) writeAtomic(twin, b.bytes);
    }
    for (const b of beside) writeAtomic(b.output, b.bytes);
    writeAtomic(output, bytes);
    // What the edition said, for the next edition's "Changes since" (editions/compare.ts).
    if (said !== undefined) writeAtomic(join(editionsDir(output), contentFileOf(file)), Buffer.from(JSON.stringify(said) + '\n'));
    const record: EditionRecord = { edition: edition.edition, date: edition.date, content, file };
    writeAtomic(historyFile(output), Buffer.from(JSON.stringify({ editions: [...history.filter((e) => e.edition < edition.edition), record] }, null, 2) + '\n'));
  } else {
    for (const b of beside) writeAtomic(b.output, b.bytes);
    writeAtomic(output, bytes);
  }
}
