import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import type { Core } from '../../src-main/app/core';
import { startBrowserServer } from '../../src-main/server/browser';
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

  it('serves attachments only with the token', async () => {
    const ref = core.attachments.put(Buffer.from('%PDF-1.4 test'), 'a.pdf', 'application/pdf');
    expect((await get(`/attachments/${ref.sha256}`)).status).toBe(403);
    const ok = await get(`/attachments/${ref.sha256}?token=${srv.token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/pdf');
  });
});
