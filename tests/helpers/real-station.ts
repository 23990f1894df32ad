// The REAL station for the client's tests: its LAN listener (src-main/server/lan.ts, the
// station's own certificate from src-main/station/tls.ts, the devices module's pairing and
// credentials) either in this process in front of a test core, or as `trucban --db F serve
// --lan --host H --port N` in a child process a test can SIGKILL, SIGSTOP and start again on
// the same address (same database, certificate and paired devices). Pairing codes come from the
// devices service itself (what `devices:pair` / `trucban devices pair` call). Loopback
// addresses 127.0.0.20–29 are this suite's (docs/architecture.md, "Clients of a station").
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Core } from '../../src-main/app/core';
import { openCore } from '../../src-main/app/core';
import { startLanServer } from '../../src-main/server/lan';
import { ensureStationTls } from '../../src-main/station/tls';
import { systemClock } from '../../src-main/journal/clock';
import type { DeviceRole } from '../../src-shared/domain/devices';
import { stationCore } from './index';
import type { FakeClock } from './index';
import { BIN, ROOT } from './cli';

/** Makes a pairing code with the station's devices service, as the admin would (valid 10 minutes). */
export function pairCodeOf(core: Core, fingerprint: string, name: string, role: DeviceRole, o: { expired?: boolean } = {}): string {
  const code = core.services.devices.createCode({ name, role }, 'admin', fingerprint).code;
  // an expired code: the same code made 11 minutes ago (the service checks its own expires_at)
  if (o.expired) core.db.prepare(`UPDATE pairing_codes SET expires_at = ? WHERE code_id = ?`).run(core.clock.now() - 60_000, code.slice(0, 4));
  return code;
}

export interface RealStation {
  url: string;
  host: string;
  port: number;
  fingerprint: string;
  pairCode(name: string, role: DeviceRole, o?: { expired?: boolean }): string;
  /** `devices:revoke` by the administrator (the listener closes that device's sockets). */
  revoke(deviceId: string): void;
  /** Device sessions attached to the station's push hub, i.e. open device /ws sockets. */
  sockets(): number;
  close(): Promise<void>;
}

/** The station's LAN listener for `core` on host:port (port 0: any); its certificate is kept beside `db`. */
export async function startRealStation(core: Core, o: { db: string; host: string; port?: number }): Promise<RealStation> {
  const tls = await ensureStationTls(o.db, [o.host]);
  // count the device sockets the listener attaches to the push hub (one per open /ws)
  const hub = core.push as typeof core.push & { __counted?: { n: number } };
  if (!hub.__counted) {
    const counted = { n: 0 };
    const attach = hub.attach.bind(hub);
    hub.attach = (sessionId, sink) => {
      const detach = attach(sessionId, sink);
      if (!sessionId.startsWith('dev:')) return detach;
      counted.n++;
      let done = false;
      return () => {
        if (!done) counted.n--;
        done = true;
        detach();
      };
    };
    hub.__counted = counted;
  }
  const lan = await startLanServer(core, { host: o.host, port: o.port ?? 0, tls, log: () => {} });
  return {
    url: lan.url,
    host: o.host,
    port: lan.port,
    fingerprint: tls.fingerprint,
    pairCode: (name, role, opts) => pairCodeOf(core, tls.fingerprint, name, role, opts),
    revoke: (deviceId) => void core.services.devices.revoke(deviceId, 'admin'),
    sockets: () => hub.__counted!.n,
    close: () => lan.close(),
  };
}

/** A station database set up with the test users (officer, lead, room, admin) on the real clock. */
export async function realStationDb(db: string): Promise<void> {
  const core = await stationCore(db, systemClock as FakeClock);
  core.close();
}

/**
 * Pairing codes for a station that is not running (the writer is free), made by its devices
 * service with the station's certificate: what `trucban devices pair` does.
 */
export async function pairCodesFor(db: string, host: string, wanted: { name: string; role: DeviceRole }[]): Promise<string[]> {
  const tls = await ensureStationTls(db, [host]);
  const core = openCore({ dbPath: db });
  try {
    return wanted.map((w) => pairCodeOf(core, tls.fingerprint, w.name, w.role));
  } finally {
    core.close();
  }
}

export interface ServeLan {
  child: ChildProcess;
  url: string;
  port: number;
  fingerprint: string;
  /** Ends the process (SIGTERM: closes cleanly) and waits for it. */
  stop(): Promise<void>;
}

/** `trucban --db DB serve --lan --host HOST --port PORT` as a child process, once it serves the LAN. */
export function startServeLan(db: string, host: string, port = 0): Promise<ServeLan> {
  const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--lan', '--host', host, '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, TRUCBAN_LANG: 'vi' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`serve --lan: not serving after 60 s (${err.slice(-500)})`)), 60_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      reject(e);
    };
    child.once('exit', (code) => fail(new Error(`serve --lan exited ${code}: ${err.slice(-800)}`)));
    const check = () => {
      const url = /Station serving the LAN at: (https:\/\/[\d.]+:(\d+))/.exec(out);
      const fp = /Certificate fingerprint \(SHA-256\): ([0-9A-F:]+)/.exec(out);
      if (!url || !fp) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout!.off('data', check);
      resolve({
        child,
        url: url[1]!,
        port: Number(url[2]),
        fingerprint: fp[1]!,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout!.on('data', check);
  });
}
