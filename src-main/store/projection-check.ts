import Database from 'better-sqlite3';
import { sqliteOptions } from './native';
import type { DB } from './db';
import { migrate } from './db';
import type { StoredEvent } from '../journal/journal';
import { REGISTRY } from '../journal/registry';
import { USER_ADMIN_RECOVERED, USER_CREATED, USER_UPDATED, usersProjector } from '../users/service';
import { STATION_SET_UP, STATION_UPDATED, stationProjector } from '../station/service';
import { devicesProjector } from '../devices/service';
import { DEVICE_PAIRED_EVENT, DEVICE_REVOKED_EVENT } from '../devices/events';
import { STATION_LAN_SET_EVENT } from '../station/events';
import { lanProjector } from '../station/lan';
import { AppError } from '../../src-shared/errors';
import type { ProjectionMismatch } from '../../src-shared/domain/org';

/**
 * The events the security projections come from: who may sign in, with which roles (`users`),
 * and the station itself (`meta` key `station`). Migration 11 indexes exactly these.
 */
export const SECURITY_EVENT_TYPES = [USER_CREATED, USER_UPDATED, USER_ADMIN_RECOVERED, STATION_SET_UP, STATION_UPDATED] as const;

/**
 * The events the paired devices come from (`devices`: who may connect over the LAN, and who is
 * revoked). Migration 14 indexes exactly these (`events_devices`).
 */
export const DEVICE_SECURITY_EVENT_TYPES = [DEVICE_PAIRED_EVENT.type, DEVICE_REVOKED_EVENT.type] as const;

/** LAN access as set (`meta` key `station_lan`: which addresses the listener opens). Migration 16 indexes it. */
export const LAN_SECURITY_EVENT_TYPES = [STATION_LAN_SET_EVENT.type] as const;

/** The command that repairs projections from the journal (named in every mismatch). */
export const repairCommand = (dbPath: string): string => `trucban --db ${JSON.stringify(dbPath)} rebuild`;

type Row = Record<string, unknown>;

const shorten = (s: string, max = 240): string => (s.length > max ? `${s.slice(0, max)}…` : s);
const show = (r: Row | undefined): string | null => (r ? shorten(JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))) : null);

/** Names a row by its key columns: `user_id=…` or `code=…, valid_from=…`. */
export const rowName = (key: readonly string[], r: Row): string => key.map((k) => `${k}=${String(r[k])}`).join(', ');

/** Describes how one row differs between the stored projection and the journal's replay. */
export function describeMismatch(table: string, key: readonly string[], stored: Row | undefined, journal: Row | undefined): ProjectionMismatch {
  const any = (stored ?? journal)!;
  const columns = stored && journal ? Object.keys(any).filter((c) => !sameValue(stored[c], journal[c])) : Object.keys(any);
  // a row on both sides shows only the columns that differ; a row on one side shows all of it
  const pick = (r: Row | undefined) => (r && stored && journal ? Object.fromEntries(columns.map((c) => [c, r[c]])) : r);
  return { table, row: rowName(key, any), columns, stored: show(pick(stored)), journal: show(pick(journal)) };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  return a === b;
}

/**
 * The start-up check: replays only the user and station events into an in-memory database
 * (through the app's own projectors) and compares the stored `users` rows and station with it.
 * A person with write access to the file could otherwise grant a role or re-activate an account
 * by editing `users`, and the app would obey. Returns the first difference, or null.
 */
export function checkSecurityProjections(db: DB, opts: { nativeBinding?: string } = {}): ProjectionMismatch | null {
  const mem = new Database(':memory:', sqliteOptions({}, opts.nativeBinding));
  try {
    migrate(mem);
    const project = [usersProjector(mem), stationProjector(mem), devicesProjector(mem), lanProjector(mem)];
    // one query per partial index (migrations 11 and 14), so neither scans the journal
    const replay = (list: readonly string[]) => {
      const types = list.map((t) => `'${t}'`).join(', ');
      const events = db
        .prepare(
          `SELECT seq, event_id AS eventId, type, type_version AS typeVersion, hlc, occurred_at AS occurredAt,
                  recorded_at AS recordedAt, actor, payload, hash FROM events WHERE type IN (${types}) ORDER BY seq`,
        )
        .iterate() as IterableIterator<StoredEvent>;
      mem.transaction(() => {
        for (const ev of events) {
          // an event that does not parse is not projected (a rebuild quarantines it), here too
          const r = REGISTRY.parse(ev);
          if (!r.ok) continue;
          const parsed = { ...ev, data: r.payload };
          for (const p of project) p(parsed);
        }
      })();
    };
    replay(SECURITY_EVENT_TYPES);
    // a database older than migration 14 has no devices yet (a read-only open is not migrated)
    const hasDevices = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'devices'`).get() !== undefined;
    if (hasDevices) replay(DEVICE_SECURITY_EVENT_TYPES);
    replay(LAN_SECURITY_EVENT_TYPES);
    const users = (d: DB) => d.prepare('SELECT * FROM users ORDER BY user_id').all() as Row[];
    const mismatch = firstRowDifference('users', ['user_id'], users(db), users(mem));
    if (mismatch) return mismatch;
    // the station record and its LAN access (a listener opened on every interface by editing `meta`)
    const station = (d: DB) => d.prepare(`SELECT key, value FROM meta WHERE key IN ('station', 'station_lan') ORDER BY key`).all() as Row[];
    const stationMismatch = firstRowDifference('meta', ['key'], station(db), station(mem));
    if (stationMismatch || !hasDevices) return stationMismatch;
    // a revoked device made active again by editing `devices` would be let back onto the LAN
    const devices = (d: DB) => d.prepare('SELECT * FROM devices ORDER BY device_id').all() as Row[];
    return firstRowDifference('devices', ['device_id'], devices(db), devices(mem));
  } finally {
    mem.close();
  }
}

/** First difference between two row lists, both sorted by `key` (a single text column). */
function firstRowDifference(table: string, key: [string], stored: Row[], journal: Row[]): ProjectionMismatch | null {
  const k = key[0];
  let i = 0;
  let j = 0;
  while (i < stored.length || j < journal.length) {
    const s = stored[i];
    const r = journal[j];
    const sk = s ? String(s[k]) : null;
    const rk = r ? String(r[k]) : null;
    if (sk !== null && (rk === null || sk < rk)) return describeMismatch(table, key, s, undefined);
    if (rk !== null && (sk === null || rk < sk)) return describeMismatch(table, key, undefined, r);
    const d = describeMismatch(table, key, s, r);
    if (d.columns.length > 0) return d;
    i++;
    j++;
  }
  return null;
}

/** The start-up refusal: a translated `projection_mismatch` naming the table, the row and the repair. */
export function mismatchError(m: ProjectionMismatch, dbPath: string): AppError {
  const command = repairCommand(dbPath);
  return new AppError(
    'projection_mismatch',
    `table ${m.table}, row ${m.row} does not match the journal (stored ${m.stored ?? 'nothing'}, the journal says ${m.journal ?? 'nothing'}); repair with: ${command}`,
    { params: { table: m.table, row: m.row, command } },
  );
}

/** The start-up check of openCore: closes `db` and throws `projection_mismatch` on a difference. */
export function assertSecurityProjections(db: DB, dbPath: string, opts: { nativeBinding?: string } = {}): void {
  let mismatch: ProjectionMismatch | null;
  try {
    mismatch = checkSecurityProjections(db, opts);
  } catch (e) {
    db.close();
    throw e;
  }
  if (mismatch) {
    db.close();
    throw mismatchError(mismatch, dbPath);
  }
}
