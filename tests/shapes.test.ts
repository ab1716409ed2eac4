// Words shaped once per process and kept on disk between processes: a replayed shape is the
// shape HarfBuzz makes, and leaves the font's shared glyphs as shaping leaves them (the PDF's
// ToUnicode reads them), so a build from the cache is the same bytes as one without.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as fontkit from 'fontkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetProcessCaches } from '../src/cache/memory.js';
import { FontService, recallShapes, shaped, takeShapes } from '../src/fonts/fonts.js';
import { shapeWithHarfbuzz } from '../src/fonts/harfbuzz.js';
import { runCli, tempProject } from './helpers/project.js';

// The shaper, counted: a replayed word must not reach it.
vi.mock('../src/fonts/harfbuzz.js', async (real) => {
  const own = await real<typeof import('../src/fonts/harfbuzz.js')>();
  return { ...own, shapeWithHarfbuzz: vi.fn(own.shapeWithHarfbuzz) };
});
const shaper = vi.mocked(shapeWithHarfbuzz);

/** Words whose glyphs overlap and differ: ligatures, a composite (Ç), a no-break space, Cyrillic, a dash. */
const WORDS = ['office', 'Ç', 'Çeşme', 'C', 'peacekeepers', '\u00a0', ' ', 'Xankəndi', 'Ханкенди', 'Russia–Azerbaijan', 'fjord', 'first', 'AV', 'peace-'];

/** Each glyph object the font made, with the characters it keeps (what ToUnicode reads). */
const glyphState = (font: fontkit.Font) =>
  Object.entries((font as unknown as { _glyphs: Record<string, { codePoints: number[] } | undefined> })._glyphs)
    .filter(([, g]) => g)
    .map(([id, g]) => [Number(id), [...g!.codePoints]]);

const plain = (s: { glyphs: fontkit.Glyph[]; positions: object[]; advanceWidth: number }) => ({
  ids: s.glyphs.map((g) => g.id),
  positions: s.positions.map((p) => ({ ...p })),
  advanceWidth: s.advanceWidth,
});

afterEach(() => {
  forgetProcessCaches();
  recallShapes(() => undefined);
  takeShapes();
});

describe('word shapes', () => {
  it('are made once per process, and not kept past forgetProcessCaches (the startup snapshot holds none)', () => {
    const font = new FontService().font('serif');
    const run = shaped(font, 'peacekeepers');
    expect(shaped(font, 'peacekeepers')).toBe(run);
    forgetProcessCaches();
    expect(shaped(font, 'peacekeepers')).not.toBe(run);
    expect(plain(shaped(font, 'peacekeepers'))).toEqual(plain(run));
  });

  it('replay in a new process as HarfBuzz shapes them, without shaping, and leave the same glyphs behind', () => {
    // One process shapes the words with the cache empty; what it keeps is read by the next.
    forgetProcessCaches();
    recallShapes(() => undefined);
    const first = new FontService().font('serif');
    shaper.mockClear();
    const made = WORDS.map((w) => plain(shaped(first, w)));
    expect(shaper).toHaveBeenCalledTimes(WORDS.length);
    const kept = takeShapes();
    expect(kept).toBeDefined();
    forgetProcessCaches();

    const second = new FontService().font('serif');
    expect(second).not.toBe(first);
    recallShapes(() => JSON.parse(JSON.stringify(kept)));
    shaper.mockClear();
    const replayed = WORDS.map((w) => plain(shaped(second, w)));
    expect(shaper).not.toHaveBeenCalled();
    expect(replayed).toEqual(made);
    expect(glyphState(second)).toEqual(glyphState(first));
    // Every shape came from the cache: nothing new for the disk.
    expect(takeShapes()).toBeUndefined();
  });

  it('are shaped anew when the kept file does not match its hash', () => {
    forgetProcessCaches();
    recallShapes(() => undefined);
    const first = new FontService().font('serif');
    const office = plain(shaped(first, 'office'));
    const kept = takeShapes()!;
    forgetProcessCaches();
    const second = new FontService().font('serif');
    recallShapes(() => ({ ...kept, shapes: kept.shapes.replace(/"p":\[\d+/, '"p":[999') }));
    shaper.mockClear();
    expect(plain(shaped(second, 'office'))).toEqual(office);
    expect(shaper).toHaveBeenCalledTimes(1);
  });

  it("are read and kept by a process's first build only: later ones have its words shaped already", () => {
    forgetProcessCaches();
    recallShapes(() => undefined);
    const font = new FontService().font('serif');
    shaped(font, 'office');
    expect(takeShapes()).toBeDefined();
    const read = vi.fn(() => undefined);
    recallShapes(read);
    shaped(font, 'peacekeepers');
    expect(read).not.toHaveBeenCalled();
    expect(takeShapes()).toBeUndefined();
  });

  it('are kept for the brief by a cold build, replayed by the next, and a damaged file is shaped anew: the same bytes each time', () => {
    const cache = mkdtempSync(join(tmpdir(), 'briefpress-shapes-t-'));
    const out = mkdtempSync(join(tmpdir(), 'briefpress-shapes-o-'));
    const p = tempProject();
    const build = (name: string, dir = cache) => runCli(['build', p.brief, '-o', join(out, name)], p.root, { BRIEFPRESS_CACHE_DIR: dir });
    const entry = () => readdirSync(cache).filter((n) => n.startsWith('shapes-'));
    expect(build('none.pdf', 'off').code).toBe(0);
    expect(build('first.pdf').code).toBe(0);
    expect(entry()).toHaveLength(1);
    const file = join(cache, entry()[0]);
    const written = statSync(file);
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { sha256: string; shapes: string };
    const words = Object.values(JSON.parse(kept.shapes) as Record<string, Record<string, unknown>>).flatMap((t) => Object.keys(t));
    expect(words).toEqual(expect.arrayContaining(['peacekeepers', 'Azerbaijan']));
    // The second build replays every word: it has nothing new to write.
    expect(build('second.pdf').code).toBe(0);
    expect(statSync(file).ino).toBe(written.ino);
    expect(statSync(file).mtimeMs).toBe(written.mtimeMs);
    writeFileSync(file, JSON.stringify({ ...kept, shapes: kept.shapes.slice(0, -10) }));
    expect(build('third.pdf').code).toBe(0);
    const none = readFileSync(join(out, 'none.pdf'));
    for (const f of ['first.pdf', 'second.pdf', 'third.pdf']) expect([f, readFileSync(join(out, f)).equals(none)]).toEqual([f, true]);
    // The damaged file was replaced by a whole one (without the chart labels: the charts came from the cache).
    const again = JSON.parse(readFileSync(file, 'utf8')) as typeof kept;
    expect(again.sha256).toBe(createHash('sha256').update(again.shapes).digest('hex'));
    expect(Object.values(JSON.parse(again.shapes) as Record<string, Record<string, unknown>>).flatMap((t) => Object.keys(t))).toEqual(expect.arrayContaining(['peacekeepers', 'Azerbaijan']));
  });
});
