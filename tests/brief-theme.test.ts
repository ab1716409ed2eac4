// A brief's own theme.yaml: laid over the project's, checked at its own lines, never ignored.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBrief } from '../src/build.js';
import { BriefError } from '../src/errors.js';
import type { TextRun } from '../src/layout/boxes.js';
import { runInProcess, tempProject } from './helpers/project.js';

/** The size and face of the body text: the runs of the first paragraph under "Background". */
function bodyRuns(pages: { boxes: { kind: string }[] }[]): TextRun[] {
  return pages[0].boxes.filter((b): b is TextRun => b.kind === 'text' && (b as TextRun).text.includes('Karabakh region had been'));
}

async function refusal(theme: string): Promise<BriefError> {
  const p = tempProject();
  p.write('theme.yaml', theme);
  try {
    await buildBrief(p.brief);
  } catch (e) {
    if (e instanceof BriefError) return e;
    throw e;
  }
  throw new Error('expected the theme to be refused');
}

describe("a brief's own theme.yaml", () => {
  it('changes only the settings it names: a larger body keeps its face and colour', async () => {
    const p = tempProject();
    const before = await buildBrief(p.brief);
    p.write('theme.yaml', '# this brief is read aloud at a briefing\nbody: { size: 11, leading: 15 }\n');
    const after = await buildBrief(p.brief);
    const [was] = bodyRuns(before.layout.pages);
    const [now] = bodyRuns(after.layout.pages);
    expect(was.size).toBe(10);
    expect(now.size).toBe(11);
    expect(now.face).toBe(was.face);
    expect(now.color).toBe(was.color);
    expect(after.output.bytes.equals(before.output.bytes)).toBe(false);
    expect(after.settings.filter((s) => s.startsWith('theme ') && !s.startsWith('theme from'))).toEqual([
      'theme body.size from briefs/karabakh-peacekeepers/theme.yaml',
      'theme body.leading from briefs/karabakh-peacekeepers/theme.yaml',
    ]);
  });

  it('is checked against the theme schema, each problem at its own line in that file', async () => {
    const e = await refusal('body:\n  size: 5\n');
    expect(e.place.file).toMatch(/karabakh-peacekeepers\/theme\.yaml$/);
    expect(e.place.line).toBe(2);
    expect(e.reason).toBe('body.size: nothing on paper is set smaller than 7 pt');
  });

  it('says what was given when a size is written with its unit', async () => {
    const e = await refusal('body: { size: 11pt }\n');
    expect(e).toMatchObject({ place: { line: 1, column: 15 }, reason: 'body.size: expected number, got string "11pt"; write the number alone (11)' });
  });

  it('names a setting the theme does not have at its line', async () => {
    const e = await refusal('body: { size: 11 }\nbannr: { size: 9 }\n');
    expect(e).toMatchObject({ place: { line: 2 }, reason: 'bannr: unknown field "bannr"' });
    expect(e.place.file).toMatch(/karabakh-peacekeepers\/theme\.yaml$/);
  });

  it('is refused when it is not a mapping of settings, and sets nothing when empty', async () => {
    expect((await refusal('- body\n')).reason).toContain('must be a mapping of theme settings');
    const p = tempProject();
    const plain = await buildBrief(p.brief);
    p.write('theme.yaml', '# nothing yet\n');
    expect((await buildBrief(p.brief)).output.bytes.equals(plain.output.bytes)).toBe(true);
  });

  it('is named by --verbose, setting by setting, and a change to it rebuilds the brief', async () => {
    const p = tempProject();
    expect((await runInProcess(['build', p.brief], p.root)).code).toBe(0);
    writeFileSync(join(p.brief, 'theme.yaml'), 'h2: { color: "#000000" }\n');
    const r = await runInProcess(['build', p.brief, '--verbose'], p.root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^built /);
    expect(r.stderr).toContain('briefs/karabakh-peacekeepers: theme h2.color from briefs/karabakh-peacekeepers/theme.yaml');
  });
});
