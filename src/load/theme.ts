// Loads the print theme: the project's templates/theme.yaml, with a brief's own theme.yaml laid over it.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BriefError } from '../errors.js';
import { themeSchema, type Theme } from '../layout/theme.js';
import { msg } from '../messages.js';
import { fieldPath, readYamlTree, validated, type PlaceOf } from './load.js';

export interface LoadedTheme {
  theme: Theme;
  /** Each setting a brief's theme.yaml sets (`body.size`), with the file it came from, for --verbose. */
  overrides: { setting: string; file: string }[];
}

/**
 * A brief may set any part of the theme in a theme.yaml of its own: only what it names changes
 * (`body: { size: 11 }` keeps the body's face and colour), lists and scalars replace, and the
 * result is checked as one theme, each problem at the line of the file that set it.
 */
export function loadTheme(root: string, briefDir?: string): Theme {
  return loadThemeWithOrigins(root, briefDir).theme;
}

export function loadThemeWithOrigins(root: string, briefDir?: string): LoadedTheme {
  const file = join(root, 'templates', 'theme.yaml');
  if (!existsSync(file)) {
    throw new BriefError({ stage: 'load', place: { file }, reason: msg.fileMissing('theme', 'templates/theme.yaml'), hint: msg.fileMissingHint('theme') });
  }
  const base = readYamlTree(file, 'theme', [root]);
  const own = briefDir ? join(briefDir, 'theme.yaml') : undefined;
  if (!own || !existsSync(own)) return { theme: validated(base.js, themeSchema, base.placeOf, file), overrides: [] };

  const over = readYamlTree(own, 'theme', [briefDir!]);
  // An empty file sets nothing.
  if (over.js === null || over.js === undefined) return { theme: validated(base.js, themeSchema, base.placeOf, file), overrides: [] };
  if (!isMapping(over.js)) {
    throw new BriefError({ stage: 'load', place: over.placeOf([]), reason: msg.briefThemeNotMapping(), hint: msg.fieldHint('theme.yaml') });
  }
  const merged = overlay(base.js, over.js);
  // A problem in a setting the brief's file makes is that file's; the rest is the project's.
  const placeOf: PlaceOf = (path, key) => (setIn(over.js, path) ? over.placeOf(path, key) : base.placeOf(path, key));
  const theme = validated(merged, themeSchema, placeOf, own);
  const rel = relative(root, own) || own;
  return { theme, overrides: leaves(over.js).map((path) => ({ setting: fieldPath(path), file: rel })) };
}

function isMapping(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** `over` laid on `base`: mappings merge key by key, anything else replaces. */
function overlay(base: unknown, over: unknown): unknown {
  if (!isMapping(base) || !isMapping(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? overlay(base[k], v) : v;
  return out;
}

/** Whether `path` (or a mapping above it that replaced what was there) is set in `tree`. */
function setIn(tree: unknown, path: (string | number)[]): boolean {
  let at = tree;
  for (const seg of path) {
    // A scalar or list where the project has a mapping: the brief replaced it, and what is wrong below is the brief's.
    if (!isMapping(at)) return true;
    if (!(String(seg) in at)) return false;
    at = at[String(seg)];
  }
  return true;
}

/** Paths of the values a tree sets, down to scalars and lists. */
function leaves(tree: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (!isMapping(tree)) return [path];
  return Object.entries(tree).flatMap(([k, v]) => leaves(v, [...path, k]));
}
