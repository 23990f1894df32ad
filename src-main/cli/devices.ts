/**
 * `trucban devices pair|list|revoke` and `trucban tls show|import` (docs/deployment.md).
 * Pairing and revocation write: with the station stopped they take its writer lock; while the
 * station runs (`serve`, the desktop app) they go to its local control socket
 * (src-main/station/control.ts), which journals them as `os:<username>`. `devices list` and
 * `tls show` only read.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Core } from '../app/core';
import { AppError } from '../../src-shared/errors';
import type { Lang } from '../../src-shared/i18n/errors';
import { contract } from '../../src-shared/contract';
import { formatDateTime } from '../../src-shared/time/shift';
import { ensureStationTls, importStationTls, readStationTls, tlsDir } from '../station/tls';
import { controlRequest } from '../station/control';
import type { ControlRequest } from '../station/control';
import type { PairingCode } from '../../src-shared/contract/devices';

/**
 * The writer, or — when the running station holds it (station_busy) — null after the request
 * went to that station's control socket (answered into `sent`); station_busy again when the
 * running station has no control socket (Windows, or an older build).
 */
async function writerOrRunning(open: () => Core, db: string, req: ControlRequest): Promise<{ core: Core } | { value: unknown }> {
  try {
    return { core: open() };
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'station_busy') throw e;
    const reply = await controlRequest(db, req);
    if (!reply) throw e;
    if (!reply.ok) throw new AppError(reply.error.code, reply.error.message, { ...(reply.error.field ? { field: reply.error.field } : {}), ...(reply.error.params ? { params: reply.error.params } : {}) });
    return { value: reply.value };
  }
}

export interface DevicesIo {
  out: (s: string) => void;
}

/** The OS account running the command, as the journal's actor (like `admin reset`). */
function cliActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

const ROLE_NAMES: Record<Lang, Record<string, string>> = {
  vi: { workstation: 'máy trạm', wall: 'màn hình tường' },
  en: { workstation: 'workstation', wall: 'wall screen' },
};

const when = (ms: number | null) => (ms === null ? '—' : formatDateTime(ms));

export async function devicesCommand(
  sub: string | undefined,
  rest: string[],
  o: { db: string; name?: string | undefined; role?: string | undefined; reason?: string | undefined; json: boolean },
  open: { writer: () => Core; reader: () => Core },
  io: DevicesIo,
  lang: Lang,
): Promise<number> {
  if (sub === 'pair') {
    const parsed = contract['devices:pair'].input.safeParse({ name: o.name, role: o.role });
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      throw new AppError('invalid_input', `--${String(i.path[0] ?? 'name')}: ${i.message}`, { field: String(i.path[0] ?? 'name') });
    }
    const got = await writerOrRunning(open.writer, o.db, { v: 1, cmd: 'pair', name: parsed.data.name, role: parsed.data.role });
    const core = 'core' in got ? got.core : null;
    try {
      const code = core ? core.services.devices.createCode(parsed.data, cliActor(), (await ensureStationTls(o.db, [])).fingerprint) : (got as { value: PairingCode }).value;
      if (o.json) io.out(JSON.stringify(code));
      else {
        io.out(lang === 'vi' ? `Mã ghép nối cho «${code.name}» (${ROLE_NAMES.vi[code.role]}): ${code.code}` : `Pairing code for “${code.name}” (${ROLE_NAMES.en[code.role]}): ${code.code}`);
        io.out(lang === 'vi' ? `Dùng một lần, hết hạn lúc ${formatDateTime(code.expiresAt)}` : `Single use, expires at ${formatDateTime(code.expiresAt)}`);
        io.out(`${lang === 'vi' ? 'Dấu vân tay chứng chỉ của trạm (SHA-256)' : 'Station certificate fingerprint (SHA-256)'}: ${code.fingerprint}`);
      }
    } finally {
      core?.close();
    }
    return 0;
  }
  if (sub === 'list') {
    const core = open.reader();
    try {
      const list = core.services.devices.list();
      if (o.json) io.out(JSON.stringify(list));
      else if (list.length === 0) io.out(lang === 'vi' ? 'Chưa có máy nào được ghép nối.' : 'No device is paired.');
      else
        for (const d of list) {
          const state = d.revokedAt !== null ? (lang === 'vi' ? `đã thu hồi ${when(d.revokedAt)} (${d.revokedBy})` : `revoked ${when(d.revokedAt)} (${d.revokedBy})`) : lang === 'vi' ? 'đang hoạt động' : 'active';
          io.out(`${d.id}  ${d.name}  ${ROLE_NAMES[lang][d.role] ?? d.role}  ${lang === 'vi' ? 'ghép bởi' : 'paired by'} ${d.pairedBy} ${when(d.pairedAt)}  ${lang === 'vi' ? 'lần cuối' : 'last seen'} ${when(d.lastSeenAt)} ${d.lastAddress ?? ''}  ${state}`);
        }
    } finally {
      core.close();
    }
    return 0;
  }
  if (sub === 'revoke') {
    const id = rest[0];
    const parsed = contract['devices:revoke'].input.safeParse({ deviceId: id, ...(o.reason ? { reason: o.reason } : {}) });
    if (!parsed.success) throw new AppError('invalid_input', 'devices revoke needs a DEVICE_ID (see devices list)', { field: 'deviceId' });
    const got = await writerOrRunning(open.writer, o.db, { v: 1, cmd: 'revoke', deviceId: parsed.data.deviceId, ...(parsed.data.reason ? { reason: parsed.data.reason } : {}) });
    const core = 'core' in got ? got.core : null;
    try {
      if (core) core.services.devices.revoke(parsed.data.deviceId, cliActor(), parsed.data.reason);
      io.out(o.json ? JSON.stringify({ ok: true, deviceId: parsed.data.deviceId }) : lang === 'vi' ? `Đã thu hồi máy ${parsed.data.deviceId}` : `Device ${parsed.data.deviceId} revoked`);
    } finally {
      core?.close();
    }
    return 0;
  }
  throw new AppError('invalid_input', `unknown devices command ${sub ?? ''} (pair, list, revoke)`, { field: 'command' });
}

export function tlsCommand(sub: string | undefined, o: { db: string; cert?: string | undefined; key?: string | undefined; json: boolean }, io: DevicesIo, lang: Lang): number {
  const describe = (m: { fingerprint: string; validFrom: number; validTo: number; subjectAltName: string }) => {
    if (o.json) io.out(JSON.stringify({ dir: tlsDir(o.db), fingerprint: m.fingerprint, validFrom: m.validFrom, validTo: m.validTo, subjectAltName: m.subjectAltName }));
    else {
      io.out(`${lang === 'vi' ? 'Dấu vân tay chứng chỉ (SHA-256)' : 'Certificate fingerprint (SHA-256)'}: ${m.fingerprint}`);
      io.out(`${lang === 'vi' ? 'Hiệu lực' : 'Valid'}: ${formatDateTime(m.validFrom)} → ${formatDateTime(m.validTo)}`);
      io.out(`${lang === 'vi' ? 'Tên/địa chỉ' : 'Names'}: ${m.subjectAltName}`);
      io.out(`${lang === 'vi' ? 'Thư mục' : 'Folder'}: ${tlsDir(o.db)}`);
    }
  };
  if (sub === 'show') {
    const m = readStationTls(o.db);
    if (!m) {
      io.out(lang === 'vi' ? `Trạm chưa có chứng chỉ TLS (tạo khi chạy serve --lan lần đầu): ${tlsDir(o.db)}` : `The station has no TLS certificate yet (made at the first serve --lan): ${tlsDir(o.db)}`);
      return 1;
    }
    describe(m);
    return 0;
  }
  if (sub === 'import') {
    if (!o.cert || !o.key) throw new AppError('invalid_input', 'tls import needs --cert FILE and --key FILE', { field: o.cert ? 'key' : 'cert' });
    let cert: string;
    let key: string;
    try {
      cert = fs.readFileSync(o.cert, 'utf8');
      key = fs.readFileSync(o.key, 'utf8');
    } catch (e) {
      throw new AppError('invalid_input', `cannot read ${(e as { path?: string }).path ?? 'the files'}`, { field: 'cert' });
    }
    const m = importStationTls(o.db, key, cert);
    io.out(lang === 'vi' ? 'Đã nhập khoá và chứng chỉ; các máy đã ghép nối phải được ghép lại (dấu vân tay đổi).' : 'Key and certificate imported; paired devices must pair again (the fingerprint changed).');
    describe(m);
    return 0;
  }
  throw new AppError('invalid_input', `unknown tls command ${sub ?? ''} (show, import)`, { field: 'command' });
}
