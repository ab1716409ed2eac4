// Where a brief's project is: the folder above it that holds templates/.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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


