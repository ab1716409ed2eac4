// Where an output may be written: never over what a user wrote, never over a device, through a symlink to its target.
import { closeSync, lstatSync, openSync, readlinkSync, readSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { BriefError } from '../errors.js';
import { isWithin, realPath } from '../files.js';
import { msg, type MessageId } from '../messages.js';
import { DEFAULT_FORMAT, FORMATS, type Format } from '../render.js';

/** `-o -`: the PDF goes to standard output and nothing is written to disk. */
export const STDOUT = '-';

export interface Protected {
  /** Folders whose files are the user's inputs (the brief folder, templates/, charts/). */
  dirs: string[];
  /** Single input files outside those folders (a spec given to `briefpress chart`). */
  files?: string[];
  /** The path is in briefpress's own output folder, where a damaged output is simply rebuilt. */
  own?: boolean;
  /** The format to be written there (default: PDF): its name ending, and the bytes its files start with. */
  format?: Format;
}

/** Whether a file starts with `magic`: one of ours, written before (or one of its kind). */
function startsWith(path: string, magic: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(magic.length);
    return readSync(fd, head, 0, magic.length, 0) === magic.length && head.toString('latin1') === magic;
  } finally {
    closeSync(fd);
  }
}

/**
 * The file an output for `output` really lands in, after checking it may: a symlink is followed to
 * its target (so the link stays a link), and the answer is refused when it is an input, lies inside
 * a protected folder, is not a regular file (/dev/null, a FIFO, a folder) or is a file not of the
 * output's format (briefpress never overwrites what it did not write).
 */
export function outputTarget(output: string, guard: Protected): string {
  if (output === STDOUT) return output;
  const format = FORMATS[guard.format ?? DEFAULT_FORMAT];
  let target = resolve(output);
  // Follow a chain of links by hand, so a dangling link still names where the PDF would go.
  for (let hops = 0; hops < 40; hops++) {
    let st;
    try {
      st = lstatSync(target);
    } catch {
      break;
    }
    if (!st.isSymbolicLink()) break;
    target = resolve(dirname(target), readlinkSync(target));
  }
  target = realPath(target);
  const refuse = (id: MessageId, reason: string, hint = msg.outputTargetHint()) => {
    throw new BriefError({ id, stage: 'cli', place: { file: output }, reason, hint });
  };
  // /dev/stdout, /dev/null, /proc/self/fd/1: the machine's, never a file to replace.
  if (/^\/(dev|proc)\//.test(resolve(output)) || /^\/(dev|proc)\//.test(target)) refuse('outputNotAFile', msg.outputNotAFile('a device'), msg.outputNotAFileHint());
  for (const f of guard.files ?? []) if (realPath(f) === target) refuse('outputIsInput', msg.outputIsInput());
  // The default output/ of a brief kept at the project root itself would be inside the brief.
  for (const d of guard.dirs) if (isWithin(realPath(d), target)) refuse('outputInsideInputs', msg.outputInsideInputs(d), guard.own ? msg.ownOutputInsideHint() : undefined);
  // A PDF named x.html is opened by a browser as a page of garbage, mailed as the wrong kind,
  // served with the wrong type. The name must say what the file is (or say nothing); checked
  // after the refusals above, which say more (what the file would destroy).
  const named = () => {
    const ext = extname(basename(output));
    if (ext && ext.toLowerCase() !== format.extension) refuse('outputNameWrong', msg.outputNameWrong(ext, format.name), msg.outputNameWrongHint(basename(output, ext) + format.extension));
    return target;
  };
  let st;
  try {
    st = statSync(target);
  } catch {
    return named();
  }
  if (!st.isFile())
    refuse(
      'outputNotAFile',
      msg.outputNotAFile(st.isDirectory() ? 'a folder' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isFIFO() ? 'a pipe' : 'not a regular file'),
      msg.outputNotAFileHint(),
    );
  if (!guard.own && st.size > 0 && !startsWith(target, format.magic)) refuse('outputNotOurs', msg.outputNotOurs(format.name));
  return named();
}
