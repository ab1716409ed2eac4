// Messages as data: one catalogue, every problem naming its entry, warnings through the errors' formatter, JSON for machines.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, problem } from '../src/errors.js';
import { msg, severityOf, type MessageId } from '../src/messages.js';
import { ROOT, runInProcess, tempProject } from './helpers/project.js';

const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

type Json = { ok: boolean; briefs: { status: string; error: string | null; problems: Record<string, unknown>[] }[]; problems: Record<string, unknown>[] };

describe('the catalogue', () => {
  const ids = Object.keys(msg).filter((k) => !k.endsWith('Hint'));

  it('is where every problem in the code points, and each names the entry its reason comes from', () => {
    const code = files(SRC).map((f) => readFileSync(f, 'utf8'));
    const pairs = code.flatMap((t) => [...t.matchAll(/\bid: '(\w+)',\s*reason: msg\.(\w+)\(/g)].map((m) => [m[1], m[2]]));
    expect(pairs.length).toBeGreaterThan(80);
    expect(pairs.filter(([id, reason]) => id !== reason)).toEqual([]);
    // Ids passed on their own (a helper that builds the problem), and the entries they name.
    // (preflight's checks have ids of their own: they judge a PDF, not a brief.)
    const named = files(SRC)
      .filter((f) => !f.includes('/preflight/'))
      .map((f) => readFileSync(f, 'utf8'))
      .flatMap((t) => [...t.matchAll(/(?:\bid: |new TemplateProblem\(|\bfail\(|\brefuse\()'(\w+)'/g)].map((m) => m[1]));
    expect([...new Set(named)].filter((id) => !ids.includes(id) && id !== 'notes')).toEqual([]);
  });

  it('grades the build’s warnings and notes as such, and everything else as an error', () => {
    expect(severityOf('factsDisagree')).toBe('warning');
    expect(severityOf('lockTakenOver')).toBe('warning');
    expect(severityOf('draftNote')).toBe('note');
    expect(severityOf('unknownFact')).toBe('error');
  });

  it('formats a warning as it formats an error: place, grade and stage, reason, what it shows, hint', () => {
    const p = problem({
      id: 'factsDisagree' as MessageId,
      stage: 'verify',
      place: { file: 'brief.yaml', line: 4, column: 3 },
      reason: 'two figures',
      details: ['ap: 2,000', 'rfe: 1,960'],
      hint: 'say so',
    });
    expect(formatProblem(p)).toBe('brief.yaml:4:3: warning[verify]: two figures\n  ap: 2,000\n  rfe: 1,960\n  hint: say so');
  });
});

describe('--json', () => {
  it('writes a failed brief’s problems as data: id, severity, file, line, column, reason, hint', async () => {
    const p = tempProject();
    const line = p.edit('content.md.hbs', '## Background', '## Background {{fact "peacekeepers.deploied"}}');
    const r = await runInProcess(['build', p.brief, '--json'], p.root);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as Json;
    expect(report.ok).toBe(false);
    expect(report.briefs[0].problems).toEqual([
      {
        id: 'unknownFact',
        severity: 'error',
        stage: 'compose',
        file: 'briefs/karabakh-peacekeepers/content.md.hbs',
        line,
        column: expect.any(Number),
        field: null,
        reason: 'unknown fact "peacekeepers.deploied" (did you mean "peacekeepers.deployed"?)',
        details: [],
        hint: msg.unknownFactHint(),
      },
    ]);
  });

  it('writes a build’s warnings beside its result, each item let through with its own id and place', async () => {
    const p = tempProject();
    p.edit('brief.yaml', '  - id: peacekeepers.deployed\n    value: 2000', '  - id: peacekeepers.deployed\n    value: 3000');
    p.edit('brief.yaml', 'placing about 2,000\n        peacekeeping troops', 'placing about 3,000\n        peacekeeping troops');
    const r = await runInProcess(['build', p.brief, '--json', '--allow-unverified'], p.root);
    expect(r.code, r.stderr).toBe(0);
    const problems = (JSON.parse(r.stdout) as Json).briefs[0].problems;
    expect(problems.map((x) => [x.id, x.severity])).toEqual([
      ['unverifiedPrinted', 'warning'],
      ['quoteNotFound', 'warning'],
    ]);
    expect(problems[1]).toMatchObject({ file: 'briefs/karabakh-peacekeepers/brief.yaml', line: expect.any(Number), column: 7, field: 'facts[0].quote' });
  });

  it('answers in JSON even when there is no brief to build', async () => {
    const p = tempProject();
    const r = await runInProcess(['build', join(p.root, 'briefs', 'nope'), '--json'], p.root);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as Json;
    expect(report.ok).toBe(false);
    expect([...report.problems, ...report.briefs.flatMap((b) => b.problems)].map((x) => x.id)).toEqual(['briefFolderMissing']);
    expect(r.stderr).toBe('');
  });

  it('in check, gives a draft’s note and a quote not found as graded problems, and the exit code', async () => {
    const p = tempProject();
    p.edit('brief.yaml', '  - id: peacekeepers.deployed\n    value: 2000', '  - id: peacekeepers.deployed\n    value: 3000');
    p.edit('brief.yaml', 'placing about 2,000\n        peacekeeping troops', 'placing about 3,000\n        peacekeeping troops');
    p.edit('brief.yaml', /^(\s*)language: /m, '$1draft: true\n$1language: ');
    const r = await runInProcess(['check', p.brief, '--json'], p.root);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as { ok: boolean; checked: { facts: number }; problems: Record<string, unknown>[] };
    expect(report.ok).toBe(false);
    expect(report.checked.facts).toBeGreaterThan(5);
    expect(report.problems.map((x) => [x.id, x.severity])).toEqual([
      ['quoteNotFound', 'error'],
      ['draftNote', 'note'],
    ]);
    expect(r.stderr).toBe('');
  });
});
