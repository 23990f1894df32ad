import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';
import {
  BACKGROUND_COLOR,
  CRASH_RELOAD_DELAY_MS,
  CRASH_RELOAD_LIMIT,
  SHOW_FALLBACK_MS,
  WindowManager,
  boundsFor,
  displayUrl,
  loadWindowState,
  orderDisplays,
} from '../../../src-main/electron/windows';
import type { Display } from 'electron';

let dir: string;
let stateFile: string;
let managers: WindowManager[];

function manager(): WindowManager {
  const wm = new WindowManager({ stateFile, preloadPath: '/app/dist-electron/preload.cjs' });
  managers.push(wm);
  return wm;
}

/** Simulate a restart: close everything (like quitting) and start a fresh manager. */
function restart(old: WindowManager): WindowManager {
  old.dispose();
  for (const w of old.windows()) w.close();
  fake.BrowserWindow.instances = [];
  return manager();
}

function wins(): fake.BrowserWindow[] {
  return fake.BrowserWindow.instances.filter((w) => !w.isDestroyed());
}

beforeEach(() => {
  fake.resetFake();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-win-'));
  stateFile = path.join(dir, 'window-state.json');
  managers = [];
  fake.screen.displays = [fake.makeDisplay(10, 0), fake.makeDisplay(20, 1920), fake.makeDisplay(30, -1280, 0, 1280, 1024)];
  fake.screen.primaryId = 10;
});
afterEach(() => {
  for (const m of managers) m.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('one window per display', () => {
  it('opens one hidden, dark, hardened window per display, each loading app://trucban/index.html?display=N', () => {
    const wm = manager();
    wm.start();
    const all = wins();
    expect(all).toHaveLength(3);
    for (const w of all) {
      expect(w.options.show).toBe(false);
      expect(w.options.backgroundColor).toBe(BACKGROUND_COLOR);
      expect(w.options.webPreferences).toMatchObject({
        preload: '/app/dist-electron/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
        // the lock screen's alarm sounds after a reload without a click
        autoplayPolicy: 'no-user-gesture-required',
      });
      expect(w.visible).toBe(false);
    }
    // ordinal: primary first, then left → right
    const byDisplay = Object.fromEntries(wm.assignments().map((a) => [a.displayId, (a.win as unknown as fake.BrowserWindow).loadedUrls]));
    expect(byDisplay).toEqual({
      10: ['app://trucban/index.html?display=0&displayId=10'],
      30: ['app://trucban/index.html?display=1&displayId=30'],
      20: ['app://trucban/index.html?display=2&displayId=20'],
    });
    // each window sits on its own display
    for (const { displayId, win } of wm.assignments()) {
      expect(fake.screen.getDisplayMatching(win.getBounds()).id).toBe(displayId);
    }
  });

  it('shows a window only when it is ready to show', () => {
    const wm = manager();
    wm.start();
    const [w] = wins();
    expect(w!.visible).toBe(false);
    w!.readyToShow();
    expect(w!.visible).toBe(true);
  });

  it('shows a window after a while even if ready-to-show never comes, and only once', () => {
    vi.useFakeTimers();
    try {
      const wm = manager();
      wm.start();
      const [w, w2] = wins();
      vi.advanceTimersByTime(SHOW_FALLBACK_MS - 1);
      expect(w!.visible).toBe(false);
      w2!.readyToShow();
      vi.advanceTimersByTime(1);
      expect(w!.visible).toBe(true);
      expect(w2!.shows).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reloads a window whose renderer crashed, a bounded number of times; a clean exit is left alone', () => {
    vi.useFakeTimers();
    try {
      const wm = manager();
      wm.start();
      const [w] = wins();
      w!.webContents.emit('render-process-gone', new fake.FakeEvent(), { reason: 'clean-exit', exitCode: 0 });
      vi.advanceTimersByTime(CRASH_RELOAD_DELAY_MS);
      expect(w!.webContents.reloads).toBe(0);
      for (let i = 0; i < CRASH_RELOAD_LIMIT + 2; i++) {
        w!.webContents.emit('render-process-gone', new fake.FakeEvent(), { reason: 'crashed', exitCode: 11 });
        vi.advanceTimersByTime(CRASH_RELOAD_DELAY_MS);
      }
      expect(w!.webContents.reloads).toBe(CRASH_RELOAD_LIMIT);
    } finally {
      vi.useRealTimers();
    }
  });

  it('owns() recognises exactly its live windows', () => {
    const wm = manager();
    wm.start();
    const [a] = wins();
    expect(wm.owns(a!.webContents as unknown as WebContents)).toBe(true);
    expect(wm.owns(new fake.FakeWebContents() as unknown as WebContents)).toBe(false);
    a!.close();
    expect(wm.owns(a!.webContents as unknown as WebContents)).toBe(false);
  });

  it('start() twice does not double the windows', () => {
    const wm = manager();
    wm.start();
    wm.start();
    expect(wins()).toHaveLength(3);
  });
});

describe('remembered state', () => {
  it('reopens each window on the same display with its bounds, maximized and fullscreen state', () => {
    let wm = manager();
    wm.start();
    const on = (id: number) => wm.assignments().find((a) => a.displayId === id)!.win as unknown as fake.BrowserWindow;
    on(10).setBounds({ x: 100, y: 50, width: 1200, height: 800 });
    on(20).readyToShow();
    on(20).setFullScreen(true);
    on(30).setBounds({ x: -1200, y: 10, width: 1000, height: 700 });
    on(30).maximize();

    wm = restart(wm);
    wm.start();
    expect(wins()).toHaveLength(3);
    const w10 = on(10);
    const w20 = on(20);
    const w30 = on(30);
    expect(w10.options).toMatchObject({ x: 100, y: 50, width: 1200, height: 800 });
    expect(w30.options).toMatchObject({ x: -1200, y: 10, width: 1000, height: 700 });
    for (const w of [w10, w20, w30]) w.readyToShow();
    expect(w20.fullscreen).toBe(true);
    expect(w30.maximized).toBe(true);
    expect(w10.fullscreen || w10.maximized).toBe(false);
    const saved = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    expect(saved.version).toBe(1);
    expect(saved.windows.map((w: { displayId: number }) => w.displayId).sort()).toEqual([10, 20, 30]);
  });

  it('does not record bounds once the OS has pushed a window onto another display', () => {
    let wm = manager();
    wm.start();
    const w20 = wm.assignments().find((a) => a.displayId === 20)!.win as unknown as fake.BrowserWindow;
    w20.setBounds({ x: 2000, y: 100, width: 1000, height: 700 });
    w20.setBounds({ x: 100, y: 100, width: 1000, height: 700 }); // now on display 10
    wm = restart(wm);
    wm.start();
    const again = wm.assignments().find((a) => a.displayId === 20)!.win as unknown as fake.BrowserWindow;
    expect(again.options).toMatchObject({ x: 2000, y: 100, width: 1000, height: 700 });
  });

  it('falls back to the display work area when remembered bounds no longer fit (resolution changed)', () => {
    fs.writeFileSync(
      stateFile,
      JSON.stringify({ version: 1, windows: [{ displayId: 20, bounds: { x: 5000, y: 0, width: 1200, height: 800 }, fullscreen: false }] }),
    );
    const wm = manager();
    wm.start();
    const w20 = wm.assignments().find((a) => a.displayId === 20)!.win as unknown as fake.BrowserWindow;
    expect(w20.options).toMatchObject({ x: 1920, y: 0, width: 1920, height: 1040 });
  });

  it.each([
    ['not JSON', '{"version":1,"windows":[{'],
    ['empty file', ''],
    ['binary junk', '\u0000\u0001\u0002garbage'],
    ['wrong version', JSON.stringify({ version: 99, windows: [] })],
    ['wrong shape', JSON.stringify({ version: 1, windows: 'all of them' })],
    ['a NaN-ish width', JSON.stringify({ version: 1, windows: [{ displayId: 10, bounds: { x: 0, y: 0, width: 'wide', height: 800 }, fullscreen: false }] })],
    ['a negative width', JSON.stringify({ version: 1, windows: [{ displayId: 10, bounds: { x: 0, y: 0, width: -5, height: 800 }, fullscreen: false }] })],
    ['absurd coordinates', JSON.stringify({ version: 1, windows: [{ displayId: 10, bounds: { x: 1e12, y: 0, width: 800, height: 800 }, fullscreen: false }] })],
    ['null', 'null'],
    ['an array', '[]'],
  ])('a corrupted state file (%s) gives defaults, never a crash', (_name, content) => {
    fs.writeFileSync(stateFile, content);
    const logs: string[] = [];
    expect(loadWindowState(stateFile, (m) => logs.push(m))).toEqual({ version: 1, windows: [] });
    expect(logs.length).toBe(1);
    const wm = manager();
    expect(() => wm.start()).not.toThrow();
    expect(wins()).toHaveLength(3);
    const w10 = wm.assignments().find((a) => a.displayId === 10)!.win as unknown as fake.BrowserWindow;
    expect(w10.options).toMatchObject({ x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('a missing state file is silently the default', () => {
    const logs: string[] = [];
    expect(loadWindowState(path.join(dir, 'nope.json'), (m) => logs.push(m))).toEqual({ version: 1, windows: [] });
    expect(logs).toEqual([]);
  });

  it('a state file that cannot be written is logged, not thrown', () => {
    const logs: string[] = [];
    const wm = new WindowManager({ stateFile: path.join(dir, 'blocker', 'x.json'), preloadPath: '/p', log: (m) => logs.push(m) });
    fs.writeFileSync(path.join(dir, 'blocker'), 'a file where a directory should be');
    managers.push(wm);
    wm.start();
    logs.length = 0;
    expect(() => wm.saveNow()).not.toThrow();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^could not save window state \((EEXIST|ENOTDIR|ENOENT)\b/);
    // nothing half-written is left behind
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // and a writable place saves again without a word
    const ok = new WindowManager({ stateFile: path.join(dir, 'ok.json'), preloadPath: '/p', log: (m) => logs.push(m) });
    managers.push(ok);
    ok.start();
    logs.length = 0;
    ok.saveNow();
    expect(logs).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'ok.json'))).toBe(true);
  });
});

describe('displays come and go', () => {
  it('opens a window on a display that is plugged in, at its remembered bounds', () => {
    fs.writeFileSync(
      stateFile,
      JSON.stringify({ version: 1, windows: [{ displayId: 40, bounds: { x: 3900, y: 100, width: 1000, height: 700 }, fullscreen: false, maximized: false }] }),
    );
    const wm = manager();
    wm.start();
    expect(wins()).toHaveLength(3);
    fake.addDisplay(fake.makeDisplay(40, 3840));
    expect(wins()).toHaveLength(4);
    const w40 = wm.assignments().find((a) => a.displayId === 40)!.win as unknown as fake.BrowserWindow;
    expect(w40.options).toMatchObject({ x: 3900, y: 100, width: 1000, height: 700 });
    expect(w40.loadedUrls).toEqual(['app://trucban/index.html?display=3&displayId=40']);
  });

  it('closes the window of a display that is unplugged, keeps the others, and remembers it for later', () => {
    const wm = manager();
    wm.start();
    const w20 = wm.assignments().find((a) => a.displayId === 20)!.win as unknown as fake.BrowserWindow;
    w20.setBounds({ x: 2000, y: 20, width: 900, height: 600 });
    fake.removeDisplay(20);
    expect(w20.isDestroyed()).toBe(true);
    expect(wins()).toHaveLength(2);
    expect(wm.assignments().map((a) => a.displayId).sort()).toEqual([10, 30]);
    fake.addDisplay(fake.makeDisplay(20, 1920));
    const back = wm.assignments().find((a) => a.displayId === 20)!.win as unknown as fake.BrowserWindow;
    expect(back.options).toMatchObject({ x: 2000, y: 20, width: 900, height: 600 });
  });

  it('never drops to zero windows when the only display is swapped for another', () => {
    fake.screen.displays = [fake.makeDisplay(1, 0)];
    fake.screen.primaryId = 1;
    const wm = manager();
    wm.start();
    let allClosed = 0;
    fake.app.on('window-all-closed', () => allClosed++);
    // dock → laptop: the new display arrives in the same change as the old one leaves
    fake.screen.displays = [fake.makeDisplay(2, 0, 0, 1366, 768)];
    fake.screen.primaryId = 2;
    fake.screen.emit('display-removed', new fake.FakeEvent(), fake.makeDisplay(1, 0));
    expect(allClosed).toBe(0);
    expect(wm.assignments().map((a) => a.displayId)).toEqual([2]);
  });

  it('pulls a window back onto its display when the display’s resolution shrinks', () => {
    const wm = manager();
    wm.start();
    const w20 = wm.assignments().find((a) => a.displayId === 20)!.win as unknown as fake.BrowserWindow;
    w20.setBounds({ x: 3000, y: 100, width: 800, height: 600 });
    const smaller = fake.makeDisplay(20, 1920, 0, 1024, 768);
    fake.screen.displays = fake.screen.displays.map((d) => (d.id === 20 ? smaller : d));
    fake.screen.emit('display-metrics-changed', new fake.FakeEvent(), smaller, ['bounds']);
    expect(w20.getBounds()).toEqual(smaller.workArea);
  });

  it('stops following displays after dispose()', () => {
    const wm = manager();
    wm.start();
    wm.dispose();
    fake.addDisplay(fake.makeDisplay(40, 3840));
    expect(wins()).toHaveLength(3);
  });
});

describe('pure helpers', () => {
  it('orders displays primary first, then left → right, top → bottom', () => {
    const ds = [fake.makeDisplay(3, 1920), fake.makeDisplay(1, -1920), fake.makeDisplay(2, 0), fake.makeDisplay(4, 1920, -1080)] as unknown as Display[];
    expect(orderDisplays(ds, 2).map((d) => d.id)).toEqual([2, 1, 4, 3]);
  });

  it('boundsFor keeps fitting bounds and replaces ones that are off-display or larger than it', () => {
    const d = fake.makeDisplay(1, 0) as unknown as Display;
    expect(boundsFor(d, { x: 10, y: 10, width: 800, height: 600 })).toEqual({ x: 10, y: 10, width: 800, height: 600 });
    expect(boundsFor(d, { x: 5000, y: 10, width: 800, height: 600 })).toEqual(d.workArea);
    expect(boundsFor(d, { x: 0, y: 0, width: 4000, height: 600 })).toEqual(d.workArea);
    expect(boundsFor(d)).toEqual(d.workArea);
  });

  it('displayUrl builds the app URL with the display ordinal and id', () => {
    expect(displayUrl(2, 12345)).toBe('app://trucban/index.html?display=2&displayId=12345');
  });
});
