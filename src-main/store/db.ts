import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { createOwnerOnly, mkdirOwnerOnly, ownerOnlyIfExists } from './file-modes';

export type DB = Database.Database;

export interface OpenOptions {
  /** Create the file when missing (default true). */
  create?: boolean;
  readonly?: boolean;
  /** better-sqlite3 native module built for Electron (design.md §6). */
  nativeBinding?: string;
  /** Apply migrations up to this version only (tests of upgrades from older versions). */
  migrateTo?: number;
}

/**
 * Opens a station database: WAL, synchronous=FULL (an acknowledged append survives power
 * loss), foreign keys, and migrations to the current schema in one transaction. Refuses a
 * database written by a newer version of the app with a clear error instead of touching it.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): DB {
  const create = opts.create ?? true;
  if (file !== ':memory:' && !fs.existsSync(file)) {
    if (!create || opts.readonly) {
      throw new AppError('db_missing', `database file not found: ${file}`, { params: { path: file } });
    }
    // owner-only from the first byte: the file holds credential hashes and camera secrets
    mkdirOwnerOnly(path.dirname(path.resolve(file)));
    createOwnerOnly(file);
  }
  const dbOpts: Database.Options = { readonly: opts.readonly ?? false };
  if (opts.nativeBinding) dbOpts.nativeBinding = opts.nativeBinding;
  const db = new Database(file, dbOpts);
  try {
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32000');
    db.pragma('temp_store = MEMORY');
    // Checkpoints run in Journal.maintain() once the app is idle; the automatic one is only a
    // safety valve for long bursts (an append writes ~23 WAL pages: 1000 meant one checkpoint,
    // 5–7 ms at 1M entries, every ~45 appends).
    db.pragma('wal_autocheckpoint = 10000');
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new AppError(
        'db_newer_version',
        `database schema version ${current} was written by a newer version of Trực ban (this one knows up to ${SCHEMA_VERSION}); upgrade the app — the file was not changed`,
        { params: { found: current, supported: SCHEMA_VERSION } },
      );
    }
    if (!opts.readonly) migrate(db, opts.migrateTo ?? SCHEMA_VERSION);
    if (!opts.readonly && file !== ':memory:' && file !== '') tightenModes(file);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * The database, its -wal and -shm (SQLite gives them the main file's mode, but files left by an
 * older version may be wider) to 0600. A file we do not own (EPERM) is left as it is.
 */
function tightenModes(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      ownerOnlyIfExists(f);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
    }
  }
}

/** Applies every pending migration in one transaction (all or nothing). */
export function migrate(db: DB, target = SCHEMA_VERSION): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = MIGRATIONS.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`user_version = ${pending[pending.length - 1]!.version}`);
  }).immediate();
  return target;
}

export function schemaVersion(db: DB): number {
  return db.pragma('user_version', { simple: true }) as number;
}
