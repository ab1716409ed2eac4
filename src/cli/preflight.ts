// briefpress preflight: runs the accessibility and print checks on PDF files and prints what fails, file by file.
import { readFileSync, statSync } from 'node:fs';
import { preflight, type PreflightOptions, type PreflightReport } from '../preflight/preflight.js';

export interface PreflightCommandOptions extends PreflightOptions {
  json: boolean;
  readingOrder: boolean;
}

/** Exit 0 when every file passes, 1 when a check fails, 2 when a file cannot be read as a PDF. */
export async function preflightCommand(files: string[], o: PreflightCommandOptions, out: (t: string) => void, err: (t: string) => void): Promise<number> {
  let code = 0;
  const reports: ({ file: string } & (PreflightReport | { error: string }))[] = [];
  for (const file of files) {
    let report: PreflightReport;
    try {
      if (!statSync(file).isFile()) throw new Error('not a regular file');
      report = await preflight(readFileSync(file), o);
    } catch (e) {
      const reason = (e as Error).message;
      reports.push({ file, error: reason });
      if (!o.json) err(`${file}: error[preflight]: cannot read it as a PDF: ${reason}\n  hint: pass a PDF file\n`);
      code = 2;
      continue;
    }
    reports.push({ file, ...report });
    if (!report.ok) code = Math.max(code, 1);
    if (o.json) continue;
    const failed = report.checks.filter((c) => c.failures.length);
    const claims = report.claims.length ? `claims ${report.claims.join(' + ')}` : 'claims no standard';
    out(`${file}: ${report.ok ? 'ok' : `${failed.length} of ${report.checks.length} checks failed`} (${report.pages} page${report.pages === 1 ? '' : 's'}, ${claims})\n`);
    for (const c of report.checks) {
      out(`  ${c.failures.length ? 'FAIL' : 'ok  '} ${c.id}: ${c.title}\n`);
      for (const f of c.failures.slice(0, 10)) out(`       ${f}\n`);
      if (c.failures.length > 10) out(`       ... and ${c.failures.length - 10} more\n`);
    }
    if (o.readingOrder) for (const line of report.readingOrder) out(`  | ${line}\n`);
  }
  if (o.json) out(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
  return code;
}
