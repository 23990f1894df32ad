import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { DB } from '../store/db';
import { mkdirOwnerOnly, openOwnerOnly } from '../store/file-modes';
import type { AttachmentRef } from '../../src-shared/domain/logbook';

/**
 * Content-addressed attachment store beside the database: `<db>.attachments/ab/abcdef…`.
 * A file is written to a temporary name, fsynced, then renamed, so a crash never leaves a
 * half-written blob under its hash. The same content stored twice is stored once. Folders are
 * 0700 and blobs 0600 (store/file-modes.ts).
 */
export class AttachmentStore {
  readonly dir: string;
  constructor(
    private readonly db: DB,
    dbFile: string,
    private readonly now: () => number,
  ) {
    this.dir = dbFile === ':memory:' ? fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'trucban-att-')) : `${dbFile}.attachments`;
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad sha256');
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  put(data: Buffer, name: string, mime: string): AttachmentRef {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const file = this.pathOf(sha256);
    if (!fs.existsSync(file)) {
      // the tree is ours: 0700 folders, 0600 blobs (evidence pictures and forms), whatever the umask
      mkdirOwnerOnly(this.dir, { tighten: true });
      mkdirOwnerOnly(path.dirname(file), { tighten: true });
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
    this.db
      .prepare('INSERT OR IGNORE INTO attachments (sha256, size, mime, name, stored_at) VALUES (?, ?, ?, ?, ?)')
      .run(sha256, data.length, mime, name.normalize('NFC'), this.now());
    return { sha256, size: data.length, mime, name: name.normalize('NFC') };
  }

  describe(sha256: string): AttachmentRef | null {
    const r = this.db.prepare('SELECT sha256, size, mime, name FROM attachments WHERE sha256 = ?').get(sha256) as AttachmentRef | undefined;
    return r && fs.existsSync(this.pathOf(sha256)) ? r : null;
  }

  read(sha256: string): Buffer {
    const data = fs.readFileSync(this.pathOf(sha256));
    if (createHash('sha256').update(data).digest('hex') !== sha256) throw new Error(`attachment ${sha256} is corrupted`);
    return data;
  }
}
