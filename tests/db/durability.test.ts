import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import fs from 'node:fs';
import { openCore } from '../../src-main/app/core';
import { backupDatabase } from '../../src-main/store/backup';
import { stationCore, tmpDir } from '../helpers';
import { startWriterChild } from '../helpers/writer-child';

let t: ReturnType<typeof tmpDir>;
beforeEach(() => {
  t = tmpDir();
});
afterEach(() => t.cleanup());

const WRITER = path.resolve(__dirname, '../fixtures/writer.ts');

/** Starts the writer; `done` resolves the acknowledged ids when it is killed (or ends). */
const startWriter = (db: string, opts: { limit?: number } = {}) => startWriterChild(WRITER, [db, String(opts.limit ?? '')]);

describe('durability', () => {
  it('keeps every acknowledged entry when the writer is killed with SIGKILL, and the journal verifies', async () => {
    const db = path.join(t.dir, 'crash.sqlite');
    (await stationCore(db)).close();
    const allAcked: string[] = [];
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      const w = startWriter(db);
      await w.ready;
      await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 350)));
      w.child.kill('SIGKILL');
      const { acked, signal, stderr } = await w.done;
      expect(signal, stderr).toBe('SIGKILL');
      expect(acked.length).toBeGreaterThan(0);
      allAcked.push(...acked);
      const core = openCore({ dbPath: db, create: false });
      const v = core.verify();
      expect(v.ok, v.problem ?? '').toBe(true);
      const present = new Set(core.db.prepare('SELECT entry_id FROM logbook_entries').pluck().all() as string[]);
      const lost = allAcked.filter((id) => !present.has(id));
      expect(lost).toEqual([]);
      // projections agree with the journal after recovery
      expect(core.db.prepare('SELECT COUNT(*) FROM logbook_entries').pluck().get()).toBe(
        core.db.prepare(`SELECT COUNT(*) FROM events WHERE type = 'logbook.entry_added'`).pluck().get(),
      );
      core.close();
    }
    expect(allAcked.length).toBeGreaterThan(rounds);
  });

  it('backs up online while another process writes: the copy is consistent and verifies', async () => {
    const db = path.join(t.dir, 'live.sqlite');
    const station = await stationCore(db);
    for (let i = 0; i < 200; i++) station.logbook.add({ kind: 'note', text: `Ghi chú ${i}` }, 'officer');
    station.close();
    // the child is the station's one writer; the backup reads beside it (as `trucban backup` does)
    const w = startWriter(db);
    await w.ready;
    const core = openCore({ dbPath: db, readonly: true });
    await new Promise((r) => setTimeout(r, 200));
    const reports = [];
    for (let i = 0; i < 3; i++) {
      const out = path.join(t.dir, `backup-${i}.sqlite`);
      reports.push(await backupDatabase(core.db, out));
      expect(fs.existsSync(`${out}.partial`)).toBe(false);
    }
    const ackedBefore = w.acked.length;
    w.child.kill('SIGKILL');
    await w.done;
    core.close();
    expect(ackedBefore).toBeGreaterThan(0);
    for (const r of reports) {
      expect(r.integrity).toBe('ok');
      expect(r.journal.ok).toBe(true);
      const copy = openCore({ dbPath: r.file, create: false });
      expect(copy.verify().ok).toBe(true);
      // projections in the copy match its journal: nothing half-copied
      expect(copy.db.prepare('SELECT COUNT(*) FROM logbook_entries').pluck().get()).toBe(
        copy.db.prepare(`SELECT COUNT(*) FROM events WHERE type = 'logbook.entry_added'`).pluck().get(),
      );
      copy.close();
    }
    // the writer kept going during the backups (backups did not block it)
    expect(reports[2]!.journal.checked).toBeGreaterThanOrEqual(reports[0]!.journal.checked);
  });
});
