import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Core } from '../../src-main/app/core';
import { openCore } from '../../src-main/app/core';
import { callAs, FakeClock, PASSWORD, stationCore, tmpDir } from '../helpers';
import { LOCKOUT_MS, MAX_FAILED_LOGINS } from '../../src-main/users/service';
import { CHANNELS, contract } from '../../src-shared/contract';
import { withClock } from '../../src-shared/contract/schemas';
import type { z } from 'zod';
import { channelSamples } from './channel-samples';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let clock: FakeClock;
beforeEach(async () => {
  t = tmpDir();
  clock = new FakeClock();
  core = await stationCore(path.join(t.dir, 'd.sqlite'), clock);
});
afterEach(() => {
  core.close();
  t.cleanup();
});

const call = (sid: string, ch: string, input: unknown) => core.dispatcher.call(ch, input, { sessionId: sid, transport: 'test' });

describe('dispatcher: validation', () => {
  it('answers malformed input with a typed error naming the field, never a throw', async () => {
    for (const bad of [null, 42, 'x', [], { kind: 'nope', text: 'x' }, { kind: 'work' }, { kind: 'work', text: '' }, { kind: 'work', text: 'x', occurredAt: 'hôm qua' }]) {
      const r = await callAs(core, 'officer', 'logbook:add', bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_input');
    }
    const r = await callAs(core, 'officer', 'logbook:add', { kind: 'work', text: 'x', occurredAt: 'hôm qua' });
    expect(!r.ok && r.error.field).toBe('occurredAt');
  });

  it('refuses unknown channels, including prototype names', async () => {
    for (const ch of ['nope', '__proto__', 'constructor', 'toString', '']) {
      const r = await call('s', ch, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
  });

  it('answers an internal failure as a typed internal error without details', async () => {
    const logs: string[] = [];
    const { createDispatcher } = await import('../../src-main/api/dispatcher');
    const d = createDispatcher(core, (m) => logs.push(m));
    const sid = 'x';
    d.adopt(sid, core.users.byLogin('officer')!.id);
    core.db.exec('DROP TABLE logbook_identifiers');
    const r = await d.call('logbook:add', { kind: 'incident', text: 'x', identifiers: { containers: ['CSQU3054383'] } }, { sessionId: sid, transport: 'test' });
    expect(core.verify().ok).toBe(true); // nothing half-written
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logs.join()).toMatch(/logbook:add/);
  });

  it('lists a description and a schema for every channel: each accepts a valid sample and refuses it spoiled', async () => {
    const samples = channelSamples(clock.now());
    for (const ch of CHANNELS) {
      expect(contract[ch].description.length, ch).toBeGreaterThan(5);
      const schema = contract[ch].input as z.ZodType;
      const sample = samples[ch] as Record<string, unknown>;
      const parse = (input: unknown) => withClock(clock.now(), () => schema.safeParse(input));
      const ok = parse(sample);
      expect(ok.success, `${ch}: ${ok.error?.message}`).toBe(true);
      // the dispatcher lets the valid sample past validation (whatever the session or handler says next)
      const passed = await call('anon', ch, sample);
      if (!passed.ok) expect(passed.error.code, ch).not.toBe('invalid_input');
      for (const bad of [null, 42, 'x', [1]]) expect(parse(bad).success, `${ch} accepted ${JSON.stringify(bad)}`).toBe(false);
      // every field of the sample, spoiled alone (NaN fits no field's type), is refused and named
      for (const key of Object.keys(sample)) {
        const spoiled = { ...sample, [key]: Number.NaN };
        expect(parse(spoiled).success, `${ch} accepted ${key}: NaN`).toBe(false);
        const r = await call('anon', ch, spoiled);
        expect(r.ok, `${ch}.${key}`).toBe(false);
        if (!r.ok) {
          expect(r.error.code, `${ch}.${key}`).toBe('invalid_input');
          expect(r.error.field?.split('.')[0], `${ch}.${key}`).toBe(key);
        }
      }
    }
  });
});

describe('dispatcher: sessions and permissions', () => {
  it('needs a signed-in user for non-public channels', async () => {
    expect(await call('anon', 'logbook:list', {})).toMatchObject({ ok: false, error: { code: 'not_authenticated' } });
    expect(await call('anon', 'app:status', {})).toMatchObject({ ok: true, value: { setupDone: true, session: null } });
  });

  it('signs in, and locks the account after repeated failures (also against the right password)', async () => {
    expect(await call('s1', 'auth:login', { login: 'officer', password: 'sai' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    const ok = await call('s1', 'auth:login', { login: 'OFFICER', password: PASSWORD });
    expect(ok).toMatchObject({ ok: true, value: { user: { login: 'officer' } } });
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) await call('s2', 'auth:login', { login: 'officer', password: 'sai' });
    const locked = await call('s2', 'auth:login', { login: 'officer', password: 'sai' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'locked_out' } });
    expect(await call('s2', 'auth:login', { login: 'officer', password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'locked_out' } });
    clock.advance(LOCKOUT_MS + 1000);
    expect(await call('s2', 'auth:login', { login: 'officer', password: PASSWORD })).toMatchObject({ ok: true });
  });

  it('does not reveal whether a login exists', async () => {
    const a = await call('s', 'auth:login', { login: 'khong-co', password: 'x' });
    const b = await call('s', 'auth:login', { login: 'officer', password: 'x' });
    expect(!a.ok && a.error.code).toBe('bad_credentials');
    expect(!b.ok && b.error.code).toBe('bad_credentials');
  });

  it('enforces roles: only admins create users; officers may not set the rota', async () => {
    const nu = { login: 'moi', fullName: 'Người mới', roles: ['surveillance_officer'], password: 'mat-khau-du-dai' };
    expect(await callAs(core, 'officer', 'users:create', nu)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await callAs(core, 'admin', 'users:create', nu)).toMatchObject({ ok: true, value: { login: 'moi' } });
    expect(await callAs(core, 'officer', 'rota:set', { days: [] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await callAs(core, 'lead', 'rota:set', { days: [{ weekday: 1, unitCodes: ['00C7'] }] })).toMatchObject({ ok: true });
    expect(await callAs(core, 'lead', 'rota:set', { days: [{ weekday: 1, unitCodes: ['XX99'] }] })).toMatchObject({ ok: false, error: { code: 'unknown_unit' } });
  });

  it('locks the screen after idle time and unlocks only with the password', async () => {
    await call('s', 'auth:login', { login: 'officer', password: PASSWORD });
    expect(await call('s', 'logbook:list', {})).toMatchObject({ ok: true });
    clock.advance(11 * 60_000); // default idle lock is 10 minutes
    expect(await call('s', 'logbook:list', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    expect(await call('s', 'auth:unlock', { password: 'sai' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await call('s', 'auth:unlock', { password: PASSWORD })).toMatchObject({ ok: true, value: { locked: false } });
    expect(await call('s', 'logbook:list', {})).toMatchObject({ ok: true });
    expect(await call('s', 'auth:lock', {})).toMatchObject({ ok: true, value: { locked: true } });
    expect(await call('s', 'logbook:add', { kind: 'note', text: 'x' })).toMatchObject({ ok: false, error: { code: 'session_locked' } });
  });

  it('records the actor of every event', async () => {
    await callAs(core, 'room', 'logbook:add', { kind: 'note', text: 'Ghi chú của lãnh đạo phòng' });
    const actor = core.db.prepare('SELECT actor FROM events ORDER BY seq DESC LIMIT 1').pluck().get();
    expect(actor).toBe('room');
  });

  it('a deactivated user is signed out at the next call', async () => {
    await call('s', 'auth:login', { login: 'officer', password: PASSWORD });
    const id = core.users.byLogin('officer')!.id;
    expect(await callAs(core, 'admin', 'users:update', { id, active: false })).toMatchObject({ ok: true });
    expect(await call('s', 'logbook:list', {})).toMatchObject({ ok: false, error: { code: 'not_authenticated' } });
  });

  it('keeps passwords out of the journal', async () => {
    await callAs(core, 'admin', 'users:create', { login: 'bimat', fullName: 'B', roles: ['office_officer'], password: 'mat-khau-bi-mat-123' });
    const id = core.users.byLogin('bimat')!.id;
    await callAs(core, 'admin', 'users:update', { id, password: 'mat-khau-moi-456789' });
    const all = (core.db.prepare('SELECT payload FROM events').pluck().all() as string[]).join('\n');
    expect(all).not.toMatch(/mat-khau|scrypt/);
  });
});

describe('first-run setup', () => {
  it('sets up a fresh station once, signs the admin in, and imports the example catalog', async () => {
    const fresh = openCore({ dbPath: path.join(t.dir, 'fresh.sqlite'), clock });
    try {
      const c = (ch: string, input: unknown) => fresh.dispatcher.call(ch, input, { sessionId: 'w', transport: 'test' });
      expect(await c('app:status', {})).toMatchObject({ ok: true, value: { setupDone: false } });
      expect(await c('logbook:list', {})).toMatchObject({ ok: false, error: { code: 'setup_required' } });
      const setup = { code: 'kv01', name: 'Chi cục Hải quan khu vực I', kind: 'regional', place: 'Hà Nội', admin: { login: 'qt', fullName: 'Quản trị', password: 'mat-khau-quan-tri' } };
      expect(await c('setup:station', setup)).toMatchObject({ ok: true, value: { setupDone: true, station: { code: 'KV01' }, session: { user: { login: 'qt' } } } });
      expect(await c('setup:station', setup)).toMatchObject({ ok: false, error: { code: 'already_set_up' } });
      const units = await c('org:list', { at: '2025-06-01' });
      expect(units.ok && (units.value as unknown[]).length).toBeGreaterThanOrEqual(33);
      const regional = await c('org:list', { at: '2025-06-01', query: 'khu vuc xx' });
      expect(regional).toMatchObject({ ok: true, value: [{ name: 'Chi cục Hải quan khu vực XX' }] });
    } finally {
      fresh.close();
    }
  });
});
