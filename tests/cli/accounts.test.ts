/**
 * The CLI's account commands: `init` prints a temporary administrator password (never takes one
 * on the command line), and `admin reset` recovers a station whose administrator password is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tmpDir } from '../helpers';
import { openCore } from '../../src-main/app/core';
import { STATION_SET_UP } from '../../src-main/station/service';
import { runCli } from '../helpers/cli';

const trucban = runCli;

/** auth:login through the CLI's dispatcher (a fresh session, as a transport would). */
const signIn = (db: string, login: string, password: string) => {
  const r = trucban(['--db', db, 'call', 'auth:login', JSON.stringify({ login, password })]);
  return r.code === 0 ? { ok: true as const, value: JSON.parse(r.out) as { mustChangePassword: boolean; user: { login: string; roles: string[] } } } : { ok: false as const, err: r.err };
};

const events = (db: string) => {
  const d = new Database(db, { readonly: true });
  const rows = d.prepare('SELECT type, actor, payload FROM events ORDER BY seq').all() as { type: string; actor: string; payload: string }[];
  d.close();
  return rows;
};

let t: ReturnType<typeof tmpDir>;
beforeAll(() => {
  t = tmpDir('trucban-cli-accounts-');
});
afterAll(() => t.cleanup());

describe('trucban init', () => {
  it('generates a temporary admin password, says it must be changed, and the first sign-in must change it', () => {
    const db = path.join(t.dir, 'vi.sqlite');
    const r = trucban(['--db', db, 'init', '--station-code', '01B1', '--station-name', 'Hải quan cửa khẩu sân bay quốc tế Nội Bài']);
    expect(r.code, r.err).toBe(0);
    const pw = /mật khẩu tạm thời: (\S+)/.exec(r.out)?.[1];
    expect(pw).toMatch(/^[\w-]{16}$/);
    expect(r.out).toMatch(/phải được đổi ngay ở lần đăng nhập đầu tiên/);
    expect(signIn(db, 'admin', pw!)).toMatchObject({ ok: true, value: { mustChangePassword: true } });

    const en = path.join(t.dir, 'en.sqlite');
    const e = trucban(['--db', en, 'init', '--station-code', '01B1', '--station-name', 'Noi Bai'], { lang: 'en' });
    expect(e.code, e.err).toBe(0);
    expect(e.out).toMatch(/temporary password: [\w-]{16}\n.*must be changed at the first sign-in/);
    const j = trucban(['--db', path.join(t.dir, 'j.sqlite'), 'init', '--station-code', '01B1', '--station-name', 'X', '--json']);
    expect(JSON.parse(j.out)).toMatchObject({ admin: 'admin', password: expect.stringMatching(/^[\w-]{16}$/), mustChangePassword: true });
  });

  it('refuses a password on the command line (exit 2, no file); reads one from stdin instead', () => {
    const db = path.join(t.dir, 'argv.sqlite');
    const r = trucban(['--db', db, 'init', '--station-code', '01B1', '--station-name', 'X', '--admin-password', 'mat-khau-tren-dong-lenh']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--admin-password-stdin/);
    expect(fs.existsSync(db)).toBe(false);

    const s = trucban(['--db', db, 'init', '--station-code', '01B1', '--station-name', 'X', '--admin-password-stdin', '--json'], { input: 'mat-khau-tu-stdin\n' });
    expect(s.code, s.err).toBe(0);
    expect(s.out).not.toMatch(/mat-khau/);
    expect(JSON.parse(s.out)).not.toHaveProperty('password');
    // chosen by the operator, so not temporary
    expect(signIn(db, 'admin', 'mat-khau-tu-stdin')).toMatchObject({ ok: true, value: { mustChangePassword: false } });
    const short = trucban(['--db', path.join(t.dir, 'short.sqlite'), 'init', '--station-code', '01B1', '--station-name', 'X', '--admin-password-stdin'], { input: 'ngan\n' });
    expect(short.code).toBe(2);
    expect(fs.existsSync(path.join(t.dir, 'short.sqlite'))).toBe(false);
  });
});

describe('trucban init on an existing file', () => {
  it('completes a station an older build left without users; leaves any other file untouched', async () => {
    const half = path.join(t.dir, 'half.sqlite');
    const core = openCore({ dbPath: half });
    core.journal.append({ type: STATION_SET_UP, actor: 'admin', payload: { code: '01B1', name: 'Tên cũ', kind: 'hq', place: 'Hà Nội', parentBody: 'CỤC HẢI QUAN' } });
    core.close();
    const r = trucban(['--db', half, 'init', '--station-code', '01B1', '--station-name', 'Hải quan Nội Bài', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(signIn(half, 'admin', JSON.parse(r.out).password)).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    expect(trucban(['--db', half, 'logbook', 'verify']).code).toBe(0);
    // complete now: a second init is refused
    expect(trucban(['--db', half, 'init', '--station-code', '01B1', '--station-name', 'X']).code).toBe(2);

    const other = path.join(t.dir, 'other.sqlite');
    const d = new Database(other);
    d.exec('CREATE TABLE notes (x TEXT)');
    d.close();
    const before = fs.readFileSync(other);
    const o = trucban(['--db', other, 'init', '--station-code', '01B1', '--station-name', 'X']);
    expect(o.code).toBe(2);
    expect(fs.readFileSync(other).equals(before)).toBe(true);
  });
});

describe('trucban admin reset', () => {
  let db = '';
  beforeAll(() => {
    db = path.join(t.dir, 'reset.sqlite');
    const r = trucban(['--db', db, 'init', '--station-code', '01B1', '--station-name', 'X', '--admin-password-stdin'], { input: 'mat-khau-da-quen-mat\n' });
    expect(r.code, r.err).toBe(0);
  });

  it('gives a locked-out, forgotten admin a new temporary password, journaled without it', () => {
    // the password is lost and the account is locked by guessing
    for (let i = 0; i < 6; i++) signIn(db, 'admin', `doan-mo-${i}`);
    expect(signIn(db, 'admin', 'mat-khau-da-quen-mat')).toMatchObject({ ok: false, err: expect.stringMatching(/tạm khoá/) });
    const before = events(db).length;

    const r = trucban(['--db', db, 'admin', 'reset', '--login', 'admin']);
    expect(r.code, r.err).toBe(0);
    const pw = /mật khẩu tạm thời: (\S+)/.exec(r.out)?.[1];
    expect(pw).toMatch(/^[\w-]{16}$/);
    expect(r.out).toMatch(/phải được đổi ngay/);

    expect(signIn(db, 'admin', 'mat-khau-da-quen-mat')).toMatchObject({ ok: false });
    expect(signIn(db, 'admin', pw!)).toMatchObject({ ok: true, value: { mustChangePassword: true, user: { roles: ['admin'] } } });
    const added = events(db).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ type: 'user.admin_recovered', actor: `cli:${os.userInfo().username}` });
    expect(JSON.parse(added[0]!.payload)).toMatchObject({ login: 'admin', via: 'cli', osUser: os.userInfo().username, host: os.hostname() });
    expect(added[0]!.payload).not.toContain(pw!);
    expect(added[0]!.payload).not.toMatch(/scrypt/);
    expect(trucban(['--db', db, 'logbook', 'verify']).code).toBe(0);
  });

  it('makes a deactivated non-admin account an active admin again (English with --lang en)', () => {
    const mk = trucban(['--db', db, 'call', 'users:create', JSON.stringify({ login: 'lan.tt', fullName: 'Trần Thị Lan', roles: ['room_leader'], password: 'mat-khau-tam-cua-lan' }), '--as', 'admin']);
    expect(mk.code, mk.err).toBe(0);
    const id = JSON.parse(mk.out).id as string;
    expect(trucban(['--db', db, 'call', 'users:update', JSON.stringify({ id, active: false }), '--as', 'admin']).code).toBe(0);
    const r = trucban(['--db', db, 'admin', 'reset', '--login', 'LAN.TT', '--json'], { lang: 'en' });
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ login: 'lan.tt', active: true, roles: ['room_leader', 'admin'], mustChangePassword: true });
    expect(signIn(db, 'lan.tt', j.password)).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    const text = trucban(['--db', db, 'admin', 'reset', '--login', 'lan.tt', '--lang', 'en']);
    expect(text.out).toMatch(/Administrator account lan\.tt reset .* temporary password: [\w-]{16}\n.*must be changed at the first sign-in/);
  });

  it('an unknown login or a missing database is exit 2 and changes nothing', () => {
    const before = events(db).length;
    const r = trucban(['--db', db, 'admin', 'reset', '--login', 'khong-co']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/khong-co/);
    expect(events(db).length).toBe(before);
    const missing = path.join(t.dir, 'missing.sqlite');
    expect(trucban(['--db', missing, 'admin', 'reset', '--login', 'admin']).code).toBe(2);
    expect(fs.existsSync(missing)).toBe(false);
  });
});
