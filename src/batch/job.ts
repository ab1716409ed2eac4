// One brief, built and written: what a worker thread (or the main thread, for one job) runs.
import { buildBrief, sourceDateEpoch, type BuildOptions } from '../build.js';
import { isBriefError, formatError, problemsOf, type Problem } from '../errors.js';
import { compareContent } from '../editions/compare.js';
import type { Content } from '../editions/content.js';
import { decideEdition, editionContent, publishEdition, readHistory, type Edition } from '../write/editions.js';
import { writeAtomic } from '../write/write.js';

export interface Job {
  brief: string;
  output: string;
  options: BuildOptions;
  /** Number and keep editions beside the PDF (build); watch writes drafts over the PDF, no edition. */
  editions?: boolean;
  /** Where the web twin goes, when the build makes one (options.twin). */
  twin?: string;
}

export interface JobResult {
  brief: string;
  output: string;
  status: 'built' | 'failed';
  pages?: number;
  bytes?: number;
  ms: number;
  /** Formatted problem (file:line: error[stage]: reason), for the report. */
  error?: string;
  /** What went wrong (failed) or what the build let pass (built: warnings), as data for --json and the report. */
  problems: Problem[];
  /** exit-code class of the failure: input (the brief is wrong) or build. */
  errorKind?: 'input' | 'build';
  /** Settings that did not come from the project's defaults, and where they came from (--verbose). */
  settings?: string[];
  stack?: string;
  /** The edition built, and whether this build issued it (its content differs from the edition before). */
  edition?: number;
  issued?: boolean;
  /** The web twin written beside the output. */
  twin?: { output: string; bytes: number };
}

/** The day an edition is issued: SOURCE_DATE_EPOCH's (checked as the PDF's dates are), else today, in UTC. */
export function issueDay(): string {
  return (sourceDateEpoch() ?? new Date()).toISOString().slice(0, 10);
}

/**
 * Which edition of the brief at `output` a build is, decided from its history when the build knows
 * its content: the build option, and what it decided (for publishEdition). Reads, never writes:
 * the preview shows the edition the next build would issue.
 */
export function editionDecider(output: string) {
  const history = readHistory(output);
  const decided: { edition?: Edition; said?: Content } = {};
  const edition = (content: Content) => {
    decided.said = content;
    const edition = (decided.edition = decideEdition(history, content.hash, issueDay()));
    // From the second edition: what changed since the one before, as that one said it.
    const before = history.find((e) => e.edition === edition.edition - 1);
    const earlier = before ? (editionContent(output, before) as Content | undefined) : undefined;
    return { ...edition, ...(before && earlier ? { changes: { since: before.date, changes: compareContent(earlier, content) } } : {}) };
  };
  return { history, decided, edition };
}

export async function runJob(job: Job, cwd: string): Promise<JobResult> {
  const t0 = performance.now();
  try {
    const editions = job.editions ? editionDecider(job.output) : undefined;
    const r = await buildBrief(job.brief, editions ? { ...job.options, edition: editions.edition } : job.options);
    const { edition, said } = editions?.decided ?? {};
    const beside = r.twin && job.twin ? [{ output: job.twin, bytes: r.twin.bytes }] : [];
    if (editions && edition && said) publishEdition(job.output, r.output.bytes, edition, said.hash, editions.history, said, beside);
    else {
      for (const b of beside) writeAtomic(b.output, b.bytes);
      writeAtomic(job.output, r.output.bytes);
    }
    return {
      ...(edition ? { edition: edition.edition, issued: edition.issued } : {}),
      ...(r.twin && job.twin ? { twin: { output: job.twin, bytes: r.twin.bytes.length } } : {}),
      brief: job.brief,
      output: job.output,
      status: 'built',
      pages: r.layout.pages.length,
      bytes: r.output.bytes.length,
      ms: performance.now() - t0,
      settings: r.settings,
      problems: r.warnings,
    };
  } catch (e) {
    if (isBriefError(e)) return { brief: job.brief, output: job.output, status: 'failed', ms: performance.now() - t0, error: formatError(e, cwd), problems: problemsOf(e), errorKind: e.kind };
    const err = e as Error;
    return { brief: job.brief, output: job.output, status: 'failed', ms: performance.now() - t0, error: `internal error: ${err?.message ?? e}`, problems: [], errorKind: 'build', stack: err?.stack };
  }
}
