/**
 * `trucban --db FILE watch [--from SEQ] [--types a,b] [--json]`: prints journal events as they
 * are appended — by the app, another CLI or any other process on the same database — for
 * administrators and integrations (docs/architecture.md, "Push").
 *
 * Read-only connection (never migrated, no lock taken: it reads beside the writer under WAL).
 * Change detection is SQLite's `PRAGMA data_version`, read on a timer: it changes only when
 * another connection commits, so a quiet station costs one pragma per tick and the events table
 * is read only after a commit (from the last seq printed, by primary key, in pages). SIGINT and
 * SIGTERM stop it cleanly (exit 0).
 */
import fs from 'node:fs';
import { openDatabase } from '../store/db';
import type { DB } from '../store/db';
import { AppError } from '../../src-shared/errors';
import { formatDateTime } from '../../src-shared/time/shift';
import type { Lang } from '../../src-shared/i18n/errors';
import type { HashedFields } from '../journal/hash';

/** How often data_version is read. */
export const WATCH_POLL_MS = 200;
/** Events read per query after a change. */
const PAGE = 500;

/** An event as stored, without its hash (the fields the chain covers). */
type Row = HashedFields;

export interface WatchOptions {
  file: string;
  /** First seq to print (inclusive); default: only events appended from now on. */
  fromSeq?: number;
  /** Event types to print (exact, or a prefix ending in `.*`); default all. */
  types?: readonly string[];
  json: boolean;
  lang: Lang;
  out: (line: string) => void;
  pollMs?: number;
  /** Stops the watch (the CLI wires SIGINT and SIGTERM to it). */
  signal: AbortSignal;
  /** Called once the starting point is read (tests wait for it). */
  onReady?: (headSeq: number) => void;
}

const TEXT: Record<Lang, { by: string; at: string; watching: (seq: number) => string }> = {
  vi: { by: 'người ghi', at: 'lúc', watching: (seq) => `Đang theo dõi nhật ký (đầu hiện tại #${seq}); Ctrl+C để dừng` },
  en: { by: 'by', at: 'at', watching: (seq) => `Watching the journal (head now #${seq}); Ctrl+C stops` },
};

/** `incident.*` matches every incident event; anything else is an exact type. */
export function typeFilter(types: readonly string[] | undefined): (type: string) => boolean {
  if (!types || types.length === 0) return () => true;
  const exact = new Set(types.filter((t) => !t.endsWith('.*')));
  const prefixes = types.filter((t) => t.endsWith('.*')).map((t) => t.slice(0, -1));
  return (type) => exact.has(type) || prefixes.some((p) => type.startsWith(p));
}

/** One event as a JSON line: the stored fields, the payload as JSON (its text when it is not). */
export function eventJson(r: Row): string {
  let payload: unknown;
  try {
    payload = JSON.parse(r.payload);
  } catch {
    payload = r.payload;
  }
  return JSON.stringify({ seq: r.seq, eventId: r.eventId, type: r.type, typeVersion: r.typeVersion, hlc: r.hlc, occurredAt: r.occurredAt, recordedAt: r.recordedAt, actor: r.actor, payload });
}

/** One event as a readable line: `#12 · 14:03:05 02/12/2026 · logbook.entry_added · người ghi officer`. */
export function eventLine(r: Row, lang: Lang): string {
  const t = TEXT[lang];
  return `#${r.seq} · ${t.at} ${formatDateTime(r.recordedAt)} · ${r.type} · ${t.by} ${r.actor}`;
}

export async function watchJournal(o: WatchOptions): Promise<number> {
  if (!fs.existsSync(o.file)) throw new AppError('db_missing', `database file not found: ${o.file}`, { field: 'db', params: { path: o.file } });
  const db: DB = openDatabase(o.file, { readonly: true, create: false });
  try {
    const after = db.prepare(
      `SELECT seq, event_id AS eventId, type, type_version AS typeVersion, hlc, occurred_at AS occurredAt,
              recorded_at AS recordedAt, actor, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ${PAGE}`,
    );
    const version = () => db.pragma('data_version', { simple: true }) as number;
    const wanted = typeFilter(o.types);
    const head = (db.prepare('SELECT COALESCE(MAX(seq), 0) FROM events').pluck().get() as number) ?? 0;
    let last = o.fromSeq !== undefined ? Math.max(0, o.fromSeq - 1) : head;
    let seen = version();
    const drain = () => {
      for (;;) {
        const rows = after.all(last) as Row[];
        for (const r of rows) {
          last = r.seq;
          if (wanted(r.type)) o.out(o.json ? eventJson(r) : eventLine(r, o.lang));
        }
        if (rows.length < PAGE || o.signal.aborted) return;
      }
    };
    drain();
    o.onReady?.(head);
    await new Promise<void>((resolve) => {
      if (o.signal.aborted) return resolve();
      const timer = setInterval(() => {
        try {
          const v = version();
          if (v === seen) return;
          seen = v;
          drain();
        } catch (e) {
          // the file went away or is being replaced: say so and stop
          clearInterval(timer);
          o.out(o.json ? JSON.stringify({ error: (e as Error).message }) : `trucban: ${(e as Error).message}`);
          resolve();
        }
      }, o.pollMs ?? WATCH_POLL_MS);
      o.signal.addEventListener('abort', () => {
        clearInterval(timer);
        resolve();
      });
    });
    return 0;
  } finally {
    db.close();
  }
}

/** `watch` from the command line: parses --from and --types, stops on SIGINT/SIGTERM. */
export async function watchCommand(
  flags: { db: string; from: string | undefined; types: string | undefined; json: boolean },
  io: { out: (line: string) => void; err: (line: string) => void },
  lang: Lang,
): Promise<number> {
  let fromSeq: number | undefined;
  if (flags.from !== undefined) {
    fromSeq = Number(flags.from);
    if (!Number.isSafeInteger(fromSeq) || fromSeq < 1) throw new AppError('invalid_input', '--from must be a journal seq (1, 2, …)', { field: 'from' });
  }
  const types = flags.types
    ?.split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (types?.some((t) => !/^[a-z0-9_.*]{1,64}$/.test(t))) throw new AppError('invalid_input', '--types is a comma-separated list of event types (e.g. logbook.entry_added,incident.*)', { field: 'types' });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await watchJournal({
      file: flags.db,
      ...(fromSeq !== undefined ? { fromSeq } : {}),
      ...(types ? { types } : {}),
      json: flags.json,
      lang,
      out: io.out,
      signal: stop.signal,
      // on stderr, so the JSON lines on stdout stay clean
      onReady: (head) => io.err(`trucban: ${TEXT[lang].watching(head)}`),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
