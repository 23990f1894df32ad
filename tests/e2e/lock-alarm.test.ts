/**
 * A lock screen that never hides what waits (docs/incidents.md, "The lock screen"; docs/security.md,
 * "Alarm sound"), browser mode in Debian's chromium: the shift leader signs in, idles until the
 * screen locks (idleLockMinutes = 1, the page's clock moved forward), and another session raises
 * immediate steps — the lock screen shows how many alerts wait and how urgent, never their text,
 * updates live without a reload, rings while they wait, stops when they are dismissed elsewhere
 * and while muted. Two autoplay policies: a browser that wants a gesture (chromium's desktop
 * default, `document-user-activation-required`: the one that holds WebAudio back; plain
 * `user-gesture-required` does so only in cross-origin frames) shows the one-click
 * "Bật âm thanh" prompt until the click has the audio running (and again after a reload); one
 * that does not (like our Electron windows) never shows it.
 */
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, screenshot, signIn, startStation } from './harness';
import type { Station } from './harness';

let st: Station;
const browsers: Browser[] = [];
const pageErrors: string[] = [];
let raised = 0;

/** A browser with this autoplay policy, a page of it on the station, signed in as the shift leader. */
async function leaderPage(policy: 'document-user-activation-required' | 'no-user-gesture-required'): Promise<Page> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, `--autoplay-policy=${policy}`] });
  browsers.push(browser);
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US', timezoneId: 'America/New_York' });
  // the page's own timers can be moved forward to reach the idle lock
  await ctx.clock.install();
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(st.server.launchUrl);
  await signIn(page, 'hung.nv');
  return page;
}

/** Another session (the officer's) raises an incident with an immediate step: an urgent alert for the shift leader. */
async function raiseFromAnotherSession(text: string): Promise<void> {
  const id = `test:officer-${++raised}`;
  st.core.dispatcher.adopt(id, st.core.users.byLogin('duc.pv')!.id);
  const now = st.core.clock.now();
  const r = await st.core.dispatcher.call(
    'incidents:raise',
    {
      source: 'phone',
      sourceRef: 'Gọi điện',
      arisenAt: now - 60_000,
      receivedAt: now,
      place: { unitCode: '15E1', siteName: 'Cửa khẩu quốc tế Hữu Nghị', zone: 'Cổng B', text: '' },
      description: `Container rời cổng B khi chưa có quyết định thông quan (${text}).`,
      identifiers: { containers: ['CSQU3054383'] },
      cases: ['2.3.c2'],
      immediate: { case: 'b', step: `BÍ-MẬT ${text}: dừng xe tại cổng B`, toldWhom: 'Tổ trưởng tổ giám sát cổng B', at: now },
    },
    { sessionId: id, transport: 'test' },
  );
  if (!r.ok) expect.fail(JSON.stringify(r.error));
}

/** The shift leader, elsewhere, dismisses every alert waiting for them. */
async function dismissAllElsewhere(): Promise<void> {
  const id = 'test:leader-desk';
  st.core.dispatcher.adopt(id, st.core.users.byLogin('hung.nv')!.id);
  const ctx = { sessionId: id, transport: 'test' as const };
  const r = await st.core.dispatcher.call('incidents:alerts', { includeDismissed: false }, ctx);
  if (!r.ok) expect.fail(JSON.stringify(r.error));
  for (const a of r.value as { id: string }[]) {
    const d = await st.core.dispatcher.call('incidents:dismissAlert', { alertId: a.id }, ctx);
    if (!d.ok) expect.fail(JSON.stringify(d.error));
  }
}

const alertCount = (page: Page) => page.getByTestId('lock-alerts').getAttribute('data-count');
const tones = (page: Page) => page.evaluate(() => (window as unknown as { __trucbanAlarmTones?: number }).__trucbanAlarmTones ?? 0);
const audioState = (page: Page) => page.evaluate(() => document.querySelector('[data-testid=sound-prompt]')?.getAttribute('data-audio-state') ?? 'no-prompt');

beforeAll(async () => {
  st = await startStation({ idleLockMinutes: 1 });
  st.page.on('pageerror', (e) => pageErrors.push(e.message));
}, 120_000);

afterAll(async () => {
  for (const b of browsers) await b.close().catch(() => {});
  await st?.close();
});

describe('the lock screen (e2e, browser mode)', () => {
  it('a browser that wants a gesture: the prompt until the click; the idle lock shows counts and severity only, live, and rings until dismissed', async () => {
    await dismissAllElsewhere(); // the demo's own alerts: start from nothing waiting
    const page = await leaderPage('document-user-activation-required');
    // typing the password was a gesture; a reload (a crash restart, F5) has had none: the
    // audio is suspended and the prompt says so
    await page.reload();
    await page.locator('.app-header').waitFor();
    await page.getByTestId('sound-prompt').waitFor();
    expect(await audioState(page)).toBe('suspended');
    await screenshot(page, 'shell-sound-prompt');

    // idle for over a minute: the screen locks
    await page.clock.fastForward(65_000);
    await page.getByTestId('lock-waiting').waitFor();
    await expect.poll(() => alertCount(page)).toBe('0');
    expect(await page.getByTestId('lock-ringing').count()).toBe(0);

    // another session raises an immediate step: the count rises live, urgent, without its text
    await raiseFromAnotherSession('MỘT');
    await expect.poll(() => alertCount(page), { timeout: 5_000 }).toBe('1');
    expect(await page.getByTestId('lock-alerts').getAttribute('data-severity')).toBe('urgent');
    await page.getByTestId('lock-ringing').waitFor();
    await raiseFromAnotherSession('HAI');
    await expect.poll(() => alertCount(page), { timeout: 5_000 }).toBe('2');
    // the overdue clocks (the demo has some): the station's own count, and nothing else of them
    const clocks = st.core.incidents.waiting(['shift_leader']).clocks;
    expect(await page.getByTestId('lock-clocks').getAttribute('data-count')).toBe(String(clocks.count));
    expect(await page.getByTestId('lock-clocks').getAttribute('data-severity')).toBe(clocks.count ? clocks.severity : 'none');
    const body = await page.locator('body').innerText();
    for (const secret of ['BÍ-MẬT', 'Container', 'CSQU3054383', 'Hữu Nghị', 'cổng B']) expect(body).not.toContain(secret);
    // still the lock screen, never reloaded; the prompt stays while sound is blocked
    expect(await page.locator('.app-header').count()).toBe(0);
    expect(await audioState(page)).toBe('suspended');
    // the alarm repeats while they wait (the page's clock moved forward by a few rings)
    const t0 = await tones(page);
    expect(t0).toBeGreaterThan(0);
    await page.clock.fastForward(12_500);
    await expect.poll(() => tones(page)).toBeGreaterThanOrEqual(t0 + 3);
    await screenshot(page, 'lock-alarm-prompt');

    // one click: the audio runs and the prompt goes
    await page.getByTestId('sound-enable').click();
    await page.getByTestId('sound-prompt').waitFor({ state: 'detached' });
    await screenshot(page, 'lock-alarm-urgent');

    // a reload (nobody clicks): locked straight away, counts again, and the prompt is back
    await page.reload();
    await page.getByTestId('lock-waiting').waitFor();
    await expect.poll(() => alertCount(page)).toBe('2');
    await page.getByTestId('sound-prompt').waitFor();
    await page.getByTestId('sound-enable').click();
    await page.getByTestId('sound-prompt').waitFor({ state: 'detached' });

    // muted for five minutes: silence, then it rings again
    await page.getByTestId('lock-mute').click();
    await page.getByTestId('lock-muted').waitFor();
    expect(await page.getByTestId('lock-ringing').count()).toBe(0);
    const m0 = await tones(page);
    await page.clock.fastForward(60_000);
    expect(await tones(page)).toBe(m0);
    await page.clock.fastForward(4 * 60_000 + 5_000);
    await page.getByTestId('lock-ringing').waitFor();
    await expect.poll(() => tones(page)).toBeGreaterThan(m0);

    // dismissed on the leader's other screen: zero, silence
    await dismissAllElsewhere();
    await expect.poll(() => alertCount(page), { timeout: 5_000 }).toBe('0');
    await page.getByTestId('lock-ringing').waitFor({ state: 'detached' });
    const d0 = await tones(page);
    await page.clock.fastForward(20_000);
    expect(await tones(page)).toBe(d0);
    expect(pageErrors).toEqual([]);
  });

  it('a browser (or an Electron window) that may play without a gesture: no prompt at all, and the lock screen rings', async () => {
    await dismissAllElsewhere();
    const page = await leaderPage('no-user-gesture-required');
    await page.locator('.app-header').waitFor();
    // given a moment to appear, the prompt never does: the audio runs without a click
    await page.waitForTimeout(1_500);
    expect(await page.getByTestId('sound-prompt').count()).toBe(0);
    await page.keyboard.press('Alt+K');
    await page.getByTestId('lock-waiting').waitFor();
    await raiseFromAnotherSession('BA');
    await expect.poll(() => alertCount(page), { timeout: 5_000 }).toBe('1');
    await page.getByTestId('lock-ringing').waitFor();
    expect(await page.getByTestId('sound-prompt').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain('BÍ-MẬT');
    await screenshot(page, 'lock-alarm-no-prompt');
    expect(pageErrors).toEqual([]);
  });
});
