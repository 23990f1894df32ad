// Migration 8: official forms Phụ lục II–V (docs/forms.md). Both tables are projections of the
// document.* journal events (src-main/documents/service.ts). An issued document is frozen: its
// number in the station's yearly series, the sha256 of its PDF and DOCX (stored as attachments)
// and of its fields are in the journal event; a reissue is a new row that supersedes the old.
// The unique index is the guard behind the allocation in the append transaction: one number per
// station and year, never two documents with the same number.
export default `
CREATE TABLE documents (
  doc_id          TEXT PRIMARY KEY,
  annex           TEXT NOT NULL CHECK (annex IN ('II', 'III', 'IV', 'V')),
  status          TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'superseded')),
  station_code    TEXT,
  number          INTEGER CHECK (number > 0),
  year            INTEGER,
  symbol          TEXT,
  version         INTEGER NOT NULL DEFAULT 1,
  revision        INTEGER NOT NULL DEFAULT 0,
  fields          TEXT NOT NULL,              -- JSON, the form's fields
  title           TEXT NOT NULL DEFAULT '',
  incident_id     TEXT,
  direction_id    TEXT,
  request_id      TEXT,
  pdf_sha256      TEXT,
  pdf_size        INTEGER,
  pdf_name        TEXT,
  docx_sha256     TEXT,
  docx_size       INTEGER,
  docx_name       TEXT,
  fields_sha256   TEXT,
  issued_at       INTEGER,
  issued_by       TEXT,
  reissue_reason  TEXT,
  supersedes      TEXT,
  superseded_by   TEXT,
  created_at      INTEGER NOT NULL,
  created_by      TEXT NOT NULL,
  updated_at      INTEGER NOT NULL,
  updated_by      TEXT NOT NULL,
  CHECK ((status = 'draft') = (number IS NULL)),
  CHECK ((number IS NULL) = (year IS NULL))
) STRICT;
CREATE UNIQUE INDEX documents_number ON documents (station_code, year, number) WHERE number IS NOT NULL;
CREATE INDEX documents_incident ON documents (incident_id) WHERE incident_id IS NOT NULL;
CREATE INDEX documents_direction ON documents (direction_id) WHERE direction_id IS NOT NULL;
CREATE INDEX documents_request ON documents (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX documents_updated ON documents (updated_at);

CREATE TABLE document_revisions (
  seq       INTEGER PRIMARY KEY,            -- the journal event
  doc_id    TEXT NOT NULL,
  revision  INTEGER NOT NULL,
  kind      TEXT NOT NULL,                  -- draft_saved | issued | reissued
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  fields    TEXT NOT NULL
) STRICT;
CREATE INDEX document_revisions_doc ON document_revisions (doc_id, seq);
`;
