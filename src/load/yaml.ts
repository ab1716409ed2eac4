// Reading a YAML file a user wrote: syntax, alias bombs and a draft's TODOs refused at their lines,
// the data checked against its schema, every problem at the file:line:col of its node.
import { basename } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import type { $ZodIssue } from 'zod/v4/core';
import { BriefError, type Place } from '../errors.js';
import { msg } from '../messages.js';
import { readUserText } from '../files.js';
import { TODO_BRANCH } from './schema.js';
import { processCache } from '../cache/memory.js';

export type PlaceOf = (path: (string | number)[], key?: boolean) => Place;

/**
 * Reads a YAML file and validates it against a schema; every problem becomes a BriefError at the
 * file:line:col of the offending node. Returns the data and a function that finds any field's place.
 */
export function readYaml<S extends z.ZodType>(file: string, schema: S, kind: 'brief' | 'theme' | 'project', within: string[]): { data: z.output<S>; placeOf: PlaceOf } {
  const { js, placeOf } = readYamlTree(file, kind, within);
  return { data: validated(js, schema, placeOf, file), placeOf };
}

/**
 * Files read with `shared`, by their text: a project's theme and briefpress.yaml are parsed once
 * per process however many briefs read them, and briefpress's own (which `init` copies into every
 * project) are parsed while the startup snapshot is made, and kept in it.
 */
const sharedTrees = processCache<string, { js: unknown; placeAt: (file: string) => PlaceOf }>(16, { keepInSnapshot: true });

/**
 * A YAML file as plain data, with the place of any field; syntax, alias bombs and TODOs refused at
 * their lines. `shared` is for a file every brief of a project reads (its theme, briefpress.yaml): its data is
 * parsed once and handed to every caller, who must not change it.
 */
export function readYamlTree(file: string, kind: 'brief' | 'theme' | 'project', within: string[], o: { shared?: boolean } = {}): { js: unknown; placeOf: PlaceOf } {
  const text = readUserText(file, kind, { within });
  if (!o.shared) {
    const tree = parseTree(file, text, kind);
    return { js: tree.js, placeOf: tree.placeAt(file) };
  }
  const key = `${kind}\0${text}`;
  let tree = sharedTrees.get(key);
  // A text that fails is refused at its own file's lines each time; only what parsed is kept.
  if (!tree) sharedTrees.set(key, (tree = parseTree(file, text, kind)));
  return { js: tree.js, placeOf: tree.placeAt(file) };
}

function parseTree(file: string, text: string, kind: 'brief' | 'theme' | 'project'): { js: unknown; placeAt: (file: string) => PlaceOf } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = syntax.linePos?.[0] ?? lines.linePos(syntax.pos[0]);
    throw new BriefError({
      stage: 'load',
      place: { file, line: pos?.line, column: pos?.col },
      id: 'yamlSyntax',
      reason: msg.yamlSyntax(syntax.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')),
      hint: msg.yamlSyntaxHint(),
    });
  }
  const placeAt =
    (file: string): PlaceOf =>
    (path, key = false) => {
      const at = nodeAt(doc, path, key);
      const range = at?.range;
      const pos = range ? lines.linePos(range[0]) : undefined;
      return { file, line: pos?.line, column: pos?.col, field: fieldPath(path) };
    };
  const placeOf = placeAt(file);
  // An alias inside the value it names (&a [*a]) makes a value that contains itself: every walk
  // over it (ours, the schema's) would recurse until the stack runs out.
  visit(doc, {
    Alias(_key, alias, path) {
      const target = alias.resolve(doc);
      if (!target || !path.includes(target)) return;
      const pos = alias.range ? lines.linePos(alias.range[0]) : undefined;
      throw new BriefError({ stage: 'load', place: { file, line: pos?.line, column: pos?.col }, id: 'yamlAliasLoop', reason: msg.yamlAliasLoop(alias.source), hint: msg.yamlAliasLoopHint() });
    },
  });
  let js: unknown;
  try {
    // The yaml library stops an alias bomb (a billion laughs) at 100 aliases; say so at the first one.
    js = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    const at = text.search(/(^|[\s[{,])\*[^\s,\]}]+/);
    const pos = at >= 0 ? lines.linePos(at) : undefined;
    throw new BriefError({ stage: 'load', place: { file, line: pos?.line, column: pos?.col }, id: 'yamlAliases', reason: msg.yamlAliases(), hint: msg.yamlAliasesHint() });
  }
  // A NUL, a bell or half of a surrogate pair (written as an escape: the file itself is UTF-8) is
  // no text anyone meant to print: named at its field, not later as a glyph the fonts lack.
  const damaged = stringPaths(js)
    .map(({ path, value }) => ({ path, bad: unprintable(value) }))
    .filter((x) => x.bad !== undefined);
  if (damaged.length) {
    const [first, ...rest] = damaged
      .slice(0, 20)
      .map(
        ({ path, bad }) => new BriefError({ stage: 'load', place: placeOf(path), id: 'unprintable', reason: msg.unprintable(fieldPath(path) || basename(file), bad!), hint: msg.unprintableHint() }),
      );
    throw new BriefError({ id: first.id, stage: 'load', place: first.place, reason: first.reason, hint: first.hint, others: rest });
  }
  // A draft leaves TODO where the source did not say (a date, a publisher): never a guess. Each
  // is refused at its own line before the schema reads it as a malformed date or name, unless
  // the brief says it is still a draft (meta.draft), which prints with its TODOs showing.
  const draft = kind === 'brief' && (js as { meta?: { draft?: unknown } } | null)?.meta?.draft === true;
  const todos = (draft ? [] : todoPaths(js))
    .slice(0, 200)
    .map((path) => new BriefError({ stage: 'load', place: placeOf(path), id: 'todoField', reason: msg.todoField(fieldPath(path)), hint: msg.todoFieldHint() }));
  if (todos.length) {
    const [first, ...others] = todos;
    throw new BriefError({ id: first.id, stage: 'load', place: first.place, reason: first.reason, hint: first.hint, others });
  }
  return { js, placeAt };
}

/**
 * Data checked against its schema; every problem becomes a BriefError at the place `placeOf`
 * gives its path (which may be in another file than `file`, for merged data).
 */
export function validated<S extends z.ZodType>(js: unknown, schema: S, placeOf: PlaceOf, file: string): z.output<S> {
  const parsed = schema.safeParse(js);
  if (!parsed.success) {
    // Every problem at once, each at its own line (an unknown "dsk" and the missing "desk" it
    // was meant to be are one mistake, best seen together).
    // Every TODO a draft left (as the refusal before the schema lists them), and ten others.
    const isTodo = (issue: $ZodIssue) =>
      todoPaths(
        valueAt(
          js,
          issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
        ),
      ).some((p) => p.length === 0);
    const todo = parsed.error.issues.filter(isTodo).filter((i, k, all) => all.findIndex((j) => j.path.join('\0') === i.path.join('\0')) === k);
    const issues = [...todo.slice(0, 200), ...parsed.error.issues.filter((i) => !isTodo(i)).slice(0, 10)];
    const problems = issues.map((issue) => {
      const { path, reason, key } = describeIssue(issue, js);
      const place = placeOf(path, key);
      const name = basename(place.file ?? file);
      // A draft's TODO where only a date or a number will do: say so, not "invalid date".
      if (todoPaths(valueAt(js, path)).some((p) => p.length === 0)) {
        return new BriefError({ stage: 'load', place, id: 'todoField', reason: msg.todoField(fieldPath(path)), hint: msg.todoDraftHint() });
      }
      return new BriefError({ stage: 'load', place, id: 'fieldInvalid', reason: msg.fieldInvalid(fieldPath(path) || name, reason), hint: msg.fieldHint(name) });
    });
    const [first, ...others] = problems;
    throw new BriefError({ id: first.id, stage: 'load', place: first.place, reason: first.reason, hint: first.hint, others });
  }
  return parsed.data;
}

function valueAt(tree: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), tree);
}

/** Every string in a tree (keys too, at their mapping's path), with its path. */
function stringPaths(v: unknown, path: (string | number)[] = []): { path: (string | number)[]; value: string }[] {
  if (typeof v === 'string') return [{ path, value: v }];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...path, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [...stringPaths(k, path), ...stringPaths(x, [...path, k])]);
  return [];
}

/** The code point of the first control character or lone surrogate in `s` (tabs and newlines are text). */
function unprintable(s: string): number | undefined {
  const m = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(s);
  return m ? m[0].charCodeAt(0) : undefined;
}

/** Paths of every value that is still the draft's TODO. */
function todoPaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return /^TODO\b/.test(v.trim()) ? [path] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => todoPaths(x, [...path, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => todoPaths(x, [...path, k]));
  return [];
}

/** `facts[2].value` from ['facts', 2, 'value']. */
export function fieldPath(path: readonly (string | number | symbol)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** What is wrong at an issue's path, saying what was given (read from the file: zod 4 leaves it off the issue). */
function describeIssue(issue: $ZodIssue, js: unknown): { path: (string | number)[]; reason: string; key: boolean } {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  // A field a draft may leave as TODO: what is wrong is what is wrong with it as the field it is.
  if (issue.code === 'invalid_union') {
    const branches = issue.errors.filter((b) => !b.some((i) => i.message === TODO_BRANCH));
    if (branches.length === 1 && branches[0].length && branches.length < issue.errors.length) {
      const inner = branches[0][0];
      return describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as $ZodIssue, js);
    }
  }
  if (issue.code === 'unrecognized_keys') {
    const k = issue.keys[0];
    return { path: [...path, k], reason: `unknown field "${k}"`, key: true };
  }
  const given = issue.input !== undefined ? issue.input : valueAt(js, path);
  if (issue.code === 'invalid_type' && given === undefined) {
    return { path, reason: `required field is missing (expected ${issue.expected})`, key: false };
  }
  if (issue.code === 'invalid_type') {
    // "11pt" for a size: sizes are numbers of points, written bare.
    const unit = typeof given === 'string' && issue.expected === 'number' && /^\s*-?[\d.]+\s*(pt|mm|px|cm|in|%)\s*$/i.test(given) ? `; write the number alone (${parseFloat(given)})` : '';
    return { path, reason: `expected ${issue.expected}, got ${describeValue(given)}${unit}`, key: false };
  }
  return { path, reason: issue.message, key: false };
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  // YAML's .inf, .nan and 1e400 are numbers JSON has no word for.
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'not a number (.nan)' : `${v < 0 ? 'minus ' : ''}infinity`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

/**
 * The YAML node a field path points at; for a missing field, the nearest node that exists
 * (so "required field is missing" points at the mapping that lacks it).
 */
function nodeAt(doc: Document, path: (string | number)[], key: boolean): YamlNode | undefined {
  let node: unknown = doc.contents;
  let last: YamlNode | undefined = doc.contents ?? undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === seg);
      if (!pair) return last;
      if (key && i === path.length - 1) return pair.key as YamlNode;
      node = pair.value;
      if (node) last = node as YamlNode;
      else return pair.key as YamlNode;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (!node) return last;
      last = node as YamlNode;
    } else {
      return last;
    }
  }
  return last;
}
