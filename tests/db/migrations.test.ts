import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import fs from 'node:fs';
import { openDatabase, schemaVersion } from '../../src-main/store/db';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src-main/store/migrations';
import { openCore } from '../../src-main/app/core';
import { AppError } from '../../src-shared/errors';
import { tmpDir } from '../helpers';

let t: ReturnType<typeof tmpDir>;
beforeEach(() => {
  t = tmpDir();
});
afterEach(() => t.cleanup());

const tables = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_schema WHERE type IN ('table','index','trigger') AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[]).filter(
    (n) => !n.startsWith('logbook_fts_'),
  );

describe('migrations', () => {
  it('numbers migrations 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it('creates the current schema from empty with WAL, synchronous=FULL and STRICT tables', () => {
    const db = openDatabase(path.join(t.dir, 'a.sqlite'));
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const nonStrict = db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE '%STRICT%' AND name NOT LIKE 'logbook_fts%' AND name NOT LIKE 'sqlite_%'`)
      .pluck()
      .all();
    expect(nonStrict).toEqual([]);
    db.close();
  });

  for (let from = 1; from < SCHEMA_VERSION; from++) {
    it(`upgrades a database from version ${from} to ${SCHEMA_VERSION}, same schema as a fresh one`, () => {
      const oldFile = path.join(t.dir, `v${from}.sqlite`);
      openDatabase(oldFile, { migrateTo: from }).close();
      const raw = new Database(oldFile);
      expect(raw.pragma('user_version', { simple: true })).toBe(from);
      raw.close();
      const upgraded = openDatabase(oldFile);
      const fresh = openDatabase(path.join(t.dir, `fresh${from}.sqlite`));
      expect(schemaVersion(upgraded)).toBe(SCHEMA_VERSION);
      expect(tables(upgraded)).toEqual(tables(fresh));
      upgraded.close();
      fresh.close();
    });
  }

  it('keeps journal events written before an upgrade, and the chain verifies afterwards', async () => {
    const file = path.join(t.dir, 'old.sqlite');
    const db = openDatabase(file, { migrateTo: 1 });
    const { Journal } = await import('../../src-main/journal/journal');
    const j = new Journal(db, { now: () => 1_700_000_000_000 });
    j.append({ type: 'test.note', actor: 'x', payload: { text: 'trước nâng cấp' } });
    db.close();
    const core = openCore({ dbPath: file });
    expect(core.verify()).toMatchObject({ ok: true, checked: 1 });
    core.close();
  });

  it('migration 4 marks incidents already answered before the upgrade as closed', async () => {
    const file = path.join(t.dir, 'v3.sqlite');
    const db = openDatabase(file, { migrateTo: 3 });
    const { Journal } = await import('../../src-main/journal/journal');
    const j = new Journal(db, { now: () => Date.UTC(2026, 10, 22, 3) });
    const raw = (type: string, payload: unknown) => j.append({ type, actor: 'x', payload });
    const base = { details: {}, identifiers: { containers: [], declarations: [], taxCodes: [], plates: [], billsOfLading: [] }, attachments: [] };
    // the entry rows as version 3 projected them (there was no closed_at column yet)
    j.addProjector((ev) => {
      const p = JSON.parse(ev.payload) as { kind: string; text: string; linkedEntryId: string | null };
      db.prepare(`INSERT INTO logbook_entries (entry_seq, entry_id, stt, kind, shift_date, occurred_at, author, linked_entry_id, current_seq, version) VALUES (?, ?, ?, ?, '2026-11-22', ?, 'x', ?, ?, 0)`).run(ev.seq, ev.eventId, ev.seq, p.kind, ev.occurredAt, p.linkedEntryId, ev.seq);
    });
    const inc = raw('logbook.entry_added', { ...base, kind: 'incident', text: 'a', linkedEntryId: null });
    const open = raw('logbook.entry_added', { ...base, kind: 'incident', text: 'b', linkedEntryId: null });
    const dir = raw('logbook.entry_added', { ...base, kind: 'direction', text: 'c', linkedEntryId: inc.eventId });
    raw('logbook.entry_added', { ...base, kind: 'result', text: 'd', linkedEntryId: dir.eventId });
    db.close();
    const up = openDatabase(file);
    const rows = up.prepare(`SELECT entry_id, closed_at FROM logbook_entries WHERE kind = 'incident' ORDER BY entry_seq`).all() as { entry_id: string; closed_at: number | null }[];
    expect(rows).toEqual([
      { entry_id: inc.eventId, closed_at: Date.UTC(2026, 10, 22, 3) },
      { entry_id: open.eventId, closed_at: null },
    ]);
    up.close();
  });

  it('migration 13 keeps every entry, finds them by id without the entry_id index, and marks the old index complete', async () => {
    const file = path.join(t.dir, 'v11.sqlite');
    const db = openDatabase(file, { migrateTo: 11 });
    const { Journal } = await import('../../src-main/journal/journal');
    const j = new Journal(db, { now: () => Date.UTC(2026, 10, 22, 3) });
    // the rows as version 11 projected them: an FTS5 row for every version, at its append
    j.addProjector((ev) => {
      const p = JSON.parse(ev.payload) as { kind: string; text: string };
      db.prepare(`INSERT INTO logbook_entries (entry_seq, entry_id, stt, kind, shift_date, occurred_at, author, current_seq, version) VALUES (?, ?, ?, ?, '2026-11-22', ?, 'x', ?, 0)`).run(ev.seq, ev.eventId, ev.seq, p.kind, ev.occurredAt, ev.seq);
      db.prepare(`INSERT INTO logbook_versions (seq, entry_seq, version, recorded_at, actor, text, details, identifiers, attachments) VALUES (?, ?, 0, ?, 'x', ?, '{}', '{}', '[]')`).run(ev.seq, ev.seq, ev.recordedAt, p.text);
      db.prepare('INSERT INTO logbook_fts (rowid, folded) VALUES (?, ?)').run(ev.seq, p.text.toLowerCase());
    });
    const evs = ['Kiểm tra kho ngoại quan', 'Giám sát bãi container'].map((text) => j.append({ type: 'logbook.entry_added', actor: 'x', payload: { kind: 'work', text } }));
    const before = db.prepare('SELECT * FROM logbook_entries ORDER BY entry_seq').all();
    db.close();
    const up = openDatabase(file);
    expect(up.prepare('SELECT * FROM logbook_entries ORDER BY entry_seq').all()).toEqual(before);
    expect(up.prepare(`SELECT value FROM meta WHERE key = 'search_indexed_to'`).pluck().get()).toBe(String(evs[1]!.seq));
    const indexes = up.prepare(`SELECT name FROM sqlite_schema WHERE tbl_name = 'logbook_entries' AND type = 'index' ORDER BY name`).pluck().all();
    expect(indexes).toEqual(['logbook_entries_linked', 'logbook_entries_open', 'logbook_entries_shift', 'logbook_entries_unit']);
    const byId = `SELECT entry_seq FROM logbook_entries WHERE entry_seq = (SELECT seq FROM events WHERE event_id = @id) AND entry_id = @id`;
    expect(up.prepare(byId).pluck().get({ id: evs[1]!.eventId })).toBe(evs[1]!.seq);
    const plan = (up.prepare(`EXPLAIN QUERY PLAN ${byId}`).all({ id: 'x' }) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/SEARCH logbook_entries USING INTEGER PRIMARY KEY/);
    expect(plan).toMatch(/SEARCH events USING COVERING INDEX sqlite_autoindex_events_1/);
    up.close();
  });

  it('refuses a database written by a newer version, with a clear error, and leaves it untouched', () => {
    const file = path.join(t.dir, 'newer.sqlite');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    let err: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('db_newer_version');
    expect((err as AppError).message).toMatch(/newer version/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('rolls back a failing migration completely', () => {
    const file = path.join(t.dir, 'fail.sqlite');
    openDatabase(file, { migrateTo: 1 }).close();
    const raw = new Database(file);
    raw.exec('CREATE TABLE logbook_versions (x INTEGER)'); // makes migration 2 fail half-way
    raw.close();
    expect(() => openDatabase(file)).toThrow();
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(1);
    expect(check.prepare(`SELECT COUNT(*) FROM sqlite_schema WHERE name = 'logbook_entries'`).pluck().get()).toBe(0);
    check.close();
  });

  it('says the database is missing instead of creating one when asked not to create', () => {
    expect(() => openDatabase(path.join(t.dir, 'nope.sqlite'), { create: false })).toThrow(/not found/);
    expect(fs.existsSync(path.join(t.dir, 'nope.sqlite'))).toBe(false);
  });
});
