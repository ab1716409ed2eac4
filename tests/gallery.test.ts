// Vega-Lite gallery charts through our painter against Vega's own SVG renderer, pixel by pixel.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileChart, renderChart } from '../src/chart/chart.js';
import type { ChartText } from '../src/chart/scene.js';
import { fontService } from '../src/fonts/fonts.js';
import { chartPage } from '../src/layout/layout.js';
import { paint } from '../src/paint/paint.js';
import { collisions } from './helpers/labels.js';
import { inkSimilarity, rasterisePdf, rasteriseSvg } from './helpers/raster.js';

const GALLERY = join(import.meta.dirname, 'gallery');
const DATA = join(import.meta.dirname, '..', 'node_modules', 'vega-datasets');
const specs = readdirSync(GALLERY).filter((f) => f.endsWith('.json')).sort();
const SCALE = 2;

async function pdfOf(specPath: string) {
  const scene = await renderChart({ specPath, alt: '' }, {}, { dataDir: DATA });
  const pdf = await paint(
    chartPage(scene),
    fontService(),
    { title: 'chart', author: 'test', subject: '', language: 'en', creationDate: new Date(0) },
  );
  return { scene, pdf };
}

describe('gallery charts against Vega\'s own SVG', () => {
  it('covers the mark types', () => {
    expect(specs.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of specs) {
    it(`${file}: vector, true text, indistinguishable from Vega's SVG but for anti-aliasing`, async () => {
      const specPath = join(GALLERY, file);
      const { scene, pdf } = await pdfOf(specPath);
      const { view } = await compileChart({ specPath, alt: '' }, {}, { dataDir: DATA });
      const svg = await view.toSVG();
      view.finalize();
      const ours = await rasterisePdf(pdf, SCALE);
      const theirs = rasteriseSvg(svg, scene.width, scene.height, SCALE);
      const similarity = inkSimilarity(ours, theirs);
      expect(Math.abs(ours.width - theirs.width)).toBeLessThanOrEqual(1);
      expect(similarity, `${file}: ink similarity ${similarity.toFixed(3)}`).toBeGreaterThanOrEqual(0.9);
      // No raster images, and every label is text in an embedded font.
      expect(pdf.toString('latin1')).not.toMatch(/\/Subtype \/Image/);
      const texts = scene.items.filter((i): i is ChartText => i.kind === 'text');
      expect(texts.length).toBeGreaterThan(0);
      for (const t of texts) expect(t.size).toBeGreaterThanOrEqual(7);
      expect(collisions(texts)).toEqual([]);
      console.log(`${file}: ink similarity ${similarity.toFixed(3)}`);
    });
  }
});
