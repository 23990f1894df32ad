/**
 * The main process's side of the core: a Dispatcher that relays every call to the core process
 * over a message port and answers with the core's reply (docs/architecture.md, “Process layout”).
 * Imports nothing from electron — the shell hands it a `spawn` that forks an Electron utility
 * process (utility.ts); tests and the stall benchmark hand it a node child_process.
 *
 *   - calls go `{kind:'call', id, sessionId, channel, input}` → core → `{kind:'reply', id, reply}`;
 *     session ends (a window closed) go `{kind:'end', sessionId}`;
 *   - push: the relay is a push hub to main (`attach(sessionId, sink) → detach`, the shape of the
 *     core's own hub): attaching sends `{kind:'attach', sessionId}` and the core attaches a sink
 *     on its hub for that session; its frames come back `{kind:'push', sessionId, frame}`, go to
 *     the main-side sink (the shell's sends them to the window on 'trucban:push') and are
 *     acknowledged in batches, so the core's sink knows its backlog; after a restart every
 *     attached session is attached again (the hub resumes or sends its resync marker);
 *   - a heartbeat (`ping` every heartbeatMs) that gets no `pong` within heartbeatTimeoutMs means
 *     the core is blocked: it is killed; an exit means it crashed. Either way every call in flight
 *     is answered `unavailable` at once (never a hang), windows are told (`onStatus`), and a new
 *     core is started after a backoff; after maxCrashes within crashWindowMs the relay gives up
 *     and says so. A session's sign-in lives in the core, so after a restart windows sign in again.
 * Sender checks stay in ipc.ts, before anything reaches the relay.
 */
import type { CallContext, Dispatcher } from '../api/types';
import type { Reply } from '../../src-shared/contract';
import type { AppErrorData } from '../../src-shared/errors';
import type { CoreStatusEvent } from '../../src-shared/contract/bridge';
import { fromCoreSchema, unavailableReply } from './core-protocol';
import type { CoreProcess, PushFrame, ToCore } from './core-protocol';

/** What windows are told about the core (IPC event CORE_STATUS_CHANNEL). */
export type CoreStatus = CoreStatusEvent;

/** Where main delivers one session's frames (the window's webContents). */
export interface MainPushSink {
  send(frame: PushFrame): void;
  backlog(): number;
}

export interface RelayOptions {
  spawn: () => CoreProcess;
  log?: (msg: string) => void;
  onStatus?: (s: CoreStatus) => void;
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  /** Longest wait for `ready` after a spawn (opening a large station replays users). */
  startTimeoutMs?: number;
  /** Waits before each restart, the last repeated. */
  backoffMs?: readonly number[];
  /** Give up after this many crashes (or stalls) within crashWindowMs. */
  maxCrashes?: number;
  crashWindowMs?: number;
  now?: () => number;
}

export const RELAY_DEFAULTS = {
  heartbeatMs: 2_000,
  heartbeatTimeoutMs: 10_000,
  startTimeoutMs: 120_000,
  backoffMs: [500, 2_000, 5_000, 10_000, 30_000],
  maxCrashes: 5,
  crashWindowMs: 10 * 60_000,
} as const;

type State = 'idle' | 'starting' | 'ready' | 'waiting' | 'stopped' | 'closing' | 'closed';

interface Pending {
  resolve: (r: Reply<unknown>) => void;
}

export class CoreRelay implements Dispatcher {
  private state: State = 'idle';
  private proc: CoreProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private loopback: string | undefined;
  private crashes: number[] = [];
  private restarts = 0;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private startTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private lastPong = 0;
  private pingN = 0;
  private firstStart: { resolve: () => void; reject: (e: AppErrorData) => void } | null = null;
  private stoppedError: AppErrorData | undefined;
  private closedWaiter: (() => void) | null = null;
  private readonly acks = new Map<string, number>();
  private ackScheduled = false;
  private readonly sinks = new Map<string, MainPushSink>();
  private readonly o: Required<Omit<RelayOptions, 'onStatus'>> & Pick<RelayOptions, 'onStatus'>;

  constructor(opts: RelayOptions) {
    this.o = {
      log: () => {},
      heartbeatMs: RELAY_DEFAULTS.heartbeatMs,
      heartbeatTimeoutMs: RELAY_DEFAULTS.heartbeatTimeoutMs,
      startTimeoutMs: RELAY_DEFAULTS.startTimeoutMs,
      backoffMs: RELAY_DEFAULTS.backoffMs,
      maxCrashes: RELAY_DEFAULTS.maxCrashes,
      crashWindowMs: RELAY_DEFAULTS.crashWindowMs,
      now: Date.now,
      ...opts,
    };
  }

  /**
   * Starts the first core. Resolves once it is ready; rejects with the core's typed error when it
   * refuses to open (a newer database, a broken journal, another writer): no restart then, since
   * the same file would be refused again. A core that crashes while starting is retried.
   */
  start(): Promise<void> {
    if (this.state !== 'idle') return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.firstStart = { resolve, reject };
      this.spawn();
    });
  }

  /** The core's loopback server (changes when the core restarts). */
  get loopbackUrl(): string | undefined {
    return this.state === 'ready' ? this.loopback : undefined;
  }

  status(): State {
    return this.state;
  }

  call(channel: string, input: unknown, ctx: CallContext): Promise<Reply<unknown>> {
    if (this.state !== 'ready' || !this.proc) return Promise.resolve(this.refusal());
    const id = this.nextId++;
    return new Promise<Reply<unknown>>((resolve) => {
      this.pending.set(id, { resolve });
      if (!this.send({ kind: 'call', id, sessionId: ctx.sessionId, channel, input })) {
        this.pending.delete(id);
        resolve(unavailableReply('The application core could not be reached; the call was not sent.', 'send_failed'));
      }
    });
  }

  /**
   * Frames of `sessionId` go to `sink` until the returned function is called (one sink per
   * session; a second attach replaces the first). Survives core restarts.
   */
  attach(sessionId: string, sink: MainPushSink): () => void {
    this.sinks.set(sessionId, sink);
    if (this.state === 'ready') this.send({ kind: 'attach', sessionId });
    return () => {
      if (this.sinks.get(sessionId) !== sink) return;
      this.sinks.delete(sessionId);
      if (this.state === 'ready') this.send({ kind: 'detach', sessionId });
    };
  }

  endSession(sessionId: string): void {
    this.acks.delete(sessionId);
    if (this.state === 'ready') this.send({ kind: 'end', sessionId });
  }

  /** Asks the core to close (server, watchers, database) and waits for its exit, at most timeoutMs, then kills it. */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.state === 'closed' || this.state === 'closing') return;
    const proc = this.proc;
    const wasReady = this.state === 'ready';
    this.state = 'closing';
    this.clearTimers();
    this.failPending('The application is closing; the call was not confirmed.', 'closing');
    const first = this.firstStart;
    this.firstStart = null;
    first?.reject({ code: 'unavailable', message: 'The application closed before its core started.' });
    if (!proc) {
      this.state = 'closed';
      return;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.o.log(`core did not close within ${timeoutMs} ms; killed`);
        proc.kill();
        resolve();
      }, timeoutMs);
      this.closedWaiter = () => {
        clearTimeout(t);
        resolve();
      };
      if (!wasReady || !this.send({ kind: 'close' })) {
        clearTimeout(t);
        proc.kill();
        resolve();
      }
    });
    this.closedWaiter = null;
    this.proc = null;
    this.state = 'closed';
  }

  private refusal(): Reply<never> {
    if (this.state === 'stopped') {
      return unavailableReply('The application core stopped after repeated failures; restart the application.', 'stopped');
    }
    if (this.state === 'closing' || this.state === 'closed') return unavailableReply('The application is closing.', 'closing');
    return unavailableReply('The application core is restarting; try again in a moment.', 'restarting');
  }

  private send(msg: ToCore): boolean {
    try {
      this.proc?.post(msg);
      return this.proc !== null;
    } catch (err) {
      this.o.log(`posting to the core failed: ${err instanceof Error ? err.name : typeof err}`);
      return false;
    }
  }

  private emit(s: CoreStatus): void {
    try {
      this.o.onStatus?.(s);
    } catch (err) {
      this.o.log(`core status listener failed: ${err instanceof Error ? err.name : typeof err}`);
    }
  }

  private spawn(): void {
    this.state = 'starting';
    this.emit({ state: 'starting' });
    let proc: CoreProcess;
    try {
      proc = this.o.spawn();
    } catch (err) {
      this.o.log(`core failed to spawn: ${err instanceof Error ? err.message : typeof err}`);
      this.proc = null;
      this.lost('crashed');
      return;
    }
    this.proc = proc;
    proc.onMessage((raw) => {
      if (this.proc === proc) this.onMessage(raw);
    });
    proc.onExit((code) => {
      if (this.proc !== proc) return; // an old core killed for a stall, already replaced or being replaced
      this.onExit(code);
    });
    this.startTimer = setTimeout(() => {
      this.o.log(`core not ready within ${this.o.startTimeoutMs} ms; killed`);
      this.kill('blocked');
    }, this.o.startTimeoutMs);
  }

  private onMessage(raw: unknown): void {
    const parsed = fromCoreSchema.safeParse(raw);
    if (!parsed.success) {
      this.o.log('core sent a malformed message; dropped');
      return;
    }
    const msg = parsed.data;
    switch (msg.kind) {
      case 'ready':
        this.onReady(msg.loopbackUrl);
        return;
      case 'failed':
        this.onFailed(msg.error as AppErrorData);
        return;
      case 'reply': {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        p.resolve(msg.reply as Reply<unknown>);
        return;
      }
      case 'pong':
        if (msg.n === this.pingN) this.lastPong = this.o.now();
        return;
      case 'push':
        this.onPushFrame(msg.sessionId, msg.frame);
        return;
      case 'closed':
        // the database is closed; close() resolves when the process has exited
        return;
    }
  }

  private onReady(loopbackUrl: string | undefined): void {
    if (this.state !== 'starting') return;
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
    this.loopback = loopbackUrl;
    this.state = 'ready';
    this.lastPong = this.o.now();
    this.heartbeat = setInterval(() => this.beat(), this.o.heartbeatMs);
    this.heartbeat.unref?.();
    // the windows' push subscriptions, again after a restart
    for (const sessionId of this.sinks.keys()) this.send({ kind: 'attach', sessionId });
    this.emit({ state: 'ready', restarts: this.restarts });
    const first = this.firstStart;
    this.firstStart = null;
    first?.resolve();
  }

  private onFailed(error: AppErrorData): void {
    this.o.log(`core refused to open: ${error.code}`);
    const first = this.firstStart;
    if (first) {
      // the same file would be refused again: no restart; the shell answers every call with it
      this.firstStart = null;
      this.clearTimers();
      this.state = 'stopped';
      this.stoppedError = error;
      const proc = this.proc;
      this.proc = null;
      proc?.kill();
      first.reject(error);
      return;
    }
    this.stoppedError = error;
    this.kill('failed');
  }

  private beat(): void {
    if (this.state !== 'ready') return;
    if (this.o.now() - this.lastPong > this.o.heartbeatTimeoutMs) {
      this.o.log(`core answered no heartbeat for ${this.o.now() - this.lastPong} ms; killed`);
      this.kill('blocked');
      return;
    }
    this.pingN++;
    this.send({ kind: 'ping', n: this.pingN });
  }

  private onPushFrame(sessionId: string, frame: PushFrame): void {
    try {
      // a frame for a session no window attached (any more) is dropped, and acknowledged
      this.sinks.get(sessionId)?.send(frame);
    } catch (err) {
      this.o.log(`push delivery failed: ${err instanceof Error ? err.name : typeof err}`);
    }
    this.acks.set(sessionId, (this.acks.get(sessionId) ?? 0) + 1);
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    setImmediate(() => {
      this.ackScheduled = false;
      if (this.state !== 'ready') return this.acks.clear();
      for (const [sid, count] of this.acks) this.send({ kind: 'push-ack', sessionId: sid, count });
      this.acks.clear();
    });
  }

  /** Ends a blocked (or refusing) core; its exit then restarts it. */
  private kill(reason: 'blocked' | 'failed'): void {
    const proc = this.proc;
    this.lost(reason);
    if (!proc) return;
    // the writer lock is released only when the process is gone: restart after its exit
    let exited = false;
    const gone = () => {
      if (exited) return;
      exited = true;
      clearTimeout(fallback);
      this.afterExit();
    };
    // a kill that never reports an exit must not leave the station without a core
    const fallback = setTimeout(gone, 5_000);
    fallback.unref?.();
    proc.onExit(gone);
    try {
      proc.kill();
    } catch (err) {
      this.o.log(`killing the core failed: ${err instanceof Error ? err.name : typeof err}`);
    }
  }

  private onExit(code: number | null): void {
    if (this.state === 'closing' || this.state === 'closed') {
      this.closedWaiter?.();
      return;
    }
    this.o.log(`core exited (${code === null ? 'signal' : `code ${code}`})`);
    this.lost('crashed');
    this.afterExit();
  }

  private pendingRestart: { reason: 'crashed' | 'blocked' | 'failed'; delay: number } | null = null;

  /** The core is gone or going: answer calls, tell windows, decide whether to restart. */
  private lost(reason: 'crashed' | 'blocked' | 'failed'): void {
    this.clearTimers();
    this.proc = null;
    this.loopback = undefined;
    this.failPending('The application core stopped before confirming; check whether the change was saved before repeating it.', reason);
    const now = this.o.now();
    this.crashes = [...this.crashes.filter((t) => now - t < this.o.crashWindowMs), now];
    if (this.crashes.length >= this.o.maxCrashes) {
      this.state = 'stopped';
      this.o.log(`core failed ${this.crashes.length} times within ${this.o.crashWindowMs} ms; not restarted`);
      this.emit(this.stoppedError ? { state: 'stopped', reason, error: this.stoppedError } : { state: 'stopped', reason });
      const first = this.firstStart;
      this.firstStart = null;
      first?.reject(this.stoppedError ?? { code: 'unavailable', message: 'The application core failed to start.' });
      return;
    }
    const backoff = this.o.backoffMs;
    const delay = backoff[Math.min(this.crashes.length - 1, backoff.length - 1)] ?? 1_000;
    this.state = 'waiting';
    this.pendingRestart = { reason, delay };
    this.emit({ state: 'restarting', reason, attempt: this.crashes.length, retryInMs: delay });
  }

  private afterExit(): void {
    const r = this.pendingRestart;
    if (this.state !== 'waiting' || !r) return;
    this.pendingRestart = null;
    this.restarts++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.state === 'waiting') this.spawn();
    }, r.delay);
  }

  private failPending(message: string, reason: string): void {
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const p of calls) p.resolve(unavailableReply(message, reason));
  }

  private clearTimers(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.startTimer) clearTimeout(this.startTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.heartbeat = null;
    this.startTimer = null;
    this.retryTimer = null;
  }
}
