// Migration 4: incidents know when they were closed (a result reported on one of their
// directions), so the open items of every shift — handed over at 08:00 — are one index away.
export default `
ALTER TABLE logbook_entries ADD COLUMN closed_at INTEGER;
UPDATE logbook_entries SET closed_at = (
  SELECT MIN(r.occurred_at) FROM logbook_entries d
    JOIN logbook_entries r ON r.linked_entry_id = d.entry_id AND r.kind = 'result'
   WHERE d.linked_entry_id = logbook_entries.entry_id AND d.kind = 'direction'
) WHERE kind = 'incident';
CREATE INDEX logbook_entries_open ON logbook_entries (entry_seq) WHERE kind = 'incident' AND closed_at IS NULL;
`;
