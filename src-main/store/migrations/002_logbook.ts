// Migration 2: logbook projections and the search index (rebuildable from the journal).
export default `
CREATE TABLE logbook_entries (
  entry_seq       INTEGER PRIMARY KEY,   -- seq of the event that created the entry
  entry_id        TEXT    NOT NULL UNIQUE,
  stt             INTEGER NOT NULL,
  kind            TEXT    NOT NULL,
  shift_date      TEXT    NOT NULL,
  occurred_at     INTEGER NOT NULL,
  author          TEXT    NOT NULL,
  linked_entry_id TEXT,
  unit_code       TEXT,
  current_seq     INTEGER NOT NULL,      -- the version row that holds the current text
  version         INTEGER NOT NULL DEFAULT 0,
  amended_at      INTEGER
) STRICT;
CREATE INDEX logbook_entries_shift ON logbook_entries (shift_date, stt);
-- no index on author or kind: with a handful of kinds and tens of officers, newest-first pages
-- filtered on them are found by walking entry_seq backwards; each index would cost every append.
CREATE INDEX logbook_entries_unit ON logbook_entries (unit_code, entry_seq) WHERE unit_code IS NOT NULL;
CREATE INDEX logbook_entries_linked ON logbook_entries (linked_entry_id) WHERE linked_entry_id IS NOT NULL;

-- Every version of every entry: the original (version 0) and each amendment.
CREATE TABLE logbook_versions (
  seq         INTEGER PRIMARY KEY,       -- seq of the event that wrote this version
  entry_seq   INTEGER NOT NULL,
  version     INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  actor       TEXT    NOT NULL,
  reason      TEXT,
  text        TEXT    NOT NULL,
  details     TEXT    NOT NULL,
  identifiers TEXT    NOT NULL,
  attachments TEXT    NOT NULL
) STRICT;
CREATE INDEX logbook_versions_entry ON logbook_versions (entry_seq, version);

CREATE TABLE logbook_identifiers (
  value     TEXT    NOT NULL,
  entry_seq INTEGER NOT NULL,
  PRIMARY KEY (value, entry_seq)
) STRICT, WITHOUT ROWID;

-- Folded text (diacritics removed, đ → d, lower-case) of each version; rowid = version seq.
-- Contentless, no positions (detail=none) and no column sizes: search is words-all-present plus
-- a prefix on the last word, ranked in JS, so phrase/NEAR/bm25 data would only slow appends.
-- Automatic segment merging is off: Journal.maintain() merges when the app is idle.
CREATE VIRTUAL TABLE logbook_fts USING fts5 (
  folded,
  content = '',
  detail = none,
  columnsize = 0,
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO logbook_fts (logbook_fts, rank) VALUES ('automerge', 0);

CREATE TABLE attachments (
  sha256      TEXT    PRIMARY KEY,
  size        INTEGER NOT NULL,
  mime        TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  stored_at   INTEGER NOT NULL
) STRICT;
`;
