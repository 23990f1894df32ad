/**
 * A station for the video-wall e2e tests: the RTSP simulator with N cameras, a core whose demo
 * cameras 1…N point at it, the loopback server with video, and Debian chromium on the wall page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { openCore } from '../../src-main/app/core';
import type { Core, CoreOptions } from '../../src-main/app/core';
import { seedDemo } from '../../src-main/demo/seed';
import type { BrowserServer } from '../../src-main/server/browser';
import { startCoreServer } from '../../src-main/server/serve';
import { rtspSimUnavailable, startRtspSim } from '../helpers/rtsp-sim';
import type { RtspSim } from '../helpers/rtsp-sim';
import { CHROMIUM_ARGS, ROOT } from './harness';

export interface WallStation {
  sim: RtspSim;
  core: Core;
  srv: BrowserServer;
  browser: Browser;
  page: Page;
  /** Camera id by camera number. */
  ids: Record<number, string>;
  pageErrors: string[];
  stop(): Promise<void>;
}

export async function startWallStation(
  cams: number,
  video: CoreOptions['video'],
  opts: { h265?: number[]; clock?: CoreOptions['clock']; viewport?: { width: number; height: number } } = {},
): Promise<WallStation> {
  const why = rtspSimUnavailable();
  if (why) throw new Error(`the RTSP simulator cannot run here: ${why}`);
  const demo = fs.readFileSync(path.join(ROOT, 'assets/cameras/demo-cameras.csv'), 'utf8').trim().split('\n');
  // each simulated camera captions its picture with its registry name (column 2 of the demo CSV)
  const names: Record<number, string> = {};
  for (let i = 1; i <= cams; i++) names[i] = /^\d+,([^,]+),/.exec(demo[i] ?? '')?.[1] ?? `Camera ${i}`;
  const sim = await startRtspSim({ count: cams, names, ...(opts.h265 ? { h265: opts.h265 } : {}) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-wall-'));
  const core = openCore({ dbPath: path.join(dir, 'station.sqlite'), ...(video ? { video } : {}), ...(opts.clock ? { clock: opts.clock } : {}) });
  await seedDemo(core);
  // the demo cameras 1…N now point at this simulator (existing numbers are updated)
  const rows = demo.slice(1, cams + 1).map((line, i) =>
    line.replace(/rtsp:\/\/127\.0\.0\.1:8554\/cam\d+\/main/, sim.url(i + 1, 'main')).replace(/rtsp:\/\/127\.0\.0\.1:8554\/cam\d+\/sub/, sim.url(i + 1, 'sub')),
  );
  core.cameras.importCsv([demo[0], ...rows].join('\n'), 'admin');
  const ids: Record<number, string> = {};
  for (const c of core.cameras.list()) ids[c.number] = c.id;
  const srv = await startCoreServer(core, { staticDir: path.join(ROOT, 'dist/renderer') });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'] });
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1920, height: 1080 }, locale: 'en-US', timezoneId: 'America/New_York' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${srv.url}/?display=1#token=${srv.token}`);
  return {
    sim,
    core,
    srv,
    browser,
    page,
    ids,
    pageErrors,
    async stop() {
      await browser.close().catch(() => {});
      await srv.close();
      core.close();
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
