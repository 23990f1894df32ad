/**
 * Owner-only file modes for everything the station writes that holds its data or secrets: the
 * database and its -wal/-shm, attachments, backups (docs/security.md, “Secrets stay secret”). Files are
 * 0600 and the folders we create 0700, whatever the process umask: modes are set with chmod
 * after creation, not left to the umask. On Windows (no POSIX modes) these are no-ops; the
 * profile folder's ACL is what protects the files there.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export const OWNER_FILE_MODE = 0o600;
export const OWNER_DIR_MODE = 0o700;

const posix = process.platform !== 'win32';

/** Sets an existing file to 0600. */
export function ownerOnly(file: string): void {
  if (posix) fs.chmodSync(file, OWNER_FILE_MODE);
}

/** Sets a file to 0600 if it exists (e.g. SQLite's -wal and -shm). */
export function ownerOnlyIfExists(file: string): void {
  if (!posix) return;
  try {
    fs.chmodSync(file, OWNER_FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/**
 * `mkdir -p` where every folder it creates is 0700; folders that already existed are left as
 * they are (the user's own choice of parent folder), except `dir` itself when `tighten` is set
 * (a folder that is ours, such as `<db>.attachments`).
 */
export function mkdirOwnerOnly(dir: string, opts: { tighten?: boolean } = {}): void {
  const abs = path.resolve(dir);
  const first = fs.mkdirSync(abs, { recursive: true, mode: OWNER_DIR_MODE });
  if (!posix) return;
  if (first) {
    // chmod every folder created, from the first one down to `dir` (the umask may have cut the mode)
    const rel = path.relative(first, abs);
    let cur = first;
    fs.chmodSync(cur, OWNER_DIR_MODE);
    for (const part of rel ? rel.split(path.sep) : []) {
      cur = path.join(cur, part);
      fs.chmodSync(cur, OWNER_DIR_MODE);
    }
  } else if (opts.tighten) {
    fs.chmodSync(abs, OWNER_DIR_MODE);
  }
}

/** Creates `file` (it must not exist) empty and 0600; returns nothing, the caller opens it. */
export function createOwnerOnly(file: string): void {
  const fd = fs.openSync(file, 'wx', OWNER_FILE_MODE);
  try {
    if (posix) fs.fchmodSync(fd, OWNER_FILE_MODE);
  } finally {
    fs.closeSync(fd);
  }
}

/** Opens a new file for writing (`wx`), 0600 whatever the umask; returns its descriptor. */
export function openOwnerOnly(file: string): number {
  const fd = fs.openSync(file, 'wx', OWNER_FILE_MODE);
  try {
    if (posix) fs.fchmodSync(fd, OWNER_FILE_MODE);
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  return fd;
}

/**
 * Writes `data` to `file` durably and owner-only: a temporary name beside it (0600 from the
 * start), fsync, then rename, so a crash never leaves a half-written file under the name.
 */
export function writeOwnerOnlyDurable(file: string, data: Buffer): void {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openOwnerOnly(tmp);
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
