// Batch builds as cron runs them: many briefs, skipped when unchanged, locked, killed half-way.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { until as waitUntil } from './helpers/wait.js';
import { describe, expect, it } from 'vitest';
import { shardOf } from '../src/batch/batch.js';
import { CLI, runInProcess, tempProject, type TempProject } from './helpers/project.js';
import { readPdf } from './helpers/pdf.js';

/** A project with `n` copies of the Karabakh brief: k1 .. kn. */
function manyBriefs(n: number): TempProject {
  const p = tempProject();
  for (let i = 1; i <= n; i++) cpSync(p.brief, join(p.root, 'briefs', `k${i}`), { recursive: true });
  return p;
}

interface Report {
  ok: boolean;
  built: number;
  skipped: number;
  failed: number;
  briefs: { brief: string; status: string; output: string; pages: number | null; bytes: number | null; ms: number; error: string | null }[];
}

async function json(args: string[], cwd: string): Promise<{ code: number | null; report: Report; stderr: string }> {
  const r = await runInProcess([...args, '--json'], cwd);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

describe('batch builds', () => {
  it('builds every brief, reports each, and one broken brief does not stop the others', async () => {
    const p = manyBriefs(2);
    writeFileSync(join(p.root, 'briefs', 'k1', 'brief.yaml'), readFileSync(join(p.root, 'briefs', 'k1', 'brief.yaml'), 'utf8').replace('    value: 50000', '    value: [50000'));
    const { code, report } = await json(['build', '--all', '--jobs', '2'], p.root);
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, built: 2, failed: 1, skipped: 0 });
    expect(report.briefs.map((b) => [b.brief, b.status])).toEqual([
      ['briefs/k1', 'failed'],
      ['briefs/k2', 'built'],
      ['briefs/karabakh-peacekeepers', 'built'],
    ]);
    expect(report.briefs[0].error).toMatch(/briefs\/k1\/brief\.yaml:\d+:\d+: error\[load\]: YAML syntax/);
    const built = report.briefs[1];
    expect(built.pages).toBeGreaterThanOrEqual(2);
    expect(built.bytes).toBe(statSync(join(p.root, built.output)).size);
  });

  it('puts the error on the first line for one brief, and names the brief above it in a batch', async () => {
    const p = manyBriefs(1);
    const broken = join(p.root, 'briefs', 'k1', 'brief.yaml');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('    value: 50000', '    value: [50000'));
    const one = await runInProcess(['build', 'briefs/k1'], p.root);
    expect(one.code).toBe(2);
    expect(one.stderr.split('\n')[0]).toMatch(/^briefs\/k1\/brief\.yaml:\d+:\d+: error\[load\]: YAML syntax/);
    const all = await runInProcess(['build', '--all', '--jobs', '1'], p.root);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/(^|\n)failed briefs\/k1:\nbriefs\/k1\/brief\.yaml:\d+:\d+: error\[load\]/);
  });

  it('takes several paths and globs, and never writes -o for more than one', async () => {
    const p = manyBriefs(3);
    const { code, report } = await json(['build', 'briefs/k[12]', 'briefs/karabakh-peacekeepers'], p.root);
    expect(code).toBe(0);
    expect(report.briefs.map((b) => b.brief)).toEqual(['briefs/k1', 'briefs/k2', 'briefs/karabakh-peacekeepers']);
    const r = await runInProcess(['build', 'briefs/k*', '-o', 'x.pdf'], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('-o names one file but 4 briefs were asked for');
  });

  it('skips unchanged briefs, rebuilds what changed, and --force rebuilds all', async () => {
    const p = manyBriefs(2);
    expect((await json(['build', '--all'], p.root)).report.built).toBe(3);
    const again = (await json(['build', '--all'], p.root)).report;
    expect(again).toMatchObject({ built: 0, skipped: 3 });

    writeFileSync(join(p.root, 'briefs', 'k2', 'content.md.hbs'), readFileSync(join(p.root, 'briefs', 'k2', 'content.md.hbs'), 'utf8').replace('## Background', '## Background and context'));
    expect((await json(['build', '--all'], p.root)).report.briefs.map((b) => b.status)).toEqual(['skipped', 'built', 'skipped']);

    // A shared template is an input of every brief.
    const partial = join(p.root, 'templates', 'partials', 'sources-list.md.hbs');
    const before = readFileSync(partial, 'utf8');
    writeFileSync(partial, before.replace('## {{t "sources"}}', '## Sources cited'));
    expect(readFileSync(partial, 'utf8')).not.toBe(before);
    expect((await json(['build', '--all'], p.root)).report.built).toBe(3);

    // A PDF changed or deleted behind the manifest's back is rebuilt.
    writeFileSync(join(p.root, 'output', 'k1.pdf'), 'not the PDF we wrote');
    expect((await json(['build', '--all'], p.root)).report.briefs.map((b) => b.status)).toEqual(['built', 'skipped', 'skipped']);
    expect((await json(['build', '--all', '--force'], p.root)).report.built).toBe(3);
  });

  it('resolves outputs from the project root, not the working directory', () => {
    const p = manyBriefs(1);
    // Cron's working folder is anywhere (often /): an empty one of our own, to see nothing lands there.
    const elsewhere = mkdtempSync(join(tmpdir(), 'briefpress-cwd-'));
    const r = spawnSync(process.execPath, [CLI, 'build', '--all', '--root', p.root, '--quiet'], { cwd: elsewhere, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(existsSync(join(p.root, 'output', 'k1.pdf'))).toBe(true);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('splits briefs into disjoint deterministic shares', async () => {
    const p = manyBriefs(7);
    const shares: string[][] = [];
    for (const k of [1, 2, 3]) shares.push((await json(['build', '--all', '--shard', `${k}/3`, '--force'], p.root)).report.briefs.map((b) => b.brief));
    const all = shares.flat().sort();
    expect(all).toEqual(
      readdirSync(join(p.root, 'briefs'))
        .map((n) => `briefs/${n}`)
        .sort(),
    );
    expect(new Set(all).size).toBe(all.length);
    // The same on every host and every release: FNV-1a of the folder name (its published test vectors).
    expect([shardOf('', 2 ** 32), shardOf('a', 2 ** 32), shardOf('foobar', 2 ** 32)]).toEqual([0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
    expect((await runInProcess(['build', '--all', '--shard', '4/3'], p.root)).code).toBe(2);
  });
});

describe('locking and interrupted runs', () => {
  it('refuses to build while another live run holds the folder: exit 75 after --wait', async () => {
    const p = manyBriefs(0);
    const holder = spawn('sleep', ['30']);
    mkdirSync(join(p.root, 'output'), { recursive: true });
    // Written as a run writes it: after its process started.
    writeFileSync(join(p.root, 'output', '.briefpress.lock'), JSON.stringify({ pid: holder.pid, host: hostname(), started: new Date(Date.now() + 3000).toISOString() }));
    try {
      const t0 = Date.now();
      const r = await runInProcess(['build', '--all', '--wait', '1'], p.root);
      expect(r.code).toBe(75);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
      expect(r.stderr).toContain(`another briefpress run (pid ${holder.pid}`);
      expect(existsSync(join(p.root, 'output', 'karabakh-peacekeepers.pdf'))).toBe(false);
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a dead process', async () => {
    const p = manyBriefs(0);
    const dead = spawnSync('true').pid!;
    mkdirSync(join(p.root, 'output'), { recursive: true });
    writeFileSync(join(p.root, 'output', '.briefpress.lock'), JSON.stringify({ pid: dead, host: hostname(), started: '2026-01-01T00:00:00Z' }));
    const r = await runInProcess(['build', '--all'], p.root);
    expect(r.code).toBe(0);
    expect(existsSync(join(p.root, 'output', '.briefpress.lock'))).toBe(false);
  });

  it('loses nothing when a run is killed with -9 half-way, and the next run recovers', async () => {
    const p = manyBriefs(5);
    expect((await runInProcess(['build', '--all', '--jobs', '1'], p.root)).code).toBe(0);
    const out = join(p.root, 'output');
    const before = new Map(
      readdirSync(out)
        .filter((n) => n.endsWith('.pdf'))
        .map((n) => [n, readFileSync(join(out, n))]),
    );
    // Change every brief, start a rebuild, kill it as soon as the first new PDF lands.
    for (const n of readdirSync(join(p.root, 'briefs'))) {
      const f = join(p.root, 'briefs', n, 'content.md.hbs');
      writeFileSync(f, readFileSync(f, 'utf8').replace('## Implications', '## Implications for policy'));
    }
    const child = spawn(process.execPath, [CLI, 'build', '--all', '--jobs', '1', '--quiet'], { cwd: p.root });
    const firstMtime = statSync(join(out, 'k1.pdf')).mtimeMs;
    await waitUntil(() => statSync(join(out, 'k1.pdf')).mtimeMs !== firstMtime, 'the first rebuilt PDF landing', 30_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));

    // Every PDF is either the previous one or a complete new one; none is half-written.
    for (const [name, old] of before) {
      const now = readFileSync(join(out, name));
      expect(now.equals(old) || now.subarray(-6).toString('latin1').includes('%%EOF'), name).toBe(true);
    }
    // The next run is not blocked by the dead run's lock, finishes the rest, and leaves no temp files.
    // It may start while the killed run's build process is still dying (it ends when its launcher
    // does, a moment later): as cron's next tick would, it waits that moment and takes the lock over.
    const next = await json(['build', '--all', '--wait', '10'], p.root);
    expect(next.code).toBe(0);
    expect(next.report.failed).toBe(0);
    expect(next.report.built + next.report.skipped).toBe(before.size);
    expect(readdirSync(out).filter((n) => n.includes('.tmp-') || n.endsWith('.lock'))).toEqual([]);
  });

  it('two overlapping runs: the second waits for the first and then finds everything built', async () => {
    const p = manyBriefs(3);
    const first = spawn(process.execPath, [CLI, 'build', '--all', '--jobs', '1', '--quiet'], { cwd: p.root });
    // Listened for now: the first run may well end while the second waits.
    const firstDone = new Promise((r) => first.on('exit', r));
    await waitUntil(() => existsSync(join(p.root, 'output', '.briefpress.lock')), 'the first run taking its lock', 30_000);
    const second = await json(['build', '--all', '--wait', '60'], p.root);
    await firstDone;
    expect(first.exitCode).toBe(0);
    expect(second.code).toBe(0);
    expect(second.report.failed).toBe(0);
    expect(second.report.built + second.report.skipped).toBe(4);
  });
});

describe('made for cron', () => {
  it('prints one plain line per brief without a terminal, and only failures with --quiet', async () => {
    const p = manyBriefs(1);
    const r = await runInProcess(['build', '--all'], p.root);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^built briefs\/k1 -> output\/k1\.pdf \(\d pages, [\d,]+ bytes, \d+ ms\)$/),
      expect.stringMatching(/^built briefs\/karabakh-peacekeepers -> output\/karabakh-peacekeepers\.pdf/),
      '2 built, 0 skipped, 0 failed',
    ]);
    expect(r.stderr).not.toContain('\r');
    // The size as a reader writes it, grouped in thousands (as Intl's en-US would, without making one).
    const size = statSync(join(p.root, 'output', 'k1.pdf')).size;
    expect(r.stdout).toContain(` pages, ${new Intl.NumberFormat('en-US').format(size)} bytes, `);
    expect(size).toBeGreaterThan(9999);
    const q = await runInProcess(['build', '--all', '--quiet'], p.root);
    expect(q.stdout).toBe('');
  });

  it('draws a progress bar on a terminal, and only there', () => {
    const p = manyBriefs(2);
    // util-linux `script` gives the command a pseudo-terminal, as a person at a shell has.
    const r = spawnSync('script', ['-qfec', `${process.execPath} ${CLI} build --all`, '/dev/null'], { cwd: p.root, encoding: 'utf8' });
    if (r.error) return; // no `script` on this machine: nothing to show a terminal
    expect(r.stdout).toContain('building 3 briefs');
    expect(r.stdout).toMatch(/\r\x1b\[K\[#{24}\] 3\/3 /);
    expect(r.stdout).not.toMatch(/^built /m);
  });

  it('documents the exit codes in --help', async () => {
    const h = (await runInProcess(['build', '--help'])).stdout;
    for (const s of ['0 done', '1 a build failed', '2 the brief or the command line is wrong', '75 another run holds the output folder']) expect(h).toContain(s);
  });
});

describe('watch', () => {
  /** A running `briefpress watch` of a fresh brief, its output so far, and a wait for what it prints next. */
  const watching = (p: ReturnType<typeof manyBriefs>) => {
    const child = spawn(process.execPath, [CLI, 'watch', p.brief], { cwd: p.root });
    const seen = { out: '' };
    child.stdout.on('data', (d) => (seen.out += d));
    child.stderr.on('data', (d) => (seen.out += d));
    const until = (re: RegExp, from: number) =>
      waitUntil(
        () => re.test(seen.out.slice(from)),
        `watch printing ${re}`,
        15_000,
        () => seen.out,
      );
    const stop = async () => {
      child.kill('SIGINT');
      await new Promise((r) => child.on('exit', r));
    };
    return { seen, until, stop };
  };

  it('sees every save of a file replaced by rename (sed -i, editors), its deletion and its return', async () => {
    const p = manyBriefs(0);
    const w = watching(p);
    const yaml = join(p.brief, 'brief.yaml');
    const pdf = join(p.root, 'output', 'karabakh-peacekeepers.pdf');
    try {
      await w.until(/rebuilt output\/karabakh-peacekeepers\.pdf/, 0);
      for (const desk of ['Desk A', 'Desk B', 'Desk C']) {
        const mark = w.seen.out.length;
        // As sed -i saves: a new file written beside it, renamed over the old one.
        writeFileSync(`${yaml}.new`, readFileSync(yaml, 'utf8').replace(/desk: .*/, `desk: ${desk}`));
        renameSync(`${yaml}.new`, yaml);
        await w.until(/rebuilt output\/karabakh-peacekeepers\.pdf/, mark);
        expect((await readPdf(readFileSync(pdf))).pages[0].text).toContain(desk);
      }
      let mark = w.seen.out.length;
      const text = readFileSync(yaml, 'utf8');
      rmSync(yaml);
      await w.until(/brief\.yaml not found[\s\S]*kept the last good/, mark);
      mark = w.seen.out.length;
      writeFileSync(yaml, text.replace(/desk: .*/, 'desk: Desk D'));
      await w.until(/rebuilt output\/karabakh-peacekeepers\.pdf/, mark);
      expect((await readPdf(readFileSync(pdf))).pages[0].text).toContain('Desk D');
    } finally {
      await w.stop();
    }
  });

  it('says there is no PDF yet, rather than that it kept one, when the first build fails', async () => {
    const p = manyBriefs(0);
    p.edit('brief.yaml', '    value: 50000', '    value: [50000');
    const w = watching(p);
    try {
      await w.until(/error\[load\]: YAML syntax[\s\S]*no PDF yet: output\/karabakh-peacekeepers\.pdf is written at the first build without errors/, 0);
      expect(w.seen.out).not.toContain('kept the last good');
    } finally {
      await w.stop();
    }
  });

  it('rebuilds on change, shows an error without losing the last good PDF, and recovers', async () => {
    const p = manyBriefs(0);
    const child = spawn(process.execPath, [CLI, 'watch', p.brief], { cwd: p.root });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const until = (re: RegExp, from: number) =>
      waitUntil(
        () => re.test(out.slice(from)),
        `watch printing ${re}`,
        15_000,
        () => out,
      );
    try {
      await until(/rebuilt output\/karabakh-peacekeepers\.pdf/, 0);
      const pdf = join(p.root, 'output', 'karabakh-peacekeepers.pdf');
      const good = readFileSync(pdf);

      let mark = out.length;
      p.edit('brief.yaml', '    value: 50000', '    value: [50000');
      await until(/error\[load\]: YAML syntax[\s\S]*kept the last good output\/karabakh-peacekeepers\.pdf/, mark);
      expect(readFileSync(pdf).equals(good)).toBe(true);

      mark = out.length;
      p.edit('brief.yaml', '    value: [50000', '    value: 50000');
      p.edit('content.md.hbs', '## Implications', '## What it means');
      await until(/rebuilt output\/karabakh-peacekeepers\.pdf/, mark);
      expect(readFileSync(pdf).equals(good)).toBe(false);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.on('exit', r));
    }
  });
});
