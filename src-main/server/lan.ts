/**
 * The station's LAN listener (docs/architecture.md, "Devices and the LAN"): the same request
 * and upgrade handlers as the loopback server, over HTTPS/WSS with the station's certificate,
 * bound only to the configured address, with every request checked against the devices
 * module (pairing, device credentials, the role policy, revocation).
 */
import { z } from 'zod';
import type { Core } from '../app/core';
import { startBrowserServer, errorBody } from './browser';
import type { BrowserServer, DeviceGate, ServerLimits } from './browser';
import { deviceMayCall } from '../devices/policy';
import type { DeviceService } from '../devices/service';
import type { TlsMaterial } from '../station/tls';
import { AppError } from '../../src-shared/errors';
import { coreSources, rendererDir } from './serve';

/** The JSON body of `POST /pair` (the LAN protocol's, v1). */
const pairBody = z
  .object({
    v: z.literal(1),
    codeId: z.string().min(1).max(16),
    proof: z.string().min(1).max(128),
    deviceName: z.string().max(200).optional(),
  })
  .strip();

/** The devices module's service as the listener's gate. */
export function deviceGate(devices: DeviceService, fingerprint: string): DeviceGate {
  return {
    check: (credential) => devices.check(credential),
    seen: (id, address) => devices.touch(id, address),
    refused: (e) => void devices.refused(e),
    mayCall: (device, channel, input) => deviceMayCall(device.role, channel, input),
    onRevoked: (fn) => devices.onRevoked(fn),
    pair: (body, address) => {
      const r = pairBody.safeParse(body);
      if (!r.success) return { status: 400, body: errorBody('invalid_input') };
      try {
        return { status: 200, body: devices.redeem(r.data, { fingerprint, address }) };
      } catch (e) {
        if (e instanceof AppError) return { status: 400, body: errorBody(e.code, e.params) };
        throw e;
      }
    },
  };
}

export interface LanServerOptions {
  /** The address to bind (one interface; never a wildcard unless the administrator asks). */
  host: string;
  port?: number;
  tls: TlsMaterial;
  staticDir?: string;
  log?: (m: string) => void;
  limits?: Partial<ServerLimits>;
  /** Shared with the loopback server (BrowserServerOptions.exportKey). */
  exportKey?: string;
}

/** LAN listeners open per devices service (a core). */
const listening = new WeakMap<DeviceService, number>();

/** Starts the LAN listener for a core. */
export async function startLanServer(core: Core, o: LanServerOptions): Promise<BrowserServer & { fingerprint: string }> {
  const devices = core.services.devices;
  const srv = await startBrowserServer({
    ...coreSources(core),
    staticDir: o.staticDir ?? rendererDir(),
    host: o.host,
    port: o.port ?? 0,
    tls: { key: o.tls.key, cert: o.tls.cert },
    devices: deviceGate(devices, o.tls.fingerprint),
    ...(o.log ? { log: o.log } : {}),
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.exportKey ? { exportKey: o.exportKey } : {}),
  });
  // what devices:pair shows while any listener of this core listens (several addresses share it)
  devices.fingerprint = o.tls.fingerprint;
  listening.set(devices, (listening.get(devices) ?? 0) + 1);
  const close = srv.close;
  let closed = false;
  return {
    ...srv,
    fingerprint: o.tls.fingerprint,
    close: async () => {
      if (!closed) {
        closed = true;
        const n = (listening.get(devices) ?? 1) - 1;
        listening.set(devices, n);
        if (n <= 0 && devices.fingerprint === o.tls.fingerprint) devices.fingerprint = null;
      }
      await close();
    },
  };
}
