/**
 * This installation's HLC node id (docs/architecture.md, "The hybrid logical clock"): random,
 * short and URL-safe, generated the first time a writable core opens the database (at set-up,
 * or on the first open of a database written before node ids existed) and kept in `meta`
 * (`hlc_node`). A backup restored into a new place gets a new one (`renewNodeId`), so two
 * installations never stamp events with the same node. Events written before keep their
 * `-local` suffix.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DB } from '../store/db';

export const NODE_META_KEY = 'hlc_node';
/** Every node id this file has had, oldest first, with when and why (JSON list). */
export const NODE_HISTORY_KEY = 'hlc_node_history';
/** The node of events written before node ids existed (and of read-only opens of such files). */
export const LEGACY_NODE = 'local';
/** What a node id may be: URL-safe characters, 1–16 of them (generated ones are 8). */
export const NODE_ID_RE = /^[A-Za-z0-9_-]{1,16}$/;

export function generateNodeId(): string {
  // 6 random bytes → 8 base64url characters (48 bits: collisions between stations are negligible)
  return randomBytes(6).toString('base64url');
}

const nodeChange = z.object({
  node: z.string(),
  at: z.number(),
  reason: z.enum(['setup', 'first_open', 'restore']),
  /** The node it replaces (restore), null when the file had none. */
  previous: z.string().nullable(),
});
export type NodeChange = z.output<typeof nodeChange>;

function history(db: DB): NodeChange[] {
  const raw = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(NODE_HISTORY_KEY) as string | undefined;
  if (!raw) return [];
  try {
    const r = z.array(nodeChange).safeParse(JSON.parse(raw));
    return r.success ? r.data : [];
  } catch {
    return [];
  }
}

function record(db: DB, change: NodeChange): void {
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    put.run(NODE_META_KEY, change.node);
    put.run(NODE_HISTORY_KEY, JSON.stringify([...history(db), change]));
  })();
}

/** The stored node id, or null when the file has none (or an unusable one). */
export function storedNodeId(db: DB): string | null {
  try {
    const v = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(NODE_META_KEY) as string | undefined;
    return v && NODE_ID_RE.test(v) ? v : null;
  } catch {
    return null;
  }
}

/**
 * The node id the journal stamps events with. A writable database without one gets one now
 * (`setup` when the journal is empty, `first_open` otherwise); a read-only open never writes
 * and uses the legacy node.
 */
export function ensureNodeId(db: DB, opts: { readonly?: boolean; now: number }): string {
  const cur = storedNodeId(db);
  if (cur) return cur;
  if (opts.readonly) return LEGACY_NODE;
  const empty = db.prepare('SELECT COUNT(*) FROM (SELECT 1 FROM events LIMIT 1)').pluck().get() === 0;
  const node = generateNodeId();
  record(db, { node, at: opts.now, reason: empty ? 'setup' : 'first_open', previous: null });
  return node;
}

/** A restored copy is a new installation: a new node id, the old one kept in the history. */
export function renewNodeId(db: DB, now: number): NodeChange {
  const change: NodeChange = { node: generateNodeId(), at: now, reason: 'restore', previous: storedNodeId(db) };
  record(db, change);
  return change;
}

/** The node ids this file has had (for `trucban verify` and tests). */
export const nodeHistory = history;
