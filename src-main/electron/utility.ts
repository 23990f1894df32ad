/**
 * The core as an Electron utility process: `utilityProcess.fork(dist-electron/core.cjs)` and a
 * MessageChannelMain whose second port goes to the core with `init` (core-entry.ts). The relay
 * (relay.ts) sees it as a CoreProcess.
 */
import { MessageChannelMain, utilityProcess } from 'electron';
import type { CoreInit, CoreProcess, ToCore } from './core-protocol';

export function forkUtilityCore(entry: string, init: CoreInit, opts: { env?: NodeJS.ProcessEnv; log?: (m: string) => void } = {}): CoreProcess {
  const child = utilityProcess.fork(entry, [], {
    serviceName: 'Trực ban core',
    stdio: 'inherit',
    ...(opts.env ? { env: opts.env } : {}),
  });
  const { port1, port2 } = new MessageChannelMain();
  const first: ToCore = { kind: 'init', init };
  child.postMessage(first, [port2]);
  let exited = false;
  const exitListeners: Array<(code: number | null) => void> = [];
  const onExit = (code: number | null) => {
    if (exited) return;
    exited = true;
    try {
      port1.close();
    } catch {
      // already closed
    }
    for (const fn of exitListeners) fn(code);
  };
  child.once('exit', (code) => onExit(typeof code === 'number' ? code : null));
  child.on('error', (type, location) => opts.log?.(`core process error: ${String(type)} at ${String(location)}`));
  port1.start();
  return {
    post: (msg) => port1.postMessage(msg),
    onMessage: (fn) => void port1.on('message', (e) => fn(e.data)),
    onExit: (fn) => {
      if (exited) fn(null);
      else exitListeners.push(fn);
    },
    kill: () => void child.kill(),
  };
}
