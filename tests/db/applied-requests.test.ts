import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Core } from '../../src-main/app/core';
import { openCore } from '../../src-main/app/core';
import { FakeClock, stationCore, tmpDir } from '../helpers';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let dbPath: string;
beforeEach(async () => {
  t = tmpDir();
  dbPath = path.join(t.dir, 'd.sqlite');
  core = await stationCore(dbPath, new FakeClock());
});
afterEach(() => {
  core.close();
  t.cleanup();
});

const dev = (id: string) => ({ id, name: `Máy ${id}`, role: 'workstation' as const });
const signedIn = (sid: string, login = 'officer') => core.dispatcher.adopt(sid, core.users.byLogin(login)!.id);
const entries = (text: string) => core.db.prepare(`SELECT COUNT(*) FROM events WHERE type = 'logbook.entry_added' AND payload LIKE ?`).pluck().get(`%${text}%`) as number;

describe('dispatcher: a requestId is applied once per device', () => {
  it('answers a resent id with the stored reply (replayed) and appends nothing more', async () => {
    signedIn('s1');
    const requestId = randomUUID();
    const ctx = { sessionId: 's1', transport: 'ws' as const, device: dev('A'), requestId };
    const first = await core.dispatcher.call('logbook:add', { kind: 'work', text: 'gửi một lần' }, ctx);
    expect(first.ok).toBe(true);
    expect((first as { replayed?: boolean }).replayed).toBeUndefined();
    const head = core.journal.head.seq;
    const again = await core.dispatcher.call('logbook:add', { kind: 'work', text: 'gửi một lần' }, ctx);
    expect(again).toMatchObject({ ok: true, replayed: true });
    expect(again.ok && first.ok && again.value).toEqual(first.ok && first.value);
    expect(core.journal.head.seq).toBe(head);
    expect(entries('gửi một lần')).toBe(1);
    expect(core.verify().ok).toBe(true);
  });

  it('runs the same id from another device, and an id without a device, separately', async () => {
    signedIn('s1');
    const requestId = randomUUID();
    await core.dispatcher.call('logbook:add', { kind: 'work', text: 'máy A' }, { sessionId: 's1', transport: 'ws', device: dev('A'), requestId });
    const b = await core.dispatcher.call('logbook:add', { kind: 'work', text: 'máy B' }, { sessionId: 's1', transport: 'ws', device: dev('B'), requestId });
    expect(b).toMatchObject({ ok: true });
    expect((b as { replayed?: boolean }).replayed).toBeUndefined();
    expect(entries('máy B')).toBe(1);
  });

  it('runs concurrent resends of one id once: the others get that run’s reply', async () => {
    signedIn('s1');
    const requestId = randomUUID();
    const ctx = { sessionId: 's1', transport: 'ws' as const, device: dev('A'), requestId };
    const replies = await Promise.all([1, 2, 3, 4].map(() => core.dispatcher.call('logbook:add', { kind: 'work', text: 'đồng thời' }, ctx)));
    expect(replies.every((r) => r.ok)).toBe(true);
    expect(replies.filter((r) => (r as { replayed?: boolean }).replayed).length).toBe(3);
    expect(entries('đồng thời')).toBe(1);
  });

  it('does not keep a refusal that wrote nothing: the resend runs again once signed in', async () => {
    const requestId = randomUUID();
    const ctx = { sessionId: 's2', transport: 'ws' as const, device: dev('A'), requestId };
    const refused = await core.dispatcher.call('logbook:add', { kind: 'work', text: 'sau khi đăng nhập' }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_authenticated' } });
    signedIn('s2');
    const ok = await core.dispatcher.call('logbook:add', { kind: 'work', text: 'sau khi đăng nhập' }, ctx);
    expect(ok.ok).toBe(true);
    expect((ok as { replayed?: boolean }).replayed).toBeUndefined();
    expect(entries('sau khi đăng nhập')).toBe(1);
  });

  it('refuses a requestId that is not a UUID before running anything', async () => {
    signedIn('s1');
    const head = core.journal.head.seq;
    for (const requestId of ['x', 42, '', 'a'.repeat(80), { toString: () => randomUUID() }]) {
      const r = await core.dispatcher.call('logbook:add', { kind: 'work', text: 'sai id' }, { sessionId: 's1', transport: 'ws', requestId } as never);
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'requestId' } });
    }
    expect(core.journal.head.seq).toBe(head);
  });

  it('records the id in the same transaction as the event: a rolled-back append records nothing', async () => {
    signedIn('s1');
    const requestId = randomUUID();
    const ctx = { sessionId: 's1', transport: 'ws' as const, device: dev('A'), requestId };
    // a step after the record fails: the whole transaction rolls back, the record with it
    const off = core.journal.addAppendHook(() => {
      throw new Error('after the record');
    });
    const r = await core.dispatcher.call('logbook:add', { kind: 'work', text: 'hỏng' }, ctx);
    off();
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(core.db.prepare('SELECT COUNT(*) FROM applied_requests').pluck().get()).toBe(0);
    expect(entries('hỏng')).toBe(0);
    // and the resend then runs for real
    const ok = await core.dispatcher.call('logbook:add', { kind: 'work', text: 'hỏng' }, ctx);
    expect(ok.ok && !(ok as { replayed?: boolean }).replayed).toBe(true);
    expect(entries('hỏng')).toBe(1);
  });

  it('survives a restart: the id is on disk with its reply', async () => {
    signedIn('s1');
    const requestId = randomUUID();
    const ctx = { sessionId: 's1', transport: 'ws' as const, device: dev('A'), requestId };
    const first = await core.dispatcher.call('logbook:add', { kind: 'work', text: 'trước khi khởi động lại' }, ctx);
    core.close();
    core = openCore({ dbPath, clock: new FakeClock() });
    signedIn('s1');
    const again = await core.dispatcher.call('logbook:add', { kind: 'work', text: 'trước khi khởi động lại' }, ctx);
    expect(again).toMatchObject({ ok: true, replayed: true });
    expect(again.ok && first.ok && again.value).toEqual(first.ok && first.value);
    expect(entries('trước khi khởi động lại')).toBe(1);
  });

  it('answers an id recorded without its reply (station stopped between commit and reply) as applied, never a second run', async () => {
    signedIn('s1');
    const requestId = randomUUID();
    const ctx = { sessionId: 's1', transport: 'ws' as const, device: dev('A'), requestId };
    await core.dispatcher.call('logbook:add', { kind: 'work', text: 'mất trả lời' }, ctx);
    core.db.prepare('UPDATE applied_requests SET reply = NULL').run();
    const again = await core.dispatcher.call('logbook:add', { kind: 'work', text: 'mất trả lời' }, ctx);
    expect(again).toEqual({ ok: true, value: null, replayed: true });
    expect(entries('mất trả lời')).toBe(1);
  });
});
