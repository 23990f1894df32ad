/**
 * The multiplexed /video socket (`trucban.video.v2`) against a real core, dispatcher and
 * loopback server over real sockets: several tiles on one socket (counted server-side), each
 * tile's packets under its own id, close and socket loss detach the viewers, bad control
 * messages are refused without harm, binary frames from the page and floods close the socket,
 * and a session that ends closes it. The camera side is a fake viewer the test feeds by hand
 * (the engine itself is exercised in video-wiring.test.ts and the e2e wall tests).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import WebSocket from 'ws';
import type { Core } from '../../src-main/app/core';
import { startCoreServer } from '../../src-main/server/serve';
import type { BrowserServer } from '../../src-main/server/browser';
import { VIDEO_CLOSE_SESSION_ENDED } from '../../src-main/server/browser';
import { VIDEO_CLOSE_PROTOCOL } from '../../src-main/server/video';
import type { VideoPacket, ViewerCallback } from '../../src-main/video/stream';
import { parseMuxBinary, parseServerMessage, VIDEO_MAX_STREAMS_PER_SESSION, VIDEO_MUX_MAX_TILES, VIDEO_MUX_PROTOCOL } from '../../src-shared/video-mux';
import type { MuxPacket, MuxServerMessage } from '../../src-shared/video-mux';
import { AppError } from '../../src-shared/errors';
import { FakeClock, PASSWORD, stationCore, tmpDir } from '../helpers';
import { call, openWs } from './serve-child';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let srv: BrowserServer;
/** Viewers attached by the server, by camera id: feed(packet) and whether detached. */
const viewers: { cameraId: string; kind: string; onData: ViewerCallback; detached: boolean }[] = [];

beforeAll(async () => {
  t = tmpDir();
  core = await stationCore(path.join(t.dir, 'm.sqlite'), new FakeClock());
  core.video.attach = ((cameraId: string, kind: string, onData: ViewerCallback) => {
    if (cameraId === 'cam-missing') throw new AppError('video_unavailable', 'no such camera stream');
    const v = { cameraId, kind, onData, detached: false };
    viewers.push(v);
    return { id: viewers.length, detach: () => (v.detached = true), stats: () => ({}) };
  }) as unknown as Core['video']['attach'];
  core.video.health = (id: string) => ({ state: 'online', reason: null, since: 1000, cameraId: id }) as never;
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
  const key = `video-mux-key-${String(++n).padStart(8, '0')}`;
  const rpc = await openWs(srv.port, srv.token, `?session=${key}`);
  expect((await call(rpc, 'auth:login', { login: 'officer', password: PASSWORD })).reply.ok).toBe(true);
  return { key, rpc };
}

interface Mux {
  ws: WebSocket;
  packets: MuxPacket[];
  texts: MuxServerMessage[];
  junk: number;
  closed: Promise<{ code: number; reason: string }>;
  send(m: unknown): void;
}

function openMux(key: string): Promise<Mux> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/video?session=${key}`, [VIDEO_MUX_PROTOCOL, `token.${srv.token}`]);
    const m: Mux = {
      ws,
      packets: [],
      texts: [],
      junk: 0,
      closed: new Promise((r) => ws.once('close', (code, reason) => r({ code, reason: reason.toString() }))),
      send: (x) => ws.send(typeof x === 'string' ? x : JSON.stringify(x)),
    };
    ws.on('message', (d, binary) => {
      const buf = d as Buffer;
      if (binary) {
        const p = parseMuxBinary(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
        if (p) m.packets.push(p);
        else m.junk++;
      } else {
        const x = parseServerMessage(buf.toString());
        if (x) m.texts.push(x);
        else m.junk++;
      }
    });
    ws.once('open', () => {
      expect(ws.protocol).toBe(VIDEO_MUX_PROTOCOL);
      resolve(m);
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_r, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms: ${what}`)), ms))]);

async function until(check: () => boolean, what: string, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const init = (codec: string): VideoPacket => ({ type: 'init', data: Buffer.from('ftypmoov'), codec, width: 640, height: 360, transcoding: false });
const frag = (k: boolean, tag: number): VideoPacket => ({ type: 'fragment', data: Buffer.from([tag, tag, tag]), keyframe: k, decodeTime: 90_000 * tag, duration: 3600, timescale: 90_000, discontinuity: false });

describe('one multiplexed /video socket per page', () => {
  it('three tiles on one socket: each gets its own packets under its id, health on open; counted server-side', async () => {
    const a = await signedInSession();
    const before = srv.videoStats();
    const m = await openMux(a.key);
    const start = viewers.length;
    m.send({ t: 'open', tile: 1, camera: 'cam-1', stream: 'sub' });
    m.send({ t: 'open', tile: 2, camera: 'cam-2', stream: 'sub' });
    m.send({ t: 'open', tile: 3, camera: 'cam-1', stream: 'main' });
    await until(() => viewers.length === start + 3, 'three viewers attached');
    expect(viewers.slice(start).map((v) => `${v.cameraId}/${v.kind}`)).toEqual(['cam-1/sub', 'cam-2/sub', 'cam-1/main']);
    expect(srv.videoStats()).toMatchObject({ sockets: before.sockets + 1, muxSockets: before.muxSockets + 1, tiles: before.tiles + 3 });
    const [v1, v2, v3] = viewers.slice(start) as [(typeof viewers)[0], (typeof viewers)[0], (typeof viewers)[0]];
    void v1.onData(init('avc1.4d401e'));
    void v2.onData(init('avc1.640028'));
    void v1.onData(frag(true, 1));
    void v2.onData(frag(true, 2));
    void v3.onData(frag(false, 3));
    await until(() => m.packets.length === 5, 'five packets');
    expect(m.packets.map((p) => [p.tile, p.type])).toEqual([[1, 'init'], [2, 'init'], [1, 'fragment'], [2, 'fragment'], [3, 'fragment']]);
    expect(m.packets[0]).toMatchObject({ info: { codec: 'avc1.4d401e' } });
    expect(m.packets[3]).toMatchObject({ keyframe: true, decodeTime: 2 });
    expect([...m.packets[4]!.data]).toEqual([3, 3, 3]);
    expect(m.texts.filter((x) => x.t === 'health').map((x) => x.tile).sort()).toEqual([1, 2, 3]);
    expect(m.junk).toBe(0);

    // closing one tile detaches its viewer only; its late packets are not sent
    m.send({ t: 'close', tile: 2 });
    await until(() => v2.detached, 'tile 2 detached');
    expect(v1.detached || v3.detached).toBe(false);
    expect(srv.videoStats().tiles).toBe(before.tiles + 2);
    // re-opening an id that is open replaces its stream
    m.send({ t: 'open', tile: 3, camera: 'cam-3', stream: 'sub' });
    await until(() => v3.detached && viewers.length === start + 4, 'tile 3 replaced');
    // the socket goes away: every viewer of it is detached, the counts go back
    m.ws.close();
    await until(() => v1.detached && viewers[start + 3]!.detached, 'all detached on close');
    await until(() => srv.videoStats().sockets === before.sockets, 'the socket uncounted');
    expect(srv.videoStats().tiles).toBe(before.tiles);
    a.rpc.close();
  });

  it('bad control messages are refused with an error and change nothing; a stream the engine refuses says why, per tile', async () => {
    const a = await signedInSession();
    const m = await openMux(a.key);
    const start = viewers.length;
    for (const bad of ['null', 'not json', '{"t":"open","tile":1}', '{"t":"open","tile":70000,"camera":"c","stream":"sub"}', '{"t":"open","tile":1,"camera":"a/b","stream":"sub"}', '{"t":"drop","tile":1}']) m.send(bad);
    m.send({ t: 'open', tile: 9, camera: 'cam-missing', stream: 'sub' });
    m.send({ t: 'open', tile: 4, camera: 'cam-4', stream: 'sub' });
    await until(() => viewers.length === start + 1, 'the good open attached');
    await until(() => m.texts.filter((x) => x.t === 'error').length === 7, 'seven errors');
    const errors = m.texts.filter((x): x is Extract<MuxServerMessage, { t: 'error' }> => x.t === 'error');
    expect(errors.slice(0, 6).every((e) => e.code === 'invalid_input' && e.tile === undefined)).toBe(true);
    expect(errors[6]).toMatchObject({ tile: 9, code: 'video_unavailable' });
    expect(m.ws.readyState).toBe(WebSocket.OPEN);
    expect(viewers[start]!.cameraId).toBe('cam-4');
    m.ws.close();
    a.rpc.close();
  });

  it('a binary frame from the page closes the socket (4002); so do 20 bad messages; the server carries on', async () => {
    const a = await signedInSession();
    const m1 = await openMux(a.key);
    m1.send({ t: 'open', tile: 1, camera: 'cam-b', stream: 'sub' });
    await until(() => viewers.at(-1)?.cameraId === 'cam-b', 'attached');
    const v = viewers.at(-1)!;
    m1.ws.send(Buffer.from([0, 1, 2, 0, 0]), { binary: true });
    expect((await within(m1.closed, 1000, 'closed on binary')).code).toBe(VIDEO_CLOSE_PROTOCOL);
    await until(() => v.detached, 'its viewer detached');

    const m2 = await openMux(a.key);
    for (let i = 0; i < 25; i++) m2.send(`{"t":"nope${i}"}`);
    expect((await within(m2.closed, 1000, 'closed on a flood')).code).toBe(VIDEO_CLOSE_PROTOCOL);

    const m3 = await openMux(a.key);
    m3.send({ t: 'open', tile: 1, camera: 'cam-c', stream: 'sub' });
    await until(() => viewers.at(-1)?.cameraId === 'cam-c', 'a new socket still works');
    m3.ws.close();
    a.rpc.close();
  });

  it('streams are bounded: 64 per socket and 200 per session over all its sockets (video_too_many_streams); closing one frees a place', async () => {
    const a = await signedInSession();
    const socks: Mux[] = [];
    const refusedOn = (m: Mux) => m.texts.filter((x) => x.t === 'error' && x.code === 'video_too_many_streams').map((x) => (x as { tile?: number }).tile);
    const start = viewers.length;
    // four sockets asking for 64 + 1 streams each: the 65th of each is over the socket's limit
    for (let k = 0; k < 4; k++) {
      const m = await openMux(a.key);
      socks.push(m);
      for (let i = 0; i <= VIDEO_MUX_MAX_TILES; i++) m.send({ t: 'open', tile: i, camera: `cam-cap-${k}-${i}`, stream: 'sub' });
      await until(() => refusedOn(m).length > 0, `socket ${k}: a refusal`);
    }
    await until(() => viewers.length - start === VIDEO_MAX_STREAMS_PER_SESSION, 'the session at its limit');
    expect(srv.videoStats().tiles).toBeGreaterThanOrEqual(VIDEO_MAX_STREAMS_PER_SESSION);
    expect(refusedOn(socks[0]!)).toEqual([VIDEO_MUX_MAX_TILES]);
    // the fourth socket got only what was left of the session's 200 (8 of them), the rest refused
    const left = VIDEO_MAX_STREAMS_PER_SESSION - 3 * VIDEO_MUX_MAX_TILES;
    await until(() => refusedOn(socks[3]!).length === VIDEO_MUX_MAX_TILES + 1 - left, 'the fourth socket’s refusals');
    expect(refusedOn(socks[3]!)[0]).toBe(left);
    // another session is not affected by this one's limit
    const b = await signedInSession();
    const mb = await openMux(b.key);
    mb.send({ t: 'open', tile: 1, camera: 'cam-other-session', stream: 'sub' });
    await until(() => viewers.at(-1)?.cameraId === 'cam-other-session', 'the other session’s stream');
    // a closed stream frees a place
    socks[3]!.send({ t: 'close', tile: 0 });
    socks[3]!.send({ t: 'open', tile: 500, camera: 'cam-cap-again', stream: 'sub' });
    await until(() => viewers.some((v) => v.cameraId === 'cam-cap-again'), 'the freed place taken');
    for (const m of [...socks, mb]) m.ws.close();
    a.rpc.close();
    b.rpc.close();
  });

  it('not signed in: refused (4001); logout closes the socket at once and detaches its tiles', async () => {
    const stranger = await new Promise<{ code: number; texts: string[] }>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/video?session=nobody-signed-in-here-123`, [VIDEO_MUX_PROTOCOL, `token.${srv.token}`]);
      const texts: string[] = [];
      ws.on('message', (d) => texts.push(d.toString()));
      ws.once('close', (code) => resolve({ code, texts }));
    });
    expect(stranger.code).toBe(VIDEO_CLOSE_SESSION_ENDED);
    expect(stranger.texts.map((x) => parseServerMessage(x))).toContainEqual(expect.objectContaining({ t: 'error', code: 'not_authenticated' }));

    const a = await signedInSession();
    const m = await openMux(a.key);
    m.send({ t: 'open', tile: 1, camera: 'cam-l1', stream: 'sub' });
    m.send({ t: 'open', tile: 2, camera: 'cam-l2', stream: 'sub' });
    await until(() => viewers.at(-1)?.cameraId === 'cam-l2', 'attached');
    const mine = viewers.slice(-2);
    expect((await call(a.rpc, 'auth:logout', {})).reply.ok).toBe(true);
    const c = await within(m.closed, 1000, 'closed on logout');
    expect(c).toEqual({ code: VIDEO_CLOSE_SESSION_ENDED, reason: 'session ended: logout' });
    await until(() => mine.every((v) => v.detached), 'tiles detached');
    a.rpc.close();
  });
});
