// The preview's web server: loopback only, a random token on every request, Host and Origin checked,
// a fixed list of what it serves (its own page, pdf.js, the current PDF, the state), nothing by path.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../load/project.js';
import type { PreviewSession } from './session.js';

/** The preview page's own files, by the only names it asks for. */
function assets(): Record<string, { file: string; type: string }> {
  const page = join(PACKAGE_ROOT, 'preview');
  // pdf.js from briefpress's own dependency, wherever npm put it (nested or hoisted).
  const pdfjs = join(dirname(createRequire(join(PACKAGE_ROOT, 'package.json')).resolve('pdfjs-dist/package.json')), 'build');
  return {
    '/': { file: join(page, 'index.html'), type: 'text/html; charset=utf-8' },
    '/preview.js': { file: join(page, 'preview.js'), type: 'text/javascript; charset=utf-8' },
    '/preview.css': { file: join(page, 'preview.css'), type: 'text/css; charset=utf-8' },
    '/pdf.mjs': { file: join(pdfjs, 'pdf.min.mjs'), type: 'text/javascript; charset=utf-8' },
    '/pdf.worker.mjs': { file: join(pdfjs, 'pdf.worker.min.mjs'), type: 'text/javascript; charset=utf-8' },
  };
}

/**
 * What every response says to the browser: run only our own scripts, load nothing from elsewhere,
 * never be framed, never send the URL (and its token) on as a referrer, keep nothing cached.
 */
const HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; font-src 'self' blob: data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

export interface Preview {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Starts serving the session on 127.0.0.1 (`port` 0: any free port). */
export async function servePreview(session: PreviewSession, port = 0): Promise<Preview> {
  const token = randomBytes(24).toString('base64url');
  const files = assets();
  const cache = new Map<string, Buffer>();
  const streams = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let bound = 0;

  const deny = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text + '\n');
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // DNS rebinding: a page of another site that resolves its own name to 127.0.0.1 sends its
    // name as Host. Only our own names pass.
    const hosts = [`127.0.0.1:${bound}`, `localhost:${bound}`];
    if (!hosts.includes(req.headers.host ?? '')) return deny(res, 421, 'wrong Host: open the URL briefpress preview printed');
    // Another site's page may send requests here; it never gets to read the answers, and is refused outright.
    const origin = req.headers.origin;
    if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) return deny(res, 403, 'cross-origin request refused');
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return deny(res, 403, 'cross-site request refused');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'only GET');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${bound}`);
    } catch {
      return deny(res, 400, 'bad request');
    }
    const given = Buffer.from(url.searchParams.get('t') ?? '');
    const want = Buffer.from(token);
    if (given.length !== want.length || !timingSafeEqual(given, want)) return deny(res, 403, 'missing or wrong token: open the URL briefpress preview printed');

    const path = url.pathname;
    if (Object.hasOwn(files, path)) {
      const { file, type } = files[path];
      let body = cache.get(path);
      // The page's own links carry the token too: it is written into the page as it is served.
      if (!body) cache.set(path, (body = path === '/' ? Buffer.from(readFileSync(file, 'utf8').replaceAll('{{token}}', token)) : readFileSync(file)));
      res.writeHead(200, { ...HEADERS, 'Content-Type': type, 'Content-Length': body.length });
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    if (path === '/brief.pdf') {
      const pdf = session.bytes();
      if (!pdf) return deny(res, 404, 'no PDF yet: the brief has not built');
      res.writeHead(200, { ...HEADERS, 'Content-Type': 'application/pdf', 'Content-Length': pdf.length });
      return res.end(req.method === 'HEAD' ? undefined : Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    }
    if (path === '/brief.html') {
      // The web twin, as a desk would publish it: its own styles and fonts inline, never a script.
      const page = session.webPage();
      if (!page) return deny(res, 404, 'no web page yet: the brief has not built');
      res.writeHead(200, {
        ...HEADERS,
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': page.length,
      });
      return res.end(req.method === 'HEAD' ? undefined : Buffer.from(page.buffer, page.byteOffset, page.byteLength));
    }
    if (path === '/state') {
      const body = Buffer.from(JSON.stringify(session.state()));
      res.writeHead(200, { ...HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    if (path === '/events') {
      // Server-sent events: the version and whether a build runs; the page fetches /state when it changes.
      res.writeHead(200, { ...HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
      const send = () => res.write(`data: ${JSON.stringify({ version: session.state().version, building: session.state().building })}\n\n`);
      send();
      streams.add(res);
      const stop = session.onUpdate(send);
      const beat = setInterval(() => res.write(': beat\n\n'), 15000);
      req.on('close', () => {
        stop();
        clearInterval(beat);
        streams.delete(res);
      });
      return;
    }
    return deny(res, 404, 'not found');
  };

  const server: Server = createServer(handle);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    // Loopback only: nobody else on the network reaches the preview.
    server.listen(port, '127.0.0.1', () => ready());
  });
  bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/?t=${token}`,
    port: bound,
    token,
    close: async () => {
      for (const s of streams) s.end();
      await new Promise<void>((done) => {
        server.close(() => done());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
