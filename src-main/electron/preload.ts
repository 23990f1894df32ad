/**
 * Preload (sandboxed, context-isolated). Bundled alone into dist-electron/preload.cjs by
 * scripts/build-electron.js; at run time it may only `require('electron')`, so it imports
 * nothing but the plain channel list (no zod, no schemas).
 *
 * Exposes `window.trucban`: one frozen function per contract channel, keyed by the channel
 * name — `window.trucban['logbook:add'](input) → Promise<Reply<…>>` (type: TrucbanBridge in
 * src-shared/contract/bridge.ts). Raw ipcRenderer is never exposed.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, IPC_CALL_CHANNEL } from '../../src-shared/contract/bridge';
import type { TrucbanBridge } from '../../src-shared/contract/bridge';
import { CHANNEL_NAMES } from '../../src-shared/contract/channels';

export function buildBridge(invoke: (channel: string, ...args: unknown[]) => Promise<unknown>): TrucbanBridge {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of CHANNEL_NAMES) {
    // Only the two arguments travel; the renderer cannot pick another IPC channel.
    api[name] = (input: unknown) => invoke(IPC_CALL_CHANNEL, name, input);
  }
  return Object.freeze(api) as unknown as TrucbanBridge;
}

contextBridge.exposeInMainWorld(
  BRIDGE_KEY,
  buildBridge((channel, ...args) => ipcRenderer.invoke(channel, ...args)),
);
