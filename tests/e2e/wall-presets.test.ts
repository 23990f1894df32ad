/**
 * Named wall presets across displays, through the real UI (browser mode, Debian chromium):
 * two wall pages `?display=1` and `?display=2` in one browser, each with its own layout; saving
 * "Ca ngày" on display 1 saves both displays' layouts in main; loading it on display 1 restores
 * both pages; a fresh browser (no localStorage) sees and opens it; deleting it on display 2
 * removes it everywhere. Presets an older version kept in localStorage move into main once.
 * "Open on all displays" (browser mode only): with two emulated screens (`--screen-info`) and
 * the 'window-management' permission granted over CDP, a window for display 2 opens on the
 * second screen; with the permission denied or the API missing, the officer gets the addresses
 * to open by hand. An Electron-style page (preload bridge, `?display=0&displayId=…`) is display
 * 1, sees the presets and has no such button. No live video: tiles show no picture.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/app/core';
import type { Core } from '../../src-main/app/core';
import { startBrowserServer } from '../../src-main/server/browser';
import type { BrowserServer } from '../../src-main/server/browser';
import { CHANNEL_NAMES } from '../../src-shared/contract/channels';
import { CHROMIUM_ARGS, ROOT, screenshot, signIn } from './harness';
import { eventually } from './wall-station';

const SCREEN = { width: 1600, height: 900 };
const PASSWORD = 'mat-khau-thu-nghiem';
let dir: string;
let core: Core;
let server: BrowserServer;
let browser: Browser;
let ctx: BrowserContext;
let p1: Page;
let p2: Page;
const pageErrors: string[] = [];
const ids: Record<number, string> = {};

const watch = (p: Page) => p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
const wallUrl = (display: number) => `${server.url}/?display=${display}#token=${server.token}`;
const tile = (p: Page, i: number) => p.locator(`[data-tile="${i}"]`);
const layoutOf = (p: Page) => p.getByTestId('wall-grid').getAttribute('data-layout');
const cameraIn = (p: Page, i: number) => tile(p, i).getAttribute('data-camera-id');
const presetOptions = (p: Page) => p.locator('select[name=preset] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));

async function setLayout(p: Page, layout: string): Promise<void> {
  await p.getByTestId('wall-layouts').locator(`[data-layout="${layout}"]`).click();
  await expect.poll(() => layoutOf(p)).toBe(layout);
}

async function put(p: Page, camera: number, index: number): Promise<void> {
  await p.getByTestId(`tree-camera-${camera}`).dragTo(tile(p, index));
  await expect.poll(() => cameraIn(p, index)).toBe(ids[camera]);
}

let browserCdp: CDPSession | null = null;

/**
 * Sets the 'window-management' permission of the page's browser context over CDP (Playwright's
 * grantPermissions does not know it). The override lasts as long as the CDP session that made
 * it, so that session stays open for the whole file.
 */
async function windowManagement(p: Page, setting: 'granted' | 'denied'): Promise<void> {
  const session = await p.context().newCDPSession(p);
  const { targetInfo } = await session.send('Target.getTargetInfo');
  await session.detach();
  browserCdp ??= await browser.newBrowserCDPSession();
  const b = browserCdp;
  const browserContextId = targetInfo.browserContextId;
  expect(browserContextId).toBeTruthy();
  // a setting made earlier (denied) is not overridden by setPermission alone: reset first
  await b.send('Browser.resetPermissions', { browserContextId });
  await b.send('Browser.setPermission', { permission: { name: 'window-management' }, setting, origin: server.url, browserContextId });
  expect(await p.evaluate(async () => (await navigator.permissions.query({ name: 'window-management' as PermissionName })).state)).toBe(setting);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-presets-'));
  core = openCore({ dbPath: path.join(dir, 'station.sqlite') });
  // a station with the demo cameras (no simulator: the tiles show no picture) and three officers
  await core.setupStation(
    { code: 'KV06', name: 'Chi cục Hải quan khu vực VI', kind: 'regional_with_cameras', place: 'Lạng Sơn', parentBody: 'CỤC HẢI QUAN' },
    { login: 'admin', fullName: 'Quản trị', password: PASSWORD },
  );
  await core.users.create({ login: 'lan.tt', fullName: 'Trần Thị Lan', roles: ['room_leader'], password: PASSWORD }, 'admin');
  await core.users.create({ login: 'hung.nv', fullName: 'Nguyễn Văn Hùng', roles: ['shift_leader'], password: PASSWORD }, 'admin');
  await core.users.create({ login: 'duc.pv', fullName: 'Phạm Văn Đức', roles: ['surveillance_officer'], password: PASSWORD }, 'admin');
  core.cameras.importCsv(fs.readFileSync(path.join(ROOT, 'assets/cameras/demo-cameras.csv'), 'utf8'), 'admin');
  for (const c of core.cameras.list()) ids[c.number] = c.id;
  server = await startBrowserServer({ dispatcher: core.dispatcher, push: core.push, attachments: core.attachments, staticDir: path.join(ROOT, 'dist/renderer') });
  // two screens side by side, so the Window Management API has somewhere to place a window
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--screen-info={0,0 ${SCREEN.width}x${SCREEN.height}}{${SCREEN.width},0 ${SCREEN.width}x${SCREEN.height}}`],
  });
  ctx = await browser.newContext({ viewport: SCREEN, locale: 'en-US', timezoneId: 'America/New_York' });
  p1 = await ctx.newPage();
  watch(p1);
  await p1.goto(wallUrl(1));
  await p1.locator('input[name=login]').waitFor();
  // a preset an older version kept in this browser for display 1
  const legacy = { 'Bố cục cũ': { layout: '1', custom: { rows: 2, cols: 3 }, tiles: [{ cameraId: ids[5], tour: null }] } };
  await p1.evaluate((v) => localStorage.setItem('trucban.wall.presets.1', v), JSON.stringify(legacy));
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  core?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('wall presets across displays (e2e)', () => {
  it('moves the presets kept in localStorage into main once, then forgets them', async () => {
    await signIn(p1, 'lan.tt', PASSWORD);
    // signing in opens the shift board (as on any page); Alt+W goes to the wall
    await p1.keyboard.press('Alt+W');
    await p1.getByTestId('wall').waitFor();
    await eventually(() => core.walls.get('Bố cục cũ') !== null, 'the old preset in main');
    expect(core.walls.get('Bố cục cũ')!.displays).toEqual({ '1': { layout: '1', custom: { rows: 2, cols: 3 }, tiles: [{ cameraId: ids[5], tour: null }] } });
    expect(core.walls.get('Bố cục cũ')!.updatedBy).toBe('lan.tt');
    await expect.poll(() => p1.evaluate(() => localStorage.getItem('trucban.wall.presets.1'))).toBeNull();
    await expect.poll(() => presetOptions(p1)).toEqual(['Bố cục cũ']);
  });

  it('saves "Ca ngày" from display 1 with every open display’s layout, and loading it restores both', async () => {
    // display 2 in the same browser: signed in already (the session key is shared)
    p2 = await ctx.newPage();
    watch(p2);
    await p2.goto(wallUrl(2));
    await p2.getByTestId('wall').waitFor();
    expect(await p2.locator('.wall-display').innerText()).toBe('Màn hình 2');

    await setLayout(p1, '2x2');
    await put(p1, 1, 0);
    await put(p1, 2, 1);
    await setLayout(p2, '1+5');
    await put(p2, 3, 0);
    await put(p2, 4, 2);

    await p1.locator('input[name=presetName]').fill('  Ca ngày ');
    await p1.locator('input[name=presetName]').press('Enter');
    await eventually(() => Object.keys(core.walls.get('Ca ngày')?.displays ?? {}).join() === '1,2', 'both displays saved in "Ca ngày"');
    const saved = core.walls.get('Ca ngày')!;
    expect(saved.displays['1']).toMatchObject({ layout: '2x2', tiles: [{ cameraId: ids[1] }, { cameraId: ids[2] }] });
    expect(saved.displays['2']).toMatchObject({ layout: '1+5', tiles: [{ cameraId: ids[3] }, { cameraId: null }, { cameraId: ids[4] }] });
    // both pages list it, with the displays it covers
    for (const p of [p1, p2]) await expect.poll(() => presetOptions(p)).toEqual(['Bố cục cũ', 'Ca ngày']);
    expect(await p1.locator('select[name=preset] option[value="Ca ngày"]').innerText()).toBe('Ca ngày (màn hình 1, 2)');
    expect(await p1.locator('select[name=preset]').inputValue()).toBe('Ca ngày');

    // both walls change…
    await setLayout(p1, '3x3');
    await put(p1, 6, 0);
    await setLayout(p2, '4x4');
    await tile(p2, 0).focus();
    await p2.keyboard.press('Delete');
    await expect.poll(() => cameraIn(p2, 0)).toBe('');

    // …and "Ca ngày" opened on display 1 restores both
    await p1.locator('select[name=preset]').selectOption('Ca ngày');
    await p1.getByRole('button', { name: 'Mở', exact: true }).click();
    await expect.poll(() => layoutOf(p1)).toBe('2x2');
    expect(await cameraIn(p1, 0)).toBe(ids[1]);
    expect(await cameraIn(p1, 1)).toBe(ids[2]);
    await expect.poll(() => layoutOf(p2)).toBe('1+5');
    expect(await cameraIn(p2, 0)).toBe(ids[3]);
    expect(await cameraIn(p2, 2)).toBe(ids[4]);

    // a preset without a part for display 2 leaves display 2 as it is
    await p1.locator('select[name=preset]').selectOption('Bố cục cũ');
    await p1.getByRole('button', { name: 'Mở', exact: true }).click();
    await expect.poll(() => layoutOf(p1)).toBe('1');
    expect(await cameraIn(p1, 0)).toBe(ids[5]);
    await new Promise((r) => setTimeout(r, 500));
    expect(await layoutOf(p2)).toBe('1+5');
    await p1.locator('select[name=preset]').selectOption('Ca ngày');
    await p1.getByRole('button', { name: 'Mở', exact: true }).click();
    await expect.poll(() => layoutOf(p1)).toBe('2x2');
  });

  it('a fresh browser (no localStorage) sees the preset, since main keeps it', async () => {
    const other = await browser.newContext({ viewport: SCREEN, locale: 'en-US', timezoneId: 'America/New_York' });
    const p = await other.newPage();
    watch(p);
    await p.goto(wallUrl(2));
    await signIn(p, 'duc.pv', PASSWORD);
    // signing in opens the shift board (as on any page); Alt+W goes to the wall
    await p.keyboard.press('Alt+W');
    await p.getByTestId('wall').waitFor();
    await expect.poll(() => presetOptions(p)).toEqual(['Bố cục cũ', 'Ca ngày']);
    expect(await layoutOf(p)).toBe('2x2'); // the default wall
    await p.locator('select[name=preset]').selectOption('Ca ngày');
    await p.getByRole('button', { name: 'Mở', exact: true }).click();
    await expect.poll(() => layoutOf(p)).toBe('1+5');
    expect(await cameraIn(p, 0)).toBe(ids[3]);
    await other.close();
  });

  it('an Electron window (preload bridge, display ordinal 0) is display 1, sees the presets and has no “open on all displays”', async () => {
    const other = await browser.newContext({ viewport: SCREEN });
    const p = await other.newPage();
    watch(p);
    await p.exposeFunction('__trucbanCall', (channel: string, input: unknown) => core.dispatcher.call(channel, input, { sessionId: 'ipc:presets', transport: 'test' }));
    await p.addInitScript((names: readonly string[]) => {
      const call = (window as unknown as { __trucbanCall: (c: string, i: unknown) => Promise<unknown> }).__trucbanCall;
      const api: Record<string, (input: unknown) => Promise<unknown>> = {};
      for (const n of names) api[n] = (input: unknown) => call(n, input);
      Object.defineProperty(window, 'trucban', { value: Object.freeze(api) });
    }, CHANNEL_NAMES);
    await p.goto(`${server.url}/?display=0&displayId=10`);
    await signIn(p, 'hung.nv', PASSWORD);
    // signing in opens the shift board (as on any page); Alt+W goes to the wall
    await p.keyboard.press('Alt+W');
    await p.getByTestId('wall').waitFor();
    expect(await p.locator('.wall-display').innerText()).toBe('Màn hình 1');
    await expect.poll(() => presetOptions(p)).toEqual(['Bố cục cũ', 'Ca ngày']);
    expect(await p.getByTestId('wall-presets').count()).toBe(1);
    expect(await p.getByTestId('wall-open-all').count()).toBe(0);
    await p.locator('select[name=preset]').selectOption('Ca ngày');
    await p.getByRole('button', { name: 'Mở', exact: true }).click();
    await expect.poll(() => layoutOf(p)).toBe('2x2');
    expect(await cameraIn(p, 1)).toBe(ids[2]);
    await other.close();
  });

  it('“open on all displays”: without the permission it lists the addresses to open by hand', async () => {
    expect(await p1.evaluate(() => typeof (window as unknown as { getScreenDetails?: unknown }).getScreenDetails)).toBe('function');
    await windowManagement(p1, 'denied');
    await p1.getByTestId('wall-open-all').click();
    const help = p1.getByTestId('wall-open-all-help');
    await help.waitFor();
    expect(await help.getAttribute('data-reason')).toBe('denied');
    const text = await help.innerText();
    expect(text).toContain('Trình duyệt chưa được cấp quyền quản lý cửa sổ trên nhiều màn hình.');
    expect(text).toContain('Hãy mở các địa chỉ sau, mỗi địa chỉ trên một màn hình');
    const links = await help.locator('a').evaluateAll((as) => as.map((a) => [(a as HTMLAnchorElement).dataset.display, (a as HTMLAnchorElement).href]));
    expect(links).toEqual([2, 3, 4].map((n) => [String(n), `${server.url}/?display=${n}#token=${server.token}`]));
    await p1.mouse.move(5, SCREEN.height - 5);
    const file = await screenshot(p1, 'wall-presets');
    // a palette PNG (≤ 300 KB) beside it, to copy to docs/images/ui-wall-presets.png by hand
    const small = file.replace(/\.png$/, '-small.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', file, '-vf', 'split[a][b];[a]palettegen=max_colors=160[p];[b][p]paletteuse=dither=none', small]);
    expect(fs.statSync(small).size).toBeLessThanOrEqual(300 * 1024);

    // an address from the list opens a signed-in wall for its display
    const [opened] = await Promise.all([ctx.waitForEvent('page'), help.locator('a[data-display="3"]').click()]);
    watch(opened);
    await opened.getByTestId('wall').waitFor();
    expect(await opened.locator('.wall-display').innerText()).toBe('Màn hình 3');
    expect(new URL(opened.url()).hash).toBe(''); // the token left the address bar
    await opened.close();
    await help.getByRole('button', { name: 'Đóng' }).click();
    await expect.poll(() => help.count()).toBe(0);
  });

  it('“open on all displays”: without the API (older browser) it says so and lists the addresses', async () => {
    // the window is a [Global] object: its operations live on the instance, not the prototype
    await p1.evaluate(() => {
      const saved = Object.getOwnPropertyDescriptor(window, 'getScreenDetails');
      delete (window as unknown as { getScreenDetails?: unknown }).getScreenDetails;
      (window as unknown as { __restoreScreens: () => void }).__restoreScreens = () => {
        if (saved) Object.defineProperty(window, 'getScreenDetails', saved);
      };
    });
    expect(await p1.evaluate(() => 'getScreenDetails' in window)).toBe(false);
    await p1.getByTestId('wall-open-all').click();
    const help = p1.getByTestId('wall-open-all-help');
    await help.waitFor();
    expect(await help.getAttribute('data-reason')).toBe('unsupported');
    expect(await help.innerText()).toContain('Trình duyệt này không hỗ trợ mở cửa sổ trên nhiều màn hình (Window Management API).');
    expect(await help.locator('a').count()).toBe(3);
    await p1.evaluate(() => (window as unknown as { __restoreScreens: () => void }).__restoreScreens());
    await help.getByRole('button', { name: 'Đóng' }).click();
  });

  it('“open on all displays”: with the permission granted, opens display 2’s wall on the second screen', async () => {
    await windowManagement(p1, 'granted');
    const [popup] = await Promise.all([ctx.waitForEvent('page'), p1.getByTestId('wall-open-all').click()]);
    watch(popup);
    await popup.getByTestId('wall').waitFor();
    expect(new URL(popup.url()).search).toBe('?display=2');
    expect(await popup.locator('.wall-display').innerText()).toBe('Màn hình 2');
    // placed on the second screen (x ≥ its left edge)
    const pos = await popup.evaluate(() => ({ x: window.screenX, y: window.screenY }));
    expect(pos.x).toBeGreaterThanOrEqual(SCREEN.width);
    // it shows display 2's working wall (the same as the other display-2 page)
    await expect.poll(() => layoutOf(popup)).toBe('1+5');
    expect(await p1.getByTestId('wall-open-all-help').count()).toBe(0);
    await popup.close();
  });

  it('deleting on display 2 removes the preset from every page and from main', async () => {
    await p2.locator('select[name=preset]').selectOption('Ca ngày');
    await p2.getByRole('button', { name: 'Xóa', exact: true }).click();
    for (const p of [p1, p2]) await expect.poll(() => presetOptions(p)).toEqual(['Bố cục cũ']);
    expect(core.walls.get('Ca ngày')).toBeNull();
    expect(core.verify().ok).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
