// Migration 13 (listed as 12 until the quarantine table's migration lands before it): fewer
// pages written per append (docs/performance.md, "What one append writes").
//
// The versions index covers amendments only: version 0 of an entry has the entry's own seq
// (its rowid), so only amendments need (entry_seq, version) to be found, and an entry no
// longer writes an index page when it is added.
//
// The search index takes new versions in batches.
// An append stores the folded text of its version here — one row at the table's right edge —
// instead of writing a new FTS5 segment; idle housekeeping (Journal.maintain), or the append
// that fills a batch, moves the rows into logbook_fts. Search reads both, so a version is
// found from its append on. Part of the search index: emptied and refilled by a rebuild.
export default `
DROP INDEX logbook_versions_entry;
CREATE INDEX logbook_versions_amended ON logbook_versions (entry_seq, version) WHERE version > 0;

CREATE TABLE logbook_search_pending (
  seq    INTEGER PRIMARY KEY,   -- seq of the version (the logbook_fts rowid it will get)
  folded TEXT    NOT NULL       -- searchableText() of the version
) STRICT;
`;
