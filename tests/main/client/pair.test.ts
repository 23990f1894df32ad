import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import https from 'node:https';
import tls from 'node:tls';
import type net from 'node:net';
import type { Core } from '../../../src-main/app/core';
import { PASSWORD, stationCore, tmpDir } from '../../helpers';
import { pairCodesFor, realStationDb, startRealStation, startServeLan } from '../../helpers/real-station';
import type { RealStation } from '../../helpers/real-station';
import { createStationTls } from '../../../src-main/station/tls';
import { openScreen, until } from '../../helpers/local-ws';
import { pairWithStation, parsePairCode } from '../../../src-main/client/pair';
import { devicePath, readDeviceFile, writeDeviceFile } from '../../../src-main/client/device';
import { PinnedAgent, requestJson } from '../../../src-main/client/tls';
import { startClientProcess } from '../../../src-main/client/local';
import { AppError } from '../../../src-shared/errors';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let station: RealStation;
const HOST = '127.0.0.20';
const db = () => path.join(t.dir, 'station.sqlite');
const cleanups: (() => unknown)[] = [];
beforeEach(async () => {
  t = tmpDir();
  core = await stationCore(path.join(t.dir, 'station.sqlite'));
  station = await startRealStation(core, { db: db(), host: HOST });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await station.close();
  core.close();
  t.cleanup();
});

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? e.code : (e as Error).message;
  }
};

describe('client pairing (real TLS against the protocol)', () => {
  it('pairs with a one-time code: the record pins the station’s fingerprint and is kept 0600', async () => {
    const code = station.pairCode('Máy GS 3', 'workstation');
    const rec = await pairWithStation({ stationUrl: station.url, code });
    expect(rec).toMatchObject({ stationUrl: station.url, fingerprint: station.fingerprint, role: 'workstation', name: 'Máy GS 3', station: { code: 'KV06' } });
    expect(rec.credential.startsWith(`${rec.deviceId}.`)).toBe(true);
    const dir = path.join(t.dir, 'client');
    writeDeviceFile(dir, rec);
    expect(fs.statSync(devicePath(dir)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(readDeviceFile(dir)).toEqual(rec);
    // single use
    expect(await codeOf(pairWithStation({ stationUrl: station.url, code }))).toBe('pair_code_used');
  });

  it('refuses a wrong, unknown, expired or badly formed code with its own code', async () => {
    const code = station.pairCode('Máy 1', 'workstation');
    const wrongSecret = code.slice(0, 5) + (code[5] === 'A' ? 'B' : 'A') + code.slice(6);
    expect(await codeOf(pairWithStation({ stationUrl: station.url, code: wrongSecret }))).toBe('pair_proof_invalid');
    expect(await codeOf(pairWithStation({ stationUrl: station.url, code: 'ZZZZ-ZZZZ-ZZZZ' }))).toBe('pair_code_invalid');
    const old = station.pairCode('Máy 2', 'wall', { expired: true });
    expect(await codeOf(pairWithStation({ stationUrl: station.url, code: old }))).toBe('pair_code_expired');
    expect(() => parsePairCode('ABCD-EFGH-JKMU')).toThrow(/ABCD-EFGH-JKMN/); // U is not in the alphabet
    expect(await codeOf(pairWithStation({ stationUrl: 'http://127.0.0.1:1', code }))).toBe('invalid_input');
    // the real code still works after those failures
    expect(await codeOf(pairWithStation({ stationUrl: station.url, code }))).toBe('ok');
  });

  it('a machine in the middle with its own certificate gets no credential: the proof names the certificate the client saw', async () => {
    const mitm = await createStationTls(['127.0.0.1']);
    // terminates TLS with its own certificate and forwards the request to the station, its Host
    // header rewritten to the station's (the station checks Host exactly; a relay in the middle can
    // rewrite what it decrypted)
    const proxy = tls.createServer({ key: mitm.key, cert: mitm.cert }, (client) => {
      const up = tls.connect({ host: HOST, port: station.port, rejectUnauthorized: false });
      client.once('data', (first: Buffer) => {
        up.write(first.toString('latin1').replace(/^host: .*$/im, `host: ${HOST}:${station.port}`), 'latin1');
        client.pipe(up);
      });
      up.pipe(client);
      up.on('error', () => client.destroy());
      client.on('error', () => up.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise((r) => proxy.close(r)));
    const port = (proxy.address() as net.AddressInfo).port;
    const code = station.pairCode('Máy 1', 'workstation');
    expect(await codeOf(pairWithStation({ stationUrl: `https://127.0.0.1:${port}`, code }))).toBe('pair_proof_invalid');
  });

  it('sends nothing to a server whose certificate is not the pinned one (station_cert_mismatch)', async () => {
    const other = await createStationTls(['127.0.0.1']);
    let bytes = 0;
    const srv = https.createServer({ key: other.key, cert: other.cert }, (_req, res) => res.end('{}'));
    srv.on('secureConnection', (s: tls.TLSSocket) => s.on('data', (d: Buffer) => (bytes += d.length)));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise((r) => srv.close(r)));
    const port = (srv.address() as net.AddressInfo).port;
    const agent = new PinnedAgent(station.fingerprint);
    const r = requestJson(new URL(`https://127.0.0.1:${port}/ws`), { agent, headers: { authorization: 'Device secret-that-must-not-leave' } });
    expect(await codeOf(r)).toBe('station_cert_mismatch');
    await new Promise((res) => setTimeout(res, 100));
    expect(bytes).toBe(0);
    agent.destroy();
  });
});

describe('client process: the renderer’s calls and pushes over one pinned WSS link', () => {
  it('forwards calls, relays push frames and answers client:status; a revoked device is cut off', async () => {
    const rec = await pairWithStation({ stationUrl: station.url, code: station.pairCode('Máy 1', 'workstation') });
    const dir = path.join(t.dir, 'client');
    const client = await startClientProcess({ dir, record: rec, staticDir: t.dir, log: () => {}, link: { backoffBaseMs: 50, backoffCapMs: 200 } });
    cleanups.push(() => client.close());
    await until(() => client.link.connected, 5_000, 'link up');
    const screen = await openScreen(client.server);
    cleanups.push(() => screen.close());
    expect(await screen.call('client:status', {})).toMatchObject({ ok: true, value: { role: 'workstation', connected: true, downSince: null, outbox: [], refused: [] } });
    expect(await screen.call('auth:login', { login: 'officer', password: PASSWORD })).toMatchObject({ ok: true });
    expect(await screen.call('push:subscribe', { topics: ['journal', 'link'] })).toMatchObject({ ok: true });
    const added = await screen.call('logbook:add', { kind: 'work', text: 'qua mạng LAN' });
    expect(added).toMatchObject({ ok: true });
    await until(() => screen.pushes.some((p) => p.topic === 'journal'), 2_000, 'journal push relayed');
    const listed = (await screen.call('logbook:list', {})) as { ok: boolean; value: { items: { text: string }[] } };
    expect(JSON.stringify(listed.value)).toContain('qua mạng LAN');
    // a resent requestId (the reply was lost with the link) is answered again, not applied twice
    const requestId = '0192f0c8-0000-7000-8000-0000000000aa';
    const first = await client.link.call('logbook:add', { kind: 'work', text: 'gửi lại' }, requestId);
    const again = await client.link.call('logbook:add', { kind: 'work', text: 'gửi lại' }, requestId);
    expect([first.replayed, again.replayed]).toEqual([false, true]);
    expect(again.reply).toEqual(first.reply);
    expect(core.db.prepare(`SELECT COUNT(*) FROM events WHERE payload LIKE '%gửi lại%'`).pluck().get()).toBe(1);
    // one socket on the station for this client, whatever the screens
    expect(station.sockets()).toBe(1);
    expect(client.outbox.queued()).toEqual([]);

    station.revoke(rec.deviceId);
    await until(() => !client.link.connected, 1_000, 'revoked link closed within a second');
    await new Promise((r) => setTimeout(r, 300));
    expect(client.link.connected).toBe(false);
    expect(client.link.refusal).toBe('device_revoked');
  });
});

describe('client process: losing the station and coming back', () => {
  it('resumes the push stream from the last seen seq: what was appended while away arrives without a reload', async () => {
    const rec = await pairWithStation({ stationUrl: station.url, code: station.pairCode('Máy 1', 'workstation') });
    const client = await startClientProcess({ dir: path.join(t.dir, 'client'), record: rec, staticDir: t.dir, log: () => {}, link: { backoffBaseMs: 50, backoffCapMs: 200 } });
    cleanups.push(() => client.close());
    await until(() => client.link.connected, 5_000, 'link up');
    const screen = await openScreen(client.server);
    cleanups.push(() => screen.close());
    await screen.call('auth:login', { login: 'officer', password: PASSWORD });
    await screen.call('push:subscribe', { topics: ['journal', 'link'] });
    await screen.call('logbook:add', { kind: 'work', text: 'trước' });
    await until(() => screen.pushes.some((p) => p.topic === 'journal'), 2_000, 'first frame');
    // the station's listener goes away (the core stays: same journal, same sign-ins)
    const port = station.port;
    await station.close();
    await until(() => !client.link.connected, 2_000, 'loss noticed');
    const seqs: number[] = [];
    for (const text of ['lúc vắng 1', 'lúc vắng 2']) {
      core.logbook.add({ kind: 'work', text }, 'lead');
      seqs.push(core.journal.head.seq);
    }
    station = await startRealStation(core, { db: db(), host: HOST, port });
    await until(() => client.link.connected, 5_000, 'link back');
    await until(() => seqs.every((s) => screen.pushes.some((p) => p.topic === 'journal' && p.seq === s)), 3_000, 'missed frames replayed');
    // and the screen was told the link came back (it refetches client:status)
    expect(screen.pushes.filter((p) => p.topic === 'link').length).toBeGreaterThanOrEqual(2);
  });

  it('notices a station that stops answering (no pong) and says so', { timeout: 90_000 }, async () => {
    // the real `serve --lan` process, stopped with SIGSTOP: its sockets stay open, nothing comes back (a hung host)
    const own = path.join(t.dir, 'hung.sqlite');
    await realStationDb(own);
    const [code] = await pairCodesFor(own, '127.0.0.21', [{ name: 'Máy 1', role: 'workstation' }]);
    const hung = await startServeLan(own, '127.0.0.21');
    cleanups.push(() => {
      hung.child.kill('SIGCONT');
      return hung.stop();
    });
    const rec = await pairWithStation({ stationUrl: hung.url, code: code! });
    expect(rec.fingerprint).toBe(hung.fingerprint);
    const client = await startClientProcess({
      dir: path.join(t.dir, 'client2'), record: rec, staticDir: t.dir, log: () => {},
      link: { heartbeatMs: 100, heartbeatTimeoutMs: 400, backoffBaseMs: 5_000, backoffCapMs: 5_000 },
    });
    cleanups.push(() => client.close());
    await until(() => client.link.connected, 10_000, 'link up');
    hung.child.kill('SIGSTOP');
    const t0 = Date.now();
    await until(() => !client.link.connected, 2_000, 'silence noticed');
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(client.status()).toMatchObject({ connected: false });
  });
});

describe('client process: /video relayed to the station byte-for-byte', () => {
  it('hands the screen its own endpoint and relays the page’s sub-protocol (v2) to the station’s real /video, both ways, with the device’s station session', async () => {
    // a workstation: its /video rides on its officer's session (a wall's stands on its own credential: wall-standing.test.ts)
    const rec = await pairWithStation({ stationUrl: station.url, code: station.pairCode('Máy trạm 3', 'workstation') });
    const client = await startClientProcess({ dir: path.join(t.dir, 'client3'), record: rec, staticDir: t.dir, log: () => {} });
    cleanups.push(() => client.close());
    await until(() => client.link.connected, 5_000, 'link up');
    const screen = await openScreen(client.server);
    cleanups.push(() => screen.close());
    expect(await screen.call('video:endpoint', {})).toEqual({ ok: true, value: { url: `${client.server.url.replace(/^http/, 'ws')}/video`, token: client.server.token } });
    const { WebSocket } = await import('ws');
    const open = (protocol: string) => new WebSocket(`${client.server.url.replace('http', 'ws')}/video?session=screenkey0123456789`, [protocol, `token.${client.server.token}`]);
    const messages = (ws: InstanceType<typeof WebSocket>) => {
      const got: { binary: boolean; text: string }[] = [];
      ws.on('message', (d: Buffer, binary: boolean) => got.push({ binary, text: d.toString() }));
      return got;
    };
    const closed = (ws: InstanceType<typeof WebSocket>) => new Promise<number>((r) => ws.once('close', (code) => r(code)));
    // not signed in yet on this device: the STATION's multiplexed /video says so (its v2 error form) and closes 4001
    const early = open('trucban.video.v2');
    const earlyGot = messages(early);
    const earlyClosed = closed(early);
    await new Promise((r) => early.once('open', r));
    expect(early.protocol).toBe('trucban.video.v2');
    expect(await earlyClosed).toBe(4001);
    expect(earlyGot.map((m) => JSON.parse(m.text) as unknown)).toEqual([{ t: 'error', code: 'not_authenticated', message: 'sign in first' }]);
    // signed in: the station session of the device's link (not the screen's key) is the one /video sees
    expect(await screen.call('auth:login', { login: 'officer', password: PASSWORD })).toMatchObject({ ok: true });
    const v = open('trucban.video.v2');
    const got = messages(v);
    const vClosed = closed(v);
    await new Promise((r) => v.once('open', r));
    v.send(JSON.stringify({ t: 'open', tile: 7, camera: 'khong-co', stream: 'sub' }));
    v.send('not json');
    await until(() => got.length >= 2, 3_000, 'station answers relayed');
    const [refused, bad] = got.map((m) => JSON.parse(m.text) as { t: string; tile?: number; code: string });
    expect(got.every((m) => !m.binary)).toBe(true);
    expect(refused).toMatchObject({ t: 'error', tile: 7 });
    expect(refused!.code).not.toBe('not_authenticated');
    expect(bad).toMatchObject({ t: 'error', code: 'invalid_input' });
    // a binary frame from the page reaches the station as binary: it closes with its protocol code, relayed
    v.send(Buffer.from([0, 1, 2, 255]), { binary: true });
    expect(await vClosed).toBe(4002);
    // v1 too (the command-line clients' form), unchanged
    const one = new WebSocket(`${client.server.url.replace('http', 'ws')}/video?camera=khong-co&stream=sub`, ['trucban.video.v1', `token.${client.server.token}`]);
    const oneGot = messages(one);
    await closed(one);
    expect(one.protocol).toBe('trucban.video.v1');
    expect(JSON.parse(oneGot[0]!.text)).toMatchObject({ type: 'error' });
    // without the token the local server refuses, as in browser mode
    const badToken = new WebSocket(`${client.server.url.replace('http', 'ws')}/video`, ['trucban.video.v2', 'token.nope']);
    expect(await new Promise((r) => badToken.once('error', () => r('refused')))).toBe('refused');
  });
});

describe('client outbox: a step that cannot be applied any more comes back as a refusal', () => {
  it('a decision kept while away, on an incident another leader decided meanwhile, is refused visibly, never dropped', async () => {
    const { ok, raiseInput } = await import('../../db/incidents-helpers');
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.3.c2'] }));
    await ok(core, 'room', 'incidents:propose', { incidentId: inc.id, verification: 'Đã đối chiếu dữ liệu', proposal: 'Đề nghị phối hợp kiểm tra' });
    const rec = await pairWithStation({ stationUrl: station.url, code: station.pairCode('Máy trưởng ca', 'workstation') });
    const client = await startClientProcess({ dir: path.join(t.dir, 'client4'), record: rec, staticDir: t.dir, log: () => {}, link: { backoffBaseMs: 50, backoffCapMs: 200 } });
    cleanups.push(() => client.close());
    await until(() => client.link.connected, 5_000, 'link up');
    const screen = await openScreen(client.server);
    cleanups.push(() => screen.close());
    expect(await screen.call('auth:login', { login: 'lead', password: PASSWORD })).toMatchObject({ ok: true });
    const port = station.port;
    await station.close();
    await until(() => !client.link.connected, 2_000, 'loss noticed');
    const decide = { incidentId: inc.id, decision: 'approved', form: 'Điện thoại', scope: 'Bãi kiểm hóa' };
    expect(await screen.call('incidents:decide', decide)).toMatchObject({ ok: false, error: { code: 'outbox_queued' } });
    // meanwhile, on the station, the decision is taken (rejected) by the leader at the station's own screen
    await ok(core, 'lead', 'incidents:decide', { incidentId: inc.id, decision: 'rejected', note: 'Không đủ căn cứ' });
    station = await startRealStation(core, { db: db(), host: HOST, port });
    await until(() => client.outbox.queued().length === 0, 10_000, 'outbox sent');
    const refused = client.outbox.refused();
    expect(refused.map((r) => r.channel)).toEqual(['incidents:decide']);
    expect(refused[0]!.error.code).not.toBe('outbox_queued');
    const st = (await screen.call('client:status', {})) as { value: { refused: { error: { code: string; message: string } }[] } };
    expect(st.value.refused[0]!.error.message.length).toBeGreaterThan(0);
    // the station kept its own decision only
    expect(core.db.prepare(`SELECT COUNT(*) FROM events WHERE type LIKE 'incident.%decid%'`).pluck().get()).toBe(1);
  });
});
