/**
 * Live video over the loopback server's `/video` socket (same port, same token as the RPC
 * socket); `startCoreServer(core)` in serve.ts starts the server with video wired to the core
 * and sets the core's endpoint (`core.endpointSlot`, channel video:endpoint). Two forms, picked
 * by the WebSocket sub-protocol (docs/architecture.md, "Video"):
 *
 * - `trucban.video.v2`, the page's form: ONE socket per page, every tile multiplexed on it
 *   (framing in src-shared/video-mux.ts: `[u16 tile][packet]` binary frames, JSON control
 *   messages `open`/`close` from the page, `health`/`error` from the station, zod-checked).
 *   Each tile is its own viewer of the camera's shared stream with its own write budget: a tile
 *   whose bytes are not yet written past TILE_HIGH_WATER waits, so its bounded queue drops to
 *   the next keyframe while the other tiles on the same socket go on.
 * - `trucban.video.v1`, one socket per stream (`?camera=ID&stream=sub|main`), kept for the
 *   command-line clients (bench:stall, bench:wall's floor check) and their tests:
 *     binary [1][u32 BE json length][{codec,width,height,transcoding}][init segment]
 *     binary [2][flags: bit0 keyframe, bit1 discontinuity][f64 BE decode time, s][moof+mdat]
 *     text   {"type":"error","code":…,"message":…} before the server closes the socket
 */
import type http from 'node:http';
import type { WebSocket } from 'ws';
import type { SessionEndReason } from '../api/types';
import type { VideoPacket, Viewer, ViewerCallback } from '../video/stream';
import { describeFault } from '../api/faults';
import { MUX_FRAGMENT, MUX_INIT, parseClientMessage, VIDEO_MAX_STREAMS_PER_SESSION, VIDEO_MUX_MAX_TILES, VIDEO_MUX_PROTOCOL } from '../../src-shared/video-mux';
import type { MuxServerMessage } from '../../src-shared/video-mux';
import type { VideoSource } from './browser';

export type { VideoSource } from './browser';

export const VIDEO_PROTOCOL_V1 = 'trucban.video.v1';
export { VIDEO_MUX_PROTOCOL };
/** The sub-protocols /video answers, best first. */
export const VIDEO_PROTOCOLS: readonly string[] = [VIDEO_MUX_PROTOCOL, VIDEO_PROTOCOL_V1];

export const VIDEO_CLOSE_SESSION_ENDED = 4001;
/** The page broke the protocol (binary frames, a flood of bad control messages). */
export const VIDEO_CLOSE_PROTOCOL = 4002;

/** Binary frame types on the v1 socket (see docs/architecture.md, "Video"). */
export const VIDEO_INIT = 1;
export const VIDEO_FRAGMENT = 2;

/** init: [1][u32 BE json length][json {codec,width,height,transcoding}][init segment] */
export function encodeVideoPacket(p: VideoPacket): Buffer {
  return encodePacket(p, -1);
}

/** A v2 frame: [u16 BE tile][v1 packet]. */
export function encodeMuxPacket(tile: number, p: VideoPacket): Buffer {
  return encodePacket(p, tile);
}

function encodePacket(p: VideoPacket, tile: number): Buffer {
  const pre = tile >= 0 ? 2 : 0;
  if (p.type === 'init') {
    const meta = Buffer.from(JSON.stringify({ codec: p.codec, width: p.width, height: p.height, transcoding: p.transcoding }));
    const out = Buffer.allocUnsafe(pre + 5 + meta.length + p.data.length);
    if (pre) out.writeUInt16BE(tile, 0);
    out[pre] = tile >= 0 ? MUX_INIT : VIDEO_INIT;
    out.writeUInt32BE(meta.length, pre + 1);
    meta.copy(out, pre + 5);
    p.data.copy(out, pre + 5 + meta.length);
    return out;
  }
  // fragment: [2][flags: bit0 keyframe, bit1 discontinuity][f64 BE decode time, s][moof+mdat]
  const out = Buffer.allocUnsafe(pre + 10 + p.data.length);
  if (pre) out.writeUInt16BE(tile, 0);
  out[pre] = tile >= 0 ? MUX_FRAGMENT : VIDEO_FRAGMENT;
  out[pre + 1] = (p.keyframe ? 1 : 0) | (p.discontinuity ? 2 : 0);
  out.writeDoubleBE(p.timescale > 0 ? p.decodeTime / p.timescale : 0, pre + 2);
  p.data.copy(out, pre + 10);
  return out;
}

/**
 * Bytes a v1 video socket may hold in Node's write buffer before its viewer waits for the socket:
 * below it a packet is written and forgotten (no promise per frame); above it the viewer is
 * busy until that packet is written, so its own bounded queue fills and drops to the next
 * keyframe while the other viewers go on.
 */
export const VIDEO_SOCKET_HIGH_WATER = 64 * 1024;
/** v2: bytes of ONE tile handed to the socket and not yet written, before that tile waits. */
export const TILE_HIGH_WATER = 64 * 1024;
/** v2: bytes the whole socket may hold before every tile waits for its own writes. */
export const MUX_SOCKET_HIGH_WATER = 1024 * 1024;

/** What the sinks need of a socket (ws's WebSocket fits). */
export interface VideoSocketLike {
  readonly readyState: number;
  readonly OPEN: number;
  readonly bufferedAmount: number;
  send(data: Buffer, opts: { binary: boolean }, cb?: (err?: Error) => void): void;
}

/** A viewer callback writing packets to a v1 socket, with the high-water rule above. */
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

export interface TileSink {
  onData: ViewerCallback;
  /** Bytes of this tile handed to the socket and not yet written. */
  pending(): number;
}

/**
 * A viewer callback writing one tile's packets to the shared socket. The tile writes and forgets
 * while its own unwritten bytes stay under `tileHighWater` and the socket under
 * `socketHighWater`; past either, its viewer is busy until this packet is written, so only this
 * tile's queue fills and drops to a keyframe (a main stream's big fragments reach their budget
 * long before the sub streams beside it reach theirs).
 */
export function muxTileSink(ws: VideoSocketLike, tile: number, tileHighWater = TILE_HIGH_WATER, socketHighWater = MUX_SOCKET_HIGH_WATER): TileSink {
  let pending = 0;
  return {
    pending: () => pending,
    onData: (p) => {
      if (ws.readyState !== ws.OPEN) return undefined;
      const frame = encodeMuxPacket(tile, p);
      const n = frame.length;
      const wait = pending >= tileHighWater || ws.bufferedAmount >= socketHighWater;
      pending += n;
      if (!wait) {
        ws.send(frame, { binary: true }, () => {
          pending -= n;
        });
        return undefined;
      }
      return new Promise<void>((resolve) =>
        ws.send(frame, { binary: true }, () => {
          pending -= n;
          resolve();
        }),
      );
    },
  };
}

export interface VideoServerStats {
  /** Open /video sockets (both forms). */
  sockets: number;
  /** Of which multiplexed (v2). */
  muxSockets: number;
  /** Streams open over them (a v1 socket is one). */
  tiles: number;
  /** Streams opened since start (each attach of a viewer). */
  opened: number;
}

/** The open /video sockets by session, so a session that ends closes its video at once. */
export class VideoConnections {
  private readonly bySession = new Map<string, Map<WebSocket, { mux: boolean; tiles: () => number }>>();
  opened = 0;

  add(sessionId: string, ws: WebSocket, mux: boolean, tiles: () => number): void {
    let set = this.bySession.get(sessionId);
    if (!set) this.bySession.set(sessionId, (set = new Map()));
    set.set(ws, { mux, tiles });
  }

  remove(sessionId: string, ws: WebSocket): void {
    const set = this.bySession.get(sessionId);
    set?.delete(ws);
    if (set && set.size === 0) this.bySession.delete(sessionId);
  }

  /** Streams the session has open over all its sockets. */
  sessionStreams(sessionId: string): number {
    let n = 0;
    for (const info of this.bySession.get(sessionId)?.values() ?? []) n += info.tiles();
    return n;
  }

  /** Closes the session's sockets (logout, lock, idle lock, socket gone). */
  endSession(sessionId: string, reason: SessionEndReason): void {
    const set = this.bySession.get(sessionId);
    if (!set) return;
    this.bySession.delete(sessionId);
    for (const [ws, info] of set) {
      const text = info.mux
        ? JSON.stringify({ t: 'error', code: 'not_authenticated', message: `session ended (${reason})` } satisfies MuxServerMessage)
        : JSON.stringify({ type: 'error', code: 'not_authenticated', message: `session ended (${reason})` });
      sendText(ws, text);
      ws.close(VIDEO_CLOSE_SESSION_ENDED, `session ended: ${reason}`.slice(0, 120));
    }
  }

  stats(): VideoServerStats {
    let sockets = 0;
    let muxSockets = 0;
    let tiles = 0;
    for (const set of this.bySession.values()) {
      for (const info of set.values()) {
        sockets++;
        if (info.mux) muxSockets++;
        tiles += info.tiles();
      }
    }
    return { sockets, muxSockets, tiles, opened: this.opened };
  }
}

function sendText(ws: WebSocket, text: string): void {
  try {
    if (ws.readyState === ws.OPEN) ws.send(text);
  } catch {
    // the socket is going away
  }
}

const SESSION_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * A paired wall device on the LAN listener (docs/security.md, "A wall device's standing
 * principal"): its /video sockets are authorised by the wall's credential alone and kept under
 * `key` (`wall:<device id>`), which no officer's sign-out, lock or idle lock names, so they
 * close only when the socket goes or the device is revoked (every socket of a revoked device
 * closes with 4003). `valid` re-checks the credential at each tile opened.
 */
export interface StandingPrincipal {
  key: string;
  valid: () => boolean;
}

/**
 * The RPC session a video socket rides on (`?session=KEY`), if it is signed in and unlocked.
 * `prefix` is how the server names that socket's sessions: `ws:` on loopback, `dev:<device id>:`
 * on the LAN listener (a session is its device's own, docs/architecture.md "Devices and the LAN").
 */
function signedInSession(req: http.IncomingMessage, video: VideoSource, prefix: string, standing?: StandingPrincipal): string | null {
  // a paired wall's socket stands on the wall's credential, not on an officer's session
  if (standing) return standing.valid() ? standing.key : null;
  const key = new URL(req.url ?? '/', 'http://x').searchParams.get('session') ?? '';
  if (!SESSION_KEY.test(key)) return null;
  const sessionId = `${prefix}${key}`;
  try {
    return video.sessionUser(sessionId) ? sessionId : null;
  } catch {
    return null;
  }
}

function errorOf(e: unknown): { code: string; message: string } {
  const err = e as { code?: unknown; message?: unknown } | null;
  const code = typeof err?.code === 'string' && /^[a-z_]{1,64}$/.test(err.code) ? err.code : 'internal';
  const message = typeof err?.message === 'string' ? err.message.slice(0, 500) : 'could not start the stream';
  return { code, message };
}

/** Serves one upgraded /video socket in the form its sub-protocol names. */
export function serveVideoSocket(ws: WebSocket, req: http.IncomingMessage, video: VideoSource, log: (m: string) => void, conns: VideoConnections, prefix = 'ws:', standing?: StandingPrincipal): void {
  if (ws.protocol === VIDEO_MUX_PROTOCOL) serveVideoMux(ws, req, video, log, conns, prefix, standing);
  else serveVideo(ws, req, video, log, conns, prefix, standing);
}

/**
 * v1: one viewer per socket, the camera's shared stream attached with this socket as its
 * consumer. Packets are written at once while the socket keeps up; once it holds
 * VIDEO_SOCKET_HIGH_WATER bytes the viewer waits for the write, so a slow client fills only
 * its own bounded queue and drops to the next keyframe while others keep full rate.
 */
function serveVideo(ws: WebSocket, req: http.IncomingMessage, video: VideoSource, log: (m: string) => void, conns: VideoConnections, prefix: string, standing?: StandingPrincipal): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const cameraId = url.searchParams.get('camera') ?? '';
  const kind = url.searchParams.get('stream') === 'main' ? 'main' : 'sub';
  const fail = (code: string, message: string) => {
    sendText(ws, JSON.stringify({ type: 'error', code, message }));
    ws.close(4000 + (code === 'not_authenticated' ? 1 : 4), code);
  };
  ws.on('error', (e) => log(`[video] ${e.message}`));
  // the socket rides on its RPC session: checked now, and closed when that session ends
  const sessionId = signedInSession(req, video, prefix, standing);
  if (!sessionId) return fail('not_authenticated', 'sign in first');
  if (!/^[\w-]{1,64}$/.test(cameraId)) return fail('invalid_input', 'bad camera id');
  let viewer: Viewer;
  try {
    viewer = video.attach(cameraId, kind, videoSocketSink(ws));
  } catch (e) {
    const err = errorOf(e);
    return fail(err.code, err.message);
  }
  conns.opened++;
  conns.add(sessionId, ws, false, () => 1);
  const pushHealth = (h: { state: string; reason: string | null; since: number } | null) => {
    if (h) sendText(ws, JSON.stringify({ type: 'health', state: h.state, reason: h.reason ?? '', since: h.since }));
  };
  pushHealth(video.health?.(cameraId) ?? null);
  const unsubscribe = video.subscribeHealth?.((id, h) => {
    if (id === cameraId) pushHealth(h);
  });
  ws.on('close', () => {
    conns.remove(sessionId, ws);
    unsubscribe?.();
    viewer.detach();
  });
}

/** Bad control messages a page may send before its socket is closed. */
const MAX_BAD_MESSAGES = 20;

interface OpenTile {
  cameraId: string;
  viewer: Viewer;
}

/**
 * v2: every tile of a page on one socket. The page opens and closes tiles with JSON control
 * messages (zod-checked: anything else is answered with an error and otherwise ignored; binary
 * frames from the page, or MAX_BAD_MESSAGES bad ones, close the socket). Each open tile is a
 * viewer of the camera's shared stream (the engine runs one ffmpeg per camera stream however
 * many tiles and pages watch it) writing through its own muxTileSink.
 */
function serveVideoMux(ws: WebSocket, req: http.IncomingMessage, video: VideoSource, log: (m: string) => void, conns: VideoConnections, prefix: string, standing?: StandingPrincipal): void {
  const send = (m: MuxServerMessage) => sendText(ws, JSON.stringify(m));
  ws.on('error', (e) => log(`[video] ${e.message}`));
  const sessionId = signedInSession(req, video, prefix, standing);
  if (!sessionId) {
    send({ t: 'error', code: 'not_authenticated', message: 'sign in first' });
    ws.close(VIDEO_CLOSE_SESSION_ENDED, 'not_authenticated');
    return;
  }
  const tiles = new Map<number, OpenTile>();
  let bad = 0;
  let closed = false;
  conns.add(sessionId, ws, true, () => tiles.size);

  const closeTile = (tile: number) => {
    const t = tiles.get(tile);
    if (!t) return;
    tiles.delete(tile);
    try {
      t.viewer.detach();
    } catch (e) {
      log(`[video] detach failed: ${describeFault(e)}`);
    }
  };
  const pushHealth = (tile: number, h: { state: string; reason: string | null; since: number } | null) => {
    if (!h || h.state === 'stopped') return;
    const m = { t: 'health', tile, state: h.state, reason: (h.reason ?? '').slice(0, 500), since: h.since };
    sendText(ws, JSON.stringify(m));
  };
  const unsubscribe = video.subscribeHealth?.((id, h) => {
    for (const [tile, t] of tiles) if (t.cameraId === id) pushHealth(tile, h);
  });
  const refuse = (why: string) => {
    bad++;
    send({ t: 'error', code: 'invalid_input', message: why });
    if (bad >= MAX_BAD_MESSAGES) ws.close(VIDEO_CLOSE_PROTOCOL, 'too many bad messages');
  };

  ws.on('message', (raw, isBinary) => {
    if (closed) return;
    if (isBinary) {
      send({ t: 'error', code: 'invalid_input', message: 'the page sends text control messages only' });
      ws.close(VIDEO_CLOSE_PROTOCOL, 'binary frame from the page');
      return;
    }
    const text = Array.isArray(raw) ? Buffer.concat(raw).toString('utf8') : Buffer.from(raw as ArrayBuffer).toString('utf8');
    const msg = parseClientMessage(text);
    if (!msg) return refuse('not a control message');
    if (msg.t === 'close') {
      closeTile(msg.tile);
      return;
    }
    // re-checked at every open: a session that locked since the socket opened gets nothing
    if (standing ? !standing.valid() : !video.sessionUser(sessionId)) {
      send({ t: 'error', tile: msg.tile, code: 'not_authenticated', message: 'sign in first' });
      return;
    }
    closeTile(msg.tile);
    if (tiles.size >= VIDEO_MUX_MAX_TILES || conns.sessionStreams(sessionId) >= VIDEO_MAX_STREAMS_PER_SESSION) {
      const limit = tiles.size >= VIDEO_MUX_MAX_TILES ? `${VIDEO_MUX_MAX_TILES} streams per socket` : `${VIDEO_MAX_STREAMS_PER_SESSION} streams per session`;
      send({ t: 'error', tile: msg.tile, code: 'video_too_many_streams', message: `at most ${limit}` });
      return;
    }
    let viewer: Viewer;
    try {
      viewer = video.attach(msg.camera, msg.stream, muxTileSink(ws, msg.tile).onData);
    } catch (e) {
      const err = errorOf(e);
      send({ t: 'error', tile: msg.tile, code: err.code, message: err.message });
      return;
    }
    conns.opened++;
    tiles.set(msg.tile, { cameraId: msg.camera, viewer });
    pushHealth(msg.tile, video.health?.(msg.camera) ?? null);
  });
  ws.on('close', () => {
    closed = true;
    conns.remove(sessionId, ws);
    unsubscribe?.();
    for (const tile of [...tiles.keys()]) closeTile(tile);
  });
}
