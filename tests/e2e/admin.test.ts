/**
 * Leaders' and administrators' screens through the real UI: the roster editor (availability
 * shows on the dashboard), the rota (a unit code that does not exist is refused, translated;
 * the print stylesheet shows only the table), and station settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiftDateOf } from '../../src-shared/time/shift';
import { screenshot, signIn, startStation } from './harness';
import type { Station } from './harness';

let st: Station;

beforeAll(async () => {
  st = await startStation({ demo: true, viewport: { width: 1366, height: 768 } });
});

afterAll(async () => {
  await st?.close();
});

describe('roster, rota and settings (e2e)', () => {
  it('a shift leader marks an officer as isolated and the dashboard shows it', async () => {
    const page = st.page;
    await signIn(page, 'hung.nv');
    await page.keyboard.press('Alt+P');
    const row = page.locator('table.table--edit tbody tr', { has: page.locator('input[value="Đỗ Thị Hoa"]') });
    await row.waitFor();
    await row.locator('select[aria-label="Trạng thái"]').selectOption('isolated');
    await row.locator('input[aria-label="Địa điểm"]').fill('Khu cách ly tập trung');
    await page.getByRole('button', { name: 'Lưu phân công' }).click();
    await page.locator('.toast', { hasText: 'Đã lưu phân công ca trực' }).waitFor();
    const saved = st.core.shifts.roster(shiftDateOf(Date.now())).members.find((m) => m.fullName === 'Đỗ Thị Hoa');
    expect(saved?.availability).toBe('isolated');
    await screenshot(page, 'roster-1366');

    await page.keyboard.press('Alt+B');
    const hoa = page.getByTestId('roster').locator('tr', { hasText: 'Đỗ Thị Hoa' });
    await hoa.locator('.badge--isolated', { hasText: 'Cách ly' }).waitFor();
    expect(await hoa.innerText()).toContain('Khu cách ly tập trung');
  });

  it('the rota refuses an unknown unit code and prints a clean table', async () => {
    const page = st.page;
    await page.keyboard.press('Alt+L');
    await page.getByTestId('rota').waitFor();
    expect(await page.getByTestId('rota').innerText()).toContain('Thứ Hai');
    await page.getByRole('button', { name: 'Sửa lịch trực' }).click();
    await page.locator('input[aria-label^="Thứ Hai"]').fill('00C7, ZZ99');
    await page.getByRole('button', { name: 'Lưu lịch trực' }).click();
    const err = page.locator('.form-error');
    await err.waitFor();
    expect(await err.innerText()).toContain('Mã đơn vị hải quan ZZ99 không tồn tại');
    expect(st.core.shifts.rota().days.find((d) => d.weekday === 1)?.unitCodes).toEqual(['00C7']);
    await page.getByRole('button', { name: 'Huỷ' }).click();

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-nav').isVisible()).toBe(false);
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByTestId('rota').isVisible()).toBe(true);
    const head = await page.locator('.print-head').innerText();
    expect(head).toContain('Chi cục Hải quan khu vực VI');
    expect(head.toLowerCase()).toContain('lịch trực theo thứ trong tuần');
    await screenshot(page, 'rota-print-1366');
    await page.emulateMedia({ media: 'screen' });
  });

  it('an administrator changes the idle lock time; other users cannot', async () => {
    const page = st.page;
    await page.keyboard.press('Alt+C');
    expect(await page.locator('input[name=idleLockMinutes]').isDisabled()).toBe(true);
    // the journal's quarantine is the administrator's (journal:quarantine is admin-only)
    expect(await page.getByTestId('quarantine').count()).toBe(0);
    await page.locator('.app-header').getByRole('button', { name: 'Đăng xuất' }).click();
    await signIn(page, 'admin');
    await page.keyboard.press('Alt+C');
    await expect.poll(() => page.getByTestId('quarantine').innerText()).toContain('Không có sự kiện nào bị cách ly.');
    await page.locator('input[name=idleLockMinutes]').fill('0');
    await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
    expect(await page.locator('.field', { has: page.locator('input[name=idleLockMinutes]') }).locator('.field__error').innerText()).toContain('từ 1 đến 240');
    await page.locator('input[name=idleLockMinutes]').fill('15');
    await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await page.locator('.toast', { hasText: 'Đã lưu cài đặt đơn vị' }).waitFor();
    expect(st.core.station.get()?.idleLockMinutes).toBe(15);
    expect(st.pageErrors).toEqual([]);
  });
});
