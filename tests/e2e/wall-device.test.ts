/**
 * A wall device never goes dark (docs/security.md, "A wall never locks"), browser mode in
 * Debian's chromium. The station does not report LAN devices on its loopback server, so the test
 * makes the page believe it runs on a wall: it relays the page's /ws socket to the real station
 * (Playwright's routeWebSocket, a test-only relay that no build contains) and adds
 * `device: {role: 'wall'}` to each `app:status` reply — everything else is the real station.
 * With nobody signed in the wall shows with a small sign-in button; signed in, the navigation
 * offers only the wall, there is no lock button, Alt+K and the idle time lock nothing, Alt+N
 * opens no logbook and nothing of the logbook is asked; a tile offers no snapshot, clip or
 * raise (S, E, I do nothing); signing out keeps the very same wall element mounted (its tiles
 * keep playing).
 */
import type { Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signIn, startStation } from './harness';
import type { Station } from './harness';

let st: Station;
let page: Page;
const asked: string[] = [];
const pageErrors: string[] = [];

/** The page's /ws relayed to the station; app:status replies name a wall device. */
function asWall(ws: WebSocketRoute): void {
  const server = ws.connectToServer();
  const statusIds = new Set<number>();
  ws.onMessage((m) => {
    try {
      const msg = JSON.parse(String(m)) as { id?: number; channel?: string };
      if (typeof msg.channel === 'string') asked.push(msg.channel);
      if (msg.channel === 'app:status' && typeof msg.id === 'number') statusIds.add(msg.id);
    } catch {
      // not JSON: relayed as it is
    }
    server.send(m);
  });
  server.onMessage((m) => {
    try {
      const msg = JSON.parse(String(m)) as { id?: number; reply?: { ok: boolean; value?: Record<string, unknown> } };
      if (typeof msg.id === 'number' && statusIds.has(msg.id) && msg.reply?.ok && msg.reply.value) {
        statusIds.delete(msg.id);
        msg.reply.value.device = { id: 'dev-wall-1', name: 'Màn hình tường 1', role: 'wall' };
        ws.send(JSON.stringify(msg));
        return;
      }
    } catch {
      // not JSON: relayed as it is
    }
    ws.send(m);
  });
}

const wallMounted = () => page.evaluate(() => (window as unknown as { __wallNode?: Element }).__wallNode?.isConnected ?? false);

beforeAll(async () => {
  st = await startStation({ idleLockMinutes: 1 });
  const ctx = await st.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US', timezoneId: 'America/New_York' });
  await ctx.clock.install();
  page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.routeWebSocket(/\/ws/, asWall);
  await page.goto(st.server.launchUrl);
}, 120_000);

afterAll(async () => {
  await st?.close();
});

describe('a wall device (e2e, browser mode)', () => {
  it('nobody signed in: the wall, with a small sign-in button — no sign-in screen', async () => {
    await page.getByTestId('wall-signin').waitFor();
    expect(await page.locator('.shell__main[data-screen=wall]').count()).toBe(1);
    expect(await page.locator('input[name=login]').count()).toBe(0);
    await page.evaluate(() => {
      (window as unknown as { __wallNode?: Element }).__wallNode = document.querySelector('.shell__main[data-screen=wall] > *')!;
    });
    expect(await wallMounted()).toBe(true);
    await screenshot(page, 'wall-device-signed-out');
  });

  it('signed in: only the wall in the navigation, no lock, no logbook; the same wall stays mounted', async () => {
    await page.getByTestId('wall-signin-open').click();
    await signIn(page, 'hung.nv');
    expect(await wallMounted()).toBe(true);
    // what the wall could not fetch signed out is fetched now: the demo's cameras in the tree
    await expect.poll(() => page.locator('[data-testid=camera-tree] [data-camera-id]').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    const nav = await page.locator('nav button, nav a').allInnerTexts();
    expect(nav.length).toBe(1);
    expect(await page.locator('.hdr-actions button', { hasText: 'Khoá màn hình' }).count()).toBe(0);
    // Alt+N (logbook), Alt+K (lock): nothing; the idle time passes: nothing
    await page.keyboard.press('Alt+N');
    await page.keyboard.press('Alt+K');
    await page.clock.fastForward(3 * 60_000);
    await page.waitForTimeout(500);
    expect(await page.locator('.shell__main[data-screen=wall]').count()).toBe(1);
    expect(await page.locator('.app-header').count()).toBe(1);
    expect(await page.getByTestId('lock-waiting').count()).toBe(0);
    for (const ch of ['logbook:list', 'logbook:open', 'shift:current', 'auth:lock', 'incidents:alerts', 'users:list']) expect(asked, ch).not.toContain(ch);
    expect(await wallMounted()).toBe(true);
    // a camera on a tile: no snapshot, clip or raise on a wall (they end in the logbook), and S, E, I do nothing
    const tile0 = page.locator('[data-tile="0"]');
    await tile0.click();
    await page.getByTestId('camera-tree').getByTestId('tree-camera-1').click();
    await expect.poll(() => tile0.getAttribute('data-camera-id'), { timeout: 5_000 }).not.toBe('');
    await tile0.locator('.tile__actions').waitFor({ state: 'attached' });
    for (const id of ['tile-snapshot', 'tile-clip', 'tile-raise']) expect(await tile0.getByTestId(id).count(), id).toBe(0);
    expect(await tile0.getByTestId('tile-neighbours').count()).toBe(1);
    await tile0.focus();
    for (const k of ['s', 'e', 'i']) await page.keyboard.press(k);
    await page.waitForTimeout(300);
    for (const ch of ['video:snapshot', 'video:clip', 'attachments:put']) expect(asked, ch).not.toContain(ch);
    await screenshot(page, 'wall-device-signed-in');
  });

  it('signing out keeps the same wall element running, and shows the sign-in button again', async () => {
    await page.locator('.hdr-actions button', { hasText: 'Đăng xuất' }).click();
    await page.getByTestId('wall-signin').waitFor();
    expect(asked).toContain('auth:logout');
    expect(await wallMounted()).toBe(true);
    expect(await page.locator('input[name=login]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
