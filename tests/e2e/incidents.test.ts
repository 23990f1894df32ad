/**
 * A case Đ8.2.3.c.2 end to end through the real UI (browser mode, Debian chromium) against the
 * real core and a live camera of the RTSP simulator: a snapshot from the wall opens the raise
 * form with the picture and the camera's place → the room-level leader proposes → the shift
 * leader approves → a direction goes out and Phụ lục II is issued with its number → the unit
 * acknowledges 25 minutes later (the core's clock is moved forward: the clock shows "met", not
 * overdue) → result → closed. Screenshots of the board, the detail with its timeline and the form.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/journal/clock';
import type { IncidentDetail } from '../../src-shared/domain/incidents';
import { incidentSteps } from './incident-steps';
import { screenshot, signIn } from './harness';
import { eventually, startWallStation } from './wall-station';
import type { WallStation } from './wall-station';

/** The core's clock: real time plus an offset the test moves forward (no monotonic reading, so not a "jump"). */
class MovableClock implements Clock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

const clock = new MovableClock();
let st: WallStation;
let page: Page;
let incidentId = '';
let snapshotSha = '';

const tile = (i: number) => page.locator(`[data-tile="${i}"]`);
const detail = (): IncidentDetail => st.core.incidents.get(incidentId);
const { input, field, switchUser, openIncident, action } = incidentSteps(
  () => page,
  () => incidentId,
);

beforeAll(async () => {
  st = await startWallStation(1, { graceMs: 3000, stream: { stallMs: 3000, backoff: [{ ms: 500, times: Infinity }] } }, { clock });
  page = st.page;
  // the clock moves 25 minutes: keep the sessions from locking for idleness meanwhile
  st.core.station.update({ idleLockMinutes: 240 }, 'admin');
  await signIn(page, 'duc.pv');
}, 180_000);

afterAll(async () => {
  await st?.stop();
});

describe('incident 2.3 c.2 end to end (e2e)', () => {
  it('a snapshot from a live camera opens the raise form with the picture and the camera’s place', async () => {
    await page.keyboard.press('Alt+W');
    await page.getByTestId('wall').waitFor();
    await page.getByTestId('tree-camera-1').dragTo(tile(0));
    await eventually(async () => (await tile(0).getAttribute('data-state')) === 'playing', 'camera 1 to play', 30_000);
    await tile(0).hover();
    await tile(0).getByTestId('tile-raise').click();
    await page.getByTestId('raise-form').waitFor({ timeout: 20_000 });
    const file = page.locator('[data-testid=raise-attachments] li');
    await expect.poll(() => file.count()).toBe(1);
    snapshotSha = (await file.getAttribute('data-sha256'))!;
    expect(snapshotSha).toMatch(/^[0-9a-f]{64}$/);
    await eventually(() => page.evaluate(() => (document.querySelector<HTMLImageElement>('[data-testid=raise-attachments] img')?.naturalWidth ?? 0) > 0), 'the snapshot thumbnail');
    expect(await field('raise-form', 'source').inputValue()).toBe('snapshot');
    expect(await field('raise-form', 'unitCode').inputValue()).toBe('15E1');
    expect(await field('raise-form', 'siteName').inputValue()).toBe('Cửa khẩu quốc tế Hữu Nghị');
    expect(await field('raise-form', 'zone').inputValue()).not.toBe('');
    const text = field('raise-form', 'description');
    expect(await text.inputValue()).toMatch(/^Camera 1 \(Cổng A — làn xe nhập cảnh\) — Cửa khẩu quốc tế Hữu Nghị/);
    // the cursor is at the end of the prefilled text: the officer goes on typing
    await page.keyboard.type('xe đầu kéo chở container CSQU3054383 rời làn khi tờ khai chưa thông quan.');
    await field('raise-form', 'containers').fill('CSQU3054383');
    await field('raise-form', 'plates').fill('12C-345.67');
    await page.locator('[data-testid=raise-form] input[name=cases][value="2.3.c2"]').check();
    await screenshot(page, 'incidents-raise');
    await page.getByTestId('raise-submit').click();
    await page.getByTestId('incident-detail').waitFor();
    incidentId = (await page.getByTestId('incident-detail').getAttribute('data-incident-id'))!;
    const d = detail();
    expect(d.state).toBe('reported');
    expect(d.source).toBe('snapshot');
    expect(d.cases).toEqual(['2.3.c2']);
    expect(d.description).toContain('xe đầu kéo chở container CSQU3054383');
    expect(d.attachments.map((a) => a.sha256)).toEqual([snapshotSha]);
    expect(d.identifiers.containers).toEqual(['CSQU3054383']);
    expect(d.place.siteName).toBe('Cửa khẩu quốc tế Hữu Nghị');
    // the snapshot is shown with the incident
    await eventually(() => page.evaluate((sha) => (document.querySelector<HTMLImageElement>(`[data-testid=incident-detail] [data-sha256="${sha}"] img`)?.naturalWidth ?? 0) > 0, snapshotSha), 'the snapshot in the detail');
  });

  it('the room-level leader verifies and proposes', async () => {
    await switchUser('lan.tt');
    await openIncident();
    await action('propose');
    await field('action-propose', 'verification').fill('Đối chiếu VNACCS: tờ khai luồng đỏ, chưa có quyết định thông quan.');
    await field('action-propose', 'proposal').fill('Đề nghị phối hợp kiểm tra thực tế qua camera và lực lượng tại chỗ (Phụ lục II).');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => detail().state).toBe('proposed');
    await expect.poll(() => page.getByTestId('approval-room_leader').getAttribute('data-state')).toBe('approved');
  });

  it('the shift leader approves (form, scope) and issues the direction; its acknowledgement clock runs', async () => {
    await switchUser('hung.nv');
    await openIncident();
    await action('decide');
    await field('action-decide', 'form').fill('Điện fax khẩn (Phụ lục II), gọi điện trước');
    await field('action-decide', 'scope').fill('Xe đầu kéo 12C-345.67 và container CSQU3054383');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => detail().state).toBe('approved');
    expect(detail().missingApprovals).toEqual([]);
    // the page shows it once it has refreshed (main answered first)
    await expect.poll(() => page.getByTestId('approval-shift_leader').innerText().catch(() => '')).toContain('Điện fax khẩn (Phụ lục II)');

    await action('issue');
    await field('action-issue', 'recipientUnitCode').fill('15E1');
    await field('action-issue', 'recipientPerson').fill('Đội trưởng Đội Giám sát');
    await field('action-issue', 'form').selectOption('fax');
    await field('action-issue', 'focalPoint').fill('Trần Thị Lan');
    await field('action-issue', 'content').fill('Phối hợp kiểm tra thực tế xe đầu kéo 12C-345.67 và container CSQU3054383 tại làn nhập cảnh, báo cáo kết quả về Trực ban.');
    await field('action-issue', 'resultDueAt').fill(input(clock.now() + 2 * 3600_000));
    await page.getByTestId('action-submit').click();
    await expect.poll(() => detail().state).toBe('in_progress');
    const dir = page.getByTestId('direction');
    await dir.waitFor();
    expect(await dir.getByTestId('clock-ack').getAttribute('data-state')).toBe('running');
    expect(await dir.getByTestId('clock-ack').innerText()).toMatch(/còn 00:(29|30):\d{2}/);
  });

  it('Phụ lục II: drafted from the incident and its direction, issued with its number, read-only afterwards', async () => {
    await page.getByTestId('draft-annex-II').click();
    const editor = page.getByTestId('doc-editor');
    await editor.waitFor();
    expect(await editor.locator('[name="requestedContent"]').inputValue()).toContain('CSQU3054383');
    expect(await editor.locator('[name="focalPoint"]').inputValue()).toBe('Trần Thị Lan');
    expect(await editor.locator('[name="signer.name"]').inputValue()).toBe('Nguyễn Văn Hùng');
    expect(await page.getByTestId('form-paper').innerText()).toContain('ĐIỆN FAX ĐI');
    await screenshot(page, 'incidents-form-preview');
    await page.getByTestId('doc-issue').click();
    const doc = page.locator('[data-testid=document][data-annex=II]');
    await expect.poll(() => doc.getAttribute('data-status')).toBe('issued');
    expect(await doc.getByTestId('document-number').innerText()).toMatch(/^Số: \d{2,}\/TB-TrB$/);
    expect(await doc.getByTestId('doc-edit').count()).toBe(0);
    const issued = st.core.documents.list({ incidentId }).find((x) => x.annex === 'II')!;
    expect(issued.status).toBe('issued');
    expect(issued.pdf).not.toBeNull();
    // issued = read-only, with its number on the paper
    await doc.getByTestId('doc-view').click();
    await page.getByTestId('doc-viewer').waitFor();
    expect(await page.getByTestId('doc-viewer').innerText()).toContain(`Số: ${issued.numberText}`);
    expect(await page.locator('[data-testid=doc-viewer] input, [data-testid=doc-viewer] textarea').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('doc-viewer').count()).toBe(0);
  });

  it('25 minutes later (the core’s clock moved) the unit acknowledges: the clock shows met, not overdue', async () => {
    clock.advance(25 * 60_000);
    const ack = page.locator('[data-testid=direction] [data-testid=clock-ack]');
    // the next refresh carries the station's time: about 5 minutes are left
    await eventually(async () => /còn 00:0[45]:\d{2}/.test(await ack.innerText()), 'the acknowledgement clock to show the 25 minutes gone', 15_000);
    await page.getByTestId('direction-ack-btn').click();
    await field('action-ack', 'handler').fill('Đội trưởng Đội Giám sát Nguyễn Văn Bình');
    await field('action-ack', 'expectedAt').fill(input(clock.now() + 60 * 60_000));
    await page.getByTestId('action-submit').click();
    await expect.poll(() => ack.getAttribute('data-state')).toBe('met');
    expect(await ack.innerText()).toContain('đúng hạn');
    const d = detail().directions[0]!;
    expect(d.ackClock.state).toBe('met');
    expect(d.ackClock.doneAt! - d.ackClock.startedAt).toBeGreaterThanOrEqual(25 * 60_000);
    expect(d.ackClock.doneAt!).toBeLessThanOrEqual(d.ackClock.dueAt);
    expect(d.ackClock.escalations).toEqual([]);
  });

  it('the result comes in and the incident is closed; the timeline shows every step with who did it', async () => {
    await page.getByTestId('direction-result-btn').click();
    await field('action-result', 'text').fill('Đã kiểm tra thực tế: hàng hóa phù hợp khai báo, phương tiện được đưa về bãi chờ hoàn tất thủ tục.');
    expect(await page.getByTestId('late-note').count()).toBe(0);
    await page.getByTestId('action-submit').click();
    await expect.poll(() => page.locator('[data-testid=direction] [data-testid=clock-result]').getAttribute('data-state')).toBe('met');
    // a correction of the facts: a new event with its reason; the timeline shows it
    await action('amend');
    await field('action-amend', 'description').press('Control+End');
    await page.keyboard.type(' Xe mang biển số 12C-345.67.');
    await page.getByTestId('action-submit').click();
    expect(await page.locator('[data-testid=action-amend] .field__error').innerText()).toBe('Bắt buộc nhập');
    await field('action-amend', 'reason').fill('Bổ sung biển số xe theo ảnh camera');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => detail().description).toMatch(/thông quan\. Xe mang biển số 12C-345\.67\.$/);
    const amended = page.locator('[data-testid=timeline] > li[data-type="incident.amended"]');
    await amended.waitFor();
    expect(await amended.innerText()).toContain('Lý do: Bổ sung biển số xe theo ảnh camera');
    await action('close');
    await field('action-close', 'summary').fill('Đơn vị đã kiểm tra, không có vi phạm; kết thúc vụ việc.');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => detail().state).toBe('closed');
    await expect.poll(() => page.getByTestId('incident-state').innerText()).toBe('Đã đóng');
    const types = await page.locator('[data-testid=timeline] > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    for (const t of ['incident.raised', 'incident.proposed', 'incident.decided', 'direction.issued', 'direction.acknowledged', 'direction.result', 'incident.amended', 'incident.closed']) expect(types).toContain(t);
    const timeline = await page.getByTestId('timeline').innerText();
    expect(timeline).toContain('Phạm Văn Đức');
    expect(timeline).toContain('Trần Thị Lan');
    expect(timeline).toContain('Nguyễn Văn Hùng');
    await screenshot(page, 'incidents-detail');
  });

  it('the board: the closed card in its column, the filters', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('incident-board').waitFor();
    const card = page.locator(`[data-column=closed] [data-testid=incident-card][data-incident-id="${incidentId}"]`);
    await card.waitFor();
    expect(await card.innerText()).toContain('2.3 c.2');
    // the demo's c.2 case is overdue: "overdue only" keeps it and drops ours
    await page.locator('input[name=incident-overdue]').check();
    await expect.poll(() => card.count()).toBe(0);
    expect(await page.locator('[data-testid=incident-card][data-state=in_progress]').count()).toBeGreaterThan(0);
    await page.locator('input[name=incident-overdue]').uncheck();
    await page.locator('select[name=incident-case]').selectOption('2.3.c2');
    await expect.poll(() => card.count()).toBe(1);
    expect(await page.locator('[data-testid=incident-card]').evaluateAll((els) => els.every((e) => e.textContent?.includes('2.3 c.2')))).toBe(true);
    await page.locator('select[name=incident-case]').selectOption('');
    await screenshot(page, 'incidents-board');
    expect(st.pageErrors).toEqual([]);
  });
});
