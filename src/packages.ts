// Files of installed packages (fonts, their unicode ranges), found the way Node finds them: in the
// nearest node_modules up from here. By walking folders, not through Node's module loader: the
// startup snapshot is made by a process whose module loader must stay untouched.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const found = new Map<string, string>();

/** The path of `spec` ("source-serif/TTF/SourceSerif4-Regular.ttf") in the nearest node_modules that has it. */
export function packageFile(spec: string): string {
  const known = found.get(spec);
  if (known) return known;
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', spec);
    if (existsSync(candidate)) {
      found.set(spec, candidate);
      return candidate;
    }
    if (dirname(dir) === dir) break;
  }
  const e = new Error(`Cannot find ${spec} in any node_modules above ${here}`) as NodeJS.ErrnoException;
  e.code = 'MODULE_NOT_FOUND';
  throw e;
}
