/**
 * The page's one video connection (src-renderer/video/mux.ts) against a scripted socket: every
 * stream on one socket, frames routed by tile id, junk and frames of closed tiles dropped without
 * a throw, a hidden page closing its streams and opening them again when shown, a refused
 * stream retried, a dropped socket replaced and every stream re-opened, the socket closed a
 * moment after the last stream.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeMuxFragment, encodeMuxInit, VIDEO_MUX_PROTOCOL } from '../../src-shared/video-mux';
import type { StreamHandlers, VideoMux as VideoMuxType } from '../../src-renderer/video/mux';

class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  sent: unknown[] = [];
  closedWith: number | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  // the station's side
  accept(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  deliver(data: unknown): void {
    this.onmessage?.({ data });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.();
  }
}

class FakeDocument extends EventTarget {
  visibilityState: 'visible' | 'hidden' = 'visible';
  querySelectorAll() {
    return [];
  }
}

let VideoMux: typeof VideoMuxType;
let doc: FakeDocument;

beforeEach(async () => {
  vi.useFakeTimers();
  FakeSocket.all = [];
  doc = new FakeDocument();
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('document', doc);
  ({ VideoMux } = await import('../../src-renderer/video/mux'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

interface Got {
  inits: string[];
  frags: number[];
  health: string[];
  errors: string[];
  resets: number;
}

function handlers(): { h: StreamHandlers; got: Got } {
  const got: Got = { inits: [], frags: [], health: [], errors: [], resets: 0 };
  return {
    got,
    h: {
      onInit: (info) => got.inits.push(info.codec),
      onFragment: (_k, _d, t) => got.frags.push(t),
      onHealth: (s) => got.health.push(s),
      onError: (c) => got.errors.push(c),
      onReset: () => got.resets++,
    },
  };
}

const ab = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength);
const opens = (s: FakeSocket) => s.sent.filter((m): m is { t: 'open'; tile: number; camera: string } => (m as { t: string }).t === 'open');
const endpoint = () => Promise.resolve({ url: 'ws://127.0.0.1:9/video', token: 'tok' });

describe('the page’s video connection', () => {
  it('two streams share one socket; frames go to their own stream; junk and frames of unknown tiles are dropped', async () => {
    const mux = new VideoMux(endpoint);
    const a = handlers();
    const b = handlers();
    mux.open('cam-1', 'sub', a.h);
    mux.open('cam-2', 'main', b.h);
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.all).toHaveLength(1);
    const s = FakeSocket.all[0]!;
    expect(s.protocols).toEqual([VIDEO_MUX_PROTOCOL, 'token.tok']);
    expect(s.url).toMatch(/^ws:\/\/127\.0\.0\.1:9\/video\?session=/);
    s.accept();
    const [oa, ob] = opens(s);
    expect(oa).toMatchObject({ camera: 'cam-1', stream: 'sub' });
    expect(ob).toMatchObject({ camera: 'cam-2', stream: 'main' });
    expect(oa!.tile).not.toBe(ob!.tile);

    s.deliver(ab(encodeMuxInit(ob!.tile, { codec: 'avc1.640028', width: 1280, height: 720, transcoding: false }, new Uint8Array(8))));
    s.deliver(ab(encodeMuxFragment(oa!.tile, { keyframe: true, decodeTime: 7 }, new Uint8Array(3))));
    s.deliver(JSON.stringify({ t: 'health', tile: oa!.tile, state: 'online', reason: '', since: 1 }));
    // junk: not a frame, a frame of a tile nobody opened, text that is not a message, other types
    s.deliver(ab(Uint8Array.from([0xff, 0xff, 9, 9, 9])));
    s.deliver(ab(encodeMuxFragment(4242, { keyframe: true, decodeTime: 1 }, new Uint8Array(1))));
    s.deliver('{"t":"health","tile":1,"state":"on fire"}');
    s.deliver('nonsense');
    s.deliver(42);
    s.deliver(JSON.stringify({ t: 'error', code: 'internal', message: 'whole socket' }));
    expect(a.got).toMatchObject({ inits: [], frags: [7], health: ['online'], errors: [] });
    expect(b.got).toMatchObject({ inits: ['avc1.640028'], frags: [], health: [], errors: [] });
  });

  it('close sends close for that tile only and drops its late frames; the socket closes a moment after the last stream', async () => {
    const mux = new VideoMux(endpoint);
    const a = handlers();
    const b = handlers();
    const sa = mux.open('cam-1', 'sub', a.h);
    const sb = mux.open('cam-2', 'sub', b.h);
    await vi.advanceTimersByTimeAsync(0);
    const s = FakeSocket.all[0]!;
    s.accept();
    const [oa] = opens(s);
    sa.close();
    sa.close();
    expect(s.sent.filter((m) => (m as { t: string }).t === 'close')).toEqual([{ t: 'close', tile: oa!.tile }]);
    s.deliver(ab(encodeMuxFragment(oa!.tile, { keyframe: true, decodeTime: 3 }, new Uint8Array(1))));
    expect(a.got.frags).toEqual([]);
    sb.close();
    expect(s.closedWith).toBeNull();
    // a tile changing camera reuses the socket within the linger
    const c = handlers();
    const sc = mux.open('cam-3', 'sub', c.h);
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.closedWith).toBeNull();
    expect(FakeSocket.all).toHaveLength(1);
    sc.close();
    await vi.advanceTimersByTimeAsync(3000);
    expect(s.closedWith).toBe(1000);
    expect(mux.streamCount).toBe(0);
  });

  it('a hidden page closes every stream on the station and opens them again when shown', async () => {
    const mux = new VideoMux(endpoint);
    const a = handlers();
    const b = handlers();
    mux.open('cam-1', 'sub', a.h);
    mux.open('cam-2', 'sub', b.h);
    await vi.advanceTimersByTimeAsync(0);
    const s = FakeSocket.all[0]!;
    s.accept();
    const first = opens(s).map((o) => o.tile);
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(s.sent.filter((m) => (m as { t: string }).t === 'close').map((m) => (m as { tile: number }).tile).sort()).toEqual([...first].sort());
    expect([a.got.resets, b.got.resets]).toEqual([1, 1]);
    // frames still in flight for the closed tiles are dropped
    s.deliver(ab(encodeMuxFragment(first[0]!, { keyframe: true, decodeTime: 3 }, new Uint8Array(1))));
    expect(a.got.frags).toEqual([]);
    // a stream opened while hidden waits for the page to be shown
    const c = handlers();
    mux.open('cam-3', 'sub', c.h);
    expect(opens(s)).toHaveLength(2);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    const again = opens(s).slice(2);
    expect(again.map((o) => o.camera).sort()).toEqual(['cam-1', 'cam-2', 'cam-3']);
    // new tile ids, so a late frame of the old ones cannot be taken for the new stream
    for (const o of again) expect(first).not.toContain(o.tile);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('a stream the station refuses is reported and asked for again after a backoff', async () => {
    const mux = new VideoMux(endpoint);
    const a = handlers();
    mux.open('cam-x', 'sub', a.h);
    await vi.advanceTimersByTimeAsync(0);
    const s = FakeSocket.all[0]!;
    s.accept();
    const [o] = opens(s);
    s.deliver(JSON.stringify({ t: 'error', tile: o!.tile, code: 'video_unavailable', message: 'no picture' }));
    expect(a.got.errors).toEqual(['video_unavailable']);
    expect(opens(s)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(opens(s)).toHaveLength(2);
    expect(opens(s)[1]!.camera).toBe('cam-x');
  });

  it('a dropped socket resets every stream, reconnects with backoff and opens them all again', async () => {
    const mux = new VideoMux(endpoint);
    const a = handlers();
    const b = handlers();
    mux.open('cam-1', 'sub', a.h);
    mux.open('cam-2', 'sub', b.h);
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[0]!.accept();
    FakeSocket.all[0]!.drop();
    expect([a.got.resets, b.got.resets]).toEqual([1, 1]);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(FakeSocket.all).toHaveLength(2);
    // it drops again before opening: the next wait is longer
    FakeSocket.all[1]!.drop();
    await vi.advanceTimersByTimeAsync(600);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all).toHaveLength(3);
    const s = FakeSocket.all[2]!;
    s.accept();
    expect(opens(s).map((o) => o.camera).sort()).toEqual(['cam-1', 'cam-2']);
    s.deliver(ab(encodeMuxFragment(opens(s)[1]!.tile, { keyframe: true, decodeTime: 9 }, new Uint8Array(1))));
    expect(b.got.frags).toEqual([9]);
  });
});
