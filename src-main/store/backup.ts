import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DB } from './db';
import { verifyJournal } from '../journal/journal';
import type { VerifyReport } from '../../src-shared/domain/org';

export interface BackupReport {
  file: string;
  bytes: number;
  pages: number;
  integrity: string;
  journal: VerifyReport;
}

/**
 * Online backup with SQLite's backup API. All pages are copied in one step, which holds a read
 * snapshot: in WAL mode the writer is not blocked and the copy is consistent as of one moment.
 * The copy is written beside the target, checked (integrity_check + hash chain), fsynced and
 * only then renamed into place, so a failed backup never leaves a half file under the name.
 */
export async function backupDatabase(db: DB, out: string): Promise<BackupReport> {
  const target = path.resolve(out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.partial`;
  fs.rmSync(tmp, { force: true });
  const progress = await db.backup(tmp, { progress: () => 0x7fffffff });
  const copy = new Database(tmp);
  let integrity: string;
  let journal: VerifyReport;
  try {
    copy.pragma('journal_mode = DELETE');
    integrity = copy.pragma('integrity_check', { simple: true }) as string;
    journal = verifyJournal(copy);
  } finally {
    copy.close();
  }
  if (integrity !== 'ok' || !journal.ok) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`backup check failed: integrity ${integrity}; journal ${journal.problem ?? 'ok'}`);
  }
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, target);
  return { file: target, bytes: fs.statSync(target).size, pages: progress.totalPages, integrity, journal };
}
