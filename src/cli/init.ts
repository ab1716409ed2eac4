// briefpress init: a new brief folder from the templates, with a draft fact base and a drafted
// first paragraph and timeline when articles are given.
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { PACKAGE_ROOT, PROJECT_FILE } from '../load/project.js';
import { BriefError } from '../errors.js';
import { readUserText } from '../files.js';
import { isCalendarDate } from '../load/schema.js';
import { msg } from '../messages.js';
import { datelineLength, draftArticles, draftYaml, storySentences, TODO, type Candidate, type DraftedArticle } from '../extract/extract.js';

export interface InitOptions {
  root: string;
  /** The project's briefs folder (default: <root>/briefs). */
  briefs?: string;
  name: string;
  /** Articles to copy in as sources and extract candidate facts from, in order. */
  from?: string[];
  /** The brief's date; when absent, the latest article's own date, else TODO (a brief with no article: today). */
  date?: string;
  today: string;
}

type Article = DraftedArticle;

export function initBrief(o: InitOptions): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(o.name)) {
    throw new BriefError({ stage: 'cli', id: 'initBadName', reason: msg.initBadName(o.name), hint: msg.initBadNameHint() });
  }
  const briefs = o.briefs ?? join(o.root, 'briefs');
  const dir = join(briefs, o.name);
  if (existsSync(dir)) throw new BriefError({ stage: 'cli', place: { file: dir }, id: 'initExists', reason: msg.initExists(dir), hint: msg.initExistsHint() });
  for (const f of o.from ?? [])
    if (!existsSync(f)) throw new BriefError({ stage: 'cli', place: { file: f }, id: 'fileMissing', reason: msg.fileMissing('article', f), hint: msg.fileMissingHint('article') });
  if (o.date !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(o.date) || !isCalendarDate(o.date))) {
    throw new BriefError({ stage: 'cli', id: 'initBadDate', reason: msg.initBadDate(o.date), hint: msg.initBadDateHint() });
  }

  // Each article is copied in under sources/; two of one name (from two folders) keep both files.
  const names = new Set<string>();
  const { articles, facts } = draftArticles(
    (o.from ?? []).map((path) => ({ path, text: readUserText(path, 'article', { stage: 'cli' }) })),
    (path, id) => {
      const name = names.has(basename(path)) ? `${id}${extname(path)}` : basename(path);
      names.add(name);
      return `sources/${name}`;
    },
  );
  const known = articles
    .map((a) => a.source.date)
    .filter((d) => d !== TODO)
    .sort();
  const date = o.date ?? (!articles.length ? o.today : known.length === articles.length ? known[known.length - 1] : TODO);

  const drafted = draftContent(articles, facts);
  const used = new Set(drafted.used);
  const cited = facts.map((f) => (used.has(f.id) ? (({ background: _b, ...rest }) => rest)(f) : f));

  const schema = relative(dir, join(o.root, 'schema', 'brief.schema.json'));
  const first = articles[0];
  const meta = {
    meta: {
      title: first?.source.title ?? `Brief: ${o.name}`,
      // Unknown, it is left out: the brief then takes its sources' date, whose TODO is the one to write.
      ...(date === TODO && articles.length ? {} : { date }),
      classification: 'UNCLASSIFIED',
      desk: 'TODO: your desk',
      audience: 'Policy staff',
      language: 'en',
      // Builds at once, marked DRAFT on every page; cleared, every TODO left is an error at its line.
      draft: true,
    },
  };
  const sources = articles.length ? articles.map((a) => a.source) : [{ id: 'notes', publisher: 'Your notes', title: 'Notes', date, file: 'sources/notes.txt' }];
  const yaml = draftYaml(cited, sources, schema, meta);

  // Made whole in a hidden folder beside it, then renamed: a failed step leaves no half-made brief.
  const temp = join(briefs, `.${o.name}.init-${process.pid}`);
  try {
    mkdirSync(join(temp, 'sources'), { recursive: true });
    if (!articles.length) writeFileSync(join(temp, 'sources', 'notes.txt'), 'TODO: paste the source text here; every fact quotes a sentence of it.\n', { flag: 'wx' });
    for (const a of articles) writeFileSync(join(temp, a.source.file), a.text, { flag: 'wx' });
    writeFileSync(join(temp, 'brief.yaml'), yaml, { flag: 'wx' });
    writeFileSync(join(temp, 'content.md.hbs'), drafted.content, { flag: 'wx' });
    if (existsSync(dir)) throw new BriefError({ stage: 'cli', place: { file: dir }, id: 'initExists', reason: msg.initExists(dir), hint: msg.initExistsHint() });
    renameSync(temp, dir);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    if (e instanceof BriefError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new BriefError({
      stage: 'write',
      kind: 'build',
      place: { file: dir },
      id: 'outputUnwritable',
      reason: msg.outputUnwritable(dir, `${err.code ?? ''}: ${err.message}`),
      hint: msg.outputUnwritableHint(),
      cause: e,
    });
  }
  return dir;
}

/** Markdown text with Handlebars and Markdown's own characters written as text. */
function literal(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/{{/g, '\\{{')
    .replace(/([*_`[\]#|<>])/g, '\\$1');
}

/**
 * A sentence of the source with its figures and dates drawn from the fact base: each span a fact
 * came from becomes {{fact "id"}}, so that the prose states only what check can trace.
 */
function withFacts(sentence: string, facts: Candidate[], used: string[]): string {
  const spans: { start: number; end: number; id: string; bare?: boolean }[] = [];
  for (const f of facts) {
    if (f.quote !== sentence || !f.span) continue;
    // Dates only where the source writes a date or a weekday: "by the end of April" stays as written.
    if (
      (f.kind === 'date' || f.kind === 'period') &&
      !/^(?:(?:on|in|since|by)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?|[A-Z][a-z]+\s+\d{4})$/.test(
        sentence.slice(f.span[0], f.span[1]),
      )
    )
      continue;
    const [start, end] = f.span;
    if (spans.some((s) => start < s.end && s.start < end)) continue;
    spans.push({ start, end, id: f.id, ...(f.bare ? { bare: true } : {}) });
  }
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of spans) {
    // "said Wednesday" reads "said on 17 April 2024" once the weekday becomes its date; "on
    // Saturday" keeps its "on".
    const written = sentence.slice(s.start, s.end);
    const weekday = /^(?:on\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/.exec(written);
    // "since Sunday", "by Friday": a preposition already there keeps the date without an "on".
    const on = weekday && !/\b(?:on|since|by|until|till|from|before|after)\s*$/i.test(sentence.slice(0, s.start)) ? 'on ' : (/^(in|on|since|by)\s+/i.exec(written)?.[0] ?? '');
    // A figure that opens the sentence opens it with a capital ("More than 10 million people").
    const capital = s.start === 0 && !on ? ' capitalize=true' : '';
    out += literal(sentence.slice(at, s.start)) + `${on}{{fact "${s.id}"${s.bare ? ' unit=false' : ''}${capital}}}`;
    used.push(s.id);
    at = s.end;
  }
  return out + literal(sentence.slice(at));
}

/**
 * The draft's content: the opening of the first article as the first paragraph, its figures and
 * dates pulled from the fact base; a timeline of every dated event the articles give; the key
 * judgments and implications left for the analyst, who alone can write them.
 */
function draftContent(articles: Article[], facts: Candidate[]): { content: string; used: string[] } {
  const used: string[] = [];
  const cite = (a: Article) => `{{cite "${a.source.id}"}}`;
  let opening = '';
  const first = articles[0];
  if (first) {
    // The lede: the first two sentences of the story that state a figure or a date.
    const withFigures = storySentences(first.text)
      .map((s) => s.text)
      .filter((s) => facts.some((f) => f.quote === s && f.span && f.source === first.source.id))
      .slice(0, 2);
    if (withFigures.length) {
      opening =
        withFigures
          .map((s) => {
            const own = facts.filter((f) => f.source === first.source.id && f.quote === s).map((f) => shifted(f, s));
            return withFacts(s.slice(datelineLength(s)), own, used);
          })
          .join(' ') + cite(first);
    }
  }
  const seen = new Set<string>();
  const events = facts
    .filter((f) => (f.kind === 'date' || f.kind === 'period') && f.span)
    .sort((a, b) => String(a.as_of).localeCompare(String(b.as_of)))
    // One row per sentence: its earliest date.
    .filter((f) => !seen.has(f.quote) && !!seen.add(f.quote));
  const rows = events.map((e) => {
    const a = articles.find((x) => x.source.id === e.source)!;
    used.push(e.id);
    const what = literal(e.quote.slice(datelineLength(e.quote)));
    return `| {{fact "${e.id}"}} | ${what}${cite(a)} |`;
  });
  const content = `{{#> key-judgments}}
- TODO: write the bottom line: what the reader must know, in one sentence.
{{/key-judgments}}

## Background

${opening || 'TODO: write the background. Pull every figure in from brief.yaml with \\{{fact "id"}}, so check can trace it to its sentence.'}
${
  rows.length
    ? `
## Timeline

| When | What the source reports |
|:-----|:------|
${rows.join('\n')}
`
    : ''
}
## Implications

*The judgments in this section are the desk's assessment, not reporting from the source.*

- TODO: what follows for policy.
`;
  return { content, used: [...new Set(used)] };
}

/** A fact's span in `sentence` once the dateline is cut from its start. */
function shifted(f: Candidate, sentence: string): Candidate {
  const cut = datelineLength(sentence);
  if (!cut || f.quote !== sentence || !f.span) return f;
  if (f.span[0] < cut) return { ...f, span: undefined };
  return { ...f, quote: sentence.slice(cut), span: [f.span[0] - cut, f.span[1] - cut] };
}

/**
 * Marks `root` as a project: briefpress's own briefpress.yaml (every setting at its default, said)
 * and the JSON Schemas editors read (brief.yaml names them), copied from the package. Returns the
 * files written; a file already there is kept as it is.
 */
export function makeProject(root: string): string[] {
  const written: string[] = [];
  for (const name of [PROJECT_FILE, join('schema', 'brief.schema.json'), join('schema', 'theme.schema.json')]) {
    const file = join(root, name);
    try {
      mkdirSync(dirname(file), { recursive: true });
      copyFileSync(join(PACKAGE_ROOT, name), file, constants.COPYFILE_EXCL);
      written.push(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new BriefError({
        stage: 'write',
        kind: 'build',
        place: { file },
        id: 'outputUnwritable',
        reason: msg.outputUnwritable(file, `${(e as NodeJS.ErrnoException).code ?? ''}: ${(e as Error).message}`),
        hint: msg.outputUnwritableHint(),
        cause: e,
      });
    }
  }
  return written;
}

/**
 * Copies briefpress's templates, theme and charts into the project for editing. A file the
 * project already has is never replaced: it is listed as kept.
 */
export function copyDefaults(root: string): { copied: string[]; kept: string[] } {
  const copied: string[] = [];
  const kept: string[] = [];
  for (const folder of ['templates', 'charts']) {
    const from = join(PACKAGE_ROOT, folder);
    for (const name of (readdirSync(from, { recursive: true }) as string[]).sort()) {
      const source = join(from, name);
      if (!statSync(source).isFile()) continue;
      const target = join(root, folder, name);
      if (existsSync(target)) {
        kept.push(target);
        continue;
      }
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(source, target, constants.COPYFILE_EXCL);
      copied.push(target);
    }
  }
  return { copied, kept };
}
