import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartDatasets, renderChart } from '../src/chart/chart.js';
import { checkDrawnRows, delimitedRows, filesDrawnRowForRow } from '../src/chart/limits.js';
import { useDiskCache } from '../src/cache/disk.js';
import { forgetProcessCaches } from '../src/cache/memory.js';
import type { ChartScene, ChartText } from '../src/chart/scene.js';
import { BriefError } from '../src/errors.js';
import { fontService } from '../src/fonts/fonts.js';
import { loadBrief } from '../src/load/load.js';
import { collisions } from './helpers/labels.js';
import { pdfSource, readPdf } from './helpers/pdf.js';
import { KARABAKH, runInProcess } from './helpers/project.js';

const brief = loadBrief(KARABAKH);
const datasets = chartDatasets(brief);
const fonts = fontService();

function specFile(spec: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefpress-chart-'));
  const file = join(dir, 'spec.vl.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

async function chartError(spec: object): Promise<BriefError> {
  try {
    await renderChart({ specPath: specFile(spec), alt: 'x' }, datasets, { width: 400 });
  } catch (e) {
    if (e instanceof BriefError) return e;
    throw e;
  }
  throw new Error('expected the chart to be refused');
}

function texts(scene: ChartScene): ChartText[] {
  return scene.items.filter((i): i is ChartText => i.kind === 'text');
}

describe('the chart stage', () => {
  for (const chart of brief.charts) {
    it(`draws the ${chart.id} chart as vector paths and real text, with no colliding labels`, async () => {
      const scene = await renderChart(chart, datasets, { width: 470 });
      expect(scene.width).toBeCloseTo(470, 0);
      expect(scene.items.some((i) => i.kind === 'path')).toBe(true);
      const labels = texts(scene);
      expect(labels.length).toBeGreaterThan(5);
      for (const t of labels) {
        // Widths come from the embedded font, not Vega's 0.8 × size × characters guess.
        expect(t.width).toBeCloseTo(fonts.measure(t.face, t.size, t.text), 6);
        expect(t.size).toBeGreaterThanOrEqual(7);
        expect(['sans', 'sans-semibold', 'sans-bold']).toContain(t.face);
      }
      expect(collisions(labels)).toEqual([]);
    });
  }

  it('draws a chart that samples or calls random() the same way every time, whatever ran before it', async () => {
    const spec = specFile({
      data: { sequence: { start: 0, stop: 500, as: 'i' } },
      transform: [{ calculate: 'random()', as: 'x' }, { calculate: 'random()', as: 'y' }, { sample: 40 }],
      mark: 'point',
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    });
    const points = async () => JSON.stringify((await renderChart({ specPath: spec, alt: 'x' }, datasets, { width: 300 })).items.filter((i) => i.kind === 'path'));
    const first = await points();
    // Something else drawing random numbers in between must not change the next drawing.
    Math.random();
    await renderChart(brief.charts[0], datasets, { width: 470 });
    // Drawn again, not taken from the scenes already drawn in this process or kept on disk.
    forgetProcessCaches();
    useDiskCache(false);
    try {
      expect(await points()).toBe(first);
    } finally {
      useDiskCache(true);
    }
  });

  it('reuses a scene only while everything that decides it is the same', async () => {
    const ref = brief.charts[0];
    const a = await renderChart(ref, datasets, { width: 470 });
    expect(await renderChart(ref, datasets, { width: 470 })).toBe(a);
    // Another width, another figure for the same row, another alt text: drawn anew, and different.
    const wider = await renderChart(ref, datasets, { width: 300 });
    expect(wider).not.toBe(a);
    expect(wider.width).toBeLessThan(a.width);
    const changed = structuredClone(datasets);
    const rows = changed[ref.dataset!];
    const numeric = Object.keys(rows[0]).find((k) => typeof rows[0][k] === 'number')!;
    rows[0][numeric] = (rows[0][numeric] as number) * 3 + 1;
    const redrawn = await renderChart(ref, changed, { width: 470 });
    expect(redrawn).not.toBe(a);
    expect(JSON.stringify(redrawn.items)).not.toBe(JSON.stringify(a.items));
    expect(await renderChart({ ...ref, alt: 'Something else entirely' }, datasets, { width: 470 })).not.toBe(a);
    // A spec that reads a file by URL is drawn every time: the file is not in the key.
    const byUrl = specFile({ data: { url: 'rows.csv' }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } });
    writeFileSync(join(byUrl, '..', 'rows.csv'), 'a,b\nx,1\ny,2\n');
    const first = await renderChart({ specPath: byUrl, alt: 'x' }, {}, { width: 300, dataDir: join(byUrl, '..') });
    writeFileSync(join(byUrl, '..', 'rows.csv'), 'a,b\nx,1\ny,9\n');
    const second = await renderChart({ specPath: byUrl, alt: 'x' }, {}, { width: 300, dataDir: join(byUrl, '..') });
    expect(second).not.toBe(first);
    expect(JSON.stringify(second.items)).not.toBe(JSON.stringify(first.items));
  });

  it('shows the troop level and the events the brief marks', async () => {
    const scene = await renderChart(brief.charts[0], datasets, { width: 470 });
    const all = texts(scene).map((t) => t.text);
    expect(all).toEqual(expect.arrayContaining(['2,000', 'Withdrawal confirmed', 'Road blocked', '2020', '2024']));
  });

  it('refuses data from URLs, files and paths, before anything loads', async () => {
    for (const url of ['https://example.com/x.csv', 'file:///etc/passwd', '/etc/passwd', '../../secret.csv']) {
      const e = await chartError({ data: { url }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } });
      expect(e.reason).toContain(`chart data "${url}" refused`);
    }
  });

  it('names an unknown font family instead of falling back', async () => {
    const e = await chartError({ data: { name: 'residents' }, config: { axis: { labelFont: 'Comic Sans MS' } }, mark: 'bar', encoding: { x: { field: 'residents', type: 'quantitative' } } });
    expect(e.reason).toBe('chart asks for font "Comic Sans MS", which briefpress does not embed');
  });

  it("names the spec file and Vega-Lite's message for an invalid spec", async () => {
    const e = await chartError({ data: { name: 'residents' }, mark: 'nonsense' });
    expect(e.place.file).toMatch(/spec\.vl\.json$/);
    expect(e.reason).toMatch(/^Vega-Lite could not compile the chart: .*nonsense/i);
  });

  it('draws labels in scripts the chart font lacks with the fallback face, and refuses what no font has', async () => {
    const spec = (a: string) => ({ data: { values: [{ a, b: 1 }] }, mark: 'bar', encoding: { y: { field: 'a', type: 'nominal' }, x: { field: 'b', type: 'quantitative' } } });
    const scene = await renderChart({ specPath: specFile(spec('Stepanakert (Ստեփանակերտ)')), alt: '' }, datasets, { width: 300 });
    const parts = texts(scene).filter((t) => /Stepanakert|Ստեփանակերտ|\)/.test(t.text));
    expect(parts.map((t) => [t.text, t.face])).toEqual([
      ['Stepanakert (', 'sans'],
      ['Ստեփանակերտ', 'armenian'],
      [')', 'sans'],
    ]);
    // The pieces sit end to end.
    expect(parts[1].x).toBeCloseTo(parts[0].x + parts[0].width, 6);
    // Georgian, Arabic, Hebrew, CJK and emoji have fallbacks now; Egyptian hieroglyphs do not.
    const e = await chartError(spec('The seal 𓀀'));
    expect(e.reason).toMatch(/^no embedded font has the character "𓀀"/);
  });

  it('evaluates expressions without generating code', async () => {
    const scene = await renderChart(
      {
        specPath: specFile({
          data: { name: 'residents' },
          transform: [{ calculate: "datum.residents == null ? 'none' : 'some'", as: 'k' }],
          mark: 'text',
          encoding: { text: { field: 'k' }, y: { field: 'phase', type: 'nominal' } },
        }),
        alt: 'x',
      },
      datasets,
      { width: 300 },
    );
    expect(texts(scene).map((t) => t.text)).toEqual(expect.arrayContaining(['some', 'none']));
  });
});

describe('briefpress chart', () => {
  const DATA = join(import.meta.dirname, '..', 'node_modules', 'vega-datasets');
  const out = mkdtempSync(join(tmpdir(), 'briefpress-chart-out-'));
  const bars = { data: { name: 'cars', url: 'data/cars.json' }, mark: 'bar', encoding: { x: { field: 'Origin', type: 'nominal' }, y: { aggregate: 'count', type: 'quantitative' } } };
  const fills = (scene: ChartScene) => scene.items.flatMap((i) => (i.kind === 'path' && i.fill && 'r' in i.fill && !i.decoration ? [`${i.fill.r},${i.fill.g},${i.fill.b}`] : []));

  it('loads a dataset that has both a name and a url from its url (the name only names it)', async () => {
    const scene = await renderChart({ specPath: specFile(bars), alt: '' }, {}, { dataDir: DATA });
    // Three origins in cars.json: Europe, Japan, USA.
    expect(texts(scene).map((t) => t.text)).toEqual(expect.arrayContaining(['Europe', 'Japan', 'USA']));
  });

  it("draws with Vega-Lite's own defaults under --theme vega, and for print by default", async () => {
    const vegaLook = await renderChart({ specPath: specFile(bars), alt: '' }, {}, { dataDir: DATA, theme: 'vega' });
    const print = await renderChart({ specPath: specFile(bars), alt: '' }, {}, { dataDir: DATA });
    // Vega-Lite's default mark colour is #4c78a8 and its axis labels 10 px; print draws grey bars and 8 pt labels.
    expect(new Set(fills(vegaLook))).toContain('76,120,168');
    expect(new Set(fills(print))).toContain('77,77,77');
    expect(new Set(texts(vegaLook).map((t) => t.size))).toContain(10);
    expect(Math.max(...texts(print).map((t) => t.size))).toBeLessThanOrEqual(8);
    const spec = specFile(bars);
    const r = await runInProcess(['chart', spec, '-o', join(out, 'vega.pdf'), '--data-dir', DATA, '--theme', 'vega']);
    expect(r.code, r.stderr).toBe(0);
  });

  it("lists the exit codes of a chart in its help, not the batch's", async () => {
    const r = await runInProcess(['chart', '--help']);
    expect(r.stdout).toContain('0 the chart was written');
    expect(r.stdout).toMatch(/1 it was stopped at --timeout or --memory/);
    expect(r.stdout).not.toMatch(/\b75\b|another run holds/);
  });

  it('writes a one-page vector PDF sized to a Vega-Lite chart, its data read inside --data-dir', async () => {
    const pdfPath = join(out, 'scatter.pdf');
    const r = await runInProcess(['chart', join(import.meta.dirname, 'gallery', 'scatter_shape.vl.json'), '-o', pdfPath, '--data-dir', DATA]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = await readPdf(readFileSync(pdfPath));
    expect(doc.pages).toHaveLength(1);
    const m = /\((\d+) x (\d+) pt/.exec(r.stdout)!;
    expect(doc.pages[0].width).toBeCloseTo(Number(m[1]), -1);
    expect(doc.pages[0].text).toContain('Horsepower');
    expect(doc.pages[0].text).toContain('Europe');
  });

  it('renders a plain Vega spec with a gradient and rounded corners', async () => {
    const pdfPath = join(out, 'vega.pdf');
    expect((await runInProcess(['chart', join(import.meta.dirname, 'gallery', 'vega_bar.vg.json'), '-o', pdfPath])).code).toBe(0);
    const raw = pdfSource(readFileSync(pdfPath));
    expect(raw).toMatch(/\/ShadingType 2/);
    expect((await readPdf(readFileSync(pdfPath))).pages[0].text).toContain('91');
  });

  it('lays a theme file over the print theme', async () => {
    const theme = join(out, 'theme.json');
    writeFileSync(theme, JSON.stringify({ config: { axis: { labelFontSize: 12 } } }));
    const pdfPath = join(out, 'themed.pdf');
    expect((await runInProcess(['chart', join(import.meta.dirname, 'gallery', 'bar.vl.json'), '-o', pdfPath, '--theme', theme])).code).toBe(0);
    const sizes = (await readPdf(readFileSync(pdfPath))).pages[0].items.filter((t) => /^[A-I]$/.test(t.str)).map((t) => Math.round(t.size));
    expect(new Set(sizes)).toEqual(new Set([12]));
  });

  it('refuses all four kinds of escape, with a clear error and no PDF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-escape-'));
    writeFileSync(join(dir, 'ok.csv'), 'a,b\nx,1\n');
    const escapes = ['/etc/passwd', '../../../etc/passwd', 'file:///etc/passwd', 'https://example.com/data.csv'];
    for (const url of escapes) {
      const spec = join(dir, 'spec.vl.json');
      writeFileSync(spec, JSON.stringify({ data: { url, format: { type: 'csv' } }, mark: 'bar', encoding: { x: { field: 'b', type: 'quantitative' } } }));
      const pdfPath = join(dir, 'out.pdf');
      const r = await runInProcess(['chart', spec, '-o', pdfPath]);
      expect(r.code, url).toBe(2);
      expect(r.stderr).toContain(`chart data "${url}" refused`);
      // At the url's line and column: the spec is one line, and the url the value after "url":.
      const text = readFileSync(spec, 'utf8');
      expect(r.stderr).toMatch(new RegExp(`^\\S*spec\\.vl\\.json:1:${text.indexOf(JSON.stringify(url)) + 1}: error\\[chart\\]`));
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(pdfPath)).toBe(false);
    }
    // A path inside the data folder is fine.
    writeFileSync(join(dir, 'spec.vl.json'), JSON.stringify({ data: { url: 'ok.csv' }, mark: 'bar', encoding: { x: { field: 'b', type: 'quantitative' } } }));
    expect((await runInProcess(['chart', join(dir, 'spec.vl.json'), '-o', join(dir, 'ok.pdf')])).code).toBe(0);
  });

  it('refuses a URL computed at run time too: the loader itself is sealed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-escape-'));
    const spec = join(dir, 'spec.vg.json');
    writeFileSync(
      spec,
      JSON.stringify({
        $schema: 'https://vega.github.io/schema/vega/v6.json',
        signals: [{ name: 'u', value: 'file:///etc/passwd' }],
        data: [{ name: 't', url: { signal: 'u' }, format: { type: 'csv' } }],
        marks: [],
      }),
    );
    const r = await runInProcess(['chart', spec, '-o', join(dir, 'x.pdf')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('chart data "file:///etc/passwd" refused');
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });

  it('runs expressions in the interpreter: a hostile expression cannot reach JavaScript', async () => {
    const e = await chartError({
      data: { values: [{ a: 1 }] },
      transform: [{ calculate: "constructor.constructor('process.exit(99)')()", as: 'x' }],
      mark: 'point',
      encoding: { x: { field: 'x', type: 'quantitative' } },
    });
    expect(e.reason).toMatch(/^Vega could not run the chart|^Vega-Lite could not compile/);
  });

  it('draws image marks from files inside the data folder, and refuses one outside', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-img-'));
    const spec = (url: string) => ({
      data: {
        values: [
          { x: 1, y: 1, img: 'data/ffox.png' },
          { x: 2, y: 2, img: url },
        ],
      },
      mark: { type: 'image', width: 30, height: 30 },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, url: { field: 'img', type: 'nominal' } },
    });
    writeFileSync(join(dir, 'ok.vl.json'), JSON.stringify(spec('data/gimp.png')));
    expect((await runInProcess(['chart', join(dir, 'ok.vl.json'), '-o', join(dir, 'ok.pdf'), '--data-dir', DATA])).code).toBe(0);
    // Each PNG with transparency is an image and its soft mask.
    expect(
      readFileSync(join(dir, 'ok.pdf'))
        .toString('latin1')
        .match(/\/Subtype \/Image/g)?.length,
    ).toBe(4);
    writeFileSync(join(dir, 'bad.vl.json'), JSON.stringify(spec('../../../../etc/passwd')));
    const r = await runInProcess(['chart', join(dir, 'bad.vl.json'), '-o', join(dir, 'bad.pdf'), '--data-dir', DATA]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('chart data "../../../../etc/passwd" refused');
    expect(existsSync(join(dir, 'bad.pdf'))).toBe(false);
  });
});

describe('the marks a chart will draw, predicted from its compiled spec', () => {
  const compiled = async (spec: object) => (await import('vega-lite')).compile(spec as never).spec as Parameters<typeof filesDrawnRowForRow>[0];
  const point = (extra: object = {}) => ({
    data: { url: 'points.csv' },
    mark: 'point',
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    ...extra,
  });

  it('knows a file drawn row for row through the filter Vega-Lite adds for valid numbers', async () => {
    expect([...filesDrawnRowForRow(await compiled(point()))]).toEqual(['points.csv']);
    expect([...filesDrawnRowForRow(await compiled(point({ data: { url: 'points.tsv' } })))]).toEqual(['points.tsv']);
    expect([...filesDrawnRowForRow(await compiled(point({ transform: [{ calculate: 'datum.x * 2', as: 'x2' }] })))]).toEqual(['points.csv']);
    // Inside a layer, each layer a group of its own in some specs: still one mark per row.
    expect([
      ...filesDrawnRowForRow(await compiled({ data: { url: 'points.csv' }, layer: [point({ data: undefined }), { mark: 'rule', encoding: { y: { aggregate: 'mean', field: 'y' } } }] })),
    ]).toEqual(['points.csv']);
  });

  it('makes no claim where rows may be fewer than the file has, or are not lines', async () => {
    expect(filesDrawnRowForRow(await compiled(point({ transform: [{ filter: 'datum.y < 500' }] }))).size).toBe(0);
    expect(filesDrawnRowForRow(await compiled(point({ encoding: { x: { field: 'x', type: 'nominal' }, y: { aggregate: 'count' } } }))).size).toBe(0);
    expect(filesDrawnRowForRow(await compiled(point({ data: { url: 'points.json' } }))).size).toBe(0);
    expect(filesDrawnRowForRow(await compiled(point({ data: { values: [{ x: 1, y: 2 }] } }))).size).toBe(0);
  });

  it('counts the rows of delimited text by its lines, after the header', () => {
    expect(delimitedRows('x,y\n1,2\n3,4\n')).toBe(2);
    expect(delimitedRows('x,y\n1,2\n3,4')).toBe(2);
    expect(delimitedRows('x,y\n')).toBe(0);
    expect(delimitedRows('')).toBe(0);
    // A quoted field may hold line ends: they are not rows (d3-dsv reads it as one).
    expect(delimitedRows('x,note\n1,"two\nlines"\n2,"say ""hi""\nthere"\n')).toBe(2);
    expect(() => checkDrawnRows('points.csv', 100_001)).toThrow(/a mark for each of the 100,001 rows of points\.csv/);
    expect(() => checkDrawnRows('points.csv', 100_000)).not.toThrow();
  });
});
