// Migration 6: camera health as the journal recorded it (last state per camera) and the queue
// of notices to managing units (Đ14.1.1.d: a camera fault is logged and its unit is told).
export default `
CREATE TABLE camera_health (
  camera_id TEXT PRIMARY KEY,
  state     TEXT NOT NULL,
  reason    TEXT,
  since     INTEGER NOT NULL
) STRICT;

CREATE TABLE notifications (
  seq        INTEGER PRIMARY KEY,      -- the journal event that raised it
  created_at INTEGER NOT NULL,
  unit_code  TEXT,
  kind       TEXT NOT NULL,            -- camera_fault | camera_recovered
  camera_id  TEXT,
  text       TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'queued'  -- queued | sent (sync to HQ delivers them)
) STRICT;
CREATE INDEX notifications_status ON notifications (status, seq);
`;
