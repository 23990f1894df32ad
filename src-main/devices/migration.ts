// Migration 14: the duty room's paired devices (docs/architecture.md, "Devices and the LAN").
// - devices: a projection of device.paired / device.revoked (rebuildProjections replays them).
// - device_credentials: local secret, never journaled (like users' credentials): sha256 of the
//   credential's secret part, and the last time and address it was seen (updated at most every
//   30 s per device, not journaled).
// - pairing_codes: local, never journaled; the code's secret is kept only while the code can be
//   used (an HMAC keyed by it is what the new machine proves), wiped once used, burnt or expired;
//   the row itself stays a day so a reused or expired code gets a clear answer.
// - events_devices: a partial index of device.paired / device.revoked for the start-up check.
export default `
CREATE TABLE devices (
  device_id      TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('workstation', 'wall')),
  paired_by      TEXT NOT NULL,
  paired_at      INTEGER NOT NULL,
  paired_address TEXT NOT NULL,
  revoked_at     INTEGER,
  revoked_by     TEXT,
  revoke_reason  TEXT
) STRICT;

CREATE TABLE device_credentials (
  device_id     TEXT PRIMARY KEY,
  secret_sha256 BLOB NOT NULL,
  last_seen_at  INTEGER,
  last_address  TEXT
) STRICT;

CREATE TABLE pairing_codes (
  code_id     TEXT PRIMARY KEY,
  secret      TEXT NOT NULL,             -- '' once used, burnt or expired
  name        TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('workstation', 'wall')),
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  used_at     INTEGER
) STRICT;
CREATE INDEX pairing_codes_expires ON pairing_codes (expires_at);

-- the start-up check replays the devices' events without scanning the journal (like migration 11);
-- the list must stay identical to DEVICE_SECURITY_EVENT_TYPES in src-main/store/projection-check.ts
CREATE INDEX events_devices ON events (seq) WHERE type IN ('device.paired', 'device.revoked');
`;
