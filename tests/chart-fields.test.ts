import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartDatasets, renderChart } from '../src/chart/chart.js';
import { checkFields } from '../src/chart/fields.js';
import { BriefError } from '../src/errors.js';
import { loadBrief } from '../src/load/load.js';
import { KARABAKH, ROOT, runInProcess, tempProject } from './helpers/project.js';

const GALLERY = join(ROOT, 'tests', 'gallery');
const DATA = join(ROOT, 'node_modules', 'vega-datasets');
const brief = loadBrief(KARABAKH);
const datasets = chartDatasets(brief);

/** A spec file written as an analyst would, pretty-printed, so every field has its own line. */
function specFile(spec: object, dir = mkdtempSync(join(tmpdir(), 'briefpress-fields-'))): string {
  const file = join(dir, 'spec.vl.json');
  writeFileSync(file, JSON.stringify(spec, null, 2));
  return file;
}

async function refusal(spec: object, dataDir?: string): Promise<BriefError> {
  const specPath = specFile(spec, dataDir);
  try {
    await renderChart({ specPath, alt: 'x', dataset: 'peacekeepers' }, datasets, { width: 400, dataDir });
  } catch (e) {
    if (e instanceof BriefError) return e;
    throw e;
  }
  throw new Error('expected the chart to be refused');
}

/** Line and column (1-based) where `needle`'s nth occurrence starts in a file. */
function at(file: string, needle: string, nth = 0): { line: number; column: number } {
  const text = readFileSync(file, 'utf8');
  let i = -1;
  for (let n = 0; n <= nth; n++) i = text.indexOf(needle, i + 1);
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

const bar = (y: object, extra: object = {}) => ({
  mark: 'bar',
  encoding: { x: { field: 'date', type: 'temporal' }, y: { type: 'quantitative', ...y } },
  ...extra,
});

describe('a chart field its data lacks', () => {
  it("is refused at the field's line:col, naming the fields that exist and the one meant", async () => {
    const e = await refusal(bar({ field: 'troop' }));
    expect(e.stage).toBe('chart');
    expect(e.reason).toBe('field "troop" is not in the data here: dataset "peacekeepers" has date, troops, label; did you mean "troops"?');
    const file = e.place.file!;
    expect({ line: e.place.line, column: e.place.column }).toEqual(at(file, '"troop"'));
  });

  it('is found in transforms, tooltips, sort orders, conditions, filters and expressions alike', async () => {
    const spec = {
      transform: [{ filter: { field: 'lable', equal: 'x' } }, { calculate: 'datum.troopz * 2', as: 'double' }],
      mark: 'bar',
      encoding: {
        x: { field: 'date', type: 'temporal', sort: { field: 'dat' } },
        y: { field: 'double', type: 'quantitative' },
        tooltip: [{ field: 'troops' }, { field: 'lbl' }],
        color: { condition: { test: 'datum.troops > 1', field: 'labl' }, value: 'grey' },
      },
    };
    const e = await refusal(spec);
    const all = [e, ...e.others].map((x) => x.reason.split(':')[0]);
    expect(all).toEqual([
      'field "lable" is not in the data here',
      'field "troopz" is not in the data here',
      'field "dat" is not in the data here',
      'field "lbl" is not in the data here',
      'field "labl" is not in the data here',
    ]);
    // Each at its own line.
    expect(new Set([e, ...e.others].map((x) => x.place.line)).size).toBe(5);
  });

  it('follows what transforms make and remove: "as" exists after, a field an aggregate dropped does not', async () => {
    const ok = { transform: [{ calculate: 'datum.troops / 1000', as: 'thousands' }], ...bar({ field: 'thousands' }) };
    expect(checkFields(ok, { datasets })).toEqual([]);
    const before = { transform: [{ filter: 'datum.thousands > 1' }, { calculate: 'datum.troops / 1000', as: 'thousands' }], ...bar({ field: 'thousands' }) };
    expect(checkFields({ data: { name: 'peacekeepers' }, ...before }, { datasets }).map((p) => p.path.join('.'))).toEqual(['transform.0.filter']);
    const aggregated = {
      data: { name: 'peacekeepers' },
      transform: [{ aggregate: [{ op: 'max', field: 'troops', as: 'most' }], groupby: ['date'] }],
      mark: 'bar',
      encoding: { x: { field: 'date' }, y: { field: 'most' }, text: { field: 'label' } },
    };
    const problems = checkFields(aggregated, { datasets });
    expect(problems.map((p) => [p.field, [...p.known.names].join(',')])).toEqual([['label', 'date,most']]);
    const folded = { data: { name: 'peacekeepers' }, transform: [{ fold: ['troops'] }], mark: 'bar', encoding: { x: { field: 'key' }, y: { field: 'value' } } };
    expect(checkFields(folded, { datasets })).toEqual([]);
  });

  it("is checked in every view of a layer, and against each view's own data", () => {
    const spec = {
      layer: [
        { data: { name: 'peacekeepers' }, mark: 'line', encoding: { x: { field: 'date' }, y: { field: 'troops' } } },
        { data: { name: 'peacekeeper-events' }, mark: 'rule', encoding: { x: { field: 'date' }, y: { field: 'troops' } } },
      ],
    };
    const problems = checkFields(spec, { datasets });
    expect(problems.map((p) => [p.field, p.path.join('.'), p.known.origin])).toEqual([['troops', 'layer.1.encoding.y.field', 'dataset "peacekeeper-events"']]);
  });

  it('is checked in facets and repeats', () => {
    const faceted = { data: { name: 'peacekeepers' }, facet: { row: { field: 'labels' } }, spec: { mark: 'bar', encoding: { y: { field: 'troops' } } } };
    expect(checkFields(faceted, { datasets }).map((p) => p.path.join('.'))).toEqual(['facet.row.field']);
    const repeated = { data: { name: 'peacekeepers' }, repeat: { column: ['troops', 'trops'] }, spec: { mark: 'bar', encoding: { y: { field: { repeat: 'column' } } } } };
    expect(checkFields(repeated, { datasets }).map((p) => [p.field, p.path.join('.')])).toEqual([['trops', 'repeat.column.1']]);
  });

  it('is checked against the columns of a data file inside the brief', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-fields-'));
    writeFileSync(join(dir, 'troops.csv'), 'year,troops\n2020,2000\n2024,0\n');
    const e = await refusal({ data: { url: 'troops.csv' }, mark: 'bar', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'troop', type: 'quantitative' } } }, dir);
    expect(e.reason).toBe('field "troop" is not in the data here: troops.csv has year, troops; did you mean "troops"?');
  });

  it('is found in a spec written on one line, at line 1 and the column of the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-fields-'));
    const specPath = join(dir, 'spec.vl.json');
    const text = JSON.stringify(bar({ field: 'troop' }));
    writeFileSync(specPath, text);
    const e = await renderChart({ specPath, alt: 'x', dataset: 'peacekeepers' }, datasets, { width: 400 }).then(
      () => undefined,
      (x: BriefError) => x,
    );
    expect(e?.place).toMatchObject({ line: 1, column: text.indexOf('"troop"') + 1 });
  });

  // The check must never refuse a chart that draws: every gallery spec passes as written, and
  // every field any of them names, mistyped, is caught.
  const gallery = readdirSync(GALLERY).filter((f) => f.endsWith('.vl.json'));
  it(`passes all ${gallery.length} Vega-Lite gallery specs as written, and catches each of their fields mistyped`, () => {
    let fields = 0;
    for (const f of gallery) {
      const spec = JSON.parse(readFileSync(join(GALLERY, f), 'utf8'));
      expect(checkFields(spec, { datasets: {}, dataDir: DATA }), f).toEqual([]);
      // Every string under a "field" key, renamed one at a time.
      const refs: { parent: Record<string, unknown>; key: string | number }[] = [];
      const walk = (v: unknown) => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) {
            if (k === 'field' && typeof x === 'string') refs.push({ parent: v as Record<string, unknown>, key: k });
            else walk(x);
          }
        }
      };
      walk(spec);
      for (const { parent, key } of refs) {
        const was = parent[key] as string;
        parent[key] = `${was}zq`;
        const problems = checkFields(spec, { datasets: {}, dataDir: DATA });
        expect(
          problems.map((p) => p.field),
          `${f}: ${was}`,
        ).toContain(`${was}zq`);
        parent[key] = was;
        fields++;
      }
    }
    expect(fields).toBeGreaterThan(200);
  });
});

describe('briefpress check and build with a mistyped chart field', () => {
  it("check reports it at the spec's line (exit 2), and build writes no PDF", async () => {
    const p = tempProject();
    const spec = join(p.root, 'charts', 'troops.vl.json');
    const text = readFileSync(spec, 'utf8');
    const i = text.indexOf('"field": "troops"');
    writeFileSync(spec, text.slice(0, i) + '"field": "troop"' + text.slice(i + '"field": "troops"'.length));
    const line = text.slice(0, i).split('\n').length;

    const check = await runInProcess(['check', p.brief], p.root);
    expect(check.code).toBe(2);
    expect(check.stderr.split('\n')[0]).toMatch(
      new RegExp(`troops\\.vl\\.json:${line}:\\d+: error\\[chart\\]: field "troop" is not in the data here: dataset "peacekeepers" has date, troops, label; did you mean "troops"\\?`),
    );

    const build = await runInProcess(['build', p.brief], p.root);
    expect(build.code).toBe(2);
    expect(build.stderr).toContain(`troops.vl.json:${line}:`);
    expect(existsSync(join(p.root, 'output', 'karabakh-peacekeepers.pdf'))).toBe(false);
  });
});
