/**
 * Reading the quarantine (migration 12): events the journal parked instead of projecting
 * (docs/architecture.md, "Event types, versions and the quarantine").
 */
import type { DB } from './db';
import type { QuarantineReport, QuarantinedEvent } from '../../src-shared/domain/org';

/** How many events a report lists by default. */
export const QUARANTINE_FIRST = 5;

/** The count and the first `limit` quarantined events by seq; empty for a file older than migration 12. */
export function readQuarantine(db: DB, limit = QUARANTINE_FIRST): QuarantineReport {
  const has = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'quarantine'`).get() !== undefined;
  if (!has) return { count: 0, items: [] };
  const count = db.prepare('SELECT COUNT(*) FROM quarantine').pluck().get() as number;
  const items = db
    .prepare('SELECT seq, event_id AS eventId, type, type_version AS typeVersion, reason FROM quarantine ORDER BY seq LIMIT ?')
    .all(limit) as QuarantinedEvent[];
  return { count, items };
}
