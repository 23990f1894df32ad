// Migration 5: camera registry (docs/regulation.md §7). `cameras` is a projection of the camera.* journal
// events; `camera_secrets` holds stream credentials, which are local secrets: never journaled,
// never synced, never returned by any channel (like `credentials` for users), and kept by
// rebuildProjections.
// At-rest encryption of camera_secrets with the OS keychain comes with the Electron shell
// (safeStorage); this column holds whatever the store gives it.
export default `
CREATE TABLE cameras (
  camera_id   TEXT PRIMARY KEY,
  number      INTEGER NOT NULL UNIQUE CHECK (number > 0),
  name        TEXT NOT NULL,
  site_type   TEXT NOT NULL,
  site_name   TEXT NOT NULL,
  zone        TEXT NOT NULL,
  unit_code   TEXT NOT NULL,
  main_url    TEXT NOT NULL,          -- rtsp(s)://host…, never with credentials
  sub_url     TEXT,
  map_note    TEXT NOT NULL DEFAULT '',
  neighbours  TEXT NOT NULL DEFAULT '[]',  -- JSON array of camera numbers
  recognition INTEGER NOT NULL DEFAULT 0,
  active      INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX cameras_unit ON cameras (unit_code, site_name, zone);

CREATE TABLE camera_secrets (
  camera_id  TEXT PRIMARY KEY REFERENCES cameras (camera_id),
  username   TEXT NOT NULL,
  password   TEXT NOT NULL,
  changed_at INTEGER NOT NULL
) STRICT;
`;
