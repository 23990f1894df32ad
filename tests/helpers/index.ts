import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openCore } from '../../src-main/app/core';
import type { Core } from '../../src-main/app/core';
import type { Clock } from '../../src-main/journal/clock';
import { AppError } from '../../src-shared/errors';

/** A fresh temp directory, removed by `cleanup()`. */
export function tmpDir(prefix = 'trucban-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A settable clock; starts at 22/11/2026 14:00 Asia/Ho_Chi_Minh unless told otherwise. */
export class FakeClock implements Clock {
  /** Monotonic milliseconds: moved by advance(), not by jump() (a wall clock that was changed). */
  public mono = 0;
  constructor(public t = Date.UTC(2026, 10, 22, 7, 0, 0)) {}
  now(): number {
    return this.t;
  }
  monotonic(): number {
    return this.mono;
  }
  /** Time passes: wall and monotonic clocks move together. */
  advance(ms: number): void {
    this.t += ms;
    this.mono += ms;
  }
  /** Someone changes the machine's clock: only the wall clock moves. */
  jump(ms: number): void {
    this.t += ms;
  }
}

export const PASSWORD = 'mat-khau-thu-nghiem';

/** A core on a temp database with the station set up and one user per role. */
export async function stationCore(dbPath: string, clock = new FakeClock()): Promise<Core> {
  const core = openCore({ dbPath, clock });
  await core.setupStation(
    { code: 'KV06', name: 'Chi cục Hải quan khu vực VI', kind: 'regional_with_cameras', place: 'Lạng Sơn', parentBody: 'CỤC HẢI QUAN' },
    { login: 'admin', fullName: 'Quản trị', password: PASSWORD },
  );
  await core.users.create({ login: 'lead', fullName: 'Nguyễn Văn Hùng', roles: ['shift_leader'], password: PASSWORD }, 'admin');
  await core.users.create({ login: 'room', fullName: 'Trần Thị Lan', roles: ['room_leader'], password: PASSWORD }, 'admin');
  await core.users.create({ login: 'officer', fullName: 'Phạm Văn Đức', roles: ['surveillance_officer'], password: PASSWORD }, 'admin');
  return core;
}

/** What freshStation hands each test. */
export interface FreshStation {
  core: Core;
  clock: FakeClock;
  /** The test's temp directory (the database is `file` in it). */
  dir: string;
}

/**
 * A station of its own for every test of the file or describe block: set up (stationCore) in a
 * new temp directory before each test, closed and removed after it. `use` gets it before the
 * test runs, e.g. `freshStation((s) => ({ core, clock } = s))`, and may add to it (users …).
 */
export function freshStation(use: (s: FreshStation) => unknown, file = 'st.sqlite'): void {
  let t: ReturnType<typeof tmpDir> | null = null;
  let core: Core | null = null;
  beforeEach(async () => {
    t = tmpDir();
    const clock = new FakeClock();
    core = await stationCore(path.join(t.dir, file), clock);
    await use({ core, clock, dir: t.dir });
  });
  afterEach(() => {
    core?.close();
    t?.cleanup();
    core = null;
    t = null;
  });
}

/** Runs a channel as a user through the dispatcher, as a transport would. */
export async function callAs(core: Core, login: string | null, channel: string, input: unknown) {
  const sid = `test:${login ?? 'anon'}:${Math.random()}`;
  if (login) core.dispatcher.adopt(sid, core.users.byLogin(login)!.id);
  try {
    return await core.dispatcher.call(channel, input, { sessionId: sid, transport: 'test' });
  } finally {
    core.dispatcher.endSession(sid);
  }
}

/** The typed error code `f` throws ('no error' when it does not throw), for refusal tests. */
export function errorCodeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${(e as Error).message}`;
  }
  return 'no error';
}
