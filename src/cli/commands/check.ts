// briefpress check: provenance without rendering (quotes in sources, numbers and dates in quotes, facts used).
import { formatError, formatProblem, problem, problemJson, problemsOf, type Problem } from '../../errors.js';
import { givenRoot } from '../../load/project.js';
import { msg } from '../../messages.js';
import { EPILOGUE, EXIT, type Command } from '../command.js';

interface CheckArgs {
  brief: string;
  root?: string;
  json: boolean;
}

export const check: Command<CheckArgs> = {
  command: 'check <brief>',
  describe: 'Check provenance without rendering: quotes in sources, numbers and dates in quotes, facts used',
  builder: (y) =>
    y
      .positional('brief', { type: 'string', demandOption: true, describe: 'Brief folder' })
      .option('root', { type: 'string', describe: 'Project root (default: found from the brief)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the problems as JSON on stdout (id, severity, file, line, column, reason, hint)' })
      .example('$0 check briefs/karabakh-peacekeepers', 'Exit 0 when every figure is traced to its sentence, 2 otherwise')
      .epilogue(EPILOGUE),
  json: (args) => args.json,
  async run(args, io) {
    const { loadBrief } = await import('../../load/load.js');
    const { verify, checkUsage, provenanceError } = await import('../../verify/verify.js');
    const { compose } = await import('../../compose/compose.js');
    const brief = loadBrief(args.brief, { root: args.root ? givenRoot(args.root, io.cwd) : undefined });
    const provenance = verify(brief);
    const { chartDatasets, chartFieldErrors } = await import('../../chart/chart.js');
    const composed = compose(brief);
    // A field a chart names that its data lacks would print an empty figure: check finds it too.
    const datasets = chartDatasets(brief);
    const chartProblems = brief.charts.filter((c) => composed.figures.includes(c.id)).flatMap((c) => chartFieldErrors(c, datasets, brief.dir));
    const { placeholders } = await import('../../verify/placeholders.js');
    const unwritten = placeholders(brief);
    const problems = [...(brief.meta.draft ? [] : unwritten), ...provenance.problems, ...checkUsage(brief, composed.usedFacts), ...chartProblems];
    const said: Problem[] = [];
    if (brief.meta.draft) said.push(problem({ id: 'draftNote', stage: 'verify', place: { file: brief.file, field: 'meta.draft' }, reason: msg.draftNote(unwritten.length) }));
    const c = provenance.checked;
    const counted = `${c.facts} facts, ${c.rows} dataset rows, ${c.events} timeline events (${c.quotes} quotes)`;
    // Sources that disagree are reported, not refused: the brief may say so (disputed: true).
    const { formatFact } = await import('../../compose/format.js');
    for (const d of provenance.disagreements) {
      const [a, b] = d.facts;
      const details = [a, b].map((f) => `${f.source}: ${formatFact(f)}: "${f.quotes[0]}"`);
      said.push(problem({ id: 'factsDisagree', stage: 'verify', place: d.place, reason: msg.factsDisagree(a.id, b.id, d.what), details, hint: msg.factsDisagreeHint() }));
    }
    if (args.json) {
      const all = [...problems.flatMap(problemsOf), ...said];
      io.out(JSON.stringify({ ok: !problems.length, brief: brief.name, checked: c, problems: all.map((p) => problemJson(p, io.cwd)) }, null, 2) + '\n');
      return problems.length ? EXIT.badInput : EXIT.ok;
    }
    for (const p of said) io.err(formatProblem(p, io.cwd) + '\n');
    if (problems.length) {
      io.err(formatError(provenanceError(problems), io.cwd) + '\n');
      io.err(`${brief.name}: ${problems.length} problem(s) in ${counted}\n`);
      return EXIT.badInput;
    }
    const warned = provenance.disagreements.length ? `, ${provenance.disagreements.length} disagreement(s) between sources to acknowledge` : '';
    io.out(`${brief.name}: clean: ${counted} traced to their sources${warned}\n`);
  },
};
