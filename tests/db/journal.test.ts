import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import { openCore } from '../../src-main/app/core';
import { verifyJournal, verifyJournalParallel } from '../../src-main/journal/journal';
import type { VerifyReport } from '../../src-shared/domain/org';
import { FakeClock, stationCore, tmpDir } from '../helpers';

let t: ReturnType<typeof tmpDir>;
beforeEach(() => {
  t = tmpDir();
});
afterEach(() => t.cleanup());

async function journalWithEntries(n: number) {
  const file = path.join(t.dir, 'j.sqlite');
  const clock = new FakeClock();
  const core = await stationCore(file, clock);
  for (let i = 0; i < n; i++) {
    clock.advance(60_000);
    core.logbook.add({ kind: 'note', text: `Ghi chú số ${i}` }, 'officer');
  }
  const total = core.journal.head.seq;
  core.close();
  return { file, total };
}

/**
 * Verifies with the one-thread verifier and with the parallel one forced onto 2 and 3 workers
 * (ranges split inside the journal), and checks they agree before returning the report.
 */
async function verifyAll(file: string): Promise<VerifyReport> {
  const db = new Database(file, { readonly: true });
  try {
    const one = verifyJournal(db);
    for (const workers of [2, 3]) {
      expect(await verifyJournalParallel(db, { workers, minEvents: 0 })).toEqual(one);
    }
    return one;
  } finally {
    db.close();
  }
}

/** Tampering as someone with the sqlite3 shell would: drop the guards, edit, done. */
function tamper(file: string, sql: string, ...args: unknown[]) {
  const db = new Database(file);
  db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
  db.prepare(sql).run(...args);
  db.close();
}

describe('journal hash chain', () => {
  it('verifies an intact journal and counts every event', async () => {
    const { file, total } = await journalWithEntries(20);
    const core = openCore({ dbPath: file });
    const r = core.verify();
    core.close();
    expect(r).toMatchObject({ ok: true, checked: total, firstBadSeq: null });
    expect(await verifyAll(file)).toEqual(r);
  });

  it('refuses updates and deletes through SQL (append-only guard)', async () => {
    const { file } = await journalWithEntries(3);
    const db = new Database(file);
    expect(() => db.prepare(`UPDATE events SET payload = '{}' WHERE seq = 5`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events WHERE seq = 5').run()).toThrow(/append-only/);
    db.close();
  });

  it('names the first altered event', async () => {
    const { file } = await journalWithEntries(10);
    tamper(file, `UPDATE events SET payload = replace(payload, 'số 4', 'số 44') WHERE payload LIKE '%số 4"%'`);
    const db = new Database(file);
    const seq = db.prepare(`SELECT seq FROM events WHERE payload LIKE '%số 44%'`).pluck().get() as number;
    db.close();
    const r = await verifyAll(file);
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(seq);
    expect(r.problem).toMatch(/altered/);
  });

  it('catches an altered actor or timestamp, not only the payload', async () => {
    const { file } = await journalWithEntries(5);
    tamper(file, `UPDATE events SET recorded_at = recorded_at + 1 WHERE seq = 7`);
    expect((await verifyAll(file)).firstBadSeq).toBe(7);
  });

  it('names a deleted event', async () => {
    const { file } = await journalWithEntries(10);
    tamper(file, 'DELETE FROM events WHERE seq = 8');
    const r = await verifyAll(file);
    expect(r).toMatchObject({ ok: false, firstBadSeq: 8 });
    expect(r.problem).toMatch(/missing/);
  });

  it('catches a deleted tail (the last events removed)', async () => {
    const { file, total } = await journalWithEntries(6);
    tamper(file, 'DELETE FROM events WHERE seq >= ?', total - 1);
    const r = await verifyAll(file);
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(total - 1);
  });

  it('names reordered events (two events swapped)', async () => {
    const { file } = await journalWithEntries(10);
    const db0 = new Database(file);
    db0.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
    // swap the contents of seq 6 and 7 as a whole (keeping each row's own hash columns)
    db0.transaction(() => {
      db0.exec(`UPDATE events SET seq = -6 WHERE seq = 6; UPDATE events SET seq = 6 WHERE seq = 7; UPDATE events SET seq = 7 WHERE seq = -6;`);
    })();
    db0.close();
    const r = await verifyAll(file);
    expect(r).toMatchObject({ ok: false, firstBadSeq: 6 });
  });

  it('names an inserted event even when the forger recomputes its own hash', async () => {
    const { file } = await journalWithEntries(5);
    const db0 = new Database(file);
    db0.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
    const max = db0.prepare('SELECT MAX(seq) FROM events').pluck().get() as number;
    db0.transaction(() => {
      for (let s = max; s >= 4; s--) db0.prepare('UPDATE events SET seq = ? WHERE seq = ?').run(s + 1, s);
      db0.prepare(
        `INSERT INTO events (seq, event_id, type, type_version, hlc, occurred_at, recorded_at, actor, payload, prev_hash, hash)
         SELECT 4, 'forged', type, type_version, hlc, occurred_at, recorded_at, actor, payload, prev_hash, hash FROM events WHERE seq = 3`,
      ).run();
    })();
    db0.close();
    const r = await verifyAll(file);
    expect(r).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('keeps the chain across reopen (head reloaded, new events link to it)', async () => {
    const { file } = await journalWithEntries(3);
    const core = openCore({ dbPath: file });
    core.logbook.add({ kind: 'work', text: 'Sau khi mở lại' }, 'officer');
    expect(core.verify().ok).toBe(true);
    core.close();
  });

  it('rolls back an append whose projection fails, and the chain stays intact', async () => {
    const file = path.join(t.dir, 'r.sqlite');
    const core = await stationCore(file);
    const before = core.journal.head.seq;
    // a valid event (the journal refuses unknown types before any projector runs) whose projector throws
    core.journal.addProjector((ev) => {
      if (ev.type === 'alert.dismissed') throw new Error('projection failed');
    });
    expect(() => core.journal.append({ type: 'alert.dismissed', actor: 'admin', payload: { alertId: 'x' } })).toThrow('projection failed');
    expect(core.journal.head.seq).toBe(before);
    core.logbook.add({ kind: 'note', text: 'vẫn ghi được' }, 'officer');
    expect(core.verify()).toMatchObject({ ok: true, checked: before + 1 });
    core.close();
  });
});
