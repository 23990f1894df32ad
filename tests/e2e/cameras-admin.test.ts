/**
 * The camera registry screen (Alt+M) through the real UI: an administrator registers a camera
 * with a username and password (the table shows "●●●● / ●●●●": neither the username nor the
 * password reaches the page again — not its HTML, not any WebSocket frame from main), edits it
 * with empty username and password fields (the stored account is kept), a bad stream URL is
 * refused next to its field, a CSV with a bad line names the line and column and imports
 * nothing, and the export downloads a CSV without credentials. Screenshot at 1920×1080.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, screenshot, signIn, startStation } from './harness';
import type { Station } from './harness';

const SECRET = 'Mk-Bi-Mat-7391!';
const HEADER = 'number,name,site_type,site_name,zone,unit_code,main_url,sub_url,username,password,map_note,neighbours,recognition';

let st: Station;
let page: Page;
/** Every text frame main sent to the page over its WebSockets. */
const received: string[] = [];

const field = (name: string) => page.locator('[data-testid=camera-form] .field', { has: page.locator(`[name="${name}"]`) });
const input = (name: string) => page.locator(`[data-testid=camera-form] [name="${name}"]`);

/** The password main keeps for a camera (only main's stream URL carries it). */
function storedPassword(cameraId: string): string {
  const u = new URL(st.core.cameras.streamUrl(cameraId, 'main')!);
  expect(u.username).toBe('giamsat');
  return decodeURIComponent(u.password);
}

async function fillCamera(v: { number: string; name: string; mainUrl: string; username?: string; password?: string }): Promise<void> {
  await input('cam-number').fill(v.number);
  await input('cam-name').fill(v.name);
  await input('cam-siteType').selectOption('seaport');
  await input('cam-zone').selectOption('quays_loading');
  await input('cam-siteName').fill('Cảng Hải Phòng');
  await input('cam-unitCode').fill('15E1');
  await input('cam-mainUrl').fill(v.mainUrl);
  await input('cam-subUrl').fill('');
  await input('cam-username').fill(v.username ?? '');
  await input('cam-password').fill(v.password ?? '');
  await input('cam-mapNote').fill('Góc nhìn từ cầu cảng số 2, zoom 3x');
  await input('cam-neighbours').fill('1, 2');
}

beforeAll(async () => {
  st = await startStation({ demo: true, viewport: { width: 1920, height: 1080 } });
  page = st.page;
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => received.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8')));
  });
  // reload so the app's sockets open after the listener is in place
  await page.reload();
});

afterAll(async () => {
  await st?.close();
});

describe('camera registry (e2e)', () => {
  it('Alt+M opens the registry for an administrator; the zone list follows the site type', async () => {
    await signIn(page, 'admin', DEMO_PASSWORD);
    expect(await page.locator('.app-nav').innerText()).toContain('Danh mục camera');
    await page.keyboard.press('Alt+M');
    await page.getByTestId('cameras-screen').waitFor();
    await page.getByTestId('camera-row-1').waitFor();
    const row1 = await page.getByTestId('camera-row-1').innerText();
    expect(row1).toContain('Cổng A — làn xe nhập cảnh');
    expect(row1).toContain('Làn xuất cảnh, nhập cảnh');
    expect(row1).toContain('rtsp://127.0.0.1:8554/cam1/main');
    expect(row1).toContain('không có tài khoản');

    await input('cam-siteType').selectOption('seaport');
    const zones = await input('cam-zone').locator('option').allInnerTexts();
    expect(zones).toContain('Cầu cảng, khu vực xếp dỡ');
    expect(zones).not.toContain('Làn xuất cảnh, nhập cảnh');
    await input('cam-siteType').selectOption('airport');
    expect(await input('cam-zone').locator('option').allInnerTexts()).toContain('Nhà ga hàng hóa: máy soi');
  });

  it('adds a camera with a username and password: the table shows ●●●● / ●●●●, never the account or the password', async () => {
    await fillCamera({ number: '101', name: 'Cầu cảng 2 — khu xếp dỡ', mainUrl: 'rtsp://10.20.0.5:554/Streaming/101', username: 'giamsat', password: SECRET });
    await page.getByRole('button', { name: 'Thêm camera' }).click();
    await page.locator('.toast', { hasText: 'Đã lưu camera số 101' }).waitFor();
    const row = page.getByTestId('camera-row-101');
    await row.waitFor();
    const text = await row.innerText();
    expect(text).not.toContain('giamsat');
    expect(text).toContain('●●●● / ●●●●');
    expect(text).toContain('Cầu cảng, khu vực xếp dỡ');
    expect(text).toContain('1, 2');
    // stored in main, with the password kept locally
    const cam = st.core.cameras.byNumber(101)!;
    expect(cam.hasCredentials).toBe(true);
    expect(storedPassword(cam.id)).toBe(SECRET);
    // the form was reset: no password left in it
    expect(await input('cam-password').inputValue()).toBe('');
    expect(await page.content()).not.toContain(SECRET);
  });

  it('editing starts with an empty username and password ("để trống = giữ …") and keeps the stored ones', async () => {
    await page.getByTestId('camera-row-101').getByRole('button', { name: 'Sửa 101', exact: true }).click();
    await expect.poll(() => input('cam-name').inputValue()).toBe('Cầu cảng 2 — khu xếp dỡ');
    expect(await input('cam-password').inputValue()).toBe('');
    expect(await input('cam-username').inputValue()).toBe('');
    expect(await field('cam-username').locator('.field__hint').innerText()).toBe('để trống = giữ tài khoản đã lưu (không bao giờ hiển thị lại)');
    expect(await field('cam-password').locator('.field__hint').innerText()).toBe('để trống = giữ mật khẩu cũ');
    await input('cam-name').fill('Cầu cảng 2 — khu xếp dỡ container');
    await page.getByRole('button', { name: 'Lưu camera' }).click();
    await page.locator('.toast', { hasText: 'Đã lưu camera số 101' }).last().waitFor();
    await expect.poll(() => page.getByTestId('camera-row-101').innerText()).toContain('khu xếp dỡ container');
    const cam = st.core.cameras.byNumber(101)!;
    expect(cam.name).toBe('Cầu cảng 2 — khu xếp dỡ container');
    expect(cam.hasCredentials).toBe(true);
    expect(storedPassword(cam.id)).toBe(SECRET);
    expect(await page.content()).not.toContain(SECRET);
  });

  it('a bad URL ("http://x") shows the translated error next to the URL field', async () => {
    await fillCamera({ number: '102', name: 'Cổng cảng số 3', mainUrl: 'http://x' });
    await page.getByRole('button', { name: 'Thêm camera' }).click();
    const err = field('cam-mainUrl').locator('.field__error');
    await err.waitFor();
    expect(await err.innerText()).toBe('Địa chỉ luồng video (RTSP) của camera không hợp lệ');
    expect(await input('cam-mainUrl').getAttribute('aria-invalid')).toBe('true');
    expect(st.core.cameras.byNumber(102)).toBeNull();
  });

  it('takes a camera out of service with a reason', async () => {
    const row = page.getByTestId('camera-row-12');
    await row.getByRole('button', { name: 'Ngừng sử dụng' }).click();
    await page.getByTestId('deactivate-form').locator('[name=deactivate-reason]').fill('Camera hỏng, chờ thay thế');
    await page.getByRole('button', { name: 'Xác nhận ngừng sử dụng' }).click();
    await page.locator('.toast', { hasText: 'Đã ngừng sử dụng camera số 12' }).waitFor();
    expect(st.core.cameras.byNumber(12)!.active).toBe(false);
    await expect.poll(() => page.getByTestId('camera-row-12').count()).toBe(0);
    await page.locator('[name=show-inactive]').check();
    expect(await page.getByTestId('camera-row-12').innerText()).toContain('Ngừng sử dụng');
    await page.locator('[name=show-inactive]').uncheck();
  });

  it('a CSV with a bad line names its line and column and imports nothing; a good one shows the counts', async () => {
    const before = st.core.cameras.count();
    const good = '201,Cổng cảng số 1,seaport,Cảng Hải Phòng,port_gates,15E1,rtsp://10.20.0.9/main,,,,,,0';
    // the registry refuses the URL (its own message names line and column)
    await page.locator('[name=csv-text]').fill([HEADER, good, '202,Cổng cảng số 2,seaport,Cảng Hải Phòng,Cổng cảng,15E1,http://x,,,,,,0'].join('\n'));
    await page.getByRole('button', { name: 'Nhập danh mục' }).click();
    const err = page.getByTestId('cameras-import').locator('.field__error');
    await err.waitFor();
    expect(await err.innerText()).toContain('Địa chỉ luồng video (RTSP) của camera không hợp lệ (dòng 3, cột main_url)');
    expect(await err.innerText()).toContain('chưa có camera nào được ghi');
    expect(st.core.cameras.count()).toBe(before);
    expect(st.core.cameras.byNumber(201)).toBeNull();

    // a parse error (generic code): the screen appends the line and column; from a file this time
    const file = `${st.dir}/bad.csv`;
    fs.writeFileSync(file, [HEADER, good, '203,Cổng cảng số 4,seaport,Cảng Hải Phòng,port_gates,15E1,rtsp://10.20.0.10/main,,,,,,có lẽ'].join('\n'));
    await page.locator('[name=csv-file]').setInputFiles(file);
    await expect.poll(() => page.locator('[name=csv-text]').inputValue()).toContain('có lẽ');
    await page.getByRole('button', { name: 'Nhập danh mục' }).click();
    await expect.poll(() => err.innerText()).toMatch(/^Dữ liệu nhập vào không hợp lệ: expected 0\/1, true\/false or có\/không \(dòng 3, cột recognition\)/);
    expect(st.core.cameras.count()).toBe(before);

    // the same in English
    await page.locator('.lang-switch button[lang=en]').click();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => err.innerText()).toContain('Invalid input: expected 0/1, true/false or có/không (line 3, column recognition)');
    await page.locator('.lang-switch button[lang=vi]').click();

    await page.locator('[name=csv-text]').fill([HEADER, good].join('\n'));
    await page.getByRole('button', { name: 'Nhập danh mục' }).click();
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-result').innerText()).toBe('Đã nhập: 1 camera mới, 0 camera được cập nhật, 0 camera không thay đổi');
    await page.getByTestId('camera-row-201').waitFor();
    expect(st.core.cameras.count()).toBe(before + 1);
  });

  it('exports a CSV without credentials', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cameras-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const file = await download.path();
    const csv = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe(HEADER);
    const row = lines.find((l) => l.startsWith('101,'))!;
    expect(csv).not.toContain('giamsat');
    expect(csv).not.toContain(SECRET);
    // the username and password columns (9th, 10th) are empty on every line
    expect(row.split(',').slice(8, 10)).toEqual(['', '']);
  });

  it('the cameras screen at 1920×1080; no credentials in the page or in any frame from main', async () => {
    await page.getByTestId('camera-row-101').getByRole('button', { name: 'Sửa 101', exact: true }).click();
    await page.mouse.move(5, 1075);
    await screenshot(page, 'cameras-1920');
    expect(received.length).toBeGreaterThan(5);
    expect(received.some((f) => f.includes('"hasCredentials":true'))).toBe(true);
    expect(received.filter((f) => f.includes(SECRET) || f.includes('giamsat'))).toEqual([]);
    expect(await page.content()).not.toContain(SECRET);
    expect(await page.content()).not.toContain('giamsat');
    expect(st.pageErrors).toEqual([]);
  });

  it('the "remove the stored account" box removes the credentials', async () => {
    await page.getByTestId('camera-row-101').getByRole('button', { name: 'Sửa 101', exact: true }).click();
    await expect.poll(() => input('cam-name').inputValue()).toBe('Cầu cảng 2 — khu xếp dỡ container');
    await input('cam-clearAccount').check();
    await page.getByRole('button', { name: 'Lưu camera' }).click();
    await expect.poll(() => page.getByTestId('camera-row-101').innerText()).toContain('không có tài khoản');
    const cam = st.core.cameras.byNumber(101)!;
    expect(cam.hasCredentials).toBe(false);
    expect(st.core.cameras.streamUrl(cam.id, 'main')).toBe('rtsp://10.20.0.5:554/Streaming/101');
  });
});
