// Push over the loopback /ws socket: server-initiated `{ push }` envelopes, and a client that
// reconnects with the last seq it saw gets every change made while it was away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import type { Core } from '../../src-main/app/core';
import { startBrowserServer } from '../../src-main/server/browser';
import type { BrowserServer } from '../../src-main/server/browser';
import type { PushFrame } from '../../src-shared/contract/topics';
import { PASSWORD, stationCore, tmpDir } from '../helpers';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let srv: BrowserServer;

beforeAll(async () => {
  t = tmpDir();
  core = await stationCore(path.join(t.dir, 'p.sqlite'));
  fs.mkdirSync(path.join(t.dir, 'web'));
  srv = await startBrowserServer({ dispatcher: core.dispatcher, push: core.push, staticDir: path.join(t.dir, 'web') });
});
afterAll(async () => {
  await srv.close();
  core.close();
  t.cleanup();
});

/** A /ws client that records pushed frames and answers calls. */
async function client(session: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/ws?session=${session}`, ['trucban.v1', `token.${srv.token}`]);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const frames: PushFrame[] = [];
  const waiting = new Map<number, (r: { ok: boolean; value?: unknown }) => void>();
  let next = 1;
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { id?: number; reply?: { ok: boolean; value?: unknown }; push?: PushFrame };
    if (m.push) {
      expect(m.id).toBeUndefined();
      frames.push(m.push);
    } else if (typeof m.id === 'number') waiting.get(m.id)?.(m.reply!);
  });
  const call = (channel: string, input: unknown) =>
    new Promise<{ ok: boolean; value?: unknown }>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, channel, input }));
    });
  const close = () => new Promise((r) => (ws.once('close', r), ws.close()));
  return { ws, frames, call, close };
}

const until = async (cond: () => boolean, ms = 2_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('push over /ws', () => {
  it('pushes journal frames to a signed-in socket; a reconnect from the last seq replays what it missed', async () => {
    const key = 'pushsessionkey0123456789';
    const a = await client(key);
    expect((await a.call('auth:login', { login: 'officer', password: PASSWORD })).ok).toBe(true);
    const sub = await a.call('push:subscribe', { topics: ['journal'] });
    expect(sub).toEqual({ ok: true, value: { seq: core.journal.head.seq } });
    await core.logbook.add({ kind: 'note', text: 'Một' }, 'officer');
    await until(() => a.frames.length === 1);
    expect(a.frames[0]).toMatchObject({ topic: 'journal', seq: core.journal.head.seq, data: { type: 'logbook.entry_added' } });
    const last = a.frames[0]!.seq;
    await a.close();

    // appended while no socket is open
    for (const text of ['Hai', 'Ba', 'Bốn']) await core.logbook.add({ kind: 'note', text }, 'officer');
    const b = await client(key);
    const again = await b.call('push:subscribe', { topics: ['journal'], fromSeq: last });
    expect(again.ok).toBe(true);
    await until(() => b.frames.length === 3);
    expect(b.frames.map((f) => f.seq)).toEqual([last + 1, last + 2, last + 3]);
    await b.close();
  });

  it('a socket nobody signed in to gets no frames', async () => {
    const c = await client('anonsessionkey0123456789');
    expect((await c.call('push:subscribe', { topics: ['journal', 'alerts'] })).ok).toBe(true);
    await core.logbook.add({ kind: 'note', text: 'Năm' }, 'officer');
    await new Promise((r) => setTimeout(r, 100));
    expect(c.frames).toEqual([]);
    await c.close();
  });
});
