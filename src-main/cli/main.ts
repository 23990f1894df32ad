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
import { safeIo } from './print';
import type { ParsedArgs } from './args';
import { contract } from '../../src-shared/contract';
import { MODULE_CHANNELS } from '../modules';
import type { Channel } from '../../src-shared/contract';
import { z } from 'zod';
import { AppError, isAppErrorData } from '../../src-shared/errors';
import type { AppErrorData } from '../../src-shared/errors';
import { ENTRY_KINDS } from '../../src-shared/domain/logbook';
import type { LogbookEntry, SearchHit } from '../../src-shared/domain/logbook';
import { formatDateTime, parseDateOnly, parseLocalDateTime } from '../../src-shared/time/shift';
import { translateError } from '../../src-shared/i18n/errors';
import { checkDateRange } from '../../src-shared/contract/date-range';
import { backupDatabase, restoreDatabase } from '../store/backup';
import { schemaVersion } from '../store/db';
import { SCHEMA_VERSION } from '../store/migrations';
import { verifyDatabase } from '../store/deep-verify';
import { repairProjections } from '../store/rebuild';
import { checkSecurityProjections, mismatchError } from '../store/projection-check';
import { APP_VERSION } from '../app/version';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Lang } from '../../src-shared/i18n/errors';
import { generateTemporaryPassword } from '../users/password';
import { openDatabase } from '../store/db';

/** The CLI's own sentences about temporary passwords, Vietnamese first. */
const TEMP_PASSWORD_TEXT: Record<Lang, { initDone: (code: string, name: string, file: string) => string; account: (login: string, pw: string) => string; mustChange: string; reset: (login: string, pw: string) => string }> = {
  vi: {
    initDone: (code, name, file) => `Đã khởi tạo trạm ${code} — ${name} (${file})`,
    account: (login, pw) => `Tài khoản quản trị: ${login} — mật khẩu tạm thời: ${pw}`,
    mustChange: 'Mật khẩu tạm thời chỉ hiện một lần và phải được đổi ngay ở lần đăng nhập đầu tiên.',
    reset: (login, pw) => `Đã đặt lại tài khoản quản trị ${login} (mở khoá, đang hoạt động, có quyền quản trị) — mật khẩu tạm thời: ${pw}`,
  },
  en: {
    initDone: (code, name, file) => `Station ${code} — ${name} set up (${file})`,
    account: (login, pw) => `Administrator account: ${login} — temporary password: ${pw}`,
    mustChange: 'The temporary password is shown only once and must be changed at the first sign-in.',
    reset: (login, pw) => `Administrator account ${login} reset (unlocked, active, administrator) — temporary password: ${pw}`,
  },
};

/** A Trực ban database with a station but no user account (read-only look; false on any doubt). */
function halfSetUp(file: string): boolean {
  let db: ReturnType<typeof openDatabase> | null = null;
  try {
    db = openDatabase(file, { readonly: true, create: false });
    if ((db.pragma('user_version', { simple: true }) as number) < 3) return false;
    const station = db.prepare(`SELECT COUNT(*) FROM meta WHERE key = 'station'`).pluck().get() as number;
    const users = db.prepare('SELECT COUNT(*) FROM users').pluck().get() as number;
    return station === 1 && users === 0;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** A password piped on stdin (one line; the trailing newline is not part of it). */
function readPasswordFromStdin(): string {
  let text: string;
  try {
    text = fs.readFileSync(0, 'utf8');
  } catch {
    throw new AppError('invalid_input', '--admin-password-stdin: nothing could be read from stdin', { field: 'admin-password-stdin' });
  }
  const pw = text.replace(/\r?\n$/, '');
  if (pw.includes('\n')) throw new AppError('invalid_input', '--admin-password-stdin: the password must be one line', { field: 'admin-password-stdin' });
  return pw;
}

const BOOLEANS = new Set(['json', 'help', 'list', 'version', 'no-open', 'admin-password-stdin', 'deep', 'lan', 'unpair']);
const BAD_INPUT_CODES = new Set([
  'invalid_input', 'invalid_container', 'invalid_tax_code', 'invalid_declaration', 'invalid_vessel', 'unknown_unit', 'invalid_date',
  'invalid_link', 'db_missing', 'unknown_channel', 'not_found', 'conflict', 'already_set_up', 'setup_required',
  'not_authenticated', 'forbidden', 'bad_credentials', 'db_newer_version', 'last_admin', 'password_reused',
  // output: sane times, attachments, restore
  'time_out_of_range', 'attachment_type_mismatch', 'attachment_too_large', 'attachment_quota_exceeded', 'restore_target_exists',
  // writer: a second writer, too many heavy jobs, bad export ranges
  'station_busy', 'too_many_jobs', 'range_reversed', 'range_too_long', 'date_out_of_range',
  // devices and the LAN listener
  'tls_invalid', 'lan_tls_required',
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
       [--place PLACE] [--admin-login LOGIN] [--admin-password-stdin]   set up a new station database; prints a
       temporary admin password (changed at first sign-in) unless one is read from stdin
  admin reset --login LOGIN                   lost admin password: new temporary password, unlocked, active admin
  logbook add --kind work|incident|direction|result|note --text TEXT [--at ISO-8601] [--author LOGIN]
       [--container NO] [--declaration NO] [--tax-code NO] [--plate NO] [--vessel IMO] [--place TEXT] [--unit CODE]
       [--link ENTRY_ID] [--json]   identifier flags take one value or a comma-separated list
  logbook search QUERY [--json]               diacritic-insensitive search, best first
  verify [--deep]                             check the file (SQLite quick_check) and the journal's hash chain;
                                              --deep also rebuilds every projection in a scratch copy and
                                              names the first row that differs (read-only: the file is never written)
  rebuild [--reason TEXT]                     rebuild every projection from the journal (journaled)
  logbook verify [--deep]                     same as verify
  logbook export --from DATE --to DATE --format docx|pdf --out FILE
  backup --out FILE                           consistent online copy of the database and its attachments (FILE.attachments/)
  restore --from BACKUP                       restore a backup into --db (a new file; never overwrites), after verifying it
  call --list                                 every channel with its module, access and JSON schema
  call CHANNEL JSON [--as LOGIN]              invoke one channel (same validation and permissions as the UI);
                                              JSON "-" reads it from stdin (camera passwords stay out of the process list)
  serve [--port N] [--host 127.0.0.1]         browser mode (see README)
  serve --lan [--host ADDR[,ADDR]] [--port N] the station's LAN listener (HTTPS/WSS, paired devices only; default
                                              port 8443), plus browser mode on loopback; see docs/deployment.md
  devices pair --name NAME --role workstation|wall   one-time pairing code (10 minutes) for a new device
  devices list [--json]                       paired devices: role, last seen, address, who paired them, revoked
  devices revoke DEVICE_ID [--reason TEXT]    revoke a device (its credential is refused from then on)
  tls show [--json]                           the station certificate's fingerprint, validity and names
  tls import --cert FILE --key FILE           replace the station's key and certificate (checked: they match, valid today)
  watch [--from SEQ] [--types a,b] [--json]   print journal events as they are appended (by any process), one
                                              per line (JSON lines with --json); read-only; Ctrl+C stops it
  demo                                        fill an empty database with the demo station

  Workstations and walls (no --db: they keep no station database):
  client pair --station https://HOST:PORT --code ABCD-EFGH-JKMN [--data DIR]
                                              pair this machine with a station (one-time code from the station's
                                              admin); prints the station's certificate fingerprint to compare
                                              (the device keeps the name the admin gave with the code)
  client role [--set station|workstation|wall] [--unpair] [--data DIR]
                                              show or change this installation's role (a paired machine
                                              becomes a station only with --unpair and nothing left unsent)
  client [--data DIR] [--port N]              run this paired machine: the app on a loopback address, every call
                                              over one pinned TLS link to the station, writes kept while it is away

Options: --lang vi|en (messages), --json (machine-readable output)
Exit codes: 0 done, 1 failed, 2 bad input (nothing written).`;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** The whole of stdin (for `call CHANNEL -`); default: fd 0. */
  stdin?: () => string;
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
function openExisting(a: ParsedArgs, checkProjections = true): Core {
  const db = need(a, 'db');
  if (!fs.existsSync(db)) throw new AppError('db_missing', `database file not found: ${db}`, { field: 'db', params: { path: db } });
  return openCore({ dbPath: db, create: false, checkProjections });
}

/**
 * Opens an existing station for reading only (verify, search, export, backup): no writer lock,
 * so these keep working while the app runs. A database not yet migrated to this version's
 * schema is opened as the writer instead (which migrates it).
 */
function openReader(a: ParsedArgs, checkProjections = true): Core {
  const db = need(a, 'db');
  if (!fs.existsSync(db)) throw new AppError('db_missing', `database file not found: ${db}`, { field: 'db', params: { path: db } });
  const core = openCore({ dbPath: db, create: false, readonly: true, checkProjections });
  if (schemaVersion(core.db) >= SCHEMA_VERSION) return core;
  core.close();
  return openCore({ dbPath: db, create: false, checkProjections });
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

/**
 * `verify` (and `logbook verify`): opens the file read-only — never migrated, nothing written
 * to it or beside it — and reports the file's pages, the chain and, with --deep, the first
 * projection row that differs from the journal. Exit 1 on any finding.
 */
async function verifyCommand(a: ParsedArgs, io: Io, lang: Lang): Promise<number> {
  const file = need(a, 'db');
  if (!fs.existsSync(file)) throw new AppError('db_missing', `database file not found: ${file}`, { field: 'db', params: { path: file } });
  const json = a.flags.has('json');
  const db = openDatabase(file, { readonly: true, create: false });
  try {
    const r = await verifyDatabase(db, { deep: a.flags.has('deep') });
    if (json) io.out(JSON.stringify(r));
    const say = (code: 'db_corrupt' | 'projection_mismatch', message: string, params: Record<string, string>) => {
      const text = translateError(lang, { code, message, params });
      io.err(`trucban: ${text} — ${message}`);
    };
    if (!r.integrity.ok) {
      say('db_corrupt', `quick_check: ${r.integrity.problems.join('; ')}`, { detail: r.integrity.problems.slice(0, 3).join('; ') });
    }
    if (r.firstBadSeq === null) {
      if (!json) io.out(`OK: ${r.checked} events checked; head ${r.headSeq} ${r.headHash ?? '-'}`);
    } else {
      const text = translateError(lang, { code: 'journal_broken', message: r.problem ?? '', params: { seq: r.firstBadSeq } });
      io.err(`trucban: ${text} — BROKEN at seq ${r.firstBadSeq}: ${r.problem} (${r.checked} events before it are intact)`);
    }
    const p = r.projections;
    if (p?.mismatch) {
      const e = mismatchError(p.mismatch, file);
      say('projection_mismatch', e.message, e.params as Record<string, string>);
    } else if (p && !json) io.out(`OK: ${p.deep ? `${p.tables.length} projections` : 'users and station'} (${p.rows} rows) match the journal`);
    // quarantined events are reported, not a failure: the rest of the journal is projected
    const qr = r.quarantine;
    if (qr && qr.count > 0 && !json) {
      io.out(
        lang === 'vi'
          ? `CÁCH LY: ${qr.count} sự kiện không chiếu được vào dữ liệu (loại lạ, phiên bản mới hơn hoặc nội dung sai)${p?.deep ? ' khi dựng lại' : ''}:`
          : `QUARANTINE: ${qr.count} events cannot be projected (unknown type, newer version or invalid payload)${p?.deep ? ' on replay' : ''}:`,
      );
      for (const e of qr.items) io.out(`  #${e.seq} ${e.type} v${e.typeVersion} ${e.eventId}: ${e.reason}`);
      if (qr.count > qr.items.length) io.out(lang === 'vi' ? `  … và ${qr.count - qr.items.length} sự kiện khác` : `  … and ${qr.count - qr.items.length} more`);
    }
    return r.ok ? 0 : 1;
  } finally {
    db.close();
  }
}

/**
 * `rebuild`: the repair named by a projection mismatch. Refuses a journal whose chain does not
 * verify (a replay would only spread the damage), then rebuilds every projection and journals
 * `store.projections_rebuilt` with the tables and the reason (by default the mismatch found).
 */
async function rebuildCommand(a: ParsedArgs, io: Io): Promise<number> {
  const file = need(a, 'db');
  if (!fs.existsSync(file)) throw new AppError('db_missing', `database file not found: ${file}`, { field: 'db', params: { path: file } });
  const core = openCore({ dbPath: file, create: false, checkProjections: false });
  try {
    const chain = await core.verifyParallel();
    if (!chain.ok) {
      throw new AppError('journal_broken', `the journal does not verify (seq ${chain.firstBadSeq}: ${chain.problem}); nothing was rebuilt`, { params: { seq: chain.firstBadSeq ?? 0 } });
    }
    const found = checkSecurityProjections(core.db);
    const reason = flag(a, 'reason') ?? (found ? `projection mismatch: ${found.table} ${found.row} (${found.columns.join(', ')})` : 'requested by an administrator');
    const r = repairProjections(core, reason);
    if (a.flags.has('json')) io.out(JSON.stringify(r));
    else io.out(`Rebuilt ${r.tables.length} projections from ${r.events} events (${reason}); journaled as store.projections_rebuilt`);
    return 0;
  } finally {
    core.close();
  }
}

async function run(argv: string[], io: Io, lang: Lang): Promise<number> {
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
    if (a.flags.has('admin-password')) {
      // argv is readable by every user of the machine (ps, /proc): never a password there
      throw new AppError('invalid_input', '--admin-password is not accepted (the command line is visible to other users); use --admin-password-stdin, or let init generate a temporary password', { field: 'admin-password' });
    }
    const fromStdin = a.flags.has('admin-password-stdin');
    const input = {
      code: need(a, 'station-code'),
      name: need(a, 'station-name'),
      kind: flag(a, 'kind') ?? 'hq',
      place: flag(a, 'place') ?? 'Hà Nội',
      admin: {
        login: flag(a, 'admin-login') ?? 'admin',
        fullName: flag(a, 'admin-name') ?? 'Quản trị hệ thống',
        password: fromStdin ? readPasswordFromStdin() : generateTemporaryPassword(),
      },
    };
    // validate before creating the file, so bad input leaves nothing behind
    const parsed = contract['setup:station'].input.safeParse(input);
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      throw new AppError('invalid_input', `${i.path.join('.')}: ${i.message}`, { field: i.path.join('.') });
    }
    // an existing file is accepted only when it is a station an older build set up without
    // ever writing its administrator (setup completes it); anything else is left untouched
    const existed = fs.existsSync(db);
    if (existed && !halfSetUp(db)) throw new AppError('already_set_up', `database already exists: ${db}`, { field: 'db' });
    const core = openCore({ dbPath: db });
    try {
      const { admin, ...station } = parsed.data;
      await core.setupStation(station, admin, { temporary: !fromStdin });
    } catch (e) {
      core.close();
      if (!existed) for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
      throw e;
    }
    core.close();
    const t = TEMP_PASSWORD_TEXT[lang];
    if (json) {
      io.out(JSON.stringify({ db: path.resolve(db), station: input.code, admin: input.admin.login, ...(fromStdin ? {} : { password: input.admin.password, mustChangePassword: true }) }));
    } else {
      io.out(t.initDone(input.code, input.name, path.resolve(db)));
      if (fromStdin) io.out(`${lang === 'vi' ? 'Tài khoản quản trị' : 'Administrator account'}: ${input.admin.login}`);
      else {
        io.out(t.account(input.admin.login, input.admin.password));
        io.out(t.mustChange);
      }
    }
    return 0;
  }

  if (cmd === 'admin') {
    if (sub !== 'reset') throw new AppError('invalid_input', `unknown admin command ${sub ?? ''} (reset)`, { field: 'command' });
    const login = need(a, 'login');
    // whoever can open the database file can do this: it is the recovery for a lost admin
    // password, and it is journaled with the OS account that ran it
    const core = openExisting(a);
    try {
      let osUser = 'unknown';
      try {
        osUser = os.userInfo().username;
      } catch {
        // no passwd entry (some containers): the journal says "unknown"
      }
      const r = await core.users.recoverAdmin(login, { osUser, host: os.hostname() });
      const t = TEMP_PASSWORD_TEXT[lang];
      if (json) io.out(JSON.stringify({ login: r.user.login, password: r.password, mustChangePassword: true, roles: r.user.roles, active: r.user.active }));
      else {
        io.out(t.reset(r.user.login, r.password));
        io.out(t.mustChange);
      }
    } finally {
      core.close();
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

  if (cmd === 'client') {
    const { clientPairCommand, clientRoleCommand, clientRunCommand } = await import('../client/cli');
    if (sub === 'pair') return clientPairCommand({ station: need(a, 'station'), code: need(a, 'code'), name: flag(a, 'name'), data: flag(a, 'data') }, io, lang);
    if (sub === 'role') return clientRoleCommand({ set: flag(a, 'set'), unpair: a.flags.has('unpair'), data: flag(a, 'data') }, io, lang);
    if (sub !== undefined) throw new AppError('invalid_input', `unknown client command ${sub.slice(0, 40)}`, { field: 'command' });
    const { rendererDir } = await import('../server/serve');
    return clientRunCommand({ data: flag(a, 'data'), port: flag(a, 'port'), staticDir: rendererDir() }, io, lang);
  }

  if (cmd === 'serve') {
    // an installation chosen as a workstation or wall (role.json beside the database) runs the client
    const dataDir = path.dirname(path.resolve(need(a, 'db')));
    const { readRole, startupPlan } = await import('../client/role');
    const { readDeviceFile } = await import('../client/device');
    const role = readRole(dataDir);
    const plan = startupPlan(role, role !== null && role !== 'station' && readDeviceFile(dataDir) !== null);
    if (plan === 'client') {
      const { clientRunCommand } = await import('../client/cli');
      const { rendererDir } = await import('../server/serve');
      return clientRunCommand({ data: dataDir, port: flag(a, 'port'), staticDir: rendererDir() }, io, lang);
    }
    const { serveForever } = await import('../server/serve');
    await serveForever({ db: need(a, 'db'), port: flag(a, 'port'), host: flag(a, 'host'), open: !a.flags.has('no-open'), lan: a.flags.has('lan') }, io);
    return 0;
  }

  if (cmd === 'devices') {
    const { devicesCommand } = await import('./devices');
    return devicesCommand(sub, rest, { db: need(a, 'db'), name: flag(a, 'name'), role: flag(a, 'role'), reason: flag(a, 'reason'), json }, { writer: () => openExisting(a), reader: () => openReader(a) }, io, lang);
  }
  if (cmd === 'tls') {
    const { tlsCommand } = await import('./devices');
    return tlsCommand(sub, { db: need(a, 'db'), cert: flag(a, 'cert'), key: flag(a, 'key'), json }, io, lang);
  }

  if (cmd === 'watch') {
    const { watchCommand } = await import('./watch');
    return watchCommand({ db: need(a, 'db'), from: flag(a, 'from'), types: flag(a, 'types'), json }, io, lang);
  }
  if (cmd === 'verify') return verifyCommand(a, io, lang);
  if (cmd === 'rebuild') return rebuildCommand(a, io);

  if (cmd === 'backup') {
    const out = need(a, 'out');
    // a backup decides nothing: it also copies a file the start-up check refuses (the evidence
    // of a tampered projection, kept before `rebuild` repairs it)
    const core = openReader(a, false);
    try {
      const r = await backupDatabase(core.db, out, { attachmentsDir: core.attachments.dir });
      io.out(
        json
          ? JSON.stringify(r)
          : `Backup written: ${r.file} (${r.bytes} bytes, ${r.journal.checked} events verified); ${r.attachments} attachments (${r.attachmentBytes} bytes) in ${r.attachmentsDir}`,
      );
      if (r.missing.length > 0) {
        // the copy is kept (it is consistent), but the evidence is incomplete: say so and fail
        io.err(`trucban: ${r.missing.length} attachments are missing or corrupted in the station's store and were not backed up: ${r.missing.join(', ')}`);
        return 1;
      }
    } finally {
      core.close();
    }
    return 0;
  }

  if (cmd === 'restore') {
    const to = need(a, 'db');
    const from = need(a, 'from');
    const r = restoreDatabase(from, to);
    // the restored station must open as a station (and is migrated if the backup is older)
    openCore({ dbPath: to, create: false }).close();
    io.out(
      json
        ? JSON.stringify(r)
        : `Restored ${r.file} from ${path.resolve(from)} (${r.journal.checked} events verified); ${r.attachments} attachments (${r.attachmentBytes} bytes) verified into ${r.attachmentsDir}; new HLC node id ${r.node.node}${r.node.previous ? ` (the backup's was ${r.node.previous})` : ''}`,
    );
    return 0;
  }

  if (cmd === 'call') {
    if (a.flags.has('list')) {
      // derived from the composition root: every channel a module handles, in module order
      const list = MODULE_CHANNELS.map(({ channel: ch, module }) => ({
        channel: ch,
        module,
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
      // "-": the JSON comes on stdin, so secrets in it (camera passwords) are not in argv, which every OS user can read
      const text = rest[0] === '-' ? (io.stdin ?? (() => fs.readFileSync(0, 'utf8')))() : rest[0];
      try {
        input = JSON.parse(text);
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
    if (sub === 'verify') return verifyCommand(a, io, lang);
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

export async function main(argv: string[], rawIo: Io = { out: (s) => console.log(s), err: (s) => console.error(s) }): Promise<number> {
  // every line printed passes terminalSafe: stored text cannot drive the terminal (print.ts)
  const io = safeIo(rawIo);
  const lang = process.env.TRUCBAN_LANG === 'en' || argv.includes('--lang=en') || argv.join(' ').includes('--lang en') ? 'en' : 'vi';
  try {
    return await run(argv.filter((x, i, arr) => x !== '--lang' && arr[i - 1] !== '--lang' && !x.startsWith('--lang=')), io, lang);
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
