// Which briefs a build means: folders named or matched by globs, or every folder under briefs/ (--all), and a shard of them.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { BriefError } from '../errors.js';
import { briefsDir, findRoot, givenRoot, inputDirs, openProject, outputDir } from '../load/project.js';
import type { Project } from '../brief.js';
import { msg } from '../messages.js';
import { DEFAULT_FORMAT, FORMATS, TWIN_FORMAT, type Format } from '../render.js';
import { outputTarget, STDOUT } from '../write/target.js';
import { shardOf, type BatchBrief } from './batch.js';

const isBrief = (dir: string) => existsSync(join(dir, 'brief.yaml'));

export interface DiscoverOptions {
  args: string[];
  all: boolean;
  root?: string;
  output?: string;
  shard?: string;
  cwd: string;
  /**
   * What each brief's build writes, from its project (build: --format, else briefpress.yaml's
   * format): the format names the output file, a twin goes beside it. Default: a PDF, no twin.
   */
  formatOf?: (project: Project) => { format: Format; twin: boolean };
}

export function discoverBriefs(o: DiscoverOptions): (BatchBrief & { project: Project })[] {
  if (o.root) o = { ...o, root: givenRoot(o.root, o.cwd) };
  const projects = new Map<string | undefined, Project>();
  const projectOf = (root: string | undefined) => projects.get(root) ?? projects.set(root, openProject(root)).get(root)!;
  const dirs: string[] = [];
  if (o.all) {
    const root = o.root ?? findRoot(o.cwd);
    if (!root) throw new BriefError({ stage: 'cli', id: 'noProjectRoot', reason: msg.noProjectRoot(o.cwd), hint: msg.noProjectRootHint() });
    const briefs = briefsDir({ ...projectOf(root), root });
    // Hidden folders are work in progress (an init being made): never a brief to build.
    if (existsSync(briefs)) {
      for (const n of readdirSync(briefs).sort()) {
        if (n.startsWith('.')) continue;
        let st;
        try {
          st = statSync(join(briefs, n));
        } catch {
          st = undefined;
        }
        // A link to a brief since removed (or a link loop) is named as a brief that failed, by its
        // path, and the others are built: never a stop for the whole run.
        if (!st) dirs.push(join(briefs, n));
        else if (st.isDirectory() && isBrief(join(briefs, n))) dirs.push(join(briefs, n));
      }
    }
  }
  for (const arg of o.args) {
    if (/[*?[{]/.test(arg)) {
      const matched = globSync(arg, { cwd: o.cwd, onlyDirectories: true, absolute: true, expandDirectories: false })
        .map((d) => d.replace(/\/$/, ''))
        .filter(isBrief)
        .sort();
      if (!matched.length) throw new BriefError({ stage: 'cli', id: 'globEmpty', reason: msg.globEmpty(arg), hint: msg.briefFolderHint() });
      dirs.push(...matched);
    } else {
      dirs.push(resolve(o.cwd, arg));
    }
  }
  let unique = [...new Set(dirs)];
  if (o.shard) {
    const m = /^(\d+)\/(\d+)$/.exec(o.shard);
    const k = Number(m?.[1]),
      n = Number(m?.[2]);
    if (!m || n < 1 || k < 1 || k > n) throw new BriefError({ stage: 'cli', id: 'badShard', reason: msg.badShard(o.shard), hint: msg.badShardHint() });
    unique = unique.filter((d) => shardOf(basename(d), n) === k - 1);
  }
  if (o.output && unique.length > 1)
    throw new BriefError(
      o.output === STDOUT
        ? { stage: 'cli', id: 'outputStdoutOne', reason: msg.outputStdoutOne(), hint: msg.outputWithManyHint() }
        : { stage: 'cli', id: 'outputWithMany', reason: msg.outputWithMany(unique.length), hint: msg.outputWithManyHint() },
    );
  const briefs = unique.map((dir) => {
    // A brief outside any project still builds, with briefpress's templates, to a file named with -o.
    const root = o.root ?? findRoot(dir);
    const project = projectOf(root);
    // Outputs go to the project's output folder, never the working directory: cron runs from anywhere.
    const { format, twin: withTwin } = o.formatOf?.(project) ?? { format: DEFAULT_FORMAT, twin: false };
    const folder = outputDir(project);
    if (!o.output && !folder) throw new BriefError({ stage: 'cli', place: { file: dir }, id: 'noProjectRoot', reason: msg.noProjectRoot(dir), hint: msg.noProjectRootHint() });
    const wanted = o.output === STDOUT ? STDOUT : o.output ? resolve(o.cwd, o.output) : join(folder!, `${basename(dir)}${FORMATS[format].extension}`);
    const guard = { dirs: [dir, ...inputDirs(project)], own: !o.output };
    const output = outputTarget(wanted, { ...guard, format });
    if (withTwin && wanted === STDOUT) throw new BriefError({ stage: 'cli', id: 'twinStdout', reason: msg.twinStdout(), hint: msg.twinStdoutHint() });
    // The twin beside the output, named alike (output/k.pdf, output/k.html).
    const twin =
      withTwin && format !== TWIN_FORMAT ? outputTarget(join(dirname(wanted), `${basename(wanted, extname(wanted))}${FORMATS[TWIN_FORMAT].extension}`), { ...guard, format: TWIN_FORMAT }) : undefined;
    return { dir, root, project, output, format, ...(twin ? { twin } : {}) };
  });
  // Two briefs named alike in different places must not overwrite each other's PDF.
  const seen = new Map<string, string>();
  for (const b of briefs) {
    const other = seen.get(b.output);
    if (other && b.output !== STDOUT) throw new BriefError({ stage: 'cli', id: 'duplicateOutputs', reason: msg.duplicateOutputs(b.output, other, b.dir), hint: msg.duplicateOutputsHint() });
    seen.set(b.output, b.dir);
  }
  return briefs;
}
