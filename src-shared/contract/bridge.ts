/**
 * The object the Electron preload exposes to the renderer as `window.trucban`
 * (src-main/electron/preload.ts builds it from CHANNEL_NAMES).
 *
 * Shape: one function per contract channel, keyed by the channel name, and nothing else:
 *
 *   const reply = await window.trucban['logbook:add']({ kind: 'work', text: '…' });
 *   if (reply.ok) use(reply.value); else showError(reply.error.code);
 *
 * Each function sends `ipcRenderer.invoke('trucban:call', channel, input)` and resolves with
 * the dispatcher's `Reply` — it never rejects for an application error (errors thrown across
 * contextBridge lose their fields, so typed errors travel as values). It can reject only if
 * the IPC itself breaks (e.g. the window is being torn down).
 *
 * The renderer declares it with:
 *   declare global { interface Window { trucban?: TrucbanBridge } }
 * (absent in browser mode, where the WebSocket transport is used instead).
 */
import type { Channel, InputOf, OutputOf, Reply } from './index';
import type { PushFrame } from './topics';

/** The single IPC channel every bridge function uses. */
export const IPC_CALL_CHANNEL = 'trucban:call';

/** IPC event from main to every window: the core process's state (restarting, back, stopped). */
export const CORE_STATUS_CHANNEL = 'trucban:core-status';

/** The key under which the preload exposes the core-status listener on `window`. */
export const SHELL_BRIDGE_KEY = 'trucbanShell';

/** What windows are told about the core process (src-main/electron/relay.ts sends it). */
export type CoreStatusEvent =
  | { state: 'starting' }
  | { state: 'ready'; restarts: number }
  | { state: 'restarting'; reason: 'crashed' | 'blocked' | 'failed'; attempt: number; retryInMs: number }
  | { state: 'stopped'; reason: 'crashed' | 'blocked' | 'failed'; error?: { code: string; message: string } };

/** `window.trucbanShell` (Electron only): listen for core status; returns the unsubscribe function. */
export interface TrucbanShellBridge {
  onCoreStatus(fn: (s: CoreStatusEvent) => void): () => void;
}

/** The key under which the preload exposes the bridge on `window`. */
export const BRIDGE_KEY = 'trucban';

export type BridgeFunction<K extends Channel> = (input: InputOf<K>) => Promise<Reply<OutputOf<K>>>;

export type TrucbanBridge = { readonly [K in Channel]: BridgeFunction<K> };

/** The IPC channel main pushes frames on (`webContents.send`), to the window of the session. */
export const IPC_PUSH_CHANNEL = 'trucban:push';

/**
 * What the preload exposes: the channel functions and `onPush(cb) → unsubscribe`, which hears
 * the frames main pushes to this window (docs/architecture.md, "Push"). The frame is untrusted
 * data to the renderer as much as a reply is: the renderer checks its shape.
 */
export type TrucbanPreload = TrucbanBridge & { readonly onPush: (cb: (frame: PushFrame) => void) => () => void };
