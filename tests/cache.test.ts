// The disk cache of chart scenes (issue 10): a later process reads what an earlier one drew, and
// the PDF is the same to the byte; anything that decides a chart makes a new entry.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/project.js';

const entries = (dir: string, kind = 'chart') =>
  readdirSync(dir)
    .filter((n) => n.startsWith(`${kind}-`) && n.endsWith('.json'))
    .sort();

describe('font subsets kept on disk between processes', () => {
  it('are read by the next build, and a damaged one is encoded anew: the same bytes every time', () => {
    const cache = mkdtempSync(join(tmpdir(), 'briefpress-cache-t-'));
    const out = mkdtempSync(join(tmpdir(), 'briefpress-cache-o-'));
    const p = tempProject();
    const build = (name: string, dir = cache) => runCli(['build', p.brief, '-o', join(out, name)], p.root, { BRIEFPRESS_CACHE_DIR: dir });
    expect(build('none.pdf', 'off').code).toBe(0);
    expect(build('first.pdf').code).toBe(0);
    const subsets = entries(cache, 'subset');
    expect(subsets.length).toBeGreaterThanOrEqual(4); // serif and sans faces of the Karabakh brief
    // Each keeps the subset deflated as the PDF carries it, so that a cold build does not deflate it again.
    for (const s of subsets) {
      const e = JSON.parse(readFileSync(join(cache, s), 'utf8')) as { bytes: string; deflated: string };
      expect(inflateSync(Buffer.from(e.deflated, 'base64')).equals(Buffer.from(e.bytes, 'base64'))).toBe(true);
    }
    expect(build('second.pdf').code).toBe(0);
    // Damaged: bytes that no longer match their hash, an entry that is not JSON, and deflated bytes
    // that are whole but of something else (a valid stream of another font would print garbage).
    const [a, b, c] = subsets;
    const entry = JSON.parse(readFileSync(join(cache, a), 'utf8')) as { sha256: string; bytes: string };
    writeFileSync(join(cache, a), JSON.stringify({ ...entry, bytes: Buffer.from('not a font').toString('base64') }));
    writeFileSync(join(cache, b), '{"sha256":');
    const other = JSON.parse(readFileSync(join(cache, c), 'utf8')) as { deflated: string };
    writeFileSync(join(cache, c), JSON.stringify({ ...other, deflated: deflateSync(Buffer.from('not a font')).toString('base64') }));
    expect(build('third.pdf').code).toBe(0);
    const none = readFileSync(join(out, 'none.pdf'));
    for (const f of ['first.pdf', 'second.pdf', 'third.pdf']) expect([f, readFileSync(join(out, f)).equals(none)]).toEqual([f, true]);
    expect(JSON.parse(readFileSync(join(cache, a), 'utf8'))).toEqual(entry);
  });
});

describe('chart scenes kept on disk between processes', () => {
  it('are written by a cold build, read by the next, and give the same bytes as no cache', () => {
    const cache = mkdtempSync(join(tmpdir(), 'briefpress-cache-t-'));
    const out = mkdtempSync(join(tmpdir(), 'briefpress-cache-o-'));
    const p = tempProject();
    const build = (name: string, dir: string) => runCli(['build', p.brief, '-o', join(out, name)], p.root, { BRIEFPRESS_CACHE_DIR: dir });
    expect(build('none.pdf', 'off').code).toBe(0);
    expect(build('first.pdf', cache).code).toBe(0);
    const written = entries(cache);
    expect(written).toHaveLength(2); // the Karabakh brief's two charts
    expect(build('second.pdf', cache).code).toBe(0);
    expect(entries(cache)).toEqual(written);
    const none = readFileSync(join(out, 'none.pdf'));
    expect(readFileSync(join(out, 'first.pdf')).equals(none)).toBe(true);
    expect(readFileSync(join(out, 'second.pdf')).equals(none)).toBe(true);
  });

  it('makes a new entry when a chart changes (its data, its alt text), and the PDF changes with it', () => {
    const cache = mkdtempSync(join(tmpdir(), 'briefpress-cache-t-'));
    const out = mkdtempSync(join(tmpdir(), 'briefpress-cache-o-'));
    const p = tempProject();
    const build = (name: string) => runCli(['build', p.brief, '-o', join(out, name)], p.root, { BRIEFPRESS_CACHE_DIR: cache });
    expect(build('a.pdf').code).toBe(0);
    const before = entries(cache);
    p.edit('brief.yaml', 'Step line at about 2,000 Russian peacekeepers', 'Step line at roughly 2,000 Russian peacekeepers');
    expect(build('b.pdf').code).toBe(0);
    const after = entries(cache);
    expect(after).toHaveLength(3);
    expect(after.filter((n) => !before.includes(n))).toHaveLength(1);
    expect(readFileSync(join(out, 'a.pdf')).equals(readFileSync(join(out, 'b.pdf')))).toBe(false);
  });

  it('draws anew over a damaged entry, with the same bytes', () => {
    const cache = mkdtempSync(join(tmpdir(), 'briefpress-cache-t-'));
    const out = mkdtempSync(join(tmpdir(), 'briefpress-cache-o-'));
    const p = tempProject();
    const build = (name: string) => runCli(['build', p.brief, '-o', join(out, name)], p.root, { BRIEFPRESS_CACHE_DIR: cache });
    expect(build('a.pdf').code).toBe(0);
    const [first, second] = entries(cache);
    writeFileSync(join(cache, first), '{"width": 1, "items": "not a scene"');
    writeFileSync(join(cache, second), JSON.stringify({ width: 10, height: 10, alt: '', items: 'no', warnings: [] }));
    expect(build('b.pdf').code).toBe(0);
    expect(readFileSync(join(out, 'b.pdf')).equals(readFileSync(join(out, 'a.pdf')))).toBe(true);
    // And the damaged entries were replaced by good ones.
    expect(JSON.parse(readFileSync(join(cache, first), 'utf8')).items.length).toBeGreaterThan(10);
  });

  it('is not written with BRIEFPRESS_CACHE_DIR=off, nor by a build that failed', () => {
    const cache = mkdtempSync(join(tmpdir(), 'briefpress-cache-t-'));
    const out = mkdtempSync(join(tmpdir(), 'briefpress-cache-o-'));
    const p = tempProject();
    const off = runCli(['build', p.brief, '-o', join(out, 'off.pdf')], p.root, { BRIEFPRESS_CACHE_DIR: 'off', XDG_CACHE_HOME: cache, HOME: cache });
    expect(off.code).toBe(0);
    expect(readdirSync(cache)).toEqual([]);
    p.edit('brief.yaml', 'spec: charts/troops.vl.json', 'spec: charts/missing.vl.json');
    const bad = runCli(['build', p.brief, '-o', join(out, 'bad.pdf')], p.root, { BRIEFPRESS_CACHE_DIR: cache });
    expect(bad.code).toBe(2);
    expect(entries(cache)).toEqual([]);
  });
});
