// briefpress init: a brief folder that builds at once; outside a project, the project too.
import { join, relative, resolve } from 'node:path';
import { briefsDir, findRoot, givenRoot, openProject, PROJECT_FILE } from '../../load/project.js';
import type { Command } from '../command.js';

interface InitArgs {
  name?: string;
  from?: string[];
  root?: string;
  date?: string;
  templates: boolean;
}

export const init: Command<InitArgs> = {
  command: 'init [name]',
  describe: 'Create a brief folder that builds at once (with a draft fact base from --from); outside a project, make one here',
  builder: (y) =>
    y
      .positional('name', { type: 'string', describe: 'Folder name under briefs/' })
      .option('from', { type: 'string', array: true, describe: 'Article to copy in as a source, with its candidate facts (repeat for several)' })
      .option('root', { type: 'string', describe: 'Project root (default: found from the working directory; none found: the working directory becomes one)' })
      .option('date', { type: 'string', describe: "Brief date YYYY-MM-DD (default: the latest article's own date, else TODO; today only without articles)" })
      .option('templates', { type: 'boolean', default: false, describe: "Copy briefpress's templates, theme and charts into the project to edit (never replacing a file)" })
      .check((a) => (a.name || a.templates ? true : 'name the new brief (briefpress init NAME), or ask for --templates'))
      .example('$0 init coup', 'A project here (if none is above) and briefs/coup in it')
      .example('$0 init baku-talks --from ~/articles/reuters-baku.txt', 'New brief from an article')
      .example('$0 init congo --from ap.txt --from reuters.txt', 'New brief from two reports of the same events')
      .example('$0 init --templates', 'Copy the default templates into templates/ and charts/ to edit'),
  async run(args, io) {
    const { cwd } = io;
    const found = args.root ? givenRoot(args.root, cwd) : findRoot(cwd);
    const root = found ?? cwd;
    const { initBrief, makeProject, copyDefaults } = await import('../init.js');
    const project = found ? openProject(found) : undefined;
    const say = (t: string) => io.out(t + '\n');
    const at = (f: string) => relative(cwd, f) || '.';
    let dir: string | undefined;
    if (args.name) {
      dir = initBrief({
        root,
        briefs: project ? briefsDir({ ...project, root }) : undefined,
        name: args.name,
        from: (args.from ?? []).map((f) => resolve(String(f))),
        date: args.date,
        today: new Date().toISOString().slice(0, 10),
      });
    }
    if (!found) {
      makeProject(root);
      say(`made ${at(root)} a briefpress project (${at(join(root, PROJECT_FILE))})`);
    }
    if (args.templates) {
      const { copied, kept } = copyDefaults(root);
      say(
        `copied ${copied.length} template and chart file(s) into ${at(root)}${kept.length ? `; ${kept.length} already there kept as they are${kept.length <= 3 ? ` (${kept.map(at).join(', ')})` : ''}` : ''}`,
      );
    }
    if (dir) say(`created ${at(dir)}: build it with briefpress build ${at(dir)}`);
  },
};
