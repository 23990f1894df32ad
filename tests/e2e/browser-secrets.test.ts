/**
 * Browser mode never sends its token in a request line: the page is opened with a one-time
 * launch code (what a command line would carry), trades it for the token, talks over /ws with
 * the token as a sub-protocol, and shows an attachment through a per-file capability URL.
 * Every request line the server receives is recorded, and none holds the token; the launch
 * code cannot be used twice; a reload keeps working from the tab's sessionStorage.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/app/core';
import type { Core } from '../../src-main/app/core';
import { seedDemo } from '../../src-main/demo/seed';
import { startBrowserServer } from '../../src-main/server/browser';
import type { BrowserServer } from '../../src-main/server/browser';
import { callAs } from '../helpers';
import { CHROMIUM_ARGS, ROOT, signIn } from './harness';

// a 1×1 PNG
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

let dir: string;
let core: Core;
let server: BrowserServer;
let browser: Browser;
let page: Page;
const requestLines: string[] = [];
const browserUrls: string[] = [];
const pageErrors: string[] = [];
let launchCode = '';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-e2e-secrets-'));
  core = openCore({ dbPath: path.join(dir, 'station.sqlite') });
  await seedDemo(core);
  server = await startBrowserServer({
    dispatcher: core.dispatcher,
    push: core.push,
    attachments: core.attachments,
    staticDir: path.join(ROOT, 'dist/renderer'),
    onRequestLine: (line) => requestLines.push(line),
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'vi-VN' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('request', (r) => browserUrls.push(r.url()));
  page.on('websocket', (ws) => browserUrls.push(ws.url()));
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  core?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('browser mode keeps its token out of request lines (e2e)', () => {
  it('opens with a one-time launch code, signs in, and shows an attachment through a capability URL', async () => {
    const launch = server.appLaunchUrl();
    expect(launch).not.toContain(server.token);
    launchCode = /#launch=([\w-]+)$/.exec(launch)![1]!;
    await page.goto(launch);
    await signIn(page);
    // the launch code left the address bar
    expect(page.url()).not.toContain('#launch=');

    const raised = await callAs(core, 'lan.tt', 'incidents:raise', {
      source: 'other',
      arisenAt: core.clock.now() - 10 * 60_000,
      receivedAt: core.clock.now() - 5 * 60_000,
      place: { unitCode: '00C7', siteName: 'Bãi kiểm hóa tập trung', zone: '', text: 'Cổng B' },
      description: 'Xe rời bãi kiểm hóa khi chưa có quyết định thông quan',
      attachments: [core.attachments.put(Buffer.from(PNG, 'base64'), 'anh-chup.png', 'image/png').sha256],
    });
    expect(raised.ok, JSON.stringify(raised)).toBe(true);
    const incident = (raised as { value: { id: string; attachments: { sha256: string }[] } }).value;
    const sha = incident.attachments[0]!.sha256;
    await page.keyboard.press('Alt+V');
    await page.getByTestId('incident-board').waitFor();
    await page.locator(`[data-testid=incident-card][data-incident-id="${incident.id}"]`).click();
    await page.getByTestId('incident-detail').waitFor();
    const img = page.locator(`[data-testid=incident-detail] [data-sha256="${sha}"] img`);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth), { timeout: 15_000 }).toBe(1);
    expect(await img.getAttribute('src')).toMatch(new RegExp(`^/attachments/${sha}\\?cap=\\d+\\.[\\w-]{43}$`));
  });

  it('a reload keeps working (the token stays in this tab), and the launch code cannot be used again', async () => {
    await page.reload();
    await page.locator('.app-header').waitFor({ timeout: 20_000 });
    const reused = await page.evaluate(async (code) => (await fetch('/launch', { method: 'POST', headers: { 'x-trucban-launch': code } })).status, launchCode);
    expect(reused).toBe(403);
  });

  it('no request line the server received, and no URL the browser asked for, holds the token', () => {
    expect(requestLines.length).toBeGreaterThan(3);
    expect(requestLines.some((l) => l.startsWith('GET /ws'))).toBe(true);
    expect(requestLines.some((l) => l.startsWith('POST /launch'))).toBe(true);
    expect(requestLines.some((l) => /^GET \/attachments\/[0-9a-f]{64}\?cap=/.test(l))).toBe(true);
    for (const line of requestLines) expect(line).not.toContain(server.token);
    for (const url of browserUrls) expect(url).not.toContain(server.token);
    expect(pageErrors).toEqual([]);
  });
});
