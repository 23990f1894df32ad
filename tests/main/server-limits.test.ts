/**
 * The loopback server's limits (docs/security.md, “Sockets”): the largest message, sockets
 * per client address and in all, idle sockets without a session, calls and bytes in flight,
 * and a client that does not read its replies. Real sockets on 127.0.0.1, port 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import type { Core } from '../../src-main/app/core';
import type { CallContext, Dispatcher } from '../../src-main/api/types';
import { startBrowserServer, WS_CLOSE_IDLE, WS_CLOSE_NOT_READING } from '../../src-main/server/browser';
import type { BrowserServer, BrowserServerOptions } from '../../src-main/server/browser';
import type { Reply as ContractReply } from '../../src-shared/contract';
import { MAX_ATTACHMENT_BASE64, MAX_RPC_MESSAGE_BYTES } from '../../src-shared/limits';
import { PASSWORD, stationCore, tmpDir } from '../helpers';
import { call, nextReply } from './serve-child';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let web: string;
const servers: BrowserServer[] = [];

beforeAll(async () => {
  t = tmpDir();
  core = await stationCore(path.join(t.dir, 'l.sqlite'));
  web = path.join(t.dir, 'web');
  fs.mkdirSync(web);
});
afterAll(async () => {
  for (const s of servers) await s.close();
  core.close();
  t.cleanup();
});

async function serve(o: Partial<BrowserServerOptions> = {}): Promise<BrowserServer> {
  const s = await startBrowserServer({ dispatcher: core.dispatcher, attachments: core.attachments, staticDir: web, ...o });
  servers.push(s);
  return s;
}

function open(s: BrowserServer, o: { query?: string; localAddress?: string } = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/ws${o.query ?? ''}`, ['trucban.v1', `token.${s.token}`], {
      ...(o.localAddress ? { localAddress: o.localAddress } : {}),
      maxPayload: 256 * 1024 * 1024,
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

const closed = (ws: WebSocket) => new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: reason.toString() })));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A dispatcher whose calls wait until released (to hold calls in flight). */
function heldDispatcher(value: unknown = 'ok') {
  const waiting: Array<() => void> = [];
  const d: Dispatcher = {
    call: (_c: string, _i: unknown, _x: CallContext) => new Promise<ContractReply<unknown>>((resolve) => waiting.push(() => resolve({ ok: true, value }))),
    endSession: () => {},
  };
  return { d, release: () => waiting.splice(0).forEach((f) => f()), waiting };
}

describe('the largest message', () => {
  it('accepts the largest attachment the contract allows, refuses one character more, and closes a socket sending more than the limit (1009)', async () => {
    const s = await serve();
    const ws = await open(s, { query: '?session=limits-session-key-0001' });
    expect((await call(ws, 'auth:login', { login: 'officer', password: PASSWORD })).reply.ok).toBe(true);
    // 6 MiB: a PNG signature (attachments are checked against their declared type), then zeros
    const bytes = Buffer.alloc((MAX_ATTACHMENT_BASE64 / 4) * 3);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
    const base64 = bytes.toString('base64');
    const name = 'Bản chụp văn bản phê duyệt — ' + 'đ'.repeat(200);
    const ok = await call(ws, 'attachments:put', { name, mime: 'image/png', base64 });
    expect(ok.reply).toMatchObject({ ok: true, value: { size: (MAX_ATTACHMENT_BASE64 / 4) * 3 } });
    const tooBig = await call(ws, 'attachments:put', { name, mime: 'image/png', base64: base64 + 'AAAA' });
    expect(tooBig.reply).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'base64' } });
    const end = closed(ws);
    ws.send('x'.repeat(MAX_RPC_MESSAGE_BYTES + 1));
    expect((await end).code).toBe(1009);
    const again = await open(s);
    expect((await call(again, 'app:status', {})).reply.ok).toBe(true);
    again.close();
  });
});

describe('sockets per client address and in all', () => {
  it('refuses sockets beyond the per-address and total limits with 503, and frees a slot on close', async () => {
    const s = await serve({ limits: { maxSocketsPerAddress: 3, maxSockets: 4 } });
    const a = await Promise.all([open(s), open(s), open(s)]);
    await expect(open(s)).rejects.toThrow(/503/);
    const b = await open(s, { localAddress: '127.0.0.2' }); // another client address: the total still has room
    await expect(open(s, { localAddress: '127.0.0.2' })).rejects.toThrow(/503/); // total reached
    const end = closed(a[0]!);
    a[0]!.close();
    await end;
    await sleep(50);
    const c = await open(s);
    expect((await call(c, 'app:status', {})).reply.ok).toBe(true);
    for (const w of [...a, b, c]) w.terminate();
  });
});

describe('idle sockets', () => {
  it('closes a socket that sends nothing and has no signed-in session; keeps one that talks or is signed in', async () => {
    const key = 'idle-signed-in-key-0001';
    const first = await open(await serve(), { query: `?session=${key}` });
    // sign the session in through the dispatcher the servers share
    expect((await call(first, 'auth:login', { login: 'officer', password: PASSWORD })).reply.ok).toBe(true);
    first.close();
    const s = await serve({ limits: { idleUnauthenticatedMs: 300 } });
    const silent = await open(s);
    const talker = await open(s);
    const signedIn = await open(s, { query: `?session=${key}` });
    const silentClosed = closed(silent);
    expect((await call(talker, 'app:status', {})).reply.ok).toBe(true);
    const c = await silentClosed;
    expect(c.code).toBe(WS_CLOSE_IDLE);
    expect(c.reason).toMatch(/idle/);
    await sleep(400);
    expect(talker.readyState).toBe(WebSocket.OPEN);
    expect(signedIn.readyState).toBe(WebSocket.OPEN);
    talker.close();
    signedIn.close();
  });
});

describe('calls and bytes in flight', () => {
  it('answers busy past the calls in flight of one socket, and serves again once they are answered', async () => {
    const h = heldDispatcher();
    const s = await serve({ dispatcher: h.d, limits: { maxInFlightPerSocket: 2 } });
    const ws = await open(s);
    const replies: Array<{ id: unknown; reply: { ok: boolean; error?: { code: string } } }> = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
    for (let id = 1; id <= 5; id++) ws.send(JSON.stringify({ id, channel: 'app:status', input: {} }));
    await expect.poll(() => replies.length).toBe(3);
    expect(replies.map((r) => r.reply.error?.code)).toEqual(['busy', 'busy', 'busy']);
    expect(replies.map((r) => r.id)).toEqual([3, 4, 5]);
    h.release();
    await expect.poll(() => replies.length).toBe(5);
    expect(replies.slice(3).map((r) => [r.id, r.reply.ok])).toEqual([
      [1, true],
      [2, true],
    ]);
    ws.send(JSON.stringify({ id: 6, channel: 'app:status', input: {} }));
    await expect.poll(() => h.waiting.length).toBe(1);
    h.release();
    await expect.poll(() => replies.length).toBe(6);
    expect(replies[5]).toMatchObject({ id: 6, reply: { ok: true } });
    ws.close();
  });

  it('bounds the bytes in flight over all sockets (many large messages in parallel)', async () => {
    const h = heldDispatcher();
    const s = await serve({ dispatcher: h.d, limits: { maxInFlightBytes: 3 * 1024 * 1024, maxInFlightPerSocket: 8 } });
    const sockets = await Promise.all([open(s), open(s), open(s), open(s)]);
    const big = (id: number) => JSON.stringify({ id, channel: 'attachments:put', input: { name: 'a.png', mime: 'image/png', base64: 'A'.repeat(1024 * 1024) } });
    const codes: string[] = [];
    for (const ws of sockets) ws.on('message', (d) => codes.push((JSON.parse(d.toString()) as { reply: { ok: boolean; error?: { code: string } } }).reply.error?.code ?? 'ok'));
    let id = 0;
    for (const ws of sockets) for (let i = 0; i < 3; i++) ws.send(big(++id));
    // 12 messages of 1 MiB: 2 fit in 3 MiB (the third would pass it), the other 10 are answered busy at once
    await expect.poll(() => codes.length).toBe(10);
    expect(codes.every((c) => c === 'busy')).toBe(true);
    expect(h.waiting.length).toBe(2);
    h.release();
    await expect.poll(() => codes.length).toBe(12);
    for (const ws of sockets) ws.close();
  });

  it('closes a socket that does not read its replies once Node holds too much for it', async () => {
    const h = heldDispatcher('x'.repeat(4 * 1024 * 1024));
    const s = await serve({ dispatcher: h.d, limits: { maxBufferedBytes: 1024 * 1024, maxInFlightPerSocket: 64 } });
    const ws = await open(s);
    const end = closed(ws);
    (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause(); // stop reading
    for (let id = 1; id <= 8; id++) ws.send(JSON.stringify({ id, channel: 'app:status', input: {} }));
    await expect.poll(() => h.waiting.length).toBe(8);
    h.release();
    await sleep(300);
    ws.send(JSON.stringify({ id: 9, channel: 'app:status', input: {} }));
    await sleep(300);
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await end).code).toBe(WS_CLOSE_NOT_READING);
    // the server carries on for everyone else
    const other = await open(s);
    const p = nextReply(other);
    other.send(JSON.stringify({ id: 1, channel: 'app:status', input: {} }));
    h.release();
    await expect.poll(() => h.waiting.length).toBe(1);
    h.release();
    expect((await p).reply.ok).toBe(true);
    other.close();
  });
});
