/**
 * Settings (Cài đặt) → "Truy cập mạng LAN" through the real UI (browser mode), with the station's LAN
 * control running as in `serve` and the desktop core: off at first; the administrator ticks
 * this machine's 127.0.0.1, a port, "Áp dụng" → the state reads "Đang phục vụ tại https://…",
 * the fingerprint shown is the certificate the listener presents; "Mọi giao diện mạng" shows
 * its warning; a port another program holds shows the error, translated; turned off → the port
 * is refused again.
 */
import net from 'node:net';
import { freePort } from '../helpers/net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLanControl } from '../../src-main/server/lan-control';
import type { LanControl } from '../../src-main/server/lan-control';
import { observeFingerprint } from '../../src-main/client/tls';
import { screenshot, signIn, startStation } from './harness';
import type { Station } from './harness';

let st: Station;
let lan: LanControl;

const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

beforeAll(async () => {
  st = await startStation({ demo: true, viewport: { width: 1366, height: 1000 } });
  lan = startLanControl(st.core, { log: () => {} });
  await lan.settled();
});

afterAll(async () => {
  await lan?.close();
  await st?.close();
});

describe('LAN access panel (e2e)', () => {
  it('turns LAN access on for a chosen address and port, shows where it listens and the fingerprint, and off again', async () => {
    const page = st.page;
    await signIn(page, 'admin');
    await page.keyboard.press('Alt+C');
    const panel = page.getByTestId('lan-access');
    await panel.waitFor();
    expect(await panel.innerText()).toContain('Đang tắt');
    expect(await panel.innerText()).toContain('Chứng chỉ của trạm sẽ được tạo khi bật truy cập mạng LAN lần đầu.');

    const port = await freePort('127.0.0.1');
    await page.locator('input[name=lan-enabled]').check();
    await page.locator('input[name=lan-host][value="127.0.0.1"]').check();
    await page.locator('input[name=lan-port]').fill(String(port));
    await page.getByTestId('lan-save').click();
    await panel.getByText(`Đang phục vụ tại https://127.0.0.1:${port}`).waitFor();
    const shown = (await page.getByTestId('lan-fingerprint').innerText()).trim();
    expect(shown).toBe(await observeFingerprint('127.0.0.1', port));
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-lan-listening');

    // every interface only with its warning
    await page.locator('input[name=lan-all]').check();
    expect(await page.getByTestId('lan-all-warning').innerText()).toContain('mọi mạng');
    await screenshot(page, 'settings-lan-all-interfaces-warning');
    await page.locator('input[name=lan-all]').uncheck();

    // a port another program holds: the state says so, translated, and nothing listens
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      await page.locator('input[name=lan-port]').fill(String(taken));
      await page.getByTestId('lan-save').click();
      await panel.getByText(`Cổng ${taken} đang được chương trình khác sử dụng (địa chỉ 127.0.0.1)`).waitFor();
      expect(await accepts('127.0.0.1', port)).toBe(false);
      await screenshot(page, 'settings-lan-port-in-use');
    } finally {
      await new Promise((r) => blocker.close(r));
    }

    await page.locator('input[name=lan-enabled]').uncheck();
    await page.getByTestId('lan-save').click();
    await panel.getByText('Đang tắt').waitFor();
    expect(await accepts('127.0.0.1', port)).toBe(false);
    expect(st.pageErrors).toEqual([]);
  }, 90_000);
});
