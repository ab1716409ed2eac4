// The preview without a browser: where figures stand (from layout, checked against the PDF pdf.js
// reads), the same bytes as build, a newer save superseding a running build, and a server that
// tries hard not to be reached by anyone but the person who started it.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBrief } from '../src/build.js';
import { formatFact } from '../src/compose/format.js';
import { PreviewSession } from '../src/preview/session.js';
import { servePreview, type Preview } from '../src/preview/server.js';
import { findQuote } from '../src/preview/state.js';
import { spotsOf } from '../src/preview/spots.js';
import { readPdf } from './helpers/pdf.js';
import { CLI, KARABAKH, ROOT, runInProcess, tempProject, type TempProject } from './helpers/project.js';
import { until } from './helpers/wait.js';

/** Every fact call in the Karabakh content, counted: the spots must find each one printed. */
function factCalls(text: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const m of text.matchAll(/\{\{fact "([^"]+)"/g)) calls.set(m[1], (calls.get(m[1]) ?? 0) + 1);
  return calls;
}

describe('where figures stand on the page', () => {
  it('finds every printed fact where the PDF draws its text, from layout alone', async () => {
    const r = await buildBrief(KARABAKH, { root: ROOT });
    const pages = spotsOf(r.layout);
    const pdf = await readPdf(r.output.bytes);
    const printed = new Map<string, number>();
    const texts = new Map(r.brief.facts.map((f) => [f.id, f]));
    for (const [i, page] of pages.entries()) {
      for (const s of page.spots) {
        if (s.kind !== 'fact') continue;
        printed.set(s.id, (printed.get(s.id) ?? 0) + 1);
        // pdf.js's own reading: a text item on the spot's baseline that spans its left edge.
        const baseline = s.y + (s.h * 0.8) / 1.05;
        const item = pdf.pages[i].items.find((t) => Math.abs(t.y - baseline) < 1.5 && t.x <= s.x + 0.5 && t.x + t.width >= s.x + 1);
        expect(item, `no text drawn at ${s.id}'s spot on page ${i + 1}`).toBeDefined();
        // The run there prints a word of the fact (the item is the whole run, not the fact alone;
        // a fact broken across two lines has a spot on each).
        const words = formatFact(texts.get(s.id)!, { language: 'en' }).toLowerCase().split(/\s+/);
        expect(
          words.some((w) => item!.str.toLowerCase().includes(w.replace(/[,.;]$/, ''))),
          `${s.id} in "${item!.str}"`,
        ).toBe(true);
      }
    }
    // Counted against the template: a fact printed three times has three spots (or more, where
    // a line break splits one printing in two).
    const calls = factCalls(readFileSync(join(KARABAKH, 'content.md.hbs'), 'utf8'));
    for (const [id, n] of calls) expect(printed.get(id) ?? 0, id).toBeGreaterThanOrEqual(n);
    expect([...printed.keys()].sort()).toEqual([...calls.keys()].sort());
  });

  it("finds each timeline event's date in the table, as its own spot", async () => {
    const r = await buildBrief(KARABAKH, { root: ROOT });
    const events = spotsOf(r.layout).flatMap((p, i) => p.spots.flatMap((s) => (s.kind === 'event' ? [{ page: i, ...s }] : [])));
    expect(events.map((e) => e.n)).toEqual(r.brief.timeline.map((_, i) => i + 1));
    const pdf = await readPdf(r.output.bytes);
    for (const e of events) {
      // The table's first column: the run at the spot's left edge is the event's "when", whole.
      const item = pdf.pages[e.page].items.find((t) => Math.abs(t.x - e.x) < 0.5 && Math.abs(t.y - (e.y + (e.h * 0.8) / 1.05)) < 1.5);
      expect(item?.str, `event ${e.n}`).toBe(r.brief.timeline[e.n - 1].when);
    }
  });

  it("puts a fact's stretch inside the word it ends in, and keeps the page's bytes", async () => {
    const p = tempProject();
    // "2020," the fact is the number, the comma is the template's: one word for the line breaker.
    p.edit('content.md.hbs', 'after the {{fact "war.year"}} war,', 'after the {{fact "war.year"}}, war,');
    const r = await buildBrief(p.brief, { root: p.root });
    const run = r.layout.pages[0].boxes.find((b) => b.kind === 'text' && b.text.includes('2020,'));
    expect(run?.kind).toBe('text');
    if (run?.kind !== 'text') return;
    const spot = run.facts!.find((f) => f.id === 'war.year')!;
    const fonts = (await import('../src/fonts/fonts.js')).fontService();
    const before = run.text.slice(0, run.text.indexOf('2020,'));
    // Where "2020" starts on the run (its spaces widened or narrowed by justification) and how wide it is.
    const spaces = before.split(' ').length - 1;
    expect(spot.x).toBeCloseTo(fonts.measure(run.face, run.size, before) * (run.scale ?? 1) + spaces * run.wordSpacing, 1);
    expect(spot.width).toBeCloseTo(fonts.measure(run.face, run.size, '2020') * (run.scale ?? 1), 1);
    // Less than the word: the comma is not the fact's.
    expect(spot.width).toBeLessThan(fonts.measure(run.face, run.size, '2020,') * (run.scale ?? 1) - 0.5);
  });

  it('marks facts in prose only: in code a fact prints as its text, as it always did', async () => {
    const p = tempProject();
    p.edit('content.md.hbs', 'No reason was given.', 'No reason was given (`{{fact "war.year"}}` and `{{fact "kremlin.spokesman"}}`).');
    const r = await buildBrief(p.brief, { root: p.root });
    const code = r.document.blocks.flatMap((b) => ('spans' in b ? b.spans : [])).filter((sp) => sp.style.code);
    expect(code.map((sp) => sp.text)).toEqual(['2020', ':name[Dmitry Peskov]']);
  });

  it('finds a quote in its source as the provenance check does (any spaces, curly quotes, dashes, case)', () => {
    const text = 'He said: “Russian forces – about 2,000 – were\n  leaving.” Then more.';
    const at = findQuote(text, '"russian forces - about 2,000 - were leaving."');
    expect(text.slice(at.from, at.to)).toBe('“Russian forces – about 2,000 – were\n  leaving.”');
    expect(findQuote(text, 'not in the source').from).toBe(-1);
  });
});

describe('the preview session', () => {
  let p: TempProject;
  beforeAll(() => {
    p = tempProject();
  });

  it('serves the bytes build writes', async () => {
    const output = join(p.root, 'output', 'karabakh-peacekeepers.pdf');
    const session = new PreviewSession({ dir: p.brief, root: p.root, output }, {}, p.root);
    await session.build();
    const previewed = session.bytes()!;
    const built = await runInProcess(['build', p.brief, '--force'], p.root);
    expect(built.code, built.stderr).toBe(0);
    expect(Buffer.compare(Buffer.from(previewed), readFileSync(output))).toBe(0);
    await session.close();
  });

  it('drops a build that a newer save superseded, never queues it', async () => {
    const session = new PreviewSession({ dir: p.brief, root: p.root, output: join(p.root, 'output', 'k.pdf') }, {}, p.root);
    const finished: number[] = [];
    session.onUpdate((s) => !s.building && finished.push(s.version));
    const first = session.build();
    p.edit('content.md.hbs', 'No reason was given.', 'No reason was given at all.');
    const second = session.build();
    await Promise.all([first, second]);
    // One build finished (version 1), and it is the second: its text is on the page.
    expect(finished).toEqual([1]);
    const pdf = await readPdf(session.bytes()!);
    expect(pdf.pages.map((pg) => pg.text).join(' ')).toContain('at all');
    await session.close();
  });

  it('keeps the last good pages when a save breaks the brief, with the error and its lines', async () => {
    const session = new PreviewSession({ dir: p.brief, root: p.root, output: join(p.root, 'output', 'k.pdf') }, {}, p.root);
    await session.build();
    const good = session.bytes();
    const line = p.edit('content.md.hbs', '{{fact "offensive.days"}}', '{{fact "offensive.dayz"}}');
    await session.build();
    const s = session.state();
    expect(session.bytes()).toBe(good);
    expect(s.built?.version).toBe(1);
    expect(s.errors[0].where).toMatch(new RegExp(`content\\.md\\.hbs:${line}:\\d+`));
    expect(s.errors[0].excerpt.find((l) => l.here)).toMatchObject({ line, text: expect.stringContaining('offensive.dayz') });
    p.edit('content.md.hbs', 'offensive.dayz', 'offensive.days');
    await session.build();
    expect(session.state().errors).toEqual([]);
    await session.close();
  });
});

/** A raw HTTP GET, with the headers a hostile page or a rebinding DNS name would send. */
function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
  host = '127.0.0.1',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host, port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
        // An event stream never ends: the first event is enough.
        if (res.headers['content-type']?.startsWith('text/event-stream')) res.destroy();
      });
      res.on('close', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('the preview server on a shared machine', () => {
  let p: TempProject;
  let session: PreviewSession;
  let server: Preview;
  const paths = ['/', '/preview.js', '/preview.css', '/pdf.mjs', '/pdf.worker.mjs', '/brief.pdf', '/brief.html', '/state', '/events'];
  beforeAll(async () => {
    p = tempProject();
    session = new PreviewSession({ dir: p.brief, root: p.root, output: join(p.root, 'output', 'k.pdf') }, {}, p.root);
    await session.build();
    server = await servePreview(session);
  });
  afterAll(async () => {
    await server.close();
    await session.close();
  });

  it('serves its page, pdf.js, the PDF, the state and the event stream with the token', async () => {
    for (const path of paths) {
      const r = await get(server.port, `${path}?t=${server.token}`);
      expect(r.status, path).toBe(200);
      // Our own scripts only; the web twin none at all.
      expect(r.headers['content-security-policy'], path).toMatch(path === '/brief.html' ? /^default-src 'none'; style-src 'unsafe-inline'/ : /default-src 'none'.*script-src 'self'/);
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
    const page = await get(server.port, `/?t=${server.token}`);
    expect(page.body).toContain(`preview.js?t=${server.token}`);
    expect((await get(server.port, `/brief.pdf?t=${server.token}`)).body.slice(0, 5)).toBe('%PDF-');
    // The web twin of the same build, under a policy that runs no script at all.
    const twin = await get(server.port, `/brief.html?t=${server.token}`);
    expect(twin.body.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(twin.headers['content-security-policy']).toMatch(/default-src 'none'; style-src 'unsafe-inline'; font-src data:/);
    expect(twin.headers['content-security-policy']).not.toMatch(/script-src/);
  });

  it('refuses every request without the token, or with a wrong one, the event stream included', async () => {
    const wrong = server.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    for (const path of paths) {
      for (const query of ['', '?t=', `?t=${wrong}`, `?token=${server.token}`, `?t=${server.token}x`]) {
        const r = await get(server.port, path + query);
        expect(r.status, path + query).toBe(403);
        expect(r.body).not.toContain('%PDF');
      }
    }
  });

  it('refuses another Host (DNS rebinding) and another Origin, even with the token', async () => {
    const t = `?t=${server.token}`;
    expect((await get(server.port, '/state' + t, { Host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await get(server.port, '/state' + t, { Host: `127.0.0.1:${server.port + 1}` })).status).toBe(421);
    expect((await get(server.port, '/state' + t, { Host: 'localhost' })).status).toBe(421);
    expect((await get(server.port, '/state' + t, { Host: `localhost:${server.port}` })).status).toBe(200);
    expect((await get(server.port, '/state' + t, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(server.port, '/events' + t, { Origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await get(server.port, '/brief.pdf' + t, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await get(server.port, '/state' + t, { Origin: `http://127.0.0.1:${server.port}`, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    expect((await get(server.port, '/state' + t, {}, 'POST')).status).toBe(405);
  });

  it('serves no file by path, however the path is spelled', async () => {
    const t = `?t=${server.token}`;
    for (const path of [
      '/package.json',
      '/../package.json',
      '/%2e%2e/package.json',
      '/preview/../package.json',
      '/preview.js/..%2f..%2fpackage.json',
      '/briefs/karabakh-peacekeepers/brief.yaml',
      '/brief.yaml',
      '/content.md.hbs',
      '//etc/passwd',
      '/node_modules/pdfjs-dist/package.json',
      '/__proto__',
      '/constructor',
    ]) {
      const r = await get(server.port, path + t);
      expect(r.status, path).toBe(404);
    }
  });

  it('listens on loopback only', async () => {
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!outside) return;
    await expect(get(server.port, `/state?t=${server.token}`, {}, 'GET', outside.address)).rejects.toThrow(/ECONNREFUSED/);
  });
});

/** Every file under `dir` with its size and modification time, to see what a process wrote. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((f) => `${relative(dir, f)} ${statSync(f).size} ${statSync(f).mtimeMs}`)
    .sort();
}

describe('briefpress preview as a process', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops on ${signal}, closes its port and leaves the project as it found it`, async () => {
      const p = tempProject();
      const before = tree(p.root);
      const child = spawn(process.execPath, [CLI, 'preview', p.brief, '--port', '0'], { cwd: p.root, env: { ...process.env, BRIEFPRESS_NO_SNAPSHOT: '1' } });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      await until(
        () => /built \(/.test(out),
        'the first build',
        30_000,
        () => out,
      );
      const url = new URL(/http:\/\/127\.0\.0\.1:\d+\/\?t=\S+/.exec(out)![0]);
      const state = await get(Number(url.port), `/state?t=${url.searchParams.get('t')}`);
      expect(JSON.parse(state.body).built.pages.length).toBe(2);
      // An open event stream must not keep the process alive.
      const stream = request({ host: '127.0.0.1', port: Number(url.port), path: `/events?t=${url.searchParams.get('t')}`, headers: { Host: url.host } });
      stream.on('error', () => undefined);
      stream.end();
      await new Promise((r) => setTimeout(r, 200));
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      child.kill(signal);
      expect(await exited).toBe(0);
      await expect(get(Number(url.port), `/state?t=${url.searchParams.get('t')}`)).rejects.toThrow(/ECONNREFUSED/);
      expect(tree(p.root)).toEqual(before);
    }, 40_000);
  }

  it('says so, with exit 1, when the port is taken', async () => {
    const p = tempProject();
    const session = new PreviewSession({ dir: p.brief, root: p.root, output: join(p.root, 'output', 'k.pdf') }, {}, p.root);
    const taken = await servePreview(session);
    const r = await runInProcess(['preview', p.brief, '--port', String(taken.port)], p.root);
    await taken.close();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`cannot serve the preview on 127\\.0\\.0\\.1:${taken.port}: EADDRINUSE`));
    expect(r.stderr).toContain('--port');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
