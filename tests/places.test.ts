// Errors that know their place say it: a spec that is not JSON, a file that is not UTF-8 (issue 22).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess, tempProject } from './helpers/project.js';

/** A built project whose next build must fail and leave its PDF as it was. */
async function built() {
  const p = tempProject();
  expect((await runInProcess(['build', p.brief], p.root)).code).toBe(0);
  const pdf = join(p.root, 'output', 'karabakh-peacekeepers.pdf');
  return { p, pdf, before: readFileSync(pdf) };
}

describe('a chart spec that is not JSON', () => {
  it('is refused at its line and column, not at a character offset', async () => {
    const { p, pdf, before } = await built();
    const spec = join(p.root, 'charts', 'troops.vl.json');
    const text = readFileSync(spec, 'utf8');
    // A key left unquoted on line 4, as a hand edit does.
    writeFileSync(spec, text.replace('"height": 170,', 'height: 170,'));
    const line = text.slice(0, text.indexOf('"height"')).split('\n').length;
    const r = await runInProcess(['build', p.brief], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`charts/troops.vl.json:${line}:3: error[chart]: chart spec is not valid JSON: Expected double-quoted property name`);
    expect(readFileSync(pdf).equals(before)).toBe(true);
  });
});

describe('a file that is not UTF-8', () => {
  it('brief.yaml in Latin-1 is refused at the byte, in load, not blamed on the template', async () => {
    const { p, pdf, before } = await built();
    const yaml = join(p.brief, 'brief.yaml');
    const text = readFileSync(yaml, 'latin1');
    // "Hajiyev" with an é, saved by an editor set to Latin-1.
    writeFileSync(yaml, text.replace('desk: South Caucasus Desk', 'desk: Desk of the Caucase, Sécurité'), 'latin1');
    const line = text.split('\n').findIndex((l) => l.includes('desk: South Caucasus Desk')) + 1;
    const r = await runInProcess(['build', p.brief], p.root);
    expect(r.code).toBe(2);
    const column = '  desk: Desk of the Caucase, S'.length + 1;
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`brief\\.yaml:${line}:${column}: error\\[load\\]: the brief file is not UTF-8 text: byte 0xE9 here is not a character in UTF-8`));
    expect(r.stderr).not.toContain('U+FFFD');
    expect(readFileSync(pdf).equals(before)).toBe(true);
  });

  it('a source text in Windows-1252 is refused the same way, by check too', async () => {
    const p = tempProject();
    const source = join(p.brief, 'sources', 'ap-2024-04-17.txt');
    // A quotation in curly quotes, as Windows-1252 writes them, on a line of its own.
    writeFileSync(source, Buffer.concat([readFileSync(source), Buffer.from([0x0a, 0x93, 0x71, 0x94, 0x0a])]));
    const line = readFileSync(source, 'latin1').split('\n').length - 1;
    const r = await runInProcess(['check', p.brief], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`sources/ap-2024-04-17\\.txt:${line}:1: error\\[load\\]: the source file is not UTF-8 text: byte 0x93`));
  });
});
