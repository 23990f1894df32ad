/**
 * The real core as the core process opens it: openCore plus its loopback server (what the
 * Electron main process used to open in-process), with the core's push hub when it has one.
 */
import { openCore } from '../app/core';
import { startCoreServer } from '../server/serve';
import { createFaultLog, installFaultGuards } from '../server/fault-log';
import type { HostedCore, OpenHosted, PushSink } from './core-host';

export const openStationCore: OpenHosted = async (init) => {
  const log = init.faultLog ? createFaultLog(init.faultLog, (line) => console.error(`[trucban core] ${line}`)) : (m: string) => console.error(`[trucban core] ${m}`);
  installFaultGuards(log);
  const core = openCore(init.nativeBinding ? { dbPath: init.dbPath, nativeBinding: init.nativeBinding, log } : { dbPath: init.dbPath, log });
  let server;
  try {
    server = await startCoreServer(core, {
      ...(init.staticDir ? { staticDir: init.staticDir } : {}),
      log,
      allowOrigins: init.allowOrigins,
    });
  } catch (err) {
    core.close();
    throw err;
  }
  const srv = server;
  // the push hub, once the core has one (core.push.attach(sessionId, sink))
  const push = (core as { push?: { attach(sessionId: string, sink: PushSink): unknown } }).push;
  const hosted: HostedCore = {
    dispatcher: core.dispatcher,
    loopbackUrl: srv.url,
    close: async () => {
      await srv.close();
      core.close();
    },
  };
  if (push && typeof push.attach === 'function') hosted.push = push;
  return hosted;
};

