import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { contract } from '../../../src-shared/contract';
import type * as FakeElectron from './fake-electron';

type Fake = typeof FakeElectron;

/**
 * Run the preload module from scratch against the fake contextBridge / ipcRenderer.
 * The fake is taken from the mocked 'electron' itself, so it is the very instance the preload sees.
 */
async function runPreload(): Promise<{ api: Record<string, unknown>; fake: Fake }> {
  vi.resetModules();
  const fake = (await import('electron')) as unknown as Fake;
  fake.resetFake();
  await import('../../../src-main/electron/preload');
  expect(fake.contextBridge.exposed.map((e) => e.key)).toEqual(['trucban', 'trucbanShell']);
  const [{ api }] = fake.contextBridge.exposed as [{ key: string; api: Record<string, unknown> }];
  return { api, fake };
}

describe('preload', () => {
  let api: Record<string, unknown>;
  let fake: Fake;
  beforeEach(async () => {
    ({ api, fake } = await runPreload());
  });

  it('exposes exactly one function per contract channel, onPush, and nothing else', () => {
    expect(Object.keys(api).sort()).toEqual([...Object.keys(contract), 'onPush'].sort());
    expect(Object.getOwnPropertyNames(api).sort()).toEqual([...Object.keys(contract), 'onPush'].sort());
    expect(Object.getOwnPropertySymbols(api)).toEqual([]);
    for (const k of [...Object.keys(contract), 'onPush']) expect(api[k]).toBeTypeOf('function');
    for (const forbidden of ['ipcRenderer', 'invoke', 'send', 'on', 'call', 'require', 'process']) {
      expect(Object.prototype.hasOwnProperty.call(api, forbidden)).toBe(false);
    }
  });

  it('the exposed object cannot be changed by the page', () => {
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('each function invokes trucban:call with its own channel and the input, and returns the reply', async () => {
    fake.ipcRenderer.reply = () => ({ ok: true, value: 'pong' });
    const add = api['logbook:add'] as (input: unknown) => Promise<unknown>;
    await expect(add({ kind: 'work', text: 'Ca trực' })).resolves.toEqual({ ok: true, value: 'pong' });
    expect(fake.ipcRenderer.calls).toEqual([{ channel: 'trucban:call', args: ['logbook:add', { kind: 'work', text: 'Ca trực' }] }]);
  });

  it('every channel function is wired to its own name', async () => {
    for (const k of Object.keys(contract)) await (api[k] as (i: unknown) => Promise<unknown>)({});
    expect(fake.ipcRenderer.calls.map((c) => c.channel)).toEqual(Object.keys(contract).map(() => 'trucban:call'));
    expect(fake.ipcRenderer.calls.map((c) => c.args[0])).toEqual(Object.keys(contract));
  });

  it('extra arguments from the page are not forwarded', async () => {
    await (api['app:status'] as (...a: unknown[]) => Promise<unknown>)({}, 'other:channel', 'x');
    expect(fake.ipcRenderer.calls[0]!.args).toEqual(['app:status', {}]);
  });

  it('trucbanShell offers only onCoreStatus, which passes the status and never the IPC event', () => {
    const shell = fake.contextBridge.exposed[1]!.api as Record<string, unknown>;
    expect(Object.getOwnPropertyNames(shell)).toEqual(['onCoreStatus']);
    expect(Object.isFrozen(shell)).toBe(true);
    const seen: unknown[][] = [];
    const off = (shell.onCoreStatus as (fn: (...a: unknown[]) => void) => () => void)((...a) => seen.push(a));
    // the preload listens on the core-status event only
    expect([...fake.ipcRenderer.listeners].filter(([, fns]) => fns.length > 0).map(([ch]) => ch)).toEqual(['trucban:core-status']);
    fake.ipcRenderer.deliver('trucban:core-status', { state: 'restarting', reason: 'crashed', attempt: 1, retryInMs: 500 });
    expect(seen).toEqual([[{ state: 'restarting', reason: 'crashed', attempt: 1, retryInMs: 500 }]]);
    off();
    fake.ipcRenderer.deliver('trucban:core-status', { state: 'ready', restarts: 1 });
    expect(seen).toHaveLength(1);
  });

  it('onPush hands the page only the frames main pushes, until unsubscribed', () => {
    const onPush = api.onPush as (cb: (f: unknown) => void) => () => void;
    const got: unknown[][] = [];
    const off = onPush((...args) => got.push(args));
    fake.ipcRenderer.push({ topic: 'alerts', seq: 7 });
    // the IPC event (with its sender) never reaches the page: one argument, the frame
    expect(got).toEqual([[{ topic: 'alerts', seq: 7 }]]);
    off();
    off();
    fake.ipcRenderer.push({ topic: 'alerts', seq: 8 });
    expect(got).toHaveLength(1);
    expect(fake.ipcRenderer.pushListeners).toEqual([]);
    // a page passing something that is not a function gets a harmless unsubscribe
    expect((api.onPush as (cb: unknown) => () => void)('x')).toBeTypeOf('function');
    expect(fake.ipcRenderer.pushListeners).toEqual([]);
  });
});
