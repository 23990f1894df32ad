// A SMALL test-only stand-in for the station's LAN listener, implementing exactly the LAN
// protocol's `/pair` and `Authorization: Device` checks (docs/architecture.md, "Clients of a
// station") in front of a real core: a real `https` server with a real self-signed P-256
// certificate (made with openssl), the real envelope parser and reply frames, the real
// dispatcher and push hub. In memory, plus `devices.json` in its folder so a restarted
// stand-in (the kill tests) still knows its paired devices. Once the station's own listener
// exists the client tests point at it instead; keep this surface tiny.
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual, X509Certificate } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Core } from '../../src-main/app/core';
import { parseMessage, pushEnvelope, replyFrame } from '../../src-main/server/envelope';
import type { DeviceInfo, DeviceRole } from '../../src-shared/domain/devices';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const randomCode = () => Array.from(randomBytes(12), (b) => ALPHABET[b % 32]).join('');

/** A self-signed ECDSA P-256 certificate for 127.0.0.1/localhost in `dir` (kept if already there). */
export function ensureTestCert(dir: string): { key: string; cert: string; fingerprint: string } {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  if (!fs.existsSync(certFile)) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile,
      '-days', '2', '-subj', '/CN=trucban-test-station', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ], { stdio: 'ignore' });
  }
  const cert = fs.readFileSync(certFile, 'utf8');
  return { key: fs.readFileSync(keyFile, 'utf8'), cert, fingerprint: new X509Certificate(cert).fingerprint256 };
}

interface Code {
  secret: string;
  name: string;
  role: DeviceRole;
  expiresAt: number;
  attempts: number;
  usedAt: number | null;
}
interface Device extends DeviceInfo {
  hash: string;
  revoked: boolean;
}

export interface LanStation {
  url: string;
  port: number;
  fingerprint: string;
  /** A pairing code as `devices:pair` answers it (valid 10 minutes, single use). */
  pairCode(name: string, role: DeviceRole, opts?: { expiresAt?: number }): string;
  revoke(deviceId: string): void;
  /** Upgraded /ws sockets currently open. */
  sockets(): number;
  /** Stops reading every open /ws socket (no pong, no reply): a station that hangs. */
  freeze(): void;
  close(): Promise<void>;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string, msg: string) => createHmac('sha256', key).update(msg).digest('hex');
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function startLanStation(core: Core, o: { dir: string; port?: number; host?: string }): Promise<LanStation> {
  const tlsMat = ensureTestCert(o.dir);
  const devicesFile = path.join(o.dir, 'devices.json');
  const devices = new Map<string, Device>(fs.existsSync(devicesFile) ? (JSON.parse(fs.readFileSync(devicesFile, 'utf8')) as Device[]).map((d) => [d.id, d]) : []);
  const saveDevices = () => fs.writeFileSync(devicesFile, JSON.stringify([...devices.values()]));
  const codes = new Map<string, Code>();
  const station = core.station.get()!;

  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  const fail = (res: ServerResponse, status: number, code: string) => json(res, status, { ok: false, error: { code, message: code, messageEn: code } });

  /** The device of `Authorization: Device <credential>`, or the refusal's code. */
  const authenticate = (req: IncomingMessage): Device | 'device_unknown' | 'device_revoked' => {
    const m = /^Device ([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(req.headers.authorization ?? '');
    const d = m ? devices.get(m[1]!) : undefined;
    if (!m || !d || !same(d.hash, sha(`${m[1]}.${m[2]}`))) return 'device_unknown';
    return d.revoked ? 'device_revoked' : d;
  };

  const server = https.createServer({ key: tlsMat.key, cert: tlsMat.cert }, (req, res) => {
    if (req.method !== 'POST' || req.url !== '/pair') return fail(res, 404, 'not_found');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 4096) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      let body: { v?: unknown; codeId?: unknown; proof?: unknown; deviceName?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        return fail(res, 400, 'invalid_input');
      }
      if (body?.v !== 1 || typeof body.codeId !== 'string' || typeof body.proof !== 'string' || !/^[0-9a-f]{64}$/.test(body.proof)) return fail(res, 400, 'invalid_input');
      const c = codes.get(body.codeId);
      if (!c) return fail(res, 400, 'pair_code_invalid');
      if (c.usedAt !== null) return fail(res, 400, 'pair_code_used');
      if (Date.now() > c.expiresAt) return fail(res, 400, 'pair_code_expired');
      if (!same(hmac(c.secret, `trucban-pair-v1|${tlsMat.fingerprint}`), body.proof)) {
        if (++c.attempts >= 5) c.usedAt = Date.now();
        return fail(res, 400, 'pair_proof_invalid');
      }
      c.usedAt = Date.now();
      const id = randomUUID();
      const credential = `${id}.${randomBytes(32).toString('base64url')}`;
      const name = typeof body.deviceName === 'string' && body.deviceName.length > 0 ? body.deviceName.slice(0, 200) : c.name;
      devices.set(id, { id, name, role: c.role, hash: sha(credential), revoked: false });
      saveDevices();
      json(res, 200, {
        v: 1, deviceId: id, credential, role: c.role, name,
        station: { code: station.code, name: station.name },
        fingerprint: tlsMat.fingerprint,
        confirm: hmac(c.secret, `trucban-pair-v1-station|${tlsMat.fingerprint}|${id}`),
      });
    });
  });

  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has('trucban.v1') ? 'trucban.v1' : false) });
  const byDevice = new Map<string, Set<WebSocket>>();
  const videoWss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has('trucban.video.v1') ? 'trucban.video.v1' : false) });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'https://x');
    const who = authenticate(req);
    if ((url.pathname !== '/ws' && url.pathname !== '/video') || typeof who === 'string') {
      const body = JSON.stringify({ ok: false, error: { code: typeof who === 'string' ? who : 'not_found', message: 'refused' } });
      socket.end(`HTTP/1.1 ${typeof who === 'string' ? 401 : 404} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    if (url.pathname === '/video') {
      // the relay is opaque, so the stand-in's /video only says what it was asked and echoes
      videoWss.handleUpgrade(req, socket, head, (ws) => {
        ws.send(JSON.stringify({ type: 'hello', device: who.id, camera: url.searchParams.get('camera'), stream: url.searchParams.get('stream'), session: url.searchParams.get('session') }));
        ws.on('message', (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
        if (url.searchParams.get('camera') === 'burst') {
          for (let i = 0; i < 200; i++) ws.send(Buffer.alloc(32 * 1024, i % 256), { binary: true });
        }
      });
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const device: DeviceInfo = { id: who.id, name: who.name, role: who.role };
      const key = url.searchParams.get('session');
      // sessions are per device: the same key through another device is another session
      const sessionId = key && /^[A-Za-z0-9_-]{16,64}$/.test(key) ? `dev:${who.id}:${key}` : `dev:${who.id}:${randomUUID()}`;
      let set = byDevice.get(who.id);
      if (!set) byDevice.set(who.id, (set = new Set()));
      set.add(ws);
      const detach = core.push.attach(sessionId, {
        send: (frame) => ws.readyState === ws.OPEN && ws.send(pushEnvelope(frame)),
        backlog: () => (ws.readyState === ws.OPEN ? ws.bufferedAmount : Number.POSITIVE_INFINITY),
      });
      ws.on('message', (raw, isBinary) => {
        const parsed = parseMessage(raw as Buffer, isBinary);
        if (!parsed.ok) return ws.send(replyFrame(parsed.id, { ok: false, error: parsed.error }));
        const { id, channel, input, requestId } = parsed.msg;
        void core.dispatcher
          .call(channel, input, { sessionId, transport: 'ws', device, ...(requestId !== undefined ? { requestId } : {}) })
          .then((reply) => ws.readyState === ws.OPEN && ws.send(replyFrame(id, reply)));
      });
      ws.on('close', () => {
        set!.delete(ws);
        detach();
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `https://${o.host ?? '127.0.0.1'}:${port}`,
    port,
    fingerprint: tlsMat.fingerprint,
    pairCode(name, role, opts) {
      const raw = randomCode();
      const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
      codes.set(raw.slice(0, 4), { secret: raw.slice(4), name, role, expiresAt: opts?.expiresAt ?? Date.now() + 10 * 60_000, attempts: 0, usedAt: null });
      return code;
    },
    revoke(deviceId) {
      const d = devices.get(deviceId);
      if (!d) return;
      d.revoked = true;
      saveDevices();
      for (const ws of byDevice.get(deviceId) ?? []) ws.close(4003, 'device revoked');
    },
    sockets: () => wss.clients.size,
    freeze() {
      for (const ws of wss.clients) (ws as unknown as { _socket: Duplex })._socket.pause();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of [...wss.clients, ...videoWss.clients]) c.terminate();
        wss.close();
        videoWss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
