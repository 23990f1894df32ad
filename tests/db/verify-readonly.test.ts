/**
 * `verify` on the file itself: an evidence copy on read-only media is verified without writing
 * to it or beside it and without migrating it; page-level damage is reported by SQLite's
 * quick_check; an empty file or a foreign file gets a clear, typed answer. Real files in temp dirs.
 * The tests run as whatever user the machine gives (often root, whom file modes do not stop),
 * so "nothing written" is checked on the bytes, the mtime and the folder's listing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openCore } from '../../src-main/app/core';
import { openDatabase } from '../../src-main/store/db';
import type { DB } from '../../src-main/store/db';
import { Journal } from '../../src-main/journal/journal';
import { verifyDatabase } from '../../src-main/store/deep-verify';
import { usersProjector } from '../../src-main/users/service';
import { stationProjector } from '../../src-main/station/service';
import { SCHEMA_VERSION } from '../../src-main/store/migrations';
import { AppError } from '../../src-shared/errors';
import { FakeClock, stationCore, tmpDir } from '../helpers';

let t: ReturnType<typeof tmpDir>;
const readOnlyDirs: string[] = [];
beforeEach(() => {
  t = tmpDir('trucban-ro-test-');
});
afterEach(() => {
  for (const d of readOnlyDirs.splice(0)) fs.chmodSync(d, 0o755);
  t.cleanup();
});

async function station(file: string, notes = 5): Promise<void> {
  const clock = new FakeClock();
  const core = await stationCore(file, clock);
  for (let i = 0; i < notes; i++) {
    clock.advance(60_000);
    core.logbook.add({ kind: 'note', text: `Ca trực ghi nhận sự việc số ${i}: kiểm tra container CSQU3054383 tại cổng B` }, 'officer');
  }
  core.close();
}

/** Copies a closed database onto "read-only media": a 0444 file in a 0555 folder, no -wal/-shm. */
function evidenceCopy(src: string): string {
  const dir = path.join(t.dir, 'evidence');
  fs.mkdirSync(dir);
  const file = path.join(dir, 'station.sqlite');
  fs.copyFileSync(src, file);
  fs.chmodSync(file, 0o444);
  fs.chmodSync(dir, 0o555);
  readOnlyDirs.push(dir);
  expect(fs.readdirSync(dir)).toEqual(['station.sqlite']);
  return file;
}

const snapshot = (file: string) => ({
  sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
  mtimeMs: fs.statSync(file).mtimeMs,
  listing: fs.readdirSync(path.dirname(file)).sort(),
});

async function verifyFile(file: string, deep = false) {
  const db: DB = openDatabase(file, { readonly: true });
  try {
    return await verifyDatabase(db, { deep });
  } finally {
    db.close();
  }
}

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  return expect.fail('expected an error');
}

describe('verify on a read-only evidence copy', () => {
  it('verifies (also deep) without writing to the file or beside it', async () => {
    const src = path.join(t.dir, 'live.sqlite');
    await station(src);
    const file = evidenceCopy(src);
    // the copy is a WAL-mode database: opening it in place would need (and create) its -shm
    expect(fs.readFileSync(file).subarray(18, 20)).toEqual(Buffer.from([2, 2]));
    const before = snapshot(file);
    const quick = await verifyFile(file);
    expect(quick).toMatchObject({ ok: true, integrity: { ok: true }, projections: { ok: true, deep: false } });
    expect(quick.checked).toBeGreaterThan(5);
    const deep = await verifyFile(file, true);
    expect(deep).toMatchObject({ ok: true, projections: { ok: true, deep: true } });
    expect(snapshot(file)).toEqual(before);
  });

  it('verifies a database of an older schema version without migrating it', async () => {
    const src = path.join(t.dir, 'old.sqlite');
    const db = openDatabase(src, { migrateTo: 3 });
    const journal = new Journal(db, new FakeClock());
    journal.addProjector(stationProjector(db));
    journal.addProjector(usersProjector(db));
    journal.append({ type: 'station.set_up', actor: 'admin', payload: { code: 'KV06', name: 'Chi cục Hải quan khu vực VI', kind: 'regional', place: 'Lạng Sơn', parentBody: 'CỤC HẢI QUAN' } });
    journal.append({ type: 'user.created', actor: 'admin', payload: { userId: 'u-1', login: 'admin', fullName: 'Quản trị', title: '', roles: ['admin'], team: null } });
    db.close();
    const file = evidenceCopy(src);
    const userVersion = () => fs.readFileSync(file).readUInt32BE(60); // the header's user_version
    expect(userVersion()).toBe(3);
    expect(SCHEMA_VERSION).toBeGreaterThan(3);
    const before = snapshot(file);
    expect(await verifyFile(file)).toMatchObject({ ok: true, checked: 2, projections: { ok: true, deep: false } });
    // deep: the scratch copy is migrated (as the app would), never the file itself
    expect(await verifyFile(file, true)).toMatchObject({ ok: true, projections: { ok: true, deep: true } });
    expect(userVersion()).toBe(3);
    expect(snapshot(file)).toEqual(before);
  });

  it('a live database (its -shm present) is opened in place, read-only, while the app writes', async () => {
    const file = path.join(t.dir, 'live.sqlite');
    await station(file, 1);
    const core = openCore({ dbPath: file });
    try {
      core.logbook.add({ kind: 'note', text: 'Ghi chú trong lúc kiểm tra' }, 'officer');
      expect(fs.existsSync(`${file}-shm`)).toBe(true);
      const db = openDatabase(file, { readonly: true });
      try {
        expect(db.name).toBe(file);
        expect(db.readonly).toBe(true);
        expect((await verifyDatabase(db)).checked).toBe(core.journal.head.seq);
      } finally {
        db.close();
      }
    } finally {
      core.close();
    }
  });
});

describe('verify reports the file itself', () => {
  // a cell pointer out of range (quick_check names the page itself); a page type byte that is
  // not a b-tree type (quick_check stops, and the dbstat walk names the page it cannot read)
  it.each([
    ['a cell pointer', 8, [0xff, 0xf0]],
    ['the page type', 0, [0x77]],
  ])('names the damaged page of a corrupted copy (%s), the header left intact', async (_what, offset, bytes) => {
    const src = path.join(t.dir, 'src.sqlite');
    await station(src, 40);
    const file = path.join(t.dir, 'damaged.sqlite');
    fs.copyFileSync(src, file);
    const raw = new Database(file);
    raw.pragma('journal_mode = DELETE');
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    const page = raw.prepare(`SELECT pageno FROM dbstat WHERE name = 'logbook_versions' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1`).pluck().get() as number;
    raw.close();
    expect(page).toBeGreaterThan(1);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from(bytes), 0, bytes.length, (page - 1) * pageSize + offset);
    fs.closeSync(fd);

    const r = await verifyFile(file);
    expect(r.ok).toBe(false);
    expect(r.integrity.ok).toBe(false);
    expect(r.integrity.problems.join('\n')).toMatch(new RegExp(`page ${page}\\b`));
    // the events are on other pages: the chain still verifies, and says so
    expect(r.firstBadSeq).toBeNull();
    expect(r.projections).toBeNull();
  });

  it('an empty (zero-byte) file is "no journal", not "OK: 0 events"', () => {
    const file = path.join(t.dir, 'empty.sqlite');
    fs.writeFileSync(file, '');
    const e = thrown(() => openDatabase(file, { readonly: true }));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('no_journal');
    expect(e.params).toEqual({ path: file });
    expect(fs.statSync(file).size).toBe(0);
  });

  it('a database with the schema but no events is "no journal"', async () => {
    const file = path.join(t.dir, 'blank.sqlite');
    openCore({ dbPath: file }).close();
    // the message names the file asked about, not the private copy it was read from
    await expect(verifyFile(file)).rejects.toMatchObject({ code: 'no_journal', params: { path: file } });
  });

  it('a file that is not a SQLite database is "not a database", with no SQLite stack', () => {
    const file = path.join(t.dir, 'notes.sqlite');
    fs.writeFileSync(file, 'Sổ nhật ký ca trực — bản nháp, không phải cơ sở dữ liệu\n'.repeat(20));
    const e = thrown(() => openDatabase(file, { readonly: true }));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('not_a_database');
    const tiny = path.join(t.dir, 'tiny.sqlite');
    fs.writeFileSync(tiny, 'SQLite');
    expect(thrown(() => openDatabase(tiny, { readonly: true })).code).toBe('not_a_database');
  });
});
