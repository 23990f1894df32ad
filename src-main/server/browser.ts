import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
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
import type { Viewer, ViewerCallback, ViewerOptions } from '../video/stream';
import { serveVideoSocket, VIDEO_PROTOCOLS, VideoConnections } from './video';
import type { VideoServerStats } from './video';

export {
  encodeMuxPacket,
  encodeVideoPacket,
  muxTileSink,
  VIDEO_CLOSE_SESSION_ENDED,
  VIDEO_FRAGMENT,
  VIDEO_INIT,
  VIDEO_SOCKET_HIGH_WATER,
  videoSocketSink,
} from './video';
export type { VideoServerStats, VideoSocketLike } from './video';
import type { DeviceInfo } from '../../src-shared/domain/devices';
import { AppError } from '../../src-shared/errors';
import type { ErrorCode } from '../../src-shared/errors';
import { translateError } from '../../src-shared/i18n/errors';
import { SlidingCounter, TokenBuckets } from './limits';

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
  /** LAN listener: upgraded sockets one paired device may hold open. */
  maxSocketsPerDevice: number;
  /** LAN listener: calls a device may make per second (token bucket) … */
  deviceCallsPerSecond: number;
  /** … with this many saved up. */
  deviceCallBurst: number;
  /** LAN listener: sign-in attempts (auth:login, auth:unlock) per device within deviceSigninWindowMs. */
  deviceSigninAttempts: number;
  deviceSigninWindowMs: number;
  /** LAN listener: POST /pair requests per client address per minute. */
  pairPerAddressPerMinute: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxMessageBytes: MAX_RPC_MESSAGE_BYTES,
  maxSocketsPerAddress: 256,
  maxSockets: 512,
  idleUnauthenticatedMs: 30_000,
  maxInFlightPerSocket: MAX_CALLS_IN_FLIGHT_PER_SOCKET,
  maxInFlightBytes: 64 * 1024 * 1024,
  maxBufferedBytes: 64 * 1024 * 1024,
  maxSocketsPerDevice: 24,
  deviceCallsPerSecond: 50,
  deviceCallBurst: 100,
  deviceSigninAttempts: 20,
  deviceSigninWindowMs: 10 * 60_000,
  pairPerAddressPerMinute: 10,
};

/** The result of checking a device credential. */
export type DeviceCheckResult = { ok: true; device: DeviceInfo } | { ok: false; code: 'device_unknown' | 'device_revoked'; deviceId?: string };

/**
 * What the LAN listener asks of the devices module (src-main/server/lan.ts builds it). With it
 * the server is the LAN listener: `/ws`, `/video`, `/attachments/…` and `/exports/…` require
 * `Authorization: Device <credential>` instead of the per-launch token, `POST /pair` exchanges
 * a pairing code, and every call runs with its device in the context.
 */
export interface DeviceGate {
  /** Checks a credential (the value after `Device `). Never throws. */
  check(credential: string | undefined): DeviceCheckResult;
  /** The device made an authenticated request from `address` (last seen, throttled by the module). */
  seen(deviceId: string, address: string): void;
  /** A refused request (journaled, rate-limited by the module). */
  refused(e: { deviceId?: string | undefined; address: string; reason: string }): void;
  /** May this device's role call this channel with this input? */
  mayCall(device: DeviceInfo, channel: string, input: unknown): boolean;
  /** `POST /pair` with its parsed JSON body; answers the status and body to send. */
  pair(body: unknown, address: string): { status: number; body: unknown };
  /** Revocations: that device's sockets are closed (code 4003). */
  onRevoked(fn: (deviceId: string) => void): () => void;
}

/** Is `host` a loopback address or name (127.0.0.0/8, ::1, localhost)? */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return net.isIPv4(h) && h.startsWith('127.');
}

/** `{ ok:false, error:{ code, message, messageEn } }` (Vietnamese message, English beside it). */
export function errorBody(code: ErrorCode, params?: Record<string, string | number>): { ok: false; error: { code: ErrorCode; message: string; messageEn: string } } {
  const e = { code, message: '', ...(params ? { params } : {}) };
  return { ok: false, error: { code, message: translateError('vi', e), messageEn: translateError('en', e) } };
}

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
  /** Serve HTTPS and WSS with this key and certificate (PEM); required for any non-loopback host. */
  tls?: { key: string; cert: string };
  /** Makes this server the LAN listener: device credentials instead of the launch token (DeviceGate). */
  devices?: DeviceGate;
  /**
   * The key export capabilities are minted with (random per server when omitted). `serve --lan`
   * gives its loopback server and its LAN listener the same one, so an export URL handed out by
   * `jobs:downloadUrl` is valid on both (on the LAN with the device's credential as well).
   */
  exportKey?: string;
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
  /** The open /video sockets and the streams over them (tests count them). */
  videoStats(): VideoServerStats;
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

/** Refuses an upgrade with a JSON error body (the LAN listener's refusals say why). */
function refuseJson(socket: Duplex, status: number, text: string, body: unknown): void {
  const json = JSON.stringify(body);
  try {
    // end (not destroy) so the body reaches the client through TLS; cut after a second regardless
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
    setTimeout(() => socket.destroy(), 1000).unref();
  } catch {
    socket.destroy();
  }
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
  // anything that leaves loopback is TLS (docs/security.md, "The LAN listener")
  if (!opts.tls && !isLoopbackHost(host)) {
    throw new AppError('lan_tls_required', `refusing to serve plain HTTP on ${host}: only loopback addresses may be served without TLS`, { params: { host: host.slice(0, 64) } });
  }
  const gate = opts.devices;
  const scheme = opts.tls ? 'https' : 'http';
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
    return hostNames.has(m[1]!.toLowerCase()) && Number(m[2] ?? (scheme === 'https' ? 443 : 80)) === port;
  };
  /** Origin: exactly http://<one of our names>:<our port>, or one of allowOrigins. */
  const originAllowed = (o: string) => {
    if ((opts.allowOrigins ?? []).includes(o)) return true;
    const m = /^(https?):\/\/(\[[0-9a-fA-F:.]+\]|[^:/[\]]+)(?::(\d{1,5}))?$/.exec(o);
    if (!m || m[1] !== scheme) return false;
    return hostNames.has(m[2]!) && Number(m[3] ?? (scheme === 'https' ? 443 : 80)) === port;
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
  const exportKey = opts.exportKey ?? randomBytes(32).toString('base64url');

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

  // LAN listener: the device each authenticated request came from, its sockets, its limits
  const deviceOf = new WeakMap<http.IncomingMessage, DeviceInfo>();
  const deviceSockets = new Map<string, Set<WebSocket>>();
  const deviceSocketCount = new Map<string, number>();
  const callBuckets = new TokenBuckets(limits.deviceCallsPerSecond, limits.deviceCallBurst);
  const deviceSignins = new SlidingCounter(limits.deviceSigninAttempts, limits.deviceSigninWindowMs);
  const pairAttempts = new SlidingCounter(limits.pairPerAddressPerMinute, 60_000);
  /** `Authorization: Device <credential>` checked; a refusal is journaled (rate-limited) by the gate. */
  const authenticate = (req: http.IncomingMessage): DeviceCheckResult => {
    const addr = req.socket.remoteAddress ?? '?';
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Device ([A-Za-z0-9._-]{1,200})$/.exec(header) : null;
    let r: DeviceCheckResult;
    try {
      r = gate!.check(m ? m[1] : undefined);
    } catch {
      r = { ok: false, code: 'device_unknown' };
    }
    try {
      if (r.ok) gate!.seen(r.device.id, addr);
      else gate!.refused({ deviceId: r.deviceId, address: addr, reason: m ? r.code : 'no credential' });
    } catch (e) {
      log(`[lan] device bookkeeping failed: ${describeFault(e)}`);
    }
    if (r.ok) deviceOf.set(req, r.device);
    return r;
  };
  /** The credential this request came with is still that device's, not revoked (no bookkeeping). */
  const stillPaired = (req: http.IncomingMessage, deviceId: string): boolean => {
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Device ([A-Za-z0-9._-]{1,200})$/.exec(header) : null;
    if (!m || !gate) return false;
    try {
      const r = gate.check(m[1]);
      return r.ok && r.device.id === deviceId && r.device.role === 'wall';
    } catch {
      return false;
    }
  };

  const sendJson = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store' }).end(text);
  };
  /** `POST /pair`: a small JSON body (≤ 4 KiB, read within 10 s), counted per address. */
  const servePair = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const addr = req.socket.remoteAddress ?? '?';
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    if (!pairAttempts.take(addr)) {
      req.resume();
      sendJson(res, 429, errorBody('rate_limited'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const timer = setTimeout(() => finish(408, errorBody('invalid_input')), 10_000);
    timer.unref();
    const finish = (status: number, body: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (!res.headersSent) sendJson(res, status, body);
      if (status !== 200) req.destroy();
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 4096) finish(413, errorBody('invalid_input'));
      else chunks.push(c);
    });
    req.on('error', () => finish(400, errorBody('invalid_input')));
    req.on('end', () => {
      if (done) return;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        finish(400, errorBody('invalid_input'));
        return;
      }
      try {
        const r = gate!.pair(body, addr);
        finish(r.status, r.body);
      } catch (e) {
        log(`[lan] pair failed: ${describeFault(e)}`);
        finish(500, errorBody('internal'));
      }
    });
  };
  const DEVICE_PATHS = /^\/(ws|video|attachments\/|exports\/)/;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    traceLine(req);
    try {
      if (!hostAllowed(req.headers.host)) {
        res.writeHead(421).end('misdirected');
        return;
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (gate) {
        if (url.pathname === '/pair') {
          servePair(req, res);
          return;
        }
        // the launch token is the loopback screens' own; the LAN listener never hands it out
        if (url.pathname === '/launch') {
          res.writeHead(404).end();
          return;
        }
        if (DEVICE_PATHS.test(url.pathname)) {
          const d = authenticate(req);
          if (!d.ok) {
            req.resume();
            sendJson(res, 401, errorBody(d.code));
            return;
          }
        }
      }
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
        // on the LAN listener a paired device's credential (checked above) stands for the token
        const allowed = deviceOf.has(req) || (typeof header === 'string' ? sameToken(header, token) : capabilityValid(token, sha, url.searchParams.get('cap') ?? '', nowSeconds()));
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
  };
  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert, minVersion: 'TLSv1.2' }, handler) : http.createServer(handler);
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  server.on('clientError', (_err, socket) => refuse(socket, 400, 'Bad Request'));
  // a TLS handshake that fails (a plain-HTTP client, a scanner) is the socket's own end
  server.on('tlsClientError', (_err, socket) => socket.destroy());

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    handleProtocols: (protocols) => (protocols.has('trucban.v1') ? 'trucban.v1' : false),
  });

  const videoWss = new WebSocketServer({
    noServer: true,
    maxPayload: 4096,
    handleProtocols: (protocols) => VIDEO_PROTOCOLS.find((p) => protocols.has(p)) ?? false,
  });
  const videoConns = new VideoConnections();
  videoWss.on('connection', (ws: WebSocket, req: http.IncomingMessage) => {
    // a client of a station hands the page's socket to its relay (src-main/client)
    if (opts.relayVideo) return opts.relayVideo(ws, req);
    const device = deviceOf.get(req);
    // a paired wall's video stands on its own credential, re-checked at each tile it opens
    const standing = device?.role === 'wall' ? { key: `wall:${device.id}`, valid: () => stillPaired(req, device.id) } : undefined;
    serveVideoSocket(ws, req, opts.video!, log, videoConns, device ? `dev:${device.id}:` : 'ws:', standing);
  });
  // a session that ends (logout, lock, idle lock, socket gone) closes its video sockets at once
  const unsubscribeSessions = opts.video?.onSessionEnd?.((sessionId, reason) => videoConns.endSession(sessionId, reason));

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
      const wanted = isVideo ? VIDEO_PROTOCOLS : ['trucban.v1'];
      if ((url.pathname !== '/ws' && !isVideo) || !hostAllowed(req.headers.host) || !originOk) {
        refuse(socket, 403, 'Forbidden');
        return;
      }
      let device: DeviceInfo | null = null;
      if (gate) {
        // the LAN listener: a paired device's credential, never the launch token
        const d = authenticate(req);
        if (!d.ok) {
          refuseJson(socket, 401, 'Unauthorized', errorBody(d.code));
          return;
        }
        device = d.device;
      } else if (!sameToken(offered, token)) {
        refuse(socket, 403, 'Forbidden');
        return;
      }
      if (!wanted.some((p) => protocols.includes(p))) {
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
      const devId = device?.id;
      if (devId !== undefined && (deviceSocketCount.get(devId) ?? 0) >= limits.maxSocketsPerDevice) {
        log(`[lan] refused a socket of device ${devId}: too many open sockets`);
        refuseJson(socket, 503, 'Service Unavailable', errorBody('busy'));
        return;
      }
      perAddress.set(addr, mine + 1);
      socketCount++;
      if (devId !== undefined) deviceSocketCount.set(devId, (deviceSocketCount.get(devId) ?? 0) + 1);
      let counted = true;
      const release = () => {
        if (!counted) return;
        counted = false;
        socketCount--;
        const n = (perAddress.get(addr) ?? 1) - 1;
        if (n <= 0) perAddress.delete(addr);
        else perAddress.set(addr, n);
        if (devId !== undefined) {
          const k = (deviceSocketCount.get(devId) ?? 1) - 1;
          if (k <= 0) deviceSocketCount.delete(devId);
          else deviceSocketCount.set(devId, k);
        }
      };
      socket.once('close', release);
      const target = isVideo ? videoWss : wss;
      target.handleUpgrade(req, socket, head, (ws) => {
        if (devId !== undefined) {
          let set = deviceSockets.get(devId);
          if (!set) deviceSockets.set(devId, (set = new Set()));
          set.add(ws);
          ws.once('close', () => {
            set.delete(ws);
            if (set.size === 0 && deviceSockets.get(devId) === set) deviceSockets.delete(devId);
          });
        }
        target.emit('connection', ws, req);
      });
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
    // sessions are per device: the same key through another device is another session
    const device = deviceOf.get(req) ?? null;
    const prefix = device ? `dev:${device.id}:` : 'ws:';
    const sessionId = key && /^[A-Za-z0-9_-]{16,64}$/.test(key) ? `${prefix}${key}` : `${prefix}conn${++nextConn}`;
    let inFlight = 0;
    let heard = false;
    // a socket that never says anything and has nobody signed in holds a slot for nothing; a
    // paired device's socket is authenticated by its credential (a wall may wait for an officer)
    const idle = setTimeout(() => {
      if (!device && !heard && !signedIn(sessionId)) ws.close(WS_CLOSE_IDLE, 'idle: no message and no signed-in session');
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
      if (device) {
        // per device, never per address: a flooding device is refused, the others go on
        if (!callBuckets.take(device.id)) {
          send(ws, replyFrame(id, { ok: false, error: { code: 'rate_limited', message: 'too many calls from this device; try again shortly' } }));
          return;
        }
        let may = false;
        try {
          may = gate!.mayCall(device, channel, input);
        } catch {
          may = false;
        }
        if (!may) {
          const name = channel.slice(0, 64);
          send(ws, replyFrame(id, { ok: false, error: { code: 'device_role_forbidden', message: `a ${device.role} device may not call ${name}`, params: { channel: name } } }));
          return;
        }
        if ((channel === 'auth:login' || channel === 'auth:unlock') && !deviceSignins.take(device.id)) {
          send(ws, replyFrame(id, { ok: false, error: { code: 'rate_limited', message: 'too many sign-in attempts from this device; try again later' } }));
          return;
        }
      }
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
        .call(channel, input, { sessionId, transport: 'ws', ...(device ? { device } : {}), ...(requestId !== undefined ? { requestId } : {}) })
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
  const url = `${scheme}://${hostInUrl}:${port}`;
  // a revoked device's sockets close at once (4003), and are cut if they do not finish closing within a second
  const unsubscribeRevoked = gate?.onRevoked((deviceId) => {
    const set = deviceSockets.get(deviceId);
    if (!set) return;
    for (const ws of [...set]) {
      try {
        ws.close(WS_CLOSE_DEVICE_REVOKED, 'device revoked');
      } catch {
        // already closing
      }
      setTimeout(() => ws.terminate(), 1000).unref();
    }
  });
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
    videoStats: () => videoConns.stats(),
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribeSessions?.();
        unsubscribeRevoked?.();
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
/** The device was revoked (LAN listener): every socket of it closes with this. */
export const WS_CLOSE_DEVICE_REVOKED = 4003;
