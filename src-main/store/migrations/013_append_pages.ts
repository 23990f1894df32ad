// Migration 13 (listed as 12 until the quarantine table's migration lands before it): fewer
// pages written per append (docs/performance.md, "What one append writes").
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
DROP INDEX logbook_versions_entry;
CREATE INDEX logbook_versions_amended ON logbook_versions (entry_seq, version) WHERE version > 0;

INSERT INTO meta (key, value) SELECT 'search_indexed_to', CAST(COALESCE(MAX(seq), 0) AS TEXT) FROM logbook_versions;
`;
