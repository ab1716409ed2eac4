// Reading what a user wrote: regular files only, inside the project once links are followed, no larger than their kind allows.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { BriefError, type Place, type Stage } from './errors.js';
import { msg, type MessageId } from './messages.js';

export type FileKind = 'brief' | 'project' | 'theme' | 'template' | 'source' | 'spec' | 'data' | 'image' | 'article';

const MB = 1024 * 1024;

/**
 * The largest file of each kind a build reads. Far above any real brief (the Karabakh brief.yaml
 * is 12 KB, its source 3 KB), far below what exhausts a cron machine: a 3 GB "source" must be
 * refused by its size, not read.
 */
export const LIMITS: Record<FileKind, number> = {
  brief: 4 * MB,
  project: 1 * MB,
  theme: 1 * MB,
  template: 4 * MB,
  source: 16 * MB,
  spec: 4 * MB,
  data: 64 * MB,
  image: 32 * MB,
  article: 16 * MB,
};

const NOUNS: Record<FileKind, string> = {
  brief: 'brief file',
  project: 'project file',
  theme: 'theme',
  template: 'template',
  source: 'source file',
  spec: 'chart spec',
  data: 'chart data file',
  image: 'image',
  article: 'article',
};

export function isWithin(dir: string, p: string): boolean {
  const r = relative(dir, p);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** The real path of `p` as far as it exists: linked folders resolved, a file not yet made kept by name. */
export function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    const parent = dirname(p);
    return parent === p ? p : resolve(realPath(parent), relative(parent, p));
  }
}

/** `inside/rel` if it stays inside `inside` once links are followed; otherwise undefined. */
export function containedPath(inside: string, rel: string): string | undefined {
  if (isAbsolute(rel) || /^[a-z][a-z0-9+.-]*:/i.test(rel)) return undefined;
  const full = resolve(inside, rel);
  if (!isWithin(inside, full)) return undefined;
  try {
    if (!isWithin(realpathSync(inside), realpathSync(full))) return undefined;
  } catch {
    // Not there (yet): nothing to follow; reading it will say it is missing.
  }
  return full;
}

export interface ReadOptions {
  /** Folders the file must lie in once links are followed (any of them); none for a file named on the command line. */
  within?: string[];
  stage?: Stage;
  /** Where the problem is reported (a field of brief.yaml); the file itself by default. */
  place?: Place;
  /** The path as the user wrote it, for messages. */
  name?: string;
}

/**
 * That a user's file may be read, without reading it: a regular file, inside `within` once links
 * are followed, no larger than its kind allows. Its stat, or a BriefError that names it.
 */
export function checkUserFile(file: string, kind: FileKind, o: ReadOptions = {}) {
  const noun = NOUNS[kind];
  const path = o.name ?? file;
  const fail = (id: MessageId, reason: string, hint: string): never => {
    throw new BriefError({ id, stage: o.stage ?? 'load', place: o.place ?? { file }, reason, hint });
  };
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return fail('fileLoop', msg.fileLoop(noun, path), msg.fileLinkHint());
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('fileMissing', msg.fileMissing(noun, path), msg.fileMissingHint(noun));
    return fail('fileUnreadable', msg.fileUnreadable(noun, path, code ?? String(e)), msg.fileUnreadableHint());
  }
  if (!st.isFile())
    return fail('fileNotRegular', msg.fileNotRegular(noun, path, st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a pipe' : st.isSocket() ? 'a socket' : 'a device'), msg.fileNotRegularHint());
  if (o.within?.length) {
    const real = realpathSync(file);
    if (!o.within.some((d) => isWithin(realPath(d), real))) return fail('fileOutside', msg.fileOutside(noun, path, real), msg.fileLinkHint());
  }
  const limit = LIMITS[kind];
  if (st.size > limit) return fail('fileTooLarge', msg.fileTooLarge(noun, path, st.size, limit), msg.fileTooLargeHint());
  return st;
}

/** Whether anything (a file, a folder, a link even dangling or looping) is at `p`. */
export function somethingAt(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bytes of a user's file, or a BriefError that names it and says what to do. Refuses what is
 * not a regular file (a FIFO or a device would hang or never end), a link out of the project
 * (a content.md.hbs linked to /etc/passwd must not print it), and a file over its kind's limit.
 */
export function readUserFile(file: string, kind: FileKind, o: ReadOptions = {}): Buffer {
  const noun = NOUNS[kind];
  const path = o.name ?? file;
  const fail = (id: MessageId, reason: string, hint: string): never => {
    throw new BriefError({ id, stage: o.stage ?? 'load', place: o.place ?? { file }, reason, hint });
  };
  const st = checkUserFile(file, kind, o);
  const limit = LIMITS[kind];
  // O_NONBLOCK: if the file was swapped for a FIFO since the check above, open must not wait for a writer.
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) return fail('fileNotRegular', msg.fileNotRegular(noun, path, 'not a regular file'), msg.fileNotRegularHint());
    // Read at most one byte past the limit: a file that grew since stat is caught, not swallowed.
    const buf = Buffer.alloc(Math.min(limit + 1, Math.max(st.size, 0) + 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) break;
      const r = readSync(fd, buf, n, buf.length - n, n);
      if (r === 0) break;
      n += r;
    }
    if (n > limit) return fail('fileTooLarge', msg.fileTooLarge(noun, path, n, limit), msg.fileTooLargeHint());
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * A user's text file, decoded as UTF-8 (a leading byte-order mark dropped). A file in another
 * encoding is refused at its first byte that is not UTF-8: decoded anyway, it would print U+FFFD
 * boxes, fail its quotes, and be blamed on whatever stage met the box first.
 */
export function readUserText(path: string, kind: FileKind, o: ReadOptions = {}): string {
  const bytes = readUserFile(path, kind, o);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const before = bytes.subarray(0, bad);
    const lineStart = before.lastIndexOf(0x0a) + 1;
    const line = before.filter((b) => b === 0x0a).length + 1;
    const column = [...before.subarray(lineStart).toString('utf8')].length + 1;
    throw new BriefError({ stage: o.stage ?? 'load', place: { file: o.name ?? path, line, column }, id: 'notUtf8', reason: msg.notUtf8(NOUNS[kind], bytes[bad]), hint: msg.notUtf8Hint() });
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    // Overlong forms and surrogates (ED A0..BF) are not UTF-8 either.
    if ((c === 0xe0 && b[i + 1] < 0xa0) || (c === 0xed && b[i + 1] >= 0xa0) || (c === 0xf0 && b[i + 1] < 0x90) || (c === 0xf4 && b[i + 1] >= 0x90)) return i;
    i += n + 1;
  }
  return -1;
}
