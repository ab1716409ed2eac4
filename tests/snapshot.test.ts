// The startup snapshot (issue 10): the command starts from it when it may, and otherwise the usual
// way; either way it says the same things and writes the same bytes.
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_FLAGS, snapshotFor, type SnapshotStamp } from '../src/cli/stamp.js';
import { ROOT, runCli, tempProject } from './helpers/project.js';

const here = { version: process.version, execPath: process.execPath, arch: process.arch, execArgv: [] as string[], env: {} as NodeJS.ProcessEnv };

/** A checkout with compiled code and a stamp, the code last compiled at `compiled` (ms). */
function checkout(stamp: Partial<SnapshotStamp>, compiled = 1_000_000) {
  const root = mkdtempSync(join(tmpdir(), 'briefpress-stamp-'));
  const dist = join(root, 'dist');
  const dir = join(root, 'build', 'snapshot');
  mkdirSync(join(dist, 'cli'), { recursive: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dist, 'cli', 'cli.js'), '');
  utimesSync(join(dist, 'cli', 'cli.js'), compiled / 1000, compiled / 1000);
  const full: SnapshotStamp = { node: here.version, execPath: here.execPath, arch: here.arch, root, code: 2_000_000, flags: SNAPSHOT_FLAGS, ...stamp };
  writeFileSync(join(dir, 'briefpress.json'), JSON.stringify(full));
  return { root, dist, dir };
}

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
    expect(why(checkout({}, 3_000_000))).toMatch(/compiled again/);
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

  it('sets scripts the warm-up never saw (fonts read on demand) the same way', () => {
    const p = tempProject();
    p.edit('content.md.hbs', '## Background', '## Background\n\nThe talks moved to Tbilisi (თბილისი), Tehran (تهران), Beijing (北京) and Seoul (서울), a 1.005 % rise in the time of Gyumri (Գյումրի).');
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
