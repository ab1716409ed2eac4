// briefpress preview: the brief's pages in the browser, rebuilt on every save, errors and sources in place.
import { discoverBriefs } from '../../batch/discover.js';
import { BriefError } from '../../errors.js';
import { msg } from '../../messages.js';
import { STDOUT } from '../../write/target.js';
import type { Command } from '../command.js';
import { buildSettings, RENDER_OPTIONS, type RenderArgs } from '../settings.js';

interface PreviewArgs extends RenderArgs {
  brief: string;
  output?: string;
  root?: string;
  port: number;
  open: boolean;
}

export const preview: Command<PreviewArgs> = {
  command: 'preview <brief>',
  describe: 'Show a brief in the browser as it will print, rebuilt on every save, with errors and sources in place',
  builder: (y) =>
    y
      .positional('brief', { type: 'string', demandOption: true, describe: 'Brief folder' })
      .options(RENDER_OPTIONS)
      .option('port', { type: 'number', default: 0, describe: 'Port on 127.0.0.1 (default: any free port)' })
      .option('open', { type: 'boolean', default: false, describe: 'Open the preview in the default browser' })
      .example('$0 preview briefs/karabakh-peacekeepers --open', 'Write with the pages beside you; Ctrl-C to stop'),
  async run(args, io) {
    if (args.output === STDOUT) throw new BriefError({ id: 'watchStdout', stage: 'cli', reason: msg.watchStdout(), hint: msg.watchStdoutHint() });
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
      throw new BriefError({ id: 'previewPort', stage: 'cli', reason: msg.previewPort(args.port, 'not a port number'), hint: msg.previewPortHint() });
    }
    const [brief] = discoverBriefs({ args: [args.brief], all: false, root: args.root, output: args.output, cwd: io.cwd });
    // Loaded by this command only: the server, and (in the page) pdf.js.
    const { runPreview } = await import('../../preview/preview.js');
    return runPreview(brief, buildSettings(args, [brief.project]).render, { port: args.port, open: args.open }, io);
  },
};
