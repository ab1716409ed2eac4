// briefpress facts extract: candidate facts drafted from articles, each with its sentence.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { BriefError } from '../../errors.js';
import { findRoot } from '../../load/project.js';
import { msg } from '../../messages.js';
import { writeAtomic } from '../../write/write.js';
import type { Command } from '../command.js';

interface ExtractArgs {
  articles: string[];
  sourceId?: string;
  output?: string;
  force: boolean;
}

export const factsExtract: Command<ExtractArgs> = {
  command: 'extract <articles..>',
  describe: 'Draft candidate facts from articles: each figure, date and named actor, with its sentence',
  builder: (y) =>
    y
      .positional('articles', { type: 'string', array: true, demandOption: true, describe: 'Plain-text articles' })
      .option('source-id', { type: 'string', describe: 'Source id the facts cite (default: from the file name; one article only)' })
      .option('output', { alias: 'o', type: 'string', describe: 'YAML file to write (default: standard output)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace an existing output file' })
      .example('$0 facts extract article.txt --source-id ap-2024-04-17 -o draft.yaml', 'Write candidate facts for editing'),
  async run(args, io) {
    const files = (args.articles ?? []).map((a) => resolve(String(a)));
    if (args.sourceId && files.length > 1) throw new BriefError({ stage: 'cli', id: 'sourceIdOneArticle', reason: msg.sourceIdOneArticle(), hint: msg.sourceIdOneArticleHint() });
    const { readUserText } = await import('../../files.js');
    const out = args.output ? resolve(args.output) : undefined;
    const here = out ? dirname(out) : io.cwd;
    const root = findRoot(here) ?? io.cwd;
    const schema = relative(here, join(root, 'schema', 'brief.schema.json'));
    const { draftArticles, draftYaml } = await import('../../extract/extract.js');
    const { articles, facts } = draftArticles(
      files.map((path) => ({ path, text: readUserText(path, 'article', { stage: 'cli' }) })),
      (path) => relative(here, path),
      args.sourceId,
    );
    const yaml = draftYaml(
      facts,
      articles.map((a) => a.source),
      schema,
    );
    if (!out) return void io.out(yaml);
    if (existsSync(out) && !args.force) throw new BriefError({ stage: 'cli', place: { file: out }, id: 'outputExists', reason: msg.outputExists(out), hint: msg.outputExistsHint() });
    writeAtomic(out, Buffer.from(yaml));
    io.err(`wrote ${out}\n`);
  },
};
