// A fact base read back from a PDF (`briefpress facts`, `diff`): any PDF a reader hands us, ours
// or not, read by pdf.js rather than by the writer that made it.
import { readFileSync, statSync } from 'node:fs';
import { BriefError } from '../errors.js';
import { msg } from '../messages.js';
import { FACT_BASE_FILE, factBaseSchema, type FactBase } from '../editions/factbase.js';

/** The fact base `file` carries; a file that is not a PDF, or carries none, is refused with what to do. */
export async function readFactBase(file: string): Promise<FactBase> {
  const place = { file };
  let bytes: Buffer;
  try {
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    bytes = readFileSync(file);
  } catch (e) {
    throw new BriefError({
      id: 'pdfUnreadable',
      stage: 'cli',
      place,
      reason: msg.pdfUnreadable((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message),
      hint: msg.pdfUnreadableHint(),
    });
  }
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw new BriefError({ id: 'pdfUnreadable', stage: 'cli', place, reason: msg.pdfUnreadable('it does not start as a PDF does (%PDF-)'), hint: msg.pdfUnreadableHint() });
  const { openPdf } = await import('./preflight.js');
  let attachments: Record<string, { filename: string; content: Uint8Array }> | null;
  try {
    const { doc } = await openPdf(bytes);
    attachments = (await doc.getAttachments()) as typeof attachments;
    await doc.destroy();
  } catch (e) {
    throw new BriefError({ id: 'pdfUnreadable', stage: 'cli', place, reason: msg.pdfUnreadable((e as Error).message), hint: msg.pdfUnreadableHint() });
  }
  const attached = attachments && Object.values(attachments).find((a) => a.filename === FACT_BASE_FILE);
  if (!attached) throw new BriefError({ id: 'noFactBase', stage: 'cli', place, reason: msg.noFactBase(), hint: msg.noFactBaseHint() });
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(attached.content).toString('utf8'));
  } catch (e) {
    throw new BriefError({ id: 'factBaseInvalid', stage: 'cli', place, reason: msg.factBaseInvalid(`not JSON: ${(e as Error).message}`), hint: msg.factBaseInvalidHint() });
  }
  const parsed = factBaseSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BriefError({ id: 'factBaseInvalid', stage: 'cli', place, reason: msg.factBaseInvalid(`${issue.path.join('.') || 'the file'}: ${issue.message}`), hint: msg.factBaseInvalidHint() });
  }
  return parsed.data;
}
