/**
 * `trucban client pair --station https://HOST:PORT --code ABCD-EFGH-JKMN [--name N] [--data DIR]`
 * and `trucban client [--data DIR] [--port N]` (docs/architecture.md, "Clients of a station").
 * The data dir is the client's own (device.json, outbox.sqlite, role.json): `--data`, else
 * TRUCBAN_CLIENT_DIR, else `~/.trucban-client`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import type { Lang } from '../../src-shared/i18n/errors';
import { readDeviceFile, writeDeviceFile, devicePath } from './device';
import { pairWithStation } from './pair';
import { INSTALL_ROLES, readRole, writeRole } from './role';
import type { InstallRole } from './role';

export function clientDataDir(flag: string | undefined): string {
  return path.resolve(flag ?? process.env.TRUCBAN_CLIENT_DIR ?? path.join(os.homedir(), '.trucban-client'));
}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export async function clientPairCommand(o: { station: string; code: string; name?: string | undefined; data?: string | undefined }, io: Io, lang: Lang): Promise<number> {
  const dir = clientDataDir(o.data);
  const rec = await pairWithStation({ stationUrl: o.station, code: o.code, ...(o.name ? { deviceName: o.name } : {}) });
  writeDeviceFile(dir, rec);
  writeRole(dir, rec.role);
  const role = { workstation: { vi: 'máy trạm', en: 'workstation' }, wall: { vi: 'màn hình tường', en: 'wall' } }[rec.role];
  io.out(
    lang === 'vi'
      ? `Đã ghép nối "${rec.name}" (${role.vi}) với trạm ${rec.station.code} — ${rec.station.name} (${rec.stationUrl})`
      : `Paired "${rec.name}" (${role.en}) with station ${rec.station.code} — ${rec.station.name} (${rec.stationUrl})`,
  );
  io.out(
    lang === 'vi'
      ? `Dấu vân tay chứng thư của trạm (so với màn hình của trạm): ${rec.fingerprint}`
      : `Station certificate fingerprint (compare with the station's screen): ${rec.fingerprint}`,
  );
  io.out(lang === 'vi' ? `Đã lưu: ${devicePath(dir)}` : `Saved: ${devicePath(dir)}`);
  return 0;
}

/** Runs the client process until SIGINT/SIGTERM. */
export async function clientRunCommand(o: { data?: string | undefined; port?: string | undefined; staticDir: string }, io: Io, lang: Lang): Promise<number> {
  const dir = clientDataDir(o.data);
  const rec = readDeviceFile(dir);
  if (!rec) throw new AppError('not_paired', `no ${devicePath(dir)}`, { params: { dir } });
  const port = o.port === undefined ? 0 : Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('invalid_input', '--port: 0–65535', { field: 'port' });
  const { startClientProcess } = await import('./local');
  const client = await startClientProcess({ dir, record: rec, staticDir: o.staticDir, port, log: (m) => io.err(m) });
  io.out(
    lang === 'vi'
      ? `Trực ban (${rec.role === 'wall' ? 'màn hình tường' : 'máy trạm'} "${rec.name}", trạm ${rec.station.code} ${rec.stationUrl}): ${client.server.launchUrl}`
      : `Trực ban (${rec.role} "${rec.name}", station ${rec.station.code} ${rec.stationUrl}): ${client.server.launchUrl}`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => void client.close().then(resolve, resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

const ROLE_TEXT: Record<InstallRole, { vi: string; en: string }> = {
  station: { vi: 'trạm trực ban', en: 'station' },
  workstation: { vi: 'máy trạm', en: 'workstation' },
  wall: { vi: 'màn hình tường', en: 'wall' },
};

/**
 * `trucban client role [--set station|workstation|wall] [--unpair] [--data DIR]`: shows the
 * installation's role or, for an administrator, changes it (docs/architecture.md, "Roles of an
 * installation"). Nothing is lost on the way: a paired machine becomes a station only with
 * `--unpair` and an empty outbox (entries not yet sent stay until they are); a folder that holds
 * a station database never becomes a client; a paired machine keeps the role its pairing code
 * gave (workstation ↔ wall is a new pairing).
 */
export async function clientRoleCommand(o: { set?: string | undefined; unpair?: boolean; data?: string | undefined }, io: Io, lang: Lang): Promise<number> {
  const dir = clientDataDir(o.data);
  const current = readRole(dir);
  const rec = readDeviceFile(dir);
  const say = (vi: string, en: string) => io.out(lang === 'vi' ? vi : en);
  if (o.set === undefined) {
    const r = current ? ROLE_TEXT[current] : { vi: 'chưa chọn', en: 'not chosen yet' };
    say(`Vai trò của máy này: ${r.vi} (${dir})`, `This installation's role: ${r.en} (${dir})`);
    if (rec) say(`Đã ghép nối với trạm ${rec.station.code} — ${rec.station.name} (${rec.stationUrl})`, `Paired with station ${rec.station.code} — ${rec.station.name} (${rec.stationUrl})`);
    return 0;
  }
  const want = (INSTALL_ROLES as readonly string[]).includes(o.set) ? (o.set as InstallRole) : null;
  if (!want) throw new AppError('invalid_input', '--set: station, workstation or wall', { field: 'role' });
  if (want === 'station') {
    if (rec) {
      if (!o.unpair) throw new AppError('role_paired', 'this machine is paired with a station: add --unpair to forget the pairing', { params: { station: rec.station.code } });
      const { openOutbox } = await import('./outbox');
      const box = openOutbox(dir);
      const waiting = box.queued().length;
      box.close();
      if (waiting > 0) throw new AppError('role_outbox_waiting', `${waiting} writes are not sent yet`, { params: { count: waiting } });
      fs.rmSync(devicePath(dir), { force: true });
    }
  } else {
    const stationDb = ['station.db', 'station.sqlite'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (stationDb) throw new AppError('role_station_data', `${stationDb} holds a station database`, { params: { path: stationDb } });
    if (rec && rec.role !== want) throw new AppError('role_pairing', `paired as a ${rec.role}: pair again with a code for a ${want}`, { params: { role: ROLE_TEXT[rec.role][lang] } });
  }
  writeRole(dir, want);
  say(
    `Đã đặt vai trò của máy này: ${ROLE_TEXT[want].vi}; khởi động lại ứng dụng để áp dụng${want !== 'station' && !rec ? ' (rồi ghép nối với trạm)' : ''}`,
    `This installation's role is now: ${ROLE_TEXT[want].en}; restart the app to apply it${want !== 'station' && !rec ? ' (then pair it with the station)' : ''}`,
  );
  return 0;
}
