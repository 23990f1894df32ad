import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DB } from '../store/db';
import type { Clock } from './clock';
import { Hlc } from './clock';
import { eventHash } from './hash';
import type { HashedFields } from './hash';
import { uuidv7 } from './ids';
import type { QuarantineReport, VerifyReport } from '../../src-shared/domain/org';
import { readQuarantine } from '../store/quarantine';
import { AppError } from '../../src-shared/errors';
import type { EventRegistry, ParsedEvent } from './events';
import { firstIssue } from './events';

export interface NewEvent {
  type: string;
  typeVersion?: number;
  /** When the recorded thing happened (epoch ms); defaults to the recording time. */
  occurredAt?: number;
  actor: string;
  payload: unknown;
}

/** An event as stored: the fields the hash chain covers, plus its hash. */
export interface StoredEvent extends HashedFields {
  hash: Buffer;
}

/** Quiet time after the last append before housekeeping runs, and the pause between its rounds. */
const IDLE_MS = 1_000;
const MAINTENANCE_ROUND_MS = 20;
/** A transaction that appends this many events merges the search index before returning. */
const BULK_EVENTS = 1_000;

/**
 * Applies an event to the projections, inside the append transaction. With a registry the
 * journal passes the payload parsed and upcast (`data`); typed projectors (journal/events.ts
 * `projector(on(…))`) read it, raw ones may ignore it.
 */
export type Projector = (ev: ParsedEvent) => void;

export interface JournalOptions {
  /** This installation's HLC node id (docs/architecture.md, "The hybrid logical clock"). */
  node?: string;
  /**
   * The event types this build knows. With it, `append` refuses a payload that does not fit
   * its type's current schema (`event_invalid`) and writes the current version, and
   * `project` parks an event it cannot parse in the `quarantine` table instead of projecting it.
   */
  registry?: EventRegistry;
}

/** Hears the events of each committed outermost transaction, in order, after the commit. */
export type CommitListener = (evs: readonly StoredEvent[]) => void;

/**
 * The station's append-only journal. `append` writes the event and runs the projectors in one
 * transaction, so the logbook the UI reads can never disagree with the journal. One writer
 * per database (this object); readers may be many.
 */
export class Journal {
  private headSeq = 0;
  private headHash: Buffer | null = null;
  private readonly hlc: Hlc;
  private readonly insert;
  private readonly setHead;
  private projectors: Projector[] = [];
  /** Idle housekeeping (FTS merges…); each returns true while more work remains. */
  private maintenance: (() => boolean)[] = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private maintenanceDue = 0;
  private commitListeners: CommitListener[] = [];
  /** Events appended in the open transaction, handed to the commit listeners once it commits. */
  private uncommitted: StoredEvent[] = [];
  /** Run inside the append's transaction for each event (a throw rolls the append back). */
  private appendHooks: ((ev: StoredEvent) => void)[] = [];

  readonly registry: EventRegistry | null;
  private quarantineStmt: { run(...params: unknown[]): unknown } | null = null;

  constructor(
    readonly db: DB,
    private readonly clock: Clock,
    opts: JournalOptions = {},
  ) {
    this.registry = opts.registry ?? null;
    this.hlc = new Hlc(clock, opts.node ?? 'local');
    const head = db.prepare('SELECT seq, hash, hlc FROM events ORDER BY seq DESC LIMIT 1').get() as
      | { seq: number; hash: Buffer; hlc: string }
      | undefined;
    if (head) {
      this.headSeq = head.seq;
      this.headHash = head.hash;
      this.hlc.seed(head.hlc);
    }
    this.insert = db.prepare(
      `INSERT INTO events (seq, event_id, type, type_version, hlc, occurred_at, recorded_at, actor, payload, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.setHead = db.prepare(`INSERT INTO meta (key, value) VALUES ('journal_head', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  }

  addProjector(p: Projector): void {
    this.projectors.push(p);
  }

  /**
   * Runs `fn` for each appended event inside its transaction, after the projectors: what it
   * writes commits or rolls back with the event (the dispatcher's applied request ids,
   * src-main/api/requests.ts). A throw refuses the append.
   */
  addAppendHook(fn: (ev: StoredEvent) => void): () => void {
    this.appendHooks.push(fn);
    return () => {
      this.appendHooks = this.appendHooks.filter((h) => h !== fn);
    };
  }

  /**
   * Calls `fn` once per committed outermost transaction with the events it appended (never for
   * a rolled-back one, nor for a savepoint rolled back inside a committed one). A throwing
   * listener is ignored: the events are durable by then. Returns the unsubscribe function.
   */
  onCommit(fn: CommitListener): () => void {
    this.commitListeners.push(fn);
    return () => {
      this.commitListeners = this.commitListeners.filter((l) => l !== fn);
    };
  }

  private committed(): void {
    const evs = this.uncommitted;
    this.uncommitted = [];
    if (evs.length === 0) return;
    for (const l of this.commitListeners) {
      try {
        l(evs);
      } catch {
        // a listener (push to screens) must not turn a durable append into a failure
      }
    }
  }

  /** Registers idle housekeeping (kept off the append path); `task` returns true while work remains. */
  addMaintenance(task: () => boolean): void {
    this.maintenance.push(task);
  }

  /**
   * One bounded round of housekeeping: the maintenance tasks, then a PASSIVE WAL checkpoint.
   * Runs by itself IDLE_MS after the last append (and in short rounds while work remains), so
   * an officer's append never pays for a checkpoint or an index merge. Returns true while
   * more work remains.
   */
  maintain(): boolean {
    if (!this.db.open || this.db.inTransaction) return false;
    const more = this.maintainOnce();
    this.db.pragma('wal_checkpoint(PASSIVE)');
    return more;
  }

  private maintainOnce(): boolean {
    let more = false;
    for (const t of this.maintenance) more = t() || more;
    return more;
  }

  /**
   * Housekeeping runs `delay` ms after the last append. Each append only moves the due time:
   * one timer stays armed and, when it fires early, waits out the rest (no clearTimeout +
   * setTimeout per append, which cost ~5 % of an append's CPU).
   */
  private scheduleMaintenance(delay = IDLE_MS): void {
    this.maintenanceDue = Date.now() + delay;
    if (!this.idleTimer) this.armMaintenance(delay);
  }

  private armMaintenance(delay: number): void {
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      const wait = this.maintenanceDue - Date.now();
      if (wait > 0) {
        this.armMaintenance(wait);
        return;
      }
      try {
        if (this.maintain()) this.scheduleMaintenance(MAINTENANCE_ROUND_MS);
      } catch {
        // a busy or closed database: the next append schedules it again
      }
    }, delay);
    this.idleTimer.unref();
  }

  /**
   * Runs the projectors over one stored event (for rebuilds, and later for events that arrive
   * by sync). With a registry, an event of an unknown type, of a newer version than this build
   * knows or whose payload does not fit its schema is not projected: it is parked in the
   * `quarantine` table with the reason, and the caller carries on. Returns false when parked.
   */
  project(ev: StoredEvent): boolean {
    if (!this.registry) {
      for (const p of this.projectors) p(ev);
      return true;
    }
    const r = this.registry.parse(ev);
    if (!r.ok) {
      this.quarantineStmt ??= this.db.prepare(
        `INSERT INTO quarantine (seq, event_id, type, type_version, reason) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (seq) DO UPDATE SET event_id = excluded.event_id, type = excluded.type, type_version = excluded.type_version, reason = excluded.reason`,
      );
      this.quarantineStmt.run(ev.seq, ev.eventId, ev.type, ev.typeVersion, r.reason);
      return false;
    }
    const parsed: ParsedEvent = { ...ev, data: r.payload };
    for (const p of this.projectors) p(parsed);
    return true;
  }

  /** The quarantine's count and its first `limit` events by seq (journal:quarantine, verify). */
  quarantined(limit?: number): QuarantineReport {
    return readQuarantine(this.db, limit);
  }

  get head(): { seq: number; hash: string | null } {
    return { seq: this.headSeq, hash: this.headHash ? this.headHash.toString('hex') : null };
  }

  now(): number {
    return this.clock.now();
  }

  /** Appends one event (and projects it) in its own transaction; returns it once durable. */
  append(ev: NewEvent): StoredEvent {
    return this.appendMany([ev])[0]!;
  }

  /** Appends several events atomically (all or none). */
  appendMany(evs: NewEvent[]): StoredEvent[] {
    return this.tx(() => evs.map((e) => this.appendInTx(e)));
  }

  /**
   * Runs `fn` in an IMMEDIATE transaction (a savepoint when nested). If it throws, the database
   * rolls back and so does the in-memory head, so the next append links to what is on disk.
   */
  tx<T>(fn: () => T): T {
    const seq = this.headSeq;
    const hash = this.headHash;
    try {
      const out = this.db.transaction(fn).immediate();
      if (!this.db.inTransaction) {
        this.committed();
        // a bulk write (import, rebuild, sync) is not latency-sensitive: tidy up now, so the
        // index never waits for idle time to absorb thousands of entries at once
        if (this.headSeq - seq >= BULK_EVENTS) while (this.maintainOnce()) continue;
        this.scheduleMaintenance();
      }
      return out;
    } catch (e) {
      this.headSeq = seq;
      this.headHash = hash;
      this.uncommitted = this.uncommitted.filter((ev) => ev.seq <= seq);
      throw e;
    }
  }

  /**
   * Appends inside a transaction the caller already holds (for callers that must read and
   * write atomically). Call only within `tx`, so a rollback also restores the head.
   */
  appendInTx(ev: NewEvent): StoredEvent {
    const payload = JSON.stringify(ev.payload);
    let data: unknown;
    let typeVersion = ev.typeVersion ?? 1;
    if (this.registry) {
      // what is checked (and what the projectors get) is the payload as it will be stored: the
      // JSON text parsed back, exactly as a rebuild will read it (serialised once)
      const def = this.registry.get(ev.type);
      if (!def) throw new AppError('event_invalid', `unknown event type ${ev.type}`, { params: { type: ev.type, reason: 'unknown event type' } });
      if (ev.typeVersion !== undefined && ev.typeVersion !== def.version) {
        throw new AppError('event_invalid', `${ev.type} is written at version ${def.version}, not ${ev.typeVersion}`, { params: { type: ev.type, reason: `version ${ev.typeVersion}` } });
      }
      data = payload === undefined ? undefined : JSON.parse(payload);
      const r = def.schema.safeParse(data);
      if (!r.success) {
        const reason = firstIssue(r.error);
        throw new AppError('event_invalid', `${ev.type}: the payload does not fit its schema (${reason})`, { params: { type: ev.type, reason } });
      }
      typeVersion = def.version;
    }
    const recordedAt = this.clock.now();
    const seq = this.headSeq + 1;
    const stored: StoredEvent = {
      seq,
      eventId: uuidv7(recordedAt),
      type: ev.type,
      typeVersion,
      hlc: this.hlc.next(),
      occurredAt: ev.occurredAt ?? recordedAt,
      recordedAt,
      actor: ev.actor,
      payload,
      hash: Buffer.alloc(0),
    };
    stored.hash = eventHash(this.headHash, stored);
    const prev = this.headHash;
    this.insert.run(
        seq,
        stored.eventId,
        stored.type,
        stored.typeVersion,
        stored.hlc,
        stored.occurredAt,
        stored.recordedAt,
        stored.actor,
        stored.payload,
        prev,
        stored.hash,
    );
    const parsed: ParsedEvent = this.registry ? { ...stored, data } : stored;
    for (const p of this.projectors) p(parsed);
    for (const h of this.appendHooks) h(stored);
    this.setHead.run(`${seq}:${stored.hash.toString('hex')}`);
    // the head moves only once the event and its projections are written; a caller's
    // transaction that fails later restores it (see tx)
    this.headSeq = seq;
    this.headHash = stored.hash;
    this.uncommitted.push(stored);
    return stored;
  }

  /** Up to `limit` events from `fromSeq` on, in order (for rebuilds and sync). */
  page(fromSeq: number, limit: number): StoredEvent[] {
    return this.db
      .prepare(
        `SELECT seq, event_id AS eventId, type, type_version AS typeVersion, hlc, occurred_at AS occurredAt,
                recorded_at AS recordedAt, actor, payload, hash FROM events WHERE seq >= ? ORDER BY seq LIMIT ?`,
      )
      .all(fromSeq, limit) as StoredEvent[];
  }

  /** Events in order, for reading only (no writes on this connection while iterating). */
  *iterate(fromSeq = 1): IterableIterator<StoredEvent> {
    const stmt = this.db.prepare(
      `SELECT seq, event_id AS eventId, type, type_version AS typeVersion, hlc, occurred_at AS occurredAt,
              recorded_at AS recordedAt, actor, payload, hash FROM events WHERE seq >= ? ORDER BY seq`,
    );
    yield* stmt.iterate(fromSeq) as IterableIterator<StoredEvent>;
  }
}

/** Result of verifying one range of seqs (plain data: it crosses the worker boundary). */
interface RangeResult {
  checked: number;
  /** prev_hash stored on the range's first event (hex), null when none; undefined if the range is empty. */
  firstPrev: string | null | undefined;
  /** Hash recomputed for the range's last verified event (hex), null when none. */
  last: string | null;
  bad: { seq: number; problem: string } | null;
}

/**
 * Verifies events from..to. Self-contained on purpose (no outer names): worker threads run its
 * source text. SQLite builds the hashed text (seq␟event_id␟…␟actor␟payload, exactly what
 * eventHash feeds SHA-256; the STRICT integer columns print as JavaScript prints them) and
 * returns the hashes as hex, so each row costs one string instead of eleven values and two
 * Buffers.
 */
function verifyRange(db: DB, sha256: typeof createHash, from: number, to: number): RangeResult {
  const stmt = db
    .prepare(
      `SELECT seq,
              seq || char(31) || event_id || char(31) || type || char(31) || type_version || char(31) || hlc || char(31) ||
              occurred_at || char(31) || recorded_at || char(31) || actor || char(31) || payload,
              iif(prev_hash IS NULL, NULL, lower(hex(prev_hash))), lower(hex(hash))
         FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq`,
    )
    .raw(true);
  let prev: Buffer | null = null;
  let prevHex: string | null = null;
  let firstPrev: string | null | undefined;
  let expect = from;
  let checked = 0;
  const out = (bad: RangeResult['bad']): RangeResult => ({ checked, firstPrev, last: prevHex, bad });
  for (const row of stmt.iterate(from, to) as IterableIterator<[number, string, string | null, string]>) {
    const [seq, text, prevHash, hash] = row;
    if (seq !== expect) {
      return out({ seq: expect, problem: seq > expect ? `event ${expect} is missing (next stored is ${seq})` : `event ${seq} is out of order` });
    }
    if (checked === 0) {
      // the link into the range is checked by the caller (against the range before it)
      firstPrev = prevHash;
      prevHex = prevHash;
      prev = prevHash === null ? null : Buffer.from(prevHash, 'hex');
    } else if (prevHash !== prevHex) {
      return out({ seq, problem: `event ${seq} does not link to the event before it` });
    }
    const h = sha256('sha256');
    if (prev) h.update(prev);
    h.update(text);
    const digest = h.digest();
    const hex = digest.toString('hex');
    if (hex !== hash) return out({ seq, problem: `event ${seq} was altered (hash mismatch)` });
    prev = digest;
    prevHex = hex;
    expect += 1;
    checked += 1;
  }
  if (expect <= to) {
    // the range ended early: a gap before the next range's first event is a missing event
    const next = db.prepare('SELECT MIN(seq) FROM events WHERE seq > ?').pluck().get(expect) as number | null;
    if (next !== null) return out({ seq: expect, problem: `event ${expect} is missing (next stored is ${next})` });
  }
  return out(null);
}

/** Joins the ranges' results (in seq order) and checks the recorded head. */
function finishVerify(parts: RangeResult[], head: string | undefined, lastSeq: number): VerifyReport {
  let checked = 0;
  let prevHex: string | null = null;
  const fail = (seq: number, problem: string): VerifyReport => ({ ok: false, checked, headSeq: checked, headHash: prevHex, firstBadSeq: seq, problem });
  for (const p of parts) {
    if (p.firstPrev !== undefined && p.firstPrev !== prevHex) return fail(checked + 1, `event ${checked + 1} does not link to the event before it`);
    if (p.bad) {
      checked += p.checked;
      prevHex = p.last ?? prevHex;
      return fail(p.bad.seq, p.bad.problem);
    }
    checked += p.checked;
    if (p.last !== null) prevHex = p.last;
  }
  if (checked < lastSeq) return fail(checked + 1, `event ${checked + 1} is missing`);
  const headNow = checked > 0 ? `${checked}:${prevHex}` : undefined;
  if (head !== headNow) {
    const recordedSeq = head ? Number(head.split(':')[0]) : 0;
    if (recordedSeq > checked) return fail(checked + 1, `events after ${checked} are missing (the journal head says ${recordedSeq})`);
    return fail(checked, `the recorded journal head does not match event ${checked}`);
  }
  return { ok: true, checked, headSeq: checked, headHash: prevHex, firstBadSeq: null, problem: null };
}

/**
 * Recomputes the hash chain over every event and names the first bad one: an altered field,
 * a deleted, inserted or reordered event, or a truncated tail (the stored head no longer
 * matches). One thread; see verifyJournalParallel for large journals.
 */
export function verifyJournal(db: DB): VerifyReport {
  const head = db.prepare(`SELECT value FROM meta WHERE key = 'journal_head'`).pluck().get() as string | undefined;
  return finishVerify([verifyRange(db, createHash, 1, Number.MAX_SAFE_INTEGER)], head, 0);
}

const WORKER_SOURCE = (fn: string) => `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const Database = require(workerData.module);
// transpilers that keep function names (esbuild keepNames, used by tsx) may call this helper
const __name = (target) => target;
const verifyRange = (${fn});
const nativeBinding = workerData.nativeBinding || process.env.TRUCBAN_SQLITE_BINDING;
const db = new Database(workerData.file, nativeBinding ? { readonly: true, nativeBinding } : { readonly: true });
try { parentPort.postMessage(verifyRange(db, createHash, workerData.from, workerData.to)); } finally { db.close(); }
`;

/**
 * verifyJournal split over worker threads (one range of seqs each, its own read-only
 * connection; the links between ranges are checked here). The events and the head are read at
 * one snapshot, so appends made meanwhile are neither checked nor reported as a broken head.
 * Small journals and in-memory databases are verified in this thread.
 */
export async function verifyJournalParallel(
  db: DB,
  opts: { workers?: number; nativeBinding?: string; minEvents?: number } = {},
): Promise<VerifyReport> {
  const { lastSeq, head } = db.transaction(() => ({
    lastSeq: (db.prepare('SELECT COALESCE(MAX(seq), 0) FROM events').pluck().get() as number) ?? 0,
    head: db.prepare(`SELECT value FROM meta WHERE key = 'journal_head'`).pluck().get() as string | undefined,
  }))();
  const workers = Math.max(1, Math.min(opts.workers ?? os.availableParallelism(), 8));
  if (db.memory || workers < 2 || lastSeq < (opts.minEvents ?? 100_000)) {
    return finishVerify([verifyRange(db, createHash, 1, lastSeq)], head, lastSeq);
  }
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const size = Math.ceil(lastSeq / workers);
  const source = WORKER_SOURCE(verifyRange.toString());
  const parts = await Promise.all(
    Array.from({ length: workers }, (_, i) => {
      const workerData = { module, file: db.name, nativeBinding: opts.nativeBinding ?? null, from: i * size + 1, to: Math.min(lastSeq, (i + 1) * size) };
      return new Promise<RangeResult>((resolve, reject) => {
        const w = new Worker(source, { eval: true, workerData });
        w.once('message', (m: RangeResult) => resolve(m));
        w.once('error', reject);
        w.once('exit', (code) => (code !== 0 ? reject(new Error(`verify worker exited with ${code}`)) : undefined));
      });
    }),
  );
  return finishVerify(parts, head, lastSeq);
}
