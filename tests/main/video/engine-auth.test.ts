// A camera that refuses our credentials (RTSP simulator with auth, real ffmpeg): the stream
// goes 'unauthorised' with the reason, and is retried at the slow rate only — no restart storm.
// The 20 s of supervision run on an injected clock and timers (each real ffmpeg attempt still
// runs to its 401 in real time, while the injected time stands still), so the test takes a few
// seconds, not 20; the camera with the right password streams on the real clock beside it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../../src-main/video/ffmpeg';
import { StreamEngine } from '../../../src-main/video/engine';
import { defaultSpawn } from '../../../src-main/video/stream';
import type { HealthChange, SpawnFn, Timers, VideoPacket } from '../../../src-main/video/stream';
import type { Clock } from '../../../src-main/journal/clock';
import { rtspSimUnavailable, startRtspSim } from '../../helpers/rtsp-sim';
import type { RtspSim } from '../../helpers/rtsp-sim';

const why = rtspSimUnavailable();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits in real time (an ffmpeg run, an RTSP exchange) until `cond`, or fails naming `what`. */
async function until(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A clock and timers that move only when told: advance() fires the due timers in order. */
class ManualTime implements Clock, Timers {
  private t = Date.UTC(2026, 10, 22, 7, 0, 0);
  private seq = 0;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.pending.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Moves time forward by `ms`, firing each due timer at its own instant, then `settle()`. */
  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | null = null;
      for (const e of this.pending) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.pending.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
      await settle();
    }
    this.t = end;
  }
}

describe.skipIf(why !== null)('StreamEngine × RTSP simulator: wrong password', () => {
  let sim: RtspSim;
  let refused: StreamEngine;
  let streaming: StreamEngine;
  const time = new ManualTime();
  const changes: HealthChange[] = [];
  let running = 0;
  // the real ffmpeg, counted while it runs
  const spawn: SpawnFn = (command, args, extra) => {
    const child = defaultSpawn(command, args, extra);
    running += 1;
    child.once('exit', () => (running -= 1));
    return child;
  };
  /** Real time for whatever a fired timer started: the ffmpeg run ends and its exit is handled. */
  const settle = async () => {
    await until(() => running === 0, 'the refused ffmpeg to exit');
    await new Promise((r) => setImmediate(r));
  };
  const creds: Record<string, { user: string; password: string }> = {
    '1': { user: 'admin', password: 'sai-mat-khau' },
    '2': { user: 'admin', password: 'dung-mat-khau' },
  };

  beforeAll(async () => {
    sim = await startRtspSim({ count: 2, auth: { user: 'admin', password: 'dung-mat-khau' } });
    const common = {
      ffmpegPath: resolveFfmpeg().path,
      resolveSource: (id: string, kind: 'main' | 'sub') => ({ url: sim.url(Number(id), kind, creds[id]) }),
      onHealth: (c: HealthChange) => void changes.push(c),
      graceMs: 500,
      // fast backoff for everything else, so a storm would show; the slow auth retry is 8 s here
      stream: { stallMs: 2_000, tickMs: 100, backoff: [{ ms: 300, times: Infinity }], unauthorisedRetryMs: 8_000 },
    };
    refused = new StreamEngine({ ...common, clock: time, timers: time, spawn });
    streaming = new StreamEngine(common);
  });
  afterAll(async () => {
    refused?.close();
    streaming?.close();
    await sim?.stop();
  });

  it('goes unauthorised with a reason, spawns rarely over 20 s, and the right password streams', async () => {
    const good: VideoPacket[] = [];
    const ok = streaming.attach('2', 'sub', (p) => void good.push(p));
    const bad = refused.attach('1', 'sub', () => {});
    await until(() => changes.some((c) => c.cameraId === '1' && c.to === 'unauthorised'), 'the unauthorised state');
    await settle();
    const change = changes.find((c) => c.cameraId === '1' && c.to === 'unauthorised')!;
    expect(change.reason).toMatch(/401|Unauthori/i);
    expect(change.reason).not.toContain('sai-mat-khau');
    expect(change.at).toBe(time.now()); // on the injected clock
    const spawnsAtStart = refused.stats().find((s) => s.cameraId === '1')!.spawns;
    expect(spawnsAtStart).toBe(1);

    const realStart = Date.now();
    await time.advance(20_000, settle);
    const st = refused.stats().find((s) => s.cameraId === '1')!;
    console.log(`[video] wrong password: ${st.spawns} ffmpeg spawns in 20 s of supervision (${Date.now() - realStart} ms real)`);
    // the first attempt + one retry every 8 s (at 8 s and 16 s); with the 300 ms backoff a storm would be ~60
    expect(st.spawns).toBe(3);
    expect(refused.health('1')?.state).toBe('unauthorised');
    expect(changes.filter((c) => c.cameraId === '1' && c.to === 'unauthorised')).toHaveLength(1);

    // the other camera, with the right password, streams on the real clock
    await until(() => good.filter((p) => p.type === 'fragment').length > 50, 'two seconds of video from camera 2');
    expect(streaming.health('2')?.state).toBe('online');
    expect(changes.some((c) => c.cameraId === '2' && c.to === 'unauthorised')).toBe(false);
    bad.detach();
    ok.detach();
  });
});
