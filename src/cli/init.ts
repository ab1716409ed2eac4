// briefpress init: a new brief folder from the templates, with a draft fact base when an article is given.
import { readUserText } from '../files.js';
import { isCalendarDate } from '../load/schema.js';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { BriefError } from '../errors.js';
import { draftYaml, extractFacts, impliedDate, publisherOf } from '../extract/extract.js';

/** What a draft writes where its source did not say: refused by check and build at its line. */
const TODO = 'TODO';
import { msg } from '../messages.js';

export interface InitOptions {
  root: string;
  name: string;
  /** An article to copy in as the first source and extract candidate facts from. */
  from?: string;
  /** The brief's date; when absent, the article's own date, else TODO (a brief with no article: today). */
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
  if (o.date !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(o.date) || !isCalendarDate(o.date))) {
    throw new BriefError({ stage: 'cli', reason: msg.initBadDate(o.date), hint: msg.initBadDateHint() });
  }

  const article = o.from ? readUserText(o.from, 'article', { stage: 'cli' }) : undefined;
  const sourceId = o.from ? slug(basename(o.from, extname(o.from))).slice(0, 40) : 'notes';
  const sourceFile = `sources/${o.from ? basename(o.from) : 'notes.txt'}`;
  // Dates and publishers come from the article or stay TODO, which check and build refuse at their
  // line: a draft must never state what its source does not (today's date was not the article's).
  const date = o.date ?? (article ? (impliedDate(article)?.length === 10 ? impliedDate(article)! : TODO) : o.today);
  // A headline's emoji or pictograph has no glyph in the brief's fonts: the draft must build at once.
  const firstLine = article?.split('\n').find((l) => l.trim())?.replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, '').replace(/\s+/g, ' ').trim() || undefined;
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
  const source = { id: sourceId, publisher: (article && publisherOf(article)) || (article ? TODO : 'Your notes'), title: firstLine ?? 'Notes', date, file: sourceFile };
  const yaml = draftYaml(drafted, source, schema, meta);

  // Made whole in a hidden folder beside it, then renamed: a failed step leaves no half-made brief.
  const temp = join(o.root, 'briefs', `.${o.name}.init-${process.pid}`);
  try {
    mkdirSync(join(temp, 'sources'), { recursive: true });
    writeFileSync(join(temp, sourceFile), article ?? 'Paste the source text here; every fact quotes a sentence of it.\n', { flag: 'wx' });
    writeFileSync(join(temp, 'brief.yaml'), yaml, { flag: 'wx' });
    writeFileSync(join(temp, 'content.md.hbs'), content(sourceId, lead?.id), { flag: 'wx' });
    if (existsSync(dir)) throw new BriefError({ stage: 'cli', place: { file: dir }, reason: msg.initExists(dir), hint: msg.initExistsHint() });
    renameSync(temp, dir);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    if (e instanceof BriefError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new BriefError({ stage: 'write', kind: 'build', place: { file: dir }, reason: msg.outputUnwritable(dir, `${err.code ?? ''}: ${err.message}`), hint: msg.outputUnwritableHint(), cause: e });
  }
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
