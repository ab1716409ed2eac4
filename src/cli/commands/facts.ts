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

interface ReadArgs {
  pdf?: string;
  json: boolean;
}

/** briefpress facts FILE.pdf: the fact base a built PDF carries, with no project needed. */
export const factsRead: Command<ReadArgs> = {
  command: 'facts [pdf]',
  describe: "Work with a brief's facts: those a built PDF carries (facts FILE.pdf), or draft them (facts extract)",
  builder: (y) =>
    y
      .positional('pdf', { type: 'string', describe: 'A PDF briefpress built: prints the facts it carries' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the fact base as it is attached, JSON' })
      .example('$0 facts output/karabakh-peacekeepers.pdf', "Each figure with its quoted sentence and source, each chart's rows")
      .example('$0 facts extract article.txt', 'Draft candidate facts from an article')
      .epilogue('Exit codes:\n  0 printed\n  2 not a PDF, or one that carries no fact base'),
  json: (args) => args.json,
  async run(args, io) {
    if (!args.pdf) throw new BriefError({ stage: 'cli', id: 'factsWhat', reason: msg.factsWhat(), hint: msg.factsWhatHint() });
    const { readFactBase } = await import('../../preflight/facts.js');
    const { factsText } = await import('../../editions/report.js');
    const base = await readFactBase(resolve(io.cwd, args.pdf));
    io.out(args.json ? JSON.stringify(base, null, 2) + '\n' : factsText(base));
  },
};
