/**
 * A case Đ8.2.3.c.3 (intervention on goods already cleared) through the real UI at 1366×768:
 * the officer raises it with an immediate step (the shift leader gets the alert), the room-level
 * leader proposes, the shift leader approves — and issuing a direction is refused with a message
 * naming the Director General's approval until that approval is recorded (on paper, with its
 * scan); then the direction goes out and Phụ lục III is issued with its number.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail } from '../../src-shared/domain/incidents';
import { ARTIFACTS, screenshot, signIn, startStation } from './harness';
import { incidentSteps } from './incident-steps';
import { eventually } from './wall-station';
import type { Station } from './harness';

/**
 * The core's clock: real time plus an offset the last tests move, with the same monotonic
 * reading as production's systemClock (performance.now(), fractional ms), so the watcher sees
 * the jump exactly as it would on a station.
 */
class MovableClock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  monotonic(): number {
    return performance.now();
  }
}
const clock = new MovableClock();

let st: Station;
let page: Page;
let incidentId = '';

// A 1×1 PNG: the "scan" of the Director General's paper approval.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const detail = (): IncidentDetail => st.core.incidents.get(incidentId);
const { input, field, switchUser, openIncident, action } = incidentSteps(
  () => page,
  () => incidentId,
);
const fieldError = (scope: string, name: string) => page.locator(`[data-testid="${scope}"] .field`, { has: page.locator(`[name="${name}"]`) }).locator('.field__error');

beforeAll(async () => {
  st = await startStation({ viewport: { width: 1366, height: 768 }, idleLockMinutes: 240, clock });
  page = st.page;
  await signIn(page, 'duc.pv');
}, 120_000);

afterAll(async () => {
  await st?.close();
});

describe('incident c.3 needs the Director General (e2e, 1366×768)', () => {
  it('the officer raises it with an immediate step; identifiers are checked by main and shown under their field', async () => {
    await page.keyboard.press('Alt+V');
    await page.getByTestId('incident-board').waitFor();
    // the board has its seven state columns
    expect(await page.locator('.inc-col h2').allInnerTexts()).toEqual(['Đã báo cáo', 'Đã đề xuất', 'Chờ Tổng cục trưởng', 'Đã phê duyệt', 'Đang xử lý', 'Từ chối', 'Đã đóng']);
    await page.getByTestId('raise-incident').click();
    await page.getByTestId('raise-form').waitFor();
    await field('raise-form', 'source').selectOption('phone');
    await field('raise-form', 'sourceRef').fill('Đội Kiểm soát hải quan gọi điện');
    await field('raise-form', 'arisenAt').fill('22/11/2026 09:40');
    await field('raise-form', 'receivedAt').fill('22/11/2026 09:52');
    await field('raise-form', 'description').fill('Lô hàng điện thoại di động đã thông quan, đang rời bãi; có dấu hiệu khai sai số lượng.');
    await field('raise-form', 'unitCode').fill('15e1');
    await field('raise-form', 'siteName').fill('Cửa khẩu quốc tế Hữu Nghị');
    await field('raise-form', 'zone').fill('Bãi kiểm hóa');
    await field('raise-form', 'containers').fill('CSQU3054384');
    const before = st.core.incidents.list({ overdueOnly: false, limit: 100 }).length;
    await page.locator('[data-testid=raise-form] input[name=cases][value="2.3.c3"]').check();
    await page.locator('[data-testid=raise-form] input[name=immediate][value=c]').check();
    // the immediate step needs what was done and who was told
    await page.getByTestId('raise-submit').click();
    expect(await fieldError('raise-form', 'step').innerText()).toBe('Bắt buộc nhập');
    expect(await fieldError('raise-form', 'toldWhom').innerText()).toBe('Bắt buộc nhập');
    await field('raise-form', 'step').fill('Đề nghị tổ giám sát cổng B dừng xe container tại cổng ra');
    await field('raise-form', 'toldWhom').fill('Ông Lê Văn Tâm, tổ trưởng tổ giám sát cổng B');
    await page.getByTestId('raise-submit').click();
    // a wrong check digit: main refuses and the message sits under the container field
    await expect.poll(() => fieldError('raise-form', 'containers').count()).toBe(1);
    expect(await fieldError('raise-form', 'containers').innerText()).toMatch(/container/i);
    expect(st.core.incidents.list({ overdueOnly: false, limit: 100 }).length).toBe(before);
    await field('raise-form', 'containers').fill('CSQU3054383');
    // a vessel's IMO number with a wrong check digit: refused under the vessel field, nothing written
    await field('raise-form', 'vessels').fill('imo 9074728');
    await page.getByTestId('raise-submit').click();
    await expect.poll(() => fieldError('raise-form', 'vessels').count()).toBe(1);
    expect(await fieldError('raise-form', 'vessels').innerText()).toMatch(/Số IMO của tàu không hợp lệ.*should be 9/);
    expect(st.core.incidents.list({ overdueOnly: false, limit: 100 }).length).toBe(before);
    await field('raise-form', 'vessels').fill('imo 9074729');
    await page.getByTestId('raise-submit').click();
    await page.getByTestId('incident-detail').waitFor();
    incidentId = (await page.getByTestId('incident-detail').getAttribute('data-incident-id'))!;
    expect(detail().state).toBe('reported');
    expect(detail().cases).toEqual(['2.3.c3']);
    expect(detail().immediate?.toldWhom).toContain('Lê Văn Tâm');
    expect(detail().place.unitCode).toBe('15E1');
    expect(detail().identifiers.vessels).toEqual(['IMO9074729']);
    expect(await page.getByTestId('incident-state').innerText()).toBe('Đã báo cáo');
    // the chain shows all three approvals still to come
    expect(await page.locator('[data-testid=approvals] > li').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-level')}:${e.getAttribute('data-state')}`))).toEqual([
      'room_leader:pending',
      'shift_leader:pending',
      'director_general:pending',
    ]);
    // the officer cannot propose or approve
    expect(await page.locator('[data-testid=incident-actions] [data-action=propose]').count()).toBe(0);
    expect(await page.locator('[data-testid=incident-actions] [data-action=decide]').count()).toBe(0);
  });

  it('the room-level leader verifies and proposes', async () => {
    await switchUser('lan.tt');
    await openIncident();
    await action('propose');
    await field('action-propose', 'verification').fill('Đối chiếu hệ thống: tờ khai đã thông quan luồng xanh, số lượng khai 200 thùng; camera cổng B cho thấy container còn tại bãi.');
    await field('action-propose', 'proposal').fill('Đề nghị dừng đưa hàng ra khỏi khu vực giám sát, kiểm tra thực tế lô hàng.');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => detail().state).toBe('proposed');
    await expect.poll(() => page.getByTestId('incident-state').innerText()).toBe('Đã đề xuất');
  });

  it('the shift leader gets the immediate-step alert, approves, and issuing is refused until the Director General approves', async () => {
    await switchUser('hung.nv');
    // the banner: the immediate step, for the shift leader, with a beep
    await page.getByTestId('alerts-banner').waitFor({ timeout: 15_000 });
    // at 1366×768 the banner shows the most urgent alert and counts the others
    expect(await page.getByTestId('alert').count()).toBe(1);
    const alert = page.locator('[data-testid=alert][data-kind=immediate_step]', { hasText: 'Lê Văn Tâm' });
    await alert.first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'incidents-alert-1366');
    await page.getByTestId('alerts-more').click();
    await expect.poll(() => page.getByTestId('alert').count()).toBeGreaterThan(1);
    await page.getByTestId('alerts-more').click();
    await expect.poll(() => page.getByTestId('alert').count()).toBe(1);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __trucbanBeeps?: number }).__trucbanBeeps ?? 0)).toBeGreaterThan(0);
    await alert.first().getByRole('button', { name: 'Mở vụ việc' }).click();
    await page.getByTestId('incident-detail').waitFor();
    await expect.poll(() => page.getByTestId('incident-detail').getAttribute('data-incident-id')).toBe(incidentId);

    await action('decide');
    await field('action-decide', 'form').fill('Dừng đưa hàng ra khỏi khu vực giám sát (Phụ lục III)');
    await field('action-decide', 'scope').fill('Container CSQU3054383');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => detail().state).toBe('awaiting_dg');
    expect(detail().missingApprovals).toEqual(['director_general']);
    await expect.poll(() => page.getByTestId('detail-missing').innerText()).toContain('Tổng cục trưởng');

    // try to issue a direction now: refused, and the message names the missing approval
    await action('issue');
    expect(await page.getByTestId('issue-blocked').innerText()).toContain('Tổng cục trưởng');
    await field('action-issue', 'recipientUnitCode').fill('15E1');
    await field('action-issue', 'focalPoint').fill('Trần Thị Lan');
    await field('action-issue', 'content').fill('Dừng đưa container CSQU3054383 ra khỏi khu vực giám sát, kiểm tra thực tế.');
    await page.getByTestId('action-submit').click();
    const error = page.locator('[data-testid=action-issue] [data-testid=action-error]');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/phê duyệt của Tổng cục trưởng/);
    expect(detail().directions).toHaveLength(0);
    await page.getByTestId('action-issue').getByRole('button', { name: 'Huỷ' }).click();
  });

  it('the Director General’s paper approval needs its scan; once recorded, the direction goes out', async () => {
    await action('dg');
    await field('action-dg', 'byName').fill('Nguyễn Văn Cẩn, Tổng cục trưởng');
    await field('action-dg', 'at').fill('22/11/2026 10:30');
    await field('action-dg', 'how').selectOption('paper');
    await field('action-dg', 'note').fill('Đồng ý dừng đưa hàng ra, kiểm tra thực tế.');
    await page.getByTestId('action-submit').click();
    expect(await fieldError('action-dg', 'attachments').innerText()).toContain('bản chụp');
    await field('action-dg', 'attachments').setInputFiles({ name: 'phe-duyet-tct.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(() => page.locator('[data-testid=action-dg] .field__hint').first().innerText()).toContain('phe-duyet-tct.png');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => detail().state).toBe('approved');
    const dg = detail().approvals.find((a) => a.level === 'director_general')!;
    expect(dg.how).toBe('paper');
    expect(dg.attachments).toHaveLength(1);
    const row = page.getByTestId('approval-director_general');
    await expect.poll(() => row.getAttribute('data-state')).toBe('approved');
    expect(await row.innerText()).toContain('Văn bản giấy');
    expect(await row.innerText()).toContain('10:30 22/11/2026');

    await action('issue');
    expect(await page.getByTestId('issue-blocked').count()).toBe(0);
    await field('action-issue', 'recipientUnitCode').fill('15E1');
    await field('action-issue', 'form').selectOption('phone');
    await field('action-issue', 'focalPoint').fill('Trần Thị Lan');
    await field('action-issue', 'content').fill('Dừng đưa container CSQU3054383 ra khỏi khu vực giám sát, kiểm tra thực tế.');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => detail().state).toBe('in_progress');
    await page.getByTestId('direction').waitFor();
    expect(await page.locator('[data-testid=direction] [data-testid=clock-ack]').getAttribute('data-state')).toBe('running');
    // the timeline has every step, in order, with who did it
    const types = await page.locator('[data-testid=timeline] > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toEqual(expect.arrayContaining(['incident.raised', 'incident.proposed', 'incident.decided', 'incident.dg_decision', 'direction.issued']));
    expect(await page.getByTestId('timeline').innerText()).toContain('Nguyễn Văn Hùng');
  });

  it('Phụ lục III: drafted from the incident, issued with its number, read-only afterwards', async () => {
    await page.getByTestId('draft-annex-III').click();
    const editor = page.getByTestId('doc-editor');
    await editor.waitFor();
    expect(await editor.locator('[name="content"]').inputValue()).toContain('Lô hàng điện thoại di động');
    expect(await editor.locator('[name="proposal"]').inputValue()).toContain('Đề nghị dừng đưa hàng ra');
    expect(await editor.locator('[name="signer.name"]').inputValue()).toBe('Nguyễn Văn Hùng');
    await screenshot(page, 'incidents-form-draft-1366');
    expect(await page.getByTestId('form-paper').innerText()).toContain('ĐỀ XUẤT XỬ LÝ THÔNG TIN PHÁT SINH');
    await page.getByTestId('doc-issue').click();
    const doc = page.locator('[data-testid=document][data-annex=III]');
    await expect.poll(() => doc.getAttribute('data-status')).toBe('issued');
    const number = await doc.getByTestId('document-number').innerText();
    expect(number).toMatch(/^Số: \d{2,}\/ĐX-TrB$/);
    expect(await doc.getByTestId('doc-edit').count()).toBe(0);
    const docs = st.core.documents.list({ incidentId });
    expect(docs[0]!.status).toBe('issued');
    // the issued PDF, page 1 as a picture (the form preview)
    const [download] = await Promise.all([page.waitForEvent('download'), doc.getByTestId('doc-pdf').click()]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const pdf = path.join(ARTIFACTS, 'incidents-annex-iii.pdf');
    await download.saveAs(pdf);
    expect(fs.readFileSync(pdf).subarray(0, 4).toString()).toBe('%PDF');
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(ARTIFACTS, 'incidents-annex-iii')]);
    expect(fs.statSync(path.join(ARTIFACTS, 'incidents-annex-iii.png')).size).toBeGreaterThan(5000);
    await page.locator('.inc-detail__side').evaluate((el) => el.scrollTo(0, 0));
    await screenshot(page, 'incidents-detail-dg-1366');
  });

  it('the board at 1366×768 shows the card with its cases and running clocks; the search ignores diacritics', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('incident-board').waitFor();
    const card = page.locator(`[data-testid=incident-card][data-incident-id="${incidentId}"]`);
    await expect.poll(() => card.getAttribute('data-state')).toBe('in_progress');
    expect(await page.locator('[data-column=in_progress]').locator(`[data-testid=incident-card][data-incident-id="${incidentId}"]`).count()).toBe(1);
    const all = await page.getByTestId('incident-card').count();
    expect(await card.innerText()).toContain('2.3 c.3');
    expect(await card.getByTestId('clock-ack').getAttribute('data-state')).toBe('running');
    const before = await card.getByTestId('clock-ack').innerText();
    await expect.poll(() => card.getByTestId('clock-ack').innerText(), { timeout: 5000 }).not.toBe(before);
    await page.locator('input[name=incident-search]').fill('dien thoai di dong');
    await expect.poll(() => page.getByTestId('incident-card').count()).toBe(1);
    await page.locator('input[name=incident-search]').fill('khong co vu nay');
    await expect.poll(() => page.getByTestId('incident-card').count()).toBe(0);
    await page.locator('input[name=incident-search]').fill('');
    await expect.poll(() => page.getByTestId('incident-card').count()).toBe(all);
    // no horizontal overflow of the page at 1366 px
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await screenshot(page, 'incidents-board-1366');
  });

  it('a logbook entry opens the raise form with its text, time and place', async () => {
    await page.keyboard.press('Alt+N');
    const row = page.locator('tr.entry-row--work').first();
    await row.click();
    const text = (await row.getAttribute('data-entry-id'))!;
    const entry = st.core.logbook.list({}, 500).entries.find((e) => e.id === text)!;
    await page.getByTestId('entry-raise').click();
    await page.getByTestId('raise-form').waitFor();
    expect(await field('raise-form', 'source').inputValue()).toBe('logbook');
    expect(await field('raise-form', 'sourceRef').inputValue()).toBe(`#${entry.stt}`);
    expect(await field('raise-form', 'description').inputValue()).toBe(entry.text);
    expect(await field('raise-form', 'arisenAt').inputValue()).toBe(input(entry.occurredAt));
    await page.getByTestId('raise-form').getByRole('button', { name: '← Bảng vụ việc' }).click();
    await page.getByTestId('incident-board').waitFor();
  });

  it('a request received: registered with its receipt time, answered within 30 minutes, result reported on Phụ lục IV', async () => {
    await page.keyboard.press('Alt+Y');
    await page.getByTestId('requests').waitFor();
    const reg = 'request-register';
    const toggle = page.getByTestId('request-register-toggle');
    await toggle.waitFor();
    // the form opens by itself once the list has loaded empty: a click just before that closed it
    // again, so open it as an officer would, clicking only while it is shut
    await eventually(async () => {
      if ((await page.getByTestId(reg).count()) > 0) return true;
      if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
      return false;
    }, 'the request register form to open', 15_000);
    await field(reg, 'fromText').fill('Trực ban Tổng cục Hải quan');
    await field(reg, 'reference').fill('Fax số 125/TB-TrB ngày 22/11/2026');
    await field(reg, 'content').fill('Đề nghị kiểm tra, xác minh container TGHU8800110 tại cửa khẩu Hữu Nghị và báo cáo kết quả.');
    await field(reg, 'receivedAt').fill(input(Date.now() - 10 * 60_000));
    await page.getByTestId(reg).getByRole('button', { name: 'Ghi nhận yêu cầu' }).click();
    const d = page.getByTestId('request-detail');
    await d.waitFor();
    expect(await d.getAttribute('data-status')).toBe('open');
    // received 10 minutes ago: about 20 minutes left to answer
    expect(await d.getByTestId('clock-ack').innerText()).toMatch(/còn 00:(19|20):\d{2}/);
    const requestId = (await d.getAttribute('data-request-id'))!;

    await field('request-answer', 'handler').fill('Đội trưởng Đội Giám sát Nguyễn Văn Bình');
    await field('request-answer', 'expectedAt').fill(input(Date.now() + 60 * 60_000));
    await page.getByTestId('request-answer').getByRole('button').last().click();
    await expect.poll(() => d.getAttribute('data-status')).toBe('answered');
    expect(await d.getByTestId('clock-ack').getAttribute('data-state')).toBe('met');

    await field('request-result', 'timeline').fill(`${input(Date.now() - 5 * 60_000)} Đội Giám sát đến bãi kiểm tra container`);
    await field('request-result', 'text').fill('Container TGHU8800110 còn nguyên niêm phong, hàng hóa phù hợp khai báo.');
    // the focal point named in the answer is the report's focal point unless changed
    expect(await field('request-result', 'focalPoint').inputValue()).toBe('Đội trưởng Đội Giám sát Nguyễn Văn Bình');
    await page.getByTestId('request-result').getByRole('button').last().click();
    await expect.poll(() => d.getAttribute('data-status')).toBe('done');
    const r = st.core.incidents.listRequests(false, 50).find((x) => x.id === requestId)!;
    expect(r.result?.timeline).toHaveLength(1);
    expect(r.answer?.handler).toContain('Nguyễn Văn Bình');

    await page.getByTestId('draft-annex-IV').click();
    const editor = page.getByTestId('doc-editor');
    await editor.waitFor();
    expect(await editor.locator('[name="reference.number"]').inputValue()).toBe('125/TB-TrB');
    expect(await editor.locator('[name="reference.date"]').inputValue()).toBe('22/11/2026');
    // a date the editor cannot read is said at once, under its field
    await editor.locator('[name="reference.date"]').fill('31/02/2026');
    expect(await page.locator('[data-testid=doc-editor] .field', { has: page.locator('[name="reference.date"]') }).locator('.field__error').innerText()).toBe('Nhập ngày dạng dd/mm/yyyy');
    await editor.locator('[name="reference.date"]').fill('22/11/2026');
    expect(await editor.locator('[name="result"]').inputValue()).toContain('còn nguyên niêm phong');
    expect(await page.getByTestId('form-paper').innerText()).toContain('Đội Giám sát đến bãi kiểm tra container');
    await page.getByTestId('doc-issue').click();
    const doc = page.locator('[data-testid=document][data-annex=IV]');
    await expect.poll(() => doc.getAttribute('data-status')).toBe('issued');
    expect(await doc.getByTestId('document-number').innerText()).toMatch(/^Số: \d{2,}\/BC-[^/\s]+$/);
    await page.getByTestId('request-register-toggle').click();
    await expect.poll(() => page.getByTestId(reg).count()).toBe(0);
    await screenshot(page, 'incidents-requests-1366');
  });

  it('the shift leader sets the acknowledgement clock (default 30 minutes): shorter, never longer than Điều 9.2 allows', async () => {
    await page.keyboard.press('Alt+V');
    await page.getByTestId('incident-board').waitFor();
    expect(await page.getByTestId('clock-settings').innerText()).toContain('30 phút');
    await page.getByTestId('clock-settings').click();
    await page.locator('input[name=ackMinutes]').fill('3');
    await page.locator('.inc-settings').getByRole('button', { name: 'Lưu' }).click();
    expect(await page.locator('.inc-settings .field__error').innerText()).toContain('5–240');
    // longer than 30 minutes: the station refuses it and names the article
    await page.locator('input[name=ackMinutes]').fill('45');
    await page.locator('.inc-settings').getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.locator('.inc-settings .field__error').innerText()).toContain('Điều 9.2');
    expect(st.core.incidents.settings().ackMinutes).toBe(30);
    await page.locator('input[name=ackMinutes]').fill('20');
    await page.locator('.inc-settings').getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => st.core.incidents.settings().ackMinutes).toBe(20);
    expect(await page.getByTestId('clock-settings').innerText()).toContain('20 phút');
  });

  it('a result reported after its due time must give the cause and the person responsible', async () => {
    // three hours later (no clock watcher runs yet, so this is not seen as a jump)
    clock.offset += 3 * 3600_000;
    await page.locator(`[data-testid=incident-card][data-incident-id="${incidentId}"]`).click();
    await page.getByTestId('incident-detail').waitFor();
    await expect.poll(() => page.locator('[data-testid=direction] [data-testid=clock-result]').getAttribute('data-state')).toBe('overdue');
    await page.getByTestId('direction-result-btn').click();
    await page.getByTestId('late-note').waitFor();
    await field('action-result', 'text').fill('Đã dừng xe, kiểm tra thực tế: thừa 40 thùng so với khai báo; lập biên bản vi phạm.');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => fieldError('action-result', 'lateCause').count()).toBe(1);
    expect(detail().directions[0]!.result).toBeNull();
    await field('action-result', 'lateCause').fill('Phương tiện đã rời bãi, phải phối hợp truy đuổi');
    await field('action-result', 'responsible').fill('Ông Lê Văn Tâm, tổ trưởng tổ giám sát cổng B');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => detail().directions[0]!.result?.late).toBe(true);
    const result = page.getByTestId('direction-result');
    await result.waitFor();
    expect(await result.innerText()).toContain('Phương tiện đã rời bãi');
    expect(await page.locator('[data-testid=direction] [data-testid=clock-result]').getAttribute('data-state')).toBe('late');
    await page.getByRole('button', { name: '← Bảng vụ việc' }).click();
    await page.getByTestId('incident-board').waitFor();
  });

  it('when the machine clock jumps, the running clocks carry a marker and everyone is alerted', async () => {
    const watcher = st.core.startIncidentWatcher({ intervalMs: 300 });
    await new Promise((r) => setTimeout(r, 700));
    clock.offset += 2 * 3600_000;
    // the demo's c.2 case still waits for its acknowledgement: that clock ran across the jump
    const demo = st.core.incidents.list({ overdueOnly: false, limit: 50 }).find((i) => i.cases.includes('2.3.c2') && i.state === 'in_progress')!;
    await expect.poll(() => st.core.incidents.get(demo.id).directions[0]!.ackClock.clockJumped, { timeout: 10_000 }).toBe(true);
    const card = page.locator(`[data-testid=incident-card][data-incident-id="${demo.id}"]`);
    await expect.poll(() => card.getByTestId('clock-ack').getAttribute('data-jumped'), { timeout: 10_000 }).toBe('true');
    expect(await card.getByTestId('clock-ack').getAttribute('data-state')).toBe('overdue');
    // our incident's clocks had stopped before the jump: no marker
    const ours = page.locator(`[data-testid=incident-card][data-incident-id="${incidentId}"]`);
    expect(await ours.locator('[data-jumped]').count()).toBe(0);
    // everyone is told (the banner is folded to one line at 1366×768: unfold it)
    await expect.poll(() => st.core.incidents.alerts(['surveillance_officer'], false).some((a) => a.kind === 'clock_jump'), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('alerts-more').click();
    await page.locator('[data-testid=alert][data-kind=clock_jump]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid=alert][data-kind=clock_jump]').innerText()).toContain('120 phút');
    watcher.stop();
    expect(st.pageErrors).toEqual([]);
  });
});
