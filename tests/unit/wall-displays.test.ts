/**
 * The renderer's multi-display helpers without a browser: which display a page is (browser
 * `?display=N` from 1, Electron `?display=N&displayId=…` from 0), what a preset stores of a
 * wall, and where "open on all displays" puts each window (a fake Window Management API).
 * tests/e2e/wall-presets.test.ts drives the same code in chromium.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const TOKEN = 'tok_ABCdef123-xyz';
beforeAll(() => {
  const session = new Map<string, string>([['trucban.token', TOKEN]]);
  vi.stubGlobal('window', {
    location: { origin: 'http://127.0.0.1:8080', pathname: '/', search: '?display=1', hash: '' },
    history: { state: null, replaceState: () => undefined },
    sessionStorage: { getItem: (k: string) => session.get(k) ?? null, setItem: (k: string, v: string) => void session.set(k, v) },
    localStorage: { getItem: () => null, setItem: () => undefined, removeItem: () => undefined },
  });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

interface FakeScreen {
  availLeft: number;
  availTop: number;
  availWidth: number;
  availHeight: number;
}
const screen = (i: number): FakeScreen => ({ availLeft: i * 1920, availTop: 0, availWidth: 1920, availHeight: 1040 });

function fakeWindow(screens: FakeScreen[], current: number, opts: { deny?: boolean; block?: number[] } = {}) {
  const opened: { url: string; name: string; features: string }[] = [];
  let n = 0;
  const win = {
    getScreenDetails: () => (opts.deny ? Promise.reject(new DOMException('Permission denied.', 'NotAllowedError')) : Promise.resolve({ screens, currentScreen: screens[current]! })),
    open: (url: string, name: string, features: string) => {
      n++;
      if (opts.block?.includes(n)) return null;
      opened.push({ url, name, features });
      return {} as Window;
    },
  };
  return { win: win as unknown as Window, opened };
}

describe('display number of a wall page', () => {
  it('counts browser pages from 1 and Electron windows (displayId present) from 0', async () => {
    const { displayNumber } = await import('../../src-renderer/features/wall/wallStore');
    expect(displayNumber('?display=1')).toBe(1);
    expect(displayNumber('?display=2')).toBe(2);
    expect(displayNumber('?display=0&displayId=10')).toBe(1);
    expect(displayNumber('?display=1&displayId=30')).toBe(2);
    expect(displayNumber('?display=15&displayId=7')).toBe(16);
    for (const bad of ['', '?display=0', '?display=17', '?display=16&displayId=1', '?display=-1', '?display=1.5', '?display=x']) expect(displayNumber(bad), bad).toBe(1);
  });
});

describe('what a preset stores of a wall', () => {
  it('leaves out trailing empty tiles and tours of fewer than two cameras', async () => {
    const { layoutOf } = await import('../../src-renderer/features/wall/wallStore');
    const tiles = [
      { cameraId: 'a', tour: null },
      { cameraId: null, tour: null },
      { cameraId: 'b', tour: { cameraIds: ['b'], intervalSec: 10 } },
      { cameraId: 'c', tour: { cameraIds: ['c', 'a'], intervalSec: 20 } },
      ...Array.from({ length: 32 }, () => ({ cameraId: null, tour: null })),
    ];
    expect(layoutOf({ layout: '3x3', custom: { rows: 2, cols: 3 }, tiles })).toEqual({
      layout: '3x3',
      custom: { rows: 2, cols: 3 },
      tiles: [
        { cameraId: 'a', tour: null },
        { cameraId: null, tour: null },
        { cameraId: 'b', tour: null },
        { cameraId: 'c', tour: { cameraIds: ['c', 'a'], intervalSec: 20 } },
      ],
    });
  });
});

describe('open on all displays', () => {
  const url = (n: number) => `http://127.0.0.1:8080/?display=${n}#token=${TOKEN}`;

  it('opens display i+1 on screen i, placed on that screen, named so that a second press reuses it', async () => {
    const { openOnAllDisplays } = await import('../../src-renderer/features/wall/displays');
    const { win, opened } = fakeWindow([screen(0), screen(1), screen(2)], 0);
    const r = await openOnAllDisplays(1, win as never);
    expect(r).toEqual({ reason: 'opened', opened: [2, 3], manual: [] });
    expect(opened).toEqual([
      { url: url(2), name: 'trucban-display-2', features: 'popup,left=1920,top=0,width=1920,height=1040' },
      { url: url(3), name: 'trucban-display-3', features: 'popup,left=3840,top=0,width=1920,height=1040' },
    ]);
  });

  it('keeps this page’s number when it sits on another screen (the two numbers swap)', async () => {
    const { openOnAllDisplays } = await import('../../src-renderer/features/wall/displays');
    // display 1 is on the second screen: screen 0 gets display 2
    const { win, opened } = fakeWindow([screen(0), screen(1), screen(2)], 1);
    const r = await openOnAllDisplays(1, win as never);
    expect(r.opened).toEqual([2, 3]);
    expect(opened.map((o) => [o.url, o.features.split(',')[1]])).toEqual([
      [url(2), 'left=0'],
      [url(3), 'left=3840'],
    ]);
  });

  it('falls back to the addresses when the API is missing or denied, there is one screen, or pop-ups are blocked', async () => {
    const { openOnAllDisplays } = await import('../../src-renderer/features/wall/displays');
    const manual = [2, 3, 4].map((display) => ({ display, url: url(display) }));
    expect(await openOnAllDisplays(1, { open: () => null } as never)).toEqual({ reason: 'unsupported', opened: [], manual });
    expect(await openOnAllDisplays(1, fakeWindow([screen(0), screen(1)], 0, { deny: true }).win as never)).toEqual({ reason: 'denied', opened: [], manual });
    expect(await openOnAllDisplays(1, fakeWindow([screen(0)], 0).win as never)).toEqual({ reason: 'single', opened: [], manual });
    const blocked = fakeWindow([screen(0), screen(1), screen(2)], 0, { block: [2] });
    expect(await openOnAllDisplays(1, blocked.win as never)).toEqual({ reason: 'blocked', opened: [2], manual: [{ display: 3, url: url(3) }] });
  });
});

describe('messages between wall pages', () => {
  it('accepts only the known shapes', async () => {
    const { parseWallMessage } = await import('../../src-renderer/features/wall/presets');
    expect(parseWallMessage({ type: 'save', name: 'Ca ngày' })).toEqual({ type: 'save', name: 'Ca ngày' });
    expect(parseWallMessage({ type: 'load', name: 'Ca ngày', extra: 1 })).toEqual({ type: 'load', name: 'Ca ngày' });
    expect(parseWallMessage({ type: 'changed' })).toEqual({ type: 'changed' });
    for (const bad of [null, 'save', { type: 'save' }, { type: 'save', name: '' }, { type: 'load', name: 3 }, { type: 'drop', name: 'x' }, { type: 'save', name: 'x'.repeat(400) }]) {
      expect(parseWallMessage(bad)).toBeNull();
    }
  });
});
