// Migration 13: fewer pages written per append (docs/performance.md, "What one append writes").
//
// logbook_entries has no unique index on entry_id any more: an entry's id is the event_id of
// the event at its entry_seq, so lookups by id go through the journal's own unique index
// (entry_seq = (SELECT seq FROM events WHERE event_id = ?)) and an added entry writes one
// index page less. The table is copied, as SQLite cannot drop a UNIQUE constraint in place.
//
// The versions index covers amendments only: version 0 of an entry has the entry's own seq
// (its rowid), so only amendments need (entry_seq, version) to be found, and an entry no
// longer writes an index page when it is added.
//
// The search index takes new versions in batches: an append no longer writes an FTS5 segment;
// the versions after meta 'search_indexed_to' are added to logbook_fts when a batch has gone
// by or the app is idle (src-main/logbook/projector.ts, searchIndexFlusher), and search reads
// the ones still waiting itself. Every version written before this migration is in the index.
export default `
CREATE TABLE logbook_entries_013 (
  entry_seq       INTEGER PRIMARY KEY,   -- seq of the event that created the entry
  entry_id        TEXT    NOT NULL,      -- that event's event_id (unique there)
  stt             INTEGER NOT NULL,
  kind            TEXT    NOT NULL,
  shift_date      TEXT    NOT NULL,
  occurred_at     INTEGER NOT NULL,
  author          TEXT    NOT NULL,
  linked_entry_id TEXT,
  unit_code       TEXT,
  current_seq     INTEGER NOT NULL,
  version         INTEGER NOT NULL DEFAULT 0,
  amended_at      INTEGER,
  closed_at       INTEGER
) STRICT;
INSERT INTO logbook_entries_013
  SELECT entry_seq, entry_id, stt, kind, shift_date, occurred_at, author, linked_entry_id, unit_code, current_seq, version, amended_at, closed_at
    FROM logbook_entries;
DROP TABLE logbook_entries;
ALTER TABLE logbook_entries_013 RENAME TO logbook_entries;
CREATE INDEX logbook_entries_shift ON logbook_entries (shift_date, stt);
CREATE INDEX logbook_entries_unit ON logbook_entries (unit_code, entry_seq) WHERE unit_code IS NOT NULL;
CREATE INDEX logbook_entries_linked ON logbook_entries (linked_entry_id) WHERE linked_entry_id IS NOT NULL;
CREATE INDEX logbook_entries_open ON logbook_entries (entry_seq) WHERE kind = 'incident' AND closed_at IS NULL;

DROP INDEX logbook_versions_entry;
CREATE INDEX logbook_versions_amended ON logbook_versions (entry_seq, version) WHERE version > 0;

INSERT INTO meta (key, value) SELECT 'search_indexed_to', CAST(COALESCE(MAX(seq), 0) AS TEXT) FROM logbook_versions;
`;
