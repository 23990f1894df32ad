// The station's LAN listener end to end at the protocol level, with real TLS on 127.0.0.x,
// real sockets and a real SQLite file: a small client written here pins the certificate
// fingerprint, pairs with a one-time code, opens device-authenticated WSS sockets, signs in,
// calls, is revoked (its sockets close with 4003 within a second, its credential is refused),
// and pairs again. Also: wrong, expired, reused codes and wrong proofs; a machine in the middle
// with its own certificate; plain HTTP beyond loopback; the wall's channel allowlist; sessions
// per device; per-device limits (docs/security.md, "The LAN listener").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import https from 'node:https';
import http from 'node:http';
import tls from 'node:tls';
import type net from 'node:net';
import { X509Certificate, createHmac } from 'node:crypto';
import WebSocket from 'ws';
import type { Core } from '../../src-main/app/core';
import { startBrowserServer } from '../../src-main/server/browser';
import { startLanServer } from '../../src-main/server/lan';
import { checkTls, createStationTls } from '../../src-main/station/tls';
import type { TlsMaterial } from '../../src-main/station/tls';
import { FakeClock, PASSWORD, callAs, stationCore, tmpDir } from '../helpers';
import { isAppErrorData } from '../../src-shared/errors';

const HOST = '127.0.0.2';
/** The clients' own address (Linux routes all of 127.0.0.0/8 to loopback without set-up). */
const CLIENT = '127.0.0.9';
let t: ReturnType<typeof tmpDir>;
let clock: FakeClock;
let core: Core;
let material: TlsMaterial;
let lan: Awaited<ReturnType<typeof startLanServer>>;

beforeAll(async () => {
  t = tmpDir();
  clock = new FakeClock(Date.now());
  core = await stationCore(path.join(t.dir, 'lan.sqlite'), clock);
  fs.mkdirSync(path.join(t.dir, 'web'));
  fs.writeFileSync(path.join(t.dir, 'web', 'index.html'), '<!doctype html><title>Trực ban</title>');
  const made = await createStationTls([HOST]);
  material = checkTls(made.key, made.cert);
  lan = await startLanServer(core, {
    host: HOST,
    tls: material,
    staticDir: path.join(t.dir, 'web'),
    log: () => {},
    limits: { maxSocketsPerDevice: 3, deviceCallsPerSecond: 5, deviceCallBurst: 10, pairPerAddressPerMinute: 1000, deviceSigninAttempts: 4, idleUnauthenticatedMs: 300 },
  });
});
afterAll(async () => {
  await lan?.close();
  core?.close();
  t?.cleanup();
});

// ---- the small client ---------------------------------------------------------------------

/** An https.Agent that checks the peer certificate's fingerprint on secureConnect, before any request byte. */
function pinnedAgent(fingerprint: string | null, seen?: (fp: string) => void): https.Agent {
  const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: false });
  agent.createConnection = (options) => {
    // localAddress is a net option tls.connect passes on (not in its type)
    const socket = tls.connect({ ...(options as tls.ConnectionOptions), localAddress: CLIENT, rejectUnauthorized: false } as tls.ConnectionOptions);
    socket.once('secureConnect', () => {
      const fp = socket.getPeerCertificate().fingerprint256;
      seen?.(fp);
      if (fingerprint !== null && fp !== fingerprint) socket.destroy(Object.assign(new Error('station_cert_mismatch'), { code: 'station_cert_mismatch' }));
    });
    return socket as unknown as net.Socket;
  };
  return agent;
}

/** The fingerprint a client sees at host:port (what the officer's machine observes before pairing). */
function observe(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host, port, rejectUnauthorized: false, servername: undefined }, () => {
      const fp = s.getPeerCertificate().fingerprint256;
      s.end();
      resolve(fp);
    });
    s.once('error', reject);
  });
}

const proofFor = (secret: string, fp: string) => createHmac('sha256', Buffer.from(secret, 'ascii')).update(`trucban-pair-v1|${fp}`).digest('hex');
const confirmFor = (secret: string, fp: string, deviceId: string) =>
  createHmac('sha256', Buffer.from(secret, 'ascii')).update(`trucban-pair-v1-station|${fp}|${deviceId}`).digest('hex');

interface HttpReply {
  status: number;
  body: unknown;
}

function request(o: { host?: string; port: number; method: string; path: string; body?: unknown; headers?: Record<string, string>; agent: https.Agent; hostHeader?: string }): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const text = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    const req = https.request(
      { host: o.host ?? HOST, port: o.port, method: o.method, path: o.path, agent: o.agent, headers: { ...(text ? { 'content-type': 'application/json' } : {}), ...(o.hostHeader ? { host: o.hostHeader } : {}), ...o.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          let body: unknown = raw;
          try {
            body = JSON.parse(raw);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.once('error', reject);
    req.end(text);
  });
}

interface Paired {
  deviceId: string;
  credential: string;
  role: string;
  name: string;
  fingerprint: string;
  station: { code: string; name: string };
}

/** The pairing exchange as a new machine does it: observe, prove, check the station's confirm. */
async function pair(code: string, o: { host?: string; port?: number; fingerprintSeen?: string; hostHeader?: string } = {}): Promise<{ status: number; body: unknown; paired?: Paired }> {
  const host = o.host ?? HOST;
  const port = o.port ?? lan.port;
  const [codeId, a, b] = code.split('-') as [string, string, string];
  const secret = `${a}${b}`;
  const fp = o.fingerprintSeen ?? (await observe(host, port));
  const r = await request({ host, port, method: 'POST', path: '/pair', body: { v: 1, codeId, proof: proofFor(secret, fp), deviceName: 'may-test' }, agent: pinnedAgent(fp), ...(o.hostHeader ? { hostHeader: o.hostHeader } : {}) });
  if (r.status !== 200) return r;
  const body = r.body as Paired & { confirm: string; v: number };
  // the client's own checks: the station knew the code, and it saw the same certificate
  expect(body.v).toBe(1);
  expect(body.confirm).toBe(confirmFor(secret, fp, body.deviceId));
  expect(body.fingerprint).toBe(fp);
  return { ...r, paired: body };
}

async function newCode(name: string, role: 'workstation' | 'wall'): Promise<string> {
  const r = await callAs(core, 'admin', 'devices:pair', { name, role });
  expect(r.ok).toBe(true);
  const v = (r as { value: { code: string; fingerprint: string; expiresAt: number } }).value;
  expect(v.fingerprint).toBe(material.fingerprint);
  expect(v.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  expect(v.expiresAt).toBe(clock.now() + 10 * 60_000);
  return v.code;
}

interface DeviceSocket {
  ws: WebSocket;
  call: (channel: string, input?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
  closed: Promise<{ code: number; at: number }>;
}

/** A WSS socket to /ws (or /video) with the device's credential, pinned. */
function openSocket(credential: string, o: { session?: string; path?: string } = {}): Promise<DeviceSocket> {
  const url = `wss://${HOST}:${lan.port}${o.path ?? '/ws'}${o.session ? `?session=${o.session}` : ''}`;
  const ws = new WebSocket(url, [o.path === '/video' ? 'trucban.video.v1' : 'trucban.v1'], { agent: pinnedAgent(material.fingerprint), headers: { authorization: `Device ${credential}` } });
  const waiting = new Map<number, (r: { ok: boolean; value?: unknown; error?: { code: string } }) => void>();
  let next = 1;
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { id?: number; reply?: { ok: boolean } };
    if (typeof m.id === 'number') waiting.get(m.id)?.(m.reply!);
  });
  const closed = new Promise<{ code: number; at: number }>((resolve) => ws.once('close', (code) => resolve({ code, at: Date.now() })));
  const call = (channel: string, input: unknown = {}) =>
    new Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, channel, input }));
    });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, call, closed }));
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') as unknown })));
    });
    ws.once('error', reject);
  });
}

/** A /video socket through a device; resolves with its first text message and its close code. */
function videoThrough(credential: string, session: string): Promise<{ message: unknown; code: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://${HOST}:${lan.port}/video?session=${session}&camera=cam-1&stream=sub`, ['trucban.video.v1'], {
      agent: pinnedAgent(material.fingerprint),
      headers: { authorization: `Device ${credential}` },
    });
    let message: unknown = null;
    ws.on('message', (d, binary) => {
      if (!binary && message === null) message = JSON.parse(d.toString());
    });
    ws.once('close', (code) => resolve({ message, code }));
    ws.once('error', reject);
  });
}

const refusedEvents = () => core.db.prepare(`SELECT payload FROM events WHERE type = 'device.refused' ORDER BY seq`).pluck().all().map((p) => JSON.parse(p as string) as { deviceId?: string; address: string; reason: string });
const errorCode = (body: unknown) => (body as { error?: { code?: string } }).error?.code;

async function pairedDevice(name: string, role: 'workstation' | 'wall'): Promise<Paired> {
  const r = await pair(await newCode(name, role));
  expect(r.status).toBe(200);
  return r.paired!;
}

// ---- tests ----------------------------------------------------------------------------------

describe('LAN listener: pairing, device sockets, revocation', () => {
  it('pair → device WSS → sign in → call → revoke (sockets close 4003 within 1 s) → credential refused → pair again', async () => {
    const r = await pair(await newCode('Máy GS 3', 'workstation'));
    expect(r.status).toBe(200);
    const dev = r.paired!;
    expect(dev).toMatchObject({ role: 'workstation', name: 'Máy GS 3', fingerprint: material.fingerprint, station: { code: 'KV06', name: 'Chi cục Hải quan khu vực VI' } });
    expect(dev.credential).toMatch(new RegExp(`^${dev.deviceId}\\.[A-Za-z0-9_-]{43}$`));

    const a = await openSocket(dev.credential, { session: 'sessionkeyAAAAAAAAAAAA' });
    const b = await openSocket(dev.credential);
    const st = await a.call('app:status');
    expect(st.ok).toBe(true);
    expect((st.value as { device: unknown }).device).toEqual({ id: dev.deviceId, name: 'Máy GS 3', role: 'workstation' });
    expect((await a.call('auth:login', { login: 'officer', password: PASSWORD })).ok).toBe(true);
    const added = await a.call('logbook:add', { kind: 'note', text: 'Ghi từ máy trạm qua mạng LAN' });
    expect(added.ok).toBe(true);

    // the list shows it with who paired it and from where
    const list = (await callAs(core, 'admin', 'devices:list', {})) as { ok: true; value: { id: string; pairedBy: string; lastAddress: string; revokedAt: number | null }[] };
    expect(list.value.find((d) => d.id === dev.deviceId)).toMatchObject({ pairedBy: 'admin', lastAddress: CLIENT, revokedAt: null });

    const t0 = Date.now();
    expect((await callAs(core, 'admin', 'devices:revoke', { deviceId: dev.deviceId, reason: 'Máy bị mất' })).ok).toBe(true);
    const [ca, cb] = await Promise.all([a.closed, b.closed]);
    expect(ca.code).toBe(4003);
    expect(cb.code).toBe(4003);
    expect(Math.max(ca.at, cb.at) - t0).toBeLessThan(1000);

    // the credential is refused from then on, on every path, and the refusal is journaled
    await expect(openSocket(dev.credential)).rejects.toMatchObject({ status: 401, body: { ok: false, error: { code: 'device_revoked' } } });
    const att = await request({ port: lan.port, method: 'GET', path: `/attachments/${'a'.repeat(64)}`, headers: { authorization: `Device ${dev.credential}` }, agent: pinnedAgent(material.fingerprint) });
    expect(att.status).toBe(401);
    expect(att.body).toMatchObject({ ok: false, error: { code: 'device_revoked' } });
    expect((att.body as { error: { message: string; messageEn: string } }).error.message).toMatch(/thu hồi/);
    expect((att.body as { error: { messageEn: string } }).error.messageEn).toMatch(/revoked/);
    expect(refusedEvents()).toContainEqual({ deviceId: dev.deviceId, address: CLIENT, reason: 'device_revoked' });
    const revoked = core.db.prepare(`SELECT payload FROM events WHERE type = 'device.revoked'`).pluck().all().map((p) => JSON.parse(p as string));
    expect(revoked).toContainEqual({ deviceId: dev.deviceId, by: 'admin', reason: 'Máy bị mất' });

    // pairing again gives a new device and a working credential
    const again = await pairedDevice('Máy GS 3', 'workstation');
    expect(again.deviceId).not.toBe(dev.deviceId);
    const c = await openSocket(again.credential);
    expect((await c.call('app:status')).ok).toBe(true);
    c.ws.close();

    // nothing secret reached the journal: no credential, no code secret
    const journal = (core.db.prepare('SELECT payload FROM events').pluck().all() as string[]).join('\n');
    expect(journal).not.toContain(dev.credential.split('.')[1]);
    expect(journal).not.toContain(again.credential.split('.')[1]);
  });

  it('refuses a wrong, unknown, expired or reused code and a wrong proof, with their codes; five wrong proofs burn a code', async () => {
    const fp = await observe(HOST, lan.port);
    const post = (body: unknown) => request({ port: lan.port, method: 'POST', path: '/pair', body, agent: pinnedAgent(fp) });

    // unknown code id
    expect(errorCode((await pair('ZZZZ-AAAA-BBBB')).body)).toBe('pair_code_invalid');
    // a body that does not fit the protocol
    const bad = await post({ v: 2, codeId: 'AB', proof: 'x' });
    expect(bad.status).toBe(400);
    expect(errorCode(bad.body)).toBe('invalid_input');
    expect(errorCode((await post('{not json')).body)).toBe('invalid_input');

    // the right id with a wrong secret: the proof does not verify
    const code = await newCode('Máy kiểm tra', 'workstation');
    const [id] = code.split('-');
    const wrong = await pair(`${id}-0000-0000`);
    expect(wrong.status).toBe(400);
    expect(errorCode(wrong.body)).toBe('pair_proof_invalid');
    // still usable after one wrong proof
    const ok = await pair(code);
    expect(ok.status).toBe(200);
    // used once: refused after
    const reused = await pair(code);
    expect(reused.status).toBe(400);
    expect(errorCode(reused.body)).toBe('pair_code_used');
    expect((reused.body as { error: { message: string } }).error.message).toMatch(/một lần/);

    // expired (the station's clock moves past 10 minutes)
    const late = await newCode('Máy muộn', 'wall');
    clock.advance(10 * 60_000 + 1);
    expect(errorCode((await pair(late)).body)).toBe('pair_code_expired');

    // five wrong proofs burn the code: the right one is refused afterwards
    const burnt = await newCode('Máy bị dò', 'workstation');
    const [bid] = burnt.split('-');
    for (let i = 0; i < 5; i++) expect(errorCode((await pair(`${bid}-1111-111${i}`)).body)).toBe('pair_proof_invalid');
    expect(errorCode((await pair(burnt)).body)).toBe('pair_code_used');
    // the pairing codes' secrets are not kept once used or burnt
    const secrets = core.db.prepare(`SELECT secret FROM pairing_codes WHERE used_at IS NOT NULL`).pluck().all();
    expect(secrets.every((s) => s === '')).toBe(true);
  });

  it('a client that sees another certificate (a machine in the middle) gets pair_proof_invalid from the station', async () => {
    // a TLS-terminating proxy on 127.0.0.3 with its own certificate, forwarding to the station
    const mitmMade = await createStationTls(['127.0.0.3']);
    const proxy = tls.createServer({ key: mitmMade.key, cert: mitmMade.cert }, (inbound) => {
      const outbound = tls.connect({ host: HOST, port: lan.port, rejectUnauthorized: false });
      inbound.pipe(outbound).pipe(inbound);
      const end = () => (inbound.destroy(), outbound.destroy());
      inbound.once('error', end);
      outbound.once('error', end);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.3', () => r()));
    const proxyPort = (proxy.address() as net.AddressInfo).port;
    try {
      const code = await newCode('Máy bị chặn', 'workstation');
      const seen = await observe('127.0.0.3', proxyPort);
      expect(seen).not.toBe(material.fingerprint);
      expect(seen).toBe(checkTls(mitmMade.key, mitmMade.cert).fingerprint);
      // the victim believes it talks to the station (the attacker answers for its address)
      const r = await pair(code, { host: '127.0.0.3', port: proxyPort, fingerprintSeen: seen, hostHeader: `${HOST}:${lan.port}` });
      expect(r.status).toBe(400);
      expect(errorCode(r.body)).toBe('pair_proof_invalid');
      // a client pinned to the station's fingerprint refuses the proxy before sending anything
      await expect(request({ host: '127.0.0.3', port: proxyPort, method: 'GET', path: '/', agent: pinnedAgent(material.fingerprint) })).rejects.toMatchObject({ code: 'station_cert_mismatch' });
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });

  it('refuses plain HTTP beyond loopback: startBrowserServer will not listen, and the LAN port speaks only TLS', async () => {
    await expect(startBrowserServer({ dispatcher: core.dispatcher, staticDir: path.join(t.dir, 'web'), host: '0.0.0.0' })).rejects.toSatisfy((e: unknown) => {
      const data = (e as { toData?: () => unknown }).toData?.();
      return isAppErrorData(data) && data.code === 'lan_tls_required';
    });
    await expect(startBrowserServer({ dispatcher: core.dispatcher, staticDir: path.join(t.dir, 'web'), host: '10.200.0.1' })).rejects.toMatchObject({ code: 'lan_tls_required' });
    // a plain-HTTP request to the LAN listener gets no HTTP answer
    const plain = await new Promise<string>((resolve) => {
      const req = http.get({ host: HOST, port: lan.port, path: '/' }, (res) => resolve(`status ${res.statusCode}`));
      req.once('error', () => resolve('refused'));
      req.setTimeout(3000, () => req.destroy());
    });
    expect(plain).toBe('refused');
  });

  it('refuses missing and unknown credentials with 401 (journaled once per address and reason per minute)', async () => {
    const before = refusedEvents().length;
    const agent = pinnedAgent(material.fingerprint);
    for (let i = 0; i < 5; i++) {
      const r = await request({ port: lan.port, method: 'GET', path: '/exports/0192f0c8-0000-7000-8000-000000000001', headers: { authorization: `Device 0192f0c8-0000-7000-8000-000000000001.${'A'.repeat(43)}` }, agent });
      expect(r.status).toBe(401);
      expect(errorCode(r.body)).toBe('device_unknown');
    }
    await expect(openSocket('not-a-credential')).rejects.toMatchObject({ status: 401, body: { error: { code: 'device_unknown' } } });
    const noHeader = await request({ port: lan.port, method: 'GET', path: `/attachments/${'b'.repeat(64)}`, agent });
    expect(noHeader.status).toBe(401);
    const added = refusedEvents().slice(before);
    expect(added.filter((e) => e.reason === 'device_unknown')).toHaveLength(1);
    expect(added.filter((e) => e.reason === 'no credential')).toHaveLength(1);
    // the static renderer stays public; the launch token is not handed out on the LAN
    expect((await request({ port: lan.port, method: 'GET', path: '/', agent })).status).toBe(200);
    expect((await request({ port: lan.port, method: 'POST', path: '/launch', agent })).status).toBe(404);
  });

  it('a wall device is refused the logbook channels (device_role_forbidden); a workstation is allowed', async () => {
    const wall = await pairedDevice('Màn hình tường 1', 'wall');
    const ws = await pairedDevice('Máy trạm 2', 'workstation');
    const w = await openSocket(wall.credential);
    const s = await openSocket(ws.credential);
    for (const x of [w, s]) expect((await x.call('auth:login', { login: 'officer', password: PASSWORD })).ok).toBe(true);
    for (const [channel, input] of [
      ['logbook:add', { kind: 'note', text: 'Không được ghi từ màn hình tường' }],
      ['logbook:list', { limit: 5 }],
      ['incidents:list', {}],
      ['users:list', {}],
    ] as const) {
      const r = await w.call(channel, input);
      expect(r.error?.code, channel).toBe('device_role_forbidden');
    }
    // what a wall does need
    expect((await w.call('walls:presets')).ok).toBe(true);
    expect((await w.call('cameras:tree', {})).ok).toBe(true);
    expect((await w.call('push:subscribe', { topics: ['camera.health', 'walls', 'time'] })).ok).toBe(true);
    expect((await w.call('push:subscribe', { topics: ['journal'] })).error?.code).toBe('device_role_forbidden');
    // the workstation may
    expect((await s.call('logbook:add', { kind: 'note', text: 'Ghi từ máy trạm' })).ok).toBe(true);
    expect((await s.call('logbook:list', { limit: 5 })).ok).toBe(true);
    expect((await s.call('push:subscribe', { topics: ['journal'] })).ok).toBe(true);
    w.ws.close();
    s.ws.close();
  });

  it('sessions are per device: a session key signed in through device A is not signed in through device B', async () => {
    const a = await pairedDevice('Máy A', 'workstation');
    const b = await pairedDevice('Máy B', 'workstation');
    const key = 'sharedsessionkey00000000';
    const sa = await openSocket(a.credential, { session: key });
    expect((await sa.call('auth:login', { login: 'lead', password: PASSWORD })).ok).toBe(true);
    expect((await sa.call('logbook:list', { limit: 1 })).ok).toBe(true);
    const sb = await openSocket(b.credential, { session: key });
    const st = await sb.call('app:status');
    expect((st.value as { session: unknown; device: { id: string } }).session).toBeNull();
    expect((st.value as { device: { id: string } }).device.id).toBe(b.deviceId);
    expect((await sb.call('logbook:list', { limit: 1 })).error?.code).toBe('not_authenticated');
    // a second socket of device A with the key shares A's session
    const sa2 = await openSocket(a.credential, { session: key });
    expect((await sa2.call('logbook:list', { limit: 1 })).ok).toBe(true);
    for (const x of [sa, sb, sa2]) x.ws.close();
  });

  it('per-device limits: sockets per device, and a flooding device is rate-limited while another device still succeeds', async () => {
    const flood = await pairedDevice('Máy gửi dồn', 'workstation');
    const calm = await pairedDevice('Máy bình thường', 'workstation');
    const socks = [await openSocket(flood.credential), await openSocket(flood.credential), await openSocket(flood.credential)];
    await expect(openSocket(flood.credential)).rejects.toMatchObject({ status: 503 });
    const other = await openSocket(calm.credential);

    // the flooder fires 60 calls at once (bucket: 10 saved, 5/s); the other device calls meanwhile
    const flooding = Promise.all(Array.from({ length: 60 }, () => socks[0]!.call('app:status')));
    const calmReplies = await Promise.all(Array.from({ length: 8 }, () => other.call('app:status')));
    const floodReplies = await flooding;
    expect(calmReplies.every((r) => r.ok)).toBe(true);
    const limited = floodReplies.filter((r) => r.error?.code === 'rate_limited').length;
    expect(limited).toBeGreaterThanOrEqual(45);
    // the saved-up calls pass (those beyond the socket's calls in flight are `busy`, as on loopback)
    expect(floodReplies.filter((r) => r.ok).length).toBeGreaterThanOrEqual(5);
    expect(floodReplies.every((r) => r.ok || r.error?.code === 'rate_limited' || r.error?.code === 'busy')).toBe(true);
    // the flooder's other sockets share its bucket; the calm device's does not
    expect((await socks[1]!.call('app:status')).error?.code).toBe('rate_limited');
    expect((await other.call('app:status')).ok).toBe(true);
    for (const x of [...socks, other]) x.ws.close();
  });

  it('limits sign-in attempts per device (beyond the per-login limits), not per address', async () => {
    const a = await pairedDevice('Máy dò mật khẩu', 'workstation');
    const b = await pairedDevice('Máy bên cạnh', 'workstation');
    const sa = await openSocket(a.credential);
    const sb = await openSocket(b.credential);
    const logins = ['x1', 'x2', 'x3', 'x4'];
    for (const login of logins) expect((await sa.call('auth:login', { login, password: 'sai-mat-khau' })).error?.code).toBe('bad_credentials');
    // the fifth attempt from this device is refused before any password is checked, even for a real account
    expect((await sa.call('auth:login', { login: 'officer', password: PASSWORD })).error?.code).toBe('rate_limited');
    // the other device (same address) signs in
    expect((await sb.call('auth:login', { login: 'officer', password: PASSWORD })).ok).toBe(true);
    sa.ws.close();
    sb.ws.close();
  });

  it('a /video socket rides on the session of its own device only', async () => {
    const a = await pairedDevice('Máy xem A', 'workstation');
    const b = await pairedDevice('Máy xem B', 'workstation');
    const key = 'videosessionkey000000000';
    const sa = await openSocket(a.credential, { session: key });
    expect((await sa.call('auth:login', { login: 'officer', password: PASSWORD })).ok).toBe(true);
    const viaB = await videoThrough(b.credential, key);
    expect(viaB.message).toMatchObject({ type: 'error', code: 'not_authenticated' });
    // through A the session is signed in: the camera (not registered) is what fails
    const viaA = await videoThrough(a.credential, key);
    expect((viaA.message as { code?: string }).code).not.toBe('not_authenticated');
    sa.ws.close();
  });

  it('an export URL minted by the loopback server is valid on a LAN listener given the same export key (with a device credential)', async () => {
    const key = 'shared-export-key-0123456789abcdefghijklmnop';
    const loop = await startBrowserServer({ dispatcher: core.dispatcher, staticDir: path.join(t.dir, 'web'), exports: { file: () => null }, exportKey: key });
    const other = await startBrowserServer({ dispatcher: core.dispatcher, staticDir: path.join(t.dir, 'web'), exports: { file: () => null } });
    const lan2 = await startLanServer(core, { host: '127.0.0.5', tls: material, staticDir: path.join(t.dir, 'web'), log: () => {}, exportKey: key, limits: { pairPerAddressPerMinute: 1000 } });
    try {
      const r = await pair(await newCode('Máy tải tệp', 'workstation'), { host: '127.0.0.5', port: lan2.port });
      const cred = r.paired!.credential;
      const jobId = '0192f0c8-0000-7000-8000-0000000000aa';
      const pathOf = (u: string) => new URL(u).pathname + new URL(u).search;
      const get = (p: string, auth = true) =>
        request({ host: '127.0.0.5', port: lan2.port, method: 'GET', path: p, agent: pinnedAgent(material.fingerprint), headers: auth ? { authorization: `Device ${cred}` } : {} });
      // the capability is accepted (the job has no file: 404), one from another key is not (403)
      expect((await get(pathOf(loop.exportUrl(jobId)))).status).toBe(404);
      expect((await get(pathOf(other.exportUrl(jobId)))).status).toBe(403);
      // and a valid capability without a device credential is refused before it is even read
      expect((await get(pathOf(loop.exportUrl(jobId)), false)).status).toBe(401);
    } finally {
      await lan2.close();
      await loop.close();
      await other.close();
    }
  });

  it('keeps a paired device’s silent socket open (its credential authenticates it; a wall may wait for an officer)', async () => {
    const wall = await pairedDevice('Tường chờ', 'wall');
    const w = await openSocket(wall.credential);
    let closed = false;
    void w.closed.then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 700)); // more than twice the idle limit given to this listener
    expect(closed).toBe(false);
    expect((await w.call('app:status')).ok).toBe(true);
    w.ws.close();
  });

  it('limits POST /pair to 10 requests per address per minute (429 rate_limited), and refuses a body over 4 KiB', async () => {
    const lan3 = await startLanServer(core, { host: '127.0.0.6', tls: material, staticDir: path.join(t.dir, 'web'), log: () => {} });
    try {
      const agent = pinnedAgent(material.fingerprint);
      const post = (body: unknown) => request({ host: '127.0.0.6', port: lan3.port, method: 'POST', path: '/pair', body, agent });
      expect((await post('x'.repeat(5000))).status).toBe(413);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await post({ v: 1, codeId: 'ZZZZ', proof: 'a'.repeat(64) })).status);
      expect(statuses.slice(0, 9).every((x) => x === 400)).toBe(true);
      const last = await post({ v: 1, codeId: 'ZZZZ', proof: 'a'.repeat(64) });
      expect(statuses[9]).toBe(429);
      expect(last.status).toBe(429);
      expect(errorCode(last.body)).toBe('rate_limited');
    } finally {
      await lan3.close();
    }
  });
});

describe("the station's certificate", () => {
  it('is valid DER every time: a positive serial with no redundant leading zero, so every parser reads it', async () => {
    // 1 in ~500 serials once began with a zero byte, which X.509 parsers refuse (non-minimal INTEGER)
    for (let i = 0; i < 200; i++) {
      const m = await createStationTls(['127.0.0.9']);
      const serial = new X509Certificate(m.cert).serialNumber;
      const first = parseInt(serial.slice(0, 2), 16);
      expect(serial).toHaveLength(32);
      expect(first >= 0x40 && first <= 0x7f, serial).toBe(true);
      expect(() => checkTls(m.key, m.cert)).not.toThrow();
    }
  });
});
