/** First run on an empty database: the setup screen creates the station and its administrator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startStation } from './harness';
import type { Station } from './harness';

let st: Station;

beforeAll(async () => {
  st = await startStation({ demo: false });
});

afterAll(async () => {
  await st?.close();
});

describe('first-run setup (e2e)', () => {
  it('sets up the station and signs the new administrator in', async () => {
    const page = st.page;
    // first the installation's role; the station goes on to the setup form
    await page.getByTestId('role-choice').waitFor();
    await page.getByRole('button', { name: 'Chọn: Trạm trực ban (máy chủ của phòng)' }).click();
    await page.getByRole('heading', { name: 'Thiết lập ban đầu' }).waitFor();
    await screenshot(page, 'setup-1920');

    // a mismatched password is caught before anything is sent
    await page.locator('input[name=code]').fill('01B1');
    await page.locator('input[name=name]').fill('Chi cục Hải quan khu vực I — Trực ban');
    await page.locator('select[name=kind]').selectOption('regional_with_cameras');
    await page.locator('input[name=place]').fill('Hà Nội');
    await page.locator('input[name=login]').fill('quantri');
    await page.locator('input[name=fullName]').fill('Nguyễn Thị Quản Trị');
    await page.locator('input[name=password]').fill('mat-khau-an-toan');
    await page.locator('input[name=confirm]').fill('mat-khau-khac');
    await page.getByRole('button', { name: 'Hoàn tất thiết lập' }).click();
    await page.getByText('Mật khẩu nhập lại không khớp').waitFor();
    expect(st.core.station.get()).toBeNull();

    await page.locator('input[name=confirm]').fill('mat-khau-an-toan');
    await page.getByRole('button', { name: 'Hoàn tất thiết lập' }).click();
    await page.locator('.app-header').waitFor();
    expect(await page.locator('.app-header').innerText()).toContain('Chi cục Hải quan khu vực I — Trực ban');
    expect(await page.locator('.app-header').innerText()).toContain('Nguyễn Thị Quản Trị');
    const station = st.core.station.get();
    expect(station?.code).toBe('01B1');
    expect(station?.place).toBe('Hà Nội');
    expect(st.core.users.byLogin('quantri')?.roles).toEqual(['admin']);
    // the administrator sees the users screen and can create the first officer
    await page.keyboard.press('Alt+U');
    await page.getByTestId('users').waitFor();
    await page.locator('input[name=new-login]').fill('duc.pv');
    await page.locator('input[name=new-fullName]').fill('Phạm Văn Đức');
    await page.locator('input[name=new-password]').fill('mat-khau-duc-123');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByTestId('users').getByText('Phạm Văn Đức').waitFor();
    expect(st.core.users.byLogin('duc.pv')?.roles).toEqual(['surveillance_officer']);
    expect(st.pageErrors).toEqual([]);
  });
});
