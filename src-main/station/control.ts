/**
 * The running station's local control channel (docs/deployment.md, "Pairing while the service
 * runs"): `trucban devices pair` and `devices revoke` need the station's writer lock, which the
 * running service holds, so the service listens on a Unix domain socket in a folder only its
 * OS user can enter (`<db>.ctl/`, 0700, the socket 0600) and does exactly these two admin
 * commands for whoever can reach it, journaled as `os:<username>`. Reaching the socket IS the
 * authentication: the kernel checks the folder's and the socket's owner and modes on connect.
 * Every byte is checked: one JSON line of at most 4 KiB, validated with zod, then answered and
 * closed. Windows: not started (node cannot give a named pipe an owner-only ACL); there the
 * commands are run with the service stopped or from the Devices panel.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { Core } from '../app/core';
import { contract } from '../../src-shared/contract';
import { AppError, isAppErrorData } from '../../src-shared/errors';
import type { AppErrorData } from '../../src-shared/errors';
import { ensureStationTls } from './tls';

/** Longest request line read. */
const MAX_LINE = 4096;
/** A connection that sends no full line within this is closed. */
const READ_TIMEOUT_MS = 5_000;
/** The longest socket path the OSes take (sun_path is 104 bytes on macOS, 108 on Linux). */
const MAX_SOCKET_PATH = 103;

export const controlDir = (dbPath: string) => `${path.resolve(dbPath)}.ctl`;
export const controlSocketPath = (dbPath: string) => path.join(controlDir(dbPath), 'control.sock');

const pairInput = contract['devices:pair'].input;
const revokeInput = contract['devices:revoke'].input;
const request = z.discriminatedUnion('cmd', [
  z.object({ v: z.literal(1), cmd: z.literal('pair'), name: z.unknown(), role: z.unknown() }).strict(),
  z.object({ v: z.literal(1), cmd: z.literal('revoke'), deviceId: z.unknown(), reason: z.unknown().optional() }).strict(),
]);
export type ControlRequest = { v: 1; cmd: 'pair'; name: string; role: string } | { v: 1; cmd: 'revoke'; deviceId: string; reason?: string };
export type ControlReply = { ok: true; value: unknown } | { ok: false; error: AppErrorData };

/** The station's OS user as the journal's actor. */
export function osActor(): string {
  try {
    return `os:${os.userInfo().username}`;
  } catch {
    return `os:${process.getuid?.() ?? 'unknown'}`;
  }
}

/** Does one request for the running station. */
export async function handleControl(core: Core, raw: unknown, actor = osActor()): Promise<ControlReply> {
  try {
    const r = request.safeParse(raw);
    if (!r.success) throw new AppError('invalid_input', 'not a control request (pair or revoke, v 1)');
    const devices = core.services.devices;
    if (r.data.cmd === 'pair') {
      const i = pairInput.safeParse({ name: r.data.name, role: r.data.role });
      if (!i.success) throw new AppError('invalid_input', `--${String(i.error.issues[0]?.path[0] ?? 'name')}: ${i.error.issues[0]?.message ?? 'invalid'}`, { field: String(i.error.issues[0]?.path[0] ?? 'name') });
      const fingerprint = devices.fingerprint ?? (await ensureStationTls(core.dbPath, [])).fingerprint;
      return { ok: true, value: devices.createCode(i.data, actor, fingerprint) };
    }
    const i = revokeInput.safeParse({ deviceId: r.data.deviceId, ...(r.data.reason !== undefined ? { reason: r.data.reason } : {}) });
    if (!i.success) throw new AppError('invalid_input', 'devices revoke needs a DEVICE_ID (see devices list)', { field: 'deviceId' });
    return { ok: true, value: devices.revoke(i.data.deviceId, actor, i.data.reason) };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e.toData() };
    return { ok: false, error: { code: 'internal', message: 'the station could not do this' } as AppErrorData };
  }
}

export interface ControlServer {
  path: string;
  close(): Promise<void>;
}

/**
 * Listens on `<db>.ctl/control.sock` for the running station. Null where it cannot be made
 * safely (Windows; a path too long for a socket; a folder owned by someone else).
 */
export async function startControlSocket(core: Core, o: { log?: (m: string) => void } = {}): Promise<ControlServer | null> {
  const log = o.log ?? ((m: string) => console.error(m));
  if (process.platform === 'win32' || core.dbPath === ':memory:') return null;
  const dir = controlDir(core.dbPath);
  const file = controlSocketPath(core.dbPath);
  if (Buffer.byteLength(file) > MAX_SOCKET_PATH) {
    log(`control: the socket path is too long (${file}); devices pair/revoke from the command line need the service stopped`);
    return null;
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid())) {
    log(`control: ${dir} is not a folder of this user; the control socket is not started`);
    return null;
  }
  fs.chmodSync(dir, 0o700);
  // a socket left by a station that was killed: this process holds the writer lock, so no
  // other station is listening on it
  fs.rmSync(file, { force: true });
  const server = net.createServer((socket) => {
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (reply: ControlReply) => {
      if (done) return;
      done = true;
      socket.end(`${JSON.stringify(reply)}\n`);
    };
    socket.setTimeout(READ_TIMEOUT_MS, () => socket.destroy());
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      buf = Buffer.concat([buf, chunk]);
      const nl = buf.indexOf(0x0a);
      if (nl < 0) {
        if (buf.length > MAX_LINE) finish({ ok: false, error: { code: 'invalid_input', message: 'request too long' } });
        return;
      }
      if (nl > MAX_LINE) return finish({ ok: false, error: { code: 'invalid_input', message: 'request too long' } });
      let parsed: unknown;
      try {
        parsed = JSON.parse(buf.subarray(0, nl).toString('utf8'));
      } catch {
        return finish({ ok: false, error: { code: 'invalid_input', message: 'not JSON' } });
      }
      void handleControl(core, parsed).then(finish, () => finish({ ok: false, error: { code: 'internal', message: 'failed' } as AppErrorData }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => {
      server.off('error', reject);
      resolve();
    });
  });
  fs.chmodSync(file, 0o600);
  server.on('error', (e) => log(`control: ${String(e)}`));
  return {
    path: file,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(file, { force: true });
      }),
  };
}

/** The command line's side: one request to the running station; null when none listens. */
export function controlRequest(dbPath: string, req: ControlRequest, timeoutMs = 10_000): Promise<ControlReply | null> {
  const file = controlSocketPath(dbPath);
  if (process.platform === 'win32' || !fs.existsSync(file)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const s = net.connect(file);
    let buf = '';
    let settled = false;
    const done = (r: ControlReply | null) => {
      if (settled) return;
      settled = true;
      s.destroy();
      resolve(r);
    };
    s.setTimeout(timeoutMs, () => done(null));
    s.once('error', () => done(null));
    s.on('connect', () => s.write(`${JSON.stringify(req)}\n`));
    s.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      if (buf.length > 64 * 1024) return done(null);
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      try {
        const v = JSON.parse(buf.slice(0, nl)) as { ok?: unknown; value?: unknown; error?: unknown };
        if (v.ok === true) done({ ok: true, value: v.value });
        else if (v.ok === false && isAppErrorData(v.error)) done({ ok: false, error: v.error });
        else done(null);
      } catch {
        done(null);
      }
    });
    s.on('end', () => done(null));
  });
}
