/**
 * `trucban` — the administrators' and scripts' command line. Every write goes through the same
 * dispatcher (validation, permissions, journal) as the UI. Exit codes: 0 done, 1 failed
 * (e.g. the journal does not verify), 2 bad input (nothing was written).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openCore } from '../app/core';
import type { Core } from '../app/core';
import { parseArgs } from './args';
import type { ParsedArgs } from './args';
import { contract, CHANNELS } from '../../src-shared/contract';
import type { Channel } from '../../src-shared/contract';
import { z } from 'zod';
import { AppError, isAppErrorData } from '../../src-shared/errors';
import type { AppErrorData } from '../../src-shared/errors';
import { ENTRY_KINDS } from '../../src-shared/domain/logbook';
import type { LogbookEntry, SearchHit } from '../../src-shared/domain/logbook';
import { formatDateTime, parseDateOnly, parseLocalDateTime } from '../../src-shared/time/shift';
import { translateError } from '../../src-shared/i18n/errors';
import { checkDateRange } from '../../src-shared/contract/date-range';
import { backupDatabase } from '../store/backup';
import { schemaVersion } from '../store/db';
import { SCHEMA_VERSION } from '../store/migrations';
import { APP_VERSION } from '../app/version';
import { randomBytes } from 'node:crypto';

const BOOLEANS = new Set(['json', 'help', 'list', 'version', 'no-open']);
const BAD_INPUT_CODES = new Set([
  'invalid_input', 'invalid_container', 'invalid_tax_code', 'invalid_declaration', 'invalid_vessel', 'unknown_unit', 'invalid_date',
  'invalid_link', 'db_missing', 'unknown_channel', 'not_found', 'conflict', 'already_set_up', 'setup_required',
  'not_authenticated', 'forbidden', 'bad_credentials', 'db_newer_version',
  // writer: a second writer, too many heavy jobs, bad export ranges
  'station_busy', 'too_many_jobs', 'range_reversed', 'range_too_long', 'date_out_of_range',
]);

export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const USAGE = `trucban ${APP_VERSION} — Trực ban command line

Usage: trucban --db FILE <command> [options]

  init --station-code CODE --station-name NAME [--kind hq|regional_with_cameras|regional|border_post]
       [--place PLACE] [--admin-login LOGIN] [--admin-password PW]   set up a new station database
  logbook add --kind work|incident|direction|result|note --text TEXT [--at ISO-8601] [--author LOGIN]
       [--container NO] [--declaration NO] [--tax-code NO] [--plate NO] [--vessel IMO] [--place TEXT] [--unit CODE]
       [--link ENTRY_ID] [--json]   identifier flags take one value or a comma-separated list
  logbook search QUERY [--json]               diacritic-insensitive search, best first
  logbook verify                              check the journal's hash chain
  logbook export --from DATE --to DATE --format docx|pdf --out FILE
  backup --out FILE                           consistent online copy of the database
  call --list                                 every contract channel with its JSON schema
  call CHANNEL JSON [--as LOGIN]              invoke one channel (same validation and permissions as the UI)
  serve [--port N] [--host 127.0.0.1]         browser mode (see README)
  demo                                        fill an empty database with the demo station

Options: --lang vi|en (messages), --json (machine-readable output)
Exit codes: 0 done, 1 failed, 2 bad input (nothing written).`;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

function flag(a: ParsedArgs, name: string): string | undefined {
  const v = a.flags.get(name);
  if (v === true) throw new AppError('invalid_input', `--${name} needs a value`, { field: name });
  return v;
}
function need(a: ParsedArgs, name: string): string {
  const v = flag(a, name);
  if (v === undefined || v === '') throw new AppError('invalid_input', `--${name} is required`, { field: name });
  return v;
}
function all(a: ParsedArgs, name: string): string[] {
  // repeated flags are not kept by the parser; accept comma-separated lists instead
  const v = flag(a, name);
  return v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** Opens an existing station as its writer (refused with station_busy while the app runs). */
function openExisting(a: ParsedArgs): Core {
  const db = need(a, 'db');
  if (!fs.existsSync(db)) throw new AppError('db_missing', `database file not found: ${db}`, { field: 'db', params: { path: db } });
  return openCore({ dbPath: db, create: false });
}

/**
 * Opens an existing station for reading only (verify, search, export, backup): no writer lock,
 * so these keep working while the app runs. A database not yet migrated to this version's
 * schema is opened as the writer instead (which migrates it).
 */
function openReader(a: ParsedArgs): Core {
  const db = need(a, 'db');
  if (!fs.existsSync(db)) throw new AppError('db_missing', `database file not found: ${db}`, { field: 'db', params: { path: db } });
  const core = openCore({ dbPath: db, create: false, readonly: true });
  if (schemaVersion(core.db) >= SCHEMA_VERSION) return core;
  core.close();
  return openCore({ dbPath: db, create: false });
}

async function callAs(core: Core, channel: Channel, input: unknown, login: string | null, field = 'as'): Promise<unknown> {
  const sessionId = `cli:${randomBytes(8).toString('hex')}`;
  if (login) {
    const user = core.users.byLogin(login);
    if (!user || !user.active) throw new AppError('not_found', `no active user ${login}`, { field, params: { login } });
    // the CLI runs with the database owner's rights on this machine: it acts as the named
    // user without a password, but every call still passes that user's permission checks
    core.dispatcher.adopt(sessionId, user.id);
  }
  try {
    const r = await core.dispatcher.call(channel, input, { sessionId, transport: 'cli' });
    if (!r.ok) throw Object.assign(new AppError(r.error.code, r.error.message, r.error), { data: r.error });
    return r.value;
  } finally {
    core.dispatcher.endSession(sessionId);
  }
}

function defaultAuthor(core: Core): string {
  const admin = core.users.list().find((u) => u.active && u.roles.includes('admin'));
  if (!admin) throw new AppError('not_found', 'no active user to write as; pass --author LOGIN', { field: 'author' });
  return admin.login;
}

function entryLine(e: LogbookEntry): string {
  return `#${e.seq} [${e.kind}] ${formatDateTime(e.occurredAt)} STT ${String(e.stt).padStart(2, '0')} ${e.authorName}: ${e.text}`;
}

async function run(argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, BOOLEANS);
  const [cmd, sub, ...rest] = a.positionals;
  if (a.flags.has('version')) {
    io.out(APP_VERSION);
    return 0;
  }
  if (!cmd || a.flags.has('help') || cmd === 'help') {
    io.out(USAGE);
    return cmd || a.flags.has('help') ? 0 : 2;
  }
  const json = a.flags.has('json');

  if (cmd === 'init') {
    const db = need(a, 'db');
    if (fs.existsSync(db)) throw new AppError('already_set_up', `database already exists: ${db}`, { field: 'db' });
    const input = {
      code: need(a, 'station-code'),
      name: need(a, 'station-name'),
      kind: flag(a, 'kind') ?? 'hq',
      place: flag(a, 'place') ?? 'Hà Nội',
      admin: {
        login: flag(a, 'admin-login') ?? 'admin',
        fullName: flag(a, 'admin-name') ?? 'Quản trị hệ thống',
        password: flag(a, 'admin-password') ?? process.env.TRUCBAN_ADMIN_PASSWORD ?? randomBytes(9).toString('base64url'),
      },
    };
    // validate before creating the file, so bad input leaves nothing behind
    const parsed = contract['setup:station'].input.safeParse(input);
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      throw new AppError('invalid_input', `${i.path.join('.')}: ${i.message}`, { field: i.path.join('.') });
    }
    const core = openCore({ dbPath: db });
    try {
      await callAs(core, 'setup:station', input, null);
    } catch (e) {
      core.close();
      for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
      throw e;
    }
    core.close();
    const generated = !flag(a, 'admin-password') && !process.env.TRUCBAN_ADMIN_PASSWORD;
    if (json) io.out(JSON.stringify({ db: path.resolve(db), station: input.code, admin: input.admin.login, ...(generated ? { password: input.admin.password } : {}) }));
    else {
      io.out(`Đã khởi tạo trạm ${input.code} — ${input.name} (${path.resolve(db)})`);
      io.out(`Tài khoản quản trị: ${input.admin.login}${generated ? ` — mật khẩu tạm: ${input.admin.password} (đổi ngay sau khi đăng nhập)` : ''}`);
    }
    return 0;
  }

  if (cmd === 'demo') {
    const db = need(a, 'db');
    const { seedDemo } = await import('../demo/seed');
    const core = openCore({ dbPath: db });
    try {
      const r = await seedDemo(core);
      io.out(json ? JSON.stringify(r) : `Demo station ready: ${r.entries} entries over ${r.days} shifts; sign in as ${r.login} / ${r.password}`);
    } finally {
      core.close();
    }
    return 0;
  }

  if (cmd === 'serve') {
    const { serveForever } = await import('../server/serve');
    await serveForever({ db: need(a, 'db'), port: flag(a, 'port'), host: flag(a, 'host'), open: !a.flags.has('no-open') }, io);
    return 0;
  }

  if (cmd === 'backup') {
    const out = need(a, 'out');
    const core = openReader(a);
    try {
      const r = await backupDatabase(core.db, out);
      io.out(json ? JSON.stringify(r) : `Backup written: ${r.file} (${r.bytes} bytes, ${r.journal.checked} events verified)`);
    } finally {
      core.close();
    }
    return 0;
  }

  if (cmd === 'call') {
    if (a.flags.has('list')) {
      const list = CHANNELS.map((ch) => ({
        channel: ch,
        access: contract[ch].access,
        description: contract[ch].description,
        input: z.toJSONSchema(contract[ch].input, { io: 'input', unrepresentable: 'any' }),
      }));
      io.out(JSON.stringify(list, null, 2));
      return 0;
    }
    if (!sub) throw new AppError('invalid_input', 'call needs a CHANNEL (see call --list)', { field: 'channel' });
    if (!Object.hasOwn(contract, sub)) throw new AppError('unknown_channel', `unknown channel ${sub} (see call --list)`, { field: 'channel' });
    let input: unknown = {};
    if (rest[0] !== undefined) {
      try {
        input = JSON.parse(rest[0]);
      } catch (e) {
        throw new AppError('invalid_input', `JSON: ${(e as Error).message}`, { field: 'json' });
      }
    }
    const core = openExisting(a);
    try {
      const v = await callAs(core, sub as Channel, input, flag(a, 'as') ?? null);
      io.out(JSON.stringify(v, null, 2));
    } finally {
      core.close();
    }
    return 0;
  }

  if (cmd === 'logbook') {
    if (sub === 'add') {
      const kind = need(a, 'kind');
      if (!(ENTRY_KINDS as readonly string[]).includes(kind)) {
        throw new AppError('invalid_input', `unknown kind ${kind}; use one of ${ENTRY_KINDS.join(', ')}`, { field: 'kind' });
      }
      const at = flag(a, 'at');
      let occurredAt: number | undefined;
      if (at !== undefined) {
        const ms = parseLocalDateTime(at);
        if (ms === null) throw new AppError('invalid_date', `--at ${at} is not a valid date and time (ISO-8601, e.g. 2026-11-22T14:03+07:00)`, { field: 'at' });
        occurredAt = ms;
      }
      const core = openExisting(a);
      try {
        const place = flag(a, 'place');
        const unit = flag(a, 'unit');
        const details: Record<string, unknown> = {};
        if (place) details.place = place;
        if (unit) details[kind === 'direction' ? 'recipientUnitCode' : kind === 'result' ? 'reportingUnitCode' : 'unitCode'] = unit;
        const input = {
          kind,
          text: need(a, 'text'),
          ...(occurredAt !== undefined ? { occurredAt } : {}),
          details,
          identifiers: { containers: all(a, 'container'), declarations: all(a, 'declaration'), taxCodes: all(a, 'tax-code'), plates: all(a, 'plate'), vessels: all(a, 'vessel') },
          linkedEntryId: flag(a, 'link') ?? null,
        };
        const e = (await callAs(core, 'logbook:add', input, flag(a, 'author') ?? defaultAuthor(core), 'author')) as LogbookEntry;
        io.out(json ? JSON.stringify(e) : entryLine(e));
      } finally {
        core.close();
      }
      return 0;
    }
    if (sub === 'search') {
      const query = rest.length ? [rest[0], ...rest.slice(1)].join(' ') : undefined;
      if (!query) throw new AppError('invalid_input', 'search needs a QUERY', { field: 'query' });
      const core = openReader(a);
      try {
        const hits = (await callAs(core, 'logbook:search', { query, limit: 200 }, defaultAuthor(core))) as SearchHit[];
        if (json) io.out(JSON.stringify(hits.map((h) => ({ ...h.entry, score: h.score, exact: h.exact }))));
        else for (const h of hits) io.out(entryLine(h.entry));
      } finally {
        core.close();
      }
      return 0;
    }
    if (sub === 'verify') {
      const core = openReader(a);
      try {
        const r = await core.verifyParallel();
        if (json) io.out(JSON.stringify(r));
        if (r.ok) {
          if (!json) io.out(`OK: ${r.checked} events checked; head ${r.headSeq} ${r.headHash ?? '-'}`);
          return 0;
        }
        if (!json) io.err(`BROKEN at seq ${r.firstBadSeq}: ${r.problem} (${r.checked} events before it are intact)`);
        return 1;
      } finally {
        core.close();
      }
    }
    if (sub === 'export') {
      const from = parseDateOnly(need(a, 'from'));
      const to = parseDateOnly(need(a, 'to'));
      if (!from) throw new AppError('invalid_date', `--from is not a date (YYYY-MM-DD or dd/mm/yyyy)`, { field: 'from' });
      if (!to) throw new AppError('invalid_date', `--to is not a date (YYYY-MM-DD or dd/mm/yyyy)`, { field: 'to' });
      const bad = checkDateRange(from, to);
      if (bad) throw new AppError(bad.code, bad.message, { ...(bad.field ? { field: bad.field } : {}), ...(bad.params ? { params: bad.params } : {}) });
      const format = need(a, 'format');
      if (format !== 'docx' && format !== 'pdf') throw new AppError('invalid_input', '--format must be docx or pdf', { field: 'format' });
      const out = need(a, 'out');
      const core = openReader(a);
      try {
        // rendered in a worker thread that writes --out itself (src-main/jobs), as in the app
        const job = core.jobs.startLogbookExport({ from, to, format, issuedAt: core.clock.now() }, 'cli', { out });
        const r = await core.jobs.wait(job.id);
        if (r.error) throw new AppError(r.error.code, r.error.message, { ...(r.error.field ? { field: r.error.field } : {}), ...(r.error.params ? { params: r.error.params } : {}) });
        const rows = r.result?.rows ?? 0;
        io.out(json ? JSON.stringify({ file: path.resolve(out), rows, bytes: r.result?.size ?? 0 }) : `Exported ${rows} rows to ${out}`);
      } finally {
        core.close();
      }
      return 0;
    }
    throw new AppError('invalid_input', `unknown logbook command ${sub ?? ''} (add, search, verify, export)`, { field: 'command' });
  }
  throw new AppError('invalid_input', `unknown command ${cmd}; see trucban --help`, { field: 'command' });
}

export async function main(argv: string[], io: Io = { out: (s) => console.log(s), err: (s) => console.error(s) }): Promise<number> {
  const lang = process.env.TRUCBAN_LANG === 'en' || argv.includes('--lang=en') || argv.join(' ').includes('--lang en') ? 'en' : 'vi';
  try {
    return await run(argv.filter((x, i, arr) => x !== '--lang' && arr[i - 1] !== '--lang' && !x.startsWith('--lang=')), io);
  } catch (e) {
    const data: AppErrorData | null =
      e instanceof AppError ? e.toData() : isAppErrorData((e as { data?: unknown }).data) ? (e as { data: AppErrorData }).data : null;
    if (data) {
      const text = translateError(lang, data);
      // the translated text names the problem; the English detail says exactly what was wrong
      io.err(`trucban: ${text}${text.includes(data.message) ? '' : ` — ${data.message}`}`);
      return BAD_INPUT_CODES.has(data.code) ? 2 : 1;
    }
    const msg = (e as Error).message ?? String(e);
    if (/needs a value/.test(msg)) {
      io.err(`trucban: ${msg}`);
      return 2;
    }
    io.err(`trucban: ${msg}`);
    return 1;
  }
}
