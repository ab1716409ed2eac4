// How a build reports: a progress bar on a terminal, one plain line per brief otherwise, JSON for machines.
import { relative } from 'node:path';
import type { BriefResult } from '../batch/batch.js';
import { formatProblem, problemJson, type Problem } from '../errors.js';

export interface ReportOptions {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  /** Progress bar only where a person watches: a terminal on stderr, not cron's mail. */
  tty: boolean;
  cwd: string;
  out: (s: string) => void;
  err: (s: string) => void;
}

/**
 * A count with thousands separators (44,763), as Intl.NumberFormat('en-US') writes a whole number:
 * making that formatter takes ~13 ms, on every cold build that prints its line (a snapshot cannot
 * hold an Intl object).
 */
const fmt = { format: (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',') };

export function reporter(o: ReportOptions) {
  const rel = (p: string) => relative(o.cwd, p) || p;
  let bar = false;
  /** Problems of the run rather than of one brief (a lock taken over, the folder locked). */
  const own: Problem[] = [];
  const line = (r: BriefResult): string => {
    if (r.status === 'built')
      return `built ${rel(r.brief)} -> ${rel(r.output)} (${r.pages} pages, ${fmt.format(r.bytes!)} bytes, ${Math.round(r.ms)} ms)${r.twin ? `, web page ${rel(r.twin.output)} (${fmt.format(r.twin.bytes)} bytes)` : ''}`;
    if (r.status === 'skipped') return `skipped ${rel(r.brief)} (unchanged since ${rel(r.output)} was built)`;
    return `failed ${rel(r.brief)}`;
  };
  return {
    /** A warning about the run itself: printed at once, or kept for the JSON report. */
    warn(p: Problem) {
      if (o.json) own.push(p);
      else o.err(formatProblem(p, o.cwd) + '\n');
    },
    /** The run built nothing (another holds the folder): its one error, as text or as the JSON report. */
    refuse(p: Problem) {
      if (o.json) o.out(JSON.stringify({ ok: false, built: 0, skipped: 0, failed: 0, briefs: [], problems: [...own, p].map((x) => problemJson(x, o.cwd)) }, null, 2) + '\n');
      else o.err(formatProblem(p, o.cwd) + '\n');
    },
    start(total: number) {
      if (o.tty && !o.json && !o.quiet && total > 1) {
        bar = true;
        o.err(`building ${total} briefs\n`);
      }
    },
    result(r: BriefResult, done: number, total: number) {
      if (r.status === 'failed') {
        if (bar) o.err('\r\x1b[K');
        if (!o.json) {
          // One brief: the error is the first line, as a compiler prints it, for editors, CI
          // annotations and people alike. Several: a header says which brief it belongs to.
          o.err(total > 1 ? `${line(r)}:\n${r.error}\n` : `${r.error}\n`);
          if (o.verbose && r.stack) o.err(r.stack + '\n');
        }
      } else if (r.status === 'built' && r.problems.length && !o.json) {
        // Warnings through the same formatter as errors; the items a summary stands for, indented under it.
        const summary = r.problems.find((p) => p.id === 'unverifiedPrinted');
        const under = (p: (typeof r.problems)[number]) => !!summary && p !== summary && p.stage === 'verify';
        const text = r.problems.map((p) => (under(p) ? '  ' + formatProblem(p, o.cwd).replace(/\n/g, '\n  ') : formatProblem(p, o.cwd)));
        o.err(text.join('\n') + '\n');
      }
      if (o.verbose && !o.json && r.status === 'built' && r.settings?.length) o.err(r.settings.map((t: string) => `${rel(r.brief)}: ${t}\n`).join(''));
      if (o.json) return;
      if (bar) {
        const width = 24;
        const filled = Math.round((done / total) * width);
        o.err(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rel(r.brief)}`);
        if (done === total) o.err('\n');
      }
      if (!o.quiet && r.status !== 'failed' && !bar) o.out(line(r) + '\n');
    },
    finish(results: BriefResult[]) {
      const counts = { built: 0, skipped: 0, failed: 0 };
      for (const r of results) counts[r.status]++;
      if (o.json) {
        const briefs = results.map((r) => ({
          brief: rel(r.brief),
          status: r.status,
          output: rel(r.output),
          pages: r.pages ?? null,
          bytes: r.bytes ?? null,
          // The web twin written beside it (--format pdf,html), if this run wrote one.
          twin: r.status === 'built' && r.twin ? { output: rel(r.twin.output), bytes: r.twin.bytes } : null,
          ms: Math.round(r.ms),
          error: r.status === 'failed' ? r.error : null,
          // Which edition the PDF is, and whether this run issued it (its content changed).
          edition: r.status === 'failed' ? null : (r.edition ?? null),
          changed: r.status === 'built' ? (r.issued ?? null) : false,
          // Errors of a failed brief, warnings of a built one: as data, never text to be parsed.
          problems: r.status === 'skipped' ? [] : r.problems.map((p) => problemJson(p, o.cwd)),
        }));
        o.out(JSON.stringify({ ok: counts.failed === 0, ...counts, briefs, problems: own.map((p) => problemJson(p, o.cwd)) }, null, 2) + '\n');
      } else if (!o.quiet && results.length > 1) {
        o.out(`${counts.built} built, ${counts.skipped} skipped, ${counts.failed} failed\n`);
      }
      return counts;
    },
  };
}
