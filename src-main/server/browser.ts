import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Duplex } from 'node:stream';
import type { Dispatcher, SessionEndReason, TrustedDispatcher } from '../api/types';
import type { Reply } from '../../src-shared/contract';
import { capabilityValid, mintCapability } from '../../src-shared/capability';
import { MAX_CALLS_IN_FLIGHT_PER_SOCKET, MAX_RPC_MESSAGE_BYTES } from '../../src-shared/limits';
import { describeFault } from '../api/faults';
import { parseMessage, pushEnvelope, replyFrame } from './envelope';
import type { PushSink } from '../push/hub';
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
  /** Session ends (logout, lock, idle lock, gone): that session's video sockets close at once. */
  onSessionEnd?(fn: (sessionId: string, reason: SessionEndReason) => void): () => void;
}

/** Limits of the loopback server (docs/security.md, “Sockets”). */
export interface ServerLimits {
  /** Largest /ws message; larger ones close the socket with 1009. */
  maxMessageBytes: number;
  /** Upgraded sockets (/ws and /video) from one client address; more are refused with 503. */
  maxSocketsPerAddress: number;
  /** Upgraded sockets in all. */
  maxSockets: number;
  /** A /ws socket that has sent nothing and has no signed-in session is closed after this. */
  idleUnauthenticatedMs: number;
  /** Calls one /ws socket may have in flight (until the reply is written); more get `busy`. */
  maxInFlightPerSocket: number;
  /** Bytes of messages in flight over every socket; beyond it calls get `busy`. */
  maxInFlightBytes: number;
  /** A socket that does not read its replies is closed once Node holds this much for it. */
  maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxMessageBytes: MAX_RPC_MESSAGE_BYTES,
  maxSocketsPerAddress: 256,
  maxSockets: 512,
  idleUnauthenticatedMs: 30_000,
  maxInFlightPerSocket: MAX_CALLS_IN_FLIGHT_PER_SOCKET,
  maxInFlightBytes: 64 * 1024 * 1024,
  maxBufferedBytes: 64 * 1024 * 1024,
};

/** What `GET /exports/<jobId>` needs from the core: the file a finished job wrote. */
export interface ExportFiles {
  /** The finished job's file; null (or a throw) when the job is unknown, not done or has none. */
  file(jobId: string): { path: string; fileName: string; mime: string } | null;
}

export interface BrowserServerOptions {
  dispatcher: Dispatcher;
  /** Pushed frames: each /ws socket attaches its sink under its session (src-main/push/hub.ts). */
  push?: { attach(sessionId: string, sink: PushSink): () => void };
  video?: VideoSource;
  /**
   * Takes over each accepted /video socket instead of `video` (a workstation's client process
   * relays it to its station byte-for-byte: src-main/client/video-relay.ts). The same checks
   * (Host, Origin, token, sub-protocol, limits) run first.
   */
  relayVideo?: (ws: WebSocket, req: http.IncomingMessage) => void;
  attachments?: AttachmentStore;
  /** Files of finished jobs, streamed by `GET /exports/<jobId>?cap=…` (see exportUrl). */
  exports?: ExportFiles;
  /** Folder with the built renderer (index.html, assets/…). */
  staticDir: string;
  host?: string;
  port?: number;
  /** Per-launch token; generated when omitted. */
  token?: string;
  log?: (msg: string) => void;
  /** Origins allowed besides the server's own (exact, e.g. `app://trucban` for Electron's windows). */
  allowOrigins?: string[];
  limits?: Partial<ServerLimits>;
  /** Sees every request line the server receives, upgrades included (tests check no secret rides in one). */
  onRequestLine?: (line: string) => void;
  /** Seconds since the epoch, for attachment capabilities and launch codes (tests move it). */
  now?: () => number;
}

export interface BrowserServer {
  url: string;
  /** URL with the token in its hash (printed for the user; never put on a command line). */
  launchUrl: string;
  /**
   * URL with a fresh one-time launch code in its hash (`#launch=…`), for opening a browser
   * from a command line: the code is valid once, for LAUNCH_CODE_SECONDS, and the page trades
   * it for the token (POST /launch, code in a header), so `ps` never shows the token.
   */
  appLaunchUrl(): string;
  /**
   * Absolute URL that streams a finished job's file: `/exports/<jobId>?cap=<exp>.<mac>`, the
   * mac keyed with a per-launch secret only this process knows (not the token: a page holding
   * the token cannot mint one for another user's job). Hand it only to the job's owner.
   */
  exportUrl(jobId: string): string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** How long a launch code may wait for its page. */
export const LAUNCH_CODE_SECONDS = 60;
/** How long an export URL stays valid once handed out. */
export const EXPORT_CAPABILITY_SECONDS = 5 * 60;

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const exportSubject = (jobId: string) => `export/${jobId}`;

/**
 * `Content-Disposition: attachment` for a file name in any script (RFC 6266): an ASCII
 * fallback in `filename` (diacritics dropped, đ → d, anything else outside printable ASCII,
 * quotes and backslashes → `_`) and the exact name in `filename*` as UTF-8 (RFC 5987).
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const exact = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
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

/** Sends a text frame if the socket is still open; a failing send is the socket's own error. */
function send(ws: WebSocket, frame: string, cb?: () => void): void {
  if (ws.readyState !== ws.OPEN) {
    cb?.();
    return;
  }
  try {
    ws.send(frame, cb ? () => cb() : undefined);
  } catch {
    cb?.(); // the socket is closing; its 'close' handler cleans up
  }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `a, b ,c` → ['a','b','c'] for a header that may be missing or repeated. */
function headerList(h: string | string[] | undefined): string[] {
  const joined = Array.isArray(h) ? h.join(',') : (h ?? '');
  return joined
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

function refuse(socket: Duplex, status: number, text: string): void {
  try {
    socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  } catch {
    // already gone
  }
  socket.destroy();
}

/**
 * Browser mode: the same dispatcher served over a loopback WebSocket with a per-launch token,
 * plus the built renderer as static files. Loopback only unless a host is configured; Host and
 * Origin are compared exactly (scheme, host and port: DNS rebinding, other local pages), each
 * socket must offer its sub-protocol and the token, and no secret ever rides in a request line
 * (docs/security.md, “Sockets”).
 */
export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const log = opts.log ?? (() => {});
  const root = path.resolve(opts.staticDir);
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const nowSeconds = opts.now ?? (() => Math.floor(Date.now() / 1000));
  let port = opts.port ?? 0;
  let nextConn = 0;

  const hostNames = new Set(['127.0.0.1', 'localhost', '[::1]', host.includes(':') ? `[${host}]` : host]);
  /** Host header: one of our names with our port (the default port only when we listen on 80). */
  const hostAllowed = (h: string | undefined) => {
    if (!h) return false;
    const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(h);
    if (!m) return false;
    return hostNames.has(m[1]!.toLowerCase()) && Number(m[2] ?? 80) === port;
  };
  /** Origin: exactly http://<one of our names>:<our port>, or one of allowOrigins. */
  const originAllowed = (o: string) => {
    if ((opts.allowOrigins ?? []).includes(o)) return true;
    const m = /^http:\/\/(\[[0-9a-fA-F:.]+\]|[^:/[\]]+)(?::(\d{1,5}))?$/.exec(o);
    if (!m) return false;
    return hostNames.has(m[1]!) && Number(m[2] ?? 80) === port;
  };

  // one-time launch codes (code → expiry, seconds)
  const launchCodes = new Map<string, number>();
  const issueLaunchCode = () => {
    const now = nowSeconds();
    for (const [c, exp] of launchCodes) if (exp < now) launchCodes.delete(c);
    const code = randomBytes(18).toString('base64url');
    launchCodes.set(code, now + LAUNCH_CODE_SECONDS);
    return code;
  };
  const redeemLaunchCode = (code: string) => {
    const exp = launchCodes.get(code);
    launchCodes.delete(code);
    return exp !== undefined && exp >= nowSeconds();
  };

  // export capabilities are keyed with a secret that never leaves this process (src-shared/capability.ts)
  const exportKey = randomBytes(32).toString('base64url');

  /** Streams a finished job's file: 403 without a valid capability for it, 404 when it is gone. */
  const serveExport = (jobId: string, cap: string, req: http.IncomingMessage, res: http.ServerResponse) => {
    const noStore = { 'cache-control': 'no-store' };
    if (!opts.exports || !capabilityValid(exportKey, exportSubject(jobId), cap, nowSeconds())) {
      res.writeHead(403, noStore).end();
      return;
    }
    let f: { path: string; fileName: string; mime: string } | null;
    try {
      f = opts.exports.file(jobId);
    } catch {
      f = null;
    }
    if (!f) {
      res.writeHead(404, noStore).end();
      return;
    }
    const file = f;
    const stream = fs.createReadStream(file.path);
    const gone = () => {
      stream.destroy();
      if (!res.headersSent) res.writeHead(404, noStore).end();
      else res.destroy();
    };
    stream.once('error', gone);
    res.once('close', () => stream.destroy());
    stream.once('open', (fd) => {
      fs.fstat(fd, (err, st) => {
        if (err || !st.isFile()) return gone();
        res.writeHead(200, {
          'content-type': file.mime,
          'content-length': String(st.size),
          'content-disposition': contentDisposition(file.fileName),
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
        });
        if (req.method === 'HEAD') {
          stream.destroy();
          res.end();
          return;
        }
        stream.pipe(res);
      });
    });
  };

  const traceLine = (req: http.IncomingMessage) => {
    try {
      opts.onRequestLine?.(`${req.method ?? '?'} ${req.url ?? ''}`);
    } catch {
      // a tracer never breaks a request
    }
  };

  const server = http.createServer((req, res) => {
    traceLine(req);
    try {
      if (!hostAllowed(req.headers.host)) {
        res.writeHead(421).end('misdirected');
        return;
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (url.pathname === '/launch' && req.method === 'POST') {
        // the page trades its launch code (in a header, never the URL) for the token, once
        const origin = req.headers.origin;
        const code = req.headers['x-trucban-launch'];
        req.resume();
        // the code is spent by any attempt that presents it, so a code seen by someone else is burnt
        const valid = typeof code === 'string' && redeemLaunchCode(code);
        if (!valid || typeof origin !== 'string' || !originAllowed(origin)) {
          res.writeHead(403, { 'cache-control': 'no-store' }).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ token }));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const att = /^\/attachments\/([0-9a-f]{64})$/.exec(url.pathname);
      if (att) {
        const sha = att[1]!;
        const header = req.headers['x-trucban-token'];
        const allowed = typeof header === 'string' ? sameToken(header, token) : capabilityValid(token, sha, url.searchParams.get('cap') ?? '', nowSeconds());
        if (!opts.attachments || !allowed) {
          res.writeHead(403).end();
          return;
        }
        const ref = opts.attachments.describe(sha);
        if (!ref) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': ref.mime, 'cache-control': 'private, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
        res.end(req.method === 'HEAD' ? undefined : opts.attachments.read(ref.sha256));
        return;
      }
      const exp = /^\/exports\/([^/]+)$/.exec(url.pathname);
      if (exp) {
        const id = exp[1]!;
        if (!JOB_ID.test(id)) res.writeHead(404, { 'cache-control': 'no-store' }).end();
        else serveExport(id, url.searchParams.get('cap') ?? '', req, res);
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
      if (!res.headersSent) res.writeHead(400);
      res.end();
    }
  });
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  server.on('clientError', (_err, socket) => refuse(socket, 400, 'Bad Request'));

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    handleProtocols: (protocols) => (protocols.has('trucban.v1') ? 'trucban.v1' : false),
  });

  const videoWss = new WebSocketServer({
    noServer: true,
    maxPayload: 4096,
    handleProtocols: (protocols) => (protocols.has('trucban.video.v1') ? 'trucban.video.v1' : false),
  });
  const videoBySession = new Map<string, Set<WebSocket>>();
  videoWss.on('connection', (ws: WebSocket, req: http.IncomingMessage) =>
    opts.relayVideo ? opts.relayVideo(ws, req) : serveVideo(ws, req, opts.video!, log, videoBySession),
  );
  // a session that ends (logout, lock, idle lock, socket gone) closes its video sockets at once
  const unsubscribeSessions = opts.video?.onSessionEnd?.((sessionId, reason) => {
    const set = videoBySession.get(sessionId);
    if (!set) return;
    videoBySession.delete(sessionId);
    for (const ws of set) {
      send(ws, JSON.stringify({ type: 'error', code: 'not_authenticated', message: `session ended (${reason})` }));
      ws.close(VIDEO_CLOSE_SESSION_ENDED, `session ended: ${reason}`.slice(0, 120));
    }
  });

  // upgraded sockets per client address, and in all
  const perAddress = new Map<string, number>();
  let socketCount = 0;

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    traceLine(req);
    try {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://x');
      } catch {
        refuse(socket, 400, 'Bad Request');
        return;
      }
      const protocols = headerList(req.headers['sec-websocket-protocol']);
      const offered = protocols.find((p) => p.startsWith('token.'))?.slice(6) ?? '';
      const origin = req.headers.origin;
      // a browser always sends Origin; a local program (CLI, tests) may not, and still needs the token
      const originOk = origin === undefined || originAllowed(origin);
      const isVideo = url.pathname === '/video' && (opts.video !== undefined || opts.relayVideo !== undefined);
      const wanted = isVideo ? 'trucban.video.v1' : 'trucban.v1';
      if ((url.pathname !== '/ws' && !isVideo) || !hostAllowed(req.headers.host) || !originOk || !sameToken(offered, token)) {
        refuse(socket, 403, 'Forbidden');
        return;
      }
      if (!protocols.includes(wanted)) {
        refuse(socket, 400, 'Bad Request');
        return;
      }
      const addr = req.socket.remoteAddress ?? '?';
      const mine = perAddress.get(addr) ?? 0;
      if (mine >= limits.maxSocketsPerAddress || socketCount >= limits.maxSockets) {
        log(`[ws] refused a socket from ${addr}: ${mine >= limits.maxSocketsPerAddress ? 'too many from this address' : 'too many sockets'}`);
        refuse(socket, 503, 'Service Unavailable');
        return;
      }
      perAddress.set(addr, mine + 1);
      socketCount++;
      let counted = true;
      const release = () => {
        if (!counted) return;
        counted = false;
        socketCount--;
        const n = (perAddress.get(addr) ?? 1) - 1;
        if (n <= 0) perAddress.delete(addr);
        else perAddress.set(addr, n);
      };
      socket.once('close', release);
      const target = isVideo ? videoWss : wss;
      target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
    } catch (e) {
      log(`[ws] upgrade failed: ${describeFault(e)}`);
      refuse(socket, 400, 'Bad Request');
    }
  });

  let inFlightBytes = 0;
  const signedIn = (sessionId: string) => {
    const d = opts.dispatcher as Partial<TrustedDispatcher>;
    try {
      return typeof d.sessionUser === 'function' && d.sessionUser(sessionId) !== null;
    } catch {
      return false;
    }
  };

  wss.on('connection', (ws: WebSocket, req: http.IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // a client may resume its session across page reloads with a random key it keeps
    const key = url.searchParams.get('session');
    const sessionId = key && /^[A-Za-z0-9_-]{16,64}$/.test(key) ? `ws:${key}` : `ws:conn${++nextConn}`;
    let inFlight = 0;
    let heard = false;
    // a socket that never says anything and has nobody signed in holds a slot for nothing
    const idle = setTimeout(() => {
      if (!heard && !signedIn(sessionId)) ws.close(WS_CLOSE_IDLE, 'idle: no message and no signed-in session');
    }, limits.idleUnauthenticatedMs);
    idle.unref();
    // server-initiated frames; the hub bounds what waits by the socket's own write buffer
    let detachPush: (() => void) | null = null;
    try {
      detachPush =
        opts.push?.attach(sessionId, {
          send: (frame) => send(ws, pushEnvelope(frame)),
          backlog: () => (ws.readyState === ws.OPEN ? ws.bufferedAmount : Number.POSITIVE_INFINITY),
        }) ?? null;
    } catch (e) {
      log(`[ws] push attach failed: ${describeFault(e)}`);
    }
    ws.on('message', (raw, isBinary) => {
      heard = true;
      clearTimeout(idle);
      if (ws.bufferedAmount > limits.maxBufferedBytes) {
        ws.close(WS_CLOSE_NOT_READING, 'replies are not being read');
        return;
      }
      const parsed = parseMessage(raw, isBinary);
      if (!parsed.ok) {
        send(ws, replyFrame(parsed.id, { ok: false, error: parsed.error }));
        return;
      }
      const { id, channel, input, requestId } = parsed.msg;
      const size = Array.isArray(raw) ? raw.reduce((n, b) => n + b.length, 0) : raw.byteLength;
      if (inFlight >= limits.maxInFlightPerSocket || inFlightBytes + size > limits.maxInFlightBytes) {
        send(ws, replyFrame(id, { ok: false, error: { code: 'busy', message: 'too many calls in flight; try again shortly' } }));
        return;
      }
      inFlight++;
      inFlightBytes += size;
      const done = () => {
        inFlight--;
        inFlightBytes -= size;
      };
      // the dispatcher is total; the catch is a last guard so no rejection escapes a socket
      void opts.dispatcher
        .call(channel, input, { sessionId, transport: 'ws', ...(requestId !== undefined ? { requestId } : {}) })
        .catch((e: unknown): Reply<unknown> => {
          log(`[ws] call failed: ${describeFault(e)}`);
          return { ok: false, error: { code: 'internal', message: 'internal error; the operation was not completed' } };
        })
        .then((reply) => send(ws, replyFrame(id, reply), done));
    });
    ws.on('error', (e) => log(`[ws] ${e.message}`));
    ws.on('close', () => {
      clearTimeout(idle);
      detachPush?.();
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
    appLaunchUrl: () => `${url}/#launch=${issueLaunchCode()}`,
    exportUrl: (jobId: string) => {
      if (!JOB_ID.test(jobId)) throw new Error('not a job id');
      return `${url}/exports/${jobId}?cap=${mintCapability(exportKey, exportSubject(jobId), nowSeconds() + EXPORT_CAPABILITY_SECONDS)}`;
    },
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribeSessions?.();
        for (const c of wss.clients) c.terminate();
        for (const c of videoWss.clients) c.terminate();
        wss.close();
        videoWss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Close codes of the loopback sockets (4000–4999 are the application's). */
export const WS_CLOSE_IDLE = 4008;
export const WS_CLOSE_NOT_READING = 4009;
export const VIDEO_CLOSE_SESSION_ENDED = 4001;

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
function serveVideo(ws: WebSocket, req: http.IncomingMessage, video: VideoSource, log: (m: string) => void, bySession: Map<string, Set<WebSocket>>): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const key = url.searchParams.get('session') ?? '';
  const cameraId = url.searchParams.get('camera') ?? '';
  const kind = url.searchParams.get('stream') === 'main' ? 'main' : 'sub';
  const fail = (code: string, message: string) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'error', code, message }));
    ws.close(4000 + (code === 'not_authenticated' ? 1 : 4), code);
  };
  ws.on('error', (e) => log(`[video] ${e.message}`));
  // the socket rides on its RPC session: checked now, and closed when that session ends
  const sessionId = `ws:${key}`;
  try {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(key) || !video.sessionUser(sessionId)) return fail('not_authenticated', 'sign in first');
  } catch {
    return fail('not_authenticated', 'sign in first');
  }
  if (!/^[\w-]{1,64}$/.test(cameraId)) return fail('invalid_input', 'bad camera id');
  let viewer: Viewer;
  try {
    viewer = video.attach(cameraId, kind, videoSocketSink(ws));
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown };
    return fail(typeof err?.code === 'string' ? err.code : 'internal', typeof err?.message === 'string' ? err.message : 'could not start the stream');
  }
  let set = bySession.get(sessionId);
  if (!set) bySession.set(sessionId, (set = new Set()));
  set.add(ws);
  const pushHealth = (h: { state: string; reason: string | null; since: number } | null) => {
    if (h && ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'health', state: h.state, reason: h.reason ?? '', since: h.since }));
  };
  pushHealth(video.health?.(cameraId) ?? null);
  const unsubscribe = video.subscribeHealth?.((id, h) => {
    if (id === cameraId) pushHealth(h);
  });
  ws.on('close', () => {
    const mine = bySession.get(sessionId);
    mine?.delete(ws);
    if (mine && mine.size === 0) bySession.delete(sessionId);
    unsubscribe?.();
    viewer.detach();
  });
}
