// briefpress diff OLD.pdf NEW.pdf: what changed between two built briefs, from the two files alone.
import { resolve } from 'node:path';
import { EXIT, type Command } from '../command.js';

interface DiffArgs {
  old: string;
  new: string;
  json: boolean;
}

export const diff: Command<DiffArgs> = {
  command: 'diff <old> <new>',
  describe: 'What changed between two PDFs briefpress built: figures old -> new, facts added and removed, blocks word by word',
  builder: (y) =>
    y
      .positional('old', { type: 'string', demandOption: true, describe: 'The earlier PDF' })
      .positional('new', { type: 'string', demandOption: true, describe: 'The later PDF' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the changes as JSON' })
      .example('$0 diff tuesday.pdf thursday.pdf', 'Exit 0 when the content is the same, 1 when it differs')
      .epilogue('Exit codes (as diff):\n  0 the same content\n  1 the content differs\n  2 a file is not a PDF briefpress built with its fact base'),
  json: (args) => args.json,
  async run(args, io) {
    const { readFactBase } = await import('../../preflight/facts.js');
    const { contentOfFactBase } = await import('../../editions/factbase.js');
    const { compareContent } = await import('../../editions/compare.js');
    const { blockChanges, chartChanges, diffText } = await import('../../editions/report.js');
    const before = await readFactBase(resolve(io.cwd, args.old));
    const after = await readFactBase(resolve(io.cwd, args.new));
    const changes = compareContent(contentOfFactBase(before), contentOfFactBase(after));
    const blocks = blockChanges(changes);
    const charts = chartChanges(before, after);
    const same = before.content.hash === after.content.hash;
    if (args.json) {
      const fact = (f: { id: string }, base: typeof before) => base.facts.find((x) => x.id === f.id)!;
      io.out(
        JSON.stringify(
          {
            same,
            old: { file: args.old, brief: before.brief.name, edition: before.edition, content: before.content.hash },
            new: { file: args.new, brief: after.brief.name, edition: after.edition, content: after.content.hash },
            figures: changes.figures.map((c) => ({ id: c.id, before: fact(c, before), after: fact(c, after) })),
            added: changes.added.map((f) => fact(f, after)),
            removed: changes.dropped.map((f) => fact(f, before)),
            blocks,
            charts,
            sections: [...new Set([...changes.changed, ...changes.removed].map((u) => u.section))],
          },
          null,
          2,
        ) + '\n',
      );
    } else io.out(diffText(before, after, changes, blocks, charts));
    return same ? EXIT.ok : EXIT.failed;
  },
};
