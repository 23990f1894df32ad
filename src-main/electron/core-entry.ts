/**
 * Entry of the core process (bundled to dist-electron/core.cjs by scripts/build-electron.js).
 * In Electron it runs as a utility process (`utilityProcess.fork`, utility.ts): the first message
 * on `process.parentPort` is `init`, carrying the MessagePort the relay talks over. Started by
 * node's child_process.fork instead (tests, the stall benchmark), it talks the same protocol over
 * the IPC channel (`process.send`). Either way it owns the station's database connection, the
 * video engine, the watchers and the loopback server (docs/architecture.md, “Process layout”).
 */
import { runCoreHost } from './core-host';
import { openInstallation } from './core-open';
import type { FromCore, HostPort } from './core-protocol';

interface PortMain {
  postMessage(message: unknown): void;
  on(event: 'message', fn: (e: { data: unknown }) => void): unknown;
  on(event: 'close', fn: () => void): unknown;
  start(): void;
}
interface ParentPortLike {
  once(event: 'message', fn: (e: { data: unknown; ports: PortMain[] }) => void): unknown;
}

/** The port to main: a MessagePortMain (Electron utility process) or node's IPC channel. */
function connect(run: (port: HostPort) => void): boolean {
  const parentPort = (process as { parentPort?: ParentPortLike | null }).parentPort;
  if (parentPort) {
    parentPort.once('message', (e) => {
      const port = e.ports[0];
      if (!port) {
        console.error('[trucban core] init came without a port');
        process.exit(2);
      }
      const listeners: Array<(msg: unknown) => void> = [];
      port.on('message', (m) => {
        for (const fn of listeners) fn(m.data);
      });
      run({
        post: (msg: FromCore) => port.postMessage(msg),
        onMessage: (fn) => void listeners.push(fn),
        onClose: (fn) => void port.on('close', fn),
      });
      // `init` came with the port, on the parent port: it is the host's first message
      for (const fn of listeners) fn(e.data);
      port.start();
    });
    return true;
  }
  if (typeof process.send === 'function') {
    run({
      post: (msg: FromCore) => void process.send?.(msg),
      onMessage: (fn) => void process.on('message', fn),
      onClose: (fn) => void process.on('disconnect', fn),
    });
    return true;
  }
  return false;
}

const connected = connect((port) =>
  runCoreHost(port, openInstallation, {
    log: (m) => console.error(`[trucban core] ${m}`),
    // give the port a moment to flush `closed`, then leave
    onClosed: (code) => void setTimeout(() => process.exit(code), 50),
  }),
);
if (!connected) {
  console.error('core-entry: start me with utilityProcess.fork or child_process.fork');
  process.exitCode = 2;
}
