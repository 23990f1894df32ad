/**
 * The multiplexed video socket (`trucban.video.v2`, docs/architecture.md "Video"): one
 * WebSocket per page carries every tile's stream. Pure functions and zod schemas, shared by
 * the station (src-main/server/video.ts) and the page (src-renderer/video/mux.ts); nothing
 * here touches Node or the DOM.
 *
 * Binary frames (station → page only):
 *   [u16 BE tile][packet]   packet = the per-tile v1 packet:
 *     [1][u32 BE json length][json {codec,width,height,transcoding}][init segment]
 *     [2][flags: bit0 keyframe, bit1 discontinuity][f64 BE decode time, s][moof+mdat]
 * Text frames are JSON control messages, checked with the schemas below on both ends:
 *   page → station   {"t":"open","tile":N,"camera":ID,"stream":"sub"|"main"}   {"t":"close","tile":N}
 *   station → page   {"t":"health","tile":N,"state",…}   {"t":"error","tile"?:N,"code","message"}
 * A tile id is the page's own number for one open stream (0…65535); the page never reuses an
 * id until the station has seen its close, so a late frame of a closed tile is dropped.
 */
import { z } from 'zod';

export const VIDEO_MUX_PROTOCOL = 'trucban.video.v2';

/** Streams one socket may have open at once (a 6×6 wall is 36 tiles). */
export const VIDEO_MUX_MAX_TILES = 64;
/** Streams one session may have open over all its sockets (four displays of 36 tiles, and room to change). */
export const VIDEO_MAX_STREAMS_PER_SESSION = 200;
/** Largest control message either side accepts. */
export const VIDEO_MUX_MAX_TEXT = 1024;

export const MUX_INIT = 1;
export const MUX_FRAGMENT = 2;

const tileId = z.number().int().min(0).max(0xffff);
const cameraId = z.string().regex(/^[\w-]{1,64}$/);

export const muxClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('open'), tile: tileId, camera: cameraId, stream: z.enum(['main', 'sub']) }).strict(),
  z.object({ t: z.literal('close'), tile: tileId }).strict(),
]);
export type MuxClientMessage = z.infer<typeof muxClientMessage>;

const healthState = z.enum(['connecting', 'online', 'unstable', 'no_signal', 'offline', 'unauthorised']);

export const muxServerMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('health'), tile: tileId, state: healthState, reason: z.string().max(500), since: z.number().finite() }),
  z.object({ t: z.literal('error'), tile: tileId.optional(), code: z.string().regex(/^[a-z_]{1,64}$/), message: z.string().max(500) }),
]);
export type MuxServerMessage = z.infer<typeof muxServerMessage>;

function parseJson(text: string): unknown {
  if (text.length > VIDEO_MUX_MAX_TEXT) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A control message from a page; null when it is not one (any text at all is accepted as input). */
export function parseClientMessage(text: string): MuxClientMessage | null {
  const r = muxClientMessage.safeParse(parseJson(text));
  return r.success ? r.data : null;
}

/** A control message from the station; null when it is not one. */
export function parseServerMessage(text: string): MuxServerMessage | null {
  const r = muxServerMessage.safeParse(parseJson(text));
  return r.success ? r.data : null;
}

export interface MuxInitInfo {
  codec: string;
  width: number;
  height: number;
  transcoding: boolean;
}

export type MuxPacket =
  | { tile: number; type: 'init'; info: MuxInitInfo; data: Uint8Array }
  | { tile: number; type: 'fragment'; keyframe: boolean; discontinuity: boolean; decodeTime: number; data: Uint8Array };

const initInfo = z.object({
  codec: z.string().regex(/^[\w.,-]{1,100}$/),
  width: z.number().int().min(0).max(16384),
  height: z.number().int().min(0).max(16384),
  transcoding: z.boolean(),
});

/**
 * Decodes one binary frame; null when it is malformed (too short, unknown type, a length past
 * the end, metadata that is not the expected JSON, a decode time that is not finite). The data
 * is a view into `buf`, never a copy.
 */
export function parseMuxBinary(buf: ArrayBuffer | Uint8Array): MuxPacket | null {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  if (bytes.byteLength < 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tile = view.getUint16(0, false);
  const type = view.getUint8(2);
  if (type === MUX_INIT) {
    if (bytes.byteLength < 7) return null;
    const len = view.getUint32(3, false);
    if (len > VIDEO_MUX_MAX_TEXT || 7 + len > bytes.byteLength) return null;
    const text = asciiText(bytes.subarray(7, 7 + len));
    if (text === null) return null;
    let meta: unknown;
    try {
      meta = JSON.parse(text);
    } catch {
      return null;
    }
    const info = initInfo.safeParse(meta);
    if (!info.success) return null;
    return { tile, type: 'init', info: info.data, data: bytes.subarray(7 + len) };
  }
  if (type === MUX_FRAGMENT) {
    if (bytes.byteLength < 12) return null;
    const flags = view.getUint8(3);
    if (flags > 3) return null;
    const decodeTime = view.getFloat64(4, false);
    if (!Number.isFinite(decodeTime)) return null;
    return { tile, type: 'fragment', keyframe: (flags & 1) !== 0, discontinuity: (flags & 2) !== 0, decodeTime, data: bytes.subarray(12) };
  }
  return null;
}

/** The init metadata is ASCII (a codec string, numbers, a flag): anything else is refused. */
function asciiText(b: Uint8Array): string | null {
  let s = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c > 0x7e || c < 0x20) return null;
    s += String.fromCharCode(c);
  }
  return s;
}

function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0x7f;
  return out;
}

/** Encodes an init frame for `tile` (its metadata must be ASCII, as initInfo's schema is). */
export function encodeMuxInit(tile: number, info: MuxInitInfo, segment: Uint8Array): Uint8Array {
  const json = asciiBytes(JSON.stringify({ codec: info.codec, width: info.width, height: info.height, transcoding: info.transcoding }));
  const out = new Uint8Array(7 + json.length + segment.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, tile, false);
  out[2] = MUX_INIT;
  view.setUint32(3, json.length, false);
  out.set(json, 7);
  out.set(segment, 7 + json.length);
  return out;
}

/** Encodes a fragment frame for `tile` (decode time in seconds). */
export function encodeMuxFragment(tile: number, f: { keyframe: boolean; discontinuity?: boolean; decodeTime: number }, fragment: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + fragment.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, tile, false);
  out[2] = MUX_FRAGMENT;
  out[3] = (f.keyframe ? 1 : 0) | (f.discontinuity ? 2 : 0);
  view.setFloat64(4, f.decodeTime, false);
  out.set(fragment, 12);
  return out;
}
