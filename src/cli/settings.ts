// What a build is asked for: the command line's options, else the project's briefpress.yaml, else
// briefpress's defaults. Shared by build and watch.
import type { Project } from '../brief.js';
import type { RenderOptions } from '../build.js';
import { DEFAULT_BUDGET, DEFAULT_PAPER, DEFAULT_STANDARD } from '../defaults.js';
import { BriefError } from '../errors.js';
import { msg } from '../messages.js';
import { CHANGE_NOTICES, PAPERS, STANDARDS, type ChangeNotice, type Paper, type Standard } from '../print.js';

/** Options of every command that renders a brief (build, watch). */
export const RENDER_OPTIONS = {
  output: { alias: 'o', type: 'string', describe: 'PDF to write, for one brief (default: <project>/output/<brief-folder>.pdf)' },
  // No defaults here for what briefpress.yaml may set: an option left out takes the project's value.
  paper: { type: 'string', choices: PAPERS, describe: "Paper size (default: the project's, else a4)" },
  root: { type: 'string', describe: 'Project root, the folder with briefpress.yaml (default: found from the brief)' },
  'allow-unverified': { type: 'boolean', default: false, describe: 'Render a brief that fails the provenance check, unverified figures marked' },
  annex: { type: 'boolean', describe: 'Append the "Fact base" annex: each fact, its value, its quoted sentence' },
  'chart-data': { type: 'boolean', describe: 'Append "Annex: Chart data": each figure\'s data as a tagged table' },
  standard: { type: 'string', choices: STANDARDS, describe: 'Conformance: PDF/UA-1 + PDF/A-3a with the fact base attached (default); ua+a2a (no attachment), ua, a3b, a2b, none' },
  changes: {
    type: 'string',
    choices: CHANGE_NOTICES,
    describe: "What an edition from the second on shows of what changed: box (the Changes box and change bars) or none (default: the project's, else the theme's)",
  },
} as const;

export interface RenderArgs {
  paper?: string;
  annex?: boolean;
  allowUnverified: boolean;
  standard?: string;
  chartData?: boolean;
  changes?: string;
  briefTimeout?: number;
  briefMemory?: number;
}

/**
 * What a build is asked for, and what one brief may take. Briefs of several projects built at
 * once must agree on them.
 */
export function buildSettings(args: RenderArgs, projects: Project[]): { render: RenderOptions; budget: { seconds: number; memoryMb: number } } {
  const configs = [...new Set(projects)].map((p) => p.config);
  const one = <T>(get: (c: Project['config']) => T, name: string): T | undefined => {
    const values = [...new Set(configs.map(get))];
    if (values.length > 1) throw new BriefError({ stage: 'cli', id: 'projectsDisagree', reason: msg.projectsDisagree(name), hint: msg.projectsDisagreeHint(name) });
    return values[0];
  };
  return {
    render: {
      paper: (args.paper ?? one((c) => c.paper, 'paper') ?? DEFAULT_PAPER) as Paper,
      annex: args.annex ?? one((c) => c.annex, 'annex') ?? false,
      allowUnverified: args.allowUnverified,
      standard: (args.standard ?? one((c) => c.standard, 'standard') ?? DEFAULT_STANDARD) as Standard,
      chartData: args.chartData ?? one((c) => c.chart_data, 'chart_data') ?? false,
      // Unsaid, the theme decides (its changes.notice).
      changes: (args.changes ?? one((c) => c.changes, 'changes')) as ChangeNotice | undefined,
    },
    budget: {
      seconds: args.briefTimeout ?? one((c) => c.brief_timeout, 'brief_timeout') ?? DEFAULT_BUDGET.seconds,
      memoryMb: args.briefMemory ?? one((c) => c.brief_memory, 'brief_memory') ?? DEFAULT_BUDGET.memoryMb,
    },
  };
}
