/**
 * More of the video wall against the RTSP camera simulator (4 cameras, one sending H.265) and the real video
 * engine: a tour cycles the cameras of one tile, "export last 30 s" opens a draft incident
 * with the MP4 clip attached (saved with the entry), and a camera fault on the wall reaches
 * the dashboard's panel of notices to the managing units.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/app/core';
import type { RtspSim } from '../helpers/rtsp-sim';
import { screenshot, signIn } from './harness';
import { eventually, startWallStation } from './wall-station';
import type { WallStation } from './wall-station';

const CAMS = 4;
/** Camera 4 sends H.265: the engine transcodes it to H.264 as a marked fallback. */
const H265 = [4];
let sim: RtspSim;
let core: Core;
let page: Page;
let pageErrors: string[] = [];
let ids: Record<number, string> = {};

const tile = (i: number) => page.locator(`[data-tile="${i}"]`);

let st: WallStation;
beforeAll(async () => {
  st = await startWallStation(CAMS, { graceMs: 500, stream: { stallMs: 1500, tickMs: 100, backoff: [{ ms: 400, times: Infinity }], offlineAfter: 2, unstableWindowMs: 2_000, stableMs: 1_000 } }, { h265: H265 });
  ({ sim, core, page, ids } = st);
  pageErrors = st.pageErrors;
}, 180_000);

afterAll(async () => {
  await st?.stop();
});

describe('video wall extras (e2e)', () => {
  it('a tour on one tile cycles its cameras every interval', async () => {
    await signIn(page);
    await page.keyboard.press('Alt+W');
    await page.getByTestId('wall').waitFor();
    await page.getByTestId('camera-tree').getByTestId('tree-camera-1').waitFor();
    await tile(0).click();
    await page.keyboard.press('2');
    await expect.poll(() => page.getByTestId('wall-grid').getAttribute('data-layout')).toBe('2x2');
    for (let n = 1; n <= 3; n++) {
      await page.getByTestId(`tree-camera-${n}`).dragTo(tile(n - 1));
      await expect.poll(() => tile(n - 1).getAttribute('data-camera-id')).toBe(ids[n]);
    }
    // tile 0 tours cameras 1 → 2 → 3, three seconds each
    await tile(0).focus();
    await page.keyboard.press('t');
    const form = tile(0).getByTestId('tour-form');
    await form.locator('[name=tourCameras]').fill('1, 2, 3');
    await form.locator('[name=tourInterval]').fill('3');
    await form.locator('[name=tourInterval]').press('Enter');
    await expect.poll(() => tile(0).getAttribute('data-camera-id')).toBe(ids[1]);
    await expect.poll(() => tile(0).locator('.tile__num').innerText()).toBe('1');
    const seen: string[] = [];
    await eventually(async () => {
      const n = await tile(0).locator('.tile__num').innerText().catch(() => '');
      if (n && seen[seen.length - 1] !== n) seen.push(n);
      return seen.length >= 3;
    }, 'the tour to show three cameras', 15_000);
    expect(seen).toEqual(['1', '2', '3']);
    expect(await tile(0).getAttribute('data-camera-id')).toBe(ids[3]);
    expect(await tile(0).innerText()).toMatch(/Tuần tra 3\/3 · 3 giây/);
    // stop the tour: the tile keeps one camera
    await tile(0).focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => tile(0).getAttribute('data-camera-id')).toBe('');
  });

  it('"export last 30 s" opens a draft incident with the clip attached; saving stores it with the entry', async () => {
    await eventually(async () => (await tile(1).getAttribute('data-state')) === 'playing', 'tile 1 to play', 25_000);
    // let the stream buffer a few seconds
    await new Promise((r) => setTimeout(r, 3000));
    await tile(1).hover();
    await tile(1).getByTestId('tile-clip').click();
    const draft = page.getByTestId('draft-attachment');
    await draft.waitFor({ timeout: 20_000 });
    expect(await draft.getAttribute('data-mime')).toBe('video/mp4');
    const sha = await draft.getAttribute('data-sha256');
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    // a video icon, not a thumbnail
    expect(await draft.getByTestId('draft-clip-icon').count()).toBe(1);
    expect(await draft.locator('img').count()).toBe(0);
    // the clip says how much it really covers: up to 30 s, here what was buffered (whole GOPs)
    const shown = /Đoạn video camera ([\d,]+) giây đính kèm/.exec(await draft.innerText());
    expect(shown).not.toBeNull();
    const secs = Number(shown![1]!.replace(',', '.'));
    expect(secs).toBeGreaterThanOrEqual(3);
    expect(secs).toBeLessThanOrEqual(31);
    const text = page.locator('[data-testid=quick-entry] [name="text"]');
    expect(await text.inputValue()).toBe(`Camera 2 (Cổng A — làn xe xuất cảnh) — Cửa khẩu quốc tế Hữu Nghị — Làn xuất cảnh, nhập cảnh, đoạn video ${shown![1]} giây: `);
    expect(await page.locator('.kind-picker__btn[aria-checked=true]').getAttribute('class')).toContain('kind--incident');
    await screenshot(page, 'wall-clip-draft');
    await text.press('End');
    await page.keyboard.type('xe tải quay đầu bất thường tại làn xuất');
    await page.keyboard.press('Control+Enter');
    await eventually(() => core.logbook.list({}, 50).entries.some((e) => e.attachments.some((a) => a.sha256 === sha)), 'the incident stored with the clip');
    const entry = core.logbook.list({}, 50).entries.find((e) => e.attachments.some((a) => a.sha256 === sha))!;
    expect(entry.kind).toBe('incident');
    expect(entry.text).toContain('xe tải quay đầu bất thường');
    expect(entry.attachments[0]!.mime).toBe('video/mp4');
    expect(entry.attachments[0]!.size).toBeGreaterThan(10_000);
    await expect.poll(() => page.getByTestId('draft-attachment').count()).toBe(0);
  });

  it('an H.265 camera plays through the marked H.264 transcode, with its CPU cost on the tile', async () => {
    await page.keyboard.press('Alt+W');
    await page.getByTestId('wall').waitFor();
    await page.getByTestId('tree-camera-4').dragTo(tile(3));
    await expect.poll(() => tile(3).getAttribute('data-camera-id')).toBe(ids[4]);
    await eventually(async () => (await tile(3).getAttribute('data-state')) === 'playing', 'the H.265 camera to play', 30_000);
    await eventually(async () => /CHUYỂN MÃ · [\d,]+ % CPU/.test(await tile(3).getByTestId('tile-transcoding').innerText().catch(() => '')), 'the transcode tag with its CPU', 20_000);
    const time = () => tile(3).locator('video').evaluate((v: HTMLVideoElement) => v.currentTime);
    const t0 = await time();
    await eventually(async () => (await time()) > t0 + 1, 'the transcoded picture to advance', 10_000);
    await screenshot(page, 'wall-h265-transcode');
  });

  it('a camera fault on the wall shows in the dashboard panel of notices to the managing units', async () => {
    await page.keyboard.press('Alt+W');
    await page.getByTestId('wall').waitFor();
    expect(await tile(2).getAttribute('data-camera-id')).toBe(ids[3]);
    await eventually(async () => (await tile(2).getAttribute('data-state')) === 'playing', 'tile 2 to play', 25_000);
    await sim.control.kill(3);
    await eventually(() => core.video.notifications().some((n) => n.kind === 'camera_fault' && n.cameraId === ids[3]), 'the fault of camera 3 queued', 20_000);
    await page.keyboard.press('Alt+B');
    const panel = page.getByTestId('notifications');
    const row = panel.locator('tr[data-kind=camera_fault]', { hasText: 'Camera 3' });
    await row.first().waitFor({ timeout: 15_000 });
    const text = await row.first().innerText();
    expect(text).toContain('15E1');
    expect(text).toContain('Sự cố');
    expect(text).toContain('Chờ gửi');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await screenshot(page, 'dashboard-notices');
    expect(pageErrors).toEqual([]);
  });
});
