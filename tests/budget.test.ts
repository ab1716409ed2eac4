// The budget of one brief built in-process: a watch thread that can stop a synchronous loop, started
// at once or only when the work reaches what input can make run away (issue 10: the thread costs a
// cold build ~30 ms and ~15 MB, and a brief whose charts come from the disk cache needs none).
// Each case runs in a process of its own: the watch stops the main thread, which under vitest is
// not the one running the test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/project.js';

const WATCHDOG = pathToFileURL(join(ROOT, 'dist', 'runtime', 'budget.js')).href;

/** Runs `body` (an async function's body, with withinBudget, watchFromHere, stuck and sleep in scope) and returns what it printed. */
function scenario(body: string): string {
  const script = `
import { BudgetExceeded, watchFromHere, withinBudget } from ${JSON.stringify(WATCHDOG)};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const stuck = () => { for (;;) {} };
const t0 = performance.now();
try {
  const r = await (async () => { ${body} })();
  console.log('result', r);
} catch (e) {
  console.log(e instanceof BudgetExceeded ? 'over ' + e.overrun : 'error ' + e.message);
}
console.log('ms', Math.round(performance.now() - t0));
`;
  // A file, not -e: the inspector does not stop a script evaluated from the command line.
  const file = join(mkdtempSync(join(tmpdir(), 'briefpress-watch-')), 'scenario.mjs');
  writeFileSync(file, script);
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 });
  return r.stdout + r.stderr;
}

describe('withinBudget', () => {
  it('stops a synchronous loop at the budget, watching from the start', () => {
    const r = scenario(`return withinBudget({ seconds: 1, memoryMb: 4096 }, async () => { await sleep(10); stuck(); });`);
    expect(r).toContain('over time');
  });

  it('on demand, starts watching when the work asks, with the seconds that are left', () => {
    const r = scenario(`return withinBudget({ seconds: 2, memoryMb: 4096 }, async () => { await sleep(1200); watchFromHere(); await sleep(50); stuck(); }, { watch: 'on demand' });`);
    expect(r).toContain('over time');
    // Stopped at the 2 s budget counted from the start, not 2 s after the watch began.
    const took = Number(/ms (\d+)/.exec(r)![1]);
    expect(took).toBeGreaterThan(1_900);
    expect(took).toBeLessThan(3_100);
  });

  it('on demand, runs work that never asks to completion; a later call starts no watch', () => {
    const r = scenario(`const v = await withinBudget({ seconds: 1, memoryMb: 4096 }, async () => (await sleep(1300), 'done'), { watch: 'on demand' }); watchFromHere(); await sleep(1200); return v;`);
    expect(r).toContain('result done');
  });
});
