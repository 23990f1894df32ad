/**
 * The real core as the core process opens it: openCore plus its loopback server (what the
 * Electron main process used to open in-process), with the core's push hub when it has one.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openCore } from '../app/core';
import { startCoreServer } from '../server/serve';
import { startLanControl } from '../server/lan-control';
import { startControlSocket } from '../station/control';
import { createFaultLog, installFaultGuards } from '../server/fault-log';
import type { HostedCore, OpenHosted, PushSink } from './core-host';

/**
 * A workstation or wall: the client process in front of its paired station (the credential
 * came unsealed in `init.device`), hosted exactly like a core: the relay's calls and push go
 * to its dispatcher, the windows' /video to its loopback server.
 */
export const openClientCore: OpenHosted = async (init) => {
  if (!init.device) throw new Error('no paired device');
  const log = init.faultLog ? createFaultLog(init.faultLog, (line) => console.error(`[trucban client] ${line}`)) : (m: string) => console.error(`[trucban client] ${m}`);
  installFaultGuards(log);
  const { startClientProcess } = await import('../client/local');
  const client = await startClientProcess({
    dir: path.dirname(path.resolve(init.dbPath)),
    record: init.device,
    staticDir: init.staticDir ?? path.join(path.dirname(path.resolve(init.dbPath)), 'no-static-files'),
    allowOrigins: init.allowOrigins,
    log,
  });
  return { dispatcher: client.dispatcher, push: client.push, loopbackUrl: client.server.url, close: () => client.close() };
};

/** What the core process opens: the client for a paired workstation or wall, else the station. */
export const openInstallation: OpenHosted = (init) => (init.device ? openClientCore(init) : openStationCore(init));

export const openStationCore: OpenHosted = async (init) => {
  const log = init.faultLog ? createFaultLog(init.faultLog, (line) => console.error(`[trucban core] ${line}`)) : (m: string) => console.error(`[trucban core] ${m}`);
  installFaultGuards(log);
  const core = openCore(init.nativeBinding ? { dbPath: init.dbPath, nativeBinding: init.nativeBinding, log } : { dbPath: init.dbPath, log });
  let server;
  // one export key for loopback and LAN, so an export URL from jobs:downloadUrl works through both
  const exportKey = randomBytes(32).toString('base64url');
  try {
    server = await startCoreServer(core, {
      ...(init.staticDir ? { staticDir: init.staticDir } : {}),
      log,
      allowOrigins: init.allowOrigins,
      exportKey,
    });
  } catch (err) {
    core.close();
    throw err;
  }
  const srv = server;
  // LAN access as set in Settings: a desktop station serves its workstations and walls too.
  // The LAN listener serves the built renderer (rendererDir()) for browser-mode/kiosk clients;
  // the loopback server's `init.staticDir` is deliberately empty (the windows use app://)
  const lan = startLanControl(core, { log, exportKey });
  // `trucban devices pair/revoke` from a terminal while the desktop station runs
  const control = await startControlSocket(core, { log }).catch((e: unknown) => (log(`control socket: ${String(e)}`), null));
  // the push hub, once the core has one (core.push.attach(sessionId, sink))
  const push = (core as { push?: { attach(sessionId: string, sink: PushSink): unknown } }).push;
  const hosted: HostedCore = {
    dispatcher: core.dispatcher,
    loopbackUrl: srv.url,
    close: async () => {
      await control?.close();
      await lan.close();
      await srv.close();
      core.close();
    },
  };
  if (push && typeof push.attach === 'function') hosted.push = push;
  return hosted;
};

