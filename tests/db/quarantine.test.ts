/**
 * The quarantine (migration 12): events this build cannot project — an unknown type, a version
 * newer than it knows, a payload that does not fit its schema — written into a real station
 * file with a valid hash chain. The app opens, replays the rest, parks those three with their
 * reasons, and verify (the library and the CLI) reports them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openCore } from '../../src-main/app/core';
import { openDatabase } from '../../src-main/store/db';
import { verifyDatabase } from '../../src-main/store/deep-verify';
import { repairProjections } from '../../src-main/store/rebuild';
import { callAs, stationCore, tmpDir } from '../helpers';
import { trucban } from '../helpers/cli';
import { insertRawEvents } from '../helpers/raw-events';

let t: ReturnType<typeof tmpDir>;
beforeEach(() => {
  t = tmpDir('trucban-quarantine-');
});
afterEach(() => t.cleanup());

const at = Date.UTC(2026, 10, 23, 3);
const raw = (n: number, type: string, typeVersion: number, payload: string) => ({
  eventId: `01a2020d-0000-7000-8000-00000000010${n}`,
  type,
  typeVersion,
  hlc: `${String(at + n).padStart(15, '0')}-00000-HQsync01`,
  occurredAt: at + n,
  recordedAt: at + n,
  actor: 'other.station',
  payload,
});

const ids = JSON.stringify({ containers: [], declarations: [], taxCodes: [], plates: [], billsOfLading: [], vessels: [] });

async function stationWithForeignEvents(): Promise<{ file: string; seqs: number[] }> {
  const file = path.join(t.dir, 'station.sqlite');
  const core = await stationCore(file);
  core.logbook.add({ kind: 'work', text: 'Ghi trước khi nhận sự kiện lạ' }, 'officer');
  core.close();
  const seqs = insertRawEvents(file, [
    raw(1, 'handover.signed', 1, '{"shift":"2026-11-23"}'),
    raw(2, 'logbook.entry_added', 99, `{"kind":"note","text":"phiên bản mới","details":{},"identifiers":${ids},"linkedEntryId":null,"attachments":[]}`),
    raw(3, 'user.created', 1, '{"userId":"u-x","login":"ke.gia","fullName":"Kẻ Giả","title":"","roles":"admin","team":null}'),
    raw(4, 'logbook.entry_added', 1, `{"kind":"note","text":"Sự kiện hợp lệ từ nơi khác","details":{},"identifiers":${ids},"linkedEntryId":null,"attachments":[]}`),
  ]);
  return { file, seqs };
}

describe('quarantine', () => {
  it('the app opens, replays the rest, parks the three with their reasons, and verify reports them', async () => {
    const { file, seqs } = await stationWithForeignEvents();
    const [unknown, newer, broken, good] = seqs as [number, number, number, number];

    // the start-up security check does not choke on a user.created that does not parse
    const core = openCore({ dbPath: file, create: false });
    try {
      // before the replay, the deep check already sees what the journal cannot project
      const before = await verifyDatabase(core.db, { deep: true });
      expect(before.ok).toBe(false); // the stored projections lack the valid foreign entry
      expect(before.quarantine).toMatchObject({ count: 3 });

      const r = repairProjections(core, 'events arrived from elsewhere');
      expect(r.events).toBe(good);
      const q = core.journal.quarantined();
      expect(q.count).toBe(3);
      expect(q.items.map((e) => [e.seq, e.type, e.typeVersion])).toEqual([
        [unknown, 'handover.signed', 1],
        [newer, 'logbook.entry_added', 99],
        [broken, 'user.created', 1],
      ]);
      expect(q.items[0]!.reason).toBe('unknown event type handover.signed');
      expect(q.items[1]!.reason).toMatch(/version 99 of logbook.entry_added is newer than this build knows \(1\)/);
      expect(q.items[2]!.reason).toMatch(/^payload \(version 1\) does not fit its schema: roles: /);
      // the rest is projected: the valid foreign entry is in the logbook, the forged user is not
      const texts = core.logbook.list({}, 10).entries.map((e) => e.text);
      expect(texts).toContain('Sự kiện hợp lệ từ nơi khác');
      expect(texts).not.toContain('phiên bản mới');
      expect(core.users.byLogin('ke.gia')).toBeNull();

      // the admin's channel
      const reply = await callAs(core, 'admin', 'journal:quarantine', { limit: 2 });
      expect(reply).toMatchObject({ ok: true, value: { count: 3, items: [{ seq: unknown }, { seq: newer }] } });
      expect(await callAs(core, 'officer', 'journal:quarantine', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

      // a new append still links to the chain after the foreign events
      core.logbook.add({ kind: 'note', text: 'Ghi tiếp sau khi cách ly' }, 'officer');
      expect(core.verify()).toMatchObject({ ok: true });
    } finally {
      core.close();
    }

    // a second rebuild refills the same quarantine (cleared first, not duplicated)
    const again = openCore({ dbPath: file, create: false });
    try {
      repairProjections(again, 'again');
      expect(again.journal.quarantined().count).toBe(3);
    } finally {
      again.close();
    }

    const db = openDatabase(file, { readonly: true, create: false });
    try {
      const quick = await verifyDatabase(db);
      expect(quick).toMatchObject({ ok: true, quarantine: { count: 3 } });
      const deep = await verifyDatabase(db, { deep: true });
      expect(deep).toMatchObject({ ok: true, projections: { ok: true, deep: true }, quarantine: { count: 3 } });
      expect(deep.quarantine!.items.map((e) => e.seq)).toEqual([unknown, newer, broken]);
    } finally {
      db.close();
    }

    const cli = trucban('--db', file, '--lang', 'en', 'verify');
    expect(cli.code, cli.err).toBe(0);
    expect(cli.out).toMatch(/QUARANTINE: 3 events cannot be projected/);
    expect(cli.out).toContain(`#${unknown} handover.signed v1`);
    expect(cli.out).toContain(`#${newer} logbook.entry_added v99`);
    expect(cli.out).toContain(`#${broken} user.created v1`);
    const json = JSON.parse(trucban('--db', file, 'verify', '--json').out) as { quarantine: { count: number } };
    expect(json.quarantine.count).toBe(3);
  });

  it('an intact station has an empty quarantine, and verify says nothing about it', async () => {
    const file = path.join(t.dir, 'ok.sqlite');
    (await stationCore(file)).close();
    const db = openDatabase(file, { readonly: true, create: false });
    try {
      expect(await verifyDatabase(db)).toMatchObject({ ok: true, quarantine: { count: 0, items: [] } });
    } finally {
      db.close();
    }
    const cli = trucban('--db', file, 'verify');
    expect(cli.code, cli.err).toBe(0);
    expect(cli.out).not.toMatch(/QUARANTINE|CÁCH LY/);
  });
});
