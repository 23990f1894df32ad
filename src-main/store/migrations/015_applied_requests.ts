// Migration 15: the request ids each paired device has had applied (docs/architecture.md,
// "Exactly once: the requestId"). A client makes a `requestId` when the officer presses the
// button and keeps it in its outbox; the station records it here in the same transaction as
// the handler's first journal append, and answers a resent id with the stored reply instead of
// running the handler again. Local, never journaled (it is about this station's transports, not
// the duty room's record), and kept across `rebuild`.
export default `
CREATE TABLE applied_requests (
  device_id   TEXT    NOT NULL,      -- the paired device ('' for the station's own screens)
  request_id  TEXT    NOT NULL,      -- the client's uuid
  channel     TEXT    NOT NULL,
  first_seq   INTEGER,               -- the first journal seq it appended (NULL: applied without an append)
  reply       TEXT,                  -- the reply, JSON; NULL between the commit and the reply being stored
  applied_at  INTEGER NOT NULL,      -- station clock, ms
  PRIMARY KEY (device_id, request_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX applied_requests_at ON applied_requests (applied_at);
`;
