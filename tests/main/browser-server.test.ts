import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import type { Core } from '../../src-main/app/core';
import { LAUNCH_CODE_SECONDS, startBrowserServer } from '../../src-main/server/browser';
import { attachmentCapability, capabilityExpiry, CAPABILITY_MAX_SECONDS } from '../../src-shared/capability';
import type { BrowserServer } from '../../src-main/server/browser';
import { PASSWORD, stationCore, tmpDir } from '../helpers';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let srv: BrowserServer;

beforeAll(async () => {
  t = tmpDir();
  core = await stationCore(path.join(t.dir, 'b.sqlite'));
  const web = path.join(t.dir, 'web');
  fs.mkdirSync(web);
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Trực ban</title>');
  fs.writeFileSync(path.join(t.dir, 'secret.txt'), 'secret');
  srv = await startBrowserServer({ dispatcher: core.dispatcher, attachments: core.attachments, staticDir: web });
});
afterAll(async () => {
  await srv.close();
  core.close();
  t.cleanup();
});

function get(p: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: srv.port, path: p, headers }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

function connect(protocols: string[], headers: Record<string, string> = {}, query = ''): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/ws${query}`, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function rpc(ws: WebSocket, channel: string, input: unknown, id = Math.random()): Promise<{ id: unknown; reply: { ok: boolean; value?: unknown; error?: { code: string } } }> {
  return new Promise((resolve) => {
    const on = (data: WebSocket.RawData) => {
      const m = JSON.parse(data.toString());
      if (m.id === id || m.id === null) {
        ws.off('message', on);
        resolve(m);
      }
    };
    ws.on('message', on);
    ws.send(JSON.stringify({ id, channel, input }));
  });
}

describe('browser-mode server', () => {
  it('listens on loopback only by default and serves the renderer with a CSP', async () => {
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('Trực ban');
    expect(r.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(srv.launchUrl).toContain(`#token=${srv.token}`);
  });

  it('refuses path traversal and foreign Host headers (DNS rebinding)', async () => {
    expect((await get('/../secret.txt')).body).not.toContain('secret');
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('/', { host: 'evil.example:80' })).status).toBe(421);
  });

  it('refuses a socket without the token, with a wrong token, or from a foreign origin', async () => {
    await expect(connect(['trucban.v1'])).rejects.toThrow(/403/);
    await expect(connect(['trucban.v1', 'token.wrong'])).rejects.toThrow(/403/);
    await expect(connect(['trucban.v1', `token.${srv.token}`], { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(connect(['trucban.v1', `token.${srv.token}`], { origin: 'null' })).rejects.toThrow(/403/);
  });

  it('answers calls over the socket with the same dispatcher, and survives malformed messages', async () => {
    const ws = await connect(['trucban.v1', `token.${srv.token}`], { origin: srv.url });
    ws.send('{not json');
    const bad = await new Promise<{ reply: { error: { code: string } } }>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
    expect(bad.reply.error.code).toBe('invalid_input');
    expect((await rpc(ws, 'logbook:list', {})).reply).toMatchObject({ ok: false, error: { code: 'not_authenticated' } });
    expect((await rpc(ws, 'auth:login', { login: 'officer', password: PASSWORD })).reply).toMatchObject({ ok: true });
    const add = await rpc(ws, 'logbook:add', { kind: 'note', text: 'Ghi qua WebSocket' }, 7);
    expect(add).toMatchObject({ id: 7, reply: { ok: true, value: { text: 'Ghi qua WebSocket', author: 'officer' } } });
    expect((await rpc(ws, 'nope:nope', {})).reply).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    ws.close();
  });

  it('keeps a session across reconnects when the client presents its session key', async () => {
    const key = 'k'.repeat(24);
    const a = await connect(['trucban.v1', `token.${srv.token}`], {}, `?session=${key}`);
    await rpc(a, 'auth:login', { login: 'room', password: PASSWORD });
    a.close();
    const b = await connect(['trucban.v1', `token.${srv.token}`], {}, `?session=${key}`);
    expect((await rpc(b, 'app:status', {})).reply).toMatchObject({ ok: true, value: { session: { user: { login: 'room' } } } });
    b.close();
  });

  it('serves attachments with a short-lived per-file capability or the token in a header, never ?token=', async () => {
    const ref = core.attachments.put(Buffer.from('%PDF-1.4 test'), 'a.pdf', 'application/pdf');
    const other = core.attachments.put(Buffer.from('%PDF-1.4 other'), 'b.pdf', 'application/pdf');
    const now = Math.floor(Date.now() / 1000);
    const exp = capabilityExpiry(Date.now());
    expect((await get(`/attachments/${ref.sha256}`)).status).toBe(403);
    // the token in the query is no longer a key
    expect((await get(`/attachments/${ref.sha256}?token=${srv.token}`)).status).toBe(403);
    const ok = await get(`/attachments/${ref.sha256}?cap=${attachmentCapability(srv.token, ref.sha256, exp)}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/pdf');
    expect(ok.body).toBe('%PDF-1.4 test');
    // one file's capability opens no other file
    expect((await get(`/attachments/${other.sha256}?cap=${attachmentCapability(srv.token, ref.sha256, exp)}`)).status).toBe(403);
    // expired, or claiming to live longer than allowed, or minted with another key
    expect((await get(`/attachments/${ref.sha256}?cap=${attachmentCapability(srv.token, ref.sha256, now - 1)}`)).status).toBe(403);
    expect((await get(`/attachments/${ref.sha256}?cap=${attachmentCapability(srv.token, ref.sha256, now + CAPABILITY_MAX_SECONDS + 60)}`)).status).toBe(403);
    expect((await get(`/attachments/${ref.sha256}?cap=${attachmentCapability('x' + srv.token, ref.sha256, exp)}`)).status).toBe(403);
    expect((await get(`/attachments/${ref.sha256}?cap=garbage`)).status).toBe(403);
    // fetch() with the token in a header
    expect((await get(`/attachments/${ref.sha256}`, { 'x-trucban-token': srv.token })).status).toBe(200);
    expect((await get(`/attachments/${ref.sha256}`, { 'x-trucban-token': 'wrong' })).status).toBe(403);
  });
});

describe('origins and sub-protocols are compared exactly', () => {
  it('refuses an Origin with another port or scheme, and accepts our own exactly', async () => {
    const p = srv.port;
    for (const origin of [`http://127.0.0.1:${p + 1}`, `https://127.0.0.1:${p}`, `http://127.0.0.1`, `http://127.0.0.1:${p}.evil.example`, `http://localhost:${p + 1}`, `ws://127.0.0.1:${p}`, 'app://trucban']) {
      await expect(connect(['trucban.v1', `token.${srv.token}`], { origin }), origin).rejects.toThrow(/403/);
    }
    for (const origin of [`http://127.0.0.1:${p}`, `http://localhost:${p}`]) {
      const ws = await connect(['trucban.v1', `token.${srv.token}`], { origin });
      ws.close();
    }
  });

  it('refuses a Host header with another port', async () => {
    expect((await get('/', { host: `127.0.0.1:${srv.port + 1}` })).status).toBe(421);
    expect((await get('/', { host: `localhost:${srv.port}` })).status).toBe(200);
  });

  it('refuses /ws without the trucban.v1 sub-protocol, even with the token', async () => {
    await expect(connect([`token.${srv.token}`])).rejects.toThrow(/400/);
    await expect(connect(['trucban.video.v1', `token.${srv.token}`])).rejects.toThrow(/400/);
    const ws = await connect(['trucban.v1', `token.${srv.token}`]);
    expect(ws.protocol).toBe('trucban.v1');
    ws.close();
  });

  it('accepts an extra origin only when configured (Electron windows: app://trucban)', async () => {
    const s2 = await startBrowserServer({ dispatcher: core.dispatcher, staticDir: t.dir, allowOrigins: ['app://trucban'] });
    try {
      const ws = await new Promise<WebSocket>((resolve, reject) => {
        const w = new WebSocket(`ws://127.0.0.1:${s2.port}/ws`, ['trucban.v1', `token.${s2.token}`], { headers: { origin: 'app://trucban' } });
        w.once('open', () => resolve(w));
        w.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      });
      ws.close();
    } finally {
      await s2.close();
    }
  });
});

describe('the token is handed to a launched browser by a one-time code', () => {
  const post = (p: string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: srv.port, path: p, method: 'POST', headers }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('a launch URL carries a code, not the token; the code is redeemed once, from our origin, for the token', async () => {
    const launch = srv.appLaunchUrl();
    expect(launch).not.toContain(srv.token);
    const code = /#launch=([\w-]+)$/.exec(launch)![1]!;
    expect(srv.appLaunchUrl()).not.toBe(launch); // a fresh code each time
    expect((await post('/launch', { 'x-trucban-launch': code, origin: 'http://evil.example' })).status).toBe(403);
    // the refused attempt above spent the code (no guessing against a live code)
    expect((await post('/launch', { 'x-trucban-launch': code, origin: srv.url })).status).toBe(403);
    const code2 = /#launch=([\w-]+)$/.exec(srv.appLaunchUrl())![1]!;
    const r = await post('/launch', { 'x-trucban-launch': code2, origin: srv.url });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ token: srv.token });
    expect((await post('/launch', { 'x-trucban-launch': code2, origin: srv.url })).status).toBe(403); // once
    expect((await post('/launch', { origin: srv.url })).status).toBe(403);
  });

  it('a launch code expires after LAUNCH_CODE_SECONDS', async () => {
    let now = 1_000_000;
    const s2 = await startBrowserServer({ dispatcher: core.dispatcher, staticDir: t.dir, now: () => now });
    try {
      const code = /#launch=([\w-]+)$/.exec(s2.appLaunchUrl())![1]!;
      now += LAUNCH_CODE_SECONDS + 1;
      const r = await new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: s2.port, path: '/launch', method: 'POST', headers: { 'x-trucban-launch': code, origin: s2.url } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(r).toBe(403);
    } finally {
      await s2.close();
    }
  });
});
