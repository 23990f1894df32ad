/**
 * Backups carry the evidence: a backup taken while another process keeps storing attachments
 * and entries holds every blob its own `attachments` table references (checked by sha256), with
 * private modes; `restore` refuses to overwrite, refuses a backup whose chain or attachments do
 * not verify, and restores into a new path that opens, verifies and reads every attachment.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openCore } from '../../src-main/app/core';
import { backupDatabase, restoreDatabase } from '../../src-main/store/backup';
import { errorCodeOf as codeOf, stationCore, tmpDir } from '../helpers';
import { startWriterChild } from '../helpers/writer-child';

const WRITER = path.resolve(__dirname, '../fixtures/attachment-writer.ts');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const mode = (f: string) => fs.statSync(f).mode & 0o777;

let t: ReturnType<typeof tmpDir>;
beforeEach(() => {
  t = tmpDir('trucban-backup-');
});
afterEach(() => t.cleanup());

/** The attachment writer: its ack lines carry the stored blob's sha256. */
const startWriter = (db: string) => startWriterChild(WRITER, [db], 2);


describe('backup with attachments, and restore', () => {
  it('backs up while another process writes, then restores into a new path: opens, verifies, every attachment readable', async () => {
    const db = path.join(t.dir, 'live.sqlite');
    (await stationCore(db)).close();
    const w = startWriter(db);
    await w.ready;
    while (w.acked.length < 20) await new Promise((r) => setTimeout(r, 20));
    // a separate read connection, as `trucban backup` is beside the running app
    const reader = new Database(db, { readonly: true });
    const out = path.join(t.dir, 'backups', 'st.sqlite');
    let report;
    try {
      report = await backupDatabase(reader, out, { attachmentsDir: `${db}.attachments` });
    } finally {
      reader.close();
    }
    const ackedDuring = w.acked.length;
    w.child.kill('SIGKILL');
    await w.done;

    expect(report.journal.ok).toBe(true);
    expect(report.missing).toEqual([]);
    const copy = new Database(out, { readonly: true });
    const rows = copy.prepare('SELECT sha256, size FROM attachments').all() as { sha256: string; size: number }[];
    copy.close();
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(report.attachments).toBe(rows.length);
    // only the blobs the copy references, each one intact
    const files = fs.readdirSync(report.attachmentsDir).flatMap((d) => fs.readdirSync(path.join(report.attachmentsDir, d)));
    expect(files.sort()).toEqual(rows.map((r) => r.sha256).sort());
    for (const r of rows) {
      const f = path.join(report.attachmentsDir, r.sha256.slice(0, 2), r.sha256);
      expect(sha(fs.readFileSync(f))).toBe(r.sha256);
      expect(mode(f)).toBe(0o600);
      expect(mode(path.dirname(f))).toBe(0o700);
    }
    expect(mode(out)).toBe(0o600);
    expect(mode(report.attachmentsDir)).toBe(0o700);
    expect(ackedDuring).toBeGreaterThanOrEqual(20);

    const restored = path.join(t.dir, 'restored', 'st.sqlite');
    const r = restoreDatabase(out, restored);
    expect(r.attachments).toBe(rows.length);
    const core = openCore({ dbPath: restored, create: false });
    try {
      expect(core.verify().ok).toBe(true);
      const entries = core.db.prepare('SELECT attachments FROM logbook_versions').pluck().all() as string[];
      const referenced = entries.flatMap((j) => (JSON.parse(j) as { sha256: string }[]).map((a) => a.sha256));
      expect(referenced.length).toBeGreaterThanOrEqual(20);
      for (const s of referenced) {
        expect(core.attachments.describe(s)).not.toBeNull();
        expect(sha(core.attachments.read(s))).toBe(s);
      }
    } finally {
      core.close();
    }
    expect(mode(restored)).toBe(0o600);
  });

  it('refuses to overwrite an existing database or attachments folder, writing nothing', async () => {
    const db = path.join(t.dir, 'st.sqlite');
    const core = await stationCore(db);
    core.attachments.put(Buffer.from('%PDF-1.7 biên bản'), 'bb.pdf', 'application/pdf');
    const out = path.join(t.dir, 'b.sqlite');
    await backupDatabase(core.db, out, { attachmentsDir: core.attachments.dir });
    core.close();
    const before = fs.readFileSync(db);
    expect(codeOf(() => restoreDatabase(out, db))).toBe('restore_target_exists');
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    const other = path.join(t.dir, 'other.sqlite');
    fs.mkdirSync(`${other}.attachments`);
    expect(codeOf(() => restoreDatabase(out, other))).toBe('restore_target_exists');
    expect(fs.existsSync(other)).toBe(false);
  });

  it('refuses a backup with a missing or altered attachment, or a broken chain, leaving no database behind', async () => {
    const db = path.join(t.dir, 'st.sqlite');
    const core = await stationCore(db);
    const ref = core.attachments.put(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(' ảnh')]), 'a.png', 'image/png');
    const out = path.join(t.dir, 'b.sqlite');
    await backupDatabase(core.db, out, { attachmentsDir: core.attachments.dir });
    core.close();
    const blob = path.join(`${out}.attachments`, ref.sha256.slice(0, 2), ref.sha256);

    fs.writeFileSync(blob, 'altered');
    const target = path.join(t.dir, 'r1.sqlite');
    expect(codeOf(() => restoreDatabase(out, target))).toBe('backup_invalid');
    fs.rmSync(blob);
    expect(codeOf(() => restoreDatabase(out, target))).toBe('backup_invalid');
    expect(fs.existsSync(target) || fs.existsSync(`${target}.attachments`)).toBe(false);

    // a journal altered behind the app's back (its triggers dropped to do it)
    const out2 = path.join(t.dir, 'b2.sqlite');
    const c2 = openCore({ dbPath: db, create: false });
    await backupDatabase(c2.db, out2, { attachmentsDir: c2.attachments.dir });
    c2.close();
    const raw = new Database(out2);
    for (const tr of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'").pluck().all() as string[]) raw.exec(`DROP TRIGGER "${tr}"`);
    raw.prepare("UPDATE events SET payload = replace(payload, 'KV06', 'KV07') WHERE seq = 1").run();
    raw.close();
    expect(codeOf(() => restoreDatabase(out2, path.join(t.dir, 'r2.sqlite')))).toBe('backup_invalid');
    expect(() => restoreDatabase(out2, path.join(t.dir, 'r2.sqlite'))).toThrow(/journal broken at seq 1/u);
    expect(fs.existsSync(path.join(t.dir, 'r2.sqlite'))).toBe(false);
  });

  it('names a blob missing from the station’s own store instead of copying silently', async () => {
    const db = path.join(t.dir, 'st.sqlite');
    const core = await stationCore(db);
    const ref = core.attachments.put(Buffer.from('%PDF-1.7 x'), 'x.pdf', 'application/pdf');
    fs.rmSync(core.attachments.pathOf(ref.sha256));
    const r = await backupDatabase(core.db, path.join(t.dir, 'b.sqlite'), { attachmentsDir: core.attachments.dir });
    core.close();
    expect(r.missing).toEqual([ref.sha256]);
  });
});
