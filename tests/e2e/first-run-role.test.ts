/**
 * First run of an installation (browser mode): the role choice — station, workstation, wall,
 * one paragraph each — and a workstation paired with its station from the form (address +
 * one-time code): the station's fingerprint is shown and device.json / role.json are written,
 * so the next start runs the client.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startStation } from './harness';
import type { Station } from './harness';
import { stationCore, tmpDir } from '../helpers';
import type { Core } from '../../src-main/app/core';
import { startRealStation } from '../helpers/real-station';
import type { RealStation } from '../helpers/real-station';
import { readDeviceFile } from '../../src-main/client/device';
import { readRole, startupPlan } from '../../src-main/client/role';

let st: Station;
let t: ReturnType<typeof tmpDir>;
let roomCore: Core;
let room: RealStation;

beforeAll(async () => {
  st = await startStation({ demo: false });
  t = tmpDir();
  roomCore = await stationCore(path.join(t.dir, 'room.sqlite'));
  room = await startRealStation(roomCore, { db: path.join(t.dir, 'room.sqlite'), host: '127.0.0.24' });
}, 120_000);

afterAll(async () => {
  await st?.close();
  await room?.close();
  roomCore?.close();
  t?.cleanup();
});

describe('first run: the installation’s role (e2e)', () => {
  it('offers station, workstation and wall with a paragraph each; a workstation pairs with address and code', async () => {
    const page = st.page;
    const choice = page.getByTestId('role-choice');
    await choice.waitFor();
    for (const [role, title] of [['station', 'Trạm trực ban (máy chủ của phòng)'], ['workstation', 'Máy trạm'], ['wall', 'Màn hình tường']] as const) {
      const item = choice.locator(`[data-role=${role}]`);
      expect(await item.locator('h2').innerText()).toBe(title);
      expect((await item.locator('p').innerText()).length).toBeGreaterThan(80);
    }
    await screenshot(page, 'first-run-role');

    await page.getByRole('button', { name: 'Chọn: Máy trạm' }).click();
    const form = page.getByTestId('pair-form');
    await form.waitFor();
    await form.locator('input[name=station]').fill(room.url);
    await form.locator('input[name=code]').fill('ZZZZ-ZZZZ-ZZZZ');
    // no name to type: the station names the device as its administrator did beside the code
    expect(await form.locator('input[name=name]').count()).toBe(0);
    await form.getByRole('button', { name: 'Ghép nối' }).click();
    await page.getByText('Mã ghép nối không đúng').waitFor();
    expect(readDeviceFile(st.dir)).toBeNull();

    await form.locator('input[name=code]').fill(room.pairCode('Máy trạm mới', 'workstation'));
    await form.getByRole('button', { name: 'Ghép nối' }).click();
    await page.getByTestId('paired').waitFor();
    // the station names the device as its administrator did beside the code, not as the machine calls itself
    expect(await page.getByTestId('paired').innerText()).toContain('“Máy trạm mới” đã được ghép nối với trạm KV06');
    expect(await page.getByTestId('fingerprint').innerText()).toBe(room.fingerprint);
    await screenshot(page, 'first-run-paired');
    const rec = readDeviceFile(st.dir);
    expect(rec?.fingerprint).toBe(room.fingerprint);
    expect(readRole(st.dir)).toBe('workstation');
    expect(startupPlan(readRole(st.dir), rec !== null)).toBe('client');
    // this installation is not a station: its own database was never set up
    expect(st.core.station.get()).toBeNull();
  });
});
