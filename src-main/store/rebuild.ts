import type { Core } from '../app/core';
import { INCIDENT_PROJECTIONS } from '../incidents/projector';
import { WALL_PROJECTIONS } from '../walls/service';

/** Projection tables: everything the UI reads that the journal can rebuild. */
const PROJECTIONS = ['logbook_entries', 'logbook_versions', 'logbook_identifiers', 'org_units', 'rosters', 'rota', 'users', 'camera_health', 'cameras', 'documents', 'document_revisions', ...INCIDENT_PROJECTIONS, ...WALL_PROJECTIONS];

/**
 * Drops every projection and replays the whole journal through the projectors, in one
 * transaction (design.md §3: "tables the UI reads are projections rebuilt from the journal").
 * Credentials are local secrets, not projections: they are kept and re-attach to the same users
 * (and camera_secrets to the same cameras).
 */
export function rebuildProjections(core: Core): number {
  const { db, journal } = core;
  let n = 0;
  journal.tx(() => {
    db.pragma('defer_foreign_keys = ON');
    for (const t of PROJECTIONS) db.prepare(`DELETE FROM ${t}`).run();
    db.prepare(`INSERT INTO logbook_fts (logbook_fts) VALUES ('delete-all')`).run();
    db.prepare(`DELETE FROM meta WHERE key = 'station'`).run();
    // read in pages: the connection cannot write while a statement is still iterating
    for (let from = 1; ; ) {
      const page = journal.page(from, 5000);
      if (page.length === 0) break;
      for (const ev of page) journal.project(ev);
      n += page.length;
      from = page[page.length - 1]!.seq + 1;
    }
  });
  return n;
}
