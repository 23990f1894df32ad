// A paired wall is its own standing principal (docs/security.md, "A wall device's standing
// principal"), at the protocol level against the station's real LAN listener: real TLS on
// 127.0.0.31 with a pinned certificate, real device credentials from a one-time code, a real
// SQLite file, real sockets. With nobody signed in, the wall reads its status, cameras, health
// and presets and plays video (v2 multiplexed and v1) on its credential alone; it writes
// nothing; an officer's sign-out or lock on the wall does not close its video; its officer
// sessions never idle-lock; revocation ends all of it at once. And a wall's client (the real
// client process, wall role) re-attaches the page's streams after the station restarts, with
// nobody touching it, through the renderer's own mux. The camera side is a fake viewer that
// sends an init segment and then a fragment every 40 ms (the engine is tested elsewhere).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import https from 'node:https';
import tls from 'node:tls';
import type net from 'node:net';
import WebSocket from 'ws';
import { openCore } from '../../src-main/app/core';
import type { Core } from '../../src-main/app/core';
import { startLanServer } from '../../src-main/server/lan';
import { checkTls, createStationTls } from '../../src-main/station/tls';
import type { TlsMaterial } from '../../src-main/station/tls';
import type { VideoPacket, ViewerCallback } from '../../src-main/video/stream';
import { pairWithStation } from '../../src-main/client/pair';
import { startClientProcess } from '../../src-main/client/local';
import { parseMuxBinary, VIDEO_MUX_PROTOCOL } from '../../src-shared/video-mux';
import { FakeClock, PASSWORD, callAs, stationCore, tmpDir } from '../helpers';
import { until } from '../helpers/local-ws';

const HOST = '127.0.0.31';
const CLIENT = '127.0.0.39';
let t: ReturnType<typeof tmpDir>;
let clock: FakeClock;
let core: Core;
let material: TlsMaterial;
let lan: Awaited<ReturnType<typeof startLanServer>>;
let dbPath: string;
/** Cameras whose fake viewers are attached now. */
const attached = new Map<string, number>();

/** The camera side: an init segment at once, then a keyframe fragment every 40 ms until detached. */
function fakeVideo(c: Core): void {
  c.video.attach = ((cameraId: string, _kind: string, onData: ViewerCallback) => {
    attached.set(cameraId, (attached.get(cameraId) ?? 0) + 1);
    const init: VideoPacket = { type: 'init', data: Buffer.from('init'), codec: 'avc1.42E01E', width: 640, height: 360, transcoding: false };
    void onData(init);
    let n = 0;
    const timer = setInterval(() => void onData({ type: 'fragment', data: Buffer.alloc(64, n), keyframe: true, decodeTime: n++ * 3600, duration: 3600, timescale: 90_000, discontinuity: false }), 40);
    return {
      detach: () => {
        clearInterval(timer);
        attached.set(cameraId, (attached.get(cameraId) ?? 1) - 1);
      },
    };
  }) as unknown as Core['video']['attach'];
  c.video.health = () => null;
  c.video.subscribeHealth = () => () => {};
}

const startLan = (c: Core, port = 0) =>
  startLanServer(c, { host: HOST, port, tls: material, staticDir: path.join(t.dir, 'web'), log: () => {}, limits: { pairPerAddressPerMinute: 1000 } });

beforeAll(async () => {
  t = tmpDir();
  clock = new FakeClock(Date.now());
  dbPath = path.join(t.dir, 'wall.sqlite');
  core = await stationCore(dbPath, clock);
  fakeVideo(core);
  fs.mkdirSync(path.join(t.dir, 'web'));
  fs.writeFileSync(path.join(t.dir, 'web', 'index.html'), '<!doctype html><title>Trực ban</title>');
  const made = await createStationTls([HOST]);
  material = checkTls(made.key, made.cert);
  lan = await startLan(core);
});
afterAll(async () => {
  await lan?.close();
  core?.close();
  t?.cleanup();
});

// ---- a small pinned client ------------------------------------------------------------------

function pinnedAgent(): https.Agent {
  const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: false });
  agent.createConnection = (options) => {
    const socket = tls.connect({ ...(options as tls.ConnectionOptions), localAddress: CLIENT, rejectUnauthorized: false } as tls.ConnectionOptions);
    socket.once('secureConnect', () => {
      if (socket.getPeerCertificate().fingerprint256 !== material.fingerprint) socket.destroy(new Error('station_cert_mismatch'));
    });
    return socket as unknown as net.Socket;
  };
  return agent;
}

async function paired(name: string, role: 'workstation' | 'wall'): Promise<{ deviceId: string; credential: string }> {
  const r = await callAs(core, 'admin', 'devices:pair', { name, role });
  expect(r.ok).toBe(true);
  const rec = await pairWithStation({ stationUrl: lan.url, code: (r as { value: { code: string } }).value.code });
  expect(rec.role).toBe(role);
  return { deviceId: rec.deviceId, credential: rec.credential };
}

type Reply = { ok: boolean; value?: unknown; error?: { code: string } };
interface Rpc {
  call: (channel: string, input?: unknown) => Promise<Reply>;
  close: () => void;
}

function rpc(credential: string, session: string, pushes: { topic: string; seq: number }[] = []): Promise<Rpc> {
  const ws = new WebSocket(`wss://${HOST}:${lan.port}/ws?session=${session}`, ['trucban.v1'], { agent: pinnedAgent(), headers: { authorization: `Device ${credential}` } });
  const waiting = new Map<number, (r: Reply) => void>();
  let next = 1;
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as { id?: number; reply?: Reply; push?: { topic: string; seq: number } };
    if (typeof m.id === 'number') waiting.get(m.id)?.(m.reply!);
    else if (m.push) pushes.push(m.push);
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        call: (channel, input = {}) =>
          new Promise((r) => {
            const id = next++;
            waiting.set(id, r);
            ws.send(JSON.stringify({ id, channel, input }));
          }),
        close: () => ws.close(),
      }),
    );
    ws.once('error', reject);
  });
}

interface VideoSock {
  ws: WebSocket;
  /** Binary frames received, and text messages. */
  frames: Buffer[];
  texts: string[];
  closed: Promise<{ code: number; at: number }>;
}

function video(credential: string, o: { session?: string; v1Camera?: string }): Promise<VideoSock> {
  const q = new URLSearchParams({ session: o.session ?? 'nobodysessionkey00000000', ...(o.v1Camera ? { camera: o.v1Camera, stream: 'sub' } : {}) });
  const ws = new WebSocket(`wss://${HOST}:${lan.port}/video?${q.toString()}`, [o.v1Camera ? 'trucban.video.v1' : VIDEO_MUX_PROTOCOL], {
    agent: pinnedAgent(),
    headers: { authorization: `Device ${credential}` },
  });
  const frames: Buffer[] = [];
  const texts: string[] = [];
  ws.on('message', (d, binary) => (binary ? frames.push(d as Buffer) : texts.push(d.toString())));
  const closed = new Promise<{ code: number; at: number }>((r) => ws.once('close', (code) => r({ code, at: Date.now() })));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames, texts, closed }));
    ws.once('error', reject);
    ws.once('unexpected-response', (_q, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
  });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Frames keep coming: more arrive within `ms`. */
async function flowing(v: VideoSock, ms = 400): Promise<boolean> {
  const before = v.frames.length;
  await wait(ms);
  return v.frames.length > before + 2;
}
const LAYOUT = { layout: '2x2', custom: { rows: 2, cols: 2 }, tiles: [] };
const key = (s: string) => `${s}${'0'.repeat(24)}`.slice(0, 24);

// ---- tests ----------------------------------------------------------------------------------

describe('a wall device as its own standing principal (LAN listener, TLS)', () => {
  it('with nobody signed in, the wall reads its status, cameras, health and presets; it writes nothing; a workstation gets nothing', async () => {
    const officerRpc = await rpc((await paired('Máy trạm soạn bố cục', 'workstation')).credential, key('preset-writer'));
    expect((await officerRpc.call('auth:login', { login: 'officer', password: PASSWORD })).ok).toBe(true);
    expect((await officerRpc.call('walls:savePreset', { name: 'Ca đêm', display: 1, layout: LAYOUT })).ok).toBe(true);
    officerRpc.close();

    const wall = await paired('Màn hình tường A', 'wall');
    const w = await rpc(wall.credential, key('wall-nobody'));
    const st = await w.call('app:status');
    expect(st.ok).toBe(true);
    expect((st.value as { session: unknown; device: { role: string } }).session).toBeNull();
    expect((st.value as { device: { role: string } }).device.role).toBe('wall');
    for (const channel of ['cameras:list', 'cameras:tree', 'video:health', 'walls:presets']) expect((await w.call(channel, {})).ok, channel).toBe(true);
    // the preset a workstation saved, seen by the wall with nobody signed in on it
    expect((await w.call('walls:presets')).value).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Ca đêm' })]));
    // writes, and reads beyond the wall's own, need an officer signed in on the wall
    expect((await w.call('walls:savePreset', { name: 'Của tường', display: 1, layout: LAYOUT })).error?.code).toBe('not_authenticated');
    expect((await w.call('walls:deletePreset', { name: 'Ca đêm' })).error?.code).toBe('not_authenticated');
    expect((await w.call('video:snapshot', { cameraId: 'cam-1' })).error?.code).toBe('not_authenticated');
    expect((await w.call('video:clip', { cameraId: 'cam-1' })).error?.code).toBe('not_authenticated');
    expect((await w.call('video:stats')).error?.code).toBe('not_authenticated');
    expect((await w.call('video:endpoint')).error?.code).toBe('not_authenticated');
    // the logbook stays refused by the role policy, signed in or not
    expect((await w.call('logbook:list', { limit: 5 })).error?.code).toBe('device_role_forbidden');
    expect((await w.call('walls:presets')).value).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Ca đêm' })]));
    // a workstation with nobody signed in has no standing principal
    const ws = await rpc((await paired('Máy trạm trống', 'workstation')).credential, key('ws-nobody'));
    for (const channel of ['cameras:list', 'cameras:tree', 'video:health', 'walls:presets']) expect((await ws.call(channel, {})).error?.code, channel).toBe('not_authenticated');
    // the same calls through the station's own loopback (no device) still need a sign-in
    expect((await callAs(core, null, 'walls:presets', {})).ok).toBe(false);
    // an officer signed in on the wall writes as usual
    expect((await w.call('auth:login', { login: 'officer', password: PASSWORD })).ok).toBe(true);
    expect((await w.call('walls:savePreset', { name: 'Của tường', display: 1, layout: LAYOUT })).ok).toBe(true);
    expect((await w.call('walls:deletePreset', { name: 'Của tường' })).ok).toBe(true);
    w.close();
    ws.close();
  });

  it('with nobody signed in, the wall is pushed its wall topics (a preset saved elsewhere), never the logbook or alerts', async () => {
    const wall = await paired('Màn hình tường đẩy', 'wall');
    const pushes: { topic: string; seq: number }[] = [];
    const w = await rpc(wall.credential, key('wall-push'), pushes);
    expect((await w.call('push:subscribe', { topics: ['walls', 'cameras', 'camera.health'] })).ok).toBe(true);
    // topics beyond the wall's own are refused by the role policy
    expect((await w.call('push:subscribe', { topics: ['journal', 'alerts'] })).error?.code).toBe('device_role_forbidden');
    const officer = await rpc((await paired('Máy trạm đẩy', 'workstation')).credential, key('ws-push'));
    expect((await officer.call('auth:login', { login: 'officer', password: PASSWORD })).ok).toBe(true);
    expect((await officer.call('walls:savePreset', { name: 'Đẩy tới tường', display: 1, layout: LAYOUT })).ok).toBe(true);
    expect((await officer.call('logbook:add', { kind: 'note', text: 'Không đến màn hình tường' })).ok).toBe(true);
    await expect.poll(() => pushes.map((p) => p.topic)).toContain('walls');
    await new Promise((r) => setTimeout(r, 200));
    expect(pushes.every((p) => ['walls', 'cameras', 'camera.health'].includes(p.topic))).toBe(true);
    // a workstation with nobody signed in has no standing: nothing reaches it
    const idle: { topic: string; seq: number }[] = [];
    const ws = await rpc((await paired('Máy trạm trống đẩy', 'workstation')).credential, key('ws-idle'), idle);
    expect((await ws.call('push:subscribe', { topics: ['walls'] })).ok).toBe(true);
    expect((await officer.call('walls:savePreset', { name: 'Đẩy lần hai', display: 1, layout: LAYOUT })).ok).toBe(true);
    await expect.poll(() => pushes.filter((p) => p.topic === 'walls').length).toBeGreaterThanOrEqual(2);
    expect(idle).toEqual([]);
    w.close();
    ws.close();
    officer.close();
  });

  it('plays video (v2 and v1) on the wall credential alone; a workstation with nobody signed in is refused', async () => {
    const wall = await paired('Màn hình tường B', 'wall');
    const mux = await video(wall.credential, {});
    mux.ws.send(JSON.stringify({ t: 'open', tile: 7, camera: 'cam-1', stream: 'sub' }));
    await until(() => mux.frames.length > 3, 5_000, 'v2 frames for the wall');
    const first = parseMuxBinary(new Uint8Array(mux.frames[0]!).buffer);
    expect(first).toMatchObject({ tile: 7, type: 'init' });
    expect(await flowing(mux)).toBe(true);
    const v1 = await video(wall.credential, { v1Camera: 'cam-2' });
    await until(() => v1.frames.length > 3, 5_000, 'v1 frames for the wall');
    expect(v1.frames[0]![0]).toBe(1); // the v1 init frame
    mux.ws.close();
    v1.ws.close();
    await Promise.all([mux.closed, v1.closed]);

    const ws = await paired('Máy trạm không ai đăng nhập', 'workstation');
    const refused = await video(ws.credential, {});
    const c = await refused.closed;
    expect(c.code).toBe(4001);
    expect(refused.texts.join('')).toContain('not_authenticated');
  });

  it('an officer’s sign-out or lock on the wall does not close its video; on a workstation it does', async () => {
    const wall = await paired('Màn hình tường C', 'wall');
    const session = key('wall-officer');
    const w = await rpc(wall.credential, session);
    expect((await w.call('auth:login', { login: 'lead', password: PASSWORD })).ok).toBe(true);
    const mux = await video(wall.credential, { session });
    mux.ws.send(JSON.stringify({ t: 'open', tile: 1, camera: 'cam-3', stream: 'sub' }));
    const v1 = await video(wall.credential, { session, v1Camera: 'cam-4' });
    await until(() => mux.frames.length > 2 && v1.frames.length > 2, 5_000, 'frames before the sign-out');
    expect((await w.call('auth:lock')).ok).toBe(true);
    expect((await w.call('auth:unlock', { password: PASSWORD })).ok).toBe(true);
    expect((await w.call('auth:logout')).ok).toBe(true);
    expect(await flowing(mux)).toBe(true);
    expect(await flowing(v1)).toBe(true);
    expect(mux.ws.readyState).toBe(WebSocket.OPEN);
    // a tile opened after the sign-out still plays
    mux.ws.send(JSON.stringify({ t: 'open', tile: 2, camera: 'cam-5', stream: 'sub' }));
    await until(() => mux.frames.some((f) => f.readUInt16BE(0) === 2), 5_000, 'a tile opened after sign-out');
    mux.ws.close();
    v1.ws.close();
    w.close();

    // the contrast: a workstation's video rides on its officer's session and ends with it
    const ws = await paired('Máy trạm D', 'workstation');
    const s2 = key('ws-officer');
    const r = await rpc(ws.credential, s2);
    expect((await r.call('auth:login', { login: 'lead', password: PASSWORD })).ok).toBe(true);
    const wv = await video(ws.credential, { session: s2 });
    wv.ws.send(JSON.stringify({ t: 'open', tile: 1, camera: 'cam-6', stream: 'sub' }));
    await until(() => wv.frames.length > 2, 5_000, 'workstation frames');
    expect((await r.call('auth:logout')).ok).toBe(true);
    expect((await wv.closed).code).toBe(4001);
    r.close();
  });

  it('a wall’s officer session never idle-locks (call check and sweep); a workstation’s does', async () => {
    const wall = await paired('Màn hình tường E', 'wall');
    const ws = await paired('Máy trạm E', 'workstation');
    const w = await rpc(wall.credential, key('wall-idle'));
    const s = await rpc(ws.credential, key('ws-idle'));
    for (const x of [w, s]) expect((await x.call('auth:login', { login: 'officer', password: PASSWORD })).ok).toBe(true);
    const mux = await video(wall.credential, { session: key('wall-idle') });
    mux.ws.send(JSON.stringify({ t: 'open', tile: 1, camera: 'cam-7', stream: 'sub' }));
    await until(() => mux.frames.length > 2, 5_000, 'wall frames');
    clock.advance(61 * 60_000);
    core.dispatcher.sweepIdle();
    expect(core.dispatcher.sessionUser(`dev:${wall.deviceId}:${key('wall-idle')}`)).not.toBeNull();
    expect(core.dispatcher.sessionUser(`dev:${ws.deviceId}:${key('ws-idle')}`)).toBeNull();
    const st = (await w.call('app:status')).value as { session: { locked: boolean } | null };
    expect(st.session).not.toBeNull();
    expect(st.session!.locked).toBe(false);
    // still the officer's: a write passes without unlocking
    expect((await w.call('walls:savePreset', { name: 'Sau một giờ', display: 1, layout: LAYOUT })).ok).toBe(true);
    expect((await s.call('walls:presets')).error?.code).toBe('session_locked');
    expect(await flowing(mux)).toBe(true);
    clock.advance(61 * 60_000);
    expect((await w.call('walls:presets')).ok).toBe(true); // the per-call idle check too
    mux.ws.close();
    w.close();
    s.close();
  });

  it('revocation ends the wall’s standing: its video closes with 4003 within a second, and its credential is refused', async () => {
    const wall = await paired('Màn hình tường F', 'wall');
    const mux = await video(wall.credential, {});
    mux.ws.send(JSON.stringify({ t: 'open', tile: 1, camera: 'cam-8', stream: 'sub' }));
    const v1 = await video(wall.credential, { v1Camera: 'cam-9' });
    await until(() => mux.frames.length > 2 && v1.frames.length > 2, 5_000, 'frames before revocation');
    const before = attached.get('cam-8') ?? 0;
    const at = Date.now();
    expect((await callAs(core, 'admin', 'devices:revoke', { deviceId: wall.deviceId })).ok).toBe(true);
    const [a, b] = await Promise.all([mux.closed, v1.closed]);
    expect(a.code).toBe(4003);
    expect(b.code).toBe(4003);
    expect(Math.max(a.at, b.at) - at).toBeLessThan(1000);
    await until(() => (attached.get('cam-8') ?? 0) === before - 1, 2_000, 'the viewer detached');
    await expect(video(wall.credential, {})).rejects.toMatchObject({ status: 401 });
    await expect(rpc(wall.credential, key('after-revoke'))).rejects.toThrow();
  });
});

describe('a wall through a station restart', () => {
  it('the wall client’s page re-attaches its streams after the station restarts, nobody signed in, nobody touching it', async () => {
    const r = await callAs(core, 'admin', 'devices:pair', { name: 'Màn hình tường G', role: 'wall' });
    const rec = await pairWithStation({ stationUrl: lan.url, code: (r as { value: { code: string } }).value.code });
    const client = await startClientProcess({ dir: path.join(t.dir, 'wall-client'), record: rec, staticDir: path.join(t.dir, 'web'), log: () => {}, link: { backoffBaseMs: 50, backoffCapMs: 300 } });
    // the renderer's own mux, in node: ws's WebSocket is the browser's API
    const g = globalThis as { WebSocket?: unknown };
    const hadWs = g.WebSocket;
    g.WebSocket = WebSocket;
    const { VideoMux } = await import('../../src-renderer/video/mux');
    const endpoint = async () => {
      const e = await client.dispatcher.call('video:endpoint', {}, { sessionId: 'page', transport: 'ws' });
      if (!e.ok) throw new Error(e.error.code);
      return e.value as { url: string; token: string };
    };
    const pageMux = new VideoMux(endpoint);
    const seen = { inits: 0, fragments: 0, resets: 0 };
    const stream = pageMux.open('cam-10', 'sub', {
      onInit: () => seen.inits++,
      onFragment: () => seen.fragments++,
      onHealth: () => {},
      onError: () => {},
      onReset: () => seen.resets++,
    });
    try {
      await until(() => client.link.connected, 5_000, 'link up');
      await until(() => seen.fragments > 3, 8_000, 'frames before the restart');
      // the station stops (every session forgotten) and comes back on the same address and port
      const port = lan.port;
      await lan.close();
      core.close();
      await until(() => seen.resets > 0, 5_000, 'the page saw the stream drop');
      const initsBefore = seen.inits;
      core = openCore({ dbPath, clock });
      fakeVideo(core);
      lan = await startLan(core, port);
      await until(() => seen.inits > initsBefore, 15_000, 'a new init after the restart');
      const f = seen.fragments;
      await until(() => seen.fragments > f + 3, 5_000, 'frames after the restart');
      // nobody signed in anywhere on the new station
      expect((await client.dispatcher.call('app:status', {}, { sessionId: 'page', transport: 'ws' })).ok).toBe(true);
    } finally {
      stream.close();
      g.WebSocket = hadWs;
      await client.close();
    }
  }, 40_000);
});
