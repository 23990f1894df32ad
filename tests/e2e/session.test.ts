/**
 * Sessions through the real UI: lockout after repeated wrong passwords (with the minutes left),
 * the idle screen lock after the station's idleLockMinutes without keyboard or mouse activity,
 * unlocking with the password, and signing out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { startBrowserServer } from '../../src-main/server/browser';
import { ROOT, screenshot, signIn, startStation } from './harness';
import type { Station } from './harness';

let st: Station;

beforeAll(async () => {
  st = await startStation({ demo: true, idleLockMinutes: 2, fakeClock: true, viewport: { width: 1366, height: 768 } });
});

afterAll(async () => {
  await st?.close();
});

describe('sessions (e2e)', () => {
  it('locks an account out after five wrong passwords and says how many minutes are left', async () => {
    const page = st.page;
    const login = page.locator('input[name=login]');
    const password = page.locator('input[name=password]');
    await login.waitFor();
    for (let i = 0; i < 5; i++) {
      await login.fill('hoa.dt');
      await password.fill(`sai-mat-khau-${i}`);
      await password.press('Enter');
      await page.getByTestId('login-error').waitFor();
      await page.waitForFunction(() => !document.querySelector('button[type=submit]')?.textContent?.includes('…'));
    }
    const msg = await page.getByTestId('login-error').innerText();
    expect(msg).toContain('Tài khoản tạm khoá do đăng nhập sai nhiều lần');
    expect(msg).toMatch(/thử lại sau 15 phút/);
    // even the right password is refused while locked out
    await login.fill('hoa.dt');
    await password.fill('trucban-demo');
    await password.press('Enter');
    await expect.poll(() => page.getByTestId('login-error').innerText()).toMatch(/sau 1[45] phút/);
    await screenshot(page, 'login-lockout-1366');
  });

  it('locks the screen after the idle time, and unlocks with the password', async () => {
    const page = st.page;
    await signIn(page, 'duc.pv');
    await page.getByTestId('roster').waitFor();
    // activity keeps the screen open…
    await page.clock.fastForward(60_000);
    await page.mouse.move(200, 200);
    await page.clock.fastForward(70_000);
    expect(await page.locator('.app-header').count()).toBe(1);
    // …two minutes without any locks it
    await page.clock.fastForward(125_000);
    await page.getByRole('heading', { name: 'Màn hình đang khoá' }).waitFor();
    expect(await page.getByText('Phiên làm việc của Phạm Văn Đức đang bị khoá.').count()).toBe(1);
    await screenshot(page, 'lock-1366');

    // main locked the session too: a reload still shows the lock screen
    await page.reload();
    await page.getByRole('heading', { name: 'Màn hình đang khoá' }).waitFor();

    await page.locator('input[name=password]').fill('khong-dung');
    await page.locator('input[name=password]').press('Enter');
    await page.getByText('Sai tên đăng nhập hoặc mật khẩu').waitFor();
    await page.locator('input[name=password]').fill('trucban-demo');
    await page.locator('input[name=password]').press('Enter');
    await page.locator('.app-header').waitFor();
    expect(await page.locator('.app-header').innerText()).toContain('Phạm Văn Đức');
  });

  it('says when the link to main is lost, rejects the call, and recovers when it is back', async () => {
    const page = st.page;
    const { port, token } = st.server;
    await st.server.close();
    await page.getByText('Mất kết nối với dịch vụ ứng dụng — đang kết nối lại…').waitFor();
    // an action while the link is down fails at once with a translated message (not a hang)
    await page.keyboard.press('Alt+N');
    await page.keyboard.press('Alt+1');
    await page.keyboard.type('Ghi khi mất kết nối');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('entry-error').filter({ hasText: 'Mất kết nối với dịch vụ ứng dụng; thao tác chưa được thực hiện' }).waitFor();
    await screenshot(page, 'link-down-1366');

    st.server = await startBrowserServer({ dispatcher: st.core.dispatcher, push: st.core.push, attachments: st.core.attachments, staticDir: path.join(ROOT, 'dist/renderer'), port, token });
    await page.clock.fastForward(15_000);
    await page.locator('.link-banner').waitFor({ state: 'detached' });
    // same session as before: still signed in, and the entry can now be saved
    await page.keyboard.press('Control+Enter');
    await page.locator('.toast', { hasText: 'Đã ghi mục số' }).waitFor();
    expect(st.core.logbook.list({}, 1).entries[0]?.text).toBe('Ghi khi mất kết nối');
  });

  it('signs out back to the login screen', async () => {
    const page = st.page;
    await page.locator('.app-header').getByRole('button', { name: 'Đăng xuất' }).click();
    await page.locator('input[name=login]').waitFor();
    await page.reload();
    await page.locator('input[name=login]').waitFor();
    expect(st.pageErrors).toEqual([]);
  });
});
