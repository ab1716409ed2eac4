// Where a brief's project is, and whether a path written in a brief stays inside it.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** The nearest folder at or above `dir` that holds templates/: the project root. */
export function findRoot(dir: string): string | undefined {
  let d = resolve(dir);
  for (;;) {
    if (existsSync(join(d, 'templates')) && statSync(join(d, 'templates')).isDirectory()) return d;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** `inside/rel` if it stays inside `inside` once links are followed; otherwise undefined. */
export function containedPath(inside: string, rel: string): string | undefined {
  if (isAbsolute(rel) || /^[a-z][a-z0-9+.-]*:/i.test(rel)) return undefined;
  const full = resolve(inside, rel);
  if (!isWithin(inside, full)) return undefined;
  if (existsSync(full) && !isWithin(realpathSync(inside), realpathSync(full))) return undefined;
  return full;
}

function isWithin(dir: string, p: string): boolean {
  const r = relative(dir, p);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

