import type { DB } from '../store/db';
import type { Journal } from '../journal/journal';
import { AppError } from '../../src-shared/errors';
import { completeIdentifiers, emptyIdentifiers } from '../../src-shared/domain/logbook';
import type { AttachmentRef, EntryDetails, EntryKind, EntryVersion, Identifiers, LogbookEntry, OpenItem, SearchHit } from '../../src-shared/domain/logbook';
import { foldVi, lowerNfc, searchTokens } from '../../src-shared/text/fold';
import { normalizeBillOfLading, normalizePlate, validateContainer, validateDeclaration, validateTaxCode, validateVessel } from '../../src-shared/validators/identifiers';
import type { ValidationResult } from '../../src-shared/validators/identifiers';
import { shiftDateOf } from '../../src-shared/time/shift';
import { ENTRY_ADDED, ENTRY_AMENDED, ENTRY_SEQ_OF_ID, INDEXED_TO_SQL, unindexedVersions } from './projector';
import type { EntryAddedPayload, EntryAmendedPayload, LogbookEntryWriter, WrittenEntry } from './projector';

export interface UnitChecker {
  /** Throws `unknown_unit` naming the field when `code` is not in the catalog at `atMs`. */
  assertUnit(code: string, atMs: number, field: string): void;
}

export interface AttachmentLookup {
  describe(sha256: string): AttachmentRef | null;
}

export interface AddEntryInput {
  kind: EntryKind;
  text: string;
  occurredAt?: number | undefined;
  details?: Partial<EntryDetails>;
  identifiers?: Partial<Identifiers>;
  linkedEntryId?: string | null;
  attachments?: string[];
}

export interface AmendEntryInput {
  entryId: string;
  reason: string;
  text?: string | undefined;
  details?: Partial<EntryDetails> | undefined;
  identifiers?: Partial<Identifiers> | undefined;
}

export interface ListFilter {
  shiftDate?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  kinds?: EntryKind[] | undefined;
  author?: string | undefined;
  unitCode?: string | undefined;
  identifier?: string | undefined;
}

const FIELD_BY_LIST: Record<keyof Identifiers, string> = {
  containers: 'container',
  declarations: 'declaration',
  taxCodes: 'taxCode',
  plates: 'plate',
  billsOfLading: 'billOfLading',
  vessels: 'vessel',
};

/** Validates and normalises identifiers; the first invalid one is refused, naming its field. */
export function normalizeIdentifiers(ids: Partial<Identifiers> | undefined): Identifiers {
  const out = emptyIdentifiers();
  if (!ids) return out;
  const check = (list: keyof Identifiers, fn: (s: string) => ValidationResult) => {
    for (const raw of ids[list] ?? []) {
      if (!raw.trim()) continue;
      const r = fn(raw);
      if (!r.ok) {
        throw new AppError(r.code, `${FIELD_BY_LIST[list]} ${JSON.stringify(raw)}: ${r.reason}`, {
          field: FIELD_BY_LIST[list],
          params: { value: raw, reason: r.reason },
        });
      }
      if (!out[list].includes(r.value)) out[list].push(r.value);
    }
  };
  check('containers', validateContainer);
  check('declarations', validateDeclaration);
  check('taxCodes', validateTaxCode);
  check('plates', (s) => ({ ok: true, value: normalizePlate(s) }));
  check('billsOfLading', (s) => ({ ok: true, value: normalizeBillOfLading(s) }));
  check('vessels', validateVessel);
  return out;
}

function cleanDetails(d: Partial<EntryDetails> | undefined): EntryDetails {
  const out: EntryDetails = {};
  if (!d) return out;
  for (const [k, v] of Object.entries(d)) {
    if (v === undefined || v === null || v === '') continue;
    (out as Record<string, unknown>)[k] = typeof v === 'string' ? v.normalize('NFC').trim() : v;
  }
  return out;
}

/** Which detail fields belong to which kind (Phụ lục I columns). Others are refused. */
const KIND_FIELDS: Record<EntryKind, (keyof EntryDetails)[]> = {
  work: ['place', 'unitCode'],
  incident: ['arisenAt', 'receivedAt', 'place', 'unitCode'],
  direction: ['form', 'recipient', 'recipientUnitCode', 'unitCode'],
  result: ['reportedAt', 'reportingUnit', 'reportingUnitCode', 'unitCode'],
  note: ['place', 'unitCode'],
};

/** Entries ranked per search (the newest that match); the best `limit` of them are returned. */
const SEARCH_CANDIDATES = 400;
/** A last word with more index terms than this is left to FTS5's own prefix query. */
const MAX_PREFIX_TERMS = 32;

const LINK_RULE: Partial<Record<EntryKind, EntryKind>> = { direction: 'incident', result: 'direction' };

/** An entry as SELECT_ENTRY reads it: the columns the projector writes, and the author's name. */
interface Row extends WrittenEntry {
  author_name: string | null;
}

const SELECT_ENTRY = `
  SELECT e.entry_seq, e.entry_id, e.stt, e.kind, e.shift_date, e.occurred_at, e.author, u.full_name AS author_name,
         e.linked_entry_id, e.version, e.amended_at, o.recorded_at AS created_at,
         v.text, v.details, v.identifiers, v.attachments
    FROM logbook_entries e
    JOIN logbook_versions v ON v.seq = e.current_seq
    JOIN logbook_versions o ON o.seq = e.entry_seq
    LEFT JOIN users u ON u.login = e.author`;

function toEntry(r: Row): LogbookEntry {
  return {
    id: r.entry_id,
    seq: r.entry_seq,
    stt: r.stt,
    kind: r.kind,
    shiftDate: r.shift_date,
    occurredAt: r.occurred_at,
    recordedAt: r.created_at,
    author: r.author,
    authorName: r.author_name ?? r.author,
    text: r.text,
    details: JSON.parse(r.details) as EntryDetails,
    identifiers: completeIdentifiers(JSON.parse(r.identifiers) as Partial<Identifiers>),
    linkedEntryId: r.linked_entry_id,
    attachments: JSON.parse(r.attachments) as AttachmentRef[],
    version: r.version,
    amendedAt: r.amended_at,
  };
}

export class LogbookService {
  private readonly byId;
  private readonly bySeq;
  private readonly authorName;
  private readonly rankFields;
  constructor(
    private readonly db: DB,
    private readonly journal: Journal,
    private readonly units: UnitChecker,
    private readonly attachments: AttachmentLookup,
    /** The projector's writer: an add is answered from the row it wrote (no read-back query). */
    private readonly written: Pick<LogbookEntryWriter, 'lastAdded'> | null = null,
  ) {
    this.authorName = db.prepare('SELECT full_name FROM users WHERE login = ?').pluck();
    this.byId = db.prepare(`${SELECT_ENTRY} WHERE e.entry_seq = ${ENTRY_SEQ_OF_ID} AND e.entry_id = @id`);
    this.bySeq = db.prepare(`${SELECT_ENTRY} WHERE e.entry_seq = ?`);
    // NULL on a read-only file older than migration 13, whose index holds every version
    this.waiting = db.prepare(`SELECT EXISTS (SELECT 1 FROM logbook_versions WHERE seq > ${INDEXED_TO_SQL})`).pluck();
    this.unindexed = unindexedVersions(db);
    this.rankFields = db.prepare('SELECT v.text, v.details FROM logbook_entries e JOIN logbook_versions v ON v.seq = e.current_seq WHERE e.entry_seq = ?');
  }

  private checkDetails(kind: EntryKind, d: EntryDetails, atMs: number): void {
    const allowed = KIND_FIELDS[kind];
    for (const k of Object.keys(d) as (keyof EntryDetails)[]) {
      if (!allowed.includes(k)) {
        throw new AppError('invalid_input', `field ${k} does not belong to a ${kind} entry`, { field: k, params: { kind } });
      }
    }
    for (const f of ['unitCode', 'recipientUnitCode', 'reportingUnitCode'] as const) {
      const code = d[f];
      if (code) this.units.assertUnit(code, atMs, f);
    }
  }

  add(input: AddEntryInput, actor: string): LogbookEntry {
    const now = this.journal.now();
    const occurredAt = input.occurredAt ?? now;
    if (occurredAt > now + 5 * 60_000) {
      throw new AppError('invalid_date', 'occurredAt is in the future', { field: 'occurredAt' });
    }
    const text = input.text.normalize('NFC').trim();
    if (!text) throw new AppError('invalid_input', 'text is empty', { field: 'text' });
    const details = cleanDetails(input.details);
    this.checkDetails(input.kind, details, occurredAt);
    const identifiers = normalizeIdentifiers(input.identifiers);
    const linkedEntryId = input.linkedEntryId ?? null;
    if (linkedEntryId) {
      const target = this.byId.get({ id: linkedEntryId }) as Row | undefined;
      const want = LINK_RULE[input.kind];
      if (!target || !want || target.kind !== want) {
        throw new AppError(
          'invalid_link',
          want ? `a ${input.kind} links to an existing ${want} entry` : `a ${input.kind} entry cannot link to another entry`,
          { field: 'linkedEntryId', params: { kind: input.kind, expected: want ?? '-' } },
        );
      }
    }
    const attachments: AttachmentRef[] = [];
    for (const sha of input.attachments ?? []) {
      const ref = this.attachments.describe(sha);
      if (!ref) throw new AppError('not_found', `attachment ${sha} is not stored`, { field: 'attachments' });
      attachments.push(ref);
    }
    const payload: EntryAddedPayload = { kind: input.kind, text, details, identifiers, linkedEntryId, attachments };
    const ev = this.journal.append({ type: ENTRY_ADDED, occurredAt, actor, payload });
    const row = this.written?.lastAdded();
    if (row && row.entry_seq === ev.seq) return toEntry({ ...row, author_name: (this.authorName.get(actor) as string | undefined) ?? null });
    return this.getBySeq(ev.seq);
  }

  amend(input: AmendEntryInput, actor: string): LogbookEntry {
    const cur = this.byId.get({ id: input.entryId }) as Row | undefined;
    if (!cur) throw new AppError('not_found', `entry ${input.entryId} not found`, { field: 'entryId' });
    const entry = toEntry(cur);
    const details = input.details ? cleanDetails(input.details) : entry.details;
    this.checkDetails(entry.kind, details, entry.occurredAt);
    const identifiers = input.identifiers ? normalizeIdentifiers(input.identifiers) : entry.identifiers;
    const text = input.text !== undefined ? input.text.normalize('NFC').trim() : entry.text;
    if (!text) throw new AppError('invalid_input', 'text is empty', { field: 'text' });
    const reason = input.reason.normalize('NFC').trim();
    if (!reason) throw new AppError('invalid_input', 'an amendment needs a reason', { field: 'reason' });
    const payload: EntryAmendedPayload = { entryId: entry.id, reason, text, details, identifiers };
    this.journal.append({ type: ENTRY_AMENDED, occurredAt: entry.occurredAt, actor, payload });
    return this.get(entry.id);
  }

  get(entryId: string): LogbookEntry {
    const r = this.byId.get({ id: entryId }) as Row | undefined;
    if (!r) throw new AppError('not_found', `entry ${entryId} not found`, { field: 'entryId' });
    return toEntry(r);
  }

  getBySeq(seq: number): LogbookEntry {
    return toEntry(this.bySeq.get(seq) as Row);
  }

  history(entryId: string): EntryVersion[] {
    const e = this.get(entryId);
    const rows = this.db
      .prepare(
        `SELECT v.seq, v.version, v.recorded_at, v.actor, u.full_name AS actor_name, v.reason, v.text, v.details, v.identifiers, ev.event_id
           FROM (SELECT * FROM logbook_versions WHERE seq = ?
                 UNION ALL SELECT * FROM logbook_versions WHERE entry_seq = ? AND version > 0) v
           JOIN events ev ON ev.seq = v.seq LEFT JOIN users u ON u.login = v.actor
          ORDER BY v.version`,
      )
      // version 0 has the entry's own seq; amendments are found by the partial index of migration 13
      .all(e.seq, e.seq) as { seq: number; version: number; recorded_at: number; actor: string; actor_name: string | null; reason: string | null; text: string; details: string; identifiers: string; event_id: string }[];
    return rows.map((r) => ({
      version: r.version,
      seq: r.seq,
      eventId: r.event_id,
      recordedAt: r.recorded_at,
      actor: r.actor,
      actorName: r.actor_name ?? r.actor,
      reason: r.reason,
      text: r.text,
      details: JSON.parse(r.details) as EntryDetails,
      identifiers: completeIdentifiers(JSON.parse(r.identifiers) as Partial<Identifiers>),
    }));
  }

  private where(f: ListFilter): { sql: string[]; args: unknown[] } {
    const sql: string[] = [];
    const args: unknown[] = [];
    if (f.shiftDate) {
      sql.push('e.shift_date = ?');
      args.push(f.shiftDate);
    }
    if (f.from) {
      sql.push('e.shift_date >= ?');
      args.push(f.from);
    }
    if (f.to) {
      sql.push('e.shift_date <= ?');
      args.push(f.to);
    }
    if (f.kinds && f.kinds.length > 0) {
      sql.push(`e.kind IN (${f.kinds.map(() => '?').join(',')})`);
      args.push(...f.kinds);
    }
    if (f.author) {
      sql.push('e.author = ?');
      args.push(f.author);
    }
    if (f.unitCode) {
      sql.push('e.unit_code = ?');
      args.push(f.unitCode);
    }
    if (f.identifier) {
      sql.push('e.entry_seq IN (SELECT entry_seq FROM logbook_identifiers WHERE value = ?)');
      args.push(f.identifier.normalize('NFC').replace(/\s+/g, '').toUpperCase());
    }
    return { sql, args };
  }

  /** Newest first; page with `beforeSeq`. */
  list(f: ListFilter, limit = 100, beforeSeq?: number): { entries: LogbookEntry[]; nextBefore: number | null } {
    const w = this.where(f);
    if (beforeSeq !== undefined) {
      w.sql.push('e.entry_seq < ?');
      w.args.push(beforeSeq);
    }
    const rows = this.db
      .prepare(`${SELECT_ENTRY} ${w.sql.length ? 'WHERE ' + w.sql.join(' AND ') : ''} ORDER BY e.entry_seq DESC LIMIT ?`)
      .all(...w.args, limit + 1) as Row[];
    const more = rows.length > limit;
    const entries = rows.slice(0, limit).map(toEntry);
    return { entries, nextBefore: more ? entries[entries.length - 1]!.seq : null };
  }

  /** Entries of a range of shifts in logbook order (shift, STT) — for printing. */
  range(from: string, to: string): LogbookEntry[] {
    return (this.db.prepare(`${SELECT_ENTRY} WHERE e.shift_date BETWEEN ? AND ? ORDER BY e.shift_date, e.stt`).all(from, to) as Row[]).map(toEntry);
  }

  /**
   * Diacritic-insensitive search with đ → d folding on text and query. Candidates come from
   * FTS5 over folded text (newest first, bounded); they are ranked in JS: every query word found
   * with its exact diacritics first, then the folded phrase in order, then recency.
   * How the query is run (prefix expansion, candidate pushdown): docs/performance.md.
   */
  search(query: string, f: ListFilter, limit = 50): SearchHit[] {
    const tokens = searchTokens(query);
    if (tokens.length === 0) return [];
    const w = this.where(f);
    const seqs = this.candidates(tokens, w);
    const qExactWords = lowerNfc(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const qFolded = foldVi(query);
    // rank: exact diacritics (100), then the folded phrase (10), then recency (seq / 1e9)
    const cands = seqs.map((seq) => {
      const r = this.rankFields.get(seq) as { text: string; details: string };
      const d = JSON.parse(r.details) as EntryDetails;
      const hay = [r.text, d.place ?? '', d.recipient ?? '', d.reportingUnit ?? ''].join(' ');
      return { seq, hay, exact: qExactWords.every((wd) => lowerNfc(hay).includes(wd)) };
    });
    cands.sort((x, y) => Number(y.exact) - Number(x.exact) || y.seq - x.seq);
    // Folding is the costly part, so the phrase is checked newest first within each exact
    // group, only until that group's share of the `limit` best is settled.
    const best: { seq: number; exact: boolean; phrase: boolean }[] = [];
    for (let i = 0; i < cands.length && best.length < limit; ) {
      let end = i;
      while (end < cands.length && cands[end]!.exact === cands[i]!.exact) end++;
      const need = limit - best.length;
      const withPhrase: typeof best = [];
      const without: typeof best = [];
      for (let k = i; k < end && withPhrase.length < need; k++) {
        const c = cands[k]!;
        const phrase = foldVi(c.hay).includes(qFolded);
        (phrase ? withPhrase : without).push({ seq: c.seq, exact: c.exact, phrase });
      }
      best.push(...withPhrase, ...without.slice(0, need - withPhrase.length));
      i = end;
    }
    // only the hits shown are read in full
    return best.map((h) => ({ entry: this.getBySeq(h.seq), score: (h.exact ? 100 : 0) + (h.phrase ? 10 : 0) + h.seq / 1e9, exact: h.exact }));
  }

  /**
   * The newest SEARCH_CANDIDATES entries (by the seq of the matching version) whose folded text
   * has every query word, the last one as a prefix from 3 letters on ("luong do" must not turn
   * into "lượng … đội"; typing "conta" finds "container").
   */
  private candidates(tokens: string[], w: { sql: string[]; args: unknown[] }): number[] {
    const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;
    const last = tokens[tokens.length - 1]!;
    const words = tokens.slice(0, -1).map(quote);
    const filter = w.sql.length ? 'AND ' + w.sql.join(' AND ') : '';
    // what FTS5 is asked: every word, the last one as a prefix from 3 letters on
    const plain = [...words, last.length >= 3 ? `${quote(last)}*` : quote(last)].join(' AND ');
    // versions appended since the index last took its batch (migration 13)
    const recent = this.recentMatches(plain, filter, w.args);
    // FTS5 answers `"word"*` by first merging the whole index entry of every term with that
    // prefix, however few rows are wanted (≈ 40 ms for "container*" at 1M entries). The same
    // rows, found lazily newest first: the prefix spelt out as the index's own terms, OR-ed.
    let match: string | null = plain;
    if (last.length >= 3) {
      const terms = this.prefixTerms(last);
      if (terms) match = terms.length ? [...words, `(${terms.map(quote).join(' OR ')})`].join(' AND ') : null; // [] : no word starts so
    }
    const out = new Set<number>();
    const take = (entrySeq: number) => out.add(entrySeq).size >= SEARCH_CANDIDATES;
    // = SELECT DISTINCT entry_seq … ORDER BY version seq DESC LIMIT n over both, stopping as
    // soon as n entries are found
    let r = 0;
    if (match !== null) {
      const stmt = this.db.prepare(
        `SELECT logbook_fts.rowid, v.entry_seq FROM logbook_fts
           JOIN logbook_versions v ON v.seq = logbook_fts.rowid
           JOIN logbook_entries e ON e.entry_seq = v.entry_seq
          WHERE logbook_fts MATCH ? ${filter}
          ORDER BY logbook_fts.rowid DESC`,
      );
      for (const [seq, entrySeq] of stmt.raw(true).iterate(match, ...w.args) as IterableIterator<[number, number]>) {
        for (; r < recent.length && recent[r]![0] > seq; r++) if (take(recent[r]![1])) return [...out];
        if (take(entrySeq)) return [...out];
      }
    }
    for (; r < recent.length; r++) if (take(recent[r]![1])) break;
    return [...out];
  }

  private readonly waiting;
  private readonly unindexed;
  /**
   * (version seq, entry seq) of the versions not yet in the index (migration 13: fewer than a
   * batch) that match, newest first, with the same filters: their folded text goes into a
   * temp-schema FTS5 table with the index's own tokenizer, so they match exactly as they will
   * once in logbook_fts. Nothing is written to the station file.
   */
  private recentMatches(match: string, filter: string, args: unknown[]): [number, number][] {
    if (this.waiting.get() !== 1) return [];
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.logbook_search_recent USING fts5 (
      folded, content = '', detail = none, columnsize = 0, tokenize = 'unicode61 remove_diacritics 2')`);
    this.db.prepare(`INSERT INTO temp.logbook_search_recent (logbook_search_recent) VALUES ('delete-all')`).run();
    const ins = this.db.prepare('INSERT INTO temp.logbook_search_recent (rowid, folded) VALUES (?, ?)');
    for (const r of this.unindexed(-1)) ins.run(r.seq, r.folded);
    return this.db
      .prepare(
        `SELECT logbook_search_recent.rowid, v.entry_seq FROM temp.logbook_search_recent
           JOIN logbook_versions v ON v.seq = logbook_search_recent.rowid
           JOIN logbook_entries e ON e.entry_seq = v.entry_seq
          WHERE logbook_search_recent MATCH ? ${filter}
          ORDER BY logbook_search_recent.rowid DESC`,
      )
      .raw(true)
      .all(match, ...args) as [number, number][];
  }

  /**
   * Every term of the search index that starts with `prefix` (read through fts5vocab, one seek
   * per term), or null when FTS5's own prefix query must be used instead: the prefix is not
   * plain a–z/0–9 (so the tokenizer might read it differently), or it has too many terms.
   */
  private prefixTerms(prefix: string): string[] | null {
    if (!/^[a-z0-9]+$/.test(prefix)) return null;
    const next = this.vocabFrom();
    const out: string[] = [];
    // terms are compared as bytes; no term holds a control character, so t + U+0001 sorts
    // after t and before every longer term that starts with t
    for (let t = next.get(prefix) as string | undefined; t !== undefined && t.startsWith(prefix); t = next.get(`${t}\u0001`) as string | undefined) {
      if (out.length === MAX_PREFIX_TERMS || !/^[a-z0-9]+$/.test(t)) return null;
      out.push(t);
    }
    return out;
  }

  private vocabStmt: ReturnType<DB['prepare']> | null = null;
  private vocabFrom(): ReturnType<DB['prepare']> {
    if (!this.vocabStmt) {
      // a temp-schema view of the index's terms: nothing is written to the station file
      this.db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.logbook_fts_terms USING fts5vocab(main, logbook_fts, instance)');
      this.vocabStmt = this.db.prepare('SELECT term FROM temp.logbook_fts_terms WHERE term >= ? LIMIT 1').pluck();
    }
    return this.vocabStmt;
  }

  /**
   * Open items of every shift (what is handed over at 08:00): incidents with no result yet on
   * any of their directions, newest first, each with its directions.
   */
  openItems(limit = 100): OpenItem[] {
    const incidents = (this.db.prepare(`${SELECT_ENTRY} WHERE e.kind = 'incident' AND e.closed_at IS NULL ORDER BY e.entry_seq DESC LIMIT ?`).all(limit) as Row[]).map(toEntry);
    const dirs = this.db.prepare(`${SELECT_ENTRY} WHERE e.linked_entry_id = ? AND e.kind = 'direction' ORDER BY e.entry_seq`);
    return incidents.map((incident) => ({ incident, directions: (dirs.all(incident.id) as Row[]).map(toEntry) }));
  }

  shiftDateOf(ms: number): string {
    return shiftDateOf(ms);
  }
}
