// Migration 7: the incident workflow (docs/incidents.md) — incidents, approvals, directions with their
// acknowledgement/result clocks, requests this station receives, escalations, alerts and clock
// jumps. Every table is a projection of journal events (rebuildProjections replays them); the
// reducer in src-shared/domain/incident-workflow.ts decides every state (docs/incidents.md).
export default `
CREATE TABLE incidents (
  id            TEXT PRIMARY KEY,          -- event_id of incident.raised
  seq           INTEGER NOT NULL UNIQUE,   -- its journal seq
  entry_id      TEXT NOT NULL UNIQUE,      -- logbook entry in the "Vụ việc phát sinh" column
  state         TEXT NOT NULL,
  workflow      TEXT NOT NULL,             -- the reducer's state (JSON)
  source        TEXT NOT NULL,
  source_ref    TEXT NOT NULL,
  camera_id     TEXT,
  cases         TEXT NOT NULL,             -- JSON array of Đ8.2 cases
  immediate     TEXT,                      -- JSON of the last immediate step (Đ8.1)
  arisen_at     INTEGER NOT NULL,
  received_at   INTEGER NOT NULL,
  place         TEXT NOT NULL,             -- JSON
  description   TEXT NOT NULL,
  identifiers   TEXT NOT NULL,             -- JSON
  attachments   TEXT NOT NULL,             -- JSON
  raised_by     TEXT NOT NULL,
  raised_at     INTEGER NOT NULL,          -- recorded time
  proposal      TEXT,                      -- JSON of the current proposal
  summary       TEXT,
  version       INTEGER NOT NULL DEFAULT 0,
  updated_seq   INTEGER NOT NULL,
  closed_at     INTEGER
) STRICT;
CREATE INDEX incidents_state ON incidents (state, seq);

-- every event about an incident, for its timeline
CREATE TABLE incident_events (
  incident_id TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  PRIMARY KEY (incident_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE incident_approvals (
  seq          INTEGER PRIMARY KEY,
  incident_id  TEXT NOT NULL,
  round        INTEGER NOT NULL,
  level        TEXT NOT NULL,
  decision     TEXT NOT NULL,
  by_login     TEXT NOT NULL,
  by_name      TEXT NOT NULL,
  at           INTEGER NOT NULL,
  how          TEXT NOT NULL,
  note         TEXT NOT NULL,
  form         TEXT,
  scope        TEXT,
  attachments  TEXT NOT NULL,
  recorded_by  TEXT NOT NULL,
  recorded_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX incident_approvals_incident ON incident_approvals (incident_id, seq);

-- directions (outbound) and requests (inbound) share the clock columns:
-- ack clock: started ack_start, due ack_due, done ack_done (null while running);
-- result clock: due result_due, done result_done; *_esc = escalation level raised (0..2);
-- start_seq / *_done_seq bound the clock in journal order (a clock.jumped between them flags it).
CREATE TABLE directions (
  id                  TEXT PRIMARY KEY,    -- event_id of direction.issued (= its logbook entry)
  seq                 INTEGER NOT NULL UNIQUE,
  incident_id         TEXT NOT NULL,
  recipient_unit_code TEXT,
  recipient_person    TEXT,
  form                TEXT NOT NULL,
  content             TEXT NOT NULL,
  focal_point         TEXT NOT NULL,
  issued_at           INTEGER NOT NULL,
  issued_by           TEXT NOT NULL,
  recorded_at         INTEGER NOT NULL,
  esc_minutes         INTEGER NOT NULL,
  ack_start           INTEGER NOT NULL,
  ack_due             INTEGER NOT NULL,
  ack_done            INTEGER,
  ack_done_seq        INTEGER,
  ack_esc             INTEGER NOT NULL DEFAULT 0,
  ack                 TEXT,                -- JSON Acknowledgement
  result_due          INTEGER NOT NULL,
  result_done         INTEGER,
  result_done_seq     INTEGER,
  result_esc          INTEGER NOT NULL DEFAULT 0,
  result              TEXT                 -- JSON ResultReport
) STRICT;
CREATE INDEX directions_incident ON directions (incident_id, seq);
CREATE INDEX directions_open ON directions (seq) WHERE result_done IS NULL;

CREATE TABLE inbound_requests (
  id              TEXT PRIMARY KEY,        -- event_id of request.registered (= its logbook entry)
  seq             INTEGER NOT NULL UNIQUE,
  from_unit_code  TEXT,
  from_text       TEXT NOT NULL,
  reference       TEXT NOT NULL,
  content         TEXT NOT NULL,
  received_at     INTEGER NOT NULL,
  recorded_at     INTEGER NOT NULL,
  registered_by   TEXT NOT NULL,
  esc_minutes     INTEGER NOT NULL,
  ack_start       INTEGER NOT NULL,
  ack_due         INTEGER NOT NULL,
  ack_done        INTEGER,
  ack_done_seq    INTEGER,
  ack_esc         INTEGER NOT NULL DEFAULT 0,
  answer          TEXT,
  result_due      INTEGER,
  result_done     INTEGER,
  result_done_seq INTEGER,
  result_esc      INTEGER NOT NULL DEFAULT 0,
  result          TEXT
) STRICT;
CREATE INDEX inbound_requests_open ON inbound_requests (seq) WHERE result_done IS NULL;

CREATE TABLE clock_escalations (
  seq         INTEGER PRIMARY KEY,         -- the direction.escalated event
  target_kind TEXT NOT NULL,               -- direction | request
  target_id   TEXT NOT NULL,
  clock       TEXT NOT NULL,               -- ack | result
  level       INTEGER NOT NULL,            -- 1 room leader, 2 shift leader
  to_role     TEXT NOT NULL,
  due_at      INTEGER NOT NULL,
  at          INTEGER NOT NULL,            -- recorded time
  UNIQUE (target_id, clock, level)
) STRICT;

CREATE TABLE incident_alerts (
  id           TEXT PRIMARY KEY,           -- event_id of the event that raised it
  seq          INTEGER NOT NULL UNIQUE,
  kind         TEXT NOT NULL,
  to_role      TEXT NOT NULL,
  incident_id  TEXT,
  direction_id TEXT,
  request_id   TEXT,
  text         TEXT NOT NULL,
  at           INTEGER NOT NULL,
  dismissed_at INTEGER,
  dismissed_by TEXT
) STRICT;
CREATE INDEX incident_alerts_open ON incident_alerts (seq) WHERE dismissed_at IS NULL;

CREATE TABLE clock_jumps (
  seq      INTEGER PRIMARY KEY,
  from_ms  INTEGER NOT NULL,               -- where the wall clock should have been
  to_ms    INTEGER NOT NULL,               -- where it was
  delta_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE incident_settings (
  id                 INTEGER PRIMARY KEY CHECK (id = 1),
  ack_minutes        INTEGER NOT NULL,
  escalation_minutes INTEGER NOT NULL
) STRICT;
`;
