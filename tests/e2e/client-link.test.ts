/**
 * A workstation in browser mode (`trucban client`) in front of a station (the real `trucban
 * --db F serve --lan` process on 127.0.0.26): the station is killed — within 2 s every screen says since when it cannot
 * be reached; an entry typed meanwhile is shown "chưa gửi"; the station comes back, the
 * officer signs in again and the entry arrives, once.
 */
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/app/core';
import { pairWithStation } from '../../src-main/client/pair';
import { startClientProcess } from '../../src-main/client/local';
import type { ClientProcess } from '../../src-main/client/local';
import { PASSWORD } from '../helpers';
import { pairCodesFor, realStationDb, startServeLan } from '../helpers/real-station';
import type { ServeLan } from '../helpers/real-station';
import { CHROMIUM_ARGS, ROOT, qe, screenshot, signIn } from './harness';

let dir: string;
let station: ServeLan;
const HOST = '127.0.0.26';
const db = () => path.join(dir, 'station.sqlite');
let client: ClientProcess;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-e2e-client-'));
  await realStationDb(db());
  const [code] = await pairCodesFor(db(), HOST, [{ name: 'Máy GS 3', role: 'workstation' }]);
  station = await startServeLan(db(), HOST);
  const record = await pairWithStation({ stationUrl: station.url, code: code! });
  client = await startClientProcess({ dir: path.join(dir, 'client'), record, staticDir: path.join(ROOT, 'dist/renderer'), log: () => {}, link: { backoffBaseMs: 100, backoffCapMs: 500 } });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'en-US', timezoneId: 'America/New_York' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(client.server.launchUrl);
  await signIn(page, 'officer', PASSWORD);
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await client?.close();
  if (station && station.child.exitCode === null && station.child.signalCode === null) station.child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

const entriesWith = (text: string) => {
  const core = openCore({ dbPath: db(), readonly: true });
  try {
    return core.db.prepare(`SELECT COUNT(*) FROM events WHERE type = 'logbook.entry_added' AND json_extract(payload, '$.text') = ?`).pluck().get(text) as number;
  } finally {
    core.close();
  }
};

describe('workstation: the station unreachable (e2e)', () => {
  it('shows the banner within 2 s of the station being killed, keeps an entry "chưa gửi", and sends it once when the station is back', async () => {
    await page.keyboard.press('Alt+N');
    await page.getByTestId('quick-entry').waitFor();
    await qe(page, 'text').fill('Trước khi mất kết nối');
    await qe(page, 'text').press('Control+Enter');
    await page.getByTestId('entry-table').getByText('Trước khi mất kết nối').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-link=down]').count()).toBe(0);

    const killedAt = Date.now();
    station.child.kill('SIGKILL');
    const banner = page.locator('[data-link=down]');
    await banner.waitFor({ timeout: 2_000 });
    expect(Date.now() - killedAt).toBeLessThan(2_000);
    expect(await banner.innerText()).toMatch(/^Không kết nối được trạm trực ban từ \d\d:\d\d \d\d\/\d\d\/\d{4} — đang thử lại…/);

    const text = 'Gõ trong lúc mất kết nối với trạm';
    await qe(page, 'text').fill(text);
    await qe(page, 'text').press('Control+Enter');
    const notSent = page.locator('.not-sent__item', { hasText: text });
    await notSent.waitFor({ timeout: 5_000 });
    expect(await notSent.innerText()).toContain('Chưa gửi');
    expect(await qe(page, 'text').inputValue()).toBe(''); // kept on this machine: the form is free again
    await screenshot(page, 'client-station-unreachable');

    station = await startServeLan(db(), HOST, station.port);
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    // the restarted station forgot the sign-in: the screen asks for it, then the outbox goes
    await page.locator('input[name=login]').waitFor({ timeout: 10_000 });
    await signIn(page, 'officer', PASSWORD);
    await expect.poll(() => client.outbox.queued().length, { timeout: 15_000 }).toBe(0);
    await page.keyboard.press('Alt+N');
    await page.getByTestId('entry-table').getByText(text).waitFor({ timeout: 10_000 });
    // the "chưa gửi" list follows the client's status, pushed a moment after the send
    await expect.poll(() => page.locator('.not-sent__item').count(), { timeout: 5_000 }).toBe(0);
    expect(entriesWith(text)).toBe(1);
    expect(entriesWith('Trước khi mất kết nối')).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
