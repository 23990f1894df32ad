/**
 * A temporary password (here one an administrator set when creating the account) is changed at
 * the first sign-in: the app shows the password change and nothing else until it is done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signIn, startStation } from './harness';
import type { Station } from './harness';

let st: Station;

beforeAll(async () => {
  st = await startStation({ demo: true, viewport: { width: 1366, height: 768 } });
});

afterAll(async () => {
  await st?.close();
});

const typeCredentials = async (login: string, password: string) => {
  const page = st.page;
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(password);
  await page.locator('input[name=password]').press('Enter');
};

describe('first sign-in with a temporary password (e2e)', () => {
  it('an administrator creates an account; its first sign-in shows only the password change, then the app', async () => {
    const page = st.page;
    // the demo accounts are not temporary: straight into the app
    await signIn(page, 'admin');
    await page.keyboard.press('Alt+U');
    await page.getByTestId('users').waitFor();
    await page.getByText('Mật khẩu tạm thời: người dùng phải đổi ở lần đăng nhập đầu tiên.').waitFor();
    await page.locator('input[name=new-login]').fill('mai.nt');
    await page.locator('input[name=new-fullName]').fill('Nguyễn Thị Mai');
    await page.locator('input[name=new-password]').fill('tam-thoi-2026');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByTestId('users').getByText('Nguyễn Thị Mai').waitFor();
    await page.locator('.app-header').getByRole('button', { name: 'Đăng xuất' }).click();

    await typeCredentials('mai.nt', 'tam-thoi-2026');
    await page.getByRole('heading', { name: 'Đổi mật khẩu tạm thời' }).waitFor();
    expect(await page.getByTestId('forced-change-note').innerText()).toContain('Nguyễn Thị Mai đang dùng mật khẩu tạm thời');
    // nothing else: no header, no navigation, shortcuts lead nowhere
    expect(await page.locator('.app-header').count()).toBe(0);
    expect(await page.locator('.app-nav').count()).toBe(0);
    await page.keyboard.press('Alt+B');
    await page.keyboard.press('Alt+U');
    expect(await page.locator('.app-header').count()).toBe(0);
    await screenshot(page, 'forced-password-change-1366');

    // a reload resumes the session (browser mode): still the password change, and only it
    await page.reload();
    await page.getByRole('heading', { name: 'Đổi mật khẩu tạm thời' }).waitFor();
    expect(await page.locator('.app-header').count()).toBe(0);

    // the temporary password again is refused
    await page.locator('input[name=forced-current]').fill('tam-thoi-2026');
    await page.locator('input[name=forced-next]').fill('tam-thoi-2026');
    await page.locator('input[name=forced-confirm]').fill('tam-thoi-2026');
    await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
    await page.getByText('Mật khẩu mới phải khác mật khẩu tạm thời').waitFor();
    // a wrong temporary password is refused by main, translated
    await page.locator('input[name=forced-current]').fill('sai-mat-khau-tam');
    await page.locator('input[name=forced-next]').fill('mat-khau-cua-mai');
    await page.locator('input[name=forced-confirm]').fill('mat-khau-cua-mai');
    await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
    await page.getByText('Sai tên đăng nhập hoặc mật khẩu').waitFor();
    expect(await page.locator('.app-header').count()).toBe(0);

    await page.locator('input[name=forced-current]').fill('tam-thoi-2026');
    await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
    await page.locator('.app-header').waitFor();
    expect(await page.locator('.app-header').innerText()).toContain('Nguyễn Thị Mai');
    // the working data loads now that the password is her own
    await page.keyboard.press('Alt+B');
    await page.getByTestId('roster').waitFor();

    // the next sign-in is a normal one; the temporary password no longer works
    await page.locator('.app-header').getByRole('button', { name: 'Đăng xuất' }).click();
    await typeCredentials('mai.nt', 'tam-thoi-2026');
    await page.getByTestId('login-error').waitFor();
    await signIn(page, 'mai.nt', 'mat-khau-cua-mai');
    expect(await page.getByRole('heading', { name: 'Đổi mật khẩu tạm thời' }).count()).toBe(0);
    expect(st.pageErrors).toEqual([]);
  });
});
