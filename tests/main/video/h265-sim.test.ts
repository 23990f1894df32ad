// A camera that sends H.265 (which Chromium cannot decode without hardware support), live from
// the RTSP simulator through the real ffmpeg: the engine notices the codec in the first init
// segment, restarts ffmpeg transcoding to H.264, marks the stream as a transcode fallback and
// shows what it costs (docs/performance.md).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../../src-main/video/ffmpeg';
import { StreamEngine } from '../../../src-main/video/engine';
import type { HealthChange, VideoPacket } from '../../../src-main/video/stream';
import { tmpDir } from '../../helpers';
import { rtspSimUnavailable, startRtspSim } from '../../helpers/rtsp-sim';
import type { RtspSim } from '../../helpers/rtsp-sim';

const hasX265 = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' }).stdout?.includes('libx265') ?? false;
const h265Gst = spawnSync('gst-inspect-1.0', ['rtph265pay'], { stdio: 'ignore' }).status === 0;
const why = rtspSimUnavailable() ?? (hasX265 ? null : 'ffmpeg without libx265') ?? (h265Gst ? null : 'GStreamer without rtph265pay');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(why !== null)('H.265 camera → H.264 transcode fallback (live)', () => {
  let sim: RtspSim;
  let engine: StreamEngine;
  let tmp: ReturnType<typeof tmpDir>;
  const changes: HealthChange[] = [];

  beforeAll(async () => {
    tmp = tmpDir('trucban-h265-');
    sim = await startRtspSim({ count: 2, h265: [2] });
    engine = new StreamEngine({
      ffmpegPath: resolveFfmpeg().path,
      resolveSource: (id, kind) => ({ url: sim.url(Number(id), kind) }),
      onHealth: (c) => changes.push(c),
      graceMs: 1_000,
      stream: { stallMs: 4_000, tickMs: 100, backoff: [{ ms: 500, times: Infinity }], offlineAfter: 3, unstableWindowMs: 3_000 },
    });
  }, 120_000);
  afterAll(async () => {
    engine?.close();
    await sim?.stop();
    tmp?.cleanup();
  });

  it('the simulator really sends H.265 on camera 2 and H.264 on camera 1', async () => {
    expect((await sim.control.status(2)).codec).toBe('h265');
    expect((await sim.control.status(1)).codec).toBe('h264');
    const probe = spawnSync('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', sim.url(2, 'sub')], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(probe.status).toBe(0);
    expect(JSON.parse(probe.stdout).streams[0]).toMatchObject({ codec_name: 'hevc', width: 640, height: 360 });
  });

  it('delivers H.264 fragments a browser can play, marked as a transcode with its CPU visible', async () => {
    const got: VideoPacket[] = [];
    const viewer = engine.attach('2', 'sub', (p) => void got.push(p), { start: 'next' });
    const plain: VideoPacket[] = [];
    const other = engine.attach('1', 'sub', (p) => void plain.push(p), { start: 'next' });
    const t0 = Date.now();
    while (got.filter((p) => p.type === 'fragment').length < 75 && Date.now() - t0 < 40_000) await sleep(100);
    const init = got.find((p) => p.type === 'init');
    expect(init).toBeDefined();
    if (init?.type !== 'init') throw new Error('no init');
    // only H.264 ever reaches a viewer: the H.265 init segment is never forwarded
    expect(got.filter((p) => p.type === 'init').every((p) => p.type === 'init' && p.codec.startsWith('avc1'))).toBe(true);
    expect(init.transcoding).toBe(true);
    expect([init.width, init.height]).toEqual([640, 360]);
    const frags = got.filter((p) => p.type === 'fragment');
    expect(frags.length).toBeGreaterThanOrEqual(75);
    expect(frags[0]).toMatchObject({ keyframe: true });

    // the output decodes: write init + fragments and let ffprobe count the frames
    const file = path.join(tmp.dir, 'transcoded.mp4');
    fs.writeFileSync(file, Buffer.concat([init.data, ...frags.map((p) => (p.type === 'fragment' ? p.data : Buffer.alloc(0)))]));
    const r = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_name,nb_read_frames', '-of', 'json', file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const info = JSON.parse(r.stdout) as { streams: { codec_name: string; nb_read_frames: string }[] };
    expect(info.streams[0]!.codec_name).toBe('h264');
    expect(Number(info.streams[0]!.nb_read_frames)).toBeGreaterThanOrEqual(75);

    const stats = engine.stats().find((s) => s.cameraId === '2' && s.kind === 'sub')!;
    expect(stats.transcoding).toBe(true);
    expect(stats.transcodeReason).toMatch(/hvc1|hev1/);
    await sleep(2_500);
    const cpu = engine.stats().find((s) => s.cameraId === '2' && s.kind === 'sub')!.cpuPercent;
    console.log(`[video] H.265 → H.264 transcode of the 640×360 sub stream: ffmpeg ${cpu ?? '?'} % of a core (${stats.transcodeReason})`);
    expect(cpu).not.toBeNull();
    expect(cpu!).toBeGreaterThan(1); // decoding + encoding 25 fps costs more than a copy
    // the H.264 camera next to it is copied, not transcoded
    const plainInit = plain.find((p) => p.type === 'init');
    expect(plainInit?.type === 'init' && plainInit.transcoding).toBe(false);
    expect(engine.health('2')).toMatchObject({ state: 'online' });
    viewer.detach();
    other.detach();
    expect(changes.filter((c) => c.cameraId === '2' && c.to === 'unauthorised')).toHaveLength(0);
  }, 60_000);
});
