/**
 * The multiplexed video socket's framing (src-shared/video-mux.ts), read by the page and
 * written by the station: well-formed frames round-trip, every malformed one is refused with
 * null (never a throw), and the control messages are checked strictly on both ends.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  encodeMuxFragment,
  encodeMuxInit,
  parseClientMessage,
  parseMuxBinary,
  parseServerMessage,
  VIDEO_MUX_MAX_TEXT,
} from '../../src-shared/video-mux';
import { encodeMuxPacket } from '../../src-main/server/video';

const INFO = { codec: 'avc1.4d401f', width: 640, height: 360, transcoding: false };

describe('mux binary frames', () => {
  it('init and fragment frames round-trip with their tile id, as the station encodes them', () => {
    const seg = Uint8Array.from([0, 0, 0, 8, 0x66, 0x74, 0x79, 0x70]);
    const a = parseMuxBinary(encodeMuxInit(513, INFO, seg));
    expect(a).toMatchObject({ tile: 513, type: 'init', info: INFO });
    expect([...a!.data]).toEqual([...seg]);

    const frag = Uint8Array.from([1, 2, 3, 4, 5]);
    const b = parseMuxBinary(encodeMuxFragment(65535, { keyframe: true, discontinuity: true, decodeTime: 12.5 }, frag));
    expect(b).toMatchObject({ tile: 65535, type: 'fragment', keyframe: true, discontinuity: true, decodeTime: 12.5 });
    expect([...b!.data]).toEqual([...frag]);

    // the station's Node encoder writes the same bytes the shared encoder does
    const node = encodeMuxPacket(7, { type: 'fragment', data: Buffer.from(frag), keyframe: false, decodeTime: 90_000 * 3, duration: 3600, timescale: 90_000, discontinuity: false });
    expect([...node]).toEqual([...encodeMuxFragment(7, { keyframe: false, decodeTime: 3 }, frag)]);
    const nodeInit = encodeMuxPacket(7, { type: 'init', data: Buffer.from(seg), ...INFO });
    expect(parseMuxBinary(new Uint8Array(nodeInit))).toMatchObject({ tile: 7, type: 'init', info: INFO });
  });

  it('refuses short, truncated, unknown and lying frames', () => {
    const good = encodeMuxInit(1, INFO, new Uint8Array(4));
    expect(parseMuxBinary(new Uint8Array(0))).toBeNull();
    expect(parseMuxBinary(Uint8Array.from([0, 1, 2]))).toBeNull();
    // unknown type
    expect(parseMuxBinary(Uint8Array.from([0, 1, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
    // init whose length points past the end
    const lying = good.slice();
    new DataView(lying.buffer).setUint32(3, 10_000, false);
    expect(parseMuxBinary(lying)).toBeNull();
    // init metadata that is not the expected JSON: not JSON, wrong types, non-ASCII, a bad codec string
    const bad = (meta: string) => {
      const json = Uint8Array.from(Buffer.from(meta));
      const out = new Uint8Array(7 + json.length);
      new DataView(out.buffer).setUint32(3, json.length, false);
      out[2] = 1;
      out.set(json, 7);
      return out;
    };
    expect(parseMuxBinary(bad('{nope'))).toBeNull();
    expect(parseMuxBinary(bad('{"codec":1,"width":1,"height":1,"transcoding":false}'))).toBeNull();
    expect(parseMuxBinary(bad('{"codec":"avc1\\"><script>","width":1,"height":1,"transcoding":false}'))).toBeNull();
    expect(parseMuxBinary(bad('{"codec":"avc1","width":-5,"height":1,"transcoding":false}'))).toBeNull();
    expect(parseMuxBinary(bad('{"codec":"avç1","width":1,"height":1,"transcoding":false}'))).toBeNull();
    expect(parseMuxBinary(bad('{"codec":"avc1","width":1,"height":1,"transcoding":false}'))).not.toBeNull();
    // fragment: too short, unknown flag bits, a decode time that is not a number
    expect(parseMuxBinary(Uint8Array.from([0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
    const frag = encodeMuxFragment(1, { keyframe: true, decodeTime: 1 }, new Uint8Array(3));
    const flags = frag.slice();
    flags[3] = 0x80;
    expect(parseMuxBinary(flags)).toBeNull();
    const nan = frag.slice();
    new DataView(nan.buffer).setFloat64(4, Number.NaN, false);
    expect(parseMuxBinary(nan)).toBeNull();
    const inf = frag.slice();
    new DataView(inf.buffer).setFloat64(4, Number.POSITIVE_INFINITY, false);
    expect(parseMuxBinary(inf)).toBeNull();
  });

  it('random bytes never throw (20 000 frames), and what parses is well-formed', () => {
    for (let i = 0; i < 20_000; i++) {
      const len = i % 64;
      const b = new Uint8Array(randomBytes(len));
      if (i % 3 === 0 && len > 3) b[2] = 1 + (i % 2);
      const p = parseMuxBinary(b);
      if (p?.type === 'fragment') expect(Number.isFinite(p.decodeTime)).toBe(true);
      if (p?.type === 'init') expect(typeof p.info.codec).toBe('string');
    }
  });

  it('reads a frame from the middle of a larger buffer (a view, as the page receives)', () => {
    const f = encodeMuxFragment(42, { keyframe: false, decodeTime: 2 }, Uint8Array.from([9, 8, 7]));
    const big = new Uint8Array(f.length + 10);
    big.set(f, 5);
    const p = parseMuxBinary(big.subarray(5, 5 + f.length));
    expect(p).toMatchObject({ tile: 42, type: 'fragment', decodeTime: 2 });
    expect([...p!.data]).toEqual([9, 8, 7]);
  });
});

describe('mux control messages', () => {
  it('the page’s open and close are checked strictly', () => {
    expect(parseClientMessage('{"t":"open","tile":3,"camera":"cam-1","stream":"sub"}')).toEqual({ t: 'open', tile: 3, camera: 'cam-1', stream: 'sub' });
    expect(parseClientMessage('{"t":"close","tile":3}')).toEqual({ t: 'close', tile: 3 });
    for (const bad of [
      '',
      'null',
      '[]',
      '{"t":"open"}',
      '{"t":"open","tile":-1,"camera":"c","stream":"sub"}',
      '{"t":"open","tile":65536,"camera":"c","stream":"sub"}',
      '{"t":"open","tile":1.5,"camera":"c","stream":"sub"}',
      '{"t":"open","tile":1,"camera":"../etc","stream":"sub"}',
      '{"t":"open","tile":1,"camera":"c","stream":"hd"}',
      '{"t":"open","tile":1,"camera":"c","stream":"sub","extra":1}',
      '{"t":"close","tile":"1"}',
      '{"t":"subscribe","tile":1}',
      '{"__proto__":{"t":"close"},"tile":1}',
      `{"t":"close","tile":1,"pad":"${'x'.repeat(VIDEO_MUX_MAX_TEXT)}"}`,
    ]) {
      expect(parseClientMessage(bad), bad.slice(0, 80)).toBeNull();
    }
  });

  it('the station’s health and error messages are checked on the page', () => {
    expect(parseServerMessage('{"t":"health","tile":1,"state":"online","reason":"","since":5}')).toMatchObject({ t: 'health', tile: 1, state: 'online' });
    expect(parseServerMessage('{"t":"error","code":"not_authenticated","message":"sign in"}')).toMatchObject({ t: 'error', code: 'not_authenticated' });
    expect(parseServerMessage('{"t":"error","tile":2,"code":"camera_not_found","message":"x"}')).toMatchObject({ tile: 2 });
    expect(parseServerMessage('{"t":"health","tile":1,"state":"exploded","reason":"","since":5}')).toBeNull();
    expect(parseServerMessage('{"t":"health","tile":1,"state":"online","reason":"","since":"now"}')).toBeNull();
    expect(parseServerMessage('{"t":"error","code":"<b>","message":"x"}')).toBeNull();
    expect(parseServerMessage('not json')).toBeNull();
  });
});
