/**
 * The duty logbook through the real UI (browser mode, Debian chromium): sign in, keyboard-first
 * entries of every kind with their links, a refused identifier, an amendment and its history,
 * diacritic-insensitive search, PDF export, the English switch, and screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatShiftDate, shiftDateOf } from '../../src-shared/time/shift';
import type { LogbookEntry } from '../../src-shared/domain/logbook';
import { qe, qeFieldError, screenshot, signIn, startStation } from './harness';
import type { Station } from './harness';

let st: Station;
let page: Page;

const WORK_TEXT = 'Giám sát trực tuyến camera số 12–18 khu vực bãi kiểm hóa cửa khẩu Hữu Nghị';
const INCIDENT_TEXT = 'Xe đầu kéo chở container rời khu vực giám sát ga Đồng Đăng khi tờ khai luồng đỏ chưa có quyết định thông quan';
const DIRECTION_TEXT = 'Yêu cầu Đội Giám sát dừng phương tiện, kiểm tra niêm phong và báo cáo trong 30 phút';
const RESULT_TEXT = 'Đã dừng phương tiện tại cổng B; niêm phong nguyên vẹn, container đã quay lại bãi kiểm hóa';
const NOTE_TEXT = 'Đường truyền camera cổng B chập chờn từ 21:00, đã báo đơn vị quản lý';

const entries = (): LogbookEntry[] => st.core.logbook.list({}, 500).entries;
const byText = (text: string): LogbookEntry | undefined => entries().find((e) => e.text === text);
const activeName = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? null);

async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Type the entry text (focus is in the text box after Alt+1…5) and save with Ctrl+Enter. */
async function saveWithKeyboard(): Promise<void> {
  const before = entries().length;
  await page.keyboard.press('Control+Enter');
  await eventually(() => entries().length === before + 1, 'the entry to be stored');
  await saved();
}

/** The form is ready for the next entry once the saved text has left the box (what the officer sees). */
async function saved(): Promise<void> {
  await expect.poll(() => qe(page, 'text').inputValue(), { timeout: 20_000 }).toBe('');
}

beforeAll(async () => {
  st = await startStation({ demo: true });
  page = st.page;
});

afterAll(async () => {
  await st?.close();
});

describe('duty logbook (e2e)', () => {
  it('signs in and shows the shift dashboard: duty team, shift clock in Vietnam time, open items', async () => {
    await page.locator('input[name=login]').waitFor();
    // a wrong password is refused with the translated message
    await page.locator('input[name=login]').fill('lan.tt');
    await page.locator('input[name=password]').fill('wrong-password');
    await page.locator('input[name=password]').press('Enter');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('Sai tên đăng nhập hoặc mật khẩu');

    await signIn(page);
    await page.getByTestId('roster').waitFor();
    const roster = await page.getByTestId('roster').innerText();
    expect(roster).toContain('Nguyễn Văn Hùng');
    expect(roster).toContain('Lãnh đạo ca trực');
    expect(roster).toContain('Đang trực');
    // the browser runs in New York; the shift date shown is the Vietnamese one
    expect(await page.getByTestId('shift-date').innerText()).toBe(formatShiftDate(shiftDateOf(Date.now())));
    expect(await page.getByTestId('shift-clock').innerText()).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    await page.getByTestId('today-entries').waitFor();
    expect(await page.locator('.app-header').innerText()).toContain('Trần Thị Lan');
  });

  it('adds one entry of each kind from the keyboard; direction → incident and result → direction are linked', async () => {
    await page.keyboard.press('Alt+N');
    await page.getByTestId('quick-entry').waitFor();

    // work
    await page.keyboard.press('Alt+1');
    expect(await activeName()).toBe('text');
    await page.keyboard.type(WORK_TEXT);
    await saveWithKeyboard();
    await page.locator('.toast', { hasText: 'Đã ghi mục số' }).first().waitFor();
    // focus returns to the text box once the save (and the refresh after it) is done
    await expect.poll(activeName).toBe('text');
    expect(await qe(page, 'text').inputValue()).toBe('');

    // incident with a valid container number
    await page.keyboard.press('Alt+2');
    expect(await activeName()).toBe('text');
    await page.keyboard.type(INCIDENT_TEXT);
    expect(await qe(page, 'arisenAt').inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await qe(page, 'place').fill('Ga đường sắt quốc tế Đồng Đăng');
    await qe(page, 'containers').fill('CSQU3054383');
    await qe(page, 'vessels').fill('imo 9074729');
    await qe(page, 'containers').press('Control+Enter');
    await eventually(() => byText(INCIDENT_TEXT) !== undefined, 'the incident');
    const incident = byText(INCIDENT_TEXT)!;
    expect(incident.kind).toBe('incident');
    expect(incident.identifiers.containers).toEqual(['CSQU3054383']);
    expect(incident.identifiers.vessels).toEqual(['IMO9074729']);
    expect(incident.details.place).toBe('Ga đường sắt quốc tế Đồng Đăng');
    // focus returns to the text box once the save (and the refresh after it) is done
    await expect.poll(activeName).toBe('text');

    // direction linked to the incident
    await page.keyboard.press('Alt+3');
    await page.keyboard.type(DIRECTION_TEXT);
    await qe(page, 'linkIncident').selectOption(incident.id);
    await qe(page, 'form').selectOption('fax');
    await qe(page, 'recipient').fill('Đội trưởng Đội Giám sát');
    await qe(page, 'recipient').press('Control+Enter');
    await eventually(() => byText(DIRECTION_TEXT) !== undefined, 'the direction');
    const direction = byText(DIRECTION_TEXT)!;
    expect(direction.linkedEntryId).toBe(incident.id);
    expect(direction.details.form).toBe('fax');

    // the dashboard lists the incident as open (a direction, no result yet)
    await page.keyboard.press('Alt+B');
    await page.getByTestId('open-items').filter({ hasText: INCIDENT_TEXT }).waitFor();
    expect(await page.getByTestId('open-items').innerText()).toContain('1 chỉ đạo, chưa có kết quả');

    // result linked to the direction
    await page.keyboard.press('Alt+4');
    // focus returns to the text box once the save (and the refresh after it) is done
    await expect.poll(activeName).toBe('text');
    await page.keyboard.type(RESULT_TEXT);
    await qe(page, 'linkDirection').selectOption(direction.id);
    await qe(page, 'reportingUnit').fill('Đội Giám sát ga Đồng Đăng');
    await qe(page, 'reportingUnit').press('Control+Enter');
    await eventually(() => byText(RESULT_TEXT) !== undefined, 'the result');
    expect(byText(RESULT_TEXT)!.linkedEntryId).toBe(direction.id);
    await saved();

    // note
    await page.keyboard.press('Alt+5');
    await page.keyboard.type(NOTE_TEXT);
    await saveWithKeyboard();

    // all five are in the list, newest first, with their kind badges
    const table = page.getByTestId('entry-table');
    await table.locator('tr', { hasText: NOTE_TEXT }).waitFor();
    const rows = await table.locator('tbody tr.entry-row').evaluateAll((trs) => trs.slice(0, 5).map((tr) => (tr as HTMLElement).innerText));
    expect(rows[0]).toContain(NOTE_TEXT);
    expect(rows[0]).toContain('Ghi chú');
    expect(rows[1]).toContain('Kết quả');
    expect(rows[2]).toContain('Chỉ đạo');
    expect(rows[3]).toContain('Vụ việc');
    expect(rows[3]).toContain('CSQU3054383');
    expect(rows[4]).toContain('Công việc');

    // and the incident is no longer open on the dashboard
    await page.keyboard.press('Alt+B');
    await page.getByTestId('today-entries').filter({ hasText: RESULT_TEXT }).waitFor();
    expect(await page.locator('.open-panel').innerText()).not.toContain(INCIDENT_TEXT);
    await screenshot(page, 'dashboard-1920');
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot(page, 'dashboard-1366');
    await page.setViewportSize({ width: 1920, height: 1080 });
  });

  it('refuses an invalid container number: translated error next to the field, nothing added', async () => {
    await page.keyboard.press('Alt+N');
    await page.keyboard.press('Alt+2');
    const before = entries().length;
    const listedBefore = await page.getByTestId('entry-table').locator('tr.entry-row').count();
    await page.keyboard.type('Container nghi vấn tại bãi kiểm hóa');
    await qe(page, 'containers').fill('CSQU3054384');
    await qe(page, 'containers').press('Control+Enter');
    const err = qeFieldError(page, 'containers');
    await err.waitFor();
    expect(await err.innerText()).toContain('Số container không hợp lệ');
    expect(await qe(page, 'containers').getAttribute('aria-invalid')).toBe('true');
    expect(await activeName()).toBe('containers');
    // the officer's text is kept, nothing was stored or listed
    expect(await qe(page, 'text').inputValue()).toBe('Container nghi vấn tại bãi kiểm hóa');
    await new Promise((r) => setTimeout(r, 500));
    expect(entries().length).toBe(before);
    expect(await page.getByTestId('entry-table').locator('tr.entry-row').count()).toBe(listedBefore);
    // clear the draft for the next tests
    await qe(page, 'text').fill('');
    await qe(page, 'containers').fill('');
  });

  it('amends an entry with a reason; the history shows both versions with who, when and why', async () => {
    const row = page.getByTestId('entry-table').locator('tr.entry-row', { hasText: WORK_TEXT });
    await row.click();
    const panel = page.getByTestId('detail-panel');
    await panel.getByTestId('history').waitFor();
    await panel.getByRole('button', { name: 'Đính chính', exact: true }).click();
    const form = panel.getByTestId('amend-form');
    await form.locator('[name=amend-text]').fill(WORK_TEXT + '; bổ sung camera số 19 làn xuất cảnh');
    // no reason: refused in place
    await form.getByRole('button', { name: 'Ghi đính chính' }).click();
    expect(await form.locator('.field__error').innerText()).toContain('Phải nêu lý do đính chính');
    await form.locator('[name=amend-reason]').fill('Bổ sung phạm vi giám sát theo chỉ đạo của lãnh đạo ca');
    await form.locator('[name=amend-reason]').press('Control+Enter');

    const history = panel.getByTestId('history').locator('li');
    await eventually(async () => (await history.count()) === 2, 'two versions in the history');
    const v0 = await history.nth(0).innerText();
    const v1 = await history.nth(1).innerText();
    expect(v0).toContain('Bản gốc');
    expect(v0).toContain(WORK_TEXT);
    expect(v0).toContain('Trần Thị Lan');
    expect(v1).toContain('Đính chính lần 1');
    expect(v1).toContain('Bổ sung phạm vi giám sát theo chỉ đạo của lãnh đạo ca');
    expect(v1).toContain('bổ sung camera số 19 làn xuất cảnh');
    expect(v1).toMatch(/\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/);
    // the list marks the entry as amended
    await page.getByTestId('entry-table').locator('tr.entry-row', { hasText: 'bổ sung camera số 19' }).locator('.badge--amended').waitFor();
    expect(st.core.logbook.history(byText(WORK_TEXT + '; bổ sung camera số 19 làn xuất cảnh')!.id)).toHaveLength(2);

    await screenshot(page, 'logbook-history-1920');
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot(page, 'logbook-history-1366');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('searches without diacritics: "dong dang" finds Đồng Đăng and "luong do" finds luồng đỏ', async () => {
    const search = page.locator('input[name=search]');
    await page.keyboard.press('Alt+T');
    expect(await activeName()).toBe('search');
    await search.fill('dong dang');
    await search.press('Enter');
    const table = page.getByTestId('entry-table');
    const status = page.locator('.entry-table__status');
    await expect.poll(() => status.innerText()).toMatch(/^\d+ kết quả tìm kiếm$/);
    await table.locator('tr.entry-row', { hasText: INCIDENT_TEXT }).waitFor();
    const firstRow = await table.locator('tr.entry-row').first().innerText();
    expect(firstRow).toContain('Đồng Đăng');

    await search.fill('luong do');
    await search.press('Enter');
    await expect.poll(async () => {
      const s = await status.innerText();
      // the new result set is in when every row has the words (the "dong dang" set has rows without)
      if (!/kết quả tìm kiếm/.test(s)) return false;
      const rows = (await table.locator('tr.entry-row td.text').allInnerTexts()).map((t) => t.toLowerCase());
      return rows.length > 0 && rows.every((t) => t.includes('luồng đỏ') || t.includes('luong do'));
    }).toBe(true);
    await table.locator('tr.entry-row', { hasText: INCIDENT_TEXT }).waitFor();
    const texts = (await table.locator('tr.entry-row td.text').allInnerTexts()).map((t) => t.toLowerCase());
    expect(texts[0]).toContain('luồng đỏ');
    // phrase matches rank above entries that only share the words ("lực lượng", "đội")
    const firstOther = texts.findIndex((t) => !t.includes('luồng đỏ'));
    if (firstOther >= 0) expect(texts.slice(firstOther).some((t) => t.includes('luồng đỏ'))).toBe(false);
    expect(texts.some((t) => t.includes(INCIDENT_TEXT.toLowerCase()))).toBe(true);

    await search.fill('');
    await search.press('Enter');
    await eventually(async () => !(await page.locator('.entry-table__status').innerText()).includes('tìm kiếm'), 'the full list');
  });

  it('exports the current shift as a PDF (and DOCX) that downloads', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-pdf').click()]);
    expect(download.suggestedFilename()).toMatch(/^nhat-ky-truc-ban_\d{4}-\d{2}-\d{2}\.pdf$/);
    // streamed from the loopback server with a capability for this job, never the token nor base64
    const from = new URL(download.url());
    expect(`${from.protocol}//${from.host}`).toBe(st.server.url);
    expect(from.pathname).toMatch(/^\/exports\/[0-9a-f-]{36}$/);
    expect([...from.searchParams.keys()]).toEqual(['cap']);
    expect(download.url()).not.toContain(st.server.token);
    const file = await download.path();
    const head = Buffer.alloc(5);
    const fd = fs.openSync(file, 'r');
    fs.readSync(fd, head, 0, 5, 0);
    fs.closeSync(fd);
    expect(head.toString('latin1')).toBe('%PDF-');
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    await page.locator('.toast', { hasText: 'Đã xuất' }).first().waitFor();
    // the export ran as a background job; its file stays offered once done
    const again = page.getByTestId('export-result');
    expect(await again.innerText()).toMatch(/^Tải lại nhat-ky-truc-ban_.*\.pdf$/);
    const [second] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), again.click()]);
    expect(second.suggestedFilename()).toBe(download.suggestedFilename());

    // the same shift as DOCX (a zip container)
    const [docx] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-docx').click()]);
    expect(docx.suggestedFilename()).toMatch(/\.docx$/);
    expect(fs.readFileSync(await docx.path()).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('switches to English (persisted across a reload) and back', async () => {
    await page.locator('.app-header').getByRole('button', { name: 'EN', exact: true }).click();
    await page.locator('.app-nav').getByText('Logbook', { exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('quick-entry').innerText()).toContain('Quick entry');
    expect(await page.getByTestId('quick-entry').innerText()).toContain('Add to logbook');
    expect(await page.locator('.app-header').innerText()).toContain('Lock screen');
    expect(await page.getByTestId('entry-table').locator('thead').innerText()).toMatch(/CONTENT|Content/);

    // a reload keeps the language, the token (no longer in the URL) and the session
    expect(page.url()).not.toContain('token=');
    await page.reload();
    await page.locator('.app-nav').getByText('Shift board', { exact: true }).waitFor();
    expect(await page.locator('input[name=login]').count()).toBe(0);
    await screenshot(page, 'dashboard-en-1920');

    await page.locator('.app-header').getByRole('button', { name: 'VI', exact: true }).click();
    await page.locator('.app-nav').getByText('Nhật ký', { exact: true }).waitFor();
  });

  it('locks the screen and unlocks with the password', async () => {
    await page.keyboard.press('Alt+K');
    await page.getByText('Màn hình đang khoá').waitFor();
    expect(await page.locator('.app-header').count()).toBe(0);
    await page.locator('input[name=password]').fill('trucban-demo');
    await page.locator('input[name=password]').press('Enter');
    await page.locator('.app-header').waitFor();
  });

  it('had no uncaught errors in the page', () => {
    expect(st.pageErrors).toEqual([]);
    expect(fs.existsSync(path.join(process.cwd(), 'tests/.artifacts/dashboard-1920.png'))).toBe(true);
  });
});
