/**
 * Exactly once for the writes a client resends (docs/architecture.md, "Exactly once: the
 * requestId"). A client gives a write the `requestId` it made when the officer pressed the
 * button and keeps it in its outbox until the station answers; after a lost link it sends the
 * same id again. The dispatcher runs the handler inside `run`, with the request in an
 * AsyncLocalStorage context: the journal's append hook (Journal.addAppendHook) records the id
 * in `applied_requests` in the SAME transaction as the handler's first event, so a handler
 * whose event committed can never be run again for that id, whatever happens next. The reply is
 * stored once the handler answers (`settle`); a resent id is answered with it (`replayed`).
 *
 * The one window: the station dies between the commit and `settle`. The id is then recorded
 * without a reply, and a resend is answered `{ ok: true, value: null }` (applied, reply lost)
 * — never a second run.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';
import type { Reply } from '../../src-shared/contract';
import type { DB } from '../store/db';
import type { Journal } from '../journal/journal';
import type { Clock } from '../journal/clock';

/** A request as the station keys it: per paired device ('' for the station's own screens). */
export interface RequestKey {
  deviceId: string;
  requestId: string;
}

/** Client request ids are UUIDs (any version; lower or upper case). */
export const REQUEST_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A stored reply larger than this is kept as `{ ok: true, value: null }` (the id is what matters). */
export const MAX_STORED_REPLY_CHARS = 64 * 1024;

/** The reply given for an id recorded without one (the station stopped between commit and reply). */
export const APPLIED_WITHOUT_REPLY: Reply<unknown> = { ok: true, value: null };

const storedReply = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }).passthrough() }),
]);

export interface AppliedRequests {
  /** The stored reply of an id this device already had applied, or null (never applied). */
  lookup(key: RequestKey): Reply<unknown> | null;
  /** Runs `fn` with the request in context: appends it makes record the id in their transaction. */
  run<T>(key: RequestKey, channel: string, fn: () => Promise<T>): Promise<T>;
  /**
   * After the handler answered: stores the reply for an id its appends recorded; records a
   * successful reply that appended nothing too. A refusal that wrote nothing is not kept (a
   * resend runs again: e.g. after signing in).
   */
  settle(key: RequestKey, channel: string, reply: Reply<unknown>): void;
  /** Forgets ids applied before `beforeMs` (housekeeping); answers how many. */
  prune(beforeMs: number): number;
}

export function createAppliedRequests(db: DB, journal: Journal, clock: Clock): AppliedRequests {
  const context = new AsyncLocalStorage<{ key: RequestKey; channel: string }>();
  // prepared on first use: a read-only core over a file not yet migrated must still open
  let q: ReturnType<typeof prepare> | null = null;
  const prepare = () => ({
    record: db.prepare(
      `INSERT INTO applied_requests (device_id, request_id, channel, first_seq, reply, applied_at) VALUES (?, ?, ?, ?, NULL, ?)
       ON CONFLICT (device_id, request_id) DO NOTHING`,
    ),
    get: db.prepare('SELECT reply FROM applied_requests WHERE device_id = ? AND request_id = ?'),
    setReply: db.prepare('UPDATE applied_requests SET reply = ? WHERE device_id = ? AND request_id = ? AND reply IS NULL'),
    insertReply: db.prepare(
      `INSERT INTO applied_requests (device_id, request_id, channel, first_seq, reply, applied_at) VALUES (?, ?, ?, NULL, ?, ?)
       ON CONFLICT (device_id, request_id) DO NOTHING`,
    ),
    prune: db.prepare('DELETE FROM applied_requests WHERE applied_at < ?'),
  });
  const stmts = () => (q ??= prepare());

  journal.addAppendHook((ev) => {
    const c = context.getStore();
    if (!c) return;
    stmts().record.run(c.key.deviceId, c.key.requestId, c.channel, ev.seq, clock.now());
  });

  const serialise = (reply: Reply<unknown>): string => {
    try {
      const text = JSON.stringify(reply);
      if (text !== undefined && text.length <= MAX_STORED_REPLY_CHARS) return text;
    } catch {
      // an unserialisable value: keep the fact that it was applied
    }
    return JSON.stringify(reply.ok ? APPLIED_WITHOUT_REPLY : { ok: false, error: { code: reply.error.code, message: reply.error.message } });
  };

  return {
    lookup(key) {
      const row = stmts().get.get(key.deviceId, key.requestId) as { reply: string | null } | undefined;
      if (!row) return null;
      if (row.reply === null) return { ...APPLIED_WITHOUT_REPLY };
      try {
        const r = storedReply.safeParse(JSON.parse(row.reply));
        return r.success ? (r.data as Reply<unknown>) : { ...APPLIED_WITHOUT_REPLY };
      } catch {
        return { ...APPLIED_WITHOUT_REPLY };
      }
    },
    run(key, channel, fn) {
      return context.run({ key, channel }, fn);
    },
    settle(key, channel, reply) {
      const text = serialise(reply);
      const changed = stmts().setReply.run(text, key.deviceId, key.requestId).changes;
      if (changed === 0 && reply.ok) stmts().insertReply.run(key.deviceId, key.requestId, channel, text, clock.now());
    },
    prune(beforeMs) {
      return stmts().prune.run(beforeMs).changes;
    },
  };
}
