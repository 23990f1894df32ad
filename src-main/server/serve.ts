import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openCore } from '../app/core';
import { startBrowserServer } from './browser';
import type { BrowserServer, BrowserServerOptions, ServerLimits } from './browser';
import { createFaultLog, installFaultGuards } from './fault-log';
import type { Core } from '../app/core';
import { assetsDir } from '../app/paths';
import { startLanControl } from './lan-control';
import { tlsDir } from '../station/tls';
import { startControlSocket } from '../station/control';
import { DEFAULT_LAN_PORT } from '../../src-shared/domain/lan';
import { AppError } from '../../src-shared/errors';

export function rendererDir(): string {
  if (process.env.TRUCBAN_RENDERER_DIR) return process.env.TRUCBAN_RENDERER_DIR;
  return path.join(path.dirname(assetsDir()), 'dist', 'renderer');
}

/** What every listener of a core serves from it (loopback and LAN): calls, push, attachments, export files, live video. */
export function coreSources(core: Core): Pick<BrowserServerOptions, 'dispatcher' | 'push' | 'attachments' | 'exports' | 'video'> {
  return {
    dispatcher: core.dispatcher,
    push: core.push,
    attachments: core.attachments,
    // a finished job's file, whoever asks: the capability in the URL is what authorises (jobs:downloadUrl)
    exports: { file: (id) => core.jobs.file(id) },
    video: {
      attach: (cameraId, kind, onData, opts) => core.video.attach(cameraId, kind, onData, opts),
      sessionUser: (sid) => core.dispatcher.sessionUser(sid),
      health: (id) => core.video.health(id),
      subscribeHealth: (fn) => core.video.subscribeHealth(fn),
      onSessionEnd: (fn) => core.dispatcher.onSessionEnd(fn),
    },
  };
}

/** A locally installed Chromium or Chrome, for opening browser mode as an app window. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  return null;
}

/**
 * The loopback server for a core: RPC and static files (browser mode) plus live video, with
 * the core told where it listens (video:endpoint).
 */
export async function startCoreServer(
  core: Core,
  o: {
    staticDir?: string;
    host?: string;
    port?: number;
    log?: (m: string) => void;
    allowOrigins?: string[];
    limits?: Partial<ServerLimits>;
    /** How often idle sessions are locked (and their streams closed) between calls; default 5 s. */
    idleSweepMs?: number;
    /** Seconds since the epoch for capabilities and launch codes (tests move it). */
    now?: () => number;
    /** Shared with a LAN listener (BrowserServerOptions.exportKey). */
    exportKey?: string;
  } = {},
): Promise<BrowserServer> {
  const srv = await startBrowserServer({
    ...coreSources(core),
    staticDir: o.staticDir ?? rendererDir(),
    ...(o.host ? { host: o.host } : {}),
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.log ? { log: o.log } : {}),
    ...(o.allowOrigins ? { allowOrigins: o.allowOrigins } : {}),
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.now ? { now: o.now } : {}),
    ...(o.exportKey ? { exportKey: o.exportKey } : {}),
  });
  core.endpointSlot.set({ url: srv.url, token: srv.token, exportUrl: (id) => srv.exportUrl(id) });
  // idle lock is otherwise noticed on a session's next call; a cheap sweep closes its streams on time
  const sweep = setInterval(() => core.dispatcher.sweepIdle(), o.idleSweepMs ?? 5_000);
  sweep.unref();
  // the app is running: the incident clocks are watched (escalations, clock jumps; docs/incidents.md)
  core.startIncidentWatcher({ log: o.log ?? ((m) => console.error(m)) });
  // a job worker with the renderers loaded, so the first export or form is not a cold start
  core.jobs.warm();
  const close = srv.close;
  return {
    ...srv,
    close: async () => {
      clearInterval(sweep);
      core.endpointSlot.set(null);
      await close();
    },
  };
}

/** The fault log beside a station's database (`<db>.log`). */
export function faultLogPath(db: string): string {
  return `${path.resolve(db)}.log`;
}

export { DEFAULT_LAN_PORT };

export async function serveForever(
  o: { db: string; port?: string | undefined; host?: string | undefined; open: boolean; lan?: boolean },
  io: { out: (s: string) => void; err: (s: string) => void },
): Promise<void> {
  const fileLog = createFaultLog(faultLogPath(o.db), io.err);
  // one failing request or timer must not take the station's server down: log it and carry on
  installFaultGuards(fileLog);
  if (o.lan) return serveLan(o, io, fileLog);
  const core = openCore({ dbPath: o.db, log: fileLog });
  const port = o.port ? Number(o.port) : Number(process.env.TRUCBAN_PORT ?? 0);
  const host = o.host ?? process.env.TRUCBAN_HOST ?? '127.0.0.1';
  const exportKey = randomBytes(32).toString('base64url');
  const srv = await startCoreServer(core, { host, port: Number.isFinite(port) ? port : 0, log: fileLog, exportKey });
  // LAN access as the administrator set it in Settings (off until then)
  const lan = startLanControl(core, { log: fileLog, exportKey });
  // `devices pair/revoke` from the command line while this runs
  const control = await startControlSocket(core, { log: fileLog }).catch((e: unknown) => (fileLog(`control socket: ${String(e)}`), null));
  io.out(`Trực ban (browser mode): ${srv.launchUrl}`);
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') io.err(`warning: listening on ${host}, not loopback only`);
  const chromium = o.open ? findChromium() : null;
  if (chromium && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) openAppWindow(chromium, srv.appLaunchUrl(), o.db);
  const stop = async () => {
    await control?.close();
    await lan.close();
    await srv.close();
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await new Promise(() => {});
}

/**
 * `serve --lan`: the station as a service. The LAN listener (HTTPS/WSS with the station's
 * certificate, made on first use) on each configured address — only those; `--host`/`--port`
 * (or TRUCBAN_LAN_HOST) override the Settings' LAN access, `--lan` alone follows it when it is
 * on (else 127.0.0.1:8443) — and browser mode
 * on loopback for the station's own screen (its launch URL printed only to a terminal: a
 * service's stdout goes to a system log). Exits cleanly on SIGINT/SIGTERM.
 */
async function serveLan(
  o: { db: string; port?: string | undefined; host?: string | undefined; open: boolean },
  io: { out: (s: string) => void; err: (s: string) => void },
  fileLog: (m: string) => void,
): Promise<void> {
  // an empty TRUCBAN_LAN_HOST is no choice
  const hostArg = o.host ?? (process.env.TRUCBAN_LAN_HOST || undefined);
  const port = o.port ? Number(o.port) : DEFAULT_LAN_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('invalid_input', `--port: not a port number: ${o.port}`, { field: 'port' });
  const core = openCore({ dbPath: o.db, log: fileLog });
  const stored = core.services.lan.get();
  // the command line wins; `--lan` alone takes the setting when LAN access is on in Settings
  const override =
    hostArg !== undefined || o.port || !stored.enabled || stored.hosts.length === 0
      ? {
          hosts: (hostArg ?? (stored.enabled && stored.hosts.length > 0 ? stored.hosts.join(',') : '127.0.0.1'))
            .split(',')
            .map((h) => h.trim())
            .filter(Boolean),
          port: o.port ? port : stored.enabled ? stored.port : DEFAULT_LAN_PORT,
        }
      : null;
  if (override && override.hosts.length === 0) {
    core.close();
    throw new AppError('invalid_input', '--host: no address given', { field: 'host' });
  }
  const servers: BrowserServer[] = [];
  let lan: ReturnType<typeof startLanControl> | null = null;
  let control: Awaited<ReturnType<typeof startControlSocket>> = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await control?.close().catch(() => {});
    await lan?.close().catch(() => {});
    for (const s of servers) await s.close().catch(() => {});
    core.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    // one export key for both, so an export URL from jobs:downloadUrl also works through the LAN
    const exportKey = randomBytes(32).toString('base64url');
    const local = await startCoreServer(core, { host: '127.0.0.1', port: Number(process.env.TRUCBAN_PORT ?? 0) || 0, log: fileLog, exportKey });
    servers.push(local);
    lan = startLanControl(core, { log: fileLog, exportKey, ...(override ? { override } : {}) });
    await lan.settled();
    const st = lan.state();
    // e.g. the address is not this machine's, or the port is taken: a service that cannot serve says why and stops
    if (st.status === 'error') throw new AppError(st.code as 'lan_failed', `cannot listen on ${st.host ?? '?'}:${st.port ?? port}${st.reason ? `: ${st.reason}` : ''}`, { params: { ...(st.host ? { host: st.host } : {}), port: st.port ?? port, ...(st.reason ? { reason: st.reason } : {}) } });
    // `devices pair/revoke` from the command line while the service runs
    control = await startControlSocket(core, { log: fileLog }).catch((e: unknown) => (fileLog(`control socket: ${String(e)}`), null));
    // TRUCBAN_PRINT_LAUNCH_URL=1: also when stdout is a pipe (bench:station reads it; docs/performance.md)
    if (process.stdout.isTTY || process.env.TRUCBAN_PRINT_LAUNCH_URL === '1') io.out(`Trực ban (browser mode, máy này / this machine): ${local.launchUrl}`);
  } catch (e) {
    stopping = true;
    await control?.close().catch(() => {});
    await lan?.close().catch(() => {});
    for (const s of servers) await s.close().catch(() => {});
    core.close();
    throw e;
  }
  if (lan.tlsCreated()) io.out(`Đã tạo khoá và chứng chỉ TLS của trạm / Station TLS key and certificate created: ${tlsDir(o.db)}`);
  for (const s of lan.servers()) io.out(`Trạm trực ban phục vụ mạng LAN tại / Station serving the LAN at: ${s.url}`);
  io.out(`Dấu vân tay chứng chỉ (SHA-256) / Certificate fingerprint (SHA-256): ${lan.fingerprint() ?? ''}`);
  io.out('Dừng: Ctrl+C hoặc SIGTERM / Stop: Ctrl+C or SIGTERM');
  await new Promise(() => {});
}

/**
 * Opens Chromium/Chrome in app mode on a launch URL. The command line is visible to every user
 * of the machine (`ps`), so it carries a one-time launch code, never the token.
 */
export function openAppWindow(chromium: string, appLaunchUrl: string, db: string, spawnFn: typeof spawn = spawn): void {
  const child = spawnFn(chromium, [`--app=${appLaunchUrl}`, '--no-first-run', `--user-data-dir=${path.join(path.dirname(path.resolve(db)), '.chromium-profile')}`], {
    stdio: 'ignore',
    detached: true,
  });
  child.on('error', () => {});
  child.unref();
}
