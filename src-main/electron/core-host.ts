/**
 * The core process's side of the relay (docs/architecture.md, “Process layout”): it opens the
 * core (database writer, video engine, watchers, job runner, loopback server) and answers the
 * messages of core-protocol.ts. A call's reply is posted only after the dispatcher answered — so
 * after the SQLite commit of what it wrote. Heartbeats are answered from the event loop: a loop
 * that blocks stops answering, and main restarts the core. Imports nothing from electron.
 */
import type { Dispatcher } from '../api/types';
import type { Reply } from '../../src-shared/contract';
import type { AppErrorData } from '../../src-shared/errors';
import { isAppErrorData } from '../../src-shared/errors';
import { coreInitSchema, toCoreSchema } from './core-protocol';
import type { CoreInit, HostPort, PushFrame } from './core-protocol';

/** A session's push sink, as the core's push hub expects it. */
export interface PushSink {
  send(frame: PushFrame): void;
  /** Frames sent to main that main has not yet delivered. */
  backlog(): number;
}

/** The core as the host needs it. */
export interface HostedCore {
  dispatcher: Dispatcher;
  loopbackUrl?: string;
  /** The core's push hub, when it has one: a session's frames go to its sink until detached. */
  push?: { attach(sessionId: string, sink: PushSink): unknown };
  close(): void | Promise<void>;
}

export type OpenHosted = (init: ReturnType<typeof coreInitSchema.parse>) => HostedCore | Promise<HostedCore>;

/** The typed error data of whatever openCore threw (its code when it has one). */
export function errorDataOf(err: unknown): AppErrorData {
  if (err && typeof err === 'object' && typeof (err as { toData?: unknown }).toData === 'function') {
    const d = (err as { toData(): unknown }).toData();
    if (isAppErrorData(d)) return d;
  }
  if (isAppErrorData(err)) {
    const out: AppErrorData = { code: err.code, message: String(err.message) };
    if (typeof err.field === 'string') out.field = err.field;
    if (err.params) out.params = err.params;
    return out;
  }
  return { code: 'internal', message: 'The application core failed to start.' };
}

export interface HostOptions {
  log?: (msg: string) => void;
  /** Called after the core closed on request or because main went away (the entry exits). */
  onClosed?: (code: number) => void;
}

/**
 * Serve one core over `port`. The first message must be `init`; the core opens then, and
 * `ready` (or `failed` with the typed error, then exit code 1) is posted.
 */
export function runCoreHost(port: HostPort, open: OpenHosted, opts: HostOptions = {}): void {
  const log = opts.log ?? (() => {});
  let core: HostedCore | null = null;
  let opening = false;
  let closing: Promise<void> | null = null;
  const sinks = new Map<string, { sent: number; acked: number; detach: (() => void) | null }>();

  const post = (msg: Parameters<HostPort['post']>[0]) => {
    try {
      port.post(msg);
    } catch (err) {
      log(`posting to main failed: ${err instanceof Error ? err.name : typeof err}`);
    }
  };

  const close = (code: number): Promise<void> => {
    closing ??= (async () => {
      for (const s of sinks.values()) s.detach?.();
      sinks.clear();
      const c = core;
      core = null;
      try {
        await c?.close();
      } catch (err) {
        log(`core close failed: ${err instanceof Error ? err.message : typeof err}`);
      }
      post({ kind: 'closed' });
      opts.onClosed?.(code);
    })();
    return closing;
  };

  /** A window asked for its session's frames: a sink on the core's push hub that posts them to main. */
  const attachSink = (sessionId: string) => {
    const c = core;
    if (!c?.push || sinks.has(sessionId)) return;
    const state = { sent: 0, acked: 0, detach: null as (() => void) | null };
    sinks.set(sessionId, state);
    const sink: PushSink = {
      send: (frame) => {
        state.sent++;
        post({ kind: 'push', sessionId, frame });
      },
      backlog: () => state.sent - state.acked,
    };
    try {
      const handle = c.push.attach(sessionId, sink);
      if (typeof handle === 'function') state.detach = handle as () => void;
      else if (handle && typeof (handle as { detach?: unknown }).detach === 'function') state.detach = () => (handle as { detach(): void }).detach();
    } catch (err) {
      log(`push attach failed: ${err instanceof Error ? err.name : typeof err}`);
    }
  };

  const onCall = async (id: number, sessionId: string, channel: string, input: unknown) => {
    const c = core;
    if (!c) {
      post({ kind: 'reply', id, reply: { ok: false, error: { code: 'unavailable', message: 'The application core is not open.', params: { reason: 'not_open' } } } });
      return;
    }
    let reply: Reply<unknown>;
    try {
      // resolves after the handler returned: whatever it appended is committed (synchronous=FULL)
      reply = await c.dispatcher.call(channel, input, { sessionId, transport: 'ipc' });
    } catch (err) {
      log(`dispatcher threw on ${channel}: ${err instanceof Error ? err.name : typeof err}`);
      reply = { ok: false, error: { code: 'internal', message: 'Internal error.' } };
    }
    try {
      port.post({ kind: 'reply', id, reply });
    } catch {
      // a value the port cannot clone: answer a typed error rather than leave the call hanging
      log(`reply to ${channel} could not be posted`);
      post({ kind: 'reply', id, reply: { ok: false, error: { code: 'internal', message: 'Internal error.' } } });
    }
  };

  port.onMessage((raw) => {
    const parsed = toCoreSchema.safeParse(raw);
    if (!parsed.success) {
      log('main sent a malformed message; dropped');
      return;
    }
    const msg = parsed.data;
    switch (msg.kind) {
      case 'init': {
        if (core || opening) return;
        opening = true;
        void (async () => {
          try {
            core = await open(coreInitSchema.parse(msg.init as CoreInit));
            if (closing) {
              await core.close();
              return;
            }
            post(core.loopbackUrl ? { kind: 'ready', loopbackUrl: core.loopbackUrl } : { kind: 'ready' });
          } catch (err) {
            log(`core failed to open: ${err instanceof Error ? err.message : typeof err}`);
            // main kills this process on `failed` (a process that exits first could lose the message)
            post({ kind: 'failed', error: errorDataOf(err) });
          }
        })();
        return;
      }
      case 'call':
        void onCall(msg.id, msg.sessionId, msg.channel, msg.input);
        return;
      case 'attach':
        attachSink(msg.sessionId);
        return;
      case 'detach': {
        const s = sinks.get(msg.sessionId);
        sinks.delete(msg.sessionId);
        s?.detach?.();
        return;
      }
      case 'end': {
        try {
          core?.dispatcher.endSession(msg.sessionId);
        } catch (err) {
          log(`endSession failed: ${err instanceof Error ? err.name : typeof err}`);
        }
        return;
      }
      case 'ping':
        post({ kind: 'pong', n: msg.n });
        return;
      case 'push-ack': {
        const s = sinks.get(msg.sessionId);
        if (s) s.acked = Math.min(s.sent, s.acked + msg.count);
        return;
      }
      case 'close':
        void close(0);
        return;
    }
  });
  port.onClose(() => void close(0));
}
