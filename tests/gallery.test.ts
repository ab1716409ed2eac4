// Vega-Lite gallery charts through our painter against Vega's own SVG renderer, pixel by pixel.
// See tests/gallery/README.md for where the specs come from and how the 50 were picked.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileChart, renderChart } from '../src/chart/chart.js';
import type { ChartScene, ChartText } from '../src/chart/scene.js';
import { fontService } from '../src/fonts/fonts.js';
import { chartPage } from '../src/layout/layout.js';
import { paint } from '../src/paint/paint.js';
import { collisions } from './helpers/labels.js';
import { inkSimilarity, rasterisePdf, rasteriseSvg, textAsOutlines, withoutText } from './helpers/raster.js';

const GALLERY = join(import.meta.dirname, 'gallery');
const DATA = join(import.meta.dirname, '..', 'node_modules', 'vega-datasets');
const specs = readdirSync(GALLERY)
  .filter((f) => f.endsWith('.json'))
  .sort();
// Rasterised at 4 px per point and compared at 1 px per point (4 × 4 blocks averaged): pdf.js
// widens any stroke under one device pixel to one pixel, so at 2 px per point a 0.35 pt hairline
// drew 43 % heavier than Skia draws Vega's SVG, a rasteriser's difference and not ours.
const SCALE = 4;
const HALVINGS = 2;

const pdfOf = (scene: ChartScene) => paint(chartPage(scene), fontService(), { title: 'chart', author: 'test', subject: '', language: 'en', creationDate: new Date(0), standard: 'none' });
const results: { file: string; marks: number; full: number }[] = [];

describe("gallery charts against Vega's own SVG", () => {
  it('is a sample of at least 60 specs', () => {
    expect(specs.length).toBeGreaterThanOrEqual(60);
  });

  for (const file of specs) {
    it(`${file}: vector, true text, marks drawn as Vega draws them`, async () => {
      const specPath = join(GALLERY, file);
      const scene = await renderChart({ specPath, alt: '' }, {}, { dataDir: DATA });
      const { view } = await compileChart({ specPath, alt: '' }, {}, { dataDir: DATA });
      const svg = await view.toSVG();
      view.finalize();
      const pdf = await pdfOf(scene);
      const ours = await rasterisePdf(pdf, SCALE);
      const theirs = rasteriseSvg(textAsOutlines(svg), scene.width, scene.height, SCALE);
      expect(Math.abs(ours.width - theirs.width)).toBeLessThanOrEqual(SCALE);
      // Marks alone (text left out of both): thickness, placement, fills, dashes, opacity.
      const marks = inkSimilarity(
        await rasterisePdf(await pdfOf({ ...scene, items: scene.items.filter((i) => i.kind !== 'text') }), SCALE),
        rasteriseSvg(withoutText(svg), scene.width, scene.height, SCALE),
        HALVINGS,
      );
      // Everything, Vega's text drawn as the outlines of the same fonts (textAsOutlines): Skia's
      // own SVG text is hinted and pdf.js fills outlines, a halo at every glyph edge that measured
      // the rasterisers, not where text stands or how heavy it is.
      const full = inkSimilarity(ours, theirs, HALVINGS);
      results.push({ file, marks, full });
      expect(marks, `${file}: marks ${marks.toFixed(3)}`).toBeGreaterThanOrEqual(0.95);
      expect(full, `${file}: with text ${full.toFixed(3)}`).toBeGreaterThanOrEqual(0.95);
      // No raster images, and every label is text in an embedded font.
      expect(pdf.toString('latin1')).not.toMatch(/\/Subtype \/Image/);
      // Every line of text Vega writes, we draw as text (a multi-line label is one <text> of <tspan>s).
      const texts = scene.items.filter((i): i is ChartText => i.kind === 'text');
      // Labels Vega's overlap removal hid stay in its SVG with opacity 0: they are not drawn.
      const lines = [...svg.matchAll(/<text\b([^>]*)>([\s\S]*?)<\/text>/g)]
        .filter((m) => !/\b(fill-)?opacity="0"/.test(m[1]))
        .reduce((n, m) => n + Math.max(1, (m[2].match(/<tspan\b/g) ?? []).length), 0);
      expect(texts.length).toBe(lines);
      expect(collisions(texts)).toEqual([]);
    });
  }

  it('draws at least 95 % of the sample at 0.97 similarity or better, marks alone and with text', () => {
    expect(results.length).toBe(specs.length);
    for (const key of ['marks', 'full'] as const) expect(results.filter((r) => r[key] >= 0.97).length / results.length).toBeGreaterThanOrEqual(0.95);
  });

  afterAll(() => {
    const worst = (key: 'marks' | 'full') =>
      [...results]
        .sort((a, b) => a[key] - b[key])
        .slice(0, 10)
        .map((r) => `  ${r[key].toFixed(3)} ${r.file}`)
        .join('\n');
    console.log(`gallery, ${results.length} specs: worst ten, marks alone\n${worst('marks')}\nworst ten, with text\n${worst('full')}`);
  });
});
