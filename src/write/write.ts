// write: PDF bytes -> a file, atomically: a temp file in the same folder, fsync, rename. Never a half-written PDF.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BriefError } from '../errors.js';
import { msg } from '../messages.js';

export function writeAtomic(path: string, bytes: Uint8Array): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.tmp-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(temp, 'w', 0o644);
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    // The rename itself must reach the disk, or a crash can bring the old name back.
    try {
      const dfd = openSync(dir, 'r');
      try {
        fsyncSync(dfd);
      } finally {
        closeSync(dfd);
      }
    } catch {
      // Some file systems refuse fsync on a directory; the rename is still atomic.
    }
  } catch (e) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The folder itself is unusable (ENOTDIR, EACCES): there is no temp file to remove.
    }
    const err = e as NodeJS.ErrnoException;
    throw new BriefError({
      stage: 'write',
      kind: 'build',
      place: { file: path },
      id: 'outputUnwritable',
      reason: msg.outputUnwritable(path, err.code ? `${err.code}: ${err.message.replace(/^\w+: /, '')}` : err.message),
      hint: msg.outputUnwritableHint(err.code),
      cause: e,
    });
  }
}
