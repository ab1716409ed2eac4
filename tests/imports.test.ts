// The stages import only downward: a lower stage never reaches up, and no module imports itself in a circle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

/**
 * From the ground floor up. Ground: the shared rules every stage may use (errors, messages,
 * files, the Brief type). The pipeline in its order, then what drives it.
 */
const ORDER = [
  'ground',
  'types',
  'cache',
  'runtime',
  'fonts',
  'load',
  'verify',
  'compose',
  'parse',
  'editions',
  'chart',
  'layout',
  'blocks',
  'render',
  'html',
  'paint',
  'preflight',
  'write',
  'build',
  'extract',
  'batch',
  'preview',
  'cli',
  'bench',
];

function stageOf(file: string): string {
  const parts = relative(SRC, file).split('/');
  // At the top of src/: the pipeline (build.ts), the seam its outputs share (render.ts), and the ground floor.
  if (parts.length === 1) return parts[0] === 'build.ts' ? 'build' : parts[0] === 'render.ts' ? 'render' : 'ground';
  return parts[0];
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every relative import of a module, type-only ones and dynamic ones included. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+['"](\.[^'"]+)['"]/gms), ...text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => m[1]);
  return specs.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

describe('the import graph of src/', () => {
  const files = sources(SRC);
  const graph = new Map(files.map((f) => [f, imports(f)]));

  it('names a stage for every folder', () => {
    expect(files.map(stageOf).filter((s) => !ORDER.includes(s))).toEqual([]);
  });

  it('has no import from a lower stage to a higher one', () => {
    const up = [...graph].flatMap(([f, targets]) => targets.filter((t) => ORDER.indexOf(stageOf(t)) > ORDER.indexOf(stageOf(f))).map((t) => `${relative(SRC, f)} -> ${relative(SRC, t)}`));
    expect(up).toEqual([]);
  });

  it('assumes no output format after the build: batch/ and write/ name none, in code', () => {
    const named = files
      .filter((f) => ['batch', 'write'].includes(stageOf(f)))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/(^|[^:])\/\/.*$/gm, '$1')
          .split('\n')
          .flatMap((line, i) => (/pdf|html/i.test(line) ? [`${relative(SRC, f)}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(named).toEqual([]);
  });

  it('has no circle', () => {
    const circles: string[] = [];
    const done = new Set<string>();
    const visit = (f: string, path: string[]) => {
      const at = path.indexOf(f);
      if (at >= 0) return void circles.push([...path.slice(at), f].map((x) => relative(SRC, x)).join(' -> '));
      if (done.has(f)) return;
      for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
      done.add(f);
    };
    files.forEach((f) => visit(f, []));
    expect(circles).toEqual([]);
  });
});

describe('the command line', () => {
  it('keeps one file per command, and cli.ts only registers them and handles their failures in one place', () => {
    const commands = readdirSync(join(SRC, 'cli', 'commands'))
      .filter((f) => f !== 'index.ts')
      .sort();
    expect(commands).toEqual(['build.ts', 'chart.ts', 'check.ts', 'diff.ts', 'editions.ts', 'facts.ts', 'init.ts', 'preflight.ts', 'preview.ts', 'schema.ts', 'watch.ts']);
    const cli = readFileSync(join(SRC, 'cli', 'cli.ts'), 'utf8');
    // Three: the working folder's check, the one wrapper around every command, yargs' parse (usage errors).
    expect(cli.match(/\btry \{/g)).toHaveLength(3);
    expect(cli).not.toMatch(/import\(/);
    for (const f of commands) expect(readFileSync(join(SRC, 'cli', 'commands', f), 'utf8')).not.toMatch(/\bcatch\b/);
  });
});

describe('the tests', () => {
  it('import only packages package.json declares (a package that arrives as another one’s dependency may leave with it)', () => {
    const dir = join(SRC, '..', 'tests');
    const pkg = JSON.parse(readFileSync(join(SRC, '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);
    const used = sources(dir)
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/(?:\bfrom\s+|\bimport\(\s*)'([^'.][^']*)'/g)].map((m) => m[1]))
      .filter((s) => !s.startsWith('node:'))
      .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]));
    expect([...new Set(used)].filter((p) => !declared.has(p))).toEqual([]);
  });
});
