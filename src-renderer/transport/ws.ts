import type { Channel, InputOf, OutputOf, Reply } from '../../src-shared/contract';
import { ClientError } from './errors';
import { MAX_CALLS_IN_FLIGHT_PER_SOCKET } from '../../src-shared/limits';

export type LinkStatus = 'connecting' | 'open' | 'down';

export interface WsTransportOptions {
  url: string;
  protocols: string[];
  /** Delays before reconnect attempts; the last one repeats. */
  backoffMs?: number[];
  onStatus?: (status: LinkStatus) => void;
  WebSocketImpl?: typeof WebSocket;
  /** Calls sent and not yet answered at most; the rest wait in order (the server's limit). */
  maxInFlight?: number;
  /** Server-initiated frames (`{ push: {...} }`, docs/architecture.md "Push"), shape unchecked. */
  onPush?: (frame: unknown) => void;
}

export interface WsTransport {
  invoke<K extends Channel>(ch: K, input: InputOf<K>): Promise<OutputOf<K>>;
  status(): LinkStatus;
  close(): void;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: ClientError) => void;
}

const DEFAULT_BACKOFF = [300, 1000, 2000, 5000, 10_000];

/**
 * The browser-mode transport: `{id, channel, input}` → `{id, reply}` over one WebSocket.
 * Connects lazily, queues calls made while connecting and beyond the server's calls-in-flight
 * limit (sent in order as replies come back), reconnects with backoff after a drop,
 * and rejects every call still waiting when the socket closes (ClientError, transport
 * 'disconnected'), so no caller hangs on a lost reply.
 */
export function createWsTransport(opts: WsTransportOptions): WsTransport {
  const WS = opts.WebSocketImpl ?? WebSocket;
  const backoff = opts.backoffMs ?? DEFAULT_BACKOFF;
  const maxInFlight = Math.max(1, opts.maxInFlight ?? MAX_CALLS_IN_FLIGHT_PER_SOCKET);
  let inFlight = 0;
  const pending = new Map<number, Pending>();
  let queue: string[] = [];
  let ws: WebSocket | null = null;
  let state: LinkStatus = 'down';
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;
  let closed = false;

  const setStatus = (s: LinkStatus) => {
    if (s === state) return;
    state = s;
    opts.onStatus?.(s);
  };

  const failAll = () => {
    const err = () => ClientError.transportFailure('disconnected', 'connection to the application service was lost');
    for (const p of pending.values()) p.reject(err());
    pending.clear();
    queue = [];
    inFlight = 0;
  };

  /** Sends queued calls while the socket is open and the server's limit allows. */
  const flush = () => {
    while (ws && ws.readyState === WS.OPEN && inFlight < maxInFlight && queue.length > 0) {
      ws.send(queue.shift()!);
      inFlight++;
    }
  };

  const scheduleReconnect = () => {
    if (closed || timer !== null) return;
    const delay = backoff[Math.min(attempt, backoff.length - 1)] ?? 10_000;
    attempt++;
    timer = setTimeout(() => {
      timer = null;
      connect();
    }, delay);
  };

  function connect(): void {
    if (closed || ws) return;
    setStatus('connecting');
    let sock: WebSocket;
    try {
      sock = new WS(opts.url, opts.protocols);
    } catch {
      setStatus('down');
      failAll();
      scheduleReconnect();
      return;
    }
    ws = sock;
    sock.onopen = () => {
      attempt = 0;
      inFlight = 0;
      setStatus('open');
      flush();
    };
    sock.onmessage = (ev: MessageEvent) => {
      let msg: { id?: unknown; reply?: Reply<unknown>; push?: unknown };
      try {
        msg = JSON.parse(String(ev.data)) as typeof msg;
      } catch {
        return;
      }
      if (typeof msg !== 'object' || msg === null) return;
      if (msg.push !== undefined && msg.id === undefined) {
        try {
          opts.onPush?.(msg.push);
        } catch {
          // a failing push handler must not break the replies
        }
        return;
      }
      if (typeof msg.id !== 'number') return;
      const p = pending.get(msg.id);
      if (!p || !msg.reply) return;
      pending.delete(msg.id);
      inFlight = Math.max(0, inFlight - 1);
      flush();
      if (msg.reply.ok) p.resolve(msg.reply.value);
      else p.reject(new ClientError(msg.reply.error));
    };
    sock.onclose = () => {
      if (ws === sock) ws = null;
      setStatus('down');
      failAll();
      scheduleReconnect();
    };
    sock.onerror = () => {
      // onclose follows and does the work
    };
  }

  return {
    invoke<K extends Channel>(ch: K, input: InputOf<K>): Promise<OutputOf<K>> {
      if (closed) return Promise.reject(ClientError.transportFailure('disconnected', 'transport closed'));
      const id = nextId++;
      const msg = JSON.stringify({ id, channel: ch, input });
      const p = new Promise<OutputOf<K>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      });
      queue.push(msg);
      if (ws && ws.readyState === WS.OPEN) {
        flush();
      } else {
        if (!ws) {
          // a call made while down tries at once instead of waiting for the backoff timer
          if (timer !== null) {
            clearTimeout(timer);
            timer = null;
          }
          connect();
        }
      }
      return p;
    },
    status: () => state,
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      ws?.close();
      ws = null;
      failAll();
    },
  };
}
