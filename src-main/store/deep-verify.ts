import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DB } from './db';
import { sourcePath } from './db';
import { verifyJournalParallel } from '../journal/journal';
import { PROJECTIONS, rebuildProjections } from './rebuild';
import { searchIndexFlusher } from '../logbook/projector';
import { checkSecurityProjections, describeMismatch } from './projection-check';
import { readQuarantine } from './quarantine';
import { AppError } from '../../src-shared/errors';
import type { JournalVerifyReport, ProjectionMismatch, QuarantineReport, VerifyReport } from '../../src-shared/domain/org';

export interface VerifyOptions {
  /** Also rebuild every projection in a scratch copy and compare it with the stored one. */
  deep?: boolean;
  nativeBinding?: string;
  /** Worker threads for the hash chain (default: the machine's parallelism). */
  workers?: number;
}

/** quick_check stops after this many problems; a report names the first few. */
const MAX_PROBLEMS = 20;

/**
 * SQLite's `PRAGMA quick_check`: the b-tree pages, their cells and free list, without the
 * (much slower) index-against-table cross-check of integrity_check. A damaged page is named
 * ("Tree 5 page 12 cell 3: …"); a file too damaged to walk fails with SQLite's own error.
 */
export function quickCheck(db: DB): { ok: boolean; problems: string[] } {
  try {
    const rows = db.pragma(`quick_check(${MAX_PROBLEMS})`, { simple: false }) as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((p) => p !== 'ok');
    return { ok: problems.length === 0, problems };
  } catch (e) {
    // quick_check gives up on a page it cannot even parse (a wrong page type): find which
    return { ok: false, problems: [`quick_check stopped: ${(e as Error).message}`, ...unreadablePages(db)] };
  }
}

/**
 * Walks each b-tree with SQLite's dbstat table, which marks a page it cannot parse as
 * `corrupted` (and fails on a tree it cannot walk at all): names the table or index and page.
 */
function unreadablePages(db: DB): string[] {
  const problems: string[] = [];
  try {
    const trees = db.prepare('SELECT name, rootpage FROM sqlite_schema WHERE rootpage > 0 ORDER BY rootpage').all() as { name: string; rootpage: number }[];
    const corrupted = db.prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'corrupted'`).pluck();
    for (const t of trees) {
      try {
        const pages = corrupted.all(t.name) as number[];
        if (pages.length) problems.push(`${t.name} (root page ${t.rootpage}): page ${pages.join(', page ')} cannot be read`);
      } catch (e) {
        problems.push(`${t.name} (root page ${t.rootpage}) cannot be read: ${(e as Error).message}`);
      }
    }
  } catch (e) {
    problems.push((e as Error).message);
  }
  return problems;
}

/**
 * Everything `trucban verify` checks, on a connection that may be read-only (nothing here
 * writes to `db`): the file's pages, that there is a journal at all (`no_journal`), the hash
 * chain, and with `deep` every projection against the journal's replay.
 */
export async function verifyDatabase(db: DB, opts: VerifyOptions = {}): Promise<JournalVerifyReport> {
  const integrity = quickCheck(db);
  let events = -1;
  try {
    const hasTable = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'events'`).get() !== undefined;
    events = hasTable ? (db.prepare('SELECT COUNT(*) FROM (SELECT 1 FROM events LIMIT 1)').pluck().get() as number) : 0;
  } catch {
    // unreadable: the integrity report says why
  }
  if (events === 0 && integrity.ok) {
    const file = sourcePath(db);
    throw new AppError('no_journal', `${file} holds no journal events: nothing to verify`, { params: { path: file } });
  }
  let chain: VerifyReport;
  try {
    const vo: { nativeBinding?: string; workers?: number } = {};
    if (opts.nativeBinding) vo.nativeBinding = opts.nativeBinding;
    if (opts.workers) vo.workers = opts.workers;
    chain = await verifyJournalParallel(db, vo);
  } catch (e) {
    chain = { ok: false, checked: 0, headSeq: 0, headHash: null, firstBadSeq: 1, problem: `the events cannot be read: ${(e as Error).message}` };
  }
  // a replay is only meaningful when the chain and the file are sound; without --deep only the
  // projections security decisions read (users, station) are replayed, as at start-up
  let projections: JournalVerifyReport['projections'] = null;
  let quarantine: JournalVerifyReport['quarantine'] = null;
  if (chain.ok && integrity.ok) {
    quarantine = readQuarantine(db);
    if (opts.deep) {
      const seen: { quarantine?: QuarantineReport } = {};
      projections = await deepCheckProjections(db, opts, seen);
      if (seen.quarantine) quarantine = seen.quarantine;
    }
    else if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'users'`).get()) {
      const mismatch = checkSecurityProjections(db, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
      const rows = db.prepare(`SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM meta WHERE key = 'station')`).pluck().get() as number;
      projections = { ok: mismatch === null, deep: false, tables: ['users', 'meta'], rows, mismatch };
    }
  }
  return { ...chain, ok: chain.ok && integrity.ok && (projections?.ok ?? true), integrity, projections, quarantine };
}

type Source = { name: string; stored: string; current: string; key: string[] };

const q = (id: string) => `"${id.replaceAll('"', '""')}"`;

/**
 * Rebuilds every projection from the journal in a scratch copy (SQLite's backup API, in a
 * private temporary folder, migrated like the app would) and compares each table with the one
 * stored, row by row on its primary key. Security decisions read these tables, so a row edited
 * behind the app's back (a role, `active`) is named here. The search index is compared as its
 * (term, version) pairs, the station record as its `meta` row. `db` is only read.
 */
export async function deepCheckProjections(
  db: DB,
  opts: { nativeBinding?: string } = {},
  /** Receives the replay's quarantine (the events the journal cannot project, as this build sees them). */
  seen: { quarantine?: QuarantineReport } = {},
): Promise<NonNullable<JournalVerifyReport['projections']>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-deep-'));
  try {
    const copy = path.join(dir, 'scratch.sqlite');
    await db.backup(copy);
    // imported here: the core wires the dispatcher, whose handlers call this module
    const { openCore } = await import('../app/core');
    const core = openCore({ dbPath: copy, create: false, checkProjections: false, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
    try {
      const out = compareWithReplay(core.db, () => rebuildProjections(core));
      seen.quarantine = readQuarantine(core.db);
      return out;
    } finally {
      core.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function compareWithReplay(db: DB, rebuild: () => void): NonNullable<JournalVerifyReport['projections']> {
  // the tables security decisions read come first, so their difference is the one named
  const order = ['users', ...PROJECTIONS.filter((t) => t !== 'users')];
  const sources: Source[] = [];
  for (const t of order) {
    const stored = q(`stored:${t}`);
    db.exec(`CREATE TABLE ${stored} AS SELECT * FROM ${q(t)}`);
    const info = db.pragma(`table_info(${q(t)})`) as { name: string; pk: number }[];
    const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    sources.push({ name: t, stored, current: q(t), key: pk.length ? pk : info.map((c) => c.name) });
    if (t === 'users') {
      // the station record and its LAN access setting (src-main/station/lan.ts)
      db.exec(`CREATE TABLE ${q('stored:meta')} AS SELECT key, value FROM meta WHERE key IN ('station', 'station_lan')`);
      sources.push({ name: 'meta', stored: q('stored:meta'), current: `(SELECT key, value FROM meta WHERE key IN ('station', 'station_lan'))`, key: ['key'] });
    }
  }
  // the versions waiting for the search index's next batch are compared as part of it
  db.transaction(() => searchIndexFlusher(db).flush()).immediate();
  db.exec(`CREATE VIRTUAL TABLE temp.${q('vocab:logbook_fts')} USING fts5vocab(main, logbook_fts, instance)`);
  db.exec(`CREATE TABLE ${q('stored:logbook_fts')} AS SELECT term, doc FROM temp.${q('vocab:logbook_fts')}`);
  sources.push({ name: 'logbook_fts', stored: q('stored:logbook_fts'), current: `(SELECT term, doc FROM temp.${q('vocab:logbook_fts')})`, key: ['doc', 'term'] });

  rebuild();

  let rows = 0;
  for (const s of sources) {
    const mismatch = firstDifference(db, s);
    if (mismatch) return { ok: false, deep: true, tables: sources.map((x) => x.name), rows, mismatch };
    rows += db.prepare(`SELECT COUNT(*) FROM ${s.current}`).pluck().get() as number;
  }
  return { ok: true, deep: true, tables: sources.map((x) => x.name), rows, mismatch: null };
}

/** The first row (by key) present or different on one side only; null when the two agree. */
function firstDifference(db: DB, s: Source): ProjectionMismatch | null {
  const keys = s.key.map(q).join(', ');
  const diff = db
    .prepare(
      `SELECT ${keys} FROM (SELECT * FROM (SELECT * FROM ${s.stored} EXCEPT SELECT * FROM ${s.current})
                            UNION ALL SELECT * FROM (SELECT * FROM ${s.current} EXCEPT SELECT * FROM ${s.stored}))
        ORDER BY ${keys} LIMIT 1`,
    )
    .get() as Record<string, unknown> | undefined;
  if (!diff) return null;
  const where = s.key.map((k) => `${q(k)} IS ?`).join(' AND ');
  const values = s.key.map((k) => diff[k]);
  const stored = db.prepare(`SELECT * FROM ${s.stored} WHERE ${where}`).get(...values) as Record<string, unknown> | undefined;
  const journal = db.prepare(`SELECT * FROM ${s.current} WHERE ${where}`).get(...values) as Record<string, unknown> | undefined;
  return describeMismatch(s.name, s.key, stored, journal);
}
