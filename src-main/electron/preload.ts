/**
 * Preload (sandboxed, context-isolated). Bundled alone into dist-electron/preload.cjs by
 * scripts/build-electron.js; at run time it may only `require('electron')`, so it imports
 * nothing but the plain channel list (no zod, no schemas).
 *
 * Exposes `window.trucban`: one frozen function per contract channel, keyed by the channel
 * name — `window.trucban['logbook:add'](input) → Promise<Reply<…>>` (type: TrucbanBridge in
 * src-shared/contract/bridge.ts) — and `window.trucbanShell.onCoreStatus(fn)`, the core process's
 * state (restarting, back, stopped). Raw ipcRenderer and its events are never exposed.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, CORE_STATUS_CHANNEL, IPC_CALL_CHANNEL, SHELL_BRIDGE_KEY } from '../../src-shared/contract/bridge';
import type { CoreStatusEvent, TrucbanBridge, TrucbanShellBridge } from '../../src-shared/contract/bridge';
import { CHANNEL_NAMES } from '../../src-shared/contract/channels';

export function buildBridge(invoke: (channel: string, ...args: unknown[]) => Promise<unknown>): TrucbanBridge {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of CHANNEL_NAMES) {
    // Only the two arguments travel; the renderer cannot pick another IPC channel.
    api[name] = (input: unknown) => invoke(IPC_CALL_CHANNEL, name, input);
  }
  return Object.freeze(api) as unknown as TrucbanBridge;
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
  buildBridge((channel, ...args) => ipcRenderer.invoke(channel, ...args)),
);

contextBridge.exposeInMainWorld(
  SHELL_BRIDGE_KEY,
  buildShellBridge((channel, fn) => {
    ipcRenderer.on(channel, fn);
    return () => void ipcRenderer.removeListener(channel, fn);
  }),
);
