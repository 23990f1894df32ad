import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { DB } from '../store/db';
import { mkdirOwnerOnly, writeOwnerOnlyDurable } from '../store/file-modes';
import type { AttachmentRef } from '../../src-shared/domain/logbook';
import { AppError } from '../../src-shared/errors';

/**
 * What may be stored, and how much (docs/security.md, “Output, times, attachments and backups”):
 * - every blob must be what its declared type says, judged by its first bytes (a declared
 *   image/png that is an HTML page or a script is refused), whoever stores it;
 * - an officer's upload is at most ATTACHMENT_MAX_UPLOAD_BYTES, evidence the app itself makes
 *   (camera snapshots and clips, the PDF/DOCX of issued forms) at most ATTACHMENT_MAX_INTERNAL_BYTES;
 * - uploads count against the station's quota (all stored blobs, TRUCBAN_ATTACHMENT_QUOTA_MB or
 *   ATTACHMENT_QUOTA_DEFAULT_BYTES); the app's own evidence is never refused by the quota — losing
 *   a snapshot or an issued form would be worse — but it counts, so uploads are refused (with a
 *   typed error the officer sees) once the station's store is full.
 */
export const ATTACHMENT_MAX_UPLOAD_BYTES = 32 * 1024 * 1024;
export const ATTACHMENT_MAX_INTERNAL_BYTES = 256 * 1024 * 1024;
export const ATTACHMENT_QUOTA_DEFAULT_BYTES = 20 * 1024 * 1024 * 1024;

export type AttachmentOrigin = 'upload' | 'internal';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The type the first bytes show, or null when they match none we know. */
export function sniffMime(data: Buffer): string | null {
  const at = (offset: number, bytes: number[] | string) => {
    const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
    return data.length >= offset + b.length && data.subarray(offset, offset + b.length).equals(b);
  };
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'image/webp';
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return 'image/gif';
  if (at(0, '%PDF-')) return 'application/pdf';
  if (at(4, 'ftyp')) return 'video/mp4';
  if (at(0, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  const head = data.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/^<(!doctype html|html|head|body|script|svg|iframe|\?xml)/.test(head)) return 'text/html';
  if (head.startsWith('#!')) return 'text/x-script';
  return null;
}

/** Declared types we store, and the sniffed type their content must have. */
const CONTENT_OF: Record<string, string> = {
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/webp': 'image/webp',
  'application/pdf': 'application/pdf',
  'video/mp4': 'video/mp4',
  [DOCX_MIME]: 'application/zip',
};

const mb = (n: number): number => Math.round((n / (1024 * 1024)) * 10) / 10;

function quotaFromEnv(): number {
  const v = Number(process.env.TRUCBAN_ATTACHMENT_QUOTA_MB);
  return Number.isFinite(v) && v > 0 ? Math.floor(v * 1024 * 1024) : ATTACHMENT_QUOTA_DEFAULT_BYTES;
}

/**
 * Content-addressed attachment store beside the database: `<db>.attachments/ab/abcdef…`.
 * A file is written to a temporary name, fsynced, then renamed, so a crash never leaves a
 * half-written blob under its hash. The same content stored twice is stored once. Folders are
 * 0700 and blobs 0600 (store/file-modes.ts).
 */
export class AttachmentStore {
  readonly dir: string;
  /** The station's quota for uploads, in bytes of stored blobs (see the top of this file). */
  quotaBytes = quotaFromEnv();
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

  /** Bytes of every stored blob (what the quota counts). */
  usedBytes(): number {
    return (this.db.prepare('SELECT COALESCE(SUM(size), 0) FROM attachments').pluck().get() as number) ?? 0;
  }

  /**
   * Refuses, before anything is written, a blob that is too large, is not what its declared
   * type says, or (an upload) would take the station past its quota.
   */
  private check(data: Buffer, sha256: string, name: string, mime: string, origin: AttachmentOrigin): void {
    const max = origin === 'upload' ? ATTACHMENT_MAX_UPLOAD_BYTES : ATTACHMENT_MAX_INTERNAL_BYTES;
    if (data.length > max) {
      throw new AppError('attachment_too_large', `${name}: ${data.length} bytes, at most ${max}`, { field: 'attachments', params: { name, size: mb(data.length), max: mb(max) } });
    }
    const actual = sniffMime(data);
    const expected = CONTENT_OF[mime];
    if (expected === undefined || actual !== expected) {
      throw new AppError('attachment_type_mismatch', `${name}: declared ${mime}, content is ${actual ?? 'unknown'}`, {
        field: 'attachments',
        params: { name, mime, actual: actual ?? '?' },
      });
    }
    if (origin === 'upload' && !this.db.prepare('SELECT 1 FROM attachments WHERE sha256 = ?').get(sha256)) {
      const used = this.usedBytes();
      if (used + data.length > this.quotaBytes) {
        throw new AppError('attachment_quota_exceeded', `attachment quota: ${used} + ${data.length} bytes > ${this.quotaBytes}`, {
          field: 'attachments',
          params: { name, used: mb(used), quota: mb(this.quotaBytes) },
        });
      }
    }
  }

  /**
   * Stores a blob. `origin` 'upload' (the default: anything an officer sends) counts against
   * the quota; 'internal' is evidence the app makes itself (snapshots, clips, issued forms).
   */
  /** attachments:put: an officer's upload, sent as base64 (an empty file is refused). */
  putUpload(base64: string, name: string, mime: string): { sha256: string; size: number } {
    const data = Buffer.from(base64, 'base64');
    if (data.length === 0) throw new AppError('invalid_input', 'empty attachment', { field: 'base64' });
    const ref = this.put(data, name, mime);
    return { sha256: ref.sha256, size: ref.size };
  }

  put(data: Buffer, name: string, mime: string, origin: AttachmentOrigin = 'upload'): AttachmentRef {
    const sha256 = createHash('sha256').update(data).digest('hex');
    this.check(data, sha256, name.normalize('NFC'), mime, origin);
    const file = this.pathOf(sha256);
    if (!fs.existsSync(file)) {
      // the tree is ours: 0700 folders, 0600 blobs (evidence pictures and forms), whatever the umask
      mkdirOwnerOnly(this.dir, { tighten: true });
      mkdirOwnerOnly(path.dirname(file), { tighten: true });
      writeOwnerOnlyDurable(file, data);
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
