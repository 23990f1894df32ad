/**
 * A session ends everything it opened: logout, screen lock and idle lock close that session's
 * /video sockets at once (close code 4001, the reason named), while other sessions' streams go
 * on. Real core, real dispatcher and real sockets; the camera side is a fake viewer (the
 * stream engine is exercised in video-wiring.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import WebSocket from 'ws';
import type { Core } from '../../src-main/app/core';
import { startCoreServer } from '../../src-main/server/serve';
import type { BrowserServer } from '../../src-main/server/browser';
import { VIDEO_CLOSE_SESSION_ENDED } from '../../src-main/server/browser';
import { FakeClock, PASSWORD, stationCore, tmpDir } from '../helpers';
import { call, openWs } from './serve-child';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let clock: FakeClock;
let srv: BrowserServer;
const detached: string[] = [];

beforeAll(async () => {
  t = tmpDir();
  clock = new FakeClock();
  core = await stationCore(path.join(t.dir, 'v.sqlite'), clock);
  // the camera side: a viewer that records its detach (no ffmpeg needed to test the session rule)
  core.video.attach = ((cameraId: string) => ({ detach: () => detached.push(cameraId) })) as unknown as Core['video']['attach'];
  core.video.health = () => null;
  core.video.subscribeHealth = () => () => {};
  srv = await startCoreServer(core, { staticDir: t.dir, idleSweepMs: 50 });
});
afterAll(async () => {
  await srv.close();
  core.close();
  t.cleanup();
});

let n = 0;
async function signedInSession(): Promise<{ key: string; rpc: WebSocket }> {
  const key = `video-session-key-${String(++n).padStart(6, '0')}`;
  const rpc = await openWs(srv.port, srv.token, `?session=${key}`);
  expect((await call(rpc, 'auth:login', { login: 'officer', password: PASSWORD })).reply.ok).toBe(true);
  return { key, rpc };
}

function openVideo(key: string, camera: string): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }>; texts: string[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/video?camera=${camera}&stream=sub&session=${key}`, ['trucban.video.v1', `token.${srv.token}`]);
    const texts: string[] = [];
    ws.on('message', (d, binary) => {
      if (!binary) texts.push(d.toString());
    });
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.once('open', () => resolve({ ws, closed, texts }));
    ws.once('error', reject);
    ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_r, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms: ${what}`)), ms))]);

describe('a session ends its video streams', () => {
  it('logout closes that session’s /video sockets at once; another session’s stream goes on', async () => {
    const a = await signedInSession();
    const b = await signedInSession();
    const va1 = await openVideo(a.key, 'cam-a1');
    const va2 = await openVideo(a.key, 'cam-a2');
    const vb = await openVideo(b.key, 'cam-b');
    expect((await call(a.rpc, 'auth:logout', {})).reply.ok).toBe(true);
    for (const v of [va1, va2]) {
      const c = await within(v.closed, 1000, 'the video socket to close on logout');
      expect(c.code).toBe(VIDEO_CLOSE_SESSION_ENDED);
      expect(c.reason).toBe('session ended: logout');
      expect(v.texts.map((x) => JSON.parse(x) as { code: string })).toContainEqual(expect.objectContaining({ type: 'error', code: 'not_authenticated' }));
    }
    await expect.poll(() => detached).toEqual(expect.arrayContaining(['cam-a1', 'cam-a2']));
    expect(vb.ws.readyState).toBe(WebSocket.OPEN);
    // and a new stream for the ended session is refused
    const again = await openVideo(a.key, 'cam-a1');
    expect((await within(again.closed, 1000, 'refused')).code).toBe(4001);
    vb.ws.close();
    a.rpc.close();
    b.rpc.close();
  });

  it('locking the screen closes them', async () => {
    const a = await signedInSession();
    const v = await openVideo(a.key, 'cam-lock');
    expect((await call(a.rpc, 'auth:lock', {})).reply.ok).toBe(true);
    const c = await within(v.closed, 1000, 'the video socket to close on lock');
    expect(c).toEqual({ code: VIDEO_CLOSE_SESSION_ENDED, reason: 'session ended: lock' });
    a.rpc.close();
  });

  it('the idle lock closes them without waiting for the next call (the server sweeps)', async () => {
    const a = await signedInSession();
    const v = await openVideo(a.key, 'cam-idle');
    const idleMinutes = core.station.get()!.idleLockMinutes;
    clock.advance((idleMinutes + 1) * 60_000);
    const c = await within(v.closed, 2000, 'the video socket to close on idle lock');
    expect(c).toEqual({ code: VIDEO_CLOSE_SESSION_ENDED, reason: 'session ended: idle' });
    // the session is locked, not signed out
    expect((await call(a.rpc, 'app:status', {})).reply).toMatchObject({ ok: true, value: { session: { locked: true } } });
    a.rpc.close();
  });

  it('signing in as someone else on the same session closes the streams opened for the previous user', async () => {
    const a = await signedInSession();
    const v = await openVideo(a.key, 'cam-switch');
    expect((await call(a.rpc, 'auth:login', { login: 'lead', password: PASSWORD })).reply.ok).toBe(true);
    const c = await within(v.closed, 1000, 'the video socket to close on a user change');
    expect(c).toEqual({ code: VIDEO_CLOSE_SESSION_ENDED, reason: 'session ended: user_changed' });
    a.rpc.close();
  });
});

describe('the /video socket refuses what it does not expect', () => {
  it('requires the trucban.video.v1 sub-protocol', async () => {
    const a = await signedInSession();
    const r = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/video?camera=cam&session=${a.key}`, ['trucban.v1', `token.${srv.token}`]);
      ws.once('open', () => resolve('open'));
      ws.once('unexpected-response', (_q, res) => resolve(`HTTP ${res.statusCode}`));
      ws.once('error', () => {});
    });
    expect(r).toBe('HTTP 400');
    a.rpc.close();
  });

  it('ignores junk sent to an open video socket, closes it on an oversized message (1009), and the server carries on', async () => {
    const a = await signedInSession();
    const v = await openVideo(a.key, 'cam-junk');
    v.ws.send('null');
    v.ws.send('{"__proto__":{"x":1}}');
    v.ws.send(Buffer.from([0xff, 0x00, 0x01]), { binary: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(v.ws.readyState).toBe(WebSocket.OPEN);
    v.ws.send(Buffer.alloc(5000), { binary: true });
    expect((await within(v.closed, 2000, 'an oversized message to close the socket')).code).toBe(1009);
    expect((await call(a.rpc, 'app:status', {})).reply.ok).toBe(true);
    a.rpc.close();
  });
});
