import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Dispatcher } from '../api/types';
import type { AttachmentStore } from '../attachments/store';

export interface BrowserServerOptions {
  dispatcher: Dispatcher;
  attachments?: AttachmentStore;
  /** Folder with the built renderer (index.html, assets/…). */
  staticDir: string;
  host?: string;
  port?: number;
  /** Per-launch token; generated when omitted. */
  token?: string;
  log?: (msg: string) => void;
}

export interface BrowserServer {
  url: string;
  /** URL with the token, to open in a browser. */
  launchUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

export const BROWSER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MAX_MESSAGE = 48 * 1024 * 1024;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Browser mode (design.md §6): the same dispatcher served over a loopback WebSocket with a
 * per-launch token, plus the built renderer as static files. Loopback only unless a host is
 * configured; the Host header is checked (DNS rebinding) and the token is required for every
 * socket and attachment.
 */
export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const log = opts.log ?? (() => {});
  const root = path.resolve(opts.staticDir);
  let port = opts.port ?? 0;
  let nextConn = 0;

  const hostAllowed = (h: string | undefined) => {
    if (!h) return false;
    const name = h.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return name === '127.0.0.1' || name === 'localhost' || name === '::1' || name === host;
  };

  const server = http.createServer((req, res) => {
    try {
      if (!hostAllowed(req.headers.host)) {
        res.writeHead(421).end('misdirected');
        return;
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const att = /^\/attachments\/([0-9a-f]{64})$/.exec(url.pathname);
      if (att) {
        const t = url.searchParams.get('token') ?? '';
        if (!opts.attachments || !sameToken(t, token)) {
          res.writeHead(403).end();
          return;
        }
        const ref = opts.attachments.describe(att[1]!);
        if (!ref) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': ref.mime, 'cache-control': 'private, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
        res.end(opts.attachments.read(ref.sha256));
        return;
      }
      let rel = decodeURIComponent(url.pathname);
      if (rel === '/' || !path.extname(rel)) rel = '/index.html';
      const file = path.resolve(root, '.' + rel);
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(404).end();
        return;
      }
      fs.readFile(file, (err, data) => {
        if (err) {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(rel === '/index.html' ? 'renderer not built: run npm run build:renderer' : 'not found');
          return;
        }
        res.writeHead(200, {
          'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
          'content-security-policy': BROWSER_CSP,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': rel === '/index.html' ? 'no-cache' : 'public, max-age=3600',
        });
        res.end(req.method === 'HEAD' ? undefined : data);
      });
    } catch {
      res.writeHead(400).end();
    }
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE,
    handleProtocols: (protocols) => (protocols.has('trucban.v1') ? 'trucban.v1' : false),
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://x');
    } catch {
      socket.destroy();
      return;
    }
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim());
    const offered = protocols.find((p) => p.startsWith('token.'))?.slice(6) ?? '';
    const origin = req.headers.origin;
    let originOk = !origin;
    try {
      if (origin) originOk = hostAllowed(new URL(origin).host);
    } catch {
      originOk = false; // "null" or garbage
    }
    if (url.pathname !== '/ws' || !hostAllowed(req.headers.host) || !originOk || !sameToken(offered, token)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket, req: http.IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // a client may resume its session across page reloads with a random key it keeps
    const key = url.searchParams.get('session');
    const sessionId = key && /^[A-Za-z0-9_-]{16,64}$/.test(key) ? `ws:${key}` : `ws:conn${++nextConn}`;
    ws.on('message', async (raw, isBinary) => {
      let msg: { id?: unknown; channel?: unknown; input?: unknown };
      try {
        if (isBinary) throw new Error('binary');
        msg = JSON.parse(raw.toString()) as typeof msg;
      } catch {
        ws.send(JSON.stringify({ id: null, reply: { ok: false, error: { code: 'invalid_input', message: 'malformed message' } } }));
        return;
      }
      const id = typeof msg.id === 'number' || typeof msg.id === 'string' ? msg.id : null;
      const reply = await opts.dispatcher.call(String(msg.channel), msg.input, { sessionId, transport: 'ws' });
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, reply }));
    });
    ws.on('error', (e) => log(`[ws] ${e.message}`));
    ws.on('close', () => {
      if (!key) opts.dispatcher.endSession(sessionId);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  port = (server.address() as { port: number }).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostInUrl}:${port}`;
  return {
    url,
    launchUrl: `${url}/#token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
