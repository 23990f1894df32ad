// The station — the real `trucban --db F serve --lan` process — killed (SIGKILL) and restarted
// while a client submits: every write the client acknowledged or kept in its outbox is in the
// journal exactly once afterwards, and verify passes.
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openCore } from '../../../src-main/app/core';
import { PASSWORD, tmpDir } from '../../helpers';
import { openScreen, until } from '../../helpers/local-ws';
import { pairWithStation } from '../../../src-main/client/pair';
import { pairCodesFor, realStationDb, startServeLan } from '../../helpers/real-station';
import { startClientProcess } from '../../../src-main/client/local';
import type { ClientProcess } from '../../../src-main/client/local';

const HOST = '127.0.0.22';
const started: ChildProcess[] = [];
let client: ClientProcess | null = null;
let t: ReturnType<typeof tmpDir> | null = null;
afterEach(async () => {
  await client?.close();
  client = null;
  for (const c of started.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  t?.cleanup();
  t = null;
});

describe('client outbox: the station killed while the client submits', () => {
  it('every acknowledged or queued entry is in the journal exactly once; refusals come back; verify passes', { timeout: 90_000 }, async () => {
    t = tmpDir();
    const db = path.join(t.dir, 'station.sqlite');
    await realStationDb(db);
    const [code] = await pairCodesFor(db, HOST, [{ name: 'Máy GS 3', role: 'workstation' }]);
    let st = await startServeLan(db, HOST);
    started.push(st.child);
    const record = await pairWithStation({ stationUrl: st.url, code: code! });
    client = await startClientProcess({ dir: path.join(t.dir, 'client'), record, staticDir: t.dir, log: () => {}, link: { backoffBaseMs: 50, backoffCapMs: 300 } });
    const c = client;
    await until(() => c.link.connected, 10_000, 'link up');
    const screen = await openScreen(c.server);
    expect(await screen.call('auth:login', { login: 'officer', password: PASSWORD })).toMatchObject({ ok: true });
    expect(await screen.call('push:subscribe', { topics: ['journal', 'link'] })).toMatchObject({ ok: true });

    const acked: string[] = [];
    const queued: string[] = [];
    let killed = false;
    for (let i = 0; i < 40; i++) {
      const text = `ghi-${i}-${randomUUID().slice(0, 8)}`;
      if (acked.length === 8 && !killed) {
        killed = true;
        st.child.kill('SIGKILL'); // not awaited: the next submissions race the station's death
      }
      const r = await screen.call('logbook:add', { kind: 'work', text });
      if (r.ok) acked.push(text);
      else if (r.error?.code === 'outbox_queued') queued.push(text);
      else throw new Error(`unexpected answer ${JSON.stringify(r)}`);
    }
    expect(killed).toBe(true);
    expect(queued.length).toBeGreaterThan(20);
    await until(() => !c.link.connected, 2_000, 'loss noticed');
    const down = (await screen.call('client:status', {})) as { value: { connected: boolean; downSince: number; outbox: { input: { text: string } }[] } };
    expect(down.value.connected).toBe(false);
    expect(typeof down.value.downSince).toBe('number');
    expect(down.value.outbox.map((o) => o.input.text)).toEqual(queued);
    expect(screen.pushes.some((p) => p.topic === 'link')).toBe(true);
    // an amendment of an entry the station does not have: it will be refused, visibly
    const ghost = randomUUID();
    expect(await screen.call('logbook:amend', { entryId: ghost, reason: 'sửa', text: 'không có' })).toMatchObject({ ok: false, error: { code: 'outbox_queued' } });

    // the station comes back on the same address; it has forgotten the sign-in
    st = await startServeLan(db, HOST, st.port);
    started.push(st.child);
    await until(() => c.link.connected, 10_000, 'link back');
    await c.drained();
    expect(c.outbox.queued().length).toBe(queued.length + 1); // waits for its author to sign in again
    expect(await screen.call('auth:login', { login: 'officer', password: PASSWORD })).toMatchObject({ ok: true });
    await until(() => c.outbox.queued().length === 0, 20_000, 'outbox sent');
    const refused = c.outbox.refused();
    expect(refused.map((r) => [r.channel, r.error.code])).toEqual([['logbook:amend', 'not_found']]);
    expect(await screen.call('client:dismissRefused', { requestId: refused[0]!.requestId })).toMatchObject({ ok: true });
    expect(c.outbox.refused()).toEqual([]);
    screen.close();
    await client.close();
    client = null;
    await st.stop();

    const core = openCore({ dbPath: db, readonly: true });
    try {
      const count = core.db.prepare(`SELECT COUNT(*) FROM events WHERE type = 'logbook.entry_added' AND json_extract(payload, '$.text') = ?`).pluck();
      for (const text of [...acked, ...queued]) expect([text, count.get(text)]).toEqual([text, 1]);
      expect(core.verify().ok).toBe(true);
    } finally {
      core.close();
    }
  });
});
