import { describe, expect, it } from 'vitest';
import { BriefError } from '../src/errors.js';
import { loadBrief } from '../src/load/load.js';
import { KARABAKH, tempProject } from './helpers/project.js';

function loadError(dir: string): BriefError {
  try {
    loadBrief(dir);
  } catch (e) {
    if (e instanceof BriefError) return e;
    throw e;
  }
  throw new Error('expected the brief to be refused');
}

describe('loading brief.yaml', () => {
  it('loads the Karabakh brief with its sources, facts, datasets and charts', () => {
    const brief = loadBrief(KARABAKH);
    expect(brief.meta.title).toMatch(/peacekeepers/);
    expect(brief.sources.map((s) => s.id)).toEqual(['ap-2024-04-17']);
    expect(brief.sources[0].text).toContain('about 2,000 peacekeeping troops');
    expect(brief.facts.find((f) => f.id === 'peacekeepers.deployed')?.value).toBe(2000);
    expect(brief.charts.map((c) => c.id)).toEqual(['troops', 'displacement']);
    // Every fact remembers where it is written, for messages that point at it.
    const fact = brief.facts.find((f) => f.id === 'armenians.residents')!;
    expect(fact.place.line).toBeGreaterThan(1);
    expect(fact.place.field).toMatch(/^facts\[\d+\]$/);
  });

  it('reports malformed YAML at its file:line:col', () => {
    const p = tempProject();
    const line = p.edit('brief.yaml', '  classification: UNCLASSIFIED // FOR PUBLIC RELEASE', '  classification: [UNCLASSIFIED');
    const e = loadError(p.brief);
    expect(e.place.file).toMatch(/brief\.yaml$/);
    expect(e.place.line).toBeGreaterThanOrEqual(line);
    expect(e.place.line).toBeLessThanOrEqual(line + 1);
    expect(e.reason).toMatch(/^YAML syntax/);
  });

  it('names the field path and line of a mistyped value', () => {
    const p = tempProject();
    const line = p.edit('brief.yaml', '    value: 50000', '    value: [50000]');
    const e = loadError(p.brief);
    expect(e.place.field).toMatch(/^facts\[\d+\]\.value$/);
    expect(e.place.line).toBe(line);
    expect(e.reason).toContain('value');
  });

  it('names a missing required field and where its parent is', () => {
    const p = tempProject();
    p.edit('brief.yaml', '  desk: South Caucasus Desk\n', '');
    const e = loadError(p.brief);
    expect(e.place.field).toBe('meta.desk');
    expect(e.reason).toMatch(/required field is missing/);
    expect(e.place.line).toBe(3);
  });

  it('points at an unknown field by its key', () => {
    const p = tempProject();
    const line = p.edit('brief.yaml', '  audience: ', '  audiance: Policy staff\n  audience: ');
    const e = loadError(p.brief);
    expect(e.reason).toMatch(/unknown field "audiance"/);
    expect(e.place.line).toBe(line);
    expect(e.place.column).toBe(3);
  });

  it('refuses a fact citing a source that does not exist', () => {
    const p = tempProject();
    const line = p.edit('brief.yaml', '    as_of: "2022"\n    source: ap-2024-04-17', '    as_of: "2022"\n    source: reuters') + 1;
    const e = loadError(p.brief);
    expect(e.reason).toContain('unknown source "reuters"');
    expect(e.place.line).toBe(line);
  });

  it('refuses a missing source file, and one outside the brief folder', () => {
    const p = tempProject();
    p.edit('brief.yaml', 'file: sources/ap-2024-04-17.txt', 'file: sources/missing.txt');
    expect(loadError(p.brief).reason).toMatch(/source file not found: sources\/missing\.txt/);

    const q = tempProject();
    q.edit('brief.yaml', 'file: sources/ap-2024-04-17.txt', 'file: ../../templates/theme.yaml');
    expect(loadError(q.brief).reason).toMatch(/leads outside the brief folder/);
    const r = tempProject();
    r.edit('brief.yaml', 'file: sources/ap-2024-04-17.txt', 'file: /etc/passwd');
    expect(loadError(r.brief).reason).toMatch(/leads outside/);
  });

  it('refuses a chart spec outside the project', () => {
    const p = tempProject();
    p.edit('brief.yaml', 'spec: charts/troops.vl.json', 'spec: ../../../../etc/passwd');
    expect(loadError(p.brief).reason).toMatch(/leads outside the project/);
  });

  it('refuses a duplicated fact id', () => {
    const p = tempProject();
    p.edit('brief.yaml', '  - id: war.year', '  - id: peacekeepers.deployed');
    expect(loadError(p.brief).reason).toBe('fact id "peacekeepers.deployed" is defined twice');
  });
});
