// The camera simulator's control endpoint (kill / restore / freeze) and its fault cycle.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrameId } from '../../../scripts/sim/frame-id';
import { rtspSimUnavailable, startRtspSim } from '../../helpers/rtsp-sim';
import type { RtspSim, SimEvent } from '../../helpers/rtsp-sim';
import { grabFrames, run } from './ffmpeg';

const unavailable = rtspSimUnavailable();
const ids = async (sim: RtspSim, cam: number, n: number) =>
  (await grabFrames(sim.url(cam, 'sub'), n, 640, 360)).map((f) => decodeFrameId(f.rgba, f.width, f.height)?.frame ?? null);

describe.skipIf(unavailable !== null)('RTSP camera simulator: control', () => {
  let sim: RtspSim;
  beforeAll(async () => {
    sim = await startRtspSim({ count: 2, names: { 1: 'Cổng A — làn xe nhập cảnh' } });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('kill ends the running viewer and refuses new ones; restore brings the camera back', async () => {
    const viewer = spawn('ffmpeg', ['-v', 'error', '-rtsp_transport', 'tcp', '-i', sim.url(1, 'sub'), '-c', 'copy', '-f', 'null', '-'], { stdio: 'ignore' });
    const viewerEnded = new Promise<number | null>((resolve) => viewer.on('exit', (code) => resolve(code)));
    try {
      await expect.poll(async () => (await sim.control.status(1)).streams.sub.attached, { timeout: 10_000 }).toBe(true);
      const killed = await sim.control.kill(1);
      expect(killed.down).toBe(true);
      expect(await Promise.race([viewerEnded.then(() => 'ended'), new Promise((r) => setTimeout(() => r('still running'), 5000))])).toBe('ended');

      const refused = await run('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', sim.url(1, 'sub')]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/404 Not Found/);
      // the other camera is untouched
      expect((await ids(sim, 2, 3)).every((id) => id !== null)).toBe(true);

      await sim.control.restore(1);
      const back = await ids(sim, 1, 5);
      expect(back.every((id) => id !== null)).toBe(true);
    } finally {
      viewer.kill('SIGKILL');
    }
  });

  it('freeze keeps sending the same picture (ids stop); unfreeze advances again', async () => {
    await sim.control.freeze(2);
    try {
      const frozen = await ids(sim, 2, 8);
      expect(frozen[0]).not.toBeNull();
      expect(new Set(frozen).size).toBe(1);
      expect(frozen[0]! % 25).toBe(0); // the keyframe of the GOP it froze in
    } finally {
      await sim.control.unfreeze(2);
    }
    const moving = await ids(sim, 2, 5);
    for (let i = 1; i < moving.length; i++) expect(moving[i]).toBe((moving[i - 1]! + 1) % 250);
  });

  it('captions a camera with the name it was given (--name), the others with the built-in names', async () => {
    expect((await sim.control.status(1)).name).toBe('Cổng A — làn xe nhập cảnh');
    expect((await sim.control.status(2)).name).toBe('Cổng B');
  });

  it('rejects unknown cameras and actions', async () => {
    await expect(sim.control.kill(9)).rejects.toThrow(/404/);
    const res = await fetch(`${sim.controlUrl}/cameras/1/explode`, { method: 'POST' });
    expect(res.status).toBe(404);
  });
});

describe.skipIf(unavailable !== null)('RTSP camera simulator: --faults', () => {
  it('cycles a faulty camera through drop, freeze and stutter and back, logging JSON lines', async () => {
    const seen: SimEvent[] = [];
    // fault-scale 0.1: ok 2 s, drop 0.8 s, ok 1.5 s, freeze 0.6 s, ok 1.5 s, stutter 0.8 s
    const sim = await startRtspSim({ count: 2, faults: [2], faultScale: 0.1, onEvent: (e) => seen.push(e) });
    try {
      const kinds = () => new Set(seen.filter((e) => e.event === 'fault' && e.camera === 2).map((e) => e.kind));
      await expect.poll(() => [...kinds()].sort(), { timeout: 12_000, interval: 200 }).toEqual(['drop', 'freeze', 'ok', 'stutter']);
      expect(seen.some((e) => e.event === 'fault' && e.camera === 1)).toBe(false);
      const drop = seen.find((e) => e.event === 'fault' && e.kind === 'drop')!;
      expect(drop.until).toBeGreaterThan(drop.at as number);
    } finally {
      await sim.stop();
    }
  });
});
