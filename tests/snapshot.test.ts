// The startup snapshot (issue 10): the command starts from it when it may, and otherwise the usual
// way; either way it says the same things and writes the same bytes.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_BLOB, BATCH_SNAPSHOT_FLAGS, batchSnapshotFor, SNAPSHOT_FLAGS, snapshotFor, type SnapshotStamp } from '../src/runtime/stamp.js';
import { ROOT, runCli, tempProject } from './helpers/project.js';

const here = { version: process.version, execPath: process.execPath, arch: process.arch, execArgv: [] as string[], env: {} as NodeJS.ProcessEnv };

/** A checkout with compiled code and a stamp, the code last compiled at `compiled` (ms). */
function checkout(stamp: Partial<SnapshotStamp>, compiled = 1_000_000) {
  // The stamp's time is after the file was written (its change time is now).
  const made = Date.now() + 3_600_000;
  const root = mkdtempSync(join(tmpdir(), 'briefpress-stamp-'));
  const dist = join(root, 'dist');
  const dir = join(root, 'build', 'snapshot');
  mkdirSync(join(dist, 'cli'), { recursive: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dist, 'cli', 'cli.js'), '');
  utimesSync(join(dist, 'cli', 'cli.js'), compiled / 1000, compiled / 1000);
  const full: SnapshotStamp = { node: here.version, execPath: here.execPath, arch: here.arch, root, code: made, flags: SNAPSHOT_FLAGS, ...stamp };
  writeFileSync(join(dir, 'briefpress.json'), JSON.stringify(full));
  return { root, dist, dir };
}

describe("the blob a batch's build processes start from", () => {
  const withBatch = (batch: SnapshotStamp['batch'], bytes?: number) => {
    const c = checkout(batch ? { batch } : {});
    if (bytes !== undefined) writeFileSync(join(c.dir, BATCH_BLOB), Buffer.alloc(bytes));
    return { ...c, own: join(c.dir, 'briefpress.blob') };
  };

  it('is the one made with the blob this process started from, with its own flags', () => {
    const c = withBatch({ flags: BATCH_SNAPSHOT_FLAGS, bytes: 64 }, 64);
    expect(batchSnapshotFor(c.own)).toEqual({ blob: join(c.dir, BATCH_BLOB), flags: BATCH_SNAPSHOT_FLAGS });
  });

  it('is none, and says why, for a snapshot made before there were two, other flags, or a blob not made with it', () => {
    expect(batchSnapshotFor(withBatch(undefined).own)).toEqual({ why: expect.stringMatching(/^none was made with .*briefpress\.blob$/) });
    expect(batchSnapshotFor(withBatch({ flags: ['--no-flush-bytecode'], bytes: 64 }, 64).own)).toEqual({ why: expect.stringContaining('was made with other V8 flags') });
    // Replaced since (another checkout's, half copied): its size is not the one stamped.
    expect(batchSnapshotFor(withBatch({ flags: BATCH_SNAPSHOT_FLAGS, bytes: 64 }, 63).own)).toEqual({ why: expect.stringContaining('is not the one made with') });
    expect(batchSnapshotFor(withBatch({ flags: BATCH_SNAPSHOT_FLAGS, bytes: 64 }).own)).toEqual({ why: expect.stringContaining('is not the one made with') });
  });

  it("is made with the command's blob, each with the flags it is started with", () => {
    const stamp = JSON.parse(readFileSync(join(ROOT, 'build', 'snapshot', 'briefpress.json'), 'utf8')) as SnapshotStamp;
    expect(stamp.flags).toEqual(SNAPSHOT_FLAGS);
    expect(stamp.batch).toEqual({ flags: BATCH_SNAPSHOT_FLAGS, bytes: statSync(join(ROOT, 'build', 'snapshot', BATCH_BLOB)).size });
  });
});

describe('when a process may start from the snapshot', () => {
  it('may, when the same Node made it for this checkout and no code is newer', () => {
    const c = checkout({});
    expect(snapshotFor(c.dir, c.root, c.dist, here)).toEqual({ blob: join(c.dir, 'briefpress.blob') });
  });

  it('may not, under another Node, for another checkout, with other flags or Node options, or after the code changed', () => {
    const why = (c: ReturnType<typeof checkout>, p = here) => ('why' in snapshotFor(c.dir, c.root, c.dist, p) ? (snapshotFor(c.dir, c.root, c.dist, p) as { why: string }).why : 'used');
    expect(why(checkout({ node: 'v20.0.0' }))).toMatch(/made by Node v20\.0\.0 .* this is v/);
    expect(why(checkout({ execPath: '/opt/other/node' }))).toMatch(/\/opt\/other\/node/);
    expect(why(checkout({ root: '/somewhere/else' }))).toMatch(/made for \/somewhere\/else/);
    expect(why(checkout({ flags: [] }))).toMatch(/other V8 flags/);
    expect(why(checkout({}, Date.now() + 7_200_000))).toMatch(/compiled or installed again/);
    expect(why(checkout({}), { ...here, env: { NODE_OPTIONS: '--max-old-space-size=300' } })).toMatch(/Node options/);
    expect(why(checkout({}), { ...here, execArgv: ['--inspect'] })).toMatch(/Node options/);
    expect(why(checkout({}), { ...here, env: { BRIEFPRESS_NO_SNAPSHOT: '1' } })).toMatch(/BRIEFPRESS_NO_SNAPSHOT/);
    const missing = checkout({});
    writeFileSync(join(missing.dir, 'briefpress.json'), '{');
    expect(why(missing)).toMatch(/missing/);
  });
});

describe('the command, from the snapshot and without it', () => {
  const out = mkdtempSync(join(tmpdir(), 'briefpress-snap-'));

  it('starts from the snapshot the build made, and writes the same bytes as without it', () => {
    const a = runCli(['build', 'briefs/karabakh-peacekeepers', '-o', join(out, 'a.pdf'), '--verbose']);
    expect(a.stderr).toContain('starting from the startup snapshot');
    expect(a.code).toBe(0);
    const b = runCli(['build', 'briefs/karabakh-peacekeepers', '-o', join(out, 'b.pdf'), '--verbose'], ROOT, { BRIEFPRESS_NO_SNAPSHOT: '1' });
    expect(b.stderr).toContain('starting without the startup snapshot: BRIEFPRESS_NO_SNAPSHOT is set');
    expect(b.code).toBe(0);
    expect(readFileSync(join(out, 'a.pdf')).equals(readFileSync(join(out, 'b.pdf')))).toBe(true);
  });

  it("leaves out PDFKit's AES cipher, and its 1.3 MB of tables, which only a password would use", () => {
    const bundle = readFileSync(join(ROOT, 'build', 'snapshot', 'briefpress.cjs'), 'utf8');
    // The module builds its tables (sbox2, T01, T23) when imported; PDFKit's own code stays.
    expect(bundle).toContain('aesCbcEncrypt');
    expect(bundle).not.toContain('sbox2');
    expect(bundle).toContain('briefpress writes no encrypted PDF');
  });

  it('reads PDFs (preflight, facts, diff) from the snapshot, whose bundle leaves pdf.js out, as it does without it', () => {
    const bundle = readFileSync(join(ROOT, 'build', 'snapshot', 'briefpress.cjs'), 'utf8');
    // pdf.js's code is not there (its worker's handler keeps its name in a bundle); only its name, to import.
    expect(bundle).not.toContain('WorkerMessageHandler');
    expect(bundle).toContain('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = join(out, 'read.pdf');
    expect(runCli(['build', 'briefs/karabakh-peacekeepers', '-o', pdf]).code).toBe(0);
    for (const args of [
      ['preflight', pdf],
      ['facts', pdf],
      ['diff', pdf, pdf],
    ]) {
      const a = runCli([...args, '--verbose']);
      expect(a.stderr).toContain('starting from the startup snapshot');
      const b = runCli(args, ROOT, { BRIEFPRESS_NO_SNAPSHOT: '1' });
      expect([a.code, b.code], a.stderr).toEqual([0, 0]);
      expect(a.stdout).toBe(b.stdout);
      expect(a.stdout.length).toBeGreaterThan(20);
      // The loader pdf.js comes through is experimental in Node 20: its warning is not the user's to read.
      expect(a.stderr).not.toMatch(/ExperimentalWarning|USE_MAIN_CONTEXT/);
    }
  });

  it('sets scripts the warm-up never saw (fonts read on demand) the same way', () => {
    const p = tempProject();
    p.edit(
      'content.md.hbs',
      '## Background',
      '## Background\n\nThe talks moved to Tbilisi (თბილისი), Tehran (تهران), Beijing (北京) and Seoul (서울), a 1.005 % rise in the time of Gyumri (Գյումրի).',
    );
    const a = runCli(['build', p.brief, '-o', join(out, 'w-a.pdf')], p.root);
    const b = runCli(['build', p.brief, '-o', join(out, 'w-b.pdf')], p.root, { BRIEFPRESS_NO_SNAPSHOT: '1' });
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(readFileSync(join(out, 'w-a.pdf')).equals(readFileSync(join(out, 'w-b.pdf')))).toBe(true);
  });

  it('builds under Node options, which turn the snapshot off', () => {
    const r = runCli(['build', 'briefs/karabakh-peacekeepers', '-o', join(out, 'opt.pdf'), '--verbose'], ROOT, { NODE_OPTIONS: '--max-old-space-size=512' });
    expect(r.stderr).toContain('starting without the startup snapshot: Node options are given');
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'opt.pdf')).equals(readFileSync(join(out, 'a.pdf')))).toBe(true);
  });

  it('prints the same help and the same option errors either way (the bundle patches yargs)', () => {
    for (const args of [['--help'], ['build', '--help'], ['build', '--jobs', '0'], ['build', '--bogus'], ['nonsense']]) {
      const a = runCli(args);
      const b = runCli(args, ROOT, { BRIEFPRESS_NO_SNAPSHOT: '1' });
      expect([args, a.code, a.stdout, a.stderr]).toEqual([args, b.code, b.stdout, b.stderr]);
    }
  });

  it('names the same template line in an error either way (the bundle compiles templates without source-map)', () => {
    const p = tempProject();
    p.edit('content.md.hbs', '## Background', '## Background\n\n{{fact "no.such.fact"}}');
    const a = runCli(['build', p.brief, '-o', join(out, 't-a.pdf')], p.root);
    const b = runCli(['build', p.brief, '-o', join(out, 't-b.pdf')], p.root, { BRIEFPRESS_NO_SNAPSHOT: '1' });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/content\.md\.hbs:\d+:\d+/);
    expect(a.stderr).toBe(b.stderr);
  });

  it('refuses bad input with the same message and exit code either way', () => {
    const p = tempProject();
    p.edit('brief.yaml', /date: .*/, 'date: 2024-13-45');
    const a = runCli(['build', p.brief, '-o', join(out, 'bad-a.pdf')], p.root);
    const b = runCli(['build', p.brief, '-o', join(out, 'bad-b.pdf')], p.root, { BRIEFPRESS_NO_SNAPSHOT: '1' });
    expect(a.code).toBe(2);
    expect(b.code).toBe(2);
    expect(a.stderr).toBe(b.stderr);
    expect(a.stderr).toMatch(/brief\.yaml:\d+/);
  });
});

describe('bin/briefpress, the command as installed', () => {
  const out = mkdtempSync(join(tmpdir(), 'briefpress-sh-'));
  const BIN = join(ROOT, 'bin', 'briefpress');
  const run = (bin: string, args: string[], env: Record<string, string> = {}, cwd = ROOT) => {
    const r = spawnSync(bin, args, { cwd, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', ...env }, timeout: 60_000 });
    return { code: r.status, stderr: r.stderr };
  };

  it('starts Node from the snapshot in its own process, and writes the same bytes as the Node launcher', () => {
    const a = run(BIN, ['build', 'briefs/karabakh-peacekeepers', '-o', join(out, 'sh.pdf'), '--verbose']);
    expect(a.stderr).toContain('starting from the startup snapshot');
    expect(a.stderr).toContain('in the process bin/briefpress started');
    expect(a.code).toBe(0);
    const b = runCli(['build', 'briefs/karabakh-peacekeepers', '-o', join(out, 'node.pdf')], ROOT, { BRIEFPRESS_NO_SNAPSHOT: '1' });
    expect(b.code).toBe(0);
    expect(readFileSync(join(out, 'sh.pdf')).equals(readFileSync(join(out, 'node.pdf')))).toBe(true);
  });

  /** A project of `n` copies of the Karabakh brief, as the bench's batch. */
  const batchOf = (n: number) => {
    const p = tempProject();
    for (let i = 2; i <= n; i++) cpSync(p.brief, join(p.root, 'briefs', `copy-${i}`), { recursive: true });
    return p;
  };

  it("starts Node, and a batch's build processes, without reading NODE_EXTRA_CA_CERTS (briefpress opens no TLS connection)", () => {
    // Node reads the file as it starts and warns when it cannot: the warning says which processes read it.
    const env = { NODE_EXTRA_CA_CERTS: join(out, 'no-such-bundle.pem') };
    const one = run(BIN, ['build', 'briefs/karabakh-peacekeepers', '-o', join(out, 'ca.pdf'), '--verbose'], env);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toContain('starting from the startup snapshot');
    expect(one.stderr).not.toContain('Ignoring extra certs');
    const usual = run(BIN, ['build', 'briefs/karabakh-peacekeepers', '-o', join(out, 'ca-usual.pdf')], { ...env, BRIEFPRESS_NO_SNAPSHOT: '1' });
    expect(usual.code, usual.stderr).toBe(0);
    expect(usual.stderr).not.toContain('Ignoring extra certs');
    const p = batchOf(3);
    const batch = run(BIN, ['build', '--all', '--force', '--jobs', '2'], env, p.root);
    expect(batch.code, batch.stderr).toBe(0);
    expect(batch.stderr).not.toContain('Ignoring extra certs');
    // The control: a Node started with the variable as set does read it.
    const plain = spawnSync(process.execPath, ['-e', '0'], { encoding: 'utf8', env: { ...process.env, ...env } });
    expect(plain.stderr).toContain('Ignoring extra certs');
  });

  it("starts a batch's build processes from the snapshot too, and they write the bytes an imported one writes", () => {
    const p = batchOf(3);
    const env = { SOURCE_DATE_EPOCH: '1713312000' };
    const a = run(BIN, ['build', '--all', '--force', '--verbose'], env, p.root);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toContain('briefpress: build processes start from the startup snapshot made for batches');
    const fromSnapshot = readFileSync(join(p.root, 'output', 'copy-2.pdf'));
    const b = run(BIN, ['build', '--all', '--force', '--verbose'], { ...env, BRIEFPRESS_NO_SNAPSHOT: '1' }, p.root);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toContain('briefpress: build processes start without the startup snapshot: this process did not start from it');
    expect(readFileSync(join(p.root, 'output', 'copy-2.pdf')).equals(fromSnapshot)).toBe(true);
    // A budget too small to read from outside goes to a process V8 itself holds to it.
    const c = run(BIN, ['build', '--all', '--force', '--verbose', '--brief-memory', '300'], env, p.root);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(/build processes start without the startup snapshot: a brief's memory budget under 512 MB/);
  });

  it('stops a brief that outgrows its memory in a build process started from the snapshot, and builds the rest', () => {
    const p = batchOf(2);
    const bad = join(p.root, 'briefs', 'copy-2');
    mkdirSync(join(bad, 'charts'), { recursive: true });
    // Strings of 4.5 GB in all, made as fast as V8 can: only the batch reading the process's size stops them.
    writeFileSync(
      join(bad, 'charts', 'troops.vl.json'),
      JSON.stringify({
        data: { sequence: { start: 0, stop: 900_000, as: 'x' } },
        transform: [{ calculate: "pad('' + datum.x, 5000)", as: 's' }],
        mark: 'tick',
        encoding: { x: { field: 'x', type: 'quantitative' } },
      }),
    );
    const r = spawnSync(BIN, ['build', '--all', '--force', '--verbose', '--json', '--brief-memory', '600'], { cwd: p.root, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, timeout: 120_000 });
    expect(r.stderr).toContain('build processes start from the startup snapshot');
    const report = JSON.parse(r.stdout) as { briefs: { brief: string; status: string; error?: string }[] };
    const status = Object.fromEntries(report.briefs.map((b) => [b.brief.split('/').pop(), b]));
    expect(status['copy-2'].status).toBe('failed');
    expect(status['copy-2'].error).toMatch(/needed more than its 600 MB of memory and was stopped/);
    expect(status['karabakh-peacekeepers'].status).toBe('built');
    expect(r.status).toBe(1);
  });

  it('finds its checkout through links, as npm installs it (node_modules/.bin/briefpress, relative)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-links-'));
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    const link = join(dir, 'node_modules', '.bin', 'briefpress');
    symlinkSync(relative(dirname(link), BIN), link);
    symlinkSync(link, join(dir, 'briefpress'));
    const r = run(join(dir, 'briefpress'), ['build', 'briefs/karabakh-peacekeepers', '-o', join(out, 'linked.pdf'), '--verbose']);
    expect(r.stderr).toContain('in the process bin/briefpress started');
    expect(r.code).toBe(0);
    expect(runCli(['build', 'briefs/karabakh-peacekeepers', '-o', join(out, 'linked-ref.pdf')], ROOT, { BRIEFPRESS_NO_SNAPSHOT: '1' }).code).toBe(0);
    expect(readFileSync(join(out, 'linked.pdf')).equals(readFileSync(join(out, 'linked-ref.pdf')))).toBe(true);
  });

  /**
   * A checkout whose stamp bin/briefpress trusts but whose blob is not one: started from it, Node
   * aborts, so a build that succeeds proves the command went the usual way instead.
   */
  function brokenBlob() {
    const root = mkdtempSync(join(tmpdir(), 'briefpress-shstamp-'));
    for (const d of ['bin', 'dist', 'templates', 'charts', 'briefs', 'briefpress.yaml']) cpSync(join(ROOT, d), join(root, d), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    symlinkSync(join(ROOT, 'package.json'), join(root, 'package.json'));
    const snap = join(root, 'build', 'snapshot');
    mkdirSync(snap, { recursive: true });
    writeFileSync(join(snap, 'briefpress.blob'), 'not a snapshot');
    const node = statSync(process.execPath);
    const stamp = (s: { root?: string; id?: string }) =>
      writeFileSync(
        join(snap, 'briefpress.sh'),
        [`stamped_root='${s.root ?? root}'`, `stamped_node='${process.execPath}'`, `stamped_node_id='${s.id ?? `${node.ino}:${node.size}`}'`, `stamped_flags='${SNAPSHOT_FLAGS.join(' ')}'`, ''].join(
          '\n',
        ),
      );
    stamp({});
    return { root, bin: join(root, 'bin', 'briefpress'), stamp, snap };
  }

  it('trusts a stamp that names this Node, this checkout and no newer code', () => {
    const c = brokenBlob();
    const r = run(c.bin, ['build', 'briefs/karabakh-peacekeepers', '-o', join(out, 'trusted.pdf')], {}, c.root);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Snapshot/);
    expect(existsSync(join(out, 'trusted.pdf'))).toBe(false);
  });

  it('goes the usual way after the code was compiled again, for another Node or checkout, or under Node options', () => {
    const cases: [string, (c: ReturnType<typeof brokenBlob>) => Record<string, string>][] = [
      ['newer code', (c) => (utimesSync(join(c.root, 'dist', 'cli', 'cli.js'), new Date(), new Date(Date.now() + 60_000)), {})],
      ['another Node', (c) => (c.stamp({ id: '1:2' }), {})],
      ['another checkout', (c) => (c.stamp({ root: '/somewhere/else' }), {})],
      ['Node options', () => ({ NODE_OPTIONS: '--max-old-space-size=512' })],
      ['turned off', () => ({ BRIEFPRESS_NO_SNAPSHOT: '1' })],
    ];
    for (const [name, arrange] of cases) {
      const c = brokenBlob();
      utimesSync(join(c.snap, 'briefpress.blob'), new Date(), new Date(Date.now() + 30_000));
      const r = run(c.bin, ['build', 'briefs/karabakh-peacekeepers', '-o', join(out, `usual-${name}.pdf`), '--verbose'], arrange(c), c.root);
      expect([name, r.code]).toEqual([name, 0]);
      expect([name, r.stderr]).toEqual([name, expect.stringContaining('starting without the startup snapshot')]);
    }
  });
});

describe("an installed copy makes its own snapshot, in the user's cache, and starts from it", () => {
  /** What npm installs from the packed tarball: no src/, no snapshot, the bundle to make one from. */
  function installedCopy() {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'briefpress-installed-')));
    for (const d of ['bin', 'dist', 'templates', 'charts', 'briefs', 'briefpress.yaml', 'package.json']) cpSync(join(ROOT, d), join(root, d), { recursive: true });
    mkdirSync(join(root, 'build', 'snapshot'), { recursive: true });
    cpSync(join(ROOT, 'build', 'snapshot', 'briefpress.cjs'), join(root, 'build', 'snapshot', 'briefpress.cjs'));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    return { root, bin: join(root, 'bin', 'briefpress'), cache: mkdtempSync(join(tmpdir(), 'briefpress-usercache-')) };
  }
  const run = (c: ReturnType<typeof installedCopy>, args: string[]) => {
    const r = spawnSync(c.bin, [...args, '--verbose'], { cwd: c.root, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', BRIEFPRESS_CACHE_DIR: c.cache }, timeout: 60_000 });
    return { code: r.status, stderr: r.stderr };
  };

  it('the first cold run goes the usual way and makes it in the background; the next starts from it, same bytes', async () => {
    const c = installedCopy();
    const first = run(c, ['build', 'briefs/karabakh-peacekeepers', '-o', join(c.root, 'first.pdf')]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('starting without the startup snapshot: none was made');
    expect(first.stderr).toContain('it is being made in the background');
    const dir = join(c.cache, 'snapshot', c.root.replaceAll('/', '%'));
    // Made by a detached process at low priority: wait for its stamp (written last).
    for (let t = 0; t < 240 && !existsSync(join(dir, 'briefpress.sh')); t++) await new Promise((r) => setTimeout(r, 500));
    expect(existsSync(join(dir, 'briefpress.sh')), existsSync(join(dir, 'failed.json')) ? readFileSync(join(dir, 'failed.json'), 'utf8') : 'no stamp yet').toBe(true);
    // And the blob its batches' build processes start from, made with it.
    expect(batchSnapshotFor(join(dir, 'briefpress.blob'))).toEqual({ blob: join(dir, BATCH_BLOB), flags: BATCH_SNAPSHOT_FLAGS });
    const second = run(c, ['build', 'briefs/karabakh-peacekeepers', '-o', join(c.root, 'second.pdf')]);
    expect(second.code, second.stderr).toBe(0);
    // bin/briefpress found it by itself, in sh.
    expect(second.stderr).toContain(`starting from the startup snapshot ${join(dir, 'briefpress.blob')}, in the process bin/briefpress started`);
    expect(readFileSync(join(c.root, 'second.pdf')).equals(readFileSync(join(c.root, 'first.pdf')))).toBe(true);
    // Not the package folder: nothing was written there.
    expect(existsSync(join(c.root, 'build', 'snapshot', 'briefpress.blob'))).toBe(false);
  });

  it('an upgrade (a new package.json) is not served the old snapshot', async () => {
    const c = installedCopy();
    run(c, ['check', 'briefs/karabakh-peacekeepers']);
    const dir = join(c.cache, 'snapshot', c.root.replaceAll('/', '%'));
    for (let t = 0; t < 240 && !existsSync(join(dir, 'briefpress.sh')); t++) await new Promise((r) => setTimeout(r, 500));
    const pkg = join(c.root, 'package.json');
    const text = readFileSync(pkg, 'utf8');
    rmSync(pkg);
    writeFileSync(pkg, text.replace('"version": "0.1.0"', '"version": "0.1.1"'));
    // Same size, and perhaps the freed inode again: the change time of the code tells the upgrade.
    for (const f of ['cli/cli.js']) writeFileSync(join(c.root, 'dist', f), readFileSync(join(c.root, 'dist', f)));
    const r = run(c, ['check', 'briefs/karabakh-peacekeepers']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/starting without the startup snapshot: (briefpress was installed again|the code was compiled or installed again) after it was made/);
  });

  it('with no cache folder to make it in, builds the usual way and says why', () => {
    const c = installedCopy();
    const r = spawnSync(c.bin, ['check', 'briefs/karabakh-peacekeepers', '--verbose'], { cwd: c.root, encoding: 'utf8', env: { ...process.env, BRIEFPRESS_CACHE_DIR: 'off' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('starting without the startup snapshot: there is no cache folder');
  });
});
