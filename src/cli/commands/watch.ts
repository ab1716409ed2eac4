// briefpress watch: rebuild one brief on every change, keeping the last good PDF.
import { discoverBriefs } from '../../batch/discover.js';
import { BriefError } from '../../errors.js';
import { msg } from '../../messages.js';
import { STDOUT } from '../../write/target.js';
import type { Command } from '../command.js';
import { buildSettings, RENDER_OPTIONS, type RenderArgs } from '../settings.js';

interface WatchArgs extends RenderArgs {
  brief: string;
  output?: string;
  root?: string;
}

export const watch: Command<WatchArgs> = {
  command: 'watch <brief>',
  describe: 'Rebuild a brief on every change to it, its templates or charts; keep the last good PDF',
  builder: (y) =>
    y
      .positional('brief', { type: 'string', demandOption: true, describe: 'Brief folder' })
      .options(RENDER_OPTIONS)
      .example('$0 watch briefs/karabakh-peacekeepers', 'Rebuild while you edit; Ctrl-C to stop'),
  async run(args, io) {
    if (args.output === STDOUT) throw new BriefError({ id: 'watchStdout', stage: 'cli', reason: msg.watchStdout(), hint: msg.watchStdoutHint() });
    const [brief] = discoverBriefs({ args: [args.brief], all: false, root: args.root, output: args.output, cwd: io.cwd });
    const { watchBrief } = await import('../watch.js');
    return watchBrief(brief, buildSettings(args, [brief.project]), io.verbose);
  },
};
