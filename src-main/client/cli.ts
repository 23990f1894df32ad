/**
 * `trucban client pair --station https://HOST:PORT --code ABCD-EFGH-JKMN [--name N] [--data DIR]`
 * and `trucban client [--data DIR] [--port N]` (docs/architecture.md, "Clients of a station").
 * The data dir is the client's own (device.json, outbox.sqlite, role.json): `--data`, else
 * TRUCBAN_CLIENT_DIR, else `~/.trucban-client`.
 */
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import type { Lang } from '../../src-shared/i18n/errors';
import { readDeviceFile, writeDeviceFile, devicePath } from './device';
import { pairWithStation } from './pair';
import { writeRole } from './role';

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
