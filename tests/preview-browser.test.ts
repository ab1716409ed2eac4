// The preview in a real browser (Debian's chromium): load, edit, see the repaint; break the
// template, see the overlay at the right line; fix it; click a figure, see its quote; keyboard
// alone; axe-core finds nothing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { servePreview, type Preview } from '../src/preview/server.js';
import { PreviewSession } from '../src/preview/session.js';
import { describeInBrowser, launchBrowser } from './helpers/browser.js';
import { readPdf } from './helpers/pdf.js';
import { tempProject, type TempProject } from './helpers/project.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page as it stands: rule id and the elements it names. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return found;
}

async function open(browser: Browser, session: PreviewSession): Promise<{ page: Page; server: Preview }> {
  const server = await servePreview(session);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  (page as unknown as { problems: string[] }).problems = problems;
  await page.goto(server.url);
  return { page, server };
}

const built = (page: Page, n: number) => page.waitForFunction((n) => ((window as unknown as { __preview?: { built: number } }).__preview?.built ?? 0) >= n, n, { timeout: 20_000 });

describeInBrowser('the preview in a browser', () => {
  let browser: Browser;
  let p: TempProject;
  let session: PreviewSession;
  let page: Page;
  let server: Preview;

  beforeAll(async () => {
    browser = await launchBrowser();
    p = tempProject();
    session = new PreviewSession({ dir: p.brief, root: p.root, output: join(p.root, 'output', 'k.pdf') }, {}, p.root);
    await session.start();
    ({ page, server } = await open(browser, session));
    await built(page, 1);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await session?.close();
  });

  it('draws every page with pdf.js, and the spots over them', async () => {
    expect(await page.locator('.sheet canvas').count()).toBe(2);
    expect(await page.locator('.spot[data-fact]').count()).toBeGreaterThan(20);
    expect(await page.locator('.spot[data-source="1"]').count()).toBeGreaterThan(5);
    // A canvas with ink on it, not a blank page.
    const inked = await page.evaluate(() => {
      const c = document.querySelector('.sheet canvas') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++;
      return dark / (d.length / 4);
    });
    expect(inked).toBeGreaterThan(0.01);
  });

  it('repaints on a save, keeping the scroll position', async () => {
    await page.evaluate(() => window.scrollTo(0, 400));
    const before = await page.evaluate(() => (document.querySelector('.sheet canvas') as HTMLCanvasElement).toDataURL());
    p.edit('content.md.hbs', 'No reason was given.', 'No reason was given by either side.');
    await built(page, 2);
    expect(await page.evaluate(() => window.scrollY)).toBe(400);
    const after = await page.evaluate(() => (document.querySelector('.sheet canvas') as HTMLCanvasElement).toDataURL());
    expect(after).not.toBe(before);
    expect(await page.evaluate(() => (window as unknown as { __preview: { repainted: number[] } }).__preview.repainted)).toContain(1);
    const pdf = await readPdf(session.bytes()!);
    expect(pdf.pages[0].text).toContain('by either side');
  });

  it('shows a broken template over the last good pages, at its line, and clears it when fixed', async () => {
    const line = p.edit('content.md.hbs', '{{fact "offensive.days"}}', '{{fact "offensive.dayz"}}');
    const overlay = page.locator('#overlay');
    await overlay.waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => overlay.locator('.where').first().textContent()).toMatch(new RegExp(`content\\.md\\.hbs:${line}:\\d+`));
    expect(await overlay.textContent()).toContain('offensive.dayz');
    expect(await overlay.locator('.excerpt .here').textContent()).toContain(`${line}`);
    expect(await overlay.locator('.excerpt .here').textContent()).toContain('{{fact "offensive.dayz"}}');
    // A long line is shown from near its column, and the caret stands under the call.
    const [here, caret] = await overlay.locator('.excerpt .here, .excerpt .caret').allTextContents();
    expect(here.slice(String(line).length).indexOf('{{fact "offensive.dayz"}}')).toBe(caret.indexOf('^'));
    // The last good pages stay.
    expect(await page.locator('.sheet canvas').count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    p.edit('content.md.hbs', 'offensive.dayz', 'offensive.days');
    await overlay.waitFor({ state: 'hidden', timeout: 20_000 });
    await built(page, 3);
  });

  it('shows a figure’s fact, value, source and quote when clicked', async () => {
    expect(await page.locator('#overlay').isVisible()).toBe(false);
    await page.locator('.spot[data-fact="armenians.fled"]').first().click();
    const detail = page.locator('#detail');
    await detail.waitFor({ state: 'visible' });
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain('armenians.fled');
    expect(text).toContain('almost all');
    expect(text).toContain('Associated Press');
    expect(text).toContain('2024-04-17');
    // The quote, highlighted in the source's own text.
    const marks = await detail.locator('.source-text mark').allTextContents();
    expect(marks.map((m) => m.replace(/\s+/g, ' '))).toContain("Almost all of Karabakh's 50,000 ethnic Armenian residents fled the region within days.");
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
  });

  it('shows a timeline event’s date, text and quote when its date is clicked', async () => {
    await page.locator('.spot[data-event="2"]').click();
    const detail = page.locator('#detail');
    await detail.waitFor({ state: 'visible' });
    expect(await detail.locator('h2').textContent()).toBe('Late 2022: Azerbaijan begins blocking the road; the Russian forces do not intervene.');
    expect(await detail.textContent()).toContain('2022-11');
    const marks = await detail.locator('.source-text mark').allTextContents();
    expect(marks.map((m) => m.replace(/\s+/g, ' '))).toContain(
      'But Azerbaijan began blocking the road in late 2022, alleging Armenians were using it for weapons shipments and to smuggle minerals, and the Russian forces did not intervene.',
    );
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
  });

  it('works with the keyboard alone: Tab to a citation, Enter opens its source, Escape returns', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let on = '';
    for (let i = 0; i < 40 && !on.startsWith('source'); i++) {
      await page.keyboard.press('Tab');
      on = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        return a.dataset.source ? `source ${a.dataset.source}` : a.dataset.fact ? `fact ${a.dataset.fact}` : a.tagName;
      });
    }
    expect(on).toBe('source 1');
    await page.keyboard.press('Enter');
    await page.locator('#detail').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('detail-title');
    expect(await page.locator('#detail').textContent()).toContain('Source 1: Associated Press');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.source)).toBe('1');
  });

  it('zooms, keeps the spots on their text, and offers the PDF to download', async () => {
    type Painted = { __preview: { paints: number } };
    const paints = () => page.evaluate(() => (window as unknown as Painted).__preview.paints);
    /** Chooses a zoom and waits until every page and its spots are drawn at it. */
    const zoomTo = async (value: string) => {
      const before = await paints();
      await page.selectOption('#zoom', value);
      await page.waitForFunction((n) => (window as unknown as Painted).__preview.paints > n, before);
    };
    const measure = () =>
      page.evaluate(() => ({
        sheet: document.querySelector('.sheet')!.getBoundingClientRect().width,
        spot: document.querySelector('.spot[data-fact="war.year"]')!.getBoundingClientRect().width,
      }));
    const at100 = await measure();
    await zoomTo('1.5');
    const at150 = await measure();
    expect(at150.sheet / at100.sheet).toBeCloseTo(1.5, 2);
    // The spots are laid in fractions of the page: they scale with it, and stay on their text.
    expect(at150.spot / at100.spot).toBeCloseTo(1.5, 1);
    await zoomTo('1');
    expect((await measure()).sheet).toBeCloseTo(at100.sheet, 0);
    const download = page.locator('#download');
    expect(await download.getAttribute('download')).toBe('karabakh-peacekeepers.pdf');
    const head = await page.evaluate(
      async (href) => {
        const r = await fetch(href);
        return `${r.headers.get('content-type')} ${new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))}`;
      },
      (await download.getAttribute('href'))!,
    );
    expect(head).toBe('application/pdf %PDF-');
    // The web twin of the same build, one click away.
    const twin = await page.evaluate(
      async (href) => {
        const r = await fetch(href);
        return `${r.status} ${(await r.text()).slice(0, 15)}`;
      },
      (await page.locator('#webpage').getAttribute('href'))!,
    );
    expect(twin).toBe('200 <!DOCTYPE html>');
  });

  it('passes axe-core with no violations, and logged no errors', async () => {
    expect(await axeViolations(page)).toEqual([]);
    expect((page as unknown as { problems: string[] }).problems).toEqual([]);
  });

  it('marks unverified figures on the page and in the panel, and lists warnings without blocking', async () => {
    const q = tempProject();
    q.edit('brief.yaml', 'value: 50000', 'value: 60000');
    const loose = new PreviewSession({ dir: q.brief, root: q.root, output: join(q.root, 'output', 'k.pdf') }, { allowUnverified: true }, q.root);
    await loose.start();
    const { page: second, server: other } = await open(browser, loose);
    try {
      await built(second, 1);
      expect(await second.locator('.spot.unverified').count()).toBe(2);
      expect(await second.locator('.spot.unverified').first().getAttribute('data-fact')).toBe('armenians.residents');
      expect(await second.locator('#fact-list button[data-fact="armenians.residents"] .badge.unverified').count()).toBe(1);
      // Dashed red, visible without hovering: it stands out on the page.
      expect(
        await second
          .locator('.spot.unverified')
          .first()
          .evaluate((e) => getComputedStyle(e).outlineStyle),
      ).toBe('dashed');
      await second.locator('#warnings-toggle').click();
      expect(await second.locator('#warning-list li').count()).toBeGreaterThanOrEqual(1);
      expect(await second.locator('#warning-list').textContent()).toContain('60,000 does not appear in its quote');
      expect(await second.locator('#overlay').isVisible()).toBe(false);
      expect(await axeViolations(second)).toEqual([]);
    } finally {
      await second.close();
      await other.close();
      await loose.close();
    }
  });

  it('shows the error alone for a brief that has never built', async () => {
    const q = tempProject();
    q.edit('content.md.hbs', '{{fact "war.year"}} war,', '{{fact "war.yeer"}} war,');
    const never = new PreviewSession({ dir: q.brief, root: q.root, output: join(q.root, 'output', 'k.pdf') }, {}, q.root);
    await never.start();
    const { page: second, server: other } = await open(browser, never);
    try {
      await second.locator('#overlay').waitFor({ state: 'visible', timeout: 20_000 });
      expect(await second.locator('#overlay h2').textContent()).toContain('does not build yet');
      expect(await second.locator('#overlay').textContent()).toContain('war.yeer');
      expect(await second.locator('.sheet').count()).toBe(0);
      expect(await axeViolations(second)).toEqual([]);
    } finally {
      await second.close();
      await other.close();
      await never.close();
    }
  });
});
