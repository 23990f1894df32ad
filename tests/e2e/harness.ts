/**
 * One station per test file: a temporary database opened in-process (openCore), optionally
 * the demo station, the browser-mode server serving dist/renderer, and Debian's chromium
 * driven by playwright-core.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openCore } from '../../src-main/app/core';
import type { Core, CoreOptions } from '../../src-main/app/core';
import { DEMO_PASSWORD, seedDemo } from '../../src-main/demo/seed';
import { startBrowserServer } from '../../src-main/server/browser';
import type { BrowserServer } from '../../src-main/server/browser';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'tests/.artifacts');
export { DEMO_PASSWORD };

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface Station {
  dir: string;
  core: Core;
  server: BrowserServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page (a test asserts there are none). */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function startStation(
  opts: { demo?: boolean; viewport?: { width: number; height: number }; idleLockMinutes?: number; fakeClock?: boolean; clock?: CoreOptions['clock'] } = {},
): Promise<Station> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-e2e-'));
  // `clock`: the core's clock (a test moves it forward to run the workflow's deadlines)
  const core = openCore({ dbPath: path.join(dir, 'station.sqlite'), ...(opts.clock ? { clock: opts.clock } : {}) });
  if (opts.demo ?? true) await seedDemo(core);
  if (opts.idleLockMinutes !== undefined) core.station.update({ idleLockMinutes: opts.idleLockMinutes }, 'admin');
  const server = await startBrowserServer({
    dispatcher: core.dispatcher,
    push: core.push,
    attachments: core.attachments,
    exports: { file: (id) => core.jobs.file(id) },
    staticDir: path.join(ROOT, 'dist/renderer'),
  });
  // as the running app does (startCoreServer): finished exports stream from this server
  // (jobs:downloadUrl), and a job worker is ready for the first export or form
  core.endpoint = { url: server.url, token: server.token, exportUrl: (id) => station.server.exportUrl(id) };
  core.jobs.warm();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  // A machine time zone far from Vietnam: every time shown must still be Asia/Ho_Chi_Minh.
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1920, height: 1080 },
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
  // the page's own clock (timers, Date) can be moved forward to test the idle lock
  if (opts.fakeClock) await context.clock.install();
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.launchUrl);
  const station: Station = {
    dir,
    core,
    server,
    browser,
    context,
    page,
    pageErrors,
    async close() {
      await browser.close().catch(() => {});
      // a test may have replaced the server (restart), so close the current one
      await station.server.close();
      core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return station;
}

export async function signIn(page: Page, login = 'lan.tt', password = DEMO_PASSWORD): Promise<void> {
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(password);
  await page.locator('input[name=password]').press('Enter');
  await page.locator('.app-header').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  // dismiss transient notifications (as a user would) and let fonts and layout settle
  await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('.toast__close').forEach((b) => b.click()));
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: file });
  return file;
}

/** The quick-entry form's control by name. */
export const qe = (page: Page, name: string) => page.locator(`[data-testid=quick-entry] [name="${name}"]`);

/** The error shown under the quick-entry field `name`. */
export const qeFieldError = (page: Page, name: string) =>
  page.locator('[data-testid=quick-entry] .field', { has: page.locator(`[name="${name}"]`) }).locator('.field__error');
