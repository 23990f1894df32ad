/**
 * `trucban verify [--deep]`, `logbook verify` (its alias) and `trucban rebuild`, run as the real
 * bin in child processes against real files: tampered projections, damaged pages, empty and
 * foreign files, a read-only evidence copy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tmpDir } from '../helpers';
import { trucban } from '../helpers/cli';

let t: ReturnType<typeof tmpDir>;
let db: string;
let readOnlyDir: string | null = null;

function sql<T>(fn: (d: Database.Database) => T): T {
  const d = new Database(db);
  try {
    return fn(d);
  } finally {
    d.close();
  }
}

beforeAll(() => {
  t = tmpDir('trucban-cli-verify-');
  db = path.join(t.dir, 'station.sqlite');
  const init = trucban('--db', db, 'init', '--station-code', '01B1', '--station-name', 'Hải quan cửa khẩu sân bay quốc tế Nội Bài');
  expect(init.code, init.err).toBe(0);
  const add = trucban('--db', db, 'call', 'users:create', JSON.stringify({ login: 'duc.pv', fullName: 'Phạm Văn Đức', roles: ['surveillance_officer'], password: 'mat-khau-cong-chuc-1' }), '--as', 'admin');
  expect(add.code, add.err).toBe(0);
  expect(trucban('--db', db, 'logbook', 'add', '--kind', 'work', '--text', 'Nhận bàn giao ca trực').code).toBe(0);
});
afterAll(() => {
  if (readOnlyDir) fs.chmodSync(readOnlyDir, 0o755);
  t.cleanup();
});

const lastEvent = () => sql((d) => d.prepare('SELECT type, payload FROM events ORDER BY seq DESC LIMIT 1').get() as { type: string; payload: string });

describe('trucban verify', () => {
  it('verify, verify --deep and logbook verify pass on an intact station', () => {
    const quick = trucban('--db', db, 'verify');
    expect(quick.code, quick.err).toBe(0);
    expect(quick.out).toMatch(/OK: \d+ events checked/);
    expect(quick.out).toMatch(/OK: users and station \(\d+ rows\) match the journal/);
    const deep = trucban('--db', db, 'verify', '--deep', '--json');
    expect(deep.code, deep.err).toBe(0);
    const r = JSON.parse(deep.out);
    expect(r).toMatchObject({ ok: true, integrity: { ok: true, problems: [] }, projections: { ok: true, deep: true, mismatch: null } });
    expect(r.projections.tables).toContain('users');
    const alias = trucban('--db', db, 'logbook', 'verify', '--deep');
    expect(alias.code, alias.err).toBe(0);
    expect(alias.out).toMatch(/OK: \d+ projections \(\d+ rows\) match the journal/);
  });

  it.each([
    ['roles', `UPDATE users SET roles = '["admin"]' WHERE login = 'duc.pv'`, (u: { roles: string[]; active: boolean }) => expect(u.roles).toEqual(['surveillance_officer'])],
    ['active', `UPDATE users SET active = 1 WHERE login = 'duc.pv'`, (u: { roles: string[]; active: boolean }) => expect(u.active).toBe(false)],
  ])('users.%s edited behind the app’s back: verify --deep exits 1 naming the row, the app refuses to start, rebuild repairs', (column, tamperSql, check) => {
    if (column === 'active') {
      const id = sql((d) => d.prepare(`SELECT user_id FROM users WHERE login = 'duc.pv'`).pluck().get() as string);
      expect(trucban('--db', db, 'call', 'users:update', JSON.stringify({ id, active: false }), '--as', 'admin').code).toBe(0);
    }
    const id = sql((d) => d.prepare(`SELECT user_id FROM users WHERE login = 'duc.pv'`).pluck().get() as string);
    sql((d) => d.exec(tamperSql));

    const deep = trucban('--db', db, 'verify', '--deep');
    expect(deep.code).toBe(1);
    expect(deep.err).toContain('Dữ liệu đã lưu không khớp với nhật ký dữ liệu (bảng users, dòng user_id=' + id + ')');
    expect(deep.err).toContain(`stored {"${column}":`);
    expect(deep.err).toMatch(/khôi phục bằng lệnh: trucban --db .*station\.sqlite" rebuild/);
    expect(deep.err).not.toMatch(/\n\s+at /); // no stack trace
    // the cheap check (users, station) runs without --deep too
    expect(trucban('--db', db, 'verify').code).toBe(1);

    // every command that opens the app refuses, with the same translated message
    const start = trucban('--db', db, 'call', 'users:list', '{}', '--as', 'admin');
    expect(start.code).toBe(1);
    expect(start.err).toContain(`bảng users, dòng user_id=${id}`);
    // browser mode too: serve refuses before it listens (it would otherwise run until killed)
    const serve = trucban('--db', db, 'serve', '--port', '0', '--no-open');
    expect(serve.code).toBe(1);
    expect(serve.err).toContain(`bảng users, dòng user_id=${id}`);
    const en = trucban('--db', db, 'logbook', 'search', 'ca', '--lang', 'en');
    expect(en.code).toBe(1);
    expect(en.err).toContain(`The stored data does not match the data journal (table users, row user_id=${id})`);

    // the evidence can still be copied before the repair: a backup decides nothing
    const evidence = path.join(t.dir, `evidence-${column}.sqlite`);
    const backup = trucban('--db', db, 'backup', '--out', evidence);
    expect(backup.code, backup.err).toBe(0);
    expect(trucban('--db', evidence, 'verify').code).toBe(1);

    const fixed = trucban('--db', db, 'rebuild', '--json');
    expect(fixed.code, fixed.err).toBe(0);
    const rebuilt = lastEvent();
    expect(rebuilt.type).toBe('store.projections_rebuilt');
    const payload = JSON.parse(rebuilt.payload);
    expect(payload.tables).toEqual(expect.arrayContaining(['users', 'logbook_entries', 'meta:station']));
    expect(payload.reason).toContain(`users user_id=${id} (${column})`);

    const after = trucban('--db', db, 'call', 'users:list', '{}', '--as', 'admin');
    expect(after.code, after.err).toBe(0);
    check((JSON.parse(after.out) as { login: string; roles: string[]; active: boolean }[]).find((u) => u.login === 'duc.pv')!);
    expect(trucban('--db', db, 'verify', '--deep').code).toBe(0);
  });

  it('rebuild refuses a journal whose chain is broken, and writes nothing', () => {
    const copy = path.join(t.dir, 'broken.sqlite');
    fs.copyFileSync(db, copy);
    const d = new Database(copy);
    d.exec('DROP TRIGGER events_no_update');
    d.exec(`UPDATE events SET payload = replace(payload, 'Nhận bàn giao', 'Không nhận') WHERE type = 'logbook.entry_added'`);
    const before = d.prepare('SELECT COUNT(*) FROM events').pluck().get();
    d.close();
    const v = trucban('--db', copy, 'verify');
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/^trucban: Chuỗi nhật ký dữ liệu bị đứt gãy tại bản ghi số \d+: .* — BROKEN at seq \d+: event \d+ was altered/);
    const r = trucban('--db', copy, 'rebuild');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Chuỗi nhật ký dữ liệu bị đứt gãy tại bản ghi số \d+/);
    const d2 = new Database(copy, { readonly: true });
    expect(d2.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(before);
    d2.close();
  });

  it('a read-only evidence copy (0444 file, 0555 folder, no -wal/-shm) verifies deep without a byte or a file changing', () => {
    const dir = path.join(t.dir, 'evidence');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'station.sqlite');
    fs.copyFileSync(db, file);
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dir, 0o555);
    readOnlyDir = dir;
    const sha = () => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const before = { sha: sha(), mtime: fs.statSync(file).mtimeMs, ls: fs.readdirSync(dir) };
    expect(before.ls).toEqual(['station.sqlite']);
    const r = trucban('--db', file, 'verify', '--deep');
    expect(r.code, r.err).toBe(0);
    expect({ sha: sha(), mtime: fs.statSync(file).mtimeMs, ls: fs.readdirSync(dir) }).toEqual(before);
  });

  it('a damaged page is reported by quick_check (exit 1, translated, the page named)', () => {
    const file = path.join(t.dir, 'damaged.sqlite');
    fs.copyFileSync(db, file);
    const d = new Database(file);
    d.pragma('journal_mode = DELETE');
    const pageSize = d.pragma('page_size', { simple: true }) as number;
    const page = d.prepare(`SELECT pageno FROM dbstat WHERE name = 'org_units' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1`).pluck().get() as number;
    d.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from([0xff, 0xf0]), 0, 2, (page - 1) * pageSize + 8); // first cell pointer
    fs.closeSync(fd);
    const r = trucban('--db', file, 'verify');
    expect(r.code).toBe(1);
    expect(r.err).toContain('Tệp cơ sở dữ liệu bị hỏng');
    expect(r.err).toMatch(new RegExp(`page ${page}\\b`));
  });

  it('an empty file is "no journal" and a foreign file "not a database": exit 1, translated, no stack trace', () => {
    const empty = path.join(t.dir, 'empty.sqlite');
    fs.writeFileSync(empty, '');
    const e = trucban('--db', empty, 'verify');
    expect(e.code).toBe(1);
    expect(e.out).not.toMatch(/OK/);
    expect(e.err).toContain(`trucban: Tệp ${empty} không chứa nhật ký dữ liệu`);
    expect(fs.statSync(empty).size).toBe(0);
    const en = trucban('--db', empty, 'logbook', 'verify', '--lang', 'en');
    expect(en.code).toBe(1);
    expect(en.err).toContain('holds no data journal');

    const foreign = path.join(t.dir, 'notes.txt');
    fs.writeFileSync(foreign, 'Biên bản bàn giao ca trực\n'.repeat(50));
    const f = trucban('--db', foreign, 'verify', '--deep');
    expect(f.code).toBe(1);
    expect(f.err).toContain('không phải là cơ sở dữ liệu của ứng dụng Trực ban');
    expect(f.err).not.toMatch(/\n\s+at |SqliteError/);
  });
});
