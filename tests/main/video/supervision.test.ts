// CameraStream supervision with a fake clock, fake timers and a fake ffmpeg fed with real fMP4
// bytes: backoff, stall → no_signal → offline, unauthorised without a restart storm, unstable →
// online, H.265 → transcode, slow viewers, pre-buffer bounds, engine ref-counting and isolation.
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { StreamEngine } from '../../../src-main/video/engine';
import { CameraStream, backoffDelay } from '../../../src-main/video/stream';
import { muxTileSink, videoSocketSink } from '../../../src-main/server/browser';
import type { ChildLike, HealthChange, Timers, VideoPacket } from '../../../src-main/video/stream';

/** Fake clock + timers: advance() runs due timers in time order. */
class Scheduler implements Timers {
  t = 1_000_000;
  private seq = 0;
  private q = new Map<number, { at: number; fn: () => void }>();
  now = () => this.t;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.q.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.q.delete(h as number);
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | null = null;
      for (const e of this.q) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.q.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
  }
}

class FakeChild extends EventEmitter implements ChildLike {
  static nextPid = 100;
  readonly pid = FakeChild.nextPid++;
  readonly stdin = new PassThrough();
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  killed = false;
  constructor(
    readonly args: string[],
    readonly fd3: string | null = null,
  ) {
    super();
  }
  kill(): boolean {
    if (this.killed) return false;
    this.killed = true;
    queueMicrotask(() => this.emit('exit', null, 'SIGKILL'));
    return true;
  }
  /** Writes synchronously through the parser (stdout 'data' fires on write in flowing mode). */
  send(b: Buffer): void {
    this.stdout.emit('data', b);
  }
  fail(stderr: string, code = 1): void {
    this.stderr.emit('data', stderr);
    this.emit('exit', code, null);
  }
}

let h264: { init: Buffer; frags: Buffer[] };
let h265init: Buffer;
function boxes(bytes: Buffer): { init: Buffer; frags: Buffer[] } {
  const out: Buffer[] = [];
  let i = 0;
  let init = Buffer.alloc(0);
  while (i < bytes.length) {
    const size = bytes.readUInt32BE(i);
    const type = bytes.toString('latin1', i + 4, i + 8);
    if (type === 'ftyp' || type === 'moov') init = Buffer.concat([init, bytes.subarray(i, i + size)]);
    else if (type === 'moof') out.push(bytes.subarray(i, i + size));
    else if (type === 'mdat') out[out.length - 1] = Buffer.concat([out[out.length - 1]!, bytes.subarray(i, i + size)]);
    i += size;
  }
  return { init, frags: out };
}
function gen(codec: string[]): Buffer {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', ...codec, '-t', '4'];
  args.push('-f', 'mp4', '-movflags', '+empty_moov+default_base_moof+frag_every_frame', 'pipe:1');
  const r = spawnSync('ffmpeg', args, { maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return r.stdout;
}
beforeAll(() => {
  h264 = boxes(gen(['-c:v', 'libx264', '-g', '25', '-bf', '0']));
  h265init = boxes(gen(['-c:v', 'libx265', '-x265-params', 'keyint=25:bframes=0:log-level=error'])).init;
});

function setup(extra: Partial<ConstructorParameters<typeof CameraStream>[0]> = {}) {
  const s = new Scheduler();
  const children: FakeChild[] = [];
  const changes: HealthChange[] = [];
  const stream = new CameraStream({
    cameraId: 'c1',
    kind: 'sub',
    source: { url: 'rtsp://admin:secret@10.0.0.9/s1' },
    ffmpegPath: '/usr/bin/ffmpeg',
    spawn: (_cmd, args, extra) => {
      const c = new FakeChild(args, extra?.fd3 ?? null);
      children.push(c);
      return c;
    },
    clock: s,
    timers: s,
    onHealth: (c) => changes.push(c),
    tickMs: 100,
    cpuSeconds: () => null,
    ...extra,
  });
  const last = () => children[children.length - 1]!;
  /** ffmpeg "streams" n frames at 25 fps from frame `from`. */
  const play = (n: number, from = 0, withInit = from === 0) => {
    if (withInit) last().send(h264.init);
    for (let i = 0; i < n; i++) {
      last().send(h264.frags[(from + i) % h264.frags.length]!);
      s.advance(40);
    }
  };
  return { s, children, changes, stream, last, play };
}
const flush = () => new Promise((r) => setImmediate(r));

describe('backoff', () => {
  it('is 1 s ×5, 5 s ×5, 10 s ×10, then 60 s', () => {
    const d = Array.from({ length: 22 }, (_, i) => backoffDelay(i + 1));
    expect(d).toEqual([...Array(5).fill(1000), ...Array(5).fill(5000), ...Array(10).fill(10000), 60000, 60000]);
  });
});

describe('CameraStream supervision', () => {
  it('goes online on the first fragment, no_signal on a stall, offline when it persists, and back without help', async () => {
    const { s, children, changes, stream, play, last } = setup({ stallMs: 4000 });
    stream.start();
    expect(children).toHaveLength(1);
    // the URL (with its credentials) reaches ffmpeg through fd 3, never its command line
    expect(children[0]!.fd3).toContain("file 'rtsp://admin:secret@10.0.0.9/s1'");
    expect(children[0]!.args.join(' ')).not.toMatch(/secret|admin|10\.0\.0\.9/);
    play(30);
    expect(stream.health().state).toBe('online');
    // the camera stops sending: stall after 4 s (+ one tick)
    const stalledFrom = s.t;
    s.advance(4200);
    expect(stream.health().state).toBe('no_signal');
    const noSignal = changes.find((c) => c.to === 'no_signal')!;
    expect(noSignal.at - stalledFrom).toBeLessThanOrEqual(4200);
    expect(noSignal.reason).toMatch(/stalled/);
    await flush();
    // restarts after 1 s; the camera is dead: ffmpeg exits at once, twice → offline
    s.advance(1000);
    expect(children).toHaveLength(2);
    last().fail('Connection to tcp://10.0.0.9:554?timeout=5000000 failed: Connection refused\n');
    s.advance(1000);
    last().fail('Connection refused\n');
    expect(stream.health().state).toBe('offline');
    expect(stream.health().reason).toContain('Connection refused');
    expect(changes.map((c) => c.reason).join(' ')).not.toContain('secret');
    // back: streaming again, 'unstable' while the restarts are within the last minute, then online
    s.advance(1000);
    expect(children).toHaveLength(4);
    play(50);
    expect(stream.health().state).toBe('unstable');
    for (let i = 0; i < 60 * 25; i++) {
      last().send(h264.frags[(50 + i) % h264.frags.length]!);
      s.advance(40);
    }
    expect(stream.health().state).toBe('online');
    expect(changes.map((c) => c.to)).toEqual(['connecting', 'online', 'no_signal', 'offline', 'unstable', 'online']);
    stream.stop();
  });

  it('follows the backoff schedule while a camera stays down', () => {
    const { s, children, stream, last } = setup();
    stream.start();
    const spawnTimes: number[] = [s.t];
    for (let i = 0; i < 22; i++) {
      const n = children.length;
      last().fail('Connection refused\n');
      while (children.length === n) s.advance(100);
      spawnTimes.push(s.t);
    }
    const gaps = spawnTimes.slice(1).map((t, i) => t - spawnTimes[i]!);
    expect(gaps).toEqual([...Array(5).fill(1000), ...Array(5).fill(5000), ...Array(10).fill(10000), 60000, 60000]);
    expect(stream.health().state).toBe('offline');
    stream.stop();
  });

  it('a 401 → unauthorised, retried at the slow rate only (no restart storm)', () => {
    const { s, children, changes, stream, last } = setup();
    stream.start();
    const t0 = s.t;
    while (s.t - t0 < 10 * 60_000) {
      if (!last().killed && last().listenerCount('exit') > 0 && children.length > 0) {
        last().fail("[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized\nrtsp://admin:secret@10.0.0.9/s1: Server returned 401 Unauthorized (authorization failed)\n");
        last().killed = true;
      }
      s.advance(1000);
    }
    // 10 minutes: the first attempt plus one every 60 s
    expect(children.length).toBeLessThanOrEqual(11);
    expect(stream.health().state).toBe('unauthorised');
    expect(changes.filter((c) => c.to === 'unauthorised')).toHaveLength(1);
    expect(stream.health().reason).toContain('401');
    expect(stream.health().reason).not.toContain('secret');
    stream.stop();
  });

  it('restarts transcoding when the codec is H.265 and marks it', () => {
    const { stream, children, play, last } = setup();
    const got: VideoPacket[] = [];
    stream.attach((p) => void got.push(p));
    stream.start();
    last().send(h265init);
    expect(children).toHaveLength(2);
    expect(children[0]!.killed).toBe(true);
    expect(children[1]!.args.join(' ')).toContain('-c:v libx264 -preset veryfast -tune zerolatency -g 25 -bf 0');
    play(10);
    expect(got[0]).toMatchObject({ type: 'init', transcoding: true });
    expect(stream.stats()).toMatchObject({ transcoding: true, transcodeReason: expect.stringMatching(/^(hev1|hvc1)\./), restarts: 0, spawns: 2 });
    stream.stop();
  });

  it('a viewer that never finishes is bounded and drops to the next keyframe; the others get everything', () => {
    const { stream, play } = setup();
    const fast: VideoPacket[] = [];
    let release: (() => void) | null = null;
    const slowGot: VideoPacket[] = [];
    stream.start();
    const f = stream.attach((p) => void fast.push(p), { start: 'next' });
    const slow = stream.attach(
      (p) => {
        slowGot.push(p);
        return new Promise<void>((r) => (release = r));
      },
      { maxQueueFragments: 10 },
    );
    play(100);
    expect(fast.filter((p) => p.type === 'fragment')).toHaveLength(100);
    expect(f.stats().drops).toBe(0);
    expect(slow.stats().queuedFragments).toBeLessThanOrEqual(10);
    expect(slow.stats().drops).toBeGreaterThan(70);
    expect(slowGot).toHaveLength(1);
    expect(release).not.toBeNull();
    stream.stop();
  });

  it('a socket sink writes at once below its high-water mark, then makes its viewer wait, bounded, while another socket gets everything', () => {
    const { stream, play } = setup();
    // a socket whose peer stops reading after 20 packets: its buffer grows past the mark
    const fakeSocket = (stopAfter: number) => {
      const s = { readyState: 1, OPEN: 1, bufferedAmount: 0, sent: 0, reading: true, pending: [] as (() => void)[] };
      return Object.assign(s, {
        send(data: Buffer, _o: { binary: boolean }, cb?: () => void) {
          s.sent += 1;
          if (s.sent === stopAfter) s.reading = false;
          if (!s.reading) s.bufferedAmount += data.length;
          if (cb) s.pending.push(cb);
        },
      });
    };
    const stuck = fakeSocket(20);
    const ok = fakeSocket(Infinity);
    stream.start();
    const a = stream.attach(videoSocketSink(ok, 4096), { start: 'next' });
    const b = stream.attach(videoSocketSink(stuck, 4096), { maxQueueFragments: 10 });
    play(100);
    expect(ok.sent).toBe(1 + 100); // init + every fragment, never waiting
    expect(ok.pending).toHaveLength(0);
    expect(a.stats().drops).toBe(0);
    // the stuck one: written freely until the mark, then one write awaited, the rest queued or dropped
    expect(stuck.sent).toBeGreaterThan(20);
    expect(stuck.sent).toBeLessThan(40);
    expect(stuck.pending).toHaveLength(1);
    expect(b.stats().queuedFragments).toBeLessThanOrEqual(10);
    expect(b.stats().drops).toBeGreaterThan(50);
    // the peer reads again: the awaited write completes and the viewer resumes on a keyframe
    stuck.reading = true;
    stuck.bufferedAmount = 0;
    stuck.pending.shift()!();
    return Promise.resolve().then(() => {
      const before = stuck.sent;
      play(30);
      expect(stuck.sent).toBeGreaterThan(before + 10);
      stream.stop();
    });
  });

  it('one multiplexed socket, per-tile budgets: a heavy tile drops to keyframes while a light tile on the same socket gets every fragment', async () => {
    // a socket that drains `rate` bytes per 40 ms frame, first in first out, as one TCP connection does
    const sock = { readyState: 1, OPEN: 1, bufferedAmount: 0, credit: 0, q: [] as { n: number; cb?: () => void }[], frames: new Map<number, number>() };
    const socket = Object.assign(sock, {
      send(data: Buffer, _o: { binary: boolean }, cb?: () => void) {
        const tile = data.readUInt16BE(0);
        if (data[2] === 2) sock.frames.set(tile, (sock.frames.get(tile) ?? 0) + 1);
        sock.bufferedAmount += data.length;
        sock.q.push({ n: data.length, ...(cb ? { cb } : {}) });
      },
      drain(rate: number) {
        sock.credit += rate;
        while (sock.q.length && sock.credit >= sock.q[0]!.n) {
          const w = sock.q.shift()!;
          sock.credit -= w.n;
          sock.bufferedAmount -= w.n;
          w.cb?.();
        }
        if (sock.q.length === 0) sock.credit = 0;
      },
    });
    const heavy = setup();
    const light = setup();
    heavy.stream.start();
    light.stream.start();
    const heavySink = muxTileSink(socket, 1);
    const lightSink = muxTileSink(socket, 2);
    // the heavy tile's fragments are 40 times larger (a main stream beside sub streams)
    const inflate = (p: VideoPacket): VideoPacket => (p.type === 'fragment' ? { ...p, data: Buffer.concat(Array(40).fill(p.data) as Buffer[]) } : p);
    const h = heavy.stream.attach((p) => heavySink.onData(inflate(p)), { maxQueueFragments: 10 });
    const l = light.stream.attach(lightSink.onData, { maxQueueFragments: 10 });
    const lightSize = h264.frags.reduce((n, f) => n + f.length, 0) / h264.frags.length;
    heavy.last().send(h264.init);
    light.last().send(h264.init);
    for (let i = 0; i < 150; i++) {
      heavy.last().send(h264.frags[i % h264.frags.length]!);
      light.last().send(h264.frags[i % h264.frags.length]!);
      heavy.s.advance(40);
      light.s.advance(40);
      // the link carries the light tile's rate and a fifth of the heavy one's
      socket.drain(lightSize * 2 + lightSize * 40 * 0.2);
      await Promise.resolve();
    }
    expect(l.stats().drops).toBe(0);
    expect(socket.frames.get(2)).toBe(150);
    expect(h.stats().drops).toBeGreaterThan(50);
    expect(socket.frames.get(1) ?? 0).toBeLessThan(100);
    // what the heavy tile has in flight stays bounded: its budget, the fragment that crossed it and the one awaited
    expect(heavySink.pending()).toBeLessThan(64 * 1024 + 2 * (40 * Math.max(...h264.frags.map((f) => f.length)) + 64));
    heavy.stream.stop();
    light.stream.stop();
  });

  it('late viewers get the cached init then the current GOP from its keyframe', () => {
    const { stream, play } = setup();
    stream.start();
    play(37);
    const got: VideoPacket[] = [];
    stream.attach((p) => void got.push(p));
    expect(got[0]?.type).toBe('init');
    expect(got[1]).toMatchObject({ type: 'fragment', keyframe: true });
    expect(got).toHaveLength(1 + 12); // frames 25..36
    stream.stop();
  });

  it("reports ffmpeg's CPU as % of one core", () => {
    // the fake ffmpeg burns 0.25 CPU seconds per wall second: 25 % of a core
    let cpuAt0 = 0;
    const { stream, play, s } = setup({ cpuSeconds: () => (s.now() - cpuAt0) / 4000 });
    cpuAt0 = s.now();
    stream.start();
    play(200); // 8 s of video, the CPU sampled every 2 s
    expect(stream.stats().cpuPercent).toBeCloseTo(25, 1);
    stream.stop();
  });

  it('keeps a bounded pre-buffer of whole GOPs', () => {
    const { stream, play } = setup({ prebufferSeconds: 2 });
    stream.start();
    play(100);
    const st = stream.stats();
    expect(st.prebufferSeconds).toBeGreaterThanOrEqual(2);
    expect(st.prebufferSeconds).toBeLessThan(3);
    const clip = stream.clip(10);
    expect(clip.data.subarray(0, h264.init.length).equals(h264.init)).toBe(true);
    // asked for 10 s, the buffer holds about 2: the clip says what it really covers
    expect(clip.seconds).toBeCloseTo(st.prebufferSeconds, 5);
    stream.stop();
    const bytesBound = setup({ prebufferSeconds: 30, prebufferMaxBytes: 100_000 });
    bytesBound.stream.start();
    bytesBound.play(100);
    expect(bytesBound.stream.stats().prebufferBytes).toBeLessThanOrEqual(100_000 + 60_000);
    bytesBound.stream.stop();
  });

  it('rotates a healthy ffmpeg make-before-break: the standby takes over on its first keyframe, no gap, no health change', () => {
    const { stream, play, children, changes, s, last } = setup({ rotateAfterMs: 10_000 });
    const got: VideoPacket[] = [];
    stream.attach((p) => void got.push(p), { start: 'next' });
    stream.start();
    play(250); // 10 s on the first ffmpeg
    const old = children[0]!;
    // the rotation starts on a tick after 10 s (the old ffmpeg keeps sending meanwhile)
    for (let i = 0; children.length < 2 && i < 25; i++) {
      old.send(h264.frags[(250 + i) % h264.frags.length]!);
      s.advance(40);
    }
    expect(children).toHaveLength(2);
    const standby = children[1]!;
    const healthBefore = changes.length;
    expect(standby.args).toEqual(old.args);
    // the old one keeps streaming while the standby connects; its frames still reach the viewer
    const before = got.length;
    for (let i = 0; i < 5; i++) {
      old.send(h264.frags[(260 + i) % h264.frags.length]!);
      s.advance(40);
    }
    expect(got.length).toBe(before + 5);
    expect(old.killed).toBe(false);
    // the standby's output is held back until it has an init and a keyframe…
    standby.send(h264.init);
    expect(got.length).toBe(before + 5);
    standby.send(h264.frags[0]!);
    // …then it takes over: the old ffmpeg is killed, viewers restart from the new init and keyframe
    expect(old.killed).toBe(true);
    const after = got.slice(before + 5);
    expect(after[0]).toMatchObject({ type: 'init' });
    expect(after[1]).toMatchObject({ type: 'fragment', keyframe: true, discontinuity: true });
    expect(last()).toBe(standby);
    for (let i = 1; i < 50; i++) {
      standby.send(h264.frags[i]!);
      s.advance(40);
    }
    const st = stream.stats();
    expect(st).toMatchObject({ rotations: 1, restarts: 0, health: 'online', pid: standby.pid });
    expect(changes.slice(healthBefore)).toEqual([]); // no health change for a planned rotation
    stream.stop();
  });

  it('a standby that fails is dropped and retried later; the running ffmpeg is not disturbed', () => {
    const { stream, play, children, s } = setup({ rotateAfterMs: 10_000, firstDataMs: 3_000, stallMs: 2_000 });
    const old = () => children[0]!;
    /** n frames from the first ffmpeg only (the standbys say nothing unless told). */
    const feed = (n: number, from: number) => {
      for (let i = 0; i < n; i++) {
        old().send(h264.frags[(from + i) % h264.frags.length]!);
        s.advance(40);
      }
    };
    stream.start();
    play(250);
    feed(25, 250);
    expect(children).toHaveLength(2);
    children[1]!.fail('Connection refused');
    // the old one goes on streaming and stays
    feed(50, 275);
    expect(old().killed).toBe(false);
    expect(stream.stats()).toMatchObject({ health: 'online', restarts: 0, rotations: 0 });
    // retried after a while; a standby that never sends a keyframe is given up after firstDataMs
    feed(300, 325);
    expect(children.length).toBeGreaterThanOrEqual(3);
    expect(children[2]!.killed).toBe(true);
    expect(old().killed).toBe(false);
    expect(stream.stats()).toMatchObject({ health: 'online', restarts: 0, rotations: 0 });
    stream.stop();
  });

  it('a throwing viewer is detached, the stream and the other viewer go on', () => {
    const { stream, play } = setup();
    stream.start();
    const good: VideoPacket[] = [];
    stream.attach(() => {
      throw new Error('boom');
    });
    stream.attach((p) => void good.push(p));
    play(30);
    expect(stream.viewerCount).toBe(1);
    expect(good.length).toBe(31);
    stream.stop();
  });
});

describe('StreamEngine', () => {
  it('shares one ffmpeg per camera stream, stops it after the grace period, keeps cameras independent', () => {
    const s = new Scheduler();
    const children = new Map<string, FakeChild[]>();
    const changes: HealthChange[] = [];
    const engine = new StreamEngine({
      ffmpegPath: 'ffmpeg',
      resolveSource: (id, kind) => ({ url: `rtsp://cam-${id}/${kind}` }),
      spawn: (_c, args, extra) => {
        const child = new FakeChild(args);
        const key = /^file '([^']*)'$/m.exec(extra?.fd3 ?? '')![1]!; // the URL comes in through fd 3
        children.set(key, [...(children.get(key) ?? []), child]);
        return child;
      },
      clock: s,
      timers: s,
      graceMs: 10_000,
      onHealth: (c) => {
        changes.push(c);
        if (c.cameraId === 'B') throw new Error('a broken journal hook');
      },
      stream: { tickMs: 100, stallMs: 60_000, cpuSeconds: () => null },
    });
    const a1 = engine.attach('A', 'sub', () => {});
    const a2 = engine.attach('A', 'sub', () => {});
    const b = engine.attach('B', 'sub', () => {});
    expect(children.get('rtsp://cam-A/sub')).toHaveLength(1);
    const a = children.get('rtsp://cam-A/sub')![0]!;
    const bc = children.get('rtsp://cam-B/sub')![0]!;
    a.send(h264.init);
    bc.send(h264.init);
    for (let i = 0; i < 25; i++) {
      a.send(h264.frags[i]!);
      bc.send(h264.frags[i]!);
      s.advance(40);
    }
    // B dies; A keeps streaming and stays online
    bc.fail('Connection refused\n');
    for (let i = 25; i < 75; i++) {
      a.send(h264.frags[i]!);
      s.advance(40);
    }
    expect(engine.health('A')).toMatchObject({ state: 'online' });
    expect(engine.health('B')?.state).toBe('no_signal');
    expect(engine.stats().find((x) => x.cameraId === 'A')).toMatchObject({ viewers: 2, spawns: 1, restarts: 0 });
    // last viewer of A leaves: ffmpeg lives through the grace period, then stops
    a1.detach();
    a2.detach();
    s.advance(5_000);
    expect(a.killed).toBe(false);
    const again = engine.attach('A', 'sub', () => {});
    for (let i = 0; i < 50; i++) {
      a.send(h264.frags[i]!);
      s.advance(40);
    }
    expect(a.killed).toBe(false);
    expect(children.get('rtsp://cam-A/sub')).toHaveLength(1);
    again.detach();
    s.advance(10_001);
    expect(a.killed).toBe(true);
    expect(engine.health('A')).toBeNull();
    b.detach();
    engine.close();
  });

});
