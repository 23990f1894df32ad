// A camera that refuses our credentials (RTSP simulator with auth, real ffmpeg): the stream
// goes 'unauthorised' with the reason, and is retried at the slow rate only — no restart storm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../../src-main/video/ffmpeg';
import { StreamEngine } from '../../../src-main/video/engine';
import type { HealthChange, VideoPacket } from '../../../src-main/video/stream';
import { rtspSimUnavailable, startRtspSim } from '../../helpers/rtsp-sim';
import type { RtspSim } from '../../helpers/rtsp-sim';

const why = rtspSimUnavailable();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(why !== null)('StreamEngine × RTSP simulator: wrong password', () => {
  let sim: RtspSim;
  let engine: StreamEngine;
  const changes: HealthChange[] = [];
  const creds: Record<string, { user: string; password: string }> = {
    '1': { user: 'admin', password: 'sai-mat-khau' },
    '2': { user: 'admin', password: 'dung-mat-khau' },
  };

  beforeAll(async () => {
    sim = await startRtspSim({ count: 2, auth: { user: 'admin', password: 'dung-mat-khau' } });
    engine = new StreamEngine({
      ffmpegPath: resolveFfmpeg().path,
      resolveSource: (id, kind) => ({ url: sim.url(Number(id), kind, creds[id]) }),
      onHealth: (c) => changes.push(c),
      graceMs: 500,
      // fast backoff for everything else, so a storm would show; the slow auth retry is 8 s here
      stream: { stallMs: 2_000, tickMs: 100, backoff: [{ ms: 300, times: Infinity }], unauthorisedRetryMs: 8_000 },
    });
  });
  afterAll(async () => {
    engine?.close();
    await sim?.stop();
  });

  it('goes unauthorised with a reason, spawns rarely over 20 s, and the right password streams', async () => {
    const bad = engine.attach('1', 'sub', () => {});
    const good: VideoPacket[] = [];
    const ok = engine.attach('2', 'sub', (p) => void good.push(p));
    const t0 = Date.now();
    while (!changes.some((c) => c.cameraId === '1' && c.to === 'unauthorised')) {
      if (Date.now() - t0 > 10_000) throw new Error('no unauthorised state');
      await sleep(50);
    }
    const change = changes.find((c) => c.cameraId === '1' && c.to === 'unauthorised')!;
    console.log(`[video] wrong password → unauthorised after ${Date.now() - t0} ms: ${change.reason}`);
    expect(change.reason).toMatch(/401|Unauthori/i);
    expect(change.reason).not.toContain('sai-mat-khau');
    await sleep(20_000);
    const st = engine.stats().find((s) => s.cameraId === '1')!;
    console.log(`[video] wrong password: ${st.spawns} ffmpeg spawns in ${Math.round((Date.now() - t0) / 1000)} s`);
    // first attempt + one retry every 8 s: at most 4 in ~20 s (with the 300 ms backoff a storm would be ~60)
    expect(st.spawns).toBeLessThanOrEqual(4);
    expect(engine.health('1')?.state).toBe('unauthorised');
    expect(changes.filter((c) => c.cameraId === '1' && c.to === 'unauthorised')).toHaveLength(1);
    // the other camera, with the right password, streamed all along
    expect(engine.health('2')?.state).toBe('online');
    expect(good.filter((p) => p.type === 'fragment').length).toBeGreaterThan(400);
    bad.detach();
    ok.detach();
  });
});
