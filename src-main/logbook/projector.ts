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
  const insFts = db.prepare('INSERT INTO logbook_fts (rowid, folded) VALUES (?, ?)');
  const insIdent = db.prepare('INSERT OR IGNORE INTO logbook_identifiers (value, entry_seq) VALUES (?, ?)');
  const findEntry = db.prepare('SELECT entry_seq, version FROM logbook_entries WHERE entry_id = ?');
  // a result closes the incident its direction answers (unless another domain closes it itself)
  const incidentOfDirection = db.prepare(`SELECT linked_entry_id FROM logbook_entries WHERE entry_id = ? AND kind = 'direction'`).pluck();
  const closeEntry = db.prepare(`UPDATE logbook_entries SET closed_at = ? WHERE entry_id = ? AND kind = 'incident' AND closed_at IS NULL`);
  const bump = db.prepare('UPDATE logbook_entries SET current_seq = ?, version = ?, amended_at = ?, unit_code = COALESCE(?, unit_code) WHERE entry_seq = ?');
  const lastAttachments = db.prepare('SELECT attachments FROM logbook_versions WHERE entry_seq = ? ORDER BY version DESC LIMIT 1').pluck();

  return {
    /** Adds the entry `ev.eventId`; a 'result' closes its incident unless `closesIncident` is false. */
    addEntry(ev: StoredEvent, p: EntryAddedPayload, opts: { closesIncident?: boolean } = {}): void {
      const shiftDate = shiftDateOf(ev.occurredAt);
      const stt = nextStt.get(shiftDate) as number;
      insEntry.run(ev.seq, ev.eventId, stt, p.kind, shiftDate, ev.occurredAt, ev.actor, p.linkedEntryId, primaryUnit(p.details), ev.seq);
      insVersion.run(ev.seq, ev.seq, 0, ev.recordedAt, ev.actor, null, p.text, JSON.stringify(p.details), JSON.stringify(p.identifiers), JSON.stringify(p.attachments));
      insFts.run(ev.seq, searchableText(p.text, p.details, p.identifiers));
      for (const v of allIdentifiers(p.identifiers)) insIdent.run(v, ev.seq);
      if (p.kind === 'result' && p.linkedEntryId && opts.closesIncident !== false) {
        const incident = incidentOfDirection.get(p.linkedEntryId) as string | null | undefined;
        if (incident && !closedElsewhere(incident)) closeEntry.run(ev.occurredAt, incident);
      }
    },
    /** A new version of an existing entry (attachments carried over unless given). */
    amendEntry(ev: StoredEvent, p: EntryAmendedPayload, attachments?: AttachmentRef[]): void {
      const row = findEntry.get(p.entryId) as { entry_seq: number; version: number } | undefined;
      if (!row) throw new Error(`amendment ${ev.seq} refers to unknown entry ${p.entryId}`);
      const version = row.version + 1;
      const atts = attachments ? JSON.stringify(attachments) : (lastAttachments.get(row.entry_seq) as string);
      insVersion.run(ev.seq, row.entry_seq, version, ev.recordedAt, ev.actor, p.reason, p.text, JSON.stringify(p.details), JSON.stringify(p.identifiers), atts);
      bump.run(ev.seq, version, ev.recordedAt, primaryUnit(p.details), row.entry_seq);
      insFts.run(ev.seq, searchableText(p.text, p.details, p.identifiers));
      for (const v of allIdentifiers(p.identifiers)) insIdent.run(v, row.entry_seq);
    },
    /** Marks an incident entry closed (no longer an open item handed over at 08:00). */
    closeIncidentEntry(entryId: string, at: number): void {
      closeEntry.run(at, entryId);
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
 * Idle housekeeping for the search index (automerge is off, see migration 2, so an append
 * never merges segments): one bounded round of FTS5 'merge' work; true while more remains.
 */
export function logbookMaintenance(db: DB): () => boolean {
  const merge = db.prepare(`INSERT INTO logbook_fts (logbook_fts, rank) VALUES ('merge', 64)`);
  const total = db.prepare('SELECT total_changes()').pluck();
  return () => {
    const before = total.get() as number;
    merge.run();
    return (total.get() as number) - before >= 2; // FTS5: a difference of 2 or more means work was done
  };
}
