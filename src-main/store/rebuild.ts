import type { Core } from '../app/core';
import { INCIDENT_PROJECTIONS } from '../incidents/projector';
import { WALL_PROJECTIONS } from '../walls/service';
import { SEARCH_INDEXED_TO, searchIndexFlusher } from '../logbook/projector';

/** Projection tables: everything the UI reads that the journal can rebuild. */
export const PROJECTIONS = ['logbook_entries', 'logbook_versions', 'logbook_identifiers', 'org_units', 'rosters', 'rota', 'users', 'camera_health', 'cameras', 'documents', 'document_revisions', ...INCIDENT_PROJECTIONS, ...WALL_PROJECTIONS];

/** Journaled by `trucban rebuild`: which tables were rebuilt from the journal, and why. */
export const PROJECTIONS_REBUILT = 'store.projections_rebuilt';

export interface ProjectionsRebuiltPayload {
  /** Every table replayed (the projections, the search index and the station record). */
  tables: string[];
  reason: string;
  /** Events replayed (every event before this one). */
  events: number;
  /** Local secrets (credentials, camera_secrets) removed because the journal knows no owner for them. */
  secretsRemoved: number;
}

/** The station record (`meta` key `station`) and the search index (with its `search_indexed_to` mark) are rebuilt too. */
export const REBUILT_TABLES = [...PROJECTIONS, 'logbook_fts', 'meta:station'];

/**
 * Empties every projection and replays the journal through the projectors; call inside
 * journal.tx. Secrets whose user or camera the journal never created (a forged account's
 * password) are removed: they would otherwise break the foreign keys and outlive the forgery.
 */
function replay(core: Core): { events: number; secretsRemoved: number } {
  const { db, journal } = core;
  let n = 0;
  db.pragma('defer_foreign_keys = ON');
  for (const t of PROJECTIONS) db.prepare(`DELETE FROM ${t}`).run();
  db.prepare(`INSERT INTO logbook_fts (logbook_fts) VALUES ('delete-all')`).run();
  db.prepare(`UPDATE meta SET value = '0' WHERE key = '${SEARCH_INDEXED_TO}'`).run();
  db.prepare(`DELETE FROM meta WHERE key = 'station'`).run();
  // read in pages: the connection cannot write while a statement is still iterating
  for (let from = 1; ; ) {
    const page = journal.page(from, 5000);
    if (page.length === 0) break;
    for (const ev of page) journal.project(ev);
    n += page.length;
    from = page[page.length - 1]!.seq + 1;
  }
  // the rebuilt index holds every version (none left waiting for the next batch)
  searchIndexFlusher(db).flush();
  const secretsRemoved =
    db.prepare('DELETE FROM credentials WHERE user_id NOT IN (SELECT user_id FROM users)').run().changes +
    db.prepare('DELETE FROM camera_secrets WHERE camera_id NOT IN (SELECT camera_id FROM cameras)').run().changes;
  return { events: n, secretsRemoved };
}

/**
 * Drops every projection and replays the whole journal through the projectors, in one
 * transaction: the tables the UI reads are projections rebuilt from the journal
 * (docs/architecture.md, "The journal and its projections"). Credentials are local secrets,
 * not projections: they are kept and re-attach to the same users (and camera_secrets to the
 * same cameras). Returns the number of events replayed.
 */
export function rebuildProjections(core: Core): number {
  return core.journal.tx(() => replay(core).events);
}

/**
 * The repair behind `trucban rebuild`: rebuildProjections, and the fact that it was done
 * journaled (`store.projections_rebuilt` with the tables and the reason) in the same
 * transaction, so a repair is itself on the record.
 */
export function repairProjections(core: Core, reason: string, actor = 'system'): ProjectionsRebuiltPayload {
  return core.journal.tx(() => {
    const payload: ProjectionsRebuiltPayload = { tables: REBUILT_TABLES, reason, ...replay(core) };
    core.journal.appendInTx({ type: PROJECTIONS_REBUILT, actor, payload });
    return payload;
  });
}
