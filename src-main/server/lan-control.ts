/**
 * Runs the station's LAN listener from its setting (docs/architecture.md, "Devices and the
 * LAN"): registered as the runtime of the station's LAN setting (src-main/station/lan.ts), it
 * starts the listener on every chosen address when LAN access is on, closes it when off, and
 * rebinds when the addresses or the port change. The TLS material is made at the first enable
 * (src-main/station/tls.ts). Used by `serve` and by Electron's core process; `serve --lan
 * --host/--port` override the setting for that process.
 */
import type { Core } from '../app/core';
import type { BrowserServer, ServerLimits } from './browser';
import { startLanServer } from './lan';
import { ensureStationTls, readStationTls } from '../station/tls';
import type { LanSetting, LanState } from '../../src-shared/domain/lan';
import { AppError } from '../../src-shared/errors';

export interface LanControlOptions {
  /** Shared with the loopback server (BrowserServerOptions.exportKey). */
  exportKey?: string;
  staticDir?: string;
  log?: (m: string) => void;
  limits?: Partial<ServerLimits>;
  /** `serve --lan --host/--port`: what the listener follows instead of the setting. */
  override?: { hosts: string[]; port: number };
}

export interface LanControl {
  state(): LanState;
  /** The listeners now open (one per address). */
  servers(): ReadonlyArray<BrowserServer & { fingerprint: string }>;
  /** Whether this run made the TLS material (first enable). */
  tlsCreated(): boolean;
  fingerprint(): string | null;
  /** Waits for the changes under way. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** The listener's failure as an error code of the contract (app.errors.ts) with its parameters. */
export function lanError(e: unknown, host: string, port: number): LanState {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'EADDRNOTAVAIL' || code === 'EINVAL' || code === 'ENOTFOUND') return { status: 'error', code: 'lan_address_unavailable', host, port };
  if (code === 'EADDRINUSE') return { status: 'error', code: 'lan_port_in_use', host, port };
  if (code === 'EACCES' || code === 'EPERM') return { status: 'error', code: 'lan_port_denied', host, port };
  const reason = e instanceof AppError ? (e.params?.reason ?? e.code) : typeof code === 'string' ? code : 'unknown';
  return { status: 'error', code: 'lan_failed', host, port, reason: String(reason).slice(0, 200) };
}

const same = (a: LanSetting | null, b: LanSetting) => a !== null && a.enabled === b.enabled && a.port === b.port && a.hosts.join(',') === b.hosts.join(',');

export function startLanControl(core: Core, o: LanControlOptions = {}): LanControl {
  const log = o.log ?? ((m: string) => console.error(m));
  const settings = core.services.lan;
  let servers: Array<BrowserServer & { fingerprint: string }> = [];
  let state: LanState = { status: 'off' };
  let applied: LanSetting | null = null;
  let created = false;
  let fingerprint: string | null = null;
  let closed = false;
  // one change at a time, in order: a rebind closes the old listeners before binding anew
  let chain: Promise<void> = Promise.resolve();

  const closeAll = async () => {
    const open = servers;
    servers = [];
    for (const s of open) await s.close().catch((e: unknown) => log(`lan: closing ${s.url}: ${String(e)}`));
  };

  const run = async (s: LanSetting): Promise<void> => {
    if (closed) return;
    if (same(applied, s) && state.status !== 'error') return;
    await closeAll();
    applied = s;
    if (!s.enabled || s.hosts.length === 0) {
      state = { status: 'off' };
      return;
    }
    state = { status: 'starting' };
    let tls;
    try {
      tls = await ensureStationTls(core.dbPath, s.hosts);
    } catch (e) {
      state = lanError(e, s.hosts[0]!, s.port);
      log(`lan: the station's TLS material: ${String(e)}`);
      return;
    }
    created ||= tls.created;
    fingerprint = tls.fingerprint;
    for (const host of s.hosts) {
      try {
        servers.push(
          await startLanServer(core, {
            host,
            port: s.port,
            tls,
            log,
            ...(o.staticDir ? { staticDir: o.staticDir } : {}),
            ...(o.limits ? { limits: o.limits } : {}),
            ...(o.exportKey ? { exportKey: o.exportKey } : {}),
          }),
        );
      } catch (e) {
        // e.g. the address is not this machine's any more, or the port is taken: none half-open
        await closeAll();
        state = lanError(e, host, s.port);
        log(`lan: cannot listen on ${host}:${s.port}: ${String(e)}`);
        return;
      }
    }
    state = { status: 'listening', urls: servers.map((x) => x.url) };
  };

  const apply = (s: LanSetting): Promise<void> => {
    chain = chain.then(() => run(s)).catch((e: unknown) => log(`lan: ${String(e)}`));
    return chain;
  };

  const override = o.override ? { enabled: true, hosts: o.override.hosts, port: o.override.port } : null;
  const runtime: NonNullable<typeof settings.runtime> = {
    source: override ? 'command-line' : 'setting',
    effective: () => override ?? settings.get(),
    state: () => state,
    fingerprint: () => {
      if (fingerprint) return fingerprint;
      try {
        return readStationTls(core.dbPath)?.fingerprint ?? null;
      } catch {
        return null;
      }
    },
    // while the command line overrides it, a new setting is stored and applies at the next start
    apply: (s) => (override ? Promise.resolve() : apply(s)),
  };
  settings.runtime = runtime;
  void apply(override ?? settings.get());

  return {
    state: () => state,
    servers: () => servers,
    tlsCreated: () => created,
    fingerprint: () => fingerprint,
    settled: () => chain,
    close: async () => {
      if (closed) return;
      closed = true;
      if (settings.runtime === runtime) settings.runtime = null;
      await chain;
      await closeAll();
      state = { status: 'off' };
    },
  };
}
