import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openCore } from '../../src-main/app/core';
import { acquireWriterLock } from '../../src-main/store/writer-lock';
import { AppError } from '../../src-shared/errors';
import { stationCore, tmpDir } from '../helpers';

let t: ReturnType<typeof tmpDir>;
beforeAll(() => {
  t = tmpDir('trucban-lock-');
});
afterAll(() => t.cleanup());

const ROOT = path.resolve(__dirname, '../..');

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** A child process that holds the writer lock of `db` until killed. */
function holder(db: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '-e', `const { acquireWriterLock } = await import(${JSON.stringify(path.join(ROOT, 'src-main/store/writer-lock.ts'))}); acquireWriterLock(${JSON.stringify(db)}); console.log('held'); setInterval(() => {}, 1000);`],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const ready = new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.stdout.on('data', (d) => (String(d).includes('held') ? resolve() : undefined));
    child.once('exit', (code) => reject(new Error(`holder exited ${code}: ${err}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, ready, exited };
}

describe('writer lock', () => {
  it('a second writer core on the same database is refused with station_busy; the first keeps writing', async () => {
    const db = path.join(t.dir, 'a.sqlite');
    const first = await stationCore(db);
    const e = refusal(() => openCore({ dbPath: db, create: false }));
    expect(e.code).toBe('station_busy');
    expect(e.params?.pid).toBe(process.pid);
    // the refused opener changed nothing and the first writer still appends
    const entry = first.logbook.add({ kind: 'note', text: 'Sau lần mở thứ hai' }, 'officer');
    expect(entry.seq).toBeGreaterThan(0);
    // a read-only core reads alongside, without the lock
    const reader = openCore({ dbPath: db, readonly: true });
    expect(reader.logbook.get(entry.id).text).toBe('Sau lần mở thứ hai');
    expect((await reader.verifyParallel()).ok).toBe(true);
    reader.close();
    first.close();
    // released on close: the next writer opens
    const next = openCore({ dbPath: db, create: false });
    expect(next.logbook.get(entry.id).id).toBe(entry.id);
    next.close();
  });

  it('is released by the operating system when the holder is killed with SIGKILL', async () => {
    const db = path.join(t.dir, 'b.sqlite');
    (await stationCore(db)).close();
    const h = holder(db);
    try {
      await h.ready;
      expect(refusal(() => acquireWriterLock(db)).code).toBe('station_busy');
      expect(refusal(() => openCore({ dbPath: db, create: false })).code).toBe('station_busy');
    } finally {
      h.child.kill('SIGKILL');
      await h.exited;
    }
    const core = openCore({ dbPath: db, create: false });
    expect(core.verify().ok).toBe(true);
    core.close();
  });

  it('takes no lock for a missing database opened without create, nor for read-only cores', () => {
    const missing = path.join(t.dir, 'missing.sqlite');
    expect(refusal(() => openCore({ dbPath: missing, create: false })).code).toBe('db_missing');
    expect(fs.existsSync(`${missing}.lock`)).toBe(false);
    expect(fs.existsSync(missing)).toBe(false);
  });
});
