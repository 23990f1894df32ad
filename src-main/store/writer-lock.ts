import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sqliteOptions } from './native';
import { AppError } from '../../src-shared/errors';
import { createOwnerOnly, mkdirOwnerOnly } from './file-modes';

/**
 * One writer per station database. The journal keeps its head (seq, hash, HLC) in memory, so
 * a second process appending to the same file would make every later append of the first one
 * fail. The core therefore holds an exclusive lock for its whole life:
 *
 * a sidecar SQLite file `<db>.lock`, opened with `locking_mode=EXCLUSIVE` and written once, so
 * SQLite takes and keeps its own OS lock on it (POSIX advisory locks on Linux/macOS, LockFileEx
 * on Windows). The operating system drops that lock when the process ends in any way, kill -9
 * and power loss included, so a crashed app never leaves a stale lock behind. The station
 * database itself stays in normal locking mode: read-only connections (the verify workers, the
 * CLI's read-only commands, export jobs) keep reading it while the app runs.
 *
 * The lock file is never deleted (deleting it while another process waits on the old inode
 * would let two processes each hold "the" lock). Who holds it is written beside it in
 * `<db>.lock.owner` (informational only: it names the process in the refusal message).
 */
export interface WriterLock {
  readonly file: string;
  release(): void;
}

export interface LockOptions {
  nativeBinding?: string;
}

interface LockOwner {
  pid: number;
  since: number;
}

const busy = (e: unknown): boolean => {
  const code = (e as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY'));
};

function readOwner(file: string): LockOwner | null {
  try {
    const o = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof o.pid === 'number' && typeof o.since === 'number' ? { pid: o.pid, since: o.since } : null;
  } catch {
    return null;
  }
}

/**
 * Takes the writer lock of `dbPath` or throws `station_busy` (with the holder's pid when known).
 * Never waits: a second writer is told at once.
 */
export function acquireWriterLock(dbPath: string, opts: LockOptions = {}): WriterLock {
  const file = `${dbPath}.lock`;
  const ownerFile = `${file}.owner`;
  // the lock is taken before the database is opened: folders it creates are the station's (0700)
  mkdirOwnerOnly(path.dirname(path.resolve(file)));
  if (!fs.existsSync(file)) {
    try {
      createOwnerOnly(file);
    } catch {
      // another process created it first: it is opened below all the same
    }
  }
  const db = new Database(file, sqliteOptions({ timeout: 0 }, opts.nativeBinding));
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = MEMORY');
    // the first write takes SQLite's EXCLUSIVE lock; in this locking mode it is kept until close
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since INTEGER NOT NULL)');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, Date.now());
    db.exec('COMMIT');
  } catch (e) {
    db.close();
    if (busy(e)) {
      const owner = readOwner(ownerFile);
      throw new AppError('station_busy', `the station database ${dbPath} is open in another process${owner ? ` (pid ${owner.pid})` : ''}`, {
        params: owner ? { path: dbPath, pid: owner.pid } : { path: dbPath },
      });
    }
    throw e;
  }
  try {
    fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, since: Date.now() } satisfies LockOwner), { mode: 0o600 });
  } catch {
    // informational only
  }
  let held = true;
  return {
    file,
    release() {
      if (!held) return;
      held = false;
      try {
        if (readOwner(ownerFile)?.pid === process.pid) fs.rmSync(ownerFile, { force: true });
      } catch {
        // informational only
      }
      db.close();
    },
  };
}
