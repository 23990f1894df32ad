/**
 * The core process for real: src-main/electron/core-entry.ts forked with node's child_process
 * (the stand-in for Electron's utilityProcess; the same protocol), a real station file, the relay
 * in this process. An entry acknowledged to the caller survives the core being killed at once
 * (SIGKILL right after the reply), and the relay restarts the core, which finds it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../src-main/api/types';
import { forkNodeCore } from '../../../src-main/electron/node-core';
import { CoreRelay } from '../../../src-main/electron/relay';
import type { CoreStatus } from '../../../src-main/electron/relay';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENTRY = path.resolve(HERE, '../../../src-main/electron/core-entry.ts');

const SETUP = {
  code: 'KV06',
  name: 'Chi cục Hải quan khu vực VI',
  kind: 'regional',
  place: 'Lạng Sơn',
  admin: { login: 'admin', fullName: 'Quản trị', password: 'mat-khau-thu-nghiem' },
};
const win = (n: number): CallContext => ({ sessionId: `ipc:${n}`, transport: 'ipc' });

let dir: string;
let children: ChildProcess[];
let statuses: CoreStatus[];
let stderr: string;
let relay: CoreRelay;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-core-proc-'));
  children = [];
  statuses = [];
  stderr = '';
  relay = new CoreRelay({
    spawn: () =>
      forkNodeCore(ENTRY, { dbPath: path.join(dir, 'station.db'), faultLog: path.join(dir, 'trucban.log'), staticDir: path.join(dir, 'none') }, {
        execArgv: ['--import', 'tsx'],
        stderr: (d) => (stderr += d),
        onChild: (c) => children.push(c),
      }),
    onStatus: (s) => statuses.push(s),
    backoffMs: [50],
    startTimeoutMs: 60_000,
  });
});
afterEach(async () => {
  await relay.close(5_000);
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

const waitFor = async (cond: () => boolean, ms = 30_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out; core stderr: ${stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('the core process (child_process stand-in for utilityProcess, real SQLite)', () => {
  it('answers over the relay: set-up, a logbook entry, the loopback server, a session end', async () => {
    await relay.start();
    expect(relay.loopbackUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const setup = await relay.call('setup:station', SETUP, win(1));
    expect(setup).toMatchObject({ ok: true, value: { setupDone: true, session: { user: { login: 'admin' } } } });
    // the session belongs to window 1 only
    await expect(relay.call('logbook:list', {}, win(2))).resolves.toMatchObject({ ok: false, error: { code: 'not_authenticated' } });
    const add = await relay.call('logbook:add', { kind: 'work', text: 'Nhận ca, kiểm tra camera cổng A' }, win(1));
    expect(add).toMatchObject({ ok: true, value: { text: 'Nhận ca, kiểm tra camera cổng A' } });
    relay.endSession('ipc:1');
    // the session is gone in the core: window 1 must sign in again
    let after = await relay.call('logbook:list', {}, win(1));
    for (let i = 0; i < 50 && after.ok; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await relay.call('logbook:list', {}, win(1));
    }
    expect(after).toMatchObject({ ok: false, error: { code: 'not_authenticated' } });
  }, 60_000);

  it('an entry acknowledged just before the core is killed is there after the restart; the restarted core is told to windows', async () => {
    await relay.start();
    expect((await relay.call('setup:station', SETUP, win(1))).ok).toBe(true);
    const text = 'Tàu Hữu Nghị 05 cập cảng lúc 14:03, đã niêm phong container';
    const add = await relay.call('logbook:add', { kind: 'work', text }, win(1));
    // killed the moment the reply arrived: nothing after the reply may be needed for durability
    children[0]!.kill('SIGKILL');
    expect(add.ok).toBe(true);
    const id = (add as { ok: true; value: { id: string } }).value.id;
    // a call in flight at the kill gets a typed answer, not a hang
    const inFlight = await relay.call('logbook:list', {}, win(1));
    expect(inFlight).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await waitFor(() => statuses.some((s) => s.state === 'ready' && s.restarts === 1));
    expect(statuses).toContainEqual({ state: 'restarting', reason: 'crashed', attempt: 1, retryInMs: 50 });
    expect(children).toHaveLength(2);
    // sign-ins lived in the old core: sign in again, then read the entry back
    expect((await relay.call('auth:login', { login: 'admin', password: SETUP.admin.password }, win(1))).ok).toBe(true);
    const got = await relay.call('logbook:get', { entryId: id }, win(1));
    expect(got).toMatchObject({ ok: true, value: { entry: { id, text } } });
    const verify = await relay.call('logbook:list', {}, win(1));
    expect(verify).toMatchObject({ ok: true });
    expect((verify as { ok: true; value: { entries: Array<{ id: string }> } }).value.entries.map((e) => e.id)).toEqual([id]);
  }, 90_000);
});
