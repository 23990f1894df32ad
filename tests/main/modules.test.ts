import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src-shared/contract';
import { LOCAL_TABLES, MODULE_CHANNELS, MODULES, PROJECTION_TABLES, REBUILD_EXTRAS } from '../../src-main/modules';
import { compose, composeChannels, composeMigrations, composeProjections } from '../../src-main/modules/compose';
import type { AnyModule } from '../../src-main/modules/types';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src-main/store/migrations';
import { PROJECTIONS, REBUILT_TABLES, rebuildProjections } from '../../src-main/store/rebuild';
import { openDatabase } from '../../src-main/store/db';
import { EndpointSlot } from '../../src-main/api/endpoint';
import { LogbookLines } from '../../src-main/logbook/lines';
import type { StoredEvent } from '../../src-main/journal/journal';
import { emptyIdentifiers } from '../../src-shared/domain/logbook';
import type { Core } from '../../src-main/app/core';
import type { FakeClock } from '../helpers';
import { callAs, freshStation } from '../helpers';

describe('composition root', () => {
  it('every contract channel has exactly one handler, in exactly one module', () => {
    const owners = new Map<string, string[]>();
    for (const m of MODULES) for (const ch of Object.keys(m.handlers ?? {})) owners.set(ch, [...(owners.get(ch) ?? []), m.name]);
    for (const ch of CHANNELS) expect(owners.get(ch), ch).toHaveLength(1);
    // and no module handles a channel the contract does not have
    expect([...owners.keys()].sort()).toEqual([...CHANNELS].sort());
    // the CLI's `call --list` is this list
    expect(MODULE_CHANNELS.map((c) => c.channel).sort()).toEqual([...CHANNELS].sort());
  });

  it('rebuild covers every projection table: each table of the schema is a projection or declared local', () => {
    const db = openDatabase(':memory:');
    try {
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[])
        // the search index and its FTS5 shadow tables are rebuilt as one (a rebuild extra)
        .filter((t) => !t.startsWith('logbook_fts'));
      const declared = new Set([...PROJECTION_TABLES, ...LOCAL_TABLES]);
      for (const t of tables) expect(declared.has(t), `table ${t} is neither a projection nor a local table of a module`).toBe(true);
      for (const t of declared) expect(tables, `declared table ${t} exists`).toContain(t);
      expect(PROJECTIONS).toEqual(PROJECTION_TABLES);
      expect(REBUILT_TABLES).toEqual([...PROJECTION_TABLES, ...REBUILD_EXTRAS.map((x) => x.name)]);
      expect(REBUILT_TABLES).toEqual(expect.arrayContaining(['logbook_fts', 'meta:station', 'users', 'incidents', 'wall_presets']));
    } finally {
      db.close();
    }
  });

  it('the migrations are the modules’ ones, numbered 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    expect(MIGRATIONS.length).toBe(MODULES.reduce((n, m) => n + (m.migrations?.length ?? 0), 0));
  });
});

const mod = (m: Partial<AnyModule> & { name: string }): AnyModule => ({ needs: [], provides: [], services: () => ({}), ...m }) as AnyModule;

describe('compose', () => {
  const base = () => ({ db: {} as never, journal: {} as never, clock: { now: () => 1 } as never, env: {} as never, endpoint: new EndpointSlot(), push: {} as never });

  it('refuses a gap, a duplicate or a start other than 1 in the migrations', () => {
    const m = (v: number) => ({ version: v, name: `m${v}`, sql: '' });
    expect(composeMigrations([mod({ name: 'a', migrations: [m(2), m(1)] }), mod({ name: 'b', migrations: [m(3)] })]).map((x) => x.version)).toEqual([1, 2, 3]);
    expect(() => composeMigrations([mod({ name: 'a', migrations: [m(1), m(3)] })])).toThrow(/without gaps/);
    expect(() => composeMigrations([mod({ name: 'a', migrations: [m(1)] }), mod({ name: 'b', migrations: [m(1)] })])).toThrow(/without gaps/);
    expect(() => composeMigrations([mod({ name: 'a', migrations: [m(2)] })])).toThrow(/without gaps/);
  });

  it('refuses a channel handled twice and a table declared twice', () => {
    const h = { 'app:status': () => null } as never;
    expect(() => composeChannels([mod({ name: 'a', handlers: h }), mod({ name: 'b', handlers: h })])).toThrow(/app:status is handled by a and b/);
    expect(() => composeProjections([mod({ name: 'a', projections: ['t'] }), mod({ name: 'b', localTables: ['t'] })])).toThrow(/t is declared by a and b/);
  });

  it('a module gets only the base services and those it declared (its handlers not even the connection), made before it; it provides exactly what it declares', () => {
    let seen: string[] = [];
    const a = mod({ name: 'a', provides: ['users'], services: () => ({ users: 'U' }) });
    const b = mod({ name: 'b', provides: ['org'], services: () => ({ org: 'O' }) });
    const c = mod({
      name: 'c',
      needs: ['users'],
      provides: ['station'],
      services: (d: Record<string, unknown>) => {
        seen = Object.keys(d).sort();
        return { station: `S(${String(d.users)})` };
      },
      handlers: { 'app:status': (_i: unknown, _c: unknown, s: Record<string, unknown>) => ({ keys: Object.keys(s).sort(), station: s.station }) } as never,
    });
    const composed = compose([a, b, c], base());
    expect(seen).toEqual(['clock', 'db', 'endpoint', 'env', 'journal', 'push', 'users']); // not `org`
    expect(composed.services.station).toBe('S(U)');
    // a handler sees its module's services and needs, but neither the connection nor the journal
    expect(composed.handlers['app:status']!({}, {} as never)).toEqual({ keys: ['clock', 'endpoint', 'env', 'push', 'station', 'users'], station: 'S(U)' });
    // needing a service no earlier module provides (order matters)
    expect(() => compose([c, a], base())).toThrow(/c needs users/);
    // providing something else than declared
    expect(() => compose([mod({ name: 'x', provides: ['users'], services: () => ({ org: 1 }) })], base())).toThrow(/x provides org but declares users/);
  });

  it('a module that cannot be made closes the ones already made, and the error comes through', () => {
    const log: string[] = [];
    const ok = mod({ name: 'ok', close: () => log.push('close ok') });
    const bad = mod({
      name: 'bad',
      services: () => {
        throw new Error('no ffmpeg here');
      },
    });
    expect(() => compose([ok, bad], base())).toThrow(/no ffmpeg here/);
    expect(log).toEqual(['close ok']);
  });

  it('close stops the started watchers, then closes the modules in reverse order', () => {
    const log: string[] = [];
    const w = mod({
      name: 'w',
      watchers: { tick: () => ({ start: () => log.push('start'), stop: () => log.push('stop') }) },
      close: () => log.push('close w'),
    });
    const v = mod({ name: 'v', close: () => log.push('close v') });
    const composed = compose([w, v], base());
    expect(composed.watcher('w', 'tick')).toBe(composed.watcher('w', 'tick')); // made and started once
    expect(() => composed.watcher('w', 'nope')).toThrow(/no watcher/);
    composed.close();
    expect(log).toEqual(['start', 'stop', 'close v', 'close w']);
  });
});

describe('the logbook as a shared sink', () => {
  it('a result closes the incident its direction answers, unless another domain claimed that incident', () => {
    const db = openDatabase(':memory:');
    try {
      const lines = new LogbookLines(db);
      let seq = 0;
      const ev = (id: string): StoredEvent => {
        seq++;
        const at = Date.UTC(2026, 10, 22, 3) + seq;
        const e: StoredEvent = { seq, eventId: id, type: 'logbook.entry_added', typeVersion: 1, hlc: `${seq}`, occurredAt: at, recordedAt: at, actor: 'a', payload: '{}', hash: Buffer.alloc(32, seq) };
        // entries are found by id through the journal's event_id index: the event row must exist
        db.prepare('INSERT INTO events (seq, event_id, type, type_version, hlc, occurred_at, recorded_at, actor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)').run(
          e.seq, e.eventId, e.type, e.typeVersion, e.hlc, e.occurredAt, e.recordedAt, e.actor, e.payload, e.hash,
        );
        return e;
      };
      const add = (id: string, kind: 'incident' | 'direction' | 'result', linkedEntryId: string | null) =>
        lines.writer.addEntry(ev(id), { kind, text: id, details: {}, identifiers: emptyIdentifiers(), linkedEntryId, attachments: [] });
      const closed = (id: string) => db.prepare('SELECT closed_at FROM logbook_entries WHERE entry_id = ?').pluck().get(id);
      lines.claimClosing((entryId) => entryId === 'claimed');
      for (const inc of ['plain', 'claimed']) {
        add(inc, 'incident', null);
        add(`${inc}-d`, 'direction', inc);
        add(`${inc}-r`, 'result', `${inc}-d`);
      }
      expect(closed('plain')).not.toBeNull();
      expect(closed('claimed')).toBeNull(); // its domain closes it on its own event
    } finally {
      db.close();
    }
  });
});

describe('modules at run time', () => {
  let core!: Core;
  let clock!: FakeClock;
  freshStation((s) => ({ core, clock } = s), 'd.sqlite');

  it('the endpoint reaches handlers through the slot the server sets', async () => {
    const before = await callAs(core, 'officer', 'video:endpoint', {});
    expect(!before.ok && before.error.code).toBe('video_unavailable');
    core.endpointSlot.set({ url: 'http://127.0.0.1:4567', token: 'tok', exportUrl: (id) => `http://127.0.0.1:4567/exports/${id}` });
    const after = await callAs(core, 'officer', 'video:endpoint', {});
    expect(after).toEqual({ ok: true, value: { url: 'ws://127.0.0.1:4567/video', token: 'tok' } });
    expect(core.endpoint?.token).toBe('tok'); // the facade reads the same slot
    core.endpointSlot.set(null);
    expect((await callAs(core, 'officer', 'video:endpoint', {})).ok).toBe(false);
  });

  it('camera health writes its logbook line through the registration, and only once per event type', async () => {
    expect(core.services.logbookLines.types()).toEqual(['camera.health_changed']);
    expect(() => core.services.logbookLines.register('camera.health_changed', () => null)).toThrow(/already registered/);
    const cam = core.cameras.save(
      { number: 7, name: 'Cổng B', siteType: 'road_border_gate', siteName: 'Cửa khẩu Hữu Nghị', zone: 'entry_exit_lanes', unitCode: '15E1', mainUrl: 'rtsp://127.0.0.1:8554/cam7/main' },
      'admin',
    );
    core.journal.append({
      type: 'camera.health_changed',
      actor: 'system',
      payload: { cameraId: cam.id, cameraNumber: 7, cameraName: 'Cổng B', siteName: 'Cửa khẩu Hữu Nghị', unitCode: null, from: 'online', to: 'no_signal', reason: 'no frames for 4 s' },
    });
    const r = await callAs(core, 'officer', 'logbook:list', { limit: 5 });
    const texts = r.ok ? (r.value as { entries: { text: string; details: { place?: string } }[] }).entries : [];
    expect(texts[0]?.text).toMatch(/^Camera 7 \(Cổng B\) mất tín hiệu lúc .* \(no frames for 4 s\)$/);
    expect(texts[0]?.details.place).toBe('Cửa khẩu Hữu Nghị');
    // the same line after a rebuild (the registration is how the logbook projects it)
    rebuildProjections(core);
    const again = await callAs(core, 'officer', 'logbook:list', { limit: 5 });
    expect(again.ok && (again.value as { entries: { text: string }[] }).entries[0]?.text).toBe(texts[0]?.text);
  });

  it('the shift service checks rosters and rotas itself (unknown user, unit unknown on the Vietnam calendar day)', async () => {
    const events = () => core.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
    const before = events();
    const ghost = { userId: 'no-such-user', fullName: 'X', position: 'office_officer', team: null, location: 'Phòng trực', availability: 'on_duty' };
    expect(() => core.shifts.setRoster('2026-11-22', [ghost as never], 'admin')).toThrow(/not found/);
    const r = await callAs(core, 'lead', 'roster:set', { shiftDate: '2026-11-22', members: [ghost] });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found', field: 'members' } });
    // 00:30 in Vietnam on 23/11 is still the shift of 22/11: validity is judged on the calendar day
    clock.t = Date.UTC(2026, 10, 22, 17, 30);
    const rota = await callAs(core, 'lead', 'rota:set', { days: [{ weekday: 1, unitCodes: ['XX99'] }] });
    expect(rota).toMatchObject({ ok: false, error: { code: 'unknown_unit', field: 'unitCodes', params: { unitCode: 'XX99', date: '2026-11-23' } } });
    expect(events()).toBe(before); // nothing written
  });
});
