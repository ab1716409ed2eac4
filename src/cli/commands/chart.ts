// briefpress chart: one Vega-Lite or Vega spec to a one-page vector PDF sized to the chart.
import { DEFAULT_BUDGET, DEFAULT_STANDARD } from '../../defaults.js';
import { formatProblem, problem } from '../../errors.js';
import { msg } from '../../messages.js';
import { STANDARDS, type Standard } from '../../print.js';
import { STDOUT } from '../../write/target.js';
import type { Command } from '../command.js';

interface ChartArgs {
  spec: string;
  output: string;
  dataDir?: string;
  theme: string;
  width?: number;
  standard: string;
  alt?: string;
  timeout: number;
  memory: number;
}

export const chart: Command<ChartArgs> = {
  command: 'chart <spec>',
  describe: 'Render one Vega-Lite or Vega spec to a one-page vector PDF sized to the chart',
  builder: (y) =>
    y
      .positional('spec', { type: 'string', demandOption: true, describe: 'Vega-Lite or Vega spec (JSON)' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'PDF to write' })
      .option('data-dir', { type: 'string', describe: "The only folder relative data URLs may read (default: the spec's folder)" })
      .option('theme', {
        type: 'string',
        default: 'print',
        describe: "print (greys and sizes for paper), vega (Vega-Lite's own defaults: the spec's own look), or a Vega-Lite config (JSON file) laid over print",
      })
      .option('width', { type: 'number', describe: "Outer width in points (default: the spec's own)" })
      .option('standard', { type: 'string', choices: STANDARDS, default: DEFAULT_STANDARD, describe: 'Conformance: PDF/UA-1 + PDF/A-2a (default), or less: ua, a2b, none' })
      .option('alt', { type: 'string', describe: "Alternative text (default: the spec's description, else one generated from the chart)" })
      .option('timeout', { type: 'number', default: DEFAULT_BUDGET.seconds, describe: 'Seconds the chart may take before it is stopped' })
      .option('memory', { type: 'number', default: DEFAULT_BUDGET.memoryMb, describe: 'Memory in MB the chart may use before it is stopped' })
      .check((a) => {
        if (!(Number(a.timeout) >= 1)) return '--timeout takes a number of seconds, 1 or more';
        if (!(Number(a.memory) >= 64)) return '--memory takes megabytes, 64 or more';
        return true;
      })
      .example('$0 chart charts/troops.vl.json -o troops.pdf', 'A spec with inline or named data')
      .example('$0 chart cars.vl.json -o cars.pdf --data-dir node_modules/vega-datasets', 'Data from "data/cars.json" inside --data-dir')
      .epilogue(
        [
          'Exit codes:',
          '  0 the chart was written',
          '  1 it was stopped at --timeout or --memory, or the PDF could not be written',
          '  2 the spec, its data or the command line is wrong (the message names file:line)',
        ].join('\n'),
      ),
  async run(args, io) {
    const { chartCommand } = await import('../chart.js');
    const r = await chartCommand({
      spec: args.spec,
      output: args.output,
      dataDir: args.dataDir,
      theme: args.theme,
      width: args.width,
      standard: args.standard as Standard,
      alt: args.alt,
      budget: { seconds: args.timeout, memoryMb: args.memory },
    });
    for (const w of r.warnings) io.err(formatProblem(problem({ id: 'vegaLite', stage: 'chart', place: { file: args.spec }, reason: msg.vegaLite(w), hint: msg.vegaLiteHint() }), io.cwd) + '\n');
    if (args.output !== STDOUT) io.out(`wrote ${args.output} (${r.width.toFixed(0)} x ${r.height.toFixed(0)} pt, ${r.bytes} bytes)\n`);
  },
};
