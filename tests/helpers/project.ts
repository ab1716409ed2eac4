// A throwaway copy of the project (templates, charts, the Karabakh brief) that a test may break on purpose.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** Replaces every occurrence of `from` in a file of the brief (or, with ../../, of the project); a miss is the test's own mistake. */
export function everywhere(p: TempProject, file: string, from: string, to: string): void {
  const path = join(p.brief, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`test setup: ${from} not in ${file}`);
  writeFileSync(path, text.split(from).join(to));
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

type Main = (argv: string[], streams: { out: (t: string | Uint8Array) => void; err: (t: string) => void; tty: boolean }) => Promise<number>;
let main: Main | undefined;

/**
 * Runs the compiled CLI's entry point in this process, in `cwd`: the same code and messages as
 * runCli at a tenth of the cost (no Node start, no snapshot to map), for cases that test what
 * the command says and writes rather than how its process starts, dies or inherits. Cases that
 * set environment variables go through runCli, as the command reads some of them once.
 */
export async function runInProcess(args: string[], cwd = ROOT, env?: Record<string, string>): Promise<CliResult> {
  if (env && Object.keys(env).length) return runCli(args, cwd, env);
  main ??= ((await import(pathToFileURL(join(ROOT, 'dist', 'cli', 'cli.js')).href)) as { main: Main }).main;
  const out: Buffer[] = [];
  let stderr = '';
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args, { out: (t) => out.push(Buffer.from(t)), err: (t) => (stderr += t), tty: false });
    return { code, stdout: Buffer.concat(out).toString('utf8'), stderr };
  } finally {
    process.chdir(before);
  }
}
