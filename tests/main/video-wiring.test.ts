import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import WebSocket from 'ws';
import type { Core } from '../../src-main/app/core';
import { openCore } from '../../src-main/app/core';
import { startCoreServer } from '../../src-main/server/serve';
import type { BrowserServer } from '../../src-main/server/browser';
import { VIDEO_FRAGMENT, VIDEO_INIT } from '../../src-main/server/browser';
import { PASSWORD, stationCore, tmpDir } from '../helpers';
import { rtspSimUnavailable, startRtspSim } from '../helpers/rtsp-sim';
import type { RtspSim } from '../helpers/rtsp-sim';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let sim: RtspSim;
let srv: BrowserServer;
const ids: Record<number, string> = {};

const waitFor = async (what: string, fn: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe.skipIf(rtspSimUnavailable() !== null)('video in the app: socket, journaled health, snapshot', () => {
  beforeAll(async () => {
    t = tmpDir();
    sim = await startRtspSim({ count: 2 });
    const file = path.join(t.dir, 'v.sqlite');
    (await stationCore(file)).close();
    // real clock from here: the engine's timers and the journal share it
    core = openCore({
      dbPath: file,
      video: { graceMs: 500, stream: { stallMs: 1500, tickMs: 100, backoff: [{ ms: 400, times: Infinity }], offlineAfter: 2, unstableWindowMs: 2_000, stableMs: 1_000 } },
    });
    const csv = ['number,name,site_type,site_name,zone,unit_code,main_url,sub_url,username,password,map_note,neighbours,recognition']
      .concat([1, 2].map((n) => `${n},Cổng ${n === 1 ? 'A' : 'B'},road_border_gate,Cửa khẩu quốc tế Hữu Nghị,entry_exit_lanes,15E1,${sim.url(n, 'main')},${sim.url(n, 'sub')},,,,,0`))
      .join('\n');
    core.cameras.importCsv(csv, 'admin');
    for (const c of core.cameras.list()) ids[c.number] = c.id;
    srv = await startCoreServer(core, { staticDir: t.dir });
  }, 120_000);

  afterAll(async () => {
    await srv?.close();
    core?.close();
    await sim?.stop();
    t?.cleanup();
  });

  async function login(): Promise<string> {
    const key = 'video-test-session-0001';
    const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/ws?session=${key}`, ['trucban.v1', `token.${srv.token}`]);
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ id: 1, channel: 'auth:login', input: { login: 'officer', password: PASSWORD } }));
    const reply = await new Promise<{ reply: { ok: boolean } }>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
    expect(reply.reply.ok).toBe(true);
    ws.close();
    return key;
  }

  function openVideo(key: string, cam: number, stream: 'main' | 'sub') {
    const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/video?camera=${ids[cam]}&stream=${stream}&session=${key}`, ['trucban.video.v1', `token.${srv.token}`]);
    const got: { type: number; meta?: { codec: string; width: number; height: number }; keyframe?: boolean }[] = [];
    const texts: { type: string; code?: string; state?: string }[] = [];
    ws.on('message', (d, binary) => {
      if (!binary) return void texts.push(JSON.parse(d.toString()));
      const b = d as Buffer;
      if (b[0] === VIDEO_INIT) {
        const len = b.readUInt32BE(1);
        got.push({ type: VIDEO_INIT, meta: JSON.parse(b.subarray(5, 5 + len).toString()) });
      } else if (b[0] === VIDEO_FRAGMENT) got.push({ type: VIDEO_FRAGMENT, keyframe: (b[1]! & 1) === 1 });
    });
    return { ws, got, texts };
  }

  it('refuses the video socket without a signed-in session', async () => {
    const v = openVideo('not-signed-in-session-01', 1, 'sub');
    await new Promise((r) => v.ws.once('close', r));
    expect(v.texts[0]).toMatchObject({ type: 'error', code: 'not_authenticated' });
  });

  it('streams init then keyframe-first fragments of the sub stream over the socket', async () => {
    const key = await login();
    const v = openVideo(key, 1, 'sub');
    await waitFor('25 fragments', () => v.got.filter((g) => g.type === VIDEO_FRAGMENT).length >= 25);
    expect(v.got[0]).toMatchObject({ type: VIDEO_INIT, meta: { width: 640, height: 360, codec: expect.stringMatching(/^avc1\./) } });
    expect(v.got[1]).toMatchObject({ type: VIDEO_FRAGMENT, keyframe: true });
    const h = await core.dispatcher.call('video:health', {}, { sessionId: `ws:${key}`, transport: 'test' });
    expect(h).toMatchObject({ ok: true, value: { [ids[1]!]: { state: 'online' } } });
    v.ws.close();
  });

  it('journals a camera that loses its signal and its recovery into the logbook, and queues notices for its unit', async () => {
    const key = await login();
    const v = openVideo(key, 2, 'sub');
    await waitFor('camera 2 online', () => core.video.health(ids[2]!)?.state === 'online');
    await sim.control.kill(2);
    // the tile hears about it on its own socket too
    await waitFor('health pushed to the tile', () => v.texts.some((m) => m.type === 'health' && ['no_signal', 'offline'].includes((m as { state?: string }).state ?? '')));
    await waitFor('camera 2 fault', () => ['no_signal', 'offline'].includes(core.video.health(ids[2]!)?.state ?? ''));
    await sim.control.restore(2);
    await waitFor('camera 2 back online', () => core.video.health(ids[2]!)?.state === 'online', 30_000);
    await waitFor('recovery journaled', () => core.video.notifications().some((n) => n.kind === 'camera_recovered'));
    const notes = core.logbook.list({ kinds: ['note'] }, 20).entries.map((e) => e.text);
    expect(notes.some((n) => /^Camera 2 \(Cổng B\) (mất tín hiệu|mất kết nối) lúc \d\d:\d\d \d\d\/\d\d\/\d{4}/.test(n))).toBe(true);
    expect(notes.some((n) => /^Camera 2 \(Cổng B\) đã có tín hiệu trở lại lúc/.test(n))).toBe(true);
    const queued = core.video.notifications();
    expect(queued.every((n) => n.unitCode === '15E1' && n.status === 'queued')).toBe(true);
    expect(queued.some((n) => n.kind === 'camera_fault')).toBe(true);
    // camera 1 was never journaled: one camera's failure does not touch another
    expect(notes.some((n) => n.startsWith('Camera 1 '))).toBe(false);
    expect(core.verify().ok).toBe(true);
    v.ws.close();
  }, 60_000);

  it('takes a full-resolution snapshot as an attachment that a draft incident can carry', async () => {
    const r = await core.dispatcher.call('video:snapshot', { cameraId: ids[1] }, { sessionId: 'ws:video-test-session-0001', transport: 'test' });
    expect(r).toMatchObject({ ok: true, value: { width: 1280, height: 720, cameraNumber: 1, cameraName: 'Cổng A', place: expect.stringContaining('Hữu Nghị') } });
    const sha = (r as { value: { sha256: string } }).value.sha256;
    expect(core.attachments.read(sha).subarray(1, 4).toString()).toBe('PNG');
    const e = core.logbook.add({ kind: 'incident', text: 'Ảnh chụp camera 1', attachments: [sha] }, 'officer');
    expect(e.attachments[0]).toMatchObject({ sha256: sha, mime: 'image/png' });
  }, 30_000);
});
