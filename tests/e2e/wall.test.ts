/**
 * The video wall through the real UI (browser mode, Debian chromium) against the RTSP camera
 * simulator and the real video engine (ffmpeg): layouts, drag and drop from the camera tree,
 * live MSE playback in every tile (all on the page's one video socket), complete teardown when a
 * tile changes, main stream when enlarged and sub stream back in the grid, the frozen-picture
 * overlay, and a snapshot that opens a draft incident with the image in the wall's side panel. Screenshots at 1920×1080.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/app/core';
import type { RtspSim } from '../helpers/rtsp-sim';
import { screenshot, signIn } from './harness';
import { eventually, startWallStation } from './wall-station';
import type { WallStation } from './wall-station';

const CAMS = 5;
let sim: RtspSim;
let core: Core;
let page: Page;
let pageErrors: string[] = [];
let ids: Record<number, string> = {};

interface Live {
  players: number;
  mediaSources: number;
  sockets: number;
  streams: number;
  videos: number;
}

const live = (): Promise<Live> =>
  page.evaluate(() => (window as unknown as { __trucbanVideo: { liveCounts: () => Live } }).__trucbanVideo.liveCounts());

const tile = (i: number) => page.locator(`[data-tile="${i}"]`);

/** currentTime and decoded frames of the video in tile i (null when there is none). */
const playback = (i: number) =>
  page.evaluate((index) => {
    const v = document.querySelector<HTMLVideoElement>(`[data-tile="${index}"] video`);
    if (!v) return null;
    return { t: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames, w: v.videoWidth, h: v.videoHeight, stream: v.dataset.stream ?? '' };
  }, i);

/** The tile's video plays: its time advances and it keeps decoding frames. */
async function expectPlaying(i: number, timeoutMs = 25_000): Promise<void> {
  await eventually(async () => ((await playback(i))?.frames ?? 0) > 5, `tile ${i} to decode frames`, timeoutMs);
  const a = (await playback(i))!;
  await new Promise((r) => setTimeout(r, 1500));
  const b = (await playback(i))!;
  expect(b.t, `tile ${i} currentTime advances`).toBeGreaterThan(a.t + 0.5);
  expect(b.frames, `tile ${i} decoded frames grow`).toBeGreaterThan(a.frames + 10);
}

let st: WallStation;
beforeAll(async () => {
  st = await startWallStation(CAMS, { graceMs: 3000, stream: { stallMs: 3000, backoff: [{ ms: 500, times: Infinity }] } });
  ({ sim, core, page, ids } = st);
  pageErrors = st.pageErrors;
}, 180_000);

afterAll(async () => {
  await st?.stop();
});

describe('video wall (e2e)', () => {
  it('opens the wall (Alt+W) with the camera tree: unit → site → zone → cameras with status and counts', async () => {
    await signIn(page);
    await page.keyboard.press('Alt+B');
    await page.getByTestId('roster').waitFor();
    await page.keyboard.press('Alt+W');
    await page.getByTestId('wall').waitFor();
    const tree = page.getByTestId('camera-tree');
    await tree.getByTestId('tree-camera-1').waitFor();
    const text = await tree.innerText();
    expect(text).toContain('Cửa khẩu quốc tế Hữu Nghị');
    expect(text).toContain('Làn xuất cảnh, nhập cảnh');
    expect(text).toContain('Cổng A — làn xe nhập cảnh');
    // diacritic-insensitive search (done by main)
    await page.getByTestId('camera-search').fill('cong a');
    await eventually(async () => (await tree.locator('.tree-cam').count()) === 2, 'the search to keep the two “Cổng A” cameras');
    await page.getByTestId('camera-search').fill('');
    await eventually(async () => (await tree.locator('.tree-cam').count()) >= 12, 'the whole tree again');
  });

  it('2×2 layout; four cameras dragged onto the tiles all play live (time advances, frames decode)', async () => {
    await tile(0).click();
    await page.keyboard.press('2');
    await expect.poll(() => page.getByTestId('wall-grid').getAttribute('data-layout')).toBe('2x2');
    expect(await page.locator('[data-tile]').count()).toBe(4);
    for (let n = 1; n <= 4; n++) {
      await page.getByTestId(`tree-camera-${n}`).dragTo(tile(n - 1));
      await expect.poll(() => tile(n - 1).getAttribute('data-camera-id')).toBe(ids[n]);
    }
    await Promise.all([0, 1, 2, 3].map((i) => expectPlaying(i)));
    for (let i = 0; i < 4; i++) {
      const p = (await playback(i))!;
      expect(p.stream).toBe('sub');
      expect(p.w).toBe(640);
    }
    await eventually(async () => (await tile(0).getAttribute('data-state')) === 'playing', 'tile 0 to report playing');
    expect(await tile(0).locator('.tile__clock').innerText()).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(await tile(0).getByTestId('tile-health').innerText()).not.toBe('');
    const counts = await live();
    expect(counts).toMatchObject({ players: 4, mediaSources: 4, videos: 4 });
  });

  it('dropping another camera on a tile tears the old player down completely', async () => {
    await page.getByTestId('tree-camera-5').dragTo(tile(1));
    await expect.poll(() => tile(1).getAttribute('data-camera-id')).toBe(ids[5]);
    await expectPlaying(1);
    const counts = await live();
    expect(counts).toMatchObject({ players: 4, mediaSources: 4, videos: 4 });
    // every tile's stream rides on the page's one video socket
    expect(counts).toMatchObject({ sockets: 1, streams: 4 });
  });

  it('80 camera changes in one tile (N/P keys) leak nothing: Chromium still plays, one player per tile', async () => {
    await tile(3).focus();
    expect(await tile(3).getAttribute('data-camera-id')).toBe(ids[4]);
    let created = 0;
    for (let k = 0; k < 80; k++) {
      // camera 4 ↔ camera 5 (both online), so most changes build a full MediaSource player
      await page.keyboard.press(k % 2 === 0 ? 'n' : 'p');
      await new Promise((r) => setTimeout(r, 100));
      if ((await live()).mediaSources === 4) created++;
    }
    expect(created).toBeGreaterThan(40);
    await expect.poll(() => tile(3).getAttribute('data-camera-id')).toBe(ids[4]);
    await eventually(async () => (await live()).streams === 4, 'one stream per tile');
    // 80 further players were created and destroyed; a leak would hit Chromium's ~75-player limit
    await expectPlaying(3);
    expect(await live()).toMatchObject({ players: 4, mediaSources: 4, videos: 4, sockets: 1, streams: 4 });
  });

  it('double-click enlarges a tile on the MAIN stream (1280 wide); Esc returns to the grid on the SUB stream (640)', async () => {
    await tile(0).dblclick();
    await expect.poll(() => page.getByTestId('wall-grid').getAttribute('data-enlarged')).toBe('0');
    await eventually(async () => (await playback(0))?.w === 1280, 'the main stream (1280×720) in the enlarged tile');
    expect((await playback(0))!.stream).toBe('main');
    await expectPlaying(0);
    expect(await live()).toMatchObject({ players: 1, mediaSources: 1, videos: 1 });
    await screenshot(page, 'wall-enlarged');

    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('wall-grid').getAttribute('data-enlarged')).toBe('');
    await eventually(async () => (await playback(0))?.w === 640, 'the sub stream (640×360) back in the grid');
    expect((await playback(0))!.stream).toBe('sub');
    await Promise.all([0, 1, 2, 3].map((i) => expectPlaying(i)));
    expect(await live()).toMatchObject({ players: 4, mediaSources: 4, videos: 4 });
  });

  it('a frozen camera shows the MẤT HÌNH overlay with the time it froze, and clears when the picture moves again', async () => {
    // camera 3 is in tile 2
    expect(await tile(2).getAttribute('data-camera-id')).toBe(ids[3]);
    await sim.control.freeze(3);
    await tile(2).getByTestId('tile-frozen').waitFor({ timeout: 8000 });
    const overlay = await tile(2).getByTestId('tile-frozen').innerText();
    expect(overlay).toContain('MẤT HÌNH');
    expect(overlay).toMatch(/Hình ảnh dừng từ \d{2}:\d{2}:\d{2}/);
    // the other tiles keep playing
    expect(await tile(0).getAttribute('data-state')).toBe('playing');
    await page.mouse.move(10, 1070);
    const file = await screenshot(page, 'wall-2x2-frozen');
    // a palette PNG of it (≤ 300 KB) beside it, ready to copy to docs/images/ui-wall.png by hand:
    // tests never write into the repository
    const small = file.replace(/\.png$/, '-small.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', file, '-vf', 'scale=1600:-1:flags=lanczos,split[a][b];[a]palettegen=max_colors=160[p];[b][p]paletteuse=dither=none', small]);
    expect(fs.statSync(small).size).toBeLessThanOrEqual(300 * 1024);

    await sim.control.unfreeze(3);
    await eventually(async () => (await tile(2).getByTestId('tile-frozen').count()) === 0, 'the frozen overlay to clear', 10_000);
  });

  it('snapshot (S) opens a draft incident in the wall’s side panel with the image; saving stores it with the entry, the wall stays', async () => {
    await tile(0).focus();
    await page.keyboard.press('s');
    const panel = page.getByTestId('snapshot-panel');
    await panel.waitFor({ timeout: 20_000 });
    const sha = await panel.getAttribute('data-sha256');
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const text = await panel.getByTestId('snapshot-text').inputValue();
    expect(text).toMatch(/^Camera 1 \(Cổng A — làn xe nhập cảnh\) — Cửa khẩu quốc tế Hữu Nghị/);
    expect(await panel.locator('[name="place"]').inputValue()).toContain('Cửa khẩu quốc tế Hữu Nghị');
    await screenshot(page, 'wall-snapshot-draft');
    await panel.getByTestId('snapshot-text').press('End');
    await page.keyboard.type('xe đầu kéo dừng lâu bất thường trước cổng A');
    await page.keyboard.press('Control+Enter');
    await eventually(() => core.logbook.list({}, 50).entries.some((e) => e.attachments.some((a) => a.sha256 === sha)), 'the incident stored with the snapshot');
    const entry = core.logbook.list({}, 50).entries.find((e) => e.attachments.some((a) => a.sha256 === sha))!;
    expect(entry.kind).toBe('incident');
    expect(entry.text).toContain('xe đầu kéo dừng lâu bất thường');
    expect(entry.attachments[0]!.mime).toMatch(/^image\//);
    // nothing was marked: only the snapshot itself
    expect(entry.attachments).toHaveLength(1);
    expect(await page.locator('main').getAttribute('data-screen')).toBe('wall');
  });

  it('neighbours (L) puts the camera big with its neighbours around it; a named preset keeps the layout (in main)', async () => {
    await page.keyboard.press('Alt+W');
    await page.getByTestId('wall').waitFor();
    await tile(0).focus();
    expect(await tile(0).getAttribute('data-camera-id')).toBe(ids[1]);
    await page.keyboard.press('l');
    // camera 1's neighbours are cameras 2 and 3 (demo camera map)
    await expect.poll(() => page.getByTestId('wall-grid').getAttribute('data-layout')).toBe('1+5');
    expect(await tile(0).getAttribute('data-camera-id')).toBe(ids[1]);
    expect(await tile(1).getAttribute('data-camera-id')).toBe(ids[2]);
    expect(await tile(2).getAttribute('data-camera-id')).toBe(ids[3]);
    await Promise.all([0, 1, 2].map((i) => expectPlaying(i)));
    expect(await live()).toMatchObject({ players: 3, mediaSources: 3 });

    await page.locator('input[name=presetName]').fill('Cổng A và lân cận');
    await page.locator('input[name=presetName]').press('Enter');
    await tile(0).focus();
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('wall-grid').getAttribute('data-layout')).toBe('1');
    await page.locator('select[name=preset]').selectOption('Cổng A và lân cận');
    await page.getByRole('button', { name: 'Mở', exact: true }).click();
    await expect.poll(() => page.getByTestId('wall-grid').getAttribute('data-layout')).toBe('1+5');
    expect(await tile(2).getAttribute('data-camera-id')).toBe(ids[3]);
    // presets are the station's, kept by main (tests/e2e/wall-presets.test.ts covers several displays)
    expect(core.walls.get('Cổng A và lân cận')?.displays['1']).toMatchObject({ layout: '1+5', tiles: [{ cameraId: ids[1] }, { cameraId: ids[2] }, { cameraId: ids[3] }] });
    expect(await page.evaluate(() => localStorage.getItem('trucban.wall.presets.1'))).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
