// briefpress editions: the editions a brief was issued in, newest last, and where each is kept.
import { join, relative } from 'node:path';
import { discoverBriefs } from '../../batch/discover.js';
import { editionsDir, readHistory } from '../../write/editions.js';
import { EPILOGUE, EXIT, type Command } from '../command.js';

interface EditionsArgs {
  brief: string;
  root?: string;
  output?: string;
  json: boolean;
}

export const editions: Command<EditionsArgs> = {
  command: 'editions <brief>',
  describe: 'List the editions a brief was issued in: number, date, the PDF kept for each',
  builder: (y) =>
    y
      .positional('brief', { type: 'string', demandOption: true, describe: 'Brief folder' })
      .option('root', { type: 'string', describe: 'Project root (default: found from the brief)' })
      .option('output', { alias: 'o', type: 'string', describe: 'The PDF the brief is built to, if not the project default' })
      .option('json', { type: 'boolean', default: false, describe: 'Print them as JSON: edition, date, path, content hash' })
      .example('$0 editions briefs/karabakh-peacekeepers', 'Every edition, the latest last')
      .epilogue(EPILOGUE),
  json: (args) => args.json,
  async run(args, io) {
    const [brief] = discoverBriefs({ args: [args.brief], all: false, root: args.root, output: args.output, cwd: io.cwd });
    const history = readHistory(brief.output);
    const rel = (p: string) => relative(io.cwd, p) || p;
    const list = history.map((e) => ({ edition: e.edition, date: e.date, path: rel(join(editionsDir(brief.output), e.file)), content: e.content }));
    if (args.json) {
      io.out(JSON.stringify({ brief: rel(brief.dir), latest: rel(brief.output), editions: list }, null, 2) + '\n');
      return EXIT.ok;
    }
    if (!list.length) {
      io.out(`${rel(brief.dir)}: no editions yet (briefpress build ${rel(brief.dir)} issues the first)\n`);
      return EXIT.ok;
    }
    for (const e of list) io.out(`edition ${e.edition}  ${e.date}  ${e.path}${e === list[list.length - 1] ? `  (latest, also at ${rel(brief.output)})` : ''}\n`);
    return EXIT.ok;
  },
};
