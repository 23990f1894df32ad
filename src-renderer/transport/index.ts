/**
 * `invoke(channel, input)`: the renderer's only way to reach main. In Electron it calls the
 * preload bridge (`window.trucban[channel]`); in browser mode it uses the token-protected
 * WebSocket. Either way a failure throws a ClientError carrying the AppErrorData.
 */
import type { Channel, InputOf, Invoke, OutputOf, Reply } from '../../src-shared/contract';
import type { BridgeFunction, CoreStatusEvent, TrucbanBridge, TrucbanPreload, TrucbanShellBridge } from '../../src-shared/contract/bridge';
import type { Topic } from '../../src-shared/contract/topics';
import { ClientError } from './errors';
import { redeemLaunchCode, sessionKey, takeLaunchCode, takeToken } from './session';
import { createWsTransport } from './ws';
import type { LinkStatus, WsTransport } from './ws';
import { createPushClient } from './push';
import type { PushHandler } from './push';

declare global {
  interface Window {
    trucban?: TrucbanPreload;
    trucbanShell?: TrucbanShellBridge;
  }
}

export { ClientError, toClientError } from './errors';
export type { LinkStatus } from './ws';
export type { PushHandler } from './push';

type StatusListener = (s: LinkStatus) => void;
const listeners = new Set<StatusListener>();
let ws: WsTransport | null = null;
let token: string | null | undefined;
/** A launch code being traded for the token (browser opened by `trucban serve`). */
let launch: Promise<string | null> | null = null;

/** Reads the token (or starts trading the launch code for it) once. */
function loadToken(): void {
  if (token !== undefined) return;
  token = takeToken();
  if (token) return;
  const code = takeLaunchCode();
  if (code) {
    launch = redeemLaunchCode(code).then((t) => {
      token = t;
      launch = null;
      return t;
    });
  }
}

/** 'electron' when the preload bridge is present, else 'browser'. */
export function transportKind(): 'electron' | 'browser' {
  return typeof window !== 'undefined' && window.trucban ? 'electron' : 'browser';
}

/** Browser mode without a token cannot reach main: the UI says how to open it. */
export function hasCredentials(): boolean {
  if (transportKind() === 'electron') return true;
  loadToken();
  return token !== null || launch !== null;
}

/** The browser-mode access token (null in Electron or when there is none). */
export function accessToken(): string | null {
  if (transportKind() === 'electron') return null;
  loadToken();
  return token ?? null;
}

/** Link state changes (browser mode); Electron's IPC is always 'open'. */
export function onLinkStatus(fn: StatusListener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The core process's state (Electron: restarting, back, stopped); browser mode has none. */
export function onCoreStatus(fn: (s: CoreStatusEvent) => void): () => void {
  const shell = typeof window !== 'undefined' ? window.trucbanShell : undefined;
  if (!shell || typeof shell.onCoreStatus !== 'function') return () => {};
  return shell.onCoreStatus(fn);
}

function wsTransport(): WsTransport {
  if (ws) return ws;
  loadToken();
  if (!token) throw ClientError.transportFailure('no_token', 'open the address printed by `trucban serve` (it carries the access token)');
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  ws = createWsTransport({
    url: `${scheme}://${window.location.host}/ws?session=${encodeURIComponent(sessionKey())}`,
    protocols: ['trucban.v1', `token.${token}`],
    onStatus: (s) => {
      // a socket that opens again resumes the push subscription from the last seq seen
      if (s === 'open' && wasDown) push.reconnected();
      if (s === 'down') wasDown = true;
      for (const l of listeners) l(s);
    },
    onPush: (frame) => push.receive(frame),
  });
  return ws;
}

let wasDown = false;
const push = createPushClient({ subscribe: (input) => invoke('push:subscribe', input) });
let bridgeListening = false;

/**
 * Calls `handler` with every pushed frame of `topics` (and with 'resync': refetch what you
 * show) until the returned function is called. Frames arrive over the preload (Electron) or
 * the WebSocket (browser mode); after a reconnect the subscription resumes from the last seq.
 */
export function subscribe(topics: readonly Topic[], handler: PushHandler): () => void {
  const bridge = typeof window !== 'undefined' ? window.trucban : undefined;
  if (bridge && !bridgeListening && typeof bridge.onPush === 'function') {
    bridgeListening = true;
    bridge.onPush((frame) => push.receive(frame));
  }
  return push.subscribe(topics, handler);
}

/**
 * Every subscribed screen refetches what it shows, as on a 'resync' from main: for screens that
 * stay mounted while the session changes under them (a wall device's sign-in, src-renderer/App.tsx).
 */
export function refetchShown(): void {
  push.resyncLocally();
}

async function viaBridge<K extends Channel>(bridge: TrucbanBridge, ch: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const fn = bridge[ch] as BridgeFunction<K> | undefined;
  if (typeof fn !== 'function') throw new ClientError({ code: 'unknown_channel', message: `unknown channel ${ch}`, params: { channel: ch } });
  let reply: Reply<OutputOf<K>>;
  try {
    reply = await fn(input);
  } catch (e) {
    throw ClientError.transportFailure('bridge', e instanceof Error ? e.message : String(e));
  }
  if (reply.ok) return reply.value;
  throw new ClientError(reply.error);
}

export const invoke: Invoke = <K extends Channel>(ch: K, input: InputOf<K>): Promise<OutputOf<K>> => {
  const bridge = typeof window !== 'undefined' ? window.trucban : undefined;
  if (bridge) return viaBridge(bridge, ch, input);
  loadToken();
  if (launch) return launch.then(() => wsTransport().invoke(ch, input));
  try {
    return wsTransport().invoke(ch, input);
  } catch (e) {
    return Promise.reject(e);
  }
};
