// Migration 12: the quarantine (docs/architecture.md, "Event types, versions and the
// quarantine"). An event the journal cannot project — an unknown type, a version newer than
// this build knows, a payload that does not fit its schema — is parked here with the reason
// instead of being projected. A projection: rebuildProjections empties and refills it.
export default `
CREATE TABLE quarantine (
  seq           INTEGER PRIMARY KEY,   -- the event's journal seq
  event_id      TEXT NOT NULL,
  type          TEXT NOT NULL,
  type_version  INTEGER NOT NULL,
  reason        TEXT NOT NULL          -- why it cannot be projected (English, for administrators)
) STRICT;
`;
