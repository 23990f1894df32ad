import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Dispatcher } from '../api/types';
import type { Reply } from '../../src-shared/contract';
import { describeFault } from '../api/faults';
import { parseMessage, replyFrame } from './envelope';
import type { AttachmentStore } from '../attachments/store';
import type { VideoPacket, Viewer, ViewerCallback, ViewerOptions } from '../video/stream';

/** What the /video socket needs from the core (kept narrow so the server stays testable). */
export interface VideoSource {
  attach(cameraId: string, kind: 'main' | 'sub', onData: ViewerCallback, opts?: ViewerOptions): Viewer;
  /** The signed-in, unlocked user of a session (the video socket rides on the RPC session). */
  sessionUser(sessionId: string): unknown;
  /** Health now and its changes; pushed to the tile as text messages. */
  health?(cameraId: string): { state: string; reason: string | null; since: number } | null;
  subscribeHealth?(fn: (cameraId: string, health: { state: string; reason: string | null; since: number } | null) => void): () => void;
}

export interface BrowserServerOptions {
  dispatcher: Dispatcher;
  video?: VideoSource;
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

/** Sends a text frame if the socket is still open; a failing send is the socket's own error. */
function send(ws: WebSocket, frame: string): void {
  if (ws.readyState !== ws.OPEN) return;
  try {
    ws.send(frame);
  } catch {
    // the socket is closing; its 'close' handler cleans up
  }
}

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

  const videoWss = new WebSocketServer({
    noServer: true,
    maxPayload: 4096,
    handleProtocols: (protocols) => (protocols.has('trucban.video.v1') ? 'trucban.video.v1' : false),
  });
  videoWss.on('connection', (ws: WebSocket, req: http.IncomingMessage) => serveVideo(ws, req, opts.video!, log));

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
      .map((p) => p.trim());
    const offered = protocols.find((p) => p.startsWith('token.'))?.slice(6) ?? '';
    const origin = req.headers.origin;
    let originOk = !origin;
    try {
      if (origin) originOk = hostAllowed(new URL(origin).host);
    } catch {
      originOk = false; // "null" or garbage
    }
    const isVideo = url.pathname === '/video' && opts.video !== undefined;
    if ((url.pathname !== '/ws' && !isVideo) || !hostAllowed(req.headers.host) || !originOk || !sameToken(offered, token)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    if (isVideo) {
      videoWss.handleUpgrade(req, socket, head, (ws) => videoWss.emit('connection', ws, req));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket, req: http.IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // a client may resume its session across page reloads with a random key it keeps
    const key = url.searchParams.get('session');
    const sessionId = key && /^[A-Za-z0-9_-]{16,64}$/.test(key) ? `ws:${key}` : `ws:conn${++nextConn}`;
    ws.on('message', (raw, isBinary) => {
      const parsed = parseMessage(raw, isBinary);
      if (!parsed.ok) {
        send(ws, replyFrame(parsed.id, { ok: false, error: parsed.error }));
        return;
      }
      const { id, channel, input } = parsed.msg;
      // the dispatcher is total; the catch is a last guard so no rejection escapes a socket
      void opts.dispatcher
        .call(channel, input, { sessionId, transport: 'ws' })
        .catch((e: unknown): Reply<unknown> => {
          log(`[ws] call failed: ${describeFault(e)}`);
          return { ok: false, error: { code: 'internal', message: 'internal error; the operation was not completed' } };
        })
        .then((reply) => send(ws, replyFrame(id, reply)));
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
        for (const c of videoWss.clients) c.terminate();
        wss.close();
        videoWss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Binary frame types on the /video socket (see docs/architecture.md, "Video"). */
export const VIDEO_INIT = 1;
export const VIDEO_FRAGMENT = 2;

/** init: [1][u32 BE json length][json {codec,width,height,transcoding}][init segment] */
export function encodeVideoPacket(p: VideoPacket): Buffer {
  if (p.type === 'init') {
    const meta = Buffer.from(JSON.stringify({ codec: p.codec, width: p.width, height: p.height, transcoding: p.transcoding }));
    const head = Buffer.alloc(5);
    head[0] = VIDEO_INIT;
    head.writeUInt32BE(meta.length, 1);
    return Buffer.concat([head, meta, p.data]);
  }
  // fragment: [2][flags: bit0 keyframe, bit1 discontinuity][f64 BE decode time, s][moof+mdat]
  const out = Buffer.allocUnsafe(10 + p.data.length);
  out[0] = VIDEO_FRAGMENT;
  out[1] = (p.keyframe ? 1 : 0) | (p.discontinuity ? 2 : 0);
  out.writeDoubleBE(p.timescale > 0 ? p.decodeTime / p.timescale : 0, 2);
  p.data.copy(out, 10);
  return out;
}

/**
 * Bytes a video socket may hold in Node's write buffer before its viewer waits for the socket:
 * below it a packet is written and forgotten (no promise per frame); above it the viewer is
 * busy until that packet is written, so its own bounded queue fills and drops to the next
 * keyframe while the other viewers go on.
 */
export const VIDEO_SOCKET_HIGH_WATER = 64 * 1024;

/** What videoSocketSink needs of a socket (ws's WebSocket fits). */
export interface VideoSocketLike {
  readonly readyState: number;
  readonly OPEN: number;
  readonly bufferedAmount: number;
  send(data: Buffer, opts: { binary: boolean }, cb?: (err?: Error) => void): void;
}

/** A viewer callback writing packets to a socket, with the high-water rule above. */
export function videoSocketSink(ws: VideoSocketLike, highWater = VIDEO_SOCKET_HIGH_WATER): ViewerCallback {
  return (p) => {
    if (ws.readyState !== ws.OPEN) return undefined;
    if (ws.bufferedAmount < highWater) {
      ws.send(encodeVideoPacket(p), { binary: true });
      return undefined;
    }
    return new Promise<void>((resolve) => ws.send(encodeVideoPacket(p), { binary: true }, () => resolve()));
  };
}

/**
 * One viewer per socket: the camera's shared stream is attached with this socket as its
 * consumer. Packets are written at once while the socket keeps up; once it holds
 * VIDEO_SOCKET_HIGH_WATER bytes the viewer waits for the write, so a slow client fills only
 * its own bounded queue and drops to the next keyframe while others keep full rate.
 */
function serveVideo(ws: WebSocket, req: http.IncomingMessage, video: VideoSource, log: (m: string) => void): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const key = url.searchParams.get('session') ?? '';
  const cameraId = url.searchParams.get('camera') ?? '';
  const kind = url.searchParams.get('stream') === 'main' ? 'main' : 'sub';
  const fail = (code: string, message: string) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'error', code, message }));
    ws.close(4000 + (code === 'not_authenticated' ? 1 : 4), code);
  };
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(key) || !video.sessionUser(`ws:${key}`)) return fail('not_authenticated', 'sign in first');
  if (!/^[\w-]{1,64}$/.test(cameraId)) return fail('invalid_input', 'bad camera id');
  let viewer: Viewer;
  try {
    viewer = video.attach(cameraId, kind, videoSocketSink(ws));
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return fail(err.code ?? 'internal', err.message ?? 'could not start the stream');
  }
  const pushHealth = (h: { state: string; reason: string | null; since: number } | null) => {
    if (h && ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'health', state: h.state, reason: h.reason ?? '', since: h.since }));
  };
  pushHealth(video.health?.(cameraId) ?? null);
  const unsubscribe = video.subscribeHealth?.((id, h) => {
    if (id === cameraId) pushHealth(h);
  });
  ws.on('close', () => {
    unsubscribe?.();
    viewer.detach();
  });
  ws.on('error', (e) => log(`[video] ${e.message}`));
}
