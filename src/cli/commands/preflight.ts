// briefpress preflight: any PDF, ours or not, checked for tagging, reading order, metadata and print.
import { MIN_TEXT_SIZE, PRINTER_MARGIN_MM } from '../../print.js';
import type { Command } from '../command.js';

interface PreflightArgs {
  files: string[];
  minTextSize: number;
  printMargin: number;
  readingOrder: boolean;
  json: boolean;
}

export const preflight: Command<PreflightArgs> = {
  command: 'preflight <files..>',
  describe: 'Check any PDF (ours or not) for tagging, reading order, metadata and print problems',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'PDF files' })
      .option('min-text-size', { type: 'number', default: MIN_TEXT_SIZE, describe: 'Smallest text size in points that passes' })
      .option('print-margin', { type: 'number', default: PRINTER_MARGIN_MM, describe: 'Millimetres from the paper edge that must stay blank (0 for a chart to embed)' })
      .option('reading-order', { type: 'boolean', default: false, describe: "Print the structure tree's text in reading order" })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
      .example('$0 preflight output/karabakh-peacekeepers.pdf', 'Exit 0 when every check passes, 1 when any fails')
      .example('$0 preflight troops.pdf --print-margin 0', 'A chart made by briefpress chart, drawn to its edges')
      .epilogue('Exit codes:\n  0 every check passed\n  1 a check failed (each failure is listed)\n  2 a file could not be read as a PDF'),
  json: (args) => args.json,
  async run(args, io) {
    const { preflightCommand } = await import('../preflight.js');
    return preflightCommand(args.files, { minTextSize: args.minTextSize, printMargin: args.printMargin, json: args.json, readingOrder: args.readingOrder }, io.out, io.err);
  },
};
