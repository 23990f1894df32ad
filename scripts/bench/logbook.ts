/**
 * bench:logbook — fills a station database with realistic Vietnamese logbook entries and
 * measures append latency, search, journal verification, size, the cost of the journal over a
 * plain SQLite insert, and cold start.
 *
 *   npm run bench:logbook -- [--entries N] [--json FILE] [--dir DIR] [--keep] [--samples K]
 *                            [--batch B] [--batched-rows R] [--search-runs S] [--seed X]
 *
 *   --entries N       entries in the fill (default 1,000,000)
 *   --json FILE       write the results as JSON
 *   --dir DIR         where the databases go (default: a new temp dir under os.tmpdir())
 *   --keep            keep the databases (default: deleted at the end)
 *   --samples K       single appends timed after the fill (default 2000; +50 untimed warm-up)
 *   --batch B         entries per transaction during the fill (default 5000)
 *   --batched-rows R  rows per transaction for the batched ratio (default 10,000)
 *   --search-runs S   runs of each of the 20 queries (default 5; the first run is also reported apart)
 *   --seed X          generator seed (default 20261122)
 *
 * Method (docs/performance.md):
 *  - Fill: through the real journal (journal.tx + appendInTx = what appendMany does: hash chain,
 *    projectors, FTS, identifier index) in batches of B entries per transaction, with an
 *    injected clock that only moves forward. The same event rows are also inserted, batched,
 *    into a plain table of a separate database (`raw.db`) so both files have the same history.
 *  - Append: K × core.logbook.add() (the user path: validation, journal append, projections,
 *    FTS, read-back), each its own transaction with synchronous=FULL (an fsync per entry).
 *  - rawInsertRatio: interleaved with the K appends, the same event row (same JSON payload text)
 *    is inserted into raw.db (WAL, synchronous=FULL, one transaction per row, INTEGER PRIMARY KEY
 *    only: no hash, no FTS, no secondary index). ratio = mean(add) ÷ mean(plain insert).
 *    rawInsertRatioBatched: R adds in one transaction vs R plain inserts in one transaction
 *    (fsync no longer hides the CPU cost).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openCore } from '../../src-main/app/core';
import type { Core } from '../../src-main/app/core';
import type { Clock } from '../../src-main/journal/clock';
import * as journalModule from '../../src-main/journal/journal';
import type { StoredEvent } from '../../src-main/journal/journal';
import { ENTRY_ADDED } from '../../src-main/logbook/projector';
import type { EntryAddedPayload } from '../../src-main/logbook/projector';
import { normalizeIdentifiers } from '../../src-main/logbook/service';
import type { AddEntryInput } from '../../src-main/logbook/service';
import type { EntryDetails } from '../../src-shared/domain/logbook';
import { EntryStream, STREAM_START, mulberry32 } from './logbook-gen';
import type { GenEntry, People } from './logbook-gen';
import { readPressure } from './pressure';

// ---------------------------------------------------------------------------------------
// arguments
// ---------------------------------------------------------------------------------------

interface Args {
  entries: number;
  json: string | null;
  dir: string | null;
  keep: boolean;
  samples: number;
  batch: number;
  batchedRows: number;
  searchRuns: number;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { entries: 1_000_000, json: null, dir: null, keep: false, samples: 2000, batch: 5000, batchedRows: 10_000, searchRuns: 5, seed: 20261122 };
  const num = (name: string, v: string | undefined, min: number): number => {
    const n = Number((v ?? '').replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} needs an integer ≥ ${min} (got ${v ?? 'nothing'})`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.includes('=') ? (argv[i]!.split(/=(.*)/s, 2) as [string, string]) : [argv[i]!, undefined];
    const val = () => inline ?? argv[++i];
    switch (flag) {
      case '--entries': a.entries = num(flag, val(), 1); break;
      case '--json': a.json = path.resolve(val() ?? ''); break;
      case '--dir': a.dir = path.resolve(val() ?? ''); break;
      case '--keep': a.keep = true; break;
      case '--samples': a.samples = num(flag, val(), 10); break;
      case '--batch': a.batch = num(flag, val(), 1); break;
      case '--batched-rows': a.batchedRows = num(flag, val(), 10); break;
      case '--search-runs': a.searchRuns = num(flag, val(), 1); break;
      case '--seed': a.seed = num(flag, val(), 0); break;
      case '--help':
      case '-h':
        console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 20).join('\n'));
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument: ${argv[i]}`);
    }
  }
  return a;
}

// ---------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------

/** Injected clock: during the fill the bench sets it before each append; afterwards it runs live. Never goes back. */
class BenchClock implements Clock {
  private t: number;
  private live: { base: number; real: number } | null = null;
  constructor(start: number) {
    this.t = start;
  }
  now(): number {
    if (this.live) this.t = Math.max(this.t, this.live.base + (Date.now() - this.live.real));
    return this.t;
  }
  set(ms: number): void {
    if (ms > this.t) this.t = ms;
  }
  goLive(base: number): void {
    this.set(base);
    this.live = { base: this.t, real: Date.now() };
  }
}

const hr = () => process.hrtime.bigint();
const msSince = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
/** Nearest-rank percentile of an ascending-sorted array. */
function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
const sortNum = (a: number[]) => [...a].sort((x, y) => x - y);
const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const fileSize = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
const log = (msg: string) => process.stderr.write(`[bench:logbook ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

const PEOPLE = [
  { login: 'hung.nv', fullName: 'Nguyễn Văn Hùng', title: 'Phó Chi cục trưởng', roles: ['shift_leader'], team: 'A' },
  { login: 'lan.tt', fullName: 'Trần Thị Lan', title: 'Đội trưởng Đội Giám sát', roles: ['room_leader'], team: 'A' },
  { login: 'minh.lq', fullName: 'Lê Quang Minh', title: 'Công chức Văn phòng', roles: ['office_officer'], team: 'A' },
  { login: 'duc.pv', fullName: 'Phạm Văn Đức', title: 'Công chức giám sát trực tuyến', roles: ['surveillance_officer'], team: 'A' },
  { login: 'thao.nt', fullName: 'Nguyễn Thị Thảo', title: 'Công chức giám sát trực tuyến', roles: ['surveillance_officer'], team: 'A' },
  { login: 'hoa.dt', fullName: 'Đỗ Thị Hoa', title: 'Công chức giám sát trực tuyến', roles: ['surveillance_officer'], team: 'B' },
  { login: 'khanh.bq', fullName: 'Bùi Quốc Khánh', title: 'Công chức giám sát trực tuyến', roles: ['surveillance_officer'], team: 'B' },
  { login: 'nga.vt', fullName: 'Vũ Thị Nga', title: 'Phó Đội trưởng', roles: ['room_leader', 'surveillance_head'], team: 'B' },
] as const;
const TEAMS: People = { officers: [['duc.pv', 'thao.nt'], ['hoa.dt', 'khanh.bq']], leaders: ['lan.tt', 'nga.vt'], office: 'minh.lq' };

/** The payload LogbookService.add builds (NFC text, cleaned details, normalised identifiers). */
function payloadOf(e: GenEntry, linkedEntryId: string | null): EntryAddedPayload {
  const details: EntryDetails = {};
  for (const [k, v] of Object.entries(e.details)) {
    if (v === undefined || v === null || v === '') continue;
    (details as Record<string, unknown>)[k] = typeof v === 'string' ? v.normalize('NFC').trim() : v;
  }
  return { kind: e.kind, text: e.text.normalize('NFC').trim(), details, identifiers: normalizeIdentifiers(e.identifiers), linkedEntryId, attachments: [] };
}

const RAW_COLUMNS = 'seq, event_id, type, type_version, hlc, occurred_at, recorded_at, actor, payload';

function openRaw(file: string): Database.Database {
  const raw = new Database(file);
  // the same pragmas as openDatabase (src-main/store/db.ts)
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('cache_size = -32000');
  raw.pragma('temp_store = MEMORY');
  // the event columns minus prev_hash/hash; INTEGER PRIMARY KEY only (no UNIQUE event_id, no FTS, no triggers)
  raw.exec(`CREATE TABLE IF NOT EXISTS raw_events (
    seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL, type TEXT NOT NULL, type_version INTEGER NOT NULL, hlc TEXT NOT NULL,
    occurred_at INTEGER NOT NULL, recorded_at INTEGER NOT NULL, actor TEXT NOT NULL, payload TEXT NOT NULL) STRICT`);
  return raw;
}

function childColdStart(dbPath: string): Record<string, number> & { wallMs: number } {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'logbook-coldstart.ts');
  const t0 = hr();
  const res = spawnSync(process.execPath, ['--import', 'tsx', script, dbPath], { encoding: 'utf8', cwd: path.resolve(path.dirname(script), '../..') });
  const wallMs = msSince(t0);
  if (res.status !== 0) throw new Error(`cold-start child failed (${res.status}): ${res.stderr}`);
  const line = res.stdout.trim().split('\n').pop() ?? '{}';
  return { ...(JSON.parse(line) as Record<string, number>), wallMs };
}

/** Drops the page cache of one file (posix_fadvise DONTNEED through GNU dd); no root needed. */
function dropFileCache(file: string): boolean {
  if (!fs.existsSync(file)) return true;
  const r = spawnSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none']);
  return r.status === 0;
}

// ---------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const tStart = hr();
  const madeDir = !args.dir;
  const dir = args.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-bench-'));
  fs.mkdirSync(dir, { recursive: true });
  const dbPath = path.join(dir, 'logbook-bench.db');
  const rawPath = path.join(dir, 'raw-insert.db');
  for (const f of [dbPath, rawPath]) {
    if (fs.existsSync(f)) throw new Error(`${f} already exists; use an empty --dir`);
  }
  const ourFiles = [dbPath, rawPath].flatMap((f) => [f, `${f}-wal`, `${f}-shm`]);
  log(`entries=${args.entries} batch=${args.batch} samples=${args.samples} dir=${dir}`);
  process.env.TRUCBAN_SCRYPT_N ??= String(1 << 14); // only the 9 bench users' passwords; not measured

  const clock = new BenchClock(STREAM_START - 3 * 3600_000);
  const core: Core = openCore({ dbPath, clock });
  const raw = openRaw(rawPath);
  const sqliteVersion = core.db.prepare('select sqlite_version()').pluck().get() as string;

  // --- station, catalog, people (through the services, untimed) ---------------------------
  await core.setupStation(
    { code: 'KV06', name: 'Chi cục Hải quan khu vực VI — Phòng Trực ban', kind: 'regional_with_cameras', place: 'Lạng Sơn', parentBody: 'CỤC HẢI QUAN' },
    { login: 'admin', fullName: 'Quản trị hệ thống', password: 'bench-admin-password' },
  );
  for (const p of PEOPLE) {
    await core.users.create({ login: p.login, fullName: p.fullName, title: p.title, roles: [...p.roles], team: p.team, password: 'bench-password-1' }, 'admin');
  }

  // --- fill ---------------------------------------------------------------------------------
  const stream = new EntryStream(args.seed, args.entries, TEAMS);
  const lag = mulberry32(args.seed ^ 0x5eed);
  const refToId = new Map<number, string>();
  const rawInsert = raw.prepare(`INSERT INTO raw_events (${RAW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const rawRow = (ev: StoredEvent) => [ev.seq, ev.eventId, ev.type, ev.typeVersion, ev.hlc, ev.occurredAt, ev.recordedAt, ev.actor, ev.payload];
  let fillRealMs = 0;
  let fillRawMs = 0;
  let fillGenMs = 0;
  let done = 0;
  let nextReport = 0.1;
  // identifiers of real entries from the middle of the fill, for the identifier queries
  let probeIds: GenEntry | null = null;
  let probePlateEntry: GenEntry | null = null;
  const tFill = hr();
  while (done < args.entries) {
    const n = Math.min(args.batch, args.entries - done);
    const tg = hr();
    const batch: GenEntry[] = [];
    for (let i = 0; i < n; i++) batch.push(stream.next());
    const payloads = batch.map((e) => payloadOf(e, null));
    fillGenMs += msSince(tg);
    const t0 = hr();
    const events = core.journal.tx(() =>
      batch.map((e, i) => {
        const p = payloads[i]!;
        if (e.linkRef !== null) p.linkedEntryId = refToId.get(e.linkRef) ?? null;
        clock.set(e.occurredAt + (1 + Math.floor(lag() * 8)) * 60_000); // recorded 1–8 min after it happened
        const ev = core.journal.appendInTx({ type: ENTRY_ADDED, occurredAt: e.occurredAt, actor: e.actor, payload: p });
        if (e.linkRef !== null) refToId.delete(e.linkRef);
        if (e.kind === 'incident' || e.kind === 'direction') refToId.set(e.ref, ev.eventId);
        return ev;
      }),
    );
    fillRealMs += msSince(t0);
    const t1 = hr();
    raw.transaction(() => {
      for (const ev of events) rawInsert.run(...rawRow(ev));
    }).immediate();
    fillRawMs += msSince(t1);
    for (const e of batch) {
      if (done < args.entries / 2 || e.kind !== 'incident') continue;
      if (!probeIds && (e.identifiers.containers?.length ?? 0) > 0 && (e.identifiers.declarations?.length ?? 0) > 0) probeIds = e;
      if (!probePlateEntry && (e.identifiers.plates?.length ?? 0) > 0) probePlateEntry = e;
    }
    done += n;
    if (done / args.entries >= nextReport - 1e-9) {
      const s = msSince(tFill) / 1000;
      log(`fill ${Math.floor((done / args.entries) * 100)}% (${done}/${args.entries}) ${s.toFixed(1)} s, ${Math.round(done / s)} entries/s`);
      while (done / args.entries >= nextReport - 1e-9) nextReport += 0.1;
    }
  }
  const fillSeconds = msSince(tFill) / 1000;
  const lastOccurred = clock.now();
  log(`fill done: ${fillSeconds.toFixed(1)} s (journal ${(fillRealMs / 1000).toFixed(1)} s, plain ${(fillRawMs / 1000).toFixed(1)} s, generator ${(fillGenMs / 1000).toFixed(1)} s)`);
  // Let the disk settle: the fill leaves gigabytes of dirty pages whose writeback would slow the
  // timed fsyncs. RESTART (not TRUNCATE) keeps the WAL file at its size, as in a running app.
  core.db.pragma('wal_checkpoint(RESTART)');
  raw.pragma('wal_checkpoint(RESTART)');
  spawnSync('sync');
  const pressureStart = readPressure();
  const tMeasure = hr();

  // --- single appends (user path) interleaved with plain single-row inserts -------------------
  const warmup = 50;
  const extra: GenEntry[] = [];
  for (let i = 0; i < warmup + args.samples + args.batchedRows; i++) extra.push(stream.next());
  clock.goLive(Math.max(lastOccurred, extra[extra.length - 1]!.occurredAt) + 10 * 60_000);
  const eventRow = core.db.prepare(`SELECT ${RAW_COLUMNS} FROM events WHERE seq = ?`).raw(true);
  const toInput = (e: GenEntry): AddEntryInput => ({
    kind: e.kind,
    text: e.text,
    occurredAt: e.occurredAt,
    details: e.details,
    identifiers: e.identifiers,
    linkedEntryId: e.linkRef !== null ? (refToId.get(e.linkRef) ?? null) : null,
  });
  const remember = (e: GenEntry, id: string) => {
    if (e.linkRef !== null) refToId.delete(e.linkRef);
    if (e.kind === 'incident' || e.kind === 'direction') refToId.set(e.ref, id);
  };
  const appendMs: number[] = [];
  const plainMs: number[] = [];
  const kinds: Record<string, number> = {};
  for (let i = 0; i < warmup + args.samples; i++) {
    const e = extra[i]!;
    const input = toInput(e);
    const t0 = hr();
    const entry = core.logbook.add(input, e.actor);
    const dt = msSince(t0);
    remember(e, entry.id);
    const row = eventRow.get(entry.seq) as unknown[];
    const t1 = hr();
    rawInsert.run(...row);
    const dr = msSince(t1);
    if (i >= warmup) {
      appendMs.push(dt);
      plainMs.push(dr);
      kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
    }
  }
  const appendSorted = sortNum(appendMs);
  const plainSorted = sortNum(plainMs);
  log(`appends: p50 ${pct(appendSorted, 0.5).toFixed(3)} ms, p99 ${pct(appendSorted, 0.99).toFixed(3)} ms; plain p50 ${pct(plainSorted, 0.5).toFixed(3)} ms`);

  // --- batched: R adds in one transaction vs R plain inserts in one transaction ---------------
  const bEntries = extra.slice(warmup + args.samples);
  const firstSeq = core.journal.head.seq + 1;
  const tb0 = hr();
  core.journal.tx(() => {
    for (const e of bEntries) remember(e, core.logbook.add(toInput(e), e.actor).id);
  });
  const batchedRealMs = msSince(tb0);
  const bRows = core.db.prepare(`SELECT ${RAW_COLUMNS} FROM events WHERE seq >= ? ORDER BY seq`).raw(true).all(firstSeq) as unknown[][];
  const tb1 = hr();
  raw.transaction(() => {
    for (const r of bRows) rawInsert.run(...r);
  })();
  const batchedRawMs = msSince(tb1);
  log(`batched ${bEntries.length}: add ${(batchedRealMs / bEntries.length * 1000).toFixed(1)} µs/entry, plain ${(batchedRawMs / bRows.length * 1000).toFixed(1)} µs/row`);

  // --- search ----------------------------------------------------------------------------------
  const probeContainer = probeIds?.identifiers.containers?.[0] ?? 'MSKU0000000';
  const probeDecl = probeIds?.identifiers.declarations?.[0] ?? '10000000000';
  const probePlate = probePlateEntry?.identifiers.plates?.[0] ?? '12C-123.45';
  const queries = [
    'dong dang', 'luong do', 'huu nghi container', 'seal dinh vi', 'tam nhap tai xuat', 'may soi', probeContainer,
    probeDecl.slice(0, 7), 'can xe', 'hanh ly', 'tan thanh', 'cat lai', 'noi bai hanh ly', 'mong cai', 'luong vang',
    'to khai', 'bien ban vi pham', 'xe dau keo', 'sau rieng', probePlate,
  ];
  const searchRuns: { q: string; run: number; ms: number; hits: number }[] = [];
  for (let run = 0; run < args.searchRuns; run++) {
    for (const q of queries) {
      const t0 = hr();
      const hits = core.logbook.search(q, {}, 50);
      searchRuns.push({ q, run, ms: msSince(t0), hits: hits.length });
    }
  }
  const searchAll = sortNum(searchRuns.map((s) => s.ms));
  const searchCold = sortNum(searchRuns.filter((s) => s.run === 0).map((s) => s.ms));
  const perQuery = queries.map((q) => {
    const runs = searchRuns.filter((s) => s.q === q);
    const ms = sortNum(runs.map((s) => s.ms));
    const match = core.db.prepare('SELECT count(*) FROM logbook_fts WHERE logbook_fts MATCH ?').pluck();
    const tokens = q.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const expr = tokens.map((t, i) => `"${t}"${i === tokens.length - 1 ? '*' : ''}`).join(' ');
    // ftsMatches: index rows matching every word with the last one as a prefix (the widest reading
    // of the query; the service may use the last word as a prefix only from some length on)
    return { q, firstMs: round(runs[0]!.ms), medianMs: round(pct(ms, 0.5)), maxMs: round(ms[ms.length - 1]!), hits: runs[0]!.hits, ftsMatches: match.get(expr) as number };
  });
  log(`search: p50 ${pct(searchAll, 0.5).toFixed(2)} ms, p95 ${pct(searchAll, 0.95).toFixed(2)} ms`);

  // --- verify ----------------------------------------------------------------------------------
  // verifyEventsPerSec is what `trucban logbook verify` and the journal:verify channel run: the
  // chain split over worker threads (core.verifyParallel). The one-thread verifier is reported too.
  const tv = hr();
  const report = await core.verifyParallel();
  const verifyMs = msSince(tv);
  if (!report.ok) throw new Error(`verify failed: ${report.problem}`);
  const verifyEventsPerSec = report.checked / (verifyMs / 1000);
  log(`verify (as the product runs it): ${report.checked} events in ${(verifyMs / 1000).toFixed(2)} s = ${Math.round(verifyEventsPerSec)} events/s`);
  const t1 = hr();
  const single = journalModule.verifyJournal(core.db);
  if (!single.ok) throw new Error(`verifyJournal failed: ${single.problem}`);
  const verifySingleThreadEventsPerSec = Math.round(single.checked / (msSince(t1) / 1000));
  log(`verify (one thread): ${verifySingleThreadEventsPerSec} events/s`);

  const pressureEnd = readPressure();
  const measureSeconds = msSince(tMeasure) / 1000;
  const stall = (a: number | null, b: number | null) => (a === null || b === null ? null : round((b - a) / 1e6 / measureSeconds, 3));
  const contention = {
    measureSeconds: round(measureSeconds, 1),
    loadavgStart: pressureStart.loadavg,
    loadavgEnd: pressureEnd.loadavg,
    // share of the measuring time in which some task waited for CPU / for I/O (PSI "some")
    cpuPressure: stall(pressureStart.cpuSomeUs, pressureEnd.cpuSomeUs),
    ioPressure: stall(pressureStart.ioSomeUs, pressureEnd.ioSomeUs),
  };
  log(`contention while measuring: load ${contention.loadavgStart.join('/')} → ${contention.loadavgEnd.join('/')}, cpu pressure ${contention.cpuPressure}, io pressure ${contention.ioPressure}`);

  // --- size ------------------------------------------------------------------------------------
  const counts = core.db
    .prepare("SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM logbook_entries) AS entries")
    .get() as { events: number; entries: number };
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  core.close();
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  const dbBytes = fileSize(dbPath) + fileSize(`${dbPath}-wal`);
  const rawBytes = fileSize(rawPath) + fileSize(`${rawPath}-wal`);

  // --- cold start (fresh child processes) ------------------------------------------------------
  const cold = [childColdStart(dbPath), childColdStart(dbPath), childColdStart(dbPath)];
  const coldStartMs = cold[0]!.coldStartMs!;
  let coldNoCache: (Record<string, number> & { wallMs: number }) | null = null;
  if (dropFileCache(dbPath) && dropFileCache(`${dbPath}-wal`)) coldNoCache = childColdStart(dbPath);
  log(`cold start: ${coldStartMs.toFixed(1)} ms (page cache dropped for the db file: ${coldNoCache ? coldNoCache.coldStartMs!.toFixed(1) + ' ms' : 'n/a'})`);

  // --- results ---------------------------------------------------------------------------------
  const rawInsertRatio = mean(appendMs) / mean(plainMs);
  const rawInsertRatioBatched = batchedRealMs / bEntries.length / (batchedRawMs / bRows.length);
  const fillRatioBatched = fillRealMs / fillRawMs;
  const result = {
    entries: args.entries,
    appendP50Ms: round(pct(appendSorted, 0.5)),
    appendP99Ms: round(pct(appendSorted, 0.99)),
    searchP50Ms: round(pct(searchAll, 0.5)),
    searchP95Ms: round(pct(searchAll, 0.95)),
    verifyEventsPerSec: Math.round(verifyEventsPerSec),
    dbBytes,
    rawInsertRatio: round(rawInsertRatio, 2),
    coldStartMs: round(coldStartMs, 1),
    // extras
    rawInsertRatioBatched: round(rawInsertRatioBatched, 2),
    fillRatioBatched: round(fillRatioBatched, 2),
    searchColdP95Ms: round(pct(searchCold, 0.95)),
    searchMaxMs: round(searchAll[searchAll.length - 1]!),
    appendMeanMs: round(mean(appendMs)),
    appendP90Ms: round(pct(appendSorted, 0.9)),
    appendP999Ms: round(pct(appendSorted, 0.999)),
    appendMaxMs: round(appendSorted[appendSorted.length - 1]!),
    plainInsertMeanMs: round(mean(plainMs), 4),
    plainInsertP50Ms: round(pct(plainSorted, 0.5), 4),
    plainInsertP99Ms: round(pct(plainSorted, 0.99), 4),
    batchedAddUsPerEntry: round((batchedRealMs / bEntries.length) * 1000, 1),
    batchedPlainUsPerRow: round((batchedRawMs / bRows.length) * 1000, 2),
    fillJournalUsPerEntry: round((fillRealMs / args.entries) * 1000, 1),
    fillPlainUsPerRow: round((fillRawMs / args.entries) * 1000, 2),
    verifySeconds: round(verifyMs / 1000),
    verifySingleThreadEventsPerSec,
    verifiedEvents: report.checked,
    coldStartRunsMs: cold.map((c) => round(c.coldStartMs!, 1)),
    coldStartOpenMs: round(cold[0]!.openMs!, 1),
    coldStartListMs: round(cold[0]!.listMs!, 1),
    coldStartNoCacheMs: coldNoCache ? round(coldNoCache.coldStartMs!, 1) : null,
    coldStartProcessWallMs: round(cold[0]!.wallMs, 0),
    dbBytesPerEntry: Math.round(dbBytes / counts.entries),
    rawDbBytes: rawBytes,
    entriesInDbAtEnd: counts.entries,
    eventsInDbAtEnd: counts.events,
    fillSeconds: round(fillSeconds, 1),
    totalSeconds: 0,
    contention,
    method: {
      fill: `journal.tx + appendInTx (what appendMany runs) in transactions of ${args.batch} entries; injected monotonic clock; ${stream.shifts} shifts (~${(stream.shifts / 365).toFixed(1)} years)`,
      append: `${args.samples} × core.logbook.add, one transaction each, synchronous=FULL (+${warmup} untimed warm-up)`,
      rawInsertRatio: 'mean(add, 1 tx/entry) ÷ mean(plain INSERT of the same event row, 1 tx/row, WAL + synchronous=FULL, no hash/FTS/index)',
      rawInsertRatioBatched: `${args.batchedRows} adds in 1 tx ÷ ${args.batchedRows} plain inserts in 1 tx (per entry)`,
      search: `20 diacritic-free queries × ${args.searchRuns} runs through core.logbook.search(q, {}, 50); p50/p95 over all runs, searchColdP95Ms over the first runs`,
      coldStart: 'fresh child process: openCore + logbook.list({}, 100) (module import excluded; page cache warm unless noted)',
      kindsTimed: kinds,
    },
    queries: perQuery,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? '?',
      memGiB: round(os.totalmem() / 2 ** 30, 1),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      sqlite: sqliteVersion,
      date: new Date().toISOString(),
    },
  };
  result.totalSeconds = round(msSince(tStart) / 1000, 1);

  const rows: [string, string, string, boolean | null][] = [
    ['entries', String(result.entries), '1,000,000', null],
    ['appendP50Ms', result.appendP50Ms.toFixed(3), '', null],
    ['appendP99Ms', result.appendP99Ms.toFixed(3), '≤ 2', result.appendP99Ms <= 2],
    ['searchP50Ms', result.searchP50Ms.toFixed(2), '', null],
    ['searchP95Ms', result.searchP95Ms.toFixed(2), '≤ 40', result.searchP95Ms <= 40],
    ['searchColdP95Ms', result.searchColdP95Ms.toFixed(2), '(info)', null],
    ['verifyEventsPerSec', result.verifyEventsPerSec.toLocaleString('en-US'), '≥ 200,000', result.verifyEventsPerSec >= 200_000],
    ['verifySingleThreadEventsPerSec', verifySingleThreadEventsPerSec.toLocaleString('en-US'), '(info)', null],
    ['dbBytes', `${result.dbBytes.toLocaleString('en-US')} (${(result.dbBytes / 2 ** 20).toFixed(0)} MiB)`, '', null],
    ['rawInsertRatio (1 tx/entry, fsync)', result.rawInsertRatio.toFixed(2), '≤ 2.5', result.rawInsertRatio <= 2.5],
    ['rawInsertRatioBatched', result.rawInsertRatioBatched.toFixed(2), '(info)', null],
    ['coldStartMs', result.coldStartMs.toFixed(1), '≤ 1,500', result.coldStartMs <= 1500],
    ['coldStartNoCacheMs', result.coldStartNoCacheMs === null ? 'n/a' : result.coldStartNoCacheMs.toFixed(1), '(info)', null],
  ];
  const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length)), 9];
  const line = (c: string[]) => `| ${c[0]!.padEnd(w[0]!)} | ${c[1]!.padStart(w[1]!)} | ${c[2]!.padEnd(w[2]!)} | ${c[3]!.padEnd(4)} |`;
  const out = [
    `bench:logbook — ${args.entries.toLocaleString('en-US')} entries (fill batched: ${args.batch} entries per transaction, ${fillSeconds.toFixed(0)} s); ` +
      `appends: ${args.samples} single logbook.add, 1 tx + fsync each; node ${process.version}, SQLite ${sqliteVersion}, ${os.cpus().length} CPUs`,
    line(['metric', 'value', 'target', 'pass']),
    line(['-'.repeat(w[0]!), '-'.repeat(w[1]!), '-'.repeat(w[2]!), '----']),
    ...rows.map((r) => line([r[0], r[1], r[2], r[3] === null ? '' : r[3] ? 'PASS' : 'FAIL'])),
    '',
    'queries (first run ms / median ms / hits shown / entries matching every word, the last one as a prefix):',
    ...perQuery.map((q) => `  ${q.q.padEnd(20)} ${q.firstMs.toFixed(2).padStart(9)} ${q.medianMs.toFixed(2).padStart(9)}  ${String(q.hits).padStart(3)}  ${String(q.ftsMatches).padStart(8)}`),
    `fill: journal ${result.fillJournalUsPerEntry} µs/entry vs plain ${result.fillPlainUsPerRow} µs/row (batched ${args.batch}); ` +
      `batched add ${result.batchedAddUsPerEntry} µs vs plain ${result.batchedPlainUsPerRow} µs; total ${result.totalSeconds} s`,
  ];
  console.log(out.join('\n'));
  if (args.json) {
    fs.mkdirSync(path.dirname(args.json), { recursive: true });
    fs.writeFileSync(args.json, JSON.stringify(result, null, 2) + '\n');
    log(`wrote ${args.json}`);
  }

  if (!args.keep) {
    for (const f of ourFiles) fs.rmSync(f, { force: true });
    fs.rmSync(`${dbPath}.attachments`, { recursive: true, force: true });
    if (madeDir) fs.rmSync(dir, { recursive: true, force: true });
  } else {
    log(`kept ${dbPath} and ${rawPath}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
