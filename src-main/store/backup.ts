import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { sqliteOptions } from './native';
import type { DB } from './db';
import { verifyJournal } from '../journal/journal';
import { renewNodeId } from '../journal/node-id';
import type { NodeChange } from '../journal/node-id';
import { mkdirOwnerOnly, ownerOnly, writeOwnerOnlyDurable } from './file-modes';
import type { VerifyReport } from '../../src-shared/domain/org';
import { AppError } from '../../src-shared/errors';

export interface BackupReport {
  file: string;
  bytes: number;
  pages: number;
  integrity: string;
  journal: VerifyReport;
  /** `<file>.attachments`: the evidence the copy's `attachments` table references. */
  attachmentsDir: string;
  /** Blobs copied (or already present in the backup folder), each checked by sha256. */
  attachments: number;
  attachmentBytes: number;
  /** Referenced blobs missing or corrupted in the station's store (not copied; named here). */
  missing: string[];
}

export interface RestoreReport {
  file: string;
  bytes: number;
  journal: VerifyReport;
  attachmentsDir: string;
  attachments: number;
  attachmentBytes: number;
  /** The restored copy is a new installation: its new HLC node id (the backup's is kept in its history). */
  node: NodeChange;
}

// Backups hold the whole journal and the evidence: readable by the owner only (the same
// file-mode helpers as the station's own files, src-main/store/file-modes.ts).

/** Where a database's attachments live (the AttachmentStore's layout). */
export const attachmentsDirOf = (dbFile: string): string => `${path.resolve(dbFile)}.attachments`;
const blobPath = (dir: string, sha256: string): string => path.join(dir, sha256.slice(0, 2), sha256);
const sha256Of = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** A folder of ours (the attachments tree of a copy): 0700, also when it already exists. */
const mkdirPrivate = (dir: string): void => mkdirOwnerOnly(dir, { tighten: true });
const writeDurable = writeOwnerOnlyDurable;

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch {
    // not every platform can fsync a directory (Windows); the renames are still atomic
  }
}

/** The attachments a database references (sha256 and size), or [] before migration 2. */
function referencedBlobs(db: Database.Database): { sha256: string; size: number }[] {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'").get();
  return has ? (db.prepare('SELECT sha256, size FROM attachments ORDER BY sha256').all() as { sha256: string; size: number }[]) : [];
}

/**
 * Online backup with SQLite's backup API. All pages are copied in one step, which holds a read
 * snapshot: in WAL mode the writer is not blocked and the copy is consistent as of one moment.
 * The copy is written beside the target, checked (integrity_check + hash chain), fsynced and
 * only then renamed into place, so a failed backup never leaves a half file under the name.
 *
 * The evidence goes with it: every blob the copy's `attachments` table references is copied
 * into `<out>.attachments/` in the store's content-addressed layout, checked by sha256 on the
 * way (blobs are never changed or deleted, so every row of the snapshot has its blob). A blob
 * already in that folder with the right hash is kept, so repeated backups to one name are
 * incremental. Files are 0600, folders 0700. A referenced blob that is missing or corrupted in
 * the station's own store is not copied and is named in `missing` (the CLI then exits 1).
 */
export async function backupDatabase(db: DB, out: string, opts: { attachmentsDir?: string } = {}): Promise<BackupReport> {
  const target = path.resolve(out);
  // the folder the administrator chose keeps its mode; folders created for it are 0700
  mkdirOwnerOnly(path.dirname(target));
  const tmp = `${target}.partial`;
  fs.rmSync(tmp, { force: true });
  const progress = await db.backup(tmp, { progress: () => 0x7fffffff });
  ownerOnly(tmp);
  const copy = new Database(tmp, sqliteOptions());
  let integrity: string;
  let journal: VerifyReport;
  let blobs: { sha256: string; size: number }[];
  try {
    copy.pragma('journal_mode = DELETE');
    integrity = copy.pragma('integrity_check', { simple: true }) as string;
    journal = verifyJournal(copy);
    blobs = referencedBlobs(copy);
  } finally {
    copy.close();
  }
  if (integrity !== 'ok' || !journal.ok) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`backup check failed: integrity ${integrity}; journal ${journal.problem ?? 'ok'}`);
  }
  const sourceDir = opts.attachmentsDir ?? attachmentsDirOf(db.name);
  const outDir = `${target}.attachments`;
  const missing: string[] = [];
  let copied = 0;
  let bytes = 0;
  if (blobs.length > 0) mkdirPrivate(outDir);
  for (const b of blobs) {
    const dest = blobPath(outDir, b.sha256);
    if (fs.existsSync(dest) && sha256Of(fs.readFileSync(dest)) === b.sha256) {
      copied++;
      bytes += b.size;
      continue;
    }
    let data: Buffer;
    try {
      data = fs.readFileSync(blobPath(sourceDir, b.sha256));
    } catch {
      missing.push(b.sha256);
      continue;
    }
    if (sha256Of(data) !== b.sha256) {
      missing.push(b.sha256);
      continue;
    }
    mkdirPrivate(path.dirname(dest));
    writeDurable(dest, data);
    copied++;
    bytes += data.length;
  }
  for (const sub of new Set(blobs.map((b) => path.dirname(blobPath(outDir, b.sha256))))) if (fs.existsSync(sub)) fsyncDir(sub);
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, target);
  fsyncDir(path.dirname(target));
  return {
    file: target,
    bytes: fs.statSync(target).size,
    pages: progress.totalPages,
    integrity,
    journal,
    attachmentsDir: outDir,
    attachments: copied,
    attachmentBytes: bytes,
    missing,
  };
}

const invalid = (reason: string): AppError => new AppError('backup_invalid', `backup is not usable: ${reason}`, { field: 'from', params: { reason } });

/**
 * Restores a backup into a new database path: refuses to overwrite anything (the database, its
 * WAL or attachments folder), checks the copy first (integrity_check, the hash chain, every
 * referenced attachment present with its sha256), then copies the database and the
 * attachments each under a temporary name, fsyncs and renames them into place (the folder
 * last but one, the database last), so an interrupted restore leaves no database at `to`.
 */
export function restoreDatabase(from: string, to: string): RestoreReport {
  const src = path.resolve(from);
  const dst = path.resolve(to);
  const srcDir = `${src}.attachments`;
  const dstDir = attachmentsDirOf(dst);
  for (const f of [dst, `${dst}-wal`, `${dst}-shm`, dstDir]) {
    if (fs.existsSync(f)) throw new AppError('restore_target_exists', `refusing to overwrite ${f}`, { field: 'db', params: { path: f } });
  }
  if (!fs.existsSync(src)) throw invalid(`${src} does not exist`);
  if (src === dst) throw invalid('source and target are the same file');

  let journal: VerifyReport;
  let blobs: { sha256: string; size: number }[];
  let check: Database.Database;
  try {
    check = new Database(src, sqliteOptions({ readonly: true, fileMustExist: true }));
  } catch (e) {
    throw invalid(`cannot open ${src}: ${(e as Error).message}`);
  }
  try {
    let integrity: string;
    try {
      integrity = check.pragma('integrity_check', { simple: true }) as string;
    } catch (e) {
      throw invalid(`not a SQLite database: ${(e as Error).message}`);
    }
    if (integrity !== 'ok') throw invalid(`integrity check: ${integrity}`);
    journal = verifyJournal(check);
    if (!journal.ok) throw invalid(`journal broken at seq ${journal.firstBadSeq}: ${journal.problem}`);
    blobs = referencedBlobs(check);
  } finally {
    check.close();
  }
  const datas = new Map<string, Buffer>();
  for (const b of blobs) {
    let data: Buffer;
    try {
      data = fs.readFileSync(blobPath(srcDir, b.sha256));
    } catch {
      throw invalid(`attachment ${b.sha256} is missing from ${srcDir}`);
    }
    if (sha256Of(data) !== b.sha256 || data.length !== b.size) throw invalid(`attachment ${b.sha256} is corrupted`);
    datas.set(b.sha256, data);
  }

  mkdirOwnerOnly(path.dirname(dst));
  const tmpDb = `${dst}.restoring`;
  const tmpDir = `${dstDir}.restoring`;
  fs.rmSync(tmpDb, { force: true });
  fs.rmSync(tmpDir, { recursive: true, force: true });
  try {
    writeDurable(tmpDb, fs.readFileSync(src));
    let bytes = 0;
    if (blobs.length > 0) {
      mkdirPrivate(tmpDir);
      for (const [sha256, data] of datas) {
        const dest = blobPath(tmpDir, sha256);
        mkdirPrivate(path.dirname(dest));
        writeDurable(dest, data);
        bytes += data.length;
      }
      for (const sub of fs.readdirSync(tmpDir)) fsyncDir(path.join(tmpDir, sub));
      fsyncDir(tmpDir);
      fs.renameSync(tmpDir, dstDir);
    }
    // the restored copy is checked once more where it lies, before it takes the name
    const copy = new Database(tmpDb, sqliteOptions({ fileMustExist: true }));
    let node: NodeChange;
    try {
      const again = verifyJournal(copy);
      if (!again.ok) throw invalid(`restored copy does not verify: ${again.problem}`);
      // a new place, a new installation: its events must not carry the backup's node id
      // (docs/architecture.md, "The hybrid logical clock"); recorded in meta, not journaled
      node = renewNodeId(copy, Date.now());
      copy.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      copy.close();
    }
    fs.renameSync(tmpDb, dst);
    fsyncDir(path.dirname(dst));
    return { file: dst, bytes: fs.statSync(dst).size, journal, attachmentsDir: dstDir, attachments: datas.size, attachmentBytes: bytes, node };
  } catch (e) {
    fs.rmSync(tmpDb, { force: true });
    fs.rmSync(tmpDir, { recursive: true, force: true });
    if (fs.existsSync(dstDir) && !fs.existsSync(dst)) fs.rmSync(dstDir, { recursive: true, force: true });
    throw e;
  }
}
