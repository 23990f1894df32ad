// Migration 1: the append-only journal (docs/architecture.md, "The journal and its projections"). Never edit after it lands.
export default `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE events (
  seq          INTEGER PRIMARY KEY,
  event_id     TEXT    NOT NULL UNIQUE,
  type         TEXT    NOT NULL,
  type_version INTEGER NOT NULL,
  hlc          TEXT    NOT NULL,
  occurred_at  INTEGER NOT NULL,
  recorded_at  INTEGER NOT NULL,
  actor        TEXT    NOT NULL,
  payload      TEXT    NOT NULL,
  prev_hash    BLOB,
  hash         BLOB    NOT NULL
) STRICT;

-- The journal is append-only: the app never updates or deletes an event. These triggers stop
-- accidents; deliberate tampering outside the app is caught by the hash chain (verify).
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'journal events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'journal events are append-only'); END;
`;
