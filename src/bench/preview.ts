// The preview's save-to-repaint time, in a real browser: `briefpress preview` as a user starts it,
// Debian's chromium on its page, a paragraph of page 1 saved again and again; from the moment the
// file is written to the moment the browser has repainted the changed page in view.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PreviewBench {
  /** Milliseconds from the write to the repaint, each save. */
  latencies: number[];
  /** The warm rebuild alone, as the preview measured it, each save. */
  buildMs: number[];
}

const CHROMIUM = (process.env.BRIEFPRESS_CHROMIUM !== undefined ? [process.env.BRIEFPRESS_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser']).find((p) => !!p && existsSync(p));

/** Saves timed (after `warmUp` untimed); a string saying why not when there is no browser to time in. */
export async function previewLatency(root: string, brief: string, saves: number, warmUp = 5): Promise<PreviewBench | string> {
  if (!CHROMIUM) return 'no chromium (apt-get install -y chromium)';
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    return 'playwright-core is not installed (a dev dependency: npm ci)';
  }
  const project = mkdtempSync(join(tmpdir(), 'briefpress-bench-preview-'));
  for (const part of ['briefpress.yaml', 'templates', 'charts']) cpSync(join(root, part), join(project, part), { recursive: true });
  const dir = join(project, 'briefs', 'k');
  cpSync(brief, dir, { recursive: true });
  const content = join(dir, 'content.md.hbs');
  const original = readFileSync(content, 'utf8');
  const sentence = 'No reason was given.';
  if (!original.includes(sentence)) return 'the Karabakh content no longer has the sentence the bench edits';

  const child = spawn(join(root, 'bin', 'briefpress'), ['preview', dir, '--port', '0'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  child.stdout.on('data', (c: Buffer) => (said += c.toString()));
  child.stderr.on('data', (c: Buffer) => (said += c.toString()));
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const deadline = Date.now() + 30_000;
    while (!/built \(/.test(said)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`bench: the preview did not start: ${said}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const url = /http:\/\/127\.0\.0\.1:\d+\/\?t=\S+/.exec(said)![0];
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(url);
    type Painted = { built: number; paintedAt: number };
    const painted = () => page.evaluate(() => (window as unknown as { __preview: Painted }).__preview);
    await page.waitForFunction(() => ((window as unknown as { __preview?: Painted }).__preview?.built ?? 0) >= 1, null, { timeout: 30_000 });
    const latencies: number[] = [];
    const buildMs: number[] = [];
    for (let i = 0; i < saves + warmUp; i++) {
      const before = (await painted()).built;
      const text = original.replace(sentence, i % 2 ? sentence : `No reason was given (save ${i}).`);
      const t0 = performance.timeOrigin + performance.now();
      writeFileSync(content, text);
      await page.waitForFunction((n) => (window as unknown as { __preview: Painted }).__preview.built > n, before, { timeout: 10_000, polling: 'raf' });
      const after = await painted();
      const state = (await page.evaluate(async () => (await fetch(`/state${location.search}`)).json())) as { built: { ms: number } };
      if (process.env.BENCH_PREVIEW_TRACE) {
        const tr = (await page.evaluate(() => (window as unknown as { __preview: { trace: Record<string, number>; event: number } }).__preview)) as unknown as {
          trace: Record<string, number>;
          event: number;
        };
        const at = (k: number) => (k - t0).toFixed(0);
        process.stderr.write(
          `seen ${at(tr.trace.seen)} built ${at(tr.trace.built)} event ${at(tr.event)} state ${at(tr.trace.state)} pdf ${at(tr.trace.pdf)} parsed ${at(tr.trace.parsed)} painted ${at(after.paintedAt)}\n`,
        );
      }
      if (i >= warmUp) {
        latencies.push(after.paintedAt - t0);
        buildMs.push(state.built.ms);
      }
      // A writer pauses between saves; so does the bench, so each save is timed on its own.
      await new Promise((r) => setTimeout(r, 150));
    }
    return { latencies, buildMs };
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
