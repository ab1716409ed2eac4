// A project: the folder briefpress.yaml marks (briefs/, output/, and any templates/ or charts/ of
// its own), laid over the templates, theme and charts that come with briefpress.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Project, ProjectConfig } from '../brief.js';
import { BriefError } from '../errors.js';
import { msg } from '../messages.js';
import { CHANGE_NOTICES, FORMAT_CHOICES, PAPERS, STANDARDS } from '../print.js';
import { DEFAULT_BUDGET, DEFAULT_PAPER, DEFAULT_STANDARD } from '../defaults.js';
import { readYamlTree, validated } from './yaml.js';

/** The file that marks a project's root. */
export const PROJECT_FILE = 'briefpress.yaml';

/** Where briefpress itself is installed: its templates/ and charts/ are every project's defaults. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What briefpress.yaml may set: where things go, and defaults for the options of `build` and `watch`. */
export const projectSchema = z
  .object({
    version: z.literal(1).default(1).describe("The version of this file's format: 1"),
    briefs: z.string().min(1).default('briefs').describe('Folder of the briefs (init makes new ones there, build --all builds them all)'),
    output: z.string().min(1).default('output').describe('Folder the built PDFs go to, relative to this file (or absolute)'),
    paper: z
      .enum(PAPERS as [string, ...string[]])
      .optional()
      .describe(`Paper size (default ${DEFAULT_PAPER}); --paper overrides it`),
    standard: z
      .enum(STANDARDS as [string, ...string[]])
      .optional()
      .describe(`Conformance (default ${DEFAULT_STANDARD}); --standard overrides it`),
    format: z.enum(FORMAT_CHOICES).optional().describe('What build writes: pdf (default), html (the web twin alone) or pdf,html (both from one layout); --format overrides it'),
    annex: z.boolean().optional().describe('Append the fact base annex to every brief; --annex / --no-annex override it'),
    chart_data: z.boolean().optional().describe('Append the chart data annex; --chart-data / --no-chart-data override it'),
    changes: z
      .enum(CHANGE_NOTICES as [string, ...string[]])
      .optional()
      .describe("What an edition from the second on shows of what changed: box (the Changes box and change bars) or none; unset, the theme's changes.notice decides; --changes overrides it"),
    brief_timeout: z.number().min(1).optional().describe(`Seconds one brief may take before it is stopped (default ${DEFAULT_BUDGET.seconds}); --brief-timeout overrides it`),
    brief_memory: z.number().min(64).optional().describe(`Megabytes one brief may use before it is stopped (default ${DEFAULT_BUDGET.memoryMb}); --brief-memory overrides it`),
  })
  .strict();

export type { Project, ProjectConfig };

const DEFAULTS: ProjectConfig = { version: 1, briefs: 'briefs', output: 'output' };

/** What is at a path, or nothing for what cannot be stat'ed (missing, a link loop, no permission). */
const statOf = (p: string) => {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
};
const isFile = (p: string) => statOf(p)?.isFile() ?? false;
const isDir = (p: string) => statOf(p)?.isDirectory() ?? false;

/** The nearest folder at or above `dir` that holds briefpress.yaml. */
export function findRoot(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    // Whatever stands there marks the project (a pipe, a folder, a link): it is then refused by
    // what it is, rather than skipped for a folder further up or for "no project" at all.
    if (existsSync(join(d, PROJECT_FILE))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** The project at `root` (read and checked), or briefpress's defaults alone when there is none. */
export function openProject(root: string | undefined): Project {
  if (!root) return { config: DEFAULTS, layers: [PACKAGE_ROOT] };
  const file = join(root, PROJECT_FILE);
  // Read by every brief of the project, and twice by a build (finding its briefs, then loading one).
  const { js, placeOf } = readYamlTree(file, 'project', [root], { shared: true });
  // An empty file (or one of comments only) marks a project with every default.
  const data = validated(js ?? {}, projectSchema, placeOf, file) as ProjectConfig;
  // briefpress's own repository is a project too: its templates are the defaults.
  return { root, config: data, layers: root === PACKAGE_ROOT ? [root] : [root, PACKAGE_ROOT] };
}

/** --root as given: a folder that holds briefpress.yaml, or a clear refusal (never a silent other root). */
export function givenRoot(root: string, cwd: string): string {
  const dir = resolve(cwd, root);
  if (!isDir(dir)) throw new BriefError({ stage: 'cli', place: { file: root }, id: 'rootNotFolder', reason: msg.rootNotFolder(), hint: msg.noProjectRootHint() });
  if (!isFile(join(dir, PROJECT_FILE))) throw new BriefError({ stage: 'cli', place: { file: root }, id: 'rootWithoutMarker', reason: msg.rootWithoutMarker(), hint: msg.noProjectRootHint() });
  return dir;
}

/** Where a file of the project's folders (`templates/theme.yaml`) is read from: the first layer that has it. */
export function projectFile(project: Project, path: string): { file: string; layer: string } | undefined {
  for (const layer of project.layers) {
    const file = join(layer, path);
    if (existsSync(file)) return { file, layer };
  }
  return undefined;
}

/** Every `<name>.md.hbs` in the layers' templates/partials/, the project's own taking the place of briefpress's. */
export function partialFiles(project: Project): Map<string, string> {
  const found = new Map<string, string>();
  for (const layer of project.layers) {
    const dir = join(layer, 'templates', 'partials');
    if (!isDir(dir)) continue;
    for (const entry of readdirSync(dir).sort()) {
      const m = /^([a-z0-9-]+)\.md\.hbs$/.exec(entry);
      if (m && !found.has(m[1])) found.set(m[1], join(dir, entry));
    }
  }
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The folders a project's templates may be read from (links out of them are refused). */
export function templateDirs(project: Project): string[] {
  return project.layers.map((l) => join(l, 'templates'));
}

/** The folders whose files are a user's inputs (besides the brief folder): never written to. */
export function inputDirs(project: Project): string[] {
  return project.root ? [join(project.root, 'templates'), join(project.root, 'charts')] : [];
}

/**
 * What a save in rebuilds a brief (watch, preview): its folder, and its project's settings,
 * templates and charts.
 */
export function watchedInputs(dir: string, root?: string): string[] {
  return [dir, ...(root ? [join(root, PROJECT_FILE), join(root, 'templates'), join(root, 'charts')] : [])];
}

/** Files in those folders that no save of an input makes: editors' hidden, swap and backup files, kept editions. */
export function notAnInput(path: string): boolean {
  return /(^|\/)\.[^/]*$/.test(path) || path.endsWith('~') || path.endsWith('.swp') || path.endsWith('.editions');
}

/** The folder built files go to, or none for a brief outside any project. */
export function outputDir(project: Project): string | undefined {
  return project.root ? resolve(project.root, project.config.output) : undefined;
}

/** The project's briefs/ folder. */
export function briefsDir(project: Project & { root: string }): string {
  return resolve(project.root, project.config.briefs);
}
