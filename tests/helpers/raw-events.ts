/**
 * Writes events straight into a station file, behind the app's back, with a valid hash chain
 * and journal head (journal/hash.ts): what an older or newer build, or another station's
 * events arriving by sync, would leave in the file. Projections are not touched.
 */
import Database from 'better-sqlite3';
import { eventHash } from '../../src-main/journal/hash';

export interface RawEvent {
  eventId: string;
  type: string;
  typeVersion: number;
  hlc: string;
  occurredAt: number;
  recordedAt: number;
  actor: string;
  /** The payload text exactly as stored. */
  payload: string;
}

/** Appends `events` after the file's last event (renumbered from there); returns their seqs. */
export function insertRawEvents(file: string, events: RawEvent[]): number[] {
  const db = new Database(file);
  try {
    return db.transaction(() => {
      const head = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: Buffer } | undefined;
      let seq = head?.seq ?? 0;
      let prev: Buffer | null = head?.hash ?? null;
      const ins = db.prepare(
        `INSERT INTO events (seq, event_id, type, type_version, hlc, occurred_at, recorded_at, actor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const seqs: number[] = [];
      for (const e of events) {
        seq += 1;
        const hash = eventHash(prev, { seq, ...e });
        ins.run(seq, e.eventId, e.type, e.typeVersion, e.hlc, e.occurredAt, e.recordedAt, e.actor, e.payload, prev, hash);
        prev = hash;
        seqs.push(seq);
      }
      db.prepare(`INSERT INTO meta (key, value) VALUES ('journal_head', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(`${seq}:${prev!.toString('hex')}`);
      return seqs;
    })();
  } finally {
    db.close();
  }
}
