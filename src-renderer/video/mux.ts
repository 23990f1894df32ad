/**
 * The page's one video connection (docs/architecture.md, "Video"): every tile's stream rides on
 * a single `/video` WebSocket (`trucban.video.v2`, framing in src-shared/video-mux.ts). A tile
 * opens a stream with `open(…)` and gets its init segments, fragments and health through its
 * handlers; the connection opens with the first stream, closes a moment after the last one,
 * and reconnects with backoff (re-opening every stream) when the station or the link drops.
 * A hidden or minimised page (document.visibilityState 'hidden') closes all its streams on the
 * station and opens them again when it is shown.
 */
import { sessionKey } from '../transport/session';
import { videoEndpoint } from './channels';
import type { VideoEndpoint } from './channels';
import { parseMuxBinary, parseServerMessage, VIDEO_MUX_PROTOCOL } from '../../src-shared/video-mux';
import type { MuxClientMessage, MuxInitInfo } from '../../src-shared/video-mux';

export type StreamKind = 'main' | 'sub';
export type VideoHealthState = 'connecting' | 'online' | 'unstable' | 'no_signal' | 'offline' | 'unauthorised';

export interface StreamHandlers {
  onInit(info: MuxInitInfo, data: Uint8Array): void;
  onFragment(keyframe: boolean, discontinuity: boolean, decodeTime: number, data: Uint8Array): void;
  onHealth(state: VideoHealthState, reason: string, since: number): void;
  /** The station refused or ended this stream (`code`); the mux opens it again after a backoff. */
  onError(code: string): void;
  /** The connection dropped (or the page was hidden): a new init will follow when it comes back. */
  onReset(): void;
}

export interface MuxStream {
  close(): void;
}

interface Entry {
  /** Id of this stream on the current socket (null while not sent). */
  tile: number | null;
  cameraId: string;
  stream: StreamKind;
  h: StreamHandlers;
  retryTimer: ReturnType<typeof setTimeout> | null;
  failures: number;
}

const RECONNECT_MS = [500, 1000, 2000, 5000];
const STREAM_RETRY_MS = [1000, 2000, 5000, 10_000];
/** How long the socket stays open once the last stream closed (a tile changing camera reuses it). */
const LINGER_MS = 3000;

/** Live objects, for the leak checks (window.__trucbanVideo in the page). */
export const muxLive = { sockets: 0, streams: 0, socketsCreated: 0 };

export class VideoMux {
  private ws: WebSocket | null = null;
  private open_ = false;
  private connecting = false;
  private readonly entries = new Set<Entry>();
  private readonly byTile = new Map<number, Entry>();
  private nextTile = 1;
  private reconnects = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private lingerTimer: ReturnType<typeof setTimeout> | null = null;
  private hidden = false;
  private readonly onVisibility = () => this.setHidden(document.visibilityState === 'hidden');

  constructor(private readonly endpoint: () => Promise<VideoEndpoint> = videoEndpoint) {
    if (typeof document !== 'undefined') {
      this.hidden = document.visibilityState === 'hidden';
      document.addEventListener('visibilitychange', this.onVisibility);
    }
  }

  /** Streams open (or waiting to open) through this connection. */
  get streamCount(): number {
    return this.entries.size;
  }

  /** Opens a camera stream; `close()` ends it. */
  open(cameraId: string, stream: StreamKind, h: StreamHandlers): MuxStream {
    const e: Entry = { tile: null, cameraId, stream, h, retryTimer: null, failures: 0 };
    this.entries.add(e);
    muxLive.streams++;
    if (this.lingerTimer) {
      clearTimeout(this.lingerTimer);
      this.lingerTimer = null;
    }
    this.sendOpen(e);
    this.ensureSocket();
    let closed = false;
    return {
      close: () => {
        if (closed) return;
        closed = true;
        this.remove(e);
      },
    };
  }

  private remove(e: Entry): void {
    if (!this.entries.delete(e)) return;
    muxLive.streams--;
    if (e.retryTimer) clearTimeout(e.retryTimer);
    e.retryTimer = null;
    this.sendClose(e);
    if (this.entries.size === 0 && !this.lingerTimer) {
      this.lingerTimer = setTimeout(() => {
        this.lingerTimer = null;
        if (this.entries.size === 0) this.closeSocket();
      }, LINGER_MS);
    }
  }

  private send(m: MuxClientMessage): boolean {
    const ws = this.ws;
    if (!ws || !this.open_ || ws.readyState !== WebSocket.OPEN) return false;
    try {
      ws.send(JSON.stringify(m));
      return true;
    } catch {
      return false;
    }
  }

  private sendOpen(e: Entry): void {
    if (this.hidden || e.tile !== null || !this.open_) return;
    const tile = this.allocTile();
    e.tile = tile;
    this.byTile.set(tile, e);
    if (!this.send({ t: 'open', tile, camera: e.cameraId, stream: e.stream })) {
      this.byTile.delete(tile);
      e.tile = null;
    }
  }

  private sendClose(e: Entry): void {
    if (e.tile === null) return;
    this.send({ t: 'close', tile: e.tile });
    this.byTile.delete(e.tile);
    e.tile = null;
  }

  /** A tile id not in use on this socket (ids are not reused soon, so late frames are dropped). */
  private allocTile(): number {
    for (let i = 0; i < 0x10000; i++) {
      const t = this.nextTile;
      this.nextTile = this.nextTile >= 0xffff ? 1 : this.nextTile + 1;
      if (!this.byTile.has(t)) return t;
    }
    return 0;
  }

  // ---- visibility ------------------------------------------------------------------------

  private setHidden(hidden: boolean): void {
    if (hidden === this.hidden) return;
    this.hidden = hidden;
    for (const e of this.entries) {
      if (hidden) {
        if (e.retryTimer) clearTimeout(e.retryTimer);
        e.retryTimer = null;
        this.sendClose(e);
        e.h.onReset();
      } else {
        this.sendOpen(e);
      }
    }
    if (!hidden) this.ensureSocket();
  }

  // ---- socket ----------------------------------------------------------------------------

  private ensureSocket(): void {
    if (this.ws || this.connecting || this.reconnectTimer || this.entries.size === 0) return;
    void this.connect();
  }

  private async connect(): Promise<void> {
    this.connecting = true;
    let ep: VideoEndpoint;
    try {
      ep = await this.endpoint();
    } catch {
      this.connecting = false;
      this.scheduleReconnect();
      return;
    }
    this.connecting = false;
    if (this.entries.size === 0 || this.ws) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(`${ep.url}?${new URLSearchParams({ session: sessionKey() }).toString()}`, [VIDEO_MUX_PROTOCOL, `token.${ep.token}`]);
    } catch {
      this.scheduleReconnect();
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    muxLive.sockets++;
    muxLive.socketsCreated++;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.open_ = true;
      this.reconnects = 0;
      for (const e of this.entries) this.sendOpen(e);
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (this.ws === ws) this.onMessage(ev.data);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.dropSocket();
      this.scheduleReconnect();
    };
    ws.onerror = () => {
      // onclose follows
    };
  }

  private onMessage(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      const p = parseMuxBinary(data);
      if (!p) return;
      const e = this.byTile.get(p.tile);
      if (!e) return; // a frame of a stream already closed
      e.failures = 0;
      if (p.type === 'init') e.h.onInit(p.info, p.data);
      else e.h.onFragment(p.keyframe, p.discontinuity, p.decodeTime, p.data);
      return;
    }
    if (typeof data !== 'string') return;
    const m = parseServerMessage(data);
    if (!m) return;
    if (m.t === 'health') {
      this.byTile.get(m.tile)?.h.onHealth(m.state, m.reason, m.since);
      return;
    }
    if (m.tile === undefined) return; // about the whole socket: its close follows
    const e = this.byTile.get(m.tile);
    if (!e) return;
    this.byTile.delete(m.tile);
    e.tile = null;
    e.h.onError(m.code);
    const delay = STREAM_RETRY_MS[Math.min(e.failures, STREAM_RETRY_MS.length - 1)] ?? 10_000;
    e.failures++;
    e.retryTimer = setTimeout(() => {
      e.retryTimer = null;
      if (this.entries.has(e)) this.sendOpen(e);
    }, delay);
  }

  private dropSocket(): void {
    const ws = this.ws;
    this.ws = null;
    this.open_ = false;
    if (ws) {
      ws.onopen = null;
      ws.onmessage = null;
      ws.onclose = null;
      muxLive.sockets--;
    }
    this.byTile.clear();
    for (const e of this.entries) {
      e.tile = null;
      e.h.onReset();
    }
    return void ws;
  }

  private closeSocket(): void {
    const ws = this.ws;
    this.dropSocket();
    try {
      ws?.close(1000, 'no streams');
    } catch {
      // already closed
    }
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.entries.size === 0) return;
    // 0.5 s after a socket that had opened, then 1, 2, 5 s while it keeps failing
    const delay = RECONNECT_MS[Math.min(this.reconnects, RECONNECT_MS.length - 1)] ?? 5000;
    this.reconnects++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.ensureSocket();
    }, delay);
  }
}

const muxes = new Map<() => Promise<VideoEndpoint>, VideoMux>();

/** The page's connection for an endpoint (the default: `video:endpoint` / the page's host). */
export function pageMux(endpoint: () => Promise<VideoEndpoint> = videoEndpoint): VideoMux {
  let m = muxes.get(endpoint);
  if (!m) muxes.set(endpoint, (m = new VideoMux(endpoint)));
  return m;
}
