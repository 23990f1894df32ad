/**
 * The video socket's wire format (`trucban.video.v1`). Binary messages, byte 0 = type:
 *  1 init:     [1][u32 BE L][L bytes UTF-8 JSON {codec,width,height,transcoding}][ftyp+moov]
 *  2 fragment: [2][flags: bit0 keyframe, bit1 discontinuity][f64 BE decode time, s][moof+mdat]
 * Text messages are JSON health updates. Pure functions: no DOM, testable anywhere.
 */

export type VideoHealthState = 'connecting' | 'online' | 'unstable' | 'no_signal' | 'offline' | 'unauthorised';

export interface InitInfo {
  codec: string;
  width: number;
  height: number;
  transcoding: boolean;
}

export type VideoMessage =
  | { type: 'init'; info: InitInfo; data: Uint8Array }
  | { type: 'fragment'; keyframe: boolean; discontinuity: boolean; decodeTime: number; data: Uint8Array }
  | { type: 'health'; state: VideoHealthState; reason: string; since: number };

const HEALTH_STATES: readonly string[] = ['connecting', 'online', 'unstable', 'no_signal', 'offline', 'unauthorised'];

/** Decodes one binary message; null when it is malformed or of an unknown type. */
export function parseBinary(buf: ArrayBuffer): VideoMessage | null {
  if (buf.byteLength < 2) return null;
  const view = new DataView(buf);
  const type = view.getUint8(0);
  if (type === 1) {
    if (buf.byteLength < 5) return null;
    const len = view.getUint32(1, false);
    if (5 + len > buf.byteLength) return null;
    let info: unknown;
    try {
      info = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 5, len)));
    } catch {
      return null;
    }
    if (!info || typeof info !== 'object') return null;
    const o = info as Record<string, unknown>;
    if (typeof o.codec !== 'string') return null;
    return {
      type: 'init',
      info: { codec: o.codec, width: Number(o.width) || 0, height: Number(o.height) || 0, transcoding: o.transcoding === true },
      data: new Uint8Array(buf, 5 + len),
    };
  }
  if (type === 2) {
    if (buf.byteLength < 10) return null;
    const flags = view.getUint8(1);
    return {
      type: 'fragment',
      keyframe: (flags & 1) !== 0,
      discontinuity: (flags & 2) !== 0,
      decodeTime: view.getFloat64(2, false),
      data: new Uint8Array(buf, 10),
    };
  }
  return null;
}

/** Decodes a text (health) message; null when it is not one. */
export function parseText(text: string): VideoMessage | null {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    if (o.type !== 'health' || typeof o.state !== 'string' || !HEALTH_STATES.includes(o.state)) return null;
    return {
      type: 'health',
      state: o.state as VideoHealthState,
      reason: typeof o.reason === 'string' ? o.reason : '',
      since: typeof o.since === 'number' ? o.since : Date.now(),
    };
  } catch {
    return null;
  }
}

/** Builds messages in the wire format (tests and the simulator-free player harness). */
export function encodeInit(info: InitInfo, segment: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(info));
  const out = new Uint8Array(5 + json.length + segment.length);
  out[0] = 1;
  new DataView(out.buffer).setUint32(1, json.length, false);
  out.set(json, 5);
  out.set(segment, 5 + json.length);
  return out;
}

export function encodeFragment(f: { keyframe: boolean; discontinuity?: boolean; decodeTime: number }, fragment: Uint8Array): Uint8Array {
  const out = new Uint8Array(10 + fragment.length);
  out[0] = 2;
  out[1] = (f.keyframe ? 1 : 0) | (f.discontinuity ? 2 : 0);
  new DataView(out.buffer).setFloat64(2, f.decodeTime, false);
  out.set(fragment, 10);
  return out;
}
