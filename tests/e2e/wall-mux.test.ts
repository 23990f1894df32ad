/**
 * Video across the room, through the real UI (browser mode, Debian chromium) against the RTSP
 * camera simulator and the real video engine (ffmpeg), sub streams only (4 tiles) to spare
 * the shared CPU: all tiles of a page on ONE /video socket (counted by the server), a hidden
 * page stops its streams on the station and resumes them, click-to-place, move-not-duplicate,
 * swap by drag, leaving the wall and coming back without a new attach or a new ffmpeg (and a
 * clip right after covers the full 30 s pre-buffer), two pages on one camera sharing one
 * ffmpeg, and a snapshot marked and saved from the wall's side panel. Screenshots at 1600×900.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/app/core';
import type { BrowserServer } from '../../src-main/server/browser';
import { screenshot, signIn } from './harness';
import { eventually, startWallStation } from './wall-station';
import type { WallStation } from './wall-station';

const CAMS = 4;
let st: WallStation;
let core: Core;
let srv: BrowserServer;
let page: Page;
let ids: Record<number, string> = {};

const tile = (i: number, p: Page = page) => p.locator(`[data-tile="${i}"]`);
const cameraOf = (i: number, p: Page = page) => tile(i, p).getAttribute('data-camera-id');

interface Live {
  players: number;
  mediaSources: number;
  sockets: number;
  streams: number;
  socketsCreated: number;
}
const live = (p: Page = page): Promise<Live> => p.evaluate(() => (window as unknown as { __trucbanVideo: { liveCounts: () => Live } }).__trucbanVideo.liveCounts());

const frames = (i: number, p: Page = page) =>
  p.evaluate((index) => {
    const v = document.querySelector<HTMLVideoElement>(`[data-tile="${index}"] video`);
    return v ? { t: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames, w: v.videoWidth } : null;
  }, i);

/** The tile's video plays: its time advances and it keeps decoding frames. */
async function expectPlaying(i: number, p: Page = page): Promise<void> {
  await eventually(async () => ((await frames(i, p))?.frames ?? 0) > 5, `tile ${i} to decode frames`, 30_000);
  const a = (await frames(i, p))!;
  await eventually(async () => {
    const b = (await frames(i, p))!;
    return b.t > a.t + 0.5 && b.frames > a.frames + 10;
  }, `tile ${i} to keep playing`, 10_000);
}

/** The station's sub stream of camera n: its ffmpeg and its viewers. */
const subStream = (n: number) => core.video.stats().find((s) => s.cameraId === ids[n] && s.kind === 'sub');

/** The page's visibility as the browser reports it when the window is minimised or another tab is in front. */
const setVisibility = (state: 'hidden' | 'visible') =>
  page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);

beforeAll(async () => {
  st = await startWallStation(CAMS, { graceMs: 3000, stream: { stallMs: 4000, backoff: [{ ms: 500, times: Infinity }] } }, { viewport: { width: 1600, height: 900 } });
  ({ core, srv, page, ids } = st);
}, 180_000);

afterAll(async () => {
  await st?.stop();
});

describe('video across the room (e2e)', () => {
  it('click-to-place fills a 2×2 wall; its four tiles play over exactly ONE /video socket (counted by the server)', async () => {
    await signIn(page);
    await page.keyboard.press('Alt+W');
    await page.getByTestId('camera-tree').getByTestId('tree-camera-1').waitFor();
    await tile(0).click();
    await page.keyboard.press('2');
    await expect.poll(() => page.getByTestId('wall-grid').getAttribute('data-layout')).toBe('2x2');
    await tile(0).click();
    // one click per camera: the camera goes into the selected tile, the next tile is selected
    for (let n = 1; n <= 4; n++) {
      await page.getByTestId(`tree-camera-${n}`).click();
      await expect.poll(() => cameraOf(n - 1)).toBe(ids[n]);
    }
    await Promise.all([0, 1, 2, 3].map((i) => expectPlaying(i)));
    expect(srv.videoStats()).toMatchObject({ sockets: 1, muxSockets: 1, tiles: 4 });
    expect(await live()).toMatchObject({ players: 4, mediaSources: 4, sockets: 1, streams: 4, socketsCreated: 1 });
    // one ffmpeg per camera stream, one viewer each
    for (let n = 1; n <= 4; n++) expect(subStream(n)).toMatchObject({ viewers: 1, spawns: 1 });
    // the sockets the page opened: the RPC socket and one video socket
    expect(st.pageErrors).toEqual([]);
  });

  it('clicking a camera already on the wall moves it to the selected tile (never shown twice); dropping one moves it too', async () => {
    await tile(2).click();
    await page.getByTestId('tree-camera-1').click();
    await expect.poll(() => cameraOf(2)).toBe(ids[1]);
    expect(await cameraOf(0)).toBe('');
    expect(await page.locator(`[data-tile][data-camera-id="${ids[1]}"]`).count()).toBe(1);
    // drag camera 3 (no longer on the wall) onto the empty tile 0, then camera 2 from the tree onto tile 0 too
    await page.getByTestId('tree-camera-3').dragTo(tile(0));
    await expect.poll(() => cameraOf(0)).toBe(ids[3]);
    await page.getByTestId('tree-camera-2').dragTo(tile(0));
    await expect.poll(() => cameraOf(0)).toBe(ids[2]);
    expect(await cameraOf(1)).toBe('');
    expect(await page.locator(`[data-tile][data-camera-id="${ids[2]}"]`).count()).toBe(1);
    // put the wall back: 1 2 / 3 4
    await tile(0).click();
    await page.getByTestId('tree-camera-1').click();
    await page.getByTestId('tree-camera-2').click();
    await page.getByTestId('tree-camera-3').click();
    await expect.poll(async () => [await cameraOf(0), await cameraOf(1), await cameraOf(2), await cameraOf(3)]).toEqual([ids[1], ids[2], ids[3], ids[4]]);
    await Promise.all([0, 1, 2, 3].map((i) => expectPlaying(i)));
    expect(srv.videoStats()).toMatchObject({ sockets: 1, tiles: 4 });
  });

  it('dragging a tile onto another swaps them; both play, still over one socket', async () => {
    await tile(0).dragTo(tile(3));
    await expect.poll(() => cameraOf(0)).toBe(ids[4]);
    expect(await cameraOf(3)).toBe(ids[1]);
    await Promise.all([0, 3].map((i) => expectPlaying(i)));
    await tile(3).dragTo(tile(0));
    await expect.poll(() => cameraOf(0)).toBe(ids[1]);
    expect(await cameraOf(3)).toBe(ids[4]);
    await Promise.all([0, 1, 2, 3].map((i) => expectPlaying(i)));
    expect(srv.videoStats()).toMatchObject({ sockets: 1, tiles: 4 });
    // the cameras' ffmpegs were shared across the tile changes (grace period), never restarted
    for (let n = 1; n <= 4; n++) expect(subStream(n)?.spawns).toBe(1);
  });

  it('a hidden page stops its streams on the station (viewer count drops) and resumes them when shown', async () => {
    await setVisibility('hidden');
    await eventually(() => srv.videoStats().tiles === 0, 'the station to close the hidden page’s streams', 5000);
    expect(core.video.stats().reduce((n, s) => n + s.viewers, 0)).toBe(0);
    // the socket itself stays (one connection for when the page comes back)
    expect(srv.videoStats().sockets).toBe(1);
    await setVisibility('visible');
    await eventually(() => srv.videoStats().tiles === 4, 'the streams to come back', 5000);
    await Promise.all([0, 1, 2, 3].map((i) => expectPlaying(i)));
    expect(await live()).toMatchObject({ sockets: 1, socketsCreated: 1, players: 4 });
  });

  it('leaving the wall for another screen and coming back keeps every stream: no new attach, the same ffmpeg; a clip right after covers the full 30 s', async () => {
    // the pre-buffer holds 30 s once the stream has run that long
    await eventually(() => (subStream(1)?.prebufferSeconds ?? 0) >= 30, 'camera 1’s 30-second pre-buffer', 40_000);
    const pids = [1, 2, 3, 4].map((n) => subStream(n)?.pid);
    expect(pids.every((p) => typeof p === 'number')).toBe(true);
    const opened = srv.videoStats().opened;
    await page.keyboard.press('Alt+B');
    await page.getByTestId('roster').waitFor();
    expect(await page.getByTestId('wall').isVisible()).toBe(false);
    // longer than the engine's grace period (3 s here): a detached viewer would have stopped ffmpeg
    await new Promise((r) => setTimeout(r, 5000));
    expect(srv.videoStats()).toMatchObject({ sockets: 1, tiles: 4, opened });
    // out of sight, the tiles decode nothing
    const hiddenA = await frames(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await frames(0))!.frames).toBe(hiddenA!.frames);

    await page.keyboard.press('Alt+W');
    await page.getByTestId('wall').waitFor();
    await Promise.all([0, 1, 2, 3].map((i) => expectPlaying(i)));
    expect(srv.videoStats()).toMatchObject({ sockets: 1, tiles: 4, opened });
    expect([1, 2, 3, 4].map((n) => subStream(n)?.pid)).toEqual(pids);
    expect(await live()).toMatchObject({ socketsCreated: 1, players: 4 });

    await tile(0).focus();
    await page.keyboard.press('e');
    await page.getByTestId('draft-attachment').waitFor({ timeout: 20_000 });
    const text = await page.locator('[data-testid=quick-entry] [name="text"]').inputValue();
    const secs = Number(/đoạn video ([\d,]+) giây/.exec(text)?.[1]?.replace(',', '.'));
    expect(secs).toBeGreaterThanOrEqual(30);
    await page.keyboard.press('Alt+W');
    await page.getByTestId('wall').waitFor();
    expect(srv.videoStats()).toMatchObject({ tiles: 4, opened });
  });

  it('two pages showing the same camera run ONE ffmpeg for it (two viewers), each page on its own socket', async () => {
    const spawns = subStream(1)!.spawns;
    const pid = subStream(1)!.pid;
    // the same browser profile, so the same signed-in session; display 2 has a wall of its own
    const page2 = await page.context().newPage();
    try {
      await page2.goto(`${srv.url}/?display=2#token=${srv.token}`);
      await page2.keyboard.press('Alt+W');
      await page2.getByTestId('tree-camera-1').waitFor();
      await tile(0, page2).click();
      await page2.keyboard.press('1');
      await tile(0, page2).click();
      await page2.getByTestId('tree-camera-1').click();
      await expect.poll(() => cameraOf(0, page2)).toBe(ids[1]);
      await expectPlaying(0, page2);
      expect(subStream(1)).toMatchObject({ viewers: 2, spawns, pid });
      expect(core.video.stats().filter((s) => s.cameraId === ids[1])).toHaveLength(1);
      expect(srv.videoStats()).toMatchObject({ sockets: 2, muxSockets: 2, tiles: 5 });
    } finally {
      await page2.close();
    }
    await eventually(() => srv.videoStats().sockets === 1, 'the closed page’s socket to go', 5000);
    expect(subStream(1)).toMatchObject({ viewers: 1, pid });
  });

  it('a snapshot (S) opens a draft incident in the wall’s side panel; marked with the pen and saved, without leaving the wall', async () => {
    await tile(1).focus();
    await page.keyboard.press('s');
    const panel = page.getByTestId('snapshot-panel');
    await panel.waitFor({ timeout: 20_000 });
    const sha = await panel.getAttribute('data-sha256');
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.locator('main').getAttribute('data-screen')).toBe('wall');
    expect(await panel.getByTestId('snapshot-text').inputValue()).toMatch(/^Camera 2 \(Cổng A — làn xe xuất cảnh\) — Cửa khẩu quốc tế Hữu Nghị/);
    // the picture is drawn into the canvas (its pixels are not all black)
    await eventually(
      () => page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('[data-testid=snapshot-canvas]')!;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let lit = 0;
        for (let i = 0; i < d.length; i += 4 * 97) if (d[i]! + d[i + 1]! + d[i + 2]! > 60) lit++;
        return lit > 100;
      }),
      'the snapshot drawn into the panel',
    );
    // a circle of pen strokes around something
    const box = (await panel.getByTestId('snapshot-canvas').boundingBox())!;
    const cx = box.x + box.width * 0.5;
    const cy = box.y + box.height * 0.55;
    await page.mouse.move(cx + 40, cy);
    await page.mouse.down();
    for (let a = 0; a <= 36; a++) await page.mouse.move(cx + 40 * Math.cos((a * Math.PI) / 18), cy + 25 * Math.sin((a * Math.PI) / 18));
    await page.mouse.up();
    expect(await panel.getByTestId('snapshot-canvas').getAttribute('data-strokes')).toBe('1');
    await panel.getByTestId('snapshot-text').press('End');
    await page.keyboard.type('xe tải dừng quá lâu ở làn xuất cảnh');
    // the tiles keep playing beside the panel
    await Promise.all([0, 1, 2, 3].map((i) => expectPlaying(i)));
    await page.mouse.move(5, 895);
    const file = await screenshot(page, 'wall-snapshot-panel');
    expect(file).toMatch(/\.png$/);
    await panel.getByTestId('snapshot-text').press('Control+Enter');
    await eventually(() => core.logbook.list({}, 50).entries.some((e) => e.attachments.some((a) => a.sha256 === sha)), 'the incident stored with the snapshot');
    const entry = core.logbook.list({}, 50).entries.find((e) => e.attachments.some((a) => a.sha256 === sha))!;
    expect(entry.kind).toBe('incident');
    expect(entry.text).toContain('xe tải dừng quá lâu ở làn xuất cảnh');
    // the snapshot and its marked copy (a different PNG)
    expect(entry.attachments).toHaveLength(2);
    expect(entry.attachments.every((a) => a.mime === 'image/png')).toBe(true);
    expect(entry.attachments[1]!.sha256).not.toBe(sha);
    await eventually(async () => (await page.getByTestId('snapshot-panel').count()) === 0, 'the panel to close');
    expect(await page.locator('main').getAttribute('data-screen')).toBe('wall');
    expect(srv.videoStats()).toMatchObject({ sockets: 1, tiles: 4 });
    expect(st.pageErrors).toEqual([]);
  });
});
