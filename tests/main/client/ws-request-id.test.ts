// The /ws envelope carries a call's requestId to the dispatcher, and a resend's reply goes out
// as { id, reply, replayed: true } — through today's browser-mode server, over a real socket.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { WebSocket } from 'ws';
import type { Core } from '../../../src-main/app/core';
import { startBrowserServer } from '../../../src-main/server/browser';
import type { BrowserServer } from '../../../src-main/server/browser';
import { parseMessage } from '../../../src-main/server/envelope';
import { PASSWORD, stationCore, tmpDir } from '../../helpers';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let srv: BrowserServer;
beforeEach(async () => {
  t = tmpDir();
  core = await stationCore(path.join(t.dir, 's.sqlite'));
  srv = await startBrowserServer({ dispatcher: core.dispatcher, push: core.push, staticDir: t.dir });
});
afterEach(async () => {
  await srv.close();
  core.close();
  t.cleanup();
});

describe('/ws: requestId', () => {
  it('passes it to the dispatcher and marks the replayed answer', async () => {
    const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/ws?session=abcdefghijklmnop1234`, ['trucban.v1', `token.${srv.token}`]);
    await new Promise((r) => ws.once('open', r));
    const frames: unknown[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    const send = (m: unknown) => ws.send(JSON.stringify(m));
    send({ id: 1, channel: 'auth:login', input: { login: 'officer', password: PASSWORD } });
    // calls on one socket run concurrently: the write waits for the sign-in's answer
    for (let i = 0; i < 100 && frames.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const requestId = '0192f0c8-0000-7000-8000-0000000000bb';
    send({ id: 2, channel: 'logbook:add', input: { kind: 'work', text: 'một lần qua /ws' }, requestId });
    await new Promise((r) => setTimeout(r, 300));
    send({ id: 3, channel: 'logbook:add', input: { kind: 'work', text: 'một lần qua /ws' }, requestId });
    send({ id: 4, channel: 'logbook:add', input: { kind: 'work', text: 'x' }, requestId: 'không-phải-uuid' });
    await new Promise((r) => setTimeout(r, 300));
    ws.close();
    const byId = new Map(frames.map((f) => [(f as { id: number }).id, f as { reply: { ok: boolean; value?: unknown; error?: { code: string; field?: string } }; replayed?: boolean }]));
    expect(byId.get(2)?.reply).toMatchObject({ ok: true });
    expect(byId.get(2)?.replayed).toBeUndefined();
    expect(byId.get(3)).toEqual({ id: 3, reply: byId.get(2)!.reply, replayed: true });
    expect(byId.get(4)?.reply.error).toMatchObject({ code: 'invalid_input', field: 'requestId' });
    expect(core.db.prepare(`SELECT COUNT(*) FROM events WHERE payload LIKE '%một lần qua /ws%'`).pluck().get()).toBe(1);
  });

  it('the envelope refuses a requestId that is not a short string', () => {
    expect(parseMessage(Buffer.from(JSON.stringify({ id: 1, channel: 'x', requestId: 42 })), false)).toMatchObject({ ok: false, id: 1 });
    expect(parseMessage(Buffer.from(JSON.stringify({ id: 1, channel: 'x', requestId: 'a'.repeat(65) })), false)).toMatchObject({ ok: false });
    expect(parseMessage(Buffer.from(JSON.stringify({ id: 1, channel: 'x', requestId: 'r' })), false)).toMatchObject({ ok: true, msg: { requestId: 'r' } });
  });
});
