// `briefpress preview`: the warm session, its server, a browser if asked, and a clean stop on SIGINT or SIGTERM.
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import type { BatchBrief } from '../batch/batch.js';
import type { RenderOptions } from '../build.js';
import { BriefError } from '../errors.js';
import { msg } from '../messages.js';
import { servePreview, type Preview } from './server.js';
import { PreviewSession } from './session.js';

/** Where the preview says what it does: the command line's streams. */
export interface PreviewIo {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function runPreview(brief: BatchBrief, render: RenderOptions, o: { port: number; open: boolean }, io: PreviewIo): Promise<number> {
  const session = new PreviewSession(brief, render, io.cwd);
  let server: Preview;
  try {
    server = await servePreview(session, o.port);
  } catch (e) {
    throw new BriefError({ id: 'previewPort', stage: 'cli', kind: 'build', reason: msg.previewPort(o.port, (e as NodeJS.ErrnoException).code ?? (e as Error).message), hint: msg.previewPortHint() });
  }
  const stopped = new Promise<void>((stop) => {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // The URL first: the first build may take a second, and the page shows it building.
  io.out(`preview of ${basename(brief.dir)}: ${server.url}\n(Ctrl-C to stop; the URL's token is the only way in, so share it with nobody)\n`);
  if (o.open) openBrowser(server.url, io);
  session.onUpdate((s) => {
    if (s.building) return;
    const stamp = new Date().toISOString().slice(11, 19);
    if (s.errors.length) io.err(`${stamp} ${s.errors[0].text}\n`);
    else if (s.built) io.out(`${stamp} built (${s.built.pages.length} pages, ${s.built.ms} ms)\n`);
  });
  await session.start();
  await stopped;
  await server.close();
  await session.close();
  return 0;
}

function openBrowser(url: string, io: PreviewIo) {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', (e) => io.err(msg.previewOpen((e as NodeJS.ErrnoException).code ?? e.message) + '\n'));
    child.unref();
  } catch (e) {
    io.err(msg.previewOpen((e as Error).message) + '\n');
  }
}
