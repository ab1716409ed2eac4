// A throwaway copy of the project (templates, charts, the Karabakh brief) that a test may break on purpose.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const KARABAKH = join(ROOT, 'briefs', 'karabakh-peacekeepers');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export interface TempProject {
  root: string;
  brief: string;
  /** Replaces `from` with `to` in a file of the brief (must occur), returning the 1-based line of the change. */
  edit(file: string, from: string | RegExp, to: string): number;
  write(file: string, text: string): void;
}

export function tempProject(): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'briefpress-'));
  cpSync(join(ROOT, 'briefpress.yaml'), join(root, 'briefpress.yaml'));
  cpSync(join(ROOT, 'templates'), join(root, 'templates'), { recursive: true });
  cpSync(join(ROOT, 'charts'), join(root, 'charts'), { recursive: true });
  cpSync(KARABAKH, join(root, 'briefs', 'karabakh-peacekeepers'), { recursive: true });
  const brief = join(root, 'briefs', 'karabakh-peacekeepers');
  return {
    root,
    brief,
    edit(file, from, to) {
      const path = resolve(brief, file);
      const text = readFileSync(path, 'utf8');
      const index = typeof from === 'string' ? text.indexOf(from) : text.search(from);
      if (index < 0) throw new Error(`test setup: ${String(from)} not in ${file}`);
      writeFileSync(path, text.replace(from, to));
      return text.slice(0, index).split('\n').length;
    },
    write(file, text) {
      writeFileSync(resolve(brief, file), text);
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the compiled CLI as a user would, in `cwd`. */
export function runCli(args: string[], cwd = ROOT, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
