/**
 * Accounts that cannot lock everybody out: temporary passwords are changed before anything
 * else, the last active administrator stays one, and first-run setup is all or nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { Core } from '../../src-main/app/core';
import { openCore } from '../../src-main/app/core';
import { callAs, FakeClock, PASSWORD, stationCore, tmpDir } from '../helpers';
import { STATION_SET_UP } from '../../src-main/station/service';
import { rebuildProjections } from '../../src-main/store/rebuild';
import type { Reply } from '../../src-shared/contract';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let clock: FakeClock;
beforeEach(async () => {
  t = tmpDir('trucban-accounts-');
  clock = new FakeClock();
  core = await stationCore(path.join(t.dir, 'd.sqlite'), clock);
});
afterEach(() => {
  core.close();
  t.cleanup();
});

const on = (c: Core, sid: string) => (ch: string, input: unknown = {}) => c.dispatcher.call(ch, input, { sessionId: sid, transport: 'test' });
const code = (r: Reply<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('temporary passwords', () => {
  it('a password set by an administrator must be changed at the first sign-in, before anything else', async () => {
    const created = await callAs(core, 'admin', 'users:create', { login: 'moi', fullName: 'Người Mới', roles: ['surveillance_officer'], password: 'tam-thoi-123' });
    expect(created.ok).toBe(true);
    const s = on(core, 'ws:moi');
    expect(await s('auth:login', { login: 'moi', password: 'tam-thoi-123' })).toMatchObject({ ok: true, value: { user: { login: 'moi' }, mustChangePassword: true } });
    expect(await s('app:status')).toMatchObject({ ok: true, value: { session: { user: { login: 'moi' }, mustChangePassword: true } } });
    for (const [ch, input] of [['logbook:list', {}], ['logbook:add', { kind: 'note', text: 'x' }], ['users:list', {}], ['shift:current', {}], ['auth:lock', {}]] as const) {
      expect(await s(ch, input)).toMatchObject({ ok: false, error: { code: 'password_change_required' } });
    }
    expect(core.dispatcher.sessionUser('ws:moi')).toBeNull(); // side channels (video) refuse it too
    // not the temporary one again
    expect(await s('users:changePassword', { current: 'tam-thoi-123', next: 'tam-thoi-123' })).toMatchObject({ ok: false, error: { code: 'password_reused', field: 'next' } });
    expect(code(await s('logbook:list'))).toBe('password_change_required');
    expect(await s('users:changePassword', { current: 'tam-thoi-123', next: 'mat-khau-rieng-cua-toi' })).toEqual({ ok: true, value: { ok: true } });
    expect(code(await s('logbook:list'))).toBe('ok');
    expect(await s('app:status')).toMatchObject({ value: { session: { mustChangePassword: false } } });
    // the next sign-in is a normal one; the temporary password no longer works
    const s2 = on(core, 'ws:moi-2');
    expect(code(await s2('auth:login', { login: 'moi', password: 'tam-thoi-123' }))).toBe('bad_credentials');
    expect(await s2('auth:login', { login: 'moi', password: 'mat-khau-rieng-cua-toi' })).toMatchObject({ ok: true, value: { mustChangePassword: false } });
  });

  it('a password an administrator resets is temporary again; one set by oneself is not', async () => {
    const officer = core.users.byLogin('officer')!;
    expect(code(await callAs(core, 'admin', 'users:update', { id: officer.id, password: 'dat-lai-boi-qt' }))).toBe('ok');
    expect(await on(core, 'a')('auth:login', { login: 'officer', password: 'dat-lai-boi-qt' })).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    expect(code(await on(core, 'a')('logbook:list'))).toBe('password_change_required');
    // signing out ends the restriction with the session; a new sign-in has it again
    expect(code(await on(core, 'a')('auth:logout'))).toBe('ok');
    expect(code(await on(core, 'a')('logbook:list'))).toBe('not_authenticated');
    const admin = core.users.byLogin('admin')!;
    expect(code(await callAs(core, 'admin', 'users:update', { id: admin.id, password: 'qt-tu-dat-mat-khau' }))).toBe('ok');
    expect(await on(core, 'b')('auth:login', { login: 'admin', password: 'qt-tu-dat-mat-khau' })).toMatchObject({ ok: true, value: { mustChangePassword: false } });
  });

  it('accounts made by the service (setup through the UI, the demo seed) are not temporary', async () => {
    for (const l of ['admin', 'officer']) {
      expect(await on(core, `x:${l}`)('auth:login', { login: l, password: PASSWORD })).toMatchObject({ ok: true, value: { mustChangePassword: false } });
    }
  });
});

describe('the last administrator', () => {
  it('cannot remove their own admin role; another admin can, once there is one', async () => {
    const admin = core.users.byLogin('admin')!;
    const before = core.journal.head.seq;
    const r = await callAs(core, 'admin', 'users:update', { id: admin.id, roles: ['room_leader'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'last_admin', field: 'roles', params: { login: 'admin' } } });
    expect(core.journal.head.seq).toBe(before); // nothing written
    expect(core.users.byLogin('admin')!.roles).toEqual(['admin']);
    const lead = core.users.byLogin('lead')!;
    expect(code(await callAs(core, 'admin', 'users:update', { id: lead.id, roles: ['shift_leader', 'admin'] }))).toBe('ok');
    expect(code(await callAs(core, 'admin', 'users:update', { id: admin.id, roles: ['room_leader'] }))).toBe('ok');
    // now lead is the last one: nobody can take it from them or deactivate them
    expect(code(await callAs(core, 'lead', 'users:update', { id: lead.id, roles: ['shift_leader'] }))).toBe('last_admin');
  });

  it('no one can deactivate the last active administrator (an inactive admin does not count)', async () => {
    const lead = core.users.byLogin('lead')!;
    const admin = core.users.byLogin('admin')!;
    expect(code(await callAs(core, 'admin', 'users:update', { id: lead.id, roles: ['admin'] }))).toBe('ok');
    expect(code(await callAs(core, 'lead', 'users:update', { id: admin.id, active: false }))).toBe('ok');
    // admin is inactive now; lead is the only active admin
    expect(await callAs(core, 'lead', 'users:update', { id: lead.id, active: false })).toMatchObject({ ok: false });
    await expect(core.users.update(lead.id, { active: false }, 'cli')).rejects.toMatchObject({ code: 'last_admin', field: 'active' });
    await expect(core.users.update(lead.id, { roles: ['shift_leader'] }, 'cli')).rejects.toMatchObject({ code: 'last_admin' });
    expect(code(await callAs(core, 'lead', 'users:update', { id: admin.id, active: true }))).toBe('ok');
    expect(code(await callAs(core, 'admin', 'users:update', { id: lead.id, active: false }))).toBe('ok');
  });
});

describe('first-run setup is all or nothing', () => {
  const station = { code: 'KV01', name: 'Chi cục Hải quan khu vực I', kind: 'regional' as const, place: 'Hà Nội', parentBody: 'CỤC HẢI QUAN' };
  const admin = { login: 'qt', fullName: 'Quản trị', password: 'mat-khau-quan-tri' };

  it('a failure between the steps leaves the database untouched, and setup runs again', async () => {
    const fresh = openCore({ dbPath: path.join(t.dir, 'fresh.sqlite'), clock });
    try {
      // the last step (the administrator) fails after station and catalog were written
      const spy = vi.spyOn(fresh.users, 'createInTx').mockImplementationOnce(() => {
        throw new Error('crash between the steps');
      });
      await expect(fresh.setupStation(station, admin)).rejects.toThrow('crash between the steps');
      expect(fresh.journal.head.seq).toBe(0);
      expect(fresh.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);
      expect(fresh.station.get()).toBeNull();
      expect(fresh.org.count()).toBe(0);
      spy.mockRestore();
      const c = on(fresh, 'w');
      expect(await c('setup:station', { ...station, admin })).toMatchObject({ ok: true, value: { setupDone: true, session: { user: { login: 'qt' } } } });
      expect(fresh.verify().ok).toBe(true);
      expect(await on(fresh, 'w2')('auth:login', { login: 'qt', password: admin.password })).toMatchObject({ ok: true });
    } finally {
      fresh.close();
    }
  });

  it('a station an older build left without users (set up, then crashed) can complete its setup', async () => {
    const file = path.join(t.dir, 'half.sqlite');
    const old = openCore({ dbPath: file, clock });
    old.journal.append({ type: STATION_SET_UP, actor: 'qt', payload: { ...station, name: 'Tên cũ' } });
    old.close();
    const half = openCore({ dbPath: file, clock });
    try {
      const c = on(half, 'w');
      expect(await c('app:status')).toMatchObject({ ok: true, value: { setupDone: false } });
      expect(await c('setup:station', { ...station, admin })).toMatchObject({ ok: true, value: { setupDone: true, station: { name: station.name } } });
      expect(await c('setup:station', { ...station, admin })).toMatchObject({ ok: false, error: { code: 'already_set_up' } });
      expect(half.org.count()).toBeGreaterThan(0);
      expect(half.verify().ok).toBe(true);
      // the journal replays to the same station and users
      rebuildProjections(half);
      expect(half.station.get()).toMatchObject({ code: 'KV01', name: station.name });
      expect(half.users.byLogin('qt')!.roles).toEqual(['admin']);
    } finally {
      half.close();
    }
  });
});

describe('first-run setup survives kill -9', () => {
  const FIXTURE = path.resolve(__dirname, '../fixtures/setup-station.ts');

  /**
   * Runs the setup child and kills it `delayMs` after it opened the database (never when
   * null); resolves with the time from "ready" to its end.
   */
  const runAndKill = (db: string, delayMs: number | null) =>
    new Promise<number>((resolve, reject) => {
      // the production scrypt cost, so the hash takes as long as it does in the field
      const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, db], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TRUCBAN_SCRYPT_N: String(1 << 15) } });
      let out = '';
      let err = '';
      let readyAt = 0;
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!readyAt && out.includes('ready\n')) {
          readyAt = performance.now();
          if (delayMs !== null) setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`setup child failed (${code}): ${err}`));
        else resolve(performance.now() - readyAt);
      });
    });

  it('killed at any moment, the database is either untouched (setup runs again) or complete (the admin signs in)', async () => {
    // how long setup takes here, then kills spread over that time and a little beyond
    const full = await runAndKill(path.join(t.dir, 'full.sqlite'), null);
    const delays = Array.from({ length: 10 }, (_, i) => Math.round((full * 1.3 * i) / 9));
    let untouched = 0;
    let complete = 0;
    for (const delayMs of delays) {
      const db = path.join(t.dir, `kill-${delayMs}.sqlite`);
      await runAndKill(db, delayMs);
      const c = openCore({ dbPath: db, create: false, clock });
      try {
        expect(c.verify().ok).toBe(true);
        const events = c.journal.head.seq;
        if (events === 0) {
          untouched++;
          expect(c.station.get()).toBeNull();
          expect(c.org.count()).toBe(0);
          expect(await on(c, 'w')('setup:station', { code: 'KV01', name: 'Chi cục Hải quan khu vực I', kind: 'regional', place: 'Hà Nội', admin: { login: 'qt', fullName: 'Quản trị', password: 'mat-khau-quan-tri' } })).toMatchObject({ ok: true });
        } else {
          complete++;
          expect(c.station.get()).toMatchObject({ code: 'KV01' });
          expect(c.org.count()).toBeGreaterThan(0);
        }
        // whichever it was, the administrator can sign in now
        expect(await on(c, 'w2')('auth:login', { login: 'qt', password: 'mat-khau-quan-tri' }), `killed after ${delayMs} ms`).toMatchObject({ ok: true });
      } finally {
        c.close();
      }
    }
    expect(untouched + complete).toBe(delays.length);
    expect(untouched).toBeGreaterThan(0); // the kills did land during setup
  });
});

describe('admin recovery (the service behind `trucban admin reset`)', () => {
  it('journals who ran it, survives a rebuild of the projections, and the new password is temporary', async () => {
    const lead = core.users.byLogin('lead')!;
    expect(code(await callAs(core, 'admin', 'users:update', { id: lead.id, active: false }))).toBe('ok');
    for (let i = 0; i < 6; i++) await on(core, `g${i}`)('auth:login', { login: 'lead', password: 'sai' });
    const r = await core.users.recoverAdmin('lead', { osUser: 'root', host: 'tram-01' });
    expect(r.user).toMatchObject({ login: 'lead', active: true, roles: ['shift_leader', 'admin'] });
    const ev = core.db.prepare('SELECT type, actor, payload FROM events ORDER BY seq DESC LIMIT 1').get() as { type: string; actor: string; payload: string };
    expect(ev).toMatchObject({ type: 'user.admin_recovered', actor: 'cli:root' });
    expect(JSON.parse(ev.payload)).toMatchObject({ login: 'lead', osUser: 'root', host: 'tram-01', changes: { active: true, roles: ['shift_leader', 'admin'] } });
    expect(ev.payload).not.toContain(r.password);
    rebuildProjections(core);
    expect(core.users.byLogin('lead')).toMatchObject({ active: true, roles: ['shift_leader', 'admin'] });
    // unlocked, and the temporary password must be changed first
    expect(await on(core, 'r')('auth:login', { login: 'lead', password: r.password })).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    expect(code(await on(core, 'r')('users:list'))).toBe('password_change_required');
  });
});
