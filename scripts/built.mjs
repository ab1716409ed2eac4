// Builds dist/ and the startup snapshot when they are missing or older than the source: what
// `npm run brief` and `npm run bench` need after `npm ci`, which builds nothing. No install script
// builds it: npm 11 asks before running one, and the packed package must carry none (a packed
// copy ships dist/ and the snapshot's bundle, built by prepack).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const newest = (dir, ext) => {
  let t = 0;
  for (const name of readdirSync(dir, { recursive: true })) if (name.endsWith(ext)) t = Math.max(t, statSync(join(dir, name)).mtimeMs);
  return t;
};
const built = statSync(join(root, 'dist', 'cli', 'main.js'), { throwIfNoEntry: false }) ? newest(join(root, 'dist'), '.js') : 0;
// The snapshot, when there is one: dist/ compiled again by tsc alone (as a developer does) leaves it stale, and
// the CLI then starts without it; `npm run bench` would time that slower start as briefpress's.
const snapshot = statSync(join(root, 'build', 'snapshot', 'briefpress.blob'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (!built || newest(join(root, 'src'), '.ts') > built || statSync(join(root, 'package-lock.json')).mtimeMs > built || (snapshot > 0 && snapshot < built)) {
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
