/**
 * The relay (main side) and the host (core side) joined by an in-memory port: message routing,
 * session ends, push frames and their backlog, heartbeat timeout → restart, crash → in-flight
 * calls answered and a restart with backoff, giving up, a core that refuses to open, and
 * malformed messages. The real core process is exercised in core-process.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallContext, Dispatcher } from '../../../src-main/api/types';
import type { Reply } from '../../../src-shared/contract';
import { runCoreHost } from '../../../src-main/electron/core-host';
import type { HostedCore, PushSink } from '../../../src-main/electron/core-host';
import type { CoreProcess, FromCore, PushFrame } from '../../../src-main/electron/core-protocol';
import { CoreRelay } from '../../../src-main/electron/relay';
import type { CoreStatus, RelayOptions } from '../../../src-main/electron/relay';

/** A scripted core: records calls and ends, answers when told, attaches push sinks. */
class ScriptedCore implements HostedCore {
  calls: Array<{ channel: string; input: unknown; ctx: CallContext }> = [];
  ended: string[] = [];
  sinks = new Map<string, PushSink>();
  detached: string[] = [];
  closed = 0;
  /** When set, calls wait until `release()`. */
  hold = false;
  private held: Array<() => void> = [];
  loopbackUrl = 'http://127.0.0.1:4000';
  dispatcher: Dispatcher = {
    call: async (channel, input, ctx): Promise<Reply<unknown>> => {
      this.calls.push({ channel, input, ctx });
      if (this.hold) await new Promise<void>((r) => this.held.push(r));
      if (channel === 'throw:it') throw new Error('boom');
      return { ok: true, value: { channel, input, session: ctx.sessionId } };
    },
    endSession: (id) => void this.ended.push(id),
  };
  push = {
    attach: (sessionId: string, sink: PushSink) => {
      this.sinks.set(sessionId, sink);
      return () => void this.detached.push(sessionId);
    },
  };
  release(): void {
    const h = this.held;
    this.held = [];
    for (const r of h) r();
  }
  close(): void {
    this.closed++;
  }
}

/** One spawned in-memory core process: the host runs here, messages cross asynchronously. */
class LinkedProcess implements CoreProcess {
  /** Stop delivering to the host (its event loop is "blocked"): pings go unanswered. */
  blocked = false;
  exited = false;
  killed = false;
  posted: unknown[] = [];
  private toMain: Array<(m: unknown) => void> = [];
  private toHost: Array<(m: unknown) => void> = [];
  private onHostClose: Array<() => void> = [];
  private exits: Array<(code: number | null) => void> = [];
  constructor(readonly core: ScriptedCore | null, fail?: { code: 'db_newer_version'; message: string }) {
    runCoreHost(
      {
        post: (m: FromCore) => this.deliver(this.toMain, structuredClone(m)),
        onMessage: (fn) => void this.toHost.push(fn),
        onClose: (fn) => void this.onHostClose.push(fn),
      },
      () => {
        if (fail) throw Object.assign(new Error(fail.message), fail);
        if (!core) throw new Error('no core');
        return core;
      },
      { onClosed: () => this.exit(0) },
    );
    // as forkUtilityCore / forkNodeCore do: the first message is `init`
    this.deliver(this.toHost, { kind: 'init', init: { dbPath: '/stations/kv06.db' } });
  }
  private deliver(to: Array<(m: unknown) => void>, m: unknown): void {
    setImmediate(() => {
      if (this.exited) return;
      if (to === this.toHost && this.blocked) return;
      for (const fn of to) fn(m);
    });
  }
  post(msg: unknown): void {
    if (this.exited) throw new Error('gone');
    this.posted.push(msg);
    this.deliver(this.toHost, structuredClone(msg));
  }
  /** Test helper: the core says something itself (possibly malformed). */
  say(m: unknown): void {
    this.deliver(this.toMain, m);
  }
  onMessage(fn: (m: unknown) => void): void {
    this.toMain.push(fn);
  }
  onExit(fn: (code: number | null) => void): void {
    if (this.exited) fn(null);
    else this.exits.push(fn);
  }
  kill(): void {
    this.killed = true;
    this.exit(null);
  }
  /** The process dies (crash: `exit(139)`; killed: null). */
  exit(code: number | null): void {
    if (this.exited) return;
    this.exited = true;
    setImmediate(() => {
      for (const fn of this.exits) fn(code);
    });
  }
}

const ctx = (sessionId: string): CallContext => ({ sessionId, transport: 'ipc' });
const flush = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

let procs: LinkedProcess[];
let cores: ScriptedCore[];
let statuses: CoreStatus[];
let pushes: Array<{ sessionId: string; frame: PushFrame }>;
let logs: string[];
let relay: CoreRelay;

function makeRelay(extra: Partial<RelayOptions> = {}, spawnCore: () => LinkedProcess = () => new LinkedProcess(new ScriptedCore())): CoreRelay {
  relay = new CoreRelay({
    spawn: () => {
      const p = spawnCore();
      procs.push(p);
      if (p.core) cores.push(p.core);
      return p;
    },
    onStatus: (s) => statuses.push(s),
    log: (m) => logs.push(m),
    heartbeatMs: 1_000,
    heartbeatTimeoutMs: 3_000,
    backoffMs: [100, 1_000],
    maxCrashes: 3,
    crashWindowMs: 60_000,
    ...extra,
  });
  return relay;
}

beforeEach(() => {
  procs = [];
  cores = [];
  statuses = [];
  pushes = [];
  logs = [];
});
afterEach(async () => {
  vi.useRealTimers();
  await relay?.close(100);
});

describe('relay: routing', () => {
  it('each call reaches the core with its session, channel and input, and each caller gets its own reply', async () => {
    await makeRelay().start();
    const core = cores[0]!;
    core.hold = true;
    const a = relay.call('logbook:add', { text: 'A' }, ctx('ipc:1'));
    const b = relay.call('app:status', {}, ctx('ipc:2'));
    await flush();
    core.release();
    await expect(b).resolves.toEqual({ ok: true, value: { channel: 'app:status', input: {}, session: 'ipc:2' } });
    await expect(a).resolves.toEqual({ ok: true, value: { channel: 'logbook:add', input: { text: 'A' }, session: 'ipc:1' } });
    expect(core.calls.map((c) => [c.channel, c.ctx.sessionId, c.ctx.transport])).toEqual([
      ['logbook:add', 'ipc:1', 'ipc'],
      ['app:status', 'ipc:2', 'ipc'],
    ]);
    expect(statuses).toEqual([{ state: 'starting' }, { state: 'ready', restarts: 0 }]);
    expect(relay.loopbackUrl).toBe('http://127.0.0.1:4000');
  });

  it('a dispatcher that throws in the core still answers a typed error', async () => {
    await makeRelay().start();
    await expect(relay.call('throw:it', {}, ctx('ipc:1'))).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'Internal error.' } });
  });

  it('a session end is relayed to the core', async () => {
    await makeRelay().start();
    await relay.call('app:status', {}, ctx('ipc:7'));
    relay.endSession('ipc:7');
    await flush();
    expect(cores[0]!.ended).toEqual(['ipc:7']);
  });

  /** A main-side sink recording what reached "the window" of `sessionId`. */
  const windowSink = (sessionId: string) => ({ send: (frame: PushFrame) => void pushes.push({ sessionId, frame }), backlog: () => 0 });

  it('attach: the core attaches a sink for the session; its frames reach that session\'s sink only, and acknowledged frames leave the backlog', async () => {
    await makeRelay().start();
    relay.attach('ipc:1', windowSink('ipc:1'));
    relay.attach('ipc:2', windowSink('ipc:2'));
    await flush();
    expect([...cores[0]!.sinks.keys()]).toEqual(['ipc:1', 'ipc:2']);
    const s1 = cores[0]!.sinks.get('ipc:1')!;
    const s2 = cores[0]!.sinks.get('ipc:2')!;
    s1.send({ topic: 'journal.appended', seq: 41, data: { type: 'logbook.entry_added' } });
    s1.send({ topic: 'journal.appended', seq: 42 });
    s2.send({ topic: 'alerts', seq: 3, data: { n: 1 } });
    expect(s1.backlog()).toBe(2);
    await flush(10);
    expect(pushes).toEqual([
      { sessionId: 'ipc:1', frame: { topic: 'journal.appended', seq: 41, data: { type: 'logbook.entry_added' } } },
      { sessionId: 'ipc:1', frame: { topic: 'journal.appended', seq: 42 } },
      { sessionId: 'ipc:2', frame: { topic: 'alerts', seq: 3, data: { n: 1 } } },
    ]);
    expect(s1.backlog()).toBe(0);
    expect(s2.backlog()).toBe(0);
    expect(procs[0]!.posted).toContainEqual({ kind: 'push-ack', sessionId: 'ipc:1', count: 2 });
  });

  it('detach removes the core\'s sink; later frames of that session reach nobody', async () => {
    await makeRelay().start();
    const detach = relay.attach('ipc:3', windowSink('ipc:3'));
    await flush();
    const sink = cores[0]!.sinks.get('ipc:3')!;
    detach();
    await flush();
    expect(cores[0]!.detached).toEqual(['ipc:3']);
    procs[0]!.say({ kind: 'push', sessionId: 'ipc:3', frame: { topic: 'alerts', seq: 9 } });
    sink.send({ topic: 'alerts', seq: 10 });
    await flush(10);
    expect(pushes).toEqual([]);
  });

  it('after a restart every attached session is attached again in the new core', async () => {
    await makeRelay().start();
    relay.attach('ipc:1', windowSink('ipc:1'));
    relay.attach('ipc:2', windowSink('ipc:2'))();
    await flush();
    procs[0]!.exit(1);
    await new Promise((r) => setTimeout(r, 150));
    await flush();
    expect(cores).toHaveLength(2);
    expect([...cores[1]!.sinks.keys()]).toEqual(['ipc:1']);
    cores[1]!.sinks.get('ipc:1')!.send({ topic: 'resync', seq: 0 });
    await flush(10);
    expect(pushes).toEqual([{ sessionId: 'ipc:1', frame: { topic: 'resync', seq: 0 } }]);
  });

  it('malformed messages either way are dropped and logged; nothing crashes', async () => {
    await makeRelay().start();
    procs[0]!.say({ kind: 'reply', id: 'x' });
    procs[0]!.say('garbage');
    procs[0]!.say({ kind: 'push', sessionId: 'ipc:1', frame: { topic: '', seq: 'no' } });
    procs[0]!.post({ kind: 'call', id: -1 } as never);
    await flush(10);
    expect(logs.filter((l) => l.includes('malformed'))).toHaveLength(3);
    expect(pushes).toEqual([]);
    await expect(relay.call('app:status', {}, ctx('ipc:1'))).resolves.toMatchObject({ ok: true });
  });
});

describe('relay: crashes and stalls', () => {
  it('a crash answers every call in flight with `unavailable`, tells windows, and restarts after the backoff', async () => {
    await makeRelay().start();
    cores[0]!.hold = true;
    const inFlight = [relay.call('logbook:add', { text: 'A' }, ctx('ipc:1')), relay.call('logbook:add', { text: 'B' }, ctx('ipc:2'))];
    await flush();
    procs[0]!.exit(139);
    const replies = await Promise.all(inFlight);
    for (const r of replies) expect(r).toMatchObject({ ok: false, error: { code: 'unavailable', params: { reason: 'crashed' } } });
    expect(statuses.at(-1)).toEqual({ state: 'restarting', reason: 'crashed', attempt: 1, retryInMs: 100 });
    // while it restarts, calls are answered at once rather than queued
    await expect(relay.call('app:status', {}, ctx('ipc:1'))).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', params: { reason: 'restarting' } } });
    expect(relay.loopbackUrl).toBeUndefined();
    await new Promise((r) => setTimeout(r, 150));
    await flush();
    expect(procs).toHaveLength(2);
    expect(statuses.at(-1)).toEqual({ state: 'ready', restarts: 1 });
    await expect(relay.call('app:status', {}, ctx('ipc:1'))).resolves.toMatchObject({ ok: true });
    expect(cores[1]!.calls).toHaveLength(1);
  });

  it('a core that stops answering the heartbeat is killed, its calls answered, and a new one started', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'] });
    const start = makeRelay().start();
    await vi.advanceTimersByTimeAsync(0);
    await flush();
    await start;
    const pending = relay.call('logbook:add', { text: 'A' }, ctx('ipc:1'));
    procs[0]!.blocked = true; // the call and the pings no longer reach it
    await vi.advanceTimersByTimeAsync(2_000);
    expect(procs[0]!.killed).toBe(false); // 2 s without a pong is within the bound
    await vi.advanceTimersByTimeAsync(2_500);
    await flush();
    expect(procs[0]!.killed).toBe(true);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', params: { reason: 'blocked' } } });
    expect(statuses).toContainEqual({ state: 'restarting', reason: 'blocked', attempt: 1, retryInMs: 100 });
    await flush();
    await vi.advanceTimersByTimeAsync(150);
    await flush();
    expect(procs).toHaveLength(2);
    expect(statuses.at(-1)).toEqual({ state: 'ready', restarts: 1 });
    // a healthy core keeps answering: no kill however long it runs
    for (let i = 0; i < 20; i++) {
      await vi.advanceTimersByTimeAsync(1_000);
      await flush();
    }
    expect(procs[1]!.killed).toBe(false);
    expect(procs[1]!.posted.filter((m) => (m as { kind: string }).kind === 'ping').length).toBeGreaterThanOrEqual(19);
  });

  it('gives up after repeated crashes with a clear state and answers every call', async () => {
    await makeRelay().start();
    for (let i = 0; i < 3; i++) {
      procs.at(-1)!.exit(1);
      await flush();
      if (i < 2) {
        await new Promise((r) => setTimeout(r, i === 0 ? 120 : 1_020));
        await flush();
      }
    }
    expect(procs).toHaveLength(3);
    expect(statuses.at(-1)).toEqual({ state: 'stopped', reason: 'crashed' });
    expect(relay.status()).toBe('stopped');
    await expect(relay.call('app:status', {}, ctx('ipc:1'))).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', params: { reason: 'stopped' } } });
    await new Promise((r) => setTimeout(r, 1_100));
    expect(procs).toHaveLength(3); // no more restarts
  });

  it('a core that refuses to open (a newer database) fails start() with its typed error and is not restarted', async () => {
    makeRelay({}, () => new LinkedProcess(null, { code: 'db_newer_version', message: 'newer' }));
    await expect(relay.start()).rejects.toMatchObject({ code: 'db_newer_version' });
    expect(procs[0]!.killed).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    expect(procs).toHaveLength(1);
  });

  it('close asks the core to close and waits for it; later calls are refused', async () => {
    await makeRelay().start();
    await relay.close(1_000);
    expect(cores[0]!.closed).toBe(1);
    expect(procs[0]!.killed).toBe(false);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready']); // closing is no crash
    await expect(relay.call('app:status', {}, ctx('ipc:1'))).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', params: { reason: 'closing' } } });
  });
});
