/**
 * Preload (sandboxed, context-isolated). Bundled alone into dist-electron/preload.cjs by
 * scripts/build-electron.js; at run time it may only `require('electron')`, so it imports
 * nothing but the plain channel list (no zod, no schemas).
 *
 * Exposes `window.trucban`: one frozen function per contract channel, keyed by the channel
 * name — `window.trucban['logbook:add'](input) → Promise<Reply<…>>` (type: TrucbanBridge in
 * src-shared/contract/bridge.ts), plus `window.trucban.onPush(cb) → unsubscribe`, which hears
 * the frames main pushes to this window on 'trucban:push' (TrucbanPreload), and
 * `window.trucbanShell.onCoreStatus(fn)`, the core process's state (restarting, back, stopped).
 * Raw ipcRenderer and its events are never exposed.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, CORE_STATUS_CHANNEL, IPC_CALL_CHANNEL, IPC_PUSH_CHANNEL, SHELL_BRIDGE_KEY } from '../../src-shared/contract/bridge';
import type { CoreStatusEvent, TrucbanBridge, TrucbanPreload, TrucbanShellBridge } from '../../src-shared/contract/bridge';
import { CHANNEL_NAMES } from '../../src-shared/contract/channels';

export function buildBridge(invoke: (channel: string, ...args: unknown[]) => Promise<unknown>): TrucbanBridge {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of CHANNEL_NAMES) {
    // Only the two arguments travel; the renderer cannot pick another IPC channel.
    api[name] = (input: unknown) => invoke(IPC_CALL_CHANNEL, name, input);
  }
  return Object.freeze(api) as unknown as TrucbanBridge;
}

/** Subscribe to pushed frames: only the frame reaches the page (never the IPC event). */
type On = (channel: string, listener: (event: unknown, frame: unknown) => void) => unknown;
export function buildPreload(
  invoke: (channel: string, ...args: unknown[]) => Promise<unknown>,
  on: On,
  off: On,
): TrucbanPreload {
  const onPush = (cb: unknown) => {
    if (typeof cb !== 'function') return () => {};
    const listener = (_event: unknown, frame: unknown) => {
      try {
        (cb as (f: unknown) => void)(frame);
      } catch {
        // the page's handler failing is the page's business
      }
    };
    on(IPC_PUSH_CHANNEL, listener);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      off(IPC_PUSH_CHANNEL, listener);
    };
  };
  return Object.freeze({ ...buildBridge(invoke), onPush }) as unknown as TrucbanPreload;
}

type Listen = (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => () => void;

export function buildShellBridge(listen: Listen): TrucbanShellBridge {
  return Object.freeze({
    // only the status travels to the page, never the IPC event (it carries the sender)
    onCoreStatus: (fn: (s: CoreStatusEvent) => void) => listen(CORE_STATUS_CHANNEL, (_event, status) => fn(status as CoreStatusEvent)),
  });
}

contextBridge.exposeInMainWorld(
  BRIDGE_KEY,
  buildPreload(
    (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    (channel, listener) => ipcRenderer.on(channel, listener),
    (channel, listener) => ipcRenderer.removeListener(channel, listener),
  ),
);

contextBridge.exposeInMainWorld(
  SHELL_BRIDGE_KEY,
  buildShellBridge((channel, fn) => {
    ipcRenderer.on(channel, fn);
    return () => void ipcRenderer.removeListener(channel, fn);
  }),
);
