/**
 * A duty room on one machine (browser mode, Debian's chromium): the real station (`trucban --db F
 * serve --lan` on 127.0.0.27), two workstations and one wall, each a real `trucban client`
 * process paired with `trucban client pair` and a one-time code from the station's devices
 * service. An entry typed on workstation 1 appears on workstation 2 within a second (push, no
 * reload); a preset saved on a workstation is listed on the wall at once, and the wall showing
 * it follows its new version without anyone touching the wall (topic `walls`). The station has
 * cameras in its registry but no camera answers: the tiles show no picture, which the preset
 * test does not need.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/app/core';
import { PASSWORD } from '../helpers';
import { BIN } from '../helpers/cli';
import { pairCodesFor, realStationDb, startServeLan } from '../helpers/real-station';
import type { ServeLan } from '../helpers/real-station';
import { CHROMIUM_ARGS, ROOT, qe, screenshot, signIn } from './harness';

const HOST = '127.0.0.27';
let dir: string;
let station: ServeLan;
const clients: ChildProcess[] = [];
let browser: Browser;
let ws1: Page;
let ws2: Page;
let wall: Page;
const ids: Record<number, string> = {};
const pageErrors: string[] = [];

const cli = (args: string[]) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, TRUCBAN_LANG: 'vi' }, timeout: 60_000 }, (e, out, err) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });

/** `trucban client pair` then `trucban client` for one machine; its launch URL once it serves. */
async function machine(name: string, code: string): Promise<string> {
  const data = path.join(dir, name);
  const paired = await cli(['client', 'pair', '--station', station.url, '--code', code, '--data', data]);
  expect(paired.code, paired.err).toBe(0);
  const child = spawn(process.execPath, [BIN, 'client', '--data', data, '--port', '0'], { cwd: ROOT, env: { ...process.env, TRUCBAN_LANG: 'vi' }, stdio: ['ignore', 'pipe', 'pipe'] });
  clients.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const end = Date.now() + 60_000;
  for (;;) {
    const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
    if (m) return m[1]!;
    if (Date.now() > end || child.exitCode !== null) throw new Error(`trucban client ${name}: no launch URL (${out})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const tile = (p: Page, i: number) => p.locator(`[data-tile="${i}"]`);
const layoutOf = (p: Page) => p.getByTestId('wall-grid').getAttribute('data-layout');
const cameraIn = (p: Page, i: number) => tile(p, i).getAttribute('data-camera-id');
const presetOptions = (p: Page) => p.locator('select[name=preset] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));

async function setLayout(p: Page, layout: string): Promise<void> {
  await p.getByTestId('wall-layouts').locator(`[data-layout="${layout}"]`).click();
  await expect.poll(() => layoutOf(p)).toBe(layout);
}
async function put(p: Page, camera: number, index: number): Promise<void> {
  await p.getByTestId(`tree-camera-${camera}`).dragTo(tile(p, index));
  await expect.poll(() => cameraIn(p, index)).toBe(ids[camera]);
}
async function savePreset(p: Page, name: string): Promise<void> {
  await p.locator('input[name=presetName]').fill(name);
  await p.locator('input[name=presetName]').press('Enter');
  await expect.poll(() => p.locator('input[name=presetName]').inputValue()).toBe('');
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-e2e-room-'));
  const db = path.join(dir, 'station.sqlite');
  await realStationDb(db);
  const core = openCore({ dbPath: db });
  try {
    // the demo registry (its simulator is not running: the tiles show no picture)
    core.cameras.importCsv(fs.readFileSync(path.join(ROOT, 'assets/cameras/demo-cameras.csv'), 'utf8'), 'admin');
    for (const c of core.cameras.list()) ids[c.number] = c.id;
  } finally {
    core.close();
  }
  const codes = await pairCodesFor(db, HOST, [
    { name: 'Máy GS 1', role: 'workstation' },
    { name: 'Máy GS 2', role: 'workstation' },
    { name: 'Tường 1', role: 'wall' },
  ]);
  station = await startServeLan(db, HOST);
  const urls = [await machine('ws1', codes[0]!), await machine('ws2', codes[1]!), await machine('wall', codes[2]!)];
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const pages: Page[] = [];
  for (const url of urls) {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 860 }, locale: 'en-US', timezoneId: 'America/New_York' });
    const p = await ctx.newPage();
    p.on('pageerror', (e) => pageErrors.push(`${url}: ${e.message}`));
    await p.goto(url);
    pages.push(p);
  }
  [ws1, ws2, wall] = pages as [Page, Page, Page];
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  for (const c of clients) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
  await station?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('two workstations and a wall against one station (e2e)', () => {
  it('an entry typed on workstation 1 appears on workstation 2 within a second, without a reload', async () => {
    await signIn(ws1, 'officer', PASSWORD);
    await signIn(ws2, 'lead', PASSWORD);
    // both on the logbook (empty yet: "Không có mục nào khớp")
    for (const p of [ws1, ws2]) {
      await p.keyboard.press('Alt+N');
      await p.getByTestId('quick-entry').waitFor();
    }
    const marker = await ws2.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = Date.now()));
    const text = 'Xe container 29C-123.45 vào bãi kiểm hóa';
    await qe(ws1, 'text').fill(text);
    await qe(ws1, 'text').press('Control+Enter');
    await ws1.getByTestId('entry-table').getByText(text).waitFor({ timeout: 5_000 });
    const ackedAt = Date.now();
    await ws2.getByTestId('entry-table').getByText(text).waitFor({ timeout: 1_000 });
    expect(Date.now() - ackedAt).toBeLessThan(1_000);
    // the same page, not a reload
    expect(await ws2.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(marker);
    await screenshot(ws1, 'room-workstation-1');
    await screenshot(ws2, 'room-workstation-2');
  });

  it('the wall lists a preset saved on a workstation at once, and follows its new version untouched', async () => {
    // the wall PC: nobody signed in shows the wall; an officer signs in there once
    await wall.getByTestId('wall-signin').waitFor({ timeout: 15_000 });
    await wall.getByTestId('wall-signin-open').click();
    await signIn(wall, 'officer', PASSWORD);
    await wall.getByTestId('wall').waitFor();
    expect(await presetOptions(wall)).toEqual([]);

    await ws2.keyboard.press('Alt+W');
    await ws2.getByTestId('wall').waitFor();
    await setLayout(ws2, '2x2');
    await put(ws2, 1, 0);
    await savePreset(ws2, 'Ca đêm');
    // listed on the wall PC without a reload (topic walls, through the wall's own client process)
    await expect.poll(() => presetOptions(wall), { timeout: 2_000 }).toEqual(['Ca đêm']);
    await wall.locator('select[name=preset]').selectOption('Ca đêm');
    await wall.getByRole('button', { name: 'Mở', exact: true }).click();
    await expect.poll(() => layoutOf(wall)).toBe('2x2');
    // the layout comes first, the tiles' cameras a moment later
    await expect.poll(() => cameraIn(wall, 0)).toBe(ids[1]);

    // the shift leader changes "Ca đêm" on the workstation: the wall follows, nobody touches it
    await put(ws2, 2, 1);
    await setLayout(ws2, '3x3');
    await put(ws2, 3, 4);
    await savePreset(ws2, 'Ca đêm');
    await expect.poll(() => layoutOf(wall), { timeout: 2_000 }).toBe('3x3');
    await expect.poll(async () => [await cameraIn(wall, 0), await cameraIn(wall, 1), await cameraIn(wall, 4)]).toEqual([ids[1], ids[2], ids[3]]);
    await screenshot(ws2, 'room-workstation-2-wall');
    await screenshot(wall, 'room-wall');

    // a layout changed by hand on the wall is kept: the next save of "Ca đêm" does not undo it
    await setLayout(wall, '1');
    await put(ws2, 4, 8);
    await savePreset(ws2, 'Ca đêm');
    await wall.waitForTimeout(700);
    expect(await layoutOf(wall)).toBe('1');
    expect(pageErrors).toEqual([]);
  });
});
