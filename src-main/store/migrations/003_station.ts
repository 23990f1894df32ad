// Migration 3: station, users, organisation catalog, shifts (rosters, rota).
export default `
CREATE TABLE users (
  user_id    TEXT PRIMARY KEY,
  login      TEXT NOT NULL UNIQUE,
  full_name  TEXT NOT NULL,
  title      TEXT NOT NULL DEFAULT '',
  roles      TEXT NOT NULL,           -- JSON array of roles
  team       TEXT,
  active     INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
) STRICT;

-- Credentials are local secrets: never journaled, never synced.
CREATE TABLE credentials (
  user_id       TEXT PRIMARY KEY REFERENCES users (user_id),
  password_hash TEXT NOT NULL,        -- scrypt$N$r$p$salt$hash
  failed_count  INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER NOT NULL DEFAULT 0,
  changed_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE org_units (
  code          TEXT NOT NULL,
  valid_from    TEXT NOT NULL,        -- YYYY-MM-DD
  valid_to      TEXT,                 -- YYYY-MM-DD exclusive; NULL = still valid
  name          TEXT NOT NULL,
  short_name    TEXT NOT NULL,
  level         TEXT NOT NULL,
  parent_code   TEXT,
  predecessors  TEXT NOT NULL DEFAULT '[]',  -- JSON array of older codes this unit replaces
  folded        TEXT NOT NULL,
  PRIMARY KEY (code, valid_from)
) STRICT;

CREATE TABLE rosters (
  shift_date TEXT PRIMARY KEY,
  members    TEXT NOT NULL,           -- JSON array of RosterMember
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;

CREATE TABLE rota (
  weekday    INTEGER PRIMARY KEY CHECK (weekday BETWEEN 1 AND 7),
  unit_codes TEXT NOT NULL,           -- JSON array
  updated_at INTEGER NOT NULL
) STRICT;
`;
