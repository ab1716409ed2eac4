// load: brief.yaml + source texts + content template -> a validated Brief whose errors carry file:line:col.
import { existsSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { Brief, ChartRef, Dataset, Fact, Source, TimelineEvent } from '../brief.js';
import { BriefError, type Place } from '../errors.js';
import { msg } from '../messages.js';
import { briefFileSchema } from './schema.js';
import { checkUserFile, containedPath, isWithin, readUserText, somethingAt } from '../files.js';
import { findRoot, openProject, type Project } from './project.js';
import { readYaml } from './yaml.js';

export interface LoadOptions {
  /** Project root (holds briefpress.yaml); found from the brief folder when absent. */
  root?: string;
  /** The project, already opened (a batch opens each once). */
  project?: Project;
}

export function loadBrief(briefDir: string, options: LoadOptions = {}): Brief {
  const dir = resolve(briefDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new BriefError({ stage: 'load', place: { file: dir }, id: 'briefFolderMissing', reason: msg.briefFolderMissing(dir), hint: msg.briefFolderHint() });
  }
  const file = join(dir, 'brief.yaml');
  // A link loop or a dangling link is something: reading it says what is wrong with it.
  if (!somethingAt(file)) {
    throw new BriefError({ stage: 'load', place: { file: dir }, id: 'briefYamlMissing', reason: msg.briefYamlMissing(), hint: msg.briefFolderHint() });
  }
  const project = options.project ?? openProject(options.root ? resolve(options.root) : findRoot(dir));

  const { data, placeOf } = readYaml(file, briefFileSchema, 'brief', [dir]);

  /** The place of each field of the mapping at `path`. */
  const placesOf = (path: (string | number)[], item: object): Record<string, Place> => Object.fromEntries(Object.keys(item).map((k) => [k, placeOf([...path, k])]));

  const uniqueIds = (kind: string, list: { id: string }[], at: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.id)) {
        throw new BriefError({ stage: 'load', place: placeOf([at, i, 'id']), id: 'duplicateId', reason: msg.duplicateId(kind, item.id), hint: msg.duplicateIdHint() });
      }
      seen.add(item.id);
    });
  };
  uniqueIds('source', data.sources, 'sources');
  uniqueIds('fact', data.facts, 'facts');
  uniqueIds('chart', data.charts, 'charts');

  const sourceIds = data.sources.map((s) => s.id);
  const checkSource = (id: string, path: (string | number)[]) => {
    if (!sourceIds.includes(id)) {
      throw new BriefError({ stage: 'load', place: placeOf(path), id: 'unknownSource', reason: msg.unknownSource(id, sourceIds), hint: msg.unknownSourceHint() });
    }
  };

  const sources: Source[] = data.sources.map((s, i) => {
    const place = placeOf(['sources', i, 'file']);
    const full = containedPath(dir, s.file);
    if (!full) throw new BriefError({ stage: 'load', place, id: 'pathEscapes', reason: msg.pathEscapes(s.file, 'the brief folder'), hint: msg.pathEscapesHint() });
    return { ...s, text: readUserText(full, 'source', { within: [dir], place, name: s.file }), place: placeOf(['sources', i]) };
  });

  const facts: Fact[] = data.facts.map((f, i) => {
    checkSource(f.source, ['facts', i, 'source']);
    const { as_of, background, quote, ...rest } = f;
    // A fact without a date of its own holds as of its source's day, written once, at the source.
    const k = sourceIds.indexOf(f.source);
    const places = { ...placesOf(['facts', i], f), ...(as_of ? {} : { as_of: placeOf(['sources', k, 'date']) }) };
    return { ...rest, asOf: as_of ?? data.sources[k].date, quotes: quoteList(quote), background: background ?? false, place: placeOf(['facts', i]), places };
  });

  const datasets: Record<string, Dataset> = {};
  for (const [name, ds] of Object.entries(data.datasets)) {
    const rows = ds.rows.map((row, i) => {
      checkSource(row.source as string, ['datasets', name, 'rows', i, 'source']);
      const { source, quote, ...fields } = row;
      return { fields, source: source as string, quotes: quoteList(quote as string | string[]), place: placeOf(['datasets', name, 'rows', i]), places: placesOf(['datasets', name, 'rows', i], row) };
    });
    datasets[name] = { name, description: ds.description, presentation: ds.presentation ?? [], rows, place: placeOf(['datasets', name]) };
  }

  const timeline: TimelineEvent[] = data.timeline.map((e, i) => {
    checkSource(e.source, ['timeline', i, 'source']);
    const { quote, ...rest } = e;
    return { ...rest, quotes: quoteList(quote), place: placeOf(['timeline', i]), places: placesOf(['timeline', i], e) };
  });

  const datasetNames = Object.keys(datasets);
  const charts: ChartRef[] = data.charts.map((c, i) => {
    // Own names only: "constructor" is on every object's prototype, and is no dataset of the brief.
    if (!Object.hasOwn(datasets, c.dataset)) {
      throw new BriefError({ stage: 'load', place: placeOf(['charts', i, 'dataset']), id: 'unknownDataset', reason: msg.unknownDataset(c.dataset, datasetNames), hint: msg.unknownDatasetHint() });
    }
    const place = placeOf(['charts', i, 'spec']);
    // A brief may carry its own spec; otherwise the project's shared charts/ folder has it, else
    // briefpress's own. The first place with something by that name is the spec: a pipe or a link
    // out of the project there is refused for what it is, not passed over as "not found".
    const bases = [dir, ...project.layers];
    // Of briefpress's own folder, only its charts/ holds specs a brief may name.
    const allowed = bases.map((b) => (b === project.root || b === dir ? b : join(b, 'charts')));
    const places = isAbsolute(c.spec) ? [] : bases.map((b) => resolve(b, c.spec)).filter((p, k) => isWithin(allowed[k], p));
    if (!places.length) throw new BriefError({ stage: 'load', place, id: 'pathEscapes', reason: msg.pathEscapes(c.spec, 'the project'), hint: msg.pathEscapesHint() });
    const specPath = places.find(somethingAt);
    if (!specPath) throw new BriefError({ stage: 'load', place, id: 'fileMissing', reason: msg.fileMissing('chart spec', c.spec), hint: msg.fileMissingHint('chart spec') });
    checkUserFile(specPath, 'spec', { place, within: allowed, name: c.spec });
    return { ...c, specPath, place: placeOf(['charts', i]) };
  });

  const contentFile = join(dir, 'content.md.hbs');
  if (!existsSync(contentFile)) {
    throw new BriefError({ stage: 'load', place: { file: contentFile }, id: 'contentMissing', reason: msg.contentMissing(), hint: msg.contentMissingHint() });
  }

  return {
    name: basename(dir),
    dir,
    project,
    file,
    // A brief without a date of its own is as of its latest source (a TODO one, in a draft, says so).
    meta: { ...data.meta, date: data.meta.date ?? latest(data.sources.map((s) => s.date)) },
    sources,
    facts,
    datasets,
    timeline,
    charts,
    content: { file: contentFile, text: readUserText(contentFile, 'template', { within: [dir] }) },
  };
}

/** The latest of some dates; a TODO among them (a draft's) wins, as what is still to find out. */
function latest(dates: string[]): string {
  // brief.yaml has at least one source (the schema says so).
  return dates.find((d) => d.startsWith('TODO')) ?? [...dates].sort().reverse()[0];
}

function quoteList(q: string | string[]): string[] {
  return Array.isArray(q) ? q : [q];
}
