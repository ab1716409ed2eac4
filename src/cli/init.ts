// briefpress init: a new brief folder from the templates, with a draft fact base when an article is given.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { BriefError } from '../errors.js';
import { draftYaml, extractFacts, impliedDate } from '../extract/extract.js';
import { msg } from '../messages.js';

export interface InitOptions {
  root: string;
  name: string;
  /** An article to copy in as the first source and extract candidate facts from. */
  from?: string;
  /** The brief's date; the article's implied publication date, else today, when absent. */
  date?: string;
  today: string;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'source';
}

export function initBrief(o: InitOptions): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(o.name)) {
    throw new BriefError({ stage: 'cli', reason: msg.initBadName(o.name), hint: msg.initBadNameHint() });
  }
  const dir = join(o.root, 'briefs', o.name);
  if (existsSync(dir)) throw new BriefError({ stage: 'cli', place: { file: dir }, reason: msg.initExists(dir), hint: msg.initExistsHint() });
  if (o.from && !existsSync(o.from)) throw new BriefError({ stage: 'cli', place: { file: o.from }, reason: msg.fileMissing('article', o.from), hint: msg.fileMissingHint('article') });

  const article = o.from ? readFileSync(o.from, 'utf8') : undefined;
  const sourceId = o.from ? slug(basename(o.from, extname(o.from))).slice(0, 40) : 'notes';
  const sourceFile = `sources/${o.from ? basename(o.from) : 'notes.txt'}`;
  const date = o.date ?? (article && impliedDate(article)?.length === 10 ? impliedDate(article)! : o.today);
  const firstLine = article?.split('\n').find((l) => l.trim())?.trim();
  const facts = article ? extractFacts(article, sourceId, date) : [];
  // The first count is cited in the starter text, so it is no longer background.
  const lead = facts.find((f) => f.kind === 'count');
  const drafted = facts.map((f) => (f === lead ? (({ background: _b, ...rest }) => rest)(f) : f));

  const schema = relative(dir, join(o.root, 'schema', 'brief.schema.json'));
  const meta = {
    meta: {
      title: firstLine ?? `Brief: ${o.name}`,
      date,
      classification: 'UNCLASSIFIED // DRAFT',
      desk: 'Your desk',
      audience: 'Policy staff',
      language: 'en',
    },
  };
  const source = { id: sourceId, publisher: 'Publisher of the source', title: firstLine ?? 'Notes', date, file: sourceFile };
  const yaml = draftYaml(drafted, source, schema, meta);

  mkdirSync(join(dir, 'sources'), { recursive: true });
  if (o.from) copyFileSync(o.from, join(dir, sourceFile));
  else writeFileSync(join(dir, sourceFile), 'Paste the source text here; every fact quotes a sentence of it.\n');
  writeFileSync(join(dir, 'brief.yaml'), yaml, { flag: 'wx' });
  writeFileSync(join(dir, 'content.md.hbs'), content(sourceId, lead?.id), { flag: 'wx' });
  return dir;
}

function content(sourceId: string, leadFact?: string): string {
  return `{{#> key-judgments}}
- First key judgment: what the reader must know.{{cite "${sourceId}"}}
- Second key judgment.
- Third key judgment.
{{/key-judgments}}

## Background

${leadFact ? `The source reports {{fact "${leadFact}"}}.{{cite "${sourceId}"}} ` : ''}Write the background here. Pull every figure in from brief.yaml with \\{{fact "id"}}, so check can trace it to its sentence.

## Implications

*The judgments in this section are the desk's assessment, not reporting from the source.*

- What follows for policy.
`;
}
