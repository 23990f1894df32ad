/**
 * The shell with its core behind the relay in a (fake) utility process, as main.ts wires it:
 * utilityProcess.fork + MessageChannelMain (utility.ts), the test playing the core on its port.
 * Sender checks stay in main (a refused call never reaches the core), window closes are relayed
 * as session ends, push frames reach only their session's window, and a crashed or blocked core
 * is reported in every window, its calls in flight answered, and restarted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';
import { sessionIdFor } from '../../../src-main/electron/ipc';
import { CoreRelay } from '../../../src-main/electron/relay';
import type { RelayOptions } from '../../../src-main/electron/relay';
import { startShell } from '../../../src-main/electron/shell';
import type { CoreFactory } from '../../../src-main/electron/shell';
import { forkUtilityCore } from '../../../src-main/electron/utility';

interface PlayedCore {
  proc: fake.FakeUtilityProcess;
  /** Messages the core received on its port. */
  got: Array<Record<string, unknown>>;
  /** Answer pings (false: the core's event loop is "blocked"). */
  alive: boolean;
  /** Hold calls instead of answering them. */
  hold: boolean;
  say(m: unknown): void;
}

let userData: string;
let logs: string[];
let cores: PlayedCore[];

/** Plays the core on the port of every fake utility process forked (ready at once, echoes calls). */
function playCores(): void {
  const seen = new Set<fake.FakeUtilityProcess>();
  const poll = setInterval(() => {
    for (const proc of fake.utilityProcess.forks) {
      if (seen.has(proc) || !proc.port) continue;
      seen.add(proc);
      const port = proc.port;
      const core: PlayedCore = { proc, got: [], alive: true, hold: false, say: (m) => port.postMessage(m) };
      cores.push(core);
      port.on('message', (e: { data: Record<string, unknown> }) => {
        const m = e.data;
        core.got.push(m);
        if (m.kind === 'ping' && core.alive) port.postMessage({ kind: 'pong', n: m.n });
        if (m.kind === 'call' && !core.hold) port.postMessage({ kind: 'reply', id: m.id, reply: { ok: true, value: { channel: m.channel, session: m.sessionId } } });
        if (m.kind === 'close') {
          port.postMessage({ kind: 'closed' });
          setImmediate(() => proc.exit(0));
        }
      });
      // the init message came on the process with the port
      const init = proc.messages[0] as { kind: string };
      if (init.kind === 'init') port.postMessage({ kind: 'ready', loopbackUrl: `http://127.0.0.1:${4000 + cores.length}` });
    }
  }, 1);
  pollers.push(poll);
}
const pollers: Array<ReturnType<typeof setInterval>> = [];

function factory(extra: Partial<RelayOptions> = {}): CoreFactory {
  return async (_opts, events) => {
    const relay = new CoreRelay({
      spawn: () => forkUtilityCore('/app/dist-electron/core.cjs', { dbPath: '/data/station.db', allowOrigins: ['app://trucban'] }),
      onStatus: (s) => events.status(s),
      backoffMs: [20],
      log: (m) => logs.push(m),
      ...extra,
    });
    await relay.start();
    return {
      dispatcher: relay,
      push: relay,
      get loopbackUrl() {
        return relay.loopbackUrl;
      },
      close: () => relay.close(1_000),
    };
  };
}

async function startReady(extra: Partial<RelayOptions> = {}) {
  const h = startShell({
    openCore: factory(extra),
    preloadPath: '/app/dist-electron/preload.cjs',
    rendererDir: path.join(userData, 'renderer'),
    env: {},
    log: (m) => logs.push(m),
  });
  fake.app.becomeReady();
  await h.ready;
  return h;
}

const live = () => fake.BrowserWindow.instances.filter((w) => !w.isDestroyed());
const until = async (cond: () => boolean, ms = 3_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const calls = (c: PlayedCore) => c.got.filter((m) => m.kind === 'call');

beforeEach(() => {
  fake.resetFake();
  fake.utilityProcess.mode = 'manual';
  userData = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-shell-relay-'));
  fake.app.paths.userData = userData;
  fake.screen.displays = [fake.makeDisplay(1, 0), fake.makeDisplay(2, 1920)];
  fake.screen.primaryId = 1;
  logs = [];
  cores = [];
  playCores();
});
afterEach(() => {
  for (const p of pollers.splice(0)) clearInterval(p);
  fs.rmSync(userData, { recursive: true, force: true });
});

describe('shell ↔ relay ↔ utility process', () => {
  it('the core is forked as a utility process and gets init with its own MessagePort', async () => {
    await startReady();
    expect(fake.utilityProcess.forks).toHaveLength(1);
    const proc = fake.utilityProcess.forks[0]!;
    expect(proc.modulePath).toBe('/app/dist-electron/core.cjs');
    expect(proc.options.serviceName).toBe('Trực ban core');
    expect(proc.messages[0]).toEqual({ kind: 'init', init: { dbPath: '/data/station.db', allowOrigins: ['app://trucban'] } });
    expect(proc.port).toBeInstanceOf(fake.MessagePortMain);
    expect(live()).toHaveLength(2);
  });

  it('calls are relayed with the window\'s session; a refused sender never reaches the core', async () => {
    await startReady();
    const [w1, w2] = live();
    const r1 = await fake.ipcMain.invoke('trucban:call', fake.ipcEvent(w1!.webContents), 'app:status', {});
    const r2 = await fake.ipcMain.invoke('trucban:call', fake.ipcEvent(w2!.webContents), 'logbook:list', { limit: 5 });
    expect(r1).toEqual({ ok: true, value: { channel: 'app:status', session: sessionIdFor(w1!.webContents) } });
    expect(r2).toEqual({ ok: true, value: { channel: 'logbook:list', session: sessionIdFor(w2!.webContents) } });
    expect(calls(cores[0]!).map((m) => [m.sessionId, m.channel, m.input])).toEqual([
      [`ipc:${w1!.webContents.id}`, 'app:status', {}],
      [`ipc:${w2!.webContents.id}`, 'logbook:list', { limit: 5 }],
    ]);
    // a sub-frame, a foreign page and a stranger webContents are refused in main
    const sub = new fake.FakeFrame('app://trucban/index.html');
    sub.parent = w1!.webContents.mainFrame;
    const foreign = new fake.FakeFrame('https://evil.example/');
    w2!.webContents.mainFrame = foreign;
    const stranger = new fake.FakeWebContents();
    stranger.mainFrame.url = 'app://trucban/index.html';
    for (const ev of [fake.ipcEvent(w1!.webContents, sub), fake.ipcEvent(w2!.webContents, foreign), fake.ipcEvent(stranger)]) {
      await expect(fake.ipcMain.invoke('trucban:call', ev, 'app:status', {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    await expect(fake.ipcMain.invoke('trucban:call', fake.ipcEvent(w1!.webContents), 'no:such', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    await new Promise((r) => setTimeout(r, 20));
    expect(calls(cores[0]!)).toHaveLength(2);
  });

  it('closing a window relays the end of its session and detaches its push', async () => {
    await startReady();
    const [w1] = live();
    const sid = sessionIdFor(w1!.webContents);
    w1!.close();
    await until(() => cores[0]!.got.some((m) => m.kind === 'end') && cores[0]!.got.some((m) => m.kind === 'detach'));
    expect(cores[0]!.got.filter((m) => m.kind === 'end' || m.kind === 'detach')).toEqual([
      { kind: 'end', sessionId: sid },
      { kind: 'detach', sessionId: sid },
    ]);
  });

  it('each window attaches its session for push; a frame goes to the window of its session only, on trucban:push', async () => {
    await startReady();
    const [w1, w2] = live();
    await until(() => cores[0]!.got.filter((m) => m.kind === 'attach').length === 2);
    expect(cores[0]!.got.filter((m) => m.kind === 'attach')).toEqual([
      { kind: 'attach', sessionId: sessionIdFor(w1!.webContents) },
      { kind: 'attach', sessionId: sessionIdFor(w2!.webContents) },
    ]);
    cores[0]!.say({ kind: 'push', sessionId: sessionIdFor(w2!.webContents), frame: { topic: 'alerts', seq: 7, data: { incidentId: 'x' } } });
    cores[0]!.say({ kind: 'push', sessionId: 'ipc:99999', frame: { topic: 'alerts', seq: 8 } });
    await until(() => w2!.webContents.sent.length > 0);
    await new Promise((r) => setTimeout(r, 10));
    expect(w2!.webContents.sent).toEqual([{ channel: 'trucban:push', args: [{ topic: 'alerts', seq: 7, data: { incidentId: 'x' } }] }]);
    expect(w1!.webContents.sent).toEqual([]);
    await until(() => cores[0]!.got.some((m) => m.kind === 'push-ack'));
    // acknowledged once handed to the window (a frame for a session without a window is dropped and acknowledged too)
    expect(cores[0]!.got.filter((m) => m.kind === 'push-ack')).toContainEqual({ kind: 'push-ack', sessionId: sessionIdFor(w2!.webContents), count: 1 });
  });

  it('a crash: calls in flight answered `unavailable`, every window told, the core restarted and the windows told again', async () => {
    await startReady();
    const [w1, w2] = live();
    cores[0]!.hold = true;
    const pending = fake.ipcMain.invoke('trucban:call', fake.ipcEvent(w1!.webContents), 'logbook:add', { kind: 'work', text: 'x' });
    await until(() => calls(cores[0]!).length === 1);
    cores[0]!.proc.exit(134);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', params: { reason: 'crashed' } } });
    await until(() => cores.length === 2 && live().every((w) => w.webContents.sent.some((s) => (s.args[0] as { state: string }).state === 'ready')));
    for (const w of [w1!, w2!]) {
      expect(w.webContents.sent.map((s) => [s.channel, s.args[0]])).toEqual([
        ['trucban:core-status', { state: 'restarting', reason: 'crashed', attempt: 1, retryInMs: 20 }],
        ['trucban:core-status', { state: 'starting' }],
        ['trucban:core-status', { state: 'ready', restarts: 1 }],
      ]);
    }
    expect(fake.utilityProcess.forks).toHaveLength(2);
    // the windows' push subscriptions are made again in the new core
    await until(() => cores[1]!.got.filter((m) => m.kind === 'attach').length === 2);
    await expect(fake.ipcMain.invoke('trucban:call', fake.ipcEvent(w2!.webContents), 'app:status', {})).resolves.toMatchObject({ ok: true });
    expect(calls(cores[1]!)).toHaveLength(1);
    expect(logs.some((l) => l.includes('core exited (code 134)'))).toBe(true);
  });

  it('a window that loads while the core is down is told at once', async () => {
    await startReady({ backoffMs: [60_000] });
    const [w1] = live();
    cores[0]!.proc.exit(1);
    await until(() => w1!.webContents.sent.length === 1);
    w1!.webContents.sent = [];
    w1!.webContents.emit('did-finish-load');
    expect(w1!.webContents.sent).toEqual([{ channel: 'trucban:core-status', args: [{ state: 'restarting', reason: 'crashed', attempt: 1, retryInMs: 60_000 }] }]);
  });

  it('a blocked core (no pong) is killed and replaced', async () => {
    await startReady({ heartbeatMs: 10, heartbeatTimeoutMs: 60 });
    cores[0]!.alive = false;
    await until(() => cores[0]!.proc.killed);
    await until(() => cores.length === 2);
    const [w1] = live();
    await until(() => w1!.webContents.sent.some((s) => (s.args[0] as { state: string }).state === 'ready'));
    expect(w1!.webContents.sent[0]!.args[0]).toMatchObject({ state: 'restarting', reason: 'blocked' });
  });

  it('quitting closes the core process through the relay', async () => {
    await startReady();
    fake.app.quit();
    await until(() => fake.app.calls.includes('quit:done'));
    expect(cores[0]!.got.some((m) => m.kind === 'close')).toBe(true);
    expect(cores[0]!.proc.killed).toBe(false);
  });
});
