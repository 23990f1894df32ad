/**
 * The client's durable outbox (docs/architecture.md, "Clients of a station"): a write the
 * officer submits is stored here — with its requestId and when it was made — BEFORE it is sent,
 * in a local SQLite file (`outbox.sqlite` in the client's data dir; WAL, synchronous=FULL, so a
 * write the screen was told is kept survives a crash or power cut of the client). It leaves
 * only once the station answered it: applied (removed), or refused (kept, shown to the officer
 * until dismissed). Rows are read back through zod; one that does not fit is refused with
 * `internal` rather than crash the client or be silently dropped.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import type { AppErrorData } from '../../src-shared/errors';
import { isAppErrorData } from '../../src-shared/errors';
import type { OutboxItem, RefusedItem } from '../../src-shared/contract/client';

export const OUTBOX_FILE = 'outbox.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,  -- the order the officer made them in
  request_id  TEXT    NOT NULL UNIQUE,
  channel     TEXT    NOT NULL,
  input       TEXT    NOT NULL,                   -- JSON
  login       TEXT    NOT NULL,
  made_at     INTEGER NOT NULL,
  state       TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'refused')),
  error       TEXT,                               -- JSON AppErrorData, when refused
  refused_at  INTEGER
) STRICT;
`;

const row = z.object({
  seq: z.number().int(),
  request_id: z.string().uuid(),
  channel: z.string().min(1).max(128),
  input: z.string(),
  login: z.string().min(1).max(64),
  made_at: z.number().int(),
  state: z.enum(['queued', 'refused']),
  error: z.string().nullable(),
  refused_at: z.number().int().nullable(),
});

export interface Outbox {
  add(item: OutboxItem): void;
  /** Queued items in the order they were made. */
  queued(): OutboxItem[];
  refused(): RefusedItem[];
  /** The station applied it (or answered it directly): it leaves the outbox. */
  remove(requestId: string): void;
  refuse(requestId: string, error: AppErrorData, at: number): void;
  dismiss(requestId: string): boolean;
  close(): void;
}

export function openOutbox(dir: string): Outbox {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, OUTBOX_FILE);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    // a file system without modes (the folder is 0700 anyway)
  }
  const q = {
    add: db.prepare('INSERT INTO outbox (request_id, channel, input, login, made_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING'),
    byState: db.prepare('SELECT * FROM outbox WHERE state = ? ORDER BY seq'),
    remove: db.prepare('DELETE FROM outbox WHERE request_id = ?'),
    refuse: db.prepare(`UPDATE outbox SET state = 'refused', error = ?, refused_at = ? WHERE request_id = ?`),
    dismiss: db.prepare(`DELETE FROM outbox WHERE request_id = ? AND state = 'refused'`),
  };
  const parseJson = (text: string | null): unknown => {
    if (text === null) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  };
  const read = (state: 'queued' | 'refused') => {
    const out: { item: OutboxItem; r: z.infer<typeof row> }[] = [];
    for (const raw of q.byState.all(state)) {
      const r = row.safeParse(raw);
      if (!r.success) {
        // a row this build cannot read is shown as refused, never dropped
        const id = (raw as { request_id?: unknown }).request_id;
        if (typeof id === 'string' && state === 'queued') q.refuse.run(JSON.stringify({ code: 'internal', message: 'unreadable outbox row' }), Date.now(), id);
        continue;
      }
      out.push({ r: r.data, item: { requestId: r.data.request_id, channel: r.data.channel, input: parseJson(r.data.input), login: r.data.login, madeAt: r.data.made_at } });
    }
    return out;
  };
  return {
    add(item) {
      q.add.run(item.requestId, item.channel, JSON.stringify(item.input ?? {}), item.login, item.madeAt);
    },
    queued: () => read('queued').map((x) => x.item),
    refused: () =>
      read('refused').map(({ item, r }) => {
        const e = parseJson(r.error);
        return { ...item, refusedAt: r.refused_at ?? 0, error: isAppErrorData(e) ? e : { code: 'internal', message: 'refused' } };
      }),
    remove(id) {
      q.remove.run(id);
    },
    refuse(id, error, at) {
      q.refuse.run(JSON.stringify(error), at, id);
    },
    dismiss: (id) => q.dismiss.run(id).changes > 0,
    close() {
      if (db.open) db.close();
    },
  };
}
