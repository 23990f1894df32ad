/**
 * The client's ONE connection to its station (docs/architecture.md, "Clients of a station"):
 * a WSS socket to `/ws` over a pinned TLS connection, `Authorization: Device <credential>`
 * written only once the certificate matched. Calls go out as `{ id, channel, input, requestId? }`;
 * replies and pushed frames come back on the same socket and are zod-checked (a frame that does
 * not fit is dropped: every byte from the network is hostile).
 *
 * Loss is noticed at once: the socket's close or error, and a ping every 2 s that must be
 * answered within 6 s. It reconnects with exponential backoff and full jitter (a random delay
 * up to min(30 s, 0.5 s × 2^attempt)), so a room of clients does not hammer a station that is
 * starting. A call whose reply was not received when the socket went is rejected with
 * LinkLost: the caller decides (a write stays in the outbox and is resent with its requestId).
 */
import { WebSocket } from 'ws';
import { z } from 'zod';
import type { Reply } from '../../src-shared/contract';
import type { PushFrame } from '../../src-shared/contract/topics';
import { PinnedAgent } from './tls';
import type { DeviceRecord } from './device';

export const HEARTBEAT_MS = 2_000;
export const HEARTBEAT_TIMEOUT_MS = 6_000;
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;
/** Largest message accepted from the station (a long logbook page is well below it). */
export const MAX_STATION_MESSAGE = 32 * 1024 * 1024;

/** The call could not be answered: the link went (or was not there). Nothing is known of its fate. */
export class LinkLost extends Error {
  constructor(message = 'the link to the station was lost') {
    super(message);
    this.name = 'LinkLost';
  }
}

const errorData = z.object({ code: z.string().max(64), message: z.string().max(4000) }).passthrough();
const replySchema = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: errorData })]);
const inbound = z.union([
  z.object({ id: z.number().int(), reply: replySchema, replayed: z.literal(true).optional() }),
  z.object({ push: z.object({ topic: z.string().min(1).max(64), seq: z.number().int().min(0), data: z.unknown().optional() }) }),
]);

/** Full jitter: a random delay in [0, min(cap, base × 2^attempt)). */
export function backoffDelay(attempt: number, random: () => number = Math.random, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS): number {
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

export interface LinkOptions {
  record: DeviceRecord;
  /** The station session this client keeps across reconnects (`/ws?session=KEY`). */
  sessionKey: string;
  onState?: (connected: boolean, downSince: number | null) => void;
  onPush?: (frame: PushFrame) => void;
  /** After each (re)connection, before calls made while down are answered again. */
  onOpen?: () => void;
  /** Why the last attempt failed (cert mismatch, refused credential…), for the log and status. */
  onError?: (e: Error) => void;
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  random?: () => number;
  now?: () => number;
}

export interface CallResult {
  reply: Reply<unknown>;
  replayed: boolean;
}

export class StationLink {
  private ws: WebSocket | null = null;
  private agent: PinnedAgent;
  private pending = new Map<number, { resolve: (r: CallResult) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private beat: NodeJS.Timeout | null = null;
  private lastPong = 0;
  private closed = false;
  private _connected = false;
  private _downSince: number | null = null;
  private readonly now: () => number;
  lastError: Error | null = null;
  /** The code the station refused the last attempt with (`device_revoked`, `device_unknown`, `HTTP 503`…); null once connected. */
  refusal: string | null = null;

  constructor(private readonly o: LinkOptions) {
    this.agent = new PinnedAgent(o.record.fingerprint);
    this.now = o.now ?? Date.now;
  }

  get connected(): boolean {
    return this._connected;
  }

  get downSince(): number | null {
    return this._downSince;
  }

  start(): void {
    this.connect();
  }

  private setState(connected: boolean): void {
    const was = this._connected;
    this._connected = connected;
    if (connected) this._downSince = null;
    else this._downSince ??= this.now();
    if (was !== connected || !connected) this.o.onState?.(connected, this._downSince);
  }

  private connect(): void {
    if (this.closed || this.ws) return;
    const url = new URL('/ws', this.o.record.stationUrl);
    url.protocol = 'wss:';
    url.searchParams.set('session', this.o.sessionKey);
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, ['trucban.v1'], {
        agent: this.agent,
        headers: { authorization: `Device ${this.o.record.credential}` },
        handshakeTimeout: 5_000,
        maxPayload: MAX_STATION_MESSAGE,
        perMessageDeflate: false,
      });
    } catch (e) {
      this.failed(e as Error);
      return;
    }
    this.ws = ws;
    ws.on('open', () => {
      if (this.ws !== ws) return;
      this.attempt = 0;
      this.lastError = null;
      this.refusal = null;
      this.lastPong = this.now();
      this.startHeartbeat(ws);
      this.setState(true);
      try {
        this.o.onOpen?.();
      } catch {
        // the owner's work on reconnect never breaks the link
      }
    });
    ws.on('pong', () => {
      this.lastPong = this.now();
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      this.lastPong = this.now(); // any traffic shows the station is there
      let v: unknown;
      try {
        v = JSON.parse(data.toString());
      } catch {
        return;
      }
      const r = inbound.safeParse(v);
      if (!r.success) return;
      if ('push' in r.data) {
        try {
          this.o.onPush?.(r.data.push as PushFrame);
        } catch {
          // a failing relay must not break the replies
        }
        return;
      }
      const p = this.pending.get(r.data.id);
      if (!p) return;
      this.pending.delete(r.data.id);
      p.resolve({ reply: r.data.reply as Reply<unknown>, replayed: r.data.replayed === true });
    });
    ws.on('unexpected-response', (_req, res) => {
      // 401 device_unknown / device_revoked, 403, 503: read why, then it closes
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.length < 16 && chunks.push(c));
      res.on('end', () => {
        let code = `HTTP ${res.statusCode ?? '?'}`;
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: { code?: unknown } };
          if (typeof body.error?.code === 'string') code = body.error.code.slice(0, 64);
        } catch {
          // not JSON
        }
        this.refusal = code;
        this.lastError = new Error(`the station refused the connection: ${code}`);
        ws.terminate();
      });
      res.on('error', () => ws.terminate());
    });
    ws.on('error', (e) => {
      this.lastError = e;
      this.o.onError?.(e);
    });
    ws.on('close', () => {
      if (this.ws === ws) this.ws = null;
      this.stopHeartbeat();
      this.failAll();
      this.setState(false);
      this.schedule();
    });
  }

  private failed(e: Error): void {
    this.lastError = e;
    this.o.onError?.(e);
    this.setState(false);
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    const delay = backoffDelay(this.attempt++, this.o.random, this.o.backoffBaseMs, this.o.backoffCapMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }

  /** Tries at once instead of waiting out the backoff (e.g. the officer pressed "retry"). */
  retryNow(): void {
    if (this.ws || this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.connect();
  }

  private startHeartbeat(ws: WebSocket): void {
    this.stopHeartbeat();
    const every = this.o.heartbeatMs ?? HEARTBEAT_MS;
    const limit = this.o.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS;
    this.beat = setInterval(() => {
      if (this.now() - this.lastPong > limit) {
        // a station that stopped answering (powered off, cable pulled): treat as gone now
        this.lastError = new Error(`no answer from the station for ${limit} ms`);
        ws.terminate();
        return;
      }
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    }, every);
  }

  private stopHeartbeat(): void {
    if (this.beat) clearInterval(this.beat);
    this.beat = null;
  }

  private failAll(): void {
    const lost = new LinkLost();
    for (const p of this.pending.values()) p.reject(lost);
    this.pending.clear();
  }

  /** Sends one call; rejects with LinkLost when the link is down or goes before the reply. */
  call(channel: string, input: unknown, requestId?: string): Promise<CallResult> {
    const ws = this.ws;
    if (!ws || !this._connected || ws.readyState !== ws.OPEN) return Promise.reject(new LinkLost('the station cannot be reached'));
    const id = this.nextId++;
    return new Promise<CallResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        ws.send(JSON.stringify({ id, channel, input, ...(requestId ? { requestId } : {}) }), (err) => {
          if (err && this.pending.delete(id)) reject(new LinkLost(err.message));
        });
      } catch (e) {
        this.pending.delete(id);
        reject(new LinkLost((e as Error).message));
      }
    });
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopHeartbeat();
    this.ws?.terminate();
    this.ws = null;
    this.failAll();
    this.agent.destroy();
  }
}
