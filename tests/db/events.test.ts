/**
 * Typed, versioned events (src-main/journal/events.ts, registry.ts): the stored samples of
 * every event type and version (tests/fixtures/events) parse through the registry and project
 * into a fresh station; the registry refuses what it cannot project with a reason; append
 * validates before writing and records the current version; upcasters run in order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { openCore } from '../../src-main/app/core';
import type { Core } from '../../src-main/app/core';
import { EventRegistry, defineEvent, dispatcher, on, parseWith, projector } from '../../src-main/journal/events';
import { Journal } from '../../src-main/journal/journal';
import { ALL_EVENTS, REGISTRY } from '../../src-main/journal/registry';
import { openDatabase } from '../../src-main/store/db';
import { rebuildProjections } from '../../src-main/store/rebuild';
import { FakeClock, errorCodeOf, stationCore, tmpDir } from '../helpers';
import type { AppError } from '../../src-shared/errors';
import { translateError } from '../../src-shared/i18n/errors';
import { insertRawEvents } from '../helpers/raw-events';
import type { RawEvent } from '../helpers/raw-events';

const DIR = path.resolve(import.meta.dirname, '../fixtures/events');

interface Sample extends RawEvent {
  file: string;
  seq: number | null;
}

/** Captured samples in their journal order, then the hand-kept older shapes. */
function samples(): Sample[] {
  const all = fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ file, ...(JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Omit<Sample, 'file'>) }));
  const captured = all.filter((s) => s.seq !== null).sort((a, b) => a.seq! - b.seq!);
  const older = all.filter((s) => s.seq === null).sort((a, b) => a.file.localeCompare(b.file));
  return [...captured, ...older];
}

let t: ReturnType<typeof tmpDir>;
beforeEach(() => {
  t = tmpDir('trucban-events-');
});
afterEach(() => t.cleanup());

describe('stored samples', () => {
  it('there is a sample of every event type and every version this build knows, and of nothing else', () => {
    const files = new Set(fs.readdirSync(DIR));
    for (const def of ALL_EVENTS) {
      for (let v = 1; v <= def.version; v += 1) expect(files.has(`${def.type}.v${v}.json`), `${def.type} v${v}`).toBe(true);
    }
    for (const s of samples()) expect(REGISTRY.get(s.type), s.file).toBeDefined();
  });

  it('every sample parses through the registry (upcast to the current version) and keeps its payload as stored', () => {
    for (const s of samples()) {
      const r = REGISTRY.parse(s);
      expect(r, s.file).toMatchObject({ ok: true, type: s.type, version: REGISTRY.get(s.type)!.version });
      // schemas check and never transform: a current-version payload reaches projectors as stored
      if (r.ok && s.typeVersion === r.version) expect(r.payload).toEqual(JSON.parse(s.payload));
    }
  });

  it('every sample projects: replayed into a fresh station, nothing is quarantined and each domain has its rows', () => {
    const file = path.join(t.dir, 'replay.sqlite');
    openCore({ dbPath: file }).close();
    const all = samples();
    insertRawEvents(file, all);
    const core = openCore({ dbPath: file, create: false, checkProjections: false });
    try {
      expect(rebuildProjections(core)).toBe(all.length);
      expect(core.journal.quarantined()).toEqual({ count: 0, items: [] });
      const count = (table: string) => core.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
      expect(core.station.get()).toMatchObject({ code: 'KV06', idleLockMinutes: 15 });
      // one sample per type: the first user.created (the administrator); user.updated names another user
      expect(core.users.list().map((u) => [u.login, u.roles, u.active])).toEqual([['admin', ['admin'], true]]);
      expect(count('org_units')).toBeGreaterThan(0);
      expect(count('rosters')).toBe(1);
      expect(count('rota')).toBe(1);
      expect(core.cameras.list({ includeInactive: true }).map((c) => [c.number, c.active])).toEqual([
        [1, false],
        [2, true],
      ]);
      expect(count('camera_health')).toBe(1);
      expect(count('wall_presets')).toBe(0);
      expect(count('documents')).toBe(2);
      expect(count('directions')).toBe(1);
      expect(count('inbound_requests')).toBe(1);
      expect(count('clock_jumps')).toBe(1);
      expect(count('clock_escalations')).toBe(1);
      const states = core.db.prepare('SELECT state FROM incidents ORDER BY seq').pluck().all();
      expect(states).toEqual(['closed', 'reported']);
      // an entry written before vessels keeps its stored shape; reading completes it
      const old = core.logbook.get('01a2020d-0000-7000-8000-000000000001');
      expect(old.version).toBe(1);
      expect(old.identifiers.vessels).toEqual([]);
      expect(old.identifiers.plates).toEqual(['12C345.67', '12C111.22']);
      const stored = core.db.prepare('SELECT identifiers FROM logbook_versions WHERE entry_seq = (SELECT entry_seq FROM logbook_entries WHERE entry_id = ?) ORDER BY version DESC').pluck().get(old.id) as string;
      expect(JSON.parse(stored)).not.toHaveProperty('vessels');
    } finally {
      core.close();
    }
  });
});

describe('the registry', () => {
  // a type at version 3: v1 had `name`, v2 split it into given/family, v3 added `tags`
  const PERSON = defineEvent('test.person', z.object({ given: z.string(), family: z.string(), tags: z.array(z.string()) }), {
    version: 3,
    older: {
      1: {
        schema: z.object({ name: z.string() }),
        up: (p) => {
          const { name } = p as { name: string };
          const [given, ...rest] = name.split(' ');
          if (!given || rest.length === 0) throw new Error(`cannot split ${JSON.stringify(name)}`);
          return { given, family: rest.join(' ') };
        },
      },
      2: { schema: z.object({ given: z.string(), family: z.string() }), up: (p) => ({ ...(p as object), tags: [] }) },
    },
  });
  const reg = new EventRegistry([PERSON]);
  const stored = (typeVersion: number, payload: unknown, type = 'test.person') => ({ type, typeVersion, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

  it('upcasts every older version to the current one, one version at a time', () => {
    expect(reg.parse(stored(1, { name: 'Trần Thị Lan' }))).toEqual({ ok: true, type: 'test.person', version: 3, payload: { given: 'Trần', family: 'Thị Lan', tags: [] } });
    expect(reg.parse(stored(2, { given: 'Lan', family: 'Trần' }))).toMatchObject({ ok: true, payload: { given: 'Lan', family: 'Trần', tags: [] } });
    expect(reg.parse(stored(3, { given: 'Lan', family: 'Trần', tags: ['a'] }))).toMatchObject({ ok: true, payload: { tags: ['a'] } });
  });

  it('names why it cannot parse: unknown type, newer version, not JSON, a payload that does not fit, an upcaster that throws', () => {
    const reason = (r: ReturnType<typeof reg.parse>) => (r.ok ? 'parsed' : r.reason);
    expect(reason(reg.parse(stored(1, {}, 'test.alien')))).toBe('unknown event type test.alien');
    expect(reason(reg.parse(stored(99, { given: 'a', family: 'b', tags: [] })))).toMatch(/version 99 of test.person is newer than this build knows \(3\)/);
    expect(reason(reg.parse(stored(0, {})))).toMatch(/version 0 of test.person does not exist/);
    expect(reason(reg.parse(stored(3, '{"given":')))).toBe('the payload is not JSON');
    expect(reason(reg.parse(stored(3, { given: 'a', family: 7, tags: [] })))).toMatch(/^payload \(version 3\) does not fit its schema: family: /);
    expect(reason(reg.parse(stored(1, { nom: 'x' })))).toMatch(/^payload \(version 1\) does not fit its schema: name: /);
    expect(reason(reg.parse(stored(1, { name: 'Lan' })))).toBe('upcasting version 1 to 2 failed: cannot split "Lan"');
  });

  it('refuses a definition without an older version it claims, and a type defined twice', () => {
    expect(() => defineEvent('test.x', z.object({}), { version: 2 })).toThrow(/version 1 has no schema/);
    expect(() => new EventRegistry([PERSON, PERSON])).toThrow(/defined twice/);
  });

  it('typed handlers get the parsed payload; an unparsed event is parsed by its handler and refused when it does not fit', () => {
    const seen: string[] = [];
    const project = projector(on(PERSON, (p) => seen.push(`${p.family}, ${p.given}`)));
    project({ ...stored(1, { name: 'Phạm Văn Đức' }), seq: 1 } as never);
    expect(seen).toEqual(['Văn Đức, Phạm']);
    expect(() => project({ ...stored(3, { given: 1 }), seq: 2 } as never)).toThrow(/event 2 \(test.person\): payload \(version 3\) does not fit/);
    project({ ...stored(1, {}, 'test.other'), seq: 3 } as never); // not its type: ignored
    expect(seen).toHaveLength(1);
    const d = dispatcher(on(PERSON, (p) => p.tags.length));
    expect(d({ ...stored(3, { given: 'a', family: 'b', tags: ['x', 'y'] }) })).toBe(2);
    expect(d(stored(1, {}, 'test.other'))).toBeNull();
    expect(parseWith(PERSON, 2, '{"given":"a","family":"b"}')).toMatchObject({ ok: true, payload: { tags: [] } });
  });
});

describe('append', () => {
  it('refuses an unknown type or a payload that does not fit its schema (event_invalid), writes nothing, and records the current version', async () => {
    const file = path.join(t.dir, 'a.sqlite');
    const core: Core = await stationCore(file);
    try {
      const before = core.journal.head.seq;
      expect(errorCodeOf(() => core.journal.append({ type: 'test.alien', actor: 'admin', payload: {} }))).toBe('event_invalid');
      expect(errorCodeOf(() => core.journal.append({ type: 'alert.dismissed', actor: 'admin', payload: { alertId: 7 } }))).toBe('event_invalid');
      expect(errorCodeOf(() => core.journal.append({ type: 'alert.dismissed', actor: 'admin', payload: undefined }))).toBe('event_invalid');
      expect(errorCodeOf(() => core.journal.append({ type: 'alert.dismissed', typeVersion: 2, actor: 'admin', payload: { alertId: 'x' } }))).toBe('event_invalid');
      expect(core.journal.head.seq).toBe(before);
      let refused: AppError | null = null;
      try {
        core.journal.append({ type: 'alert.dismissed', actor: 'admin', payload: { alertId: 7 } });
      } catch (e) {
        refused = e as AppError;
      }
      expect(translateError('vi', refused!)).toBe('Sự kiện alert.dismissed không hợp lệ nên không được ghi vào nhật ký: alertId: Invalid input: expected string, received number');
      expect(translateError('en', refused!)).toMatch(/^The alert.dismissed event is invalid and was not written to the journal: alertId: /);
      const ev = core.journal.append({ type: 'alert.dismissed', actor: 'admin', payload: { alertId: 'x' } });
      expect(ev.typeVersion).toBe(1);
      expect(core.db.prepare('SELECT type_version FROM events WHERE seq = ?').pluck().get(ev.seq)).toBe(1);
      expect(core.verify()).toMatchObject({ ok: true, checked: ev.seq });
    } finally {
      core.close();
    }
  });

  it('a journal without a registry (tools, old-schema tests) keeps the old behaviour: any type, version as given', () => {
    const db = openDatabase(path.join(t.dir, 'raw.sqlite'), { migrateTo: 1 });
    try {
      const j = new Journal(db, new FakeClock());
      const seen: unknown[] = [];
      j.addProjector((ev) => seen.push(ev.type));
      expect(j.append({ type: 'test.note', actor: 'x', payload: { text: 'a' } }).typeVersion).toBe(1);
      expect(j.append({ type: 'test.note', typeVersion: 4, actor: 'x', payload: { text: 'b' } }).typeVersion).toBe(4);
      expect(seen).toEqual(['test.note', 'test.note']);
    } finally {
      db.close();
    }
  });
});
