/**
 * Sign-in under concurrency and without login enumeration: parallel guesses through the
 * dispatcher cannot outrun the lockout, and an unknown login costs and answers the same as a
 * known one with a wrong password.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import type * as Crypto from 'node:crypto';

// Real hashes at a cost other than the old fixed dummy's (N=1024), so the work can be compared.
vi.hoisted(() => {
  process.env.TRUCBAN_SCRYPT_N = '2048';
});

/** Every scrypt call's N, in order (the real scrypt still runs). */
const scryptCalls = vi.hoisted(() => [] as number[]);
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof Crypto>();
  const scrypt = (...args: unknown[]) => {
    const opts = args[3] as { N?: number } | undefined;
    scryptCalls.push(typeof opts === 'object' && opts?.N ? opts.N : 16384);
    return (real.scrypt as (...a: unknown[]) => void)(...args);
  };
  return { ...real, default: { ...real, scrypt }, scrypt };
});

import type { Core } from '../../src-main/app/core';
import { callAs, FakeClock, PASSWORD, stationCore, tmpDir } from '../helpers';
import { LOCKOUT_MS, MAX_CONCURRENT_SIGNINS, MAX_FAILED_LOGINS, USER_CREATED, usersProjector } from '../../src-main/users/service';
import type { Reply } from '../../src-shared/contract';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let clock: FakeClock;
beforeEach(async () => {
  t = tmpDir('trucban-signin-');
  clock = new FakeClock();
  core = await stationCore(path.join(t.dir, 'd.sqlite'), clock);
  // the first sign-in of a process also computes the dummy hash (one extra scrypt, once)
  await login('room', PASSWORD);
  scryptCalls.length = 0;
});
afterEach(() => {
  core.close();
  t.cleanup();
});

let n = 0;
const login = (loginName: string, password: string, sid = `ws:${++n}`) =>
  core.dispatcher.call('auth:login', { login: loginName, password }, { sessionId: sid, transport: 'test' });
const code = (r: Reply<unknown>) => (r.ok ? 'ok' : r.error.code);
const shape = (r: Reply<unknown>) => (r.ok ? { ok: true } : { code: r.error.code, params: r.error.params ?? null, field: r.error.field ?? null });

describe('sign-in lockout under concurrency', () => {
  it(`200 parallel wrong guesses: at most ${MAX_FAILED_LOGINS} are checked, the rest are refused; then even the right password waits for the lockout`, async () => {
    const answers: Reply<unknown>[] = [];
    // waves of 200 parallel guesses, each from its own connection, until the login is locked
    for (let wave = 0; wave < 10; wave++) {
      answers.push(...(await Promise.all(Array.from({ length: 200 }, () => login('officer', 'doan-sai-mat-khau')))));
    }
    const codes = answers.map(code);
    expect(new Set(codes)).toEqual(new Set(['bad_credentials', 'locked_out', 'signin_busy']));
    // each password check is one scrypt call: no more than the lockout allows
    expect(scryptCalls.length).toBeLessThanOrEqual(MAX_FAILED_LOGINS);
    expect(codes.filter((c) => c === 'bad_credentials').length).toBeLessThanOrEqual(MAX_FAILED_LOGINS - 1);
    // the first wave had at most MAX_CONCURRENT_SIGNINS checks in flight; the rest were refused at once
    expect(codes.slice(0, 200).filter((c) => c === 'signin_busy').length).toBeGreaterThanOrEqual(200 - MAX_CONCURRENT_SIGNINS);

    const checked = scryptCalls.length;
    expect(shape(await login('officer', PASSWORD))).toEqual({ code: 'locked_out', params: { minutes: 15 }, field: null });
    expect(scryptCalls.length).toBe(checked); // refused without a check
    clock.advance(LOCKOUT_MS - 60_000);
    expect(code(await login('officer', PASSWORD))).toBe('locked_out');
    clock.advance(60_001);
    expect(await login('officer', PASSWORD)).toMatchObject({ ok: true, value: { user: { login: 'officer' } } });
    // the success reset the counter: a new wrong guess has the full allowance again
    expect(shape(await login('officer', 'sai-lan-nua'))).toEqual({ code: 'bad_credentials', params: { left: MAX_FAILED_LOGINS - 1 }, field: null });
  });

  it('a guess counts before its check: a success in between resets, the lockout still comes after MAX attempts', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) expect(code(await login('officer', 'sai'))).toBe('bad_credentials');
    // the MAXth attempt may still be the right one
    expect(code(await login('officer', PASSWORD))).toBe('ok');
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) expect(code(await login('officer', 'sai'))).toBe('bad_credentials');
    expect(code(await login('officer', 'sai'))).toBe('locked_out');
    expect(code(await login('officer', PASSWORD))).toBe('locked_out');
    // other logins are not affected
    expect(code(await login('lead', PASSWORD))).toBe('ok');
  });

  it('one connection checks one password at a time, whatever the logins', async () => {
    const answers = await Promise.all(['officer', 'lead', 'room', 'admin', 'khong-co'].flatMap((l) => [login(l, 'sai', 'ws:same'), login(l, PASSWORD, 'ws:same')]));
    expect(scryptCalls.length).toBe(1);
    expect(answers.map(code).filter((c) => c === 'signin_busy')).toHaveLength(9);
    // nothing was counted for the refused ones: admin still has every attempt left
    expect(shape(await login('admin', 'sai'))).toEqual({ code: 'bad_credentials', params: { left: MAX_FAILED_LOGINS - 1 }, field: null });
  });

  it('unlocking a locked screen goes through the same counter', async () => {
    expect(code(await login('officer', PASSWORD, 'ws:screen'))).toBe('ok');
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await core.dispatcher.call('auth:unlock', { password: 'sai' }, { sessionId: 'ws:screen', transport: 'test' });
    expect(code(await core.dispatcher.call('auth:unlock', { password: PASSWORD }, { sessionId: 'ws:screen', transport: 'test' }))).toBe('locked_out');
  });
});

describe('no login enumeration', () => {
  it('an unknown or inactive login answers exactly like a known one with a wrong password, attempt after attempt', async () => {
    const id = core.users.byLogin('lead')!.id;
    expect(await callAs(core, 'admin', 'users:update', { id, active: false })).toMatchObject({ ok: true });
    const seq = async (l: string) => {
      const out = [];
      for (let i = 0; i < MAX_FAILED_LOGINS + 2; i++) out.push(shape(await login(l, i === MAX_FAILED_LOGINS + 1 ? PASSWORD : 'sai')));
      return out;
    };
    const known = await seq('officer');
    expect(known[0]).toEqual({ code: 'bad_credentials', params: { left: MAX_FAILED_LOGINS - 1 }, field: null });
    expect(known.at(-1)).toEqual({ code: 'locked_out', params: { minutes: 15 }, field: null });
    expect(await seq('khong-co')).toEqual(known);
    expect(await seq('lead')).toEqual(known); // inactive, even with its right password
  });

  it('an unknown login does the same scrypt work as a known one (same N, one call per attempt)', async () => {
    const realN = Number((core.db.prepare(`SELECT password_hash FROM credentials`).pluck().get() as string).split('$')[1]);
    expect(realN).toBe(2048);
    await login('officer', 'sai');
    const known = scryptCalls.splice(0);
    await login('khong-co', 'sai');
    const unknown = scryptCalls.splice(0);
    expect(known).toEqual([realN]);
    expect(unknown).toEqual([realN]);
    // the dummy hash is computed once, at the current parameters
    await login('ai-do-khac', 'sai');
    expect(scryptCalls).toEqual([realN]);
  });
});

describe('upgrade to migration 10', () => {
  it('a lockout in progress under the old columns still holds after the upgrade', async () => {
    const file = path.join(t.dir, 'old.sqlite');
    const { openDatabase } = await import('../../src-main/store/db');
    const { hashPassword } = await import('../../src-main/users/password');
    const { Journal } = await import('../../src-main/journal/journal');
    const old = openDatabase(file, { migrateTo: 9 });
    // the account as an older build journaled it (the start-up check compares users with the journal)
    const journal = new Journal(old, clock);
    journal.addProjector(usersProjector(old));
    journal.append({ type: USER_CREATED, actor: 'cu', payload: { userId: 'u1', login: 'cu', fullName: 'Người Cũ', title: '', roles: ['admin'], team: null } });
    old.prepare(`INSERT INTO credentials (user_id, password_hash, failed_count, locked_until, changed_at) VALUES ('u1', ?, 0, ?, 0)`).run(await hashPassword(PASSWORD), clock.now() + 60_000);
    old.close();
    const { openCore } = await import('../../src-main/app/core');
    const up = openCore({ dbPath: file, clock });
    try {
      const r = await up.dispatcher.call('auth:login', { login: 'cu', password: PASSWORD }, { sessionId: 'x', transport: 'test' });
      expect(r).toMatchObject({ ok: false, error: { code: 'locked_out', params: { minutes: 1 } } });
      clock.advance(60_001);
      expect(await up.dispatcher.call('auth:login', { login: 'cu', password: PASSWORD }, { sessionId: 'x', transport: 'test' })).toMatchObject({ ok: true, value: { mustChangePassword: false } });
    } finally {
      up.close();
    }
  });
});
