import type { DB } from './db';
import type { Journal } from '../journal/journal';
import { MODULES, PROJECTION_TABLES, REBUILD_EXTRAS } from '../modules';
import { PROJECTIONS_REBUILT_EVENT } from './events';

/** Projection tables: everything the UI reads that the journal can rebuild (declared by the modules). */
export const PROJECTIONS = PROJECTION_TABLES;

/** Journaled by `trucban rebuild`: which tables were rebuilt from the journal, and why. */
export const PROJECTIONS_REBUILT = PROJECTIONS_REBUILT_EVENT.type;

export interface ProjectionsRebuiltPayload {
  /** Every table replayed (the projections, the search index and the station record). */
  tables: string[];
  reason: string;
  /** Events replayed (every event before this one; quarantined ones included). */
  events: number;
  /** Local secrets (credentials, camera_secrets) removed because the journal knows no owner for them. */
  secretsRemoved: number;
}

/** The station record (`meta` key `station`) and the search index are rebuilt too. */
export const REBUILT_TABLES = [...PROJECTIONS, ...REBUILD_EXTRAS.map((x) => x.name)];

/** What a rebuild works on: the connection and the journal with every projector. */
export interface RebuildTarget {
  db: DB;
  journal: Journal;
}

/**
 * Empties every projection and replays the journal through the projectors; call inside
 * journal.tx. Secrets whose user or camera the journal never created (a forged account's
 * password) are removed: they would otherwise break the foreign keys and outlive the forgery.
 */
function replay(core: RebuildTarget): { events: number; secretsRemoved: number } {
  const { db, journal } = core;
  let n = 0;
  db.pragma('defer_foreign_keys = ON');
  for (const t of PROJECTIONS) db.prepare(`DELETE FROM ${t}`).run();
  for (const x of REBUILD_EXTRAS) x.clear(db);
  // read in pages: the connection cannot write while a statement is still iterating
  for (let from = 1; ; ) {
    const page = journal.page(from, 5000);
    if (page.length === 0) break;
    for (const ev of page) journal.project(ev);
    n += page.length;
    from = page[page.length - 1]!.seq + 1;
  }
  for (const x of REBUILD_EXTRAS) x.finish?.(db);
  let secretsRemoved = 0;
  for (const m of MODULES) secretsRemoved += m.afterRebuild?.(db) ?? 0;
  return { events: n, secretsRemoved };
}

/**
 * Drops every projection and replays the whole journal through the projectors, in one
 * transaction: the tables the UI reads are projections rebuilt from the journal
 * (docs/architecture.md, "The journal and its projections"). Credentials are local secrets,
 * not projections: they are kept and re-attach to the same users (and camera_secrets to the
 * same cameras). Returns the number of events replayed.
 */
export function rebuildProjections(core: RebuildTarget): number {
  return core.journal.tx(() => replay(core).events);
}

/**
 * The repair behind `trucban rebuild`: rebuildProjections, and the fact that it was done
 * journaled (`store.projections_rebuilt` with the tables and the reason) in the same
 * transaction, so a repair is itself on the record.
 */
export function repairProjections(core: RebuildTarget, reason: string, actor = 'system'): ProjectionsRebuiltPayload {
  return core.journal.tx(() => {
    const payload: ProjectionsRebuiltPayload = { tables: REBUILT_TABLES, reason, ...replay(core) };
    core.journal.appendInTx({ type: PROJECTIONS_REBUILT, actor, payload });
    return payload;
  });
}
