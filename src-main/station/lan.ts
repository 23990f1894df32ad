/**
 * LAN access as a station setting (docs/architecture.md, "Devices and the LAN"): on/off, the
 * addresses to bind (this machine's own, or every interface when the administrator explicitly
 * chose it) and the port, journaled as `station.lan_set` and projected into `meta`. Whoever
 * runs the LAN listener (src-main/server/lan-control.ts, in `serve` and in Electron's core
 * process) registers itself as the runtime: a change is applied at once, and the listener's
 * state is what Settings shows.
 */
import os from 'node:os';
import net from 'node:net';
import type { DB } from '../store/db';
import type { Journal } from '../journal/journal';
import { on, projector } from '../journal/events';
import { STATION_LAN_SET_EVENT } from './events';
import { AppError } from '../../src-shared/errors';
import { ALL_INTERFACES, DEFAULT_LAN_SETTING } from '../../src-shared/domain/lan';
import type { LanInterface, LanSetting, LanState } from '../../src-shared/domain/lan';

const META_KEY = 'station_lan';

export function lanProjector(db: DB) {
  const put = db.prepare(`INSERT INTO meta (key, value) VALUES ('${META_KEY}', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  return projector(
    on(STATION_LAN_SET_EVENT, (p) => {
      put.run(JSON.stringify({ enabled: p.enabled, hosts: p.hosts, port: p.port }));
    }),
  );
}

/** Clears the projection (a rebuild refills it). */
export const clearLanProjection = (db: DB) => db.prepare(`DELETE FROM meta WHERE key = '${META_KEY}'`).run();

/** This machine's interface addresses, without IPv6 link-local ones (they cannot be bound without a scope). */
export function machineInterfaces(): LanInterface[] {
  const out: LanInterface[] = [];
  let all: ReturnType<typeof os.networkInterfaces>;
  try {
    all = os.networkInterfaces();
  } catch {
    return out;
  }
  for (const [name, list] of Object.entries(all)) {
    for (const a of list ?? []) {
      if (a.family === 'IPv6' && /^fe[89ab]/i.test(a.address)) continue;
      out.push({ name, address: a.address, family: a.family === 'IPv6' ? 'IPv6' : 'IPv4', internal: a.internal, ...(a.cidr ? { cidr: a.cidr } : {}) });
    }
  }
  return out;
}

const v4 = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);

/**
 * Is `host` bindable here: one of the interfaces' addresses, or (IPv4 loopback) inside the
 * loopback interface's network — Linux answers every 127.0.0.0/8 address on `lo`.
 */
export function isOwnAddress(host: string, interfaces: readonly LanInterface[]): boolean {
  if (interfaces.some((i) => i.address === host)) return true;
  if (!net.isIPv4(host)) return false;
  for (const i of interfaces) {
    if (!i.internal || i.family !== 'IPv4' || !i.cidr) continue;
    const bits = Number(i.cidr.split('/')[1]);
    if (!Number.isInteger(bits) || bits < 8 || bits > 32) continue;
    const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if (((v4(host) & mask) >>> 0) === ((v4(i.address) & mask) >>> 0)) return true;
  }
  return false;
}

/** Checks the administrator's choice against this machine's interfaces; answers the setting to store. */
export function checkLanChoice(
  i: { enabled: boolean; hosts: string[]; port: number; allInterfaces: boolean },
  interfaces: readonly LanInterface[],
): LanSetting {
  if (i.allInterfaces) return { enabled: i.enabled, hosts: [ALL_INTERFACES], port: i.port };
  const hosts = [...new Set(i.hosts.map((h) => h.trim()))].filter(Boolean);
  if (i.enabled && hosts.length === 0) throw new AppError('lan_hosts_required', 'choose at least one address', { field: 'hosts' });
  for (const h of hosts) {
    // a wildcard only through the explicit "all interfaces" choice
    if (h === ALL_INTERFACES || h === '::' || !net.isIP(h) || !isOwnAddress(h, interfaces))
      throw new AppError('lan_host_unknown', `not an address of this machine: ${h}`, { field: 'hosts', params: { host: h.slice(0, 64) } });
  }
  return { enabled: i.enabled, hosts, port: i.port };
}

/** What runs the listener, registered while it does. */
export interface LanRuntime {
  source: 'setting' | 'command-line';
  /** What the listener follows now (the command line's choice, or the setting). */
  effective(): LanSetting;
  state(): LanState;
  fingerprint(): string | null;
  /** Applies a new setting (ignored while the command line overrides it). */
  apply(s: LanSetting): Promise<void>;
}

export class LanSettings {
  runtime: LanRuntime | null = null;
  /** This machine's interfaces (os.networkInterfaces()). */
  interfaces: () => LanInterface[] = machineInterfaces;

  constructor(
    private readonly db: DB,
    private readonly journal: Journal,
  ) {}

  /** The stored setting (off, no address, port 8443 until an administrator sets it). */
  get(): LanSetting {
    const raw = this.db.prepare(`SELECT value FROM meta WHERE key = '${META_KEY}'`).pluck().get() as string | undefined;
    if (!raw) return { ...DEFAULT_LAN_SETTING, hosts: [] };
    try {
      const v = JSON.parse(raw) as Partial<LanSetting>;
      return {
        enabled: v.enabled === true,
        hosts: Array.isArray(v.hosts) ? v.hosts.filter((h): h is string => typeof h === 'string') : [],
        port: typeof v.port === 'number' && Number.isInteger(v.port) && v.port > 0 && v.port < 65536 ? v.port : DEFAULT_LAN_SETTING.port,
      };
    } catch {
      return { ...DEFAULT_LAN_SETTING, hosts: [] };
    }
  }

  /** Journals the setting, then has the running listener follow it (its state tells how that went). */
  async set(s: LanSetting, actor: string): Promise<LanSetting> {
    this.journal.append({ type: STATION_LAN_SET_EVENT.type, actor, payload: { enabled: s.enabled, hosts: s.hosts, port: s.port } });
    const stored = this.get();
    await this.runtime?.apply(stored);
    return stored;
  }
}
