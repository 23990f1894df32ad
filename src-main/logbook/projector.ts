import type { DB } from '../store/db';
import type { StoredEvent } from '../journal/journal';
import { dispatcher, on } from '../journal/events';
import type { ParsedEvent } from '../journal/events';
import { ENTRY_ADDED_EVENT, ENTRY_AMENDED_EVENT } from './events';
import type { StoredIdentifiers } from './events';
import { shiftDateOf } from '../../src-shared/time/shift';
import { foldVi } from '../../src-shared/text/fold';
import type { AttachmentRef, EntryDetails, EntryKind, Identifiers } from '../../src-shared/domain/logbook';

export const ENTRY_ADDED = ENTRY_ADDED_EVENT.type;
export const ENTRY_AMENDED = ENTRY_AMENDED_EVENT.type;

/** As stored: identifiers written before vessels existed have five lists (logbook/events.ts). */
export interface EntryAddedPayload {
  kind: EntryKind;
  text: string;
  details: EntryDetails;
  identifiers: StoredIdentifiers;
  linkedEntryId: string | null;
  attachments: AttachmentRef[];
}

export interface EntryAmendedPayload {
  entryId: string;
  reason: string;
  text: string;
  details: EntryDetails;
  identifiers: StoredIdentifiers;
}

/**
 * The entry_seq of the entry whose id is the named parameter @id: an entry's id is the event_id
 * of the event that created it, and the journal's unique index finds it (migration 13).
 */
export const ENTRY_SEQ_OF_ID = '(SELECT seq FROM events WHERE event_id = @id)';

export function primaryUnit(d: EntryDetails): string | null {
  return d.unitCode ?? d.recipientUnitCode ?? d.reportingUnitCode ?? null;
}

/** Everything searchable about a version, folded (diacritics removed, đ → d). */
export function searchableText(text: string, d: EntryDetails, ids: Identifiers | StoredIdentifiers): string {
  const parts = [text, d.place, d.recipient, d.reportingUnit, d.unitCode, d.recipientUnitCode, d.reportingUnitCode];
  for (const list of Object.values(ids)) parts.push(...list);
  return foldVi(parts.filter(Boolean).join(' '));
}

export function allIdentifiers(ids: Identifiers | StoredIdentifiers): string[] {
  return [...new Set(Object.values(ids).flat())];
}

/** An entry row as written by addEntry, in the columns the entry query reads (docs/performance.md, "What one append writes"). */
export interface WrittenEntry {
  entry_seq: number;
  entry_id: string;
  stt: number;
  kind: EntryKind;
  shift_date: string;
  occurred_at: number;
  author: string;
  linked_entry_id: string | null;
  version: number;
  amended_at: number | null;
  created_at: number;
  text: string;
  details: string;
  identifiers: string;
  attachments: string;
}

/**
 * Writes logbook rows for a stored event (inside the append transaction): the logbook's own
 * events and the lines other domains put in the logbook (camera faults through a registered
 * line, the incident workflow of src-main/incidents through this writer). Each event adds at
 * most one entry, whose id is the event id. `closedElsewhere(entryId)`: an incident entry another
 * domain closes itself (a workflow incident closes on incident.closed, not on its first result);
 * the logbook does not know that domain's tables (src-main/logbook/lines.ts).
 */
export function logbookEntryWriter(db: DB, closedElsewhere: (entryId: string) => boolean = () => false) {
  const nextStt = db.prepare('SELECT COALESCE(MAX(stt), 0) + 1 FROM logbook_entries WHERE shift_date = ?').pluck();
  const insEntry = db.prepare(
    `INSERT INTO logbook_entries (entry_seq, entry_id, stt, kind, shift_date, occurred_at, author, linked_entry_id, unit_code, current_seq, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const insVersion = db.prepare(
    `INSERT INTO logbook_versions (seq, entry_seq, version, recorded_at, actor, reason, text, details, identifiers, attachments)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // the search index takes versions in batches (migration 13): see searchIndexFlusher
  const searchIndex = searchIndexFlusher(db);
  const insIdent = db.prepare('INSERT OR IGNORE INTO logbook_identifiers (value, entry_seq) VALUES (?, ?)');
  // an entry is found by id through the journal's unique event_id index (migration 13)
  const findEntry = db.prepare(`SELECT entry_seq, version FROM logbook_entries WHERE entry_seq = ${ENTRY_SEQ_OF_ID} AND entry_id = @id`);
  // a result closes the incident its direction answers (unless another domain closes it itself)
  const incidentOfDirection = db
    .prepare(`SELECT linked_entry_id FROM logbook_entries WHERE entry_seq = ${ENTRY_SEQ_OF_ID} AND entry_id = @id AND kind = 'direction'`)
    .pluck();
  const closeEntry = db.prepare(`UPDATE logbook_entries SET closed_at = @at WHERE entry_seq = ${ENTRY_SEQ_OF_ID} AND entry_id = @id AND kind = 'incident' AND closed_at IS NULL`);
  const bump = db.prepare('UPDATE logbook_entries SET current_seq = ?, version = ?, amended_at = ?, unit_code = COALESCE(?, unit_code) WHERE entry_seq = ?');
  // the current version is the latest one
  const lastAttachments = db.prepare('SELECT v.attachments FROM logbook_entries e JOIN logbook_versions v ON v.seq = e.current_seq WHERE e.entry_seq = ?').pluck();

  let lastAdded: WrittenEntry | null = null;

  return {
    /**
     * The row the last addEntry wrote, as the entry query reads it (minus the author's name), so
     * the service answers an add without reading it back. Compare `entry_seq` with the seq you
     * appended: a rolled-back or later append leaves another one here.
     */
    lastAdded: (): WrittenEntry | null => lastAdded,
    /** Adds the entry `ev.eventId`; a 'result' closes its incident unless `closesIncident` is false. */
    addEntry(ev: StoredEvent, p: EntryAddedPayload, opts: { closesIncident?: boolean } = {}): void {
      const shiftDate = shiftDateOf(ev.occurredAt);
      const stt = nextStt.get(shiftDate) as number;
      insEntry.run(ev.seq, ev.eventId, stt, p.kind, shiftDate, ev.occurredAt, ev.actor, p.linkedEntryId, primaryUnit(p.details), ev.seq);
      const details = JSON.stringify(p.details);
      const identifiers = JSON.stringify(p.identifiers);
      const attachments = JSON.stringify(p.attachments);
      insVersion.run(ev.seq, ev.seq, 0, ev.recordedAt, ev.actor, null, p.text, details, identifiers, attachments);
      lastAdded = {
        entry_seq: ev.seq,
        entry_id: ev.eventId,
        stt,
        kind: p.kind,
        shift_date: shiftDate,
        occurred_at: ev.occurredAt,
        author: ev.actor,
        linked_entry_id: p.linkedEntryId,
        version: 0,
        amended_at: null,
        created_at: ev.recordedAt,
        text: p.text,
        details,
        identifiers,
        attachments,
      };
      searchIndex.remember(ev.seq, p.text, details, identifiers, searchableText(p.text, p.details, p.identifiers));
      searchIndex.ifFull(ev.seq);
      for (const v of allIdentifiers(p.identifiers)) insIdent.run(v, ev.seq);
      if (p.kind === 'result' && p.linkedEntryId && opts.closesIncident !== false) {
        const incident = incidentOfDirection.get({ id: p.linkedEntryId }) as string | null | undefined;
        if (incident && !closedElsewhere(incident)) closeEntry.run({ at: ev.occurredAt, id: incident });
      }
    },
    /** A new version of an existing entry (attachments carried over unless given). */
    amendEntry(ev: StoredEvent, p: EntryAmendedPayload, attachments?: AttachmentRef[]): void {
      const row = findEntry.get({ id: p.entryId }) as { entry_seq: number; version: number } | undefined;
      if (!row) throw new Error(`amendment ${ev.seq} refers to unknown entry ${p.entryId}`);
      const version = row.version + 1;
      const atts = attachments ? JSON.stringify(attachments) : (lastAttachments.get(row.entry_seq) as string);
      const details = JSON.stringify(p.details);
      const identifiers = JSON.stringify(p.identifiers);
      insVersion.run(ev.seq, row.entry_seq, version, ev.recordedAt, ev.actor, p.reason, p.text, details, identifiers, atts);
      searchIndex.remember(ev.seq, p.text, details, identifiers, searchableText(p.text, p.details, p.identifiers));
      bump.run(ev.seq, version, ev.recordedAt, primaryUnit(p.details), row.entry_seq);
      searchIndex.ifFull(ev.seq);
      for (const v of allIdentifiers(p.identifiers)) insIdent.run(v, row.entry_seq);
    },
    /** Marks an incident entry closed (no longer an open item handed over at 08:00). */
    closeIncidentEntry(entryId: string, at: number): void {
      closeEntry.run({ at, id: entryId });
    },
  };
}

export type LogbookEntryWriter = ReturnType<typeof logbookEntryWriter>;

/**
 * Projects logbook events into logbook_entries / logbook_versions / FTS, in the append
 * transaction, and the lines other domains registered for their events (`lineFor`).
 */
export function logbookProjector(db: DB, w: LogbookEntryWriter = logbookEntryWriter(db), lineFor: (ev: ParsedEvent) => EntryAddedPayload | null = () => null) {
  const own = dispatcher<true>(
    on(ENTRY_ADDED_EVENT, (p, ev) => {
      w.addEntry(ev, p);
      return true;
    }),
    on(ENTRY_AMENDED_EVENT, (p, ev) => {
      w.amendEntry(ev, p);
      return true;
    }),
  );
  return (ev: ParsedEvent): void => {
    if (own(ev)) return;
    const line = lineFor(ev);
    if (line) w.addEntry(ev, line);
  };
}

/**
 * Versions are added to the search index this many seqs at a time (or when idle): few enough
 * that search folds the waiting ones quickly, rare enough that the appends paying for a batch
 * stay under 1 % (the append p99 target).
 */
export const SEARCH_BATCH = 256;

/** The meta key holding the seq up to which every version is in logbook_fts (migration 13). */
export const SEARCH_INDEXED_TO = 'search_indexed_to';

/** The seq up to which versions are in the search index (SQL; NULL on a file older than migration 13). */
export const INDEXED_TO_SQL = `(SELECT CAST(value AS INTEGER) FROM meta WHERE key = '${SEARCH_INDEXED_TO}')`;

/**
 * Folded text the projector computed at append time, by version seq, so a batch does not fold
 * again (folding is the costly part). Used only while the stored row still has the same text,
 * details and identifiers (a rolled-back append may leave an entry for a seq reused since).
 */
const foldedBySeq = new WeakMap<DB, Map<number, { text: string; details: string; identifiers: string; folded: string }>>();
function foldedCache(db: DB) {
  let m = foldedBySeq.get(db);
  if (!m) foldedBySeq.set(db, (m = new Map()));
  return m;
}

/** Versions not yet in the search index (up to `limit`; -1: all), with their folded text, oldest first. */
export function unindexedVersions(db: DB) {
  const stmt = db.prepare(`SELECT seq, text, details, identifiers FROM logbook_versions WHERE seq > ${INDEXED_TO_SQL} ORDER BY seq LIMIT ?`);
  const cache = foldedCache(db);
  return (limit: number): { seq: number; folded: string }[] =>
    (stmt.all(limit) as { seq: number; text: string; details: string; identifiers: string }[]).map((r) => {
      const c = cache.get(r.seq);
      if (c && c.text === r.text && c.details === r.details && c.identifiers === r.identifiers) return { seq: r.seq, folded: c.folded };
      return { seq: r.seq, folded: searchableText(r.text, JSON.parse(r.details) as EntryDetails, JSON.parse(r.identifiers) as Identifiers) };
    });
}

/**
 * The search index takes versions in batches (docs/performance.md, "What one append writes"):
 * an append writes nothing for search; the versions after the `search_indexed_to` mark are
 * folded from logbook_versions and added to logbook_fts — one FTS5 segment for the lot
 * instead of one per append — when SEARCH_BATCH seqs have gone by (inside that append) or
 * when the app is idle (Journal.maintain). Search reads the ones still waiting itself.
 * Call inside a transaction.
 */
export function searchIndexFlusher(db: DB) {
  const indexedTo = db.prepare(`SELECT COALESCE(${INDEXED_TO_SQL}, 0)`).pluck();
  const pending = unindexedVersions(db);
  const ins = db.prepare('INSERT INTO logbook_fts (rowid, folded) VALUES (?, ?)');
  const mark = db.prepare(`INSERT INTO meta (key, value) VALUES ('${SEARCH_INDEXED_TO}', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  const cache = foldedCache(db);
  // the mark as last read here; a rollback may leave it ahead of the file, which only delays a
  // batch (search reads what waits; idle maintenance flushes)
  let knownMark = -Infinity;
  /** Indexes every waiting version; returns how many. */
  const flush = (): number => {
    let n = 0;
    for (;;) {
      const rows = pending(5000); // in pages: a rebuild indexes the whole logbook here
      if (rows.length === 0) return n;
      for (const r of rows) {
        ins.run(r.seq, r.folded);
        cache.delete(r.seq);
      }
      mark.run(String(rows[rows.length - 1]!.seq));
      n += rows.length;
    }
  };
  return {
    flush,
    /** Keeps a version's folded text for its batch (see foldedCache). */
    remember: (seq: number, text: string, details: string, identifiers: string, folded: string): void => {
      if (cache.size >= 4 * SEARCH_BATCH) cache.clear(); // left by rolled-back appends: never more than a few batches
      cache.set(seq, { text, details, identifiers, folded });
    },
    /**
     * Flushes once `seq` is a whole batch past the mark (so few versions wait, even without idle
     * time). The mark is read from the file only when the remembered one says a batch is due:
     * another flusher (idle maintenance) may have moved it meanwhile.
     */
    ifFull: (seq: number): void => {
      if (seq - knownMark < SEARCH_BATCH) return;
      knownMark = indexedTo.get() as number;
      if (seq - knownMark < SEARCH_BATCH) return;
      flush();
      knownMark = indexedTo.get() as number;
    },
  };
}

/**
 * Idle housekeeping for the search index (automerge is off, see migration 2, so an append
 * never merges segments): the versions waiting are added to the index, then one bounded
 * round of FTS5 'merge' work; true while more remains.
 */
export function logbookMaintenance(db: DB): () => boolean {
  const pending = searchIndexFlusher(db);
  const waiting = db.prepare(`SELECT EXISTS (SELECT 1 FROM logbook_versions WHERE seq > ${INDEXED_TO_SQL})`).pluck();
  const merge = db.prepare(`INSERT INTO logbook_fts (logbook_fts, rank) VALUES ('merge', 64)`);
  const total = db.prepare('SELECT total_changes()').pluck();
  return () => {
    if (waiting.get() === 1) {
      if (db.inTransaction) pending.flush();
      else db.transaction(pending.flush).immediate();
    }
    const before = total.get() as number;
    merge.run();
    return (total.get() as number) - before >= 2; // FTS5: a difference of 2 or more means work was done
  };
}
