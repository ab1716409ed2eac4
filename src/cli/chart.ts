// briefpress chart: one Vega-Lite or Vega spec -> a one-page vector PDF sized to the chart.
import { basename, dirname, resolve } from 'node:path';
import { renderChart, warningsWorthSaying } from '../chart/chart.js';
import { BriefError, isBriefError } from '../errors.js';
import { readUserText } from '../files.js';
import { msg } from '../messages.js';
import { DEFAULT_BUDGET } from '../defaults.js';
import { BudgetExceeded, withinBudget } from '../runtime/budget.js';
import { fontService } from '../fonts/fonts.js';
import { chartPage } from '../layout/layout.js';
import { sourceDateEpoch } from '../build.js';
import type { Standard } from '../paint/metadata.js';
import { paint } from '../paint/paint.js';
import { outputTarget, STDOUT } from '../write/target.js';
import { writeAtomic } from '../write/write.js';

export interface ChartCommand {
  spec: string;
  output: string;
  dataDir?: string;
  theme?: string;
  width?: number;
  standard?: Standard;
  alt?: string;
  /** Seconds and megabytes the chart may take (a runaway expression is stopped, not waited for). */
  budget?: { seconds: number; memoryMb: number };
}

export async function chartCommand(o: ChartCommand): Promise<{ width: number; height: number; bytes: number; warnings: string[] }> {
  const specPath = resolve(o.spec);
  const target = outputTarget(o.output, { dirs: [], files: [specPath] });
  let config: Record<string, unknown> | undefined;
  const base = o.theme === 'vega' ? 'vega' : 'print';
  if (o.theme && o.theme !== 'print' && o.theme !== 'vega') {
    try {
      const t = JSON.parse(readUserText(resolve(o.theme), 'theme', { stage: 'chart', name: o.theme })) as Record<string, unknown>;
      // A theme file is a Vega-Lite config, alone or under "config" (as vega-themes publishes them).
      config = (t.config as Record<string, unknown>) ?? t;
    } catch (e) {
      if (isBriefError(e)) throw e;
      throw new BriefError({ id: 'chartThemeUnreadable', stage: 'chart', place: { file: o.theme }, reason: msg.chartThemeUnreadable((e as Error).message), hint: msg.chartThemeUnreadableHint() });
    }
  }
  const budget = o.budget ?? DEFAULT_BUDGET;
  let scene;
  try {
    scene = await withinBudget(budget, () => renderChart({ specPath, alt: o.alt ?? '' }, {}, { dataDir: resolve(o.dataDir ?? dirname(specPath)), config, width: o.width, theme: base }));
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e;
    const [id, reason, hint] =
      e.overrun === 'time'
        ? (['briefTimeout', msg.briefTimeout(budget.seconds, false), msg.briefTimeoutHint('--timeout')] as const)
        : (['briefMemory', msg.briefMemory(budget.memoryMb, false), msg.briefMemoryHint('--memory')] as const);
    throw new BriefError({ id, stage: 'chart', kind: 'build', place: { file: o.spec }, reason: reason.replace('the brief', 'the chart'), hint });
  }
  const layout = chartPage(scene);
  const pdf = await paint(layout, fontService(), {
    title: basename(specPath),
    author: 'briefpress',
    subject: scene.alt,
    language: 'en',
    // A chart has no date of its own: a fixed one keeps the bytes reproducible.
    creationDate: sourceDateEpoch() ?? new Date(0),
    standard: o.standard,
  });
  if (target === STDOUT) process.stdout.write(pdf);
  else writeAtomic(target, pdf);
  return { width: scene.width, height: scene.height, bytes: pdf.length, warnings: o.width === undefined ? scene.warnings : warningsWorthSaying(scene.warnings) };
}
