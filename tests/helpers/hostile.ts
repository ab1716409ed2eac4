// The frame of the hostile suites: each case runs the CLI as a user would and checks the exit code,
// the message's place, that nothing a user wrote (nor the previous PDF) changed by a byte, and that
// no lock or temp file remains.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cpSync, lstatSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, expect } from 'vitest';
import { CLI, runCli, runInProcess, tempProject, type CliResult, type TempProject } from './project.js';

export const BRIEF = 'briefs/karabakh-peacekeepers';

/** Every file under root (links as links), by path: its hash, or where it points. */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(relative(root, p), `-> ${readlinkSync(p)}`);
      else if (st.isDirectory()) walk(p);
      else if (!st.isFile()) out.set(relative(root, p), st.isFIFO() ? 'a pipe' : 'special');
      else out.set(relative(root, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(root);
  return out;
}

export interface Case {
  name: string;
  env?: Record<string, string>;
  /** Arranges the project (adds a link, edits a file); returns the CLI arguments. */
  args: (p: TempProject) => string[];
  code: number;
  /** What the message must say: its place, and the why (a function when the place is known only after args). */
  message: RegExp | (() => RegExp);
  /** Runs the CLI another way (as its own process, under prlimit, from a deleted folder); default: runInProcess. */
  run?: (args: string[], cwd: string, env?: Record<string, string>) => CliResult | Promise<CliResult>;
}

let base: TempProject;

/** One built project to copy: the previous PDF every case must leave alone. */
export function builtBase() {
  beforeAll(() => {
    base = tempProject();
    const r = runCli(['build', BRIEF], base.root);
    expect(r.code).toBe(0);
  });
}

export function fresh(): TempProject {
  const p = tempProject();
  cpSync(join(base.root, 'output'), join(p.root, 'output'), { recursive: true });
  return p;
}

export function expectUntouched(before: Map<string, string>, root: string) {
  const after = snapshot(root);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
  expect(changed, 'files changed, added or removed').toEqual([]);
}

export async function runCase(c: Case) {
  const p = fresh();
  const args = c.args(p);
  const before = snapshot(p.root);
  const r = await (c.run ?? runInProcess)(args, p.root, c.env);
  expect(r.code, r.stderr).toBe(c.code);
  expect(r.stderr).toMatch(typeof c.message === 'function' ? c.message() : c.message);
  // No stack trace, no internal error (the usage text's own line about them aside).
  expect(r.stderr).not.toMatch(/internal error:|\n\s+at .+:\d+:\d+\)?\n/);
  expectUntouched(before, p.root);
}

export const cases = (list: Case[]) => list.map((c) => [c.name, c] as const);

/** Whatever is at `path` replaced by what `make` puts there (a pipe, a link, a folder, a huge file). */
export const replace = (path: string, make: (path: string) => void) => {
  rmSync(path, { recursive: true, force: true });
  make(path);
};
export const link = (target: string) => (path: string) => symlinkSync(target, path);

/**
 * Cases that replace one file and build the brief: [file, what it becomes, how, the message].
 * Files are under the brief folder, or the project root for templates and shared charts.
 */
export function replacedFileCases(rows: readonly (readonly [string, string, (path: string) => void, RegExp])[], under: 'brief' | 'root'): Case[] {
  return rows.map(([file, what, make, message]) => ({
    name: `${file} is ${what}`,
    args: (p) => {
      replace(join(under === 'brief' ? p.brief : p.root, file), make);
      return ['build', BRIEF];
    },
    code: 2,
    message,
  }));
}

/** A paragraph added under the brief's Background, refused with a message at its own template line. */
export function paragraphCase(name: string, paragraph: string, message: (line: number) => RegExp): Case {
  let line = 0;
  return {
    name,
    args: (p) => {
      line = p.edit('content.md.hbs', '## Background', `## Background\n\n${paragraph}`) + 2;
      return ['build', BRIEF];
    },
    code: 2,
    message: () => message(line),
  };
}

export const mkfifo = (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0);

/** Runs the CLI under a resource limit of prlimit(1), e.g. --fsize=20000 for a disk that fills. */
export const underLimit =
  (limit: string) =>
  (args: string[], cwd: string, env: Record<string, string> = {}): CliResult => {
    const r = spawnSync('prlimit', [limit, process.execPath, CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', ...env }, timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
