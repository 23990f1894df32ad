import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';
import type { CallContext } from '../../../src-main/api/types';
import type { Reply } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import {
  dataDirFor,
  describeError,
  installProcessGuards,
  nativeBindingPath,
  startShell,
  unavailableDispatcher,
} from '../../../src-main/electron/shell';
import type { Core, CoreOptions, ShellOptions } from '../../../src-main/electron/shell';

class FakeCore implements Core {
  calls: Array<{ channel: string; input: unknown; ctx: CallContext }> = [];
  ended: string[] = [];
  closed = 0;
  closeImpl: () => void | Promise<void> = () => {};
  loopbackUrl?: string;
  dispatcher = {
    call: async (channel: string, input: unknown, ctx: CallContext): Promise<Reply<unknown>> => {
      this.calls.push({ channel, input, ctx });
      return { ok: true, value: 'ok' };
    },
    endSession: (id: string) => {
      this.ended.push(id);
    },
  };
  close(): void | Promise<void> {
    this.closed++;
    return this.closeImpl();
  }
}

let userData: string;
let logs: string[];
let core: FakeCore;
let opened: CoreOptions[];

function start(extra: Partial<ShellOptions> = {}) {
  return startShell({
    openCore: (o) => {
      opened.push(o);
      return core;
    },
    preloadPath: '/app/dist-electron/preload.cjs',
    rendererDir: path.join(userData, 'renderer'),
    env: {},
    log: (m) => logs.push(m),
    ...extra,
  });
}

async function startReady(extra: Partial<ShellOptions> = {}) {
  const h = start(extra);
  fake.app.becomeReady();
  await h.ready;
  return h;
}

const live = () => fake.BrowserWindow.instances.filter((w) => !w.isDestroyed());
const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  fake.resetFake();
  userData = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-shell-'));
  fake.app.paths.userData = userData;
  fake.screen.displays = [fake.makeDisplay(1, 0), fake.makeDisplay(2, 1920)];
  fake.screen.primaryId = 1;
  logs = [];
  core = new FakeCore();
  opened = [];
});
afterEach(() => fs.rmSync(userData, { recursive: true, force: true }));

describe('start-up', () => {
  it('a second instance quits at once and touches nothing else', async () => {
    fake.app.gotLock = false;
    const h = start();
    expect(h.primary).toBe(false);
    fake.app.becomeReady();
    await h.ready;
    expect(fake.app.calls).toContain('quit');
    expect(fake.protocol.privileged).toEqual([]);
    expect(opened).toEqual([]);
    expect(live()).toEqual([]);
  });

  it('before ready: sandbox for all renderers and the privileged app: scheme', () => {
    start();
    expect(fake.app.calls).toEqual(['requestSingleInstanceLock', 'enableSandbox']);
    expect(fake.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(fake.protocol.handlers.size).toBe(0);
    expect(live()).toEqual([]);
  });

  it('on ready: hardened session, app:// served, core opened in <userData>/data, IPC installed, one window per display', async () => {
    await startReady();
    const s = fake.session.defaultSession;
    await expect(s.requestPermission('media')).resolves.toBe(false);
    expect(s.checkPermission('notifications')).toBe(false);
    expect(fake.protocol.handlers.has('app')).toBe(true);
    expect(opened).toEqual([{ dataDir: path.join(userData, 'data') }]);
    expect([...fake.ipcMain.handlers.keys()]).toEqual(['trucban:call']);
    expect(live()).toHaveLength(2);
    for (const w of live()) expect(w.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
  });

  it('the served renderer comes from the configured directory', async () => {
    fs.mkdirSync(path.join(userData, 'renderer'));
    fs.writeFileSync(path.join(userData, 'renderer', 'index.html'), '<title>Trực ban</title>');
    await startReady();
    const res = await fake.protocol.handlers.get('app')!(new Request('app://trucban/index.html'));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Trực ban');
  });

  it('TRUCBAN_DATA_DIR and TRUCBAN_SQLITE_BINDING reach the core', async () => {
    await startReady({ env: { TRUCBAN_DATA_DIR: '/srv/trucban', TRUCBAN_SQLITE_BINDING: '/opt/electron/better_sqlite3.node' } });
    expect(opened).toEqual([{ dataDir: path.resolve('/srv/trucban'), nativeBinding: '/opt/electron/better_sqlite3.node' }]);
  });

  it('every webContents is hardened as it is created (navigation, window.open, webview)', async () => {
    await startReady();
    const wc = live()[0]!.webContents;
    expect(wc.navigate('https://evil.example/')).toBe(false);
    expect(wc.navigate('app://trucban/index.html')).toBe(true);
    expect(wc.open('https://customs.gov.vn/')).toEqual({ action: 'deny' });
    expect(wc.attachWebview('app://trucban/')).toBe(false);
  });

  it('a window downloads a finished export from the core\'s loopback server instead of navigating to it', async () => {
    core.loopbackUrl = 'http://127.0.0.1:4567';
    await startReady();
    const wc = live()[0]!.webContents;
    const url = 'http://127.0.0.1:4567/exports/019ad1f0-0000-7000-8000-000000000001?cap=1800000000.mac';
    expect(wc.navigate(url)).toBe(false);
    expect(wc.downloads).toEqual([url]);
    expect(wc.navigate('http://127.0.0.1:4567/')).toBe(false);
    expect(wc.downloads).toEqual([url]);
  });

  it('a second launch focuses the first window', async () => {
    await startReady();
    fake.app.emit('second-instance');
    expect(live()[0]!.focused).toBe(true);
  });
});

describe('IPC through real windows', () => {
  it('a window’s call reaches the core with its own session; closing the window ends that session', async () => {
    await startReady();
    const [w1, w2] = live();
    const reply = await fake.ipcMain.invoke('trucban:call', fake.ipcEvent(w1!.webContents), 'app:status', {});
    expect(reply).toEqual({ ok: true, value: 'ok' });
    expect(core.calls[0]!.ctx).toEqual({ sessionId: `ipc:${w1!.webContents.id}`, transport: 'ipc' });
    w1!.close();
    expect(core.ended).toEqual([`ipc:${w1!.webContents.id}`]);
    expect(w2!.isDestroyed()).toBe(false);
  });

  it('a webContents that is not one of the windows is refused', async () => {
    await startReady();
    const stray = new fake.FakeWebContents();
    stray.mainFrame.url = 'app://trucban/index.html';
    const reply = await fake.ipcMain.invoke('trucban:call', fake.ipcEvent(stray), 'app:status', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(core.calls).toEqual([]);
  });
});

describe('a failing core does not crash the shell', () => {
  it('a typed start-up error: windows still open and every call answers that error', async () => {
    await startReady({
      openCore: () => {
        throw new AppError('db_newer_version', 'database written by a newer version');
      },
    });
    expect(live()).toHaveLength(2);
    const reply = await fake.ipcMain.invoke('trucban:call', fake.ipcEvent(live()[0]!.webContents), 'app:status', {});
    expect(reply).toEqual({ ok: false, error: { code: 'db_newer_version', message: 'database written by a newer version' } });
    expect(logs.some((l) => l.includes('core failed to start'))).toBe(true);
  });

  it('an untyped rejection becomes an internal error', async () => {
    await startReady({ openCore: () => Promise.reject(new Error('EACCES: permission denied')) });
    const reply = await fake.ipcMain.invoke('trucban:call', fake.ipcEvent(live()[0]!.webContents), 'logbook:list', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('unavailableDispatcher keeps the code, message, field and plain params of a typed error, nothing else', async () => {
    const d = unavailableDispatcher({ code: 'journal_broken', message: 'bad chain', params: { seq: 3 } });
    await expect(d.call('app:status', {}, { sessionId: 'x', transport: 'ipc' })).resolves.toEqual({
      ok: false,
      error: { code: 'journal_broken', message: 'bad chain', params: { seq: 3 } },
    });
    // a refused start names the table, the row and the repair command; objects are dropped
    const mismatch = unavailableDispatcher({
      code: 'projection_mismatch',
      message: 'table users, row user_id=u1 does not match the journal',
      params: { table: 'users', row: 'user_id=u1', command: 'trucban --db "st.sqlite" rebuild', stored: { roles: ['admin'] } },
      stack: 'Error: at secret/place.ts:1',
    });
    await expect(mismatch.call('app:status', {}, { sessionId: 'x', transport: 'ipc' })).resolves.toEqual({
      ok: false,
      error: {
        code: 'projection_mismatch',
        message: 'table users, row user_id=u1 does not match the journal',
        params: { table: 'users', row: 'user_id=u1', command: 'trucban --db "st.sqlite" rebuild' },
      },
    });
    await expect(unavailableDispatcher({ code: 'made_up', message: 'x' }).call('a', {}, { sessionId: 'x', transport: 'ipc' })).resolves.toMatchObject({
      error: { code: 'internal' },
    });
  });
});

describe('quitting', () => {
  it('before-quit closes the core once, saves window state, then really quits', async () => {
    await startReady();
    fake.app.quit();
    expect(fake.app.calls.filter((c) => c === 'quit:done')).toEqual([]); // held until the core is closed
    await tick();
    await tick();
    expect(core.closed).toBe(1);
    expect(fake.app.calls.filter((c) => c === 'quit:done')).toHaveLength(1);
    expect(fake.ipcMain.handlers.size).toBe(0);
    const state = JSON.parse(fs.readFileSync(path.join(userData, 'window-state.json'), 'utf8'));
    expect(state.windows.map((w: { displayId: number }) => w.displayId).sort()).toEqual([1, 2]);
    fake.app.quit();
    await tick();
    expect(core.closed).toBe(1);
  });

  it('closing the last window quits the app and closes the core', async () => {
    await startReady();
    for (const w of live()) w.close();
    await tick();
    await tick();
    expect(fake.app.calls).toContain('quit:done');
    expect(core.closed).toBe(1);
  });

  it('a core whose close() throws still lets the app quit (logged)', async () => {
    core.closeImpl = () => {
      throw new Error('busy');
    };
    await startReady();
    fake.app.quit();
    await tick();
    await tick();
    expect(fake.app.calls).toContain('quit:done');
    expect(logs.some((l) => l.includes('core close failed'))).toBe(true);
  });

  it('a core whose close() hangs is abandoned after the timeout', async () => {
    core.closeImpl = () => new Promise<void>(() => {});
    await startReady({ closeTimeoutMs: 20 });
    fake.app.quit();
    await new Promise((r) => setTimeout(r, 60));
    expect(fake.app.calls).toContain('quit:done');
    expect(logs.some((l) => l.includes('did not close'))).toBe(true);
  });
});

describe('helpers', () => {
  it('nativeBindingPath: env override, else resources/native when packaged, else undefined', () => {
    expect(nativeBindingPath({ env: { TRUCBAN_SQLITE_BINDING: '/x/b.node' }, isPackaged: true, resourcesPath: '/r' })).toBe('/x/b.node');
    expect(nativeBindingPath({ env: {}, isPackaged: true, resourcesPath: '/opt/Trực ban/resources' })).toBe(
      path.join('/opt/Trực ban/resources', 'native', 'better_sqlite3.node'),
    );
    expect(nativeBindingPath({ env: {}, isPackaged: false })).toBeUndefined();
    fake.app.isPackaged = false;
    expect(nativeBindingPath({ env: {} })).toBeUndefined();
  });

  it('dataDirFor: TRUCBAN_DATA_DIR, else <userData>/data', () => {
    expect(dataDirFor({}, '/home/u/.config/Trực ban')).toBe(path.join('/home/u/.config/Trực ban', 'data'));
    expect(dataDirFor({ TRUCBAN_DATA_DIR: '/data/station' }, '/ignored')).toBe(path.resolve('/data/station'));
  });

  it('describeError gives name, message and stack, and nothing for non-errors', () => {
    expect(describeError(new TypeError('bad'))).toContain('TypeError: bad');
    expect(describeError({ password: 'hunter2' })).toBe('non-error thrown (object)');
    expect(describeError('token=abc')).toBe('non-error thrown (string)');
  });

  it('stray exceptions and rejections are logged (name/message/stack only), not rethrown', () => {
    const seen: string[] = [];
    const before = new Set(process.listeners('uncaughtException'));
    installProcessGuards((m) => seen.push(m));
    installProcessGuards((m) => seen.push(m)); // idempotent: no second listener
    const ours = process.listeners('uncaughtException').filter((l) => !before.has(l));
    expect(ours.length).toBeLessThanOrEqual(1); // 0 when an earlier test in this file installed it
    const onException = process.listeners('uncaughtException').find((l) => l.toString().includes('uncaught exception'))!;
    const onRejection = process.listeners('unhandledRejection').find((l) => l.toString().includes('unhandled rejection'))!;
    expect(() => (onException as (e: Error) => void)(new Error('kaboom'))).not.toThrow();
    expect(() => (onRejection as (r: unknown) => void)({ password: 'hunter2' })).not.toThrow();
    expect(seen[0]).toContain('uncaught exception: Error: kaboom');
    expect(seen[1]).toBe('unhandled rejection: non-error thrown (object)');
    expect(seen.join('\n')).not.toContain('hunter2');
  });
});
