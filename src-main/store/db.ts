import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sqliteOptions } from './native';
import { AppError } from '../../src-shared/errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { createOwnerOnly, mkdirOwnerOnly, ownerOnlyIfExists } from './file-modes';

export type DB = Database.Database;

export interface OpenOptions {
  /** Create the file when missing (default true). */
  create?: boolean;
  readonly?: boolean;
  /** better-sqlite3 native module built for Electron (docs/architecture.md, "Running without the Electron binary"). */
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
  if (opts.readonly && file !== ':memory:' && fs.existsSync(file)) return openReadonly(file, opts);
  if (file !== ':memory:' && !fs.existsSync(file)) {
    if (!create || opts.readonly) {
      throw new AppError('db_missing', `database file not found: ${file}`, { params: { path: file } });
    }
    // owner-only from the first byte: the file holds credential hashes and camera secrets
    mkdirOwnerOnly(path.dirname(path.resolve(file)));
    createOwnerOnly(file);
  }
  const db = new Database(file, sqliteOptions({ readonly: opts.readonly ?? false }, opts.nativeBinding));
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
    // safety valve for long bursts (an append wrote ~23 WAL pages at first, ~12 since migration
    // 13: 1000 meant one checkpoint, 5–7 ms at 1M entries, every ~45 appends).
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

/** Read-only connections opened on a private copy, and the file each was copied from. */
const copies = new WeakMap<DB, string>();

/** The file a connection reads: its own name, or the file its private read-only copy came from. */
export function sourcePath(db: DB): string {
  return copies.get(db) ?? db.name;
}

/** The 16 bytes every SQLite database file starts with. */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens an existing file for reading only, never writing to it or beside it: an evidence copy
 * may sit on read-only media (or be opened by root, whom file modes do not stop). The file is
 * never migrated. An empty file is `no_journal`; a file that does not start with SQLite's
 * header is `not_a_database`.
 *
 * A WAL-mode database needs its `-shm` index: opening it read-only where that file is missing
 * would create it (or fail where the folder is read-only). SQLite's `immutable=1` URI would
 * avoid that, but this build of better-sqlite3 opens without URI support, so such a file (and
 * its `-wal`, when present) is copied into a private temporary folder and the copy is opened;
 * the folder is removed on close. A live database (its `-shm` exists) is opened in place.
 */
function openReadonly(file: string, opts: OpenOptions): DB {
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  let n: number;
  try {
    n = fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (n === 0) throw new AppError('no_journal', `${file} is empty: there is no journal to verify`, { params: { path: file } });
  if (n < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw new AppError('not_a_database', `${file} is not a SQLite database`, { params: { path: file } });
  }
  // header bytes 18 and 19 (read and write format versions) are 2 in WAL mode
  const wal = header[18] === 2 || header[19] === 2;
  let target = file;
  let scratch: string | null = null;
  if (wal && !fs.existsSync(`${file}-shm`)) {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-ro-'));
    target = path.join(scratch, 'copy.sqlite');
    fs.copyFileSync(file, target);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${target}-wal`);
  }
  const removeScratch = () => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  };
  let db: DB;
  try {
    db = new Database(target, sqliteOptions({ readonly: true, fileMustExist: true }, opts.nativeBinding));
  } catch (e) {
    removeScratch();
    throw e;
  }
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32000');
    db.pragma('temp_store = MEMORY');
    let current: number;
    try {
      // the first read of the schema: a damaged header or a foreign file fails here
      current = db.pragma('user_version', { simple: true }) as number;
      db.prepare('SELECT COUNT(*) FROM sqlite_schema').pluck().get();
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
        throw new AppError('not_a_database', `${file} is not a SQLite database`, { params: { path: file } });
      }
      throw e;
    }
    if (current > SCHEMA_VERSION) {
      throw new AppError(
        'db_newer_version',
        `database schema version ${current} was written by a newer version of Trực ban (this one knows up to ${SCHEMA_VERSION}); upgrade the app — the file was not changed`,
        { params: { found: current, supported: SCHEMA_VERSION } },
      );
    }
  } catch (e) {
    db.close();
    removeScratch();
    throw e;
  }
  if (scratch) {
    copies.set(db, file);
    const close = db.close.bind(db);
    db.close = () => {
      close();
      removeScratch();
      return db;
    };
  }
  return db;
}
