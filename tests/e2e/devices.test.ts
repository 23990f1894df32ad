/**
 * The administrator's "Thiết bị / Devices" panel through the real UI (browser mode): "Thêm máy
 * trạm" → name and kind → the one-time code, big, with its countdown and the station's
 * fingerprint (checked to be the certificate's own by pairing with what the page shows); the
 * list with last seen, address and who paired it; "Thu hồi" with its confirmation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientProof } from '../../src-main/devices/pairing';
import { readStationTls } from '../../src-main/station/tls';
import { screenshot, signIn, startStation } from './harness';
import type { Station } from './harness';

let st: Station;

beforeAll(async () => {
  st = await startStation({ demo: true, viewport: { width: 1366, height: 900 } });
});

afterAll(async () => {
  await st?.close();
});

describe('devices panel (e2e)', () => {
  it('makes a pairing code, lists the paired device and revokes it after confirmation', async () => {
    const page = st.page;
    await signIn(page, 'admin');
    await page.keyboard.press('Alt+U');
    await page.getByTestId('users').waitFor();
    await page.getByText('Chưa có thiết bị nào được ghép nối.').waitFor();

    await page.getByRole('button', { name: 'Thêm máy trạm' }).click();
    await page.locator('input[name=device-name]').fill('Máy GS 3');
    await page.locator('select[name=device-role]').selectOption('workstation');
    await page.getByRole('button', { name: 'Tạo mã ghép nối' }).click();
    const codeText = (await page.getByTestId('pairing-code-value').innerText()).trim();
    expect(codeText).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(await page.getByTestId('pairing-code-expiry').innerText()).toMatch(/Hết hạn sau (10:00|9:5\d)/);
    const shownFp = (await page.getByTestId('pairing-fingerprint').innerText()).trim();
    // the fingerprint shown is the station certificate's (made on first use beside the database)
    expect(shownFp).toBe(readStationTls(st.core.dbPath)!.fingerprint);
    await screenshot(page, 'devices-pairing-code');

    // the new machine pairs with what the page showed
    const [id, a, b] = codeText.split('-') as [string, string, string];
    const paired = st.core.services.devices.redeem({ codeId: id, proof: clientProof(`${a}${b}`, shownFp) }, { fingerprint: shownFp, address: '10.0.5.23' });

    await page.getByRole('button', { name: 'Xong' }).click();
    await page.keyboard.press('Alt+B');
    await page.keyboard.press('Alt+U');
    const row = page.getByTestId('devices').locator('tr', { hasText: 'Máy GS 3' });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('10.0.5.23');
    expect(text).toContain('admin');
    expect(text).toContain('Đang hoạt động');
    await screenshot(page, 'devices-list');

    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await page.getByTestId('revoke-form').waitFor();
    expect(await page.getByTestId('revoke-form').innerText()).toContain('Thu hồi «Máy GS 3»?');
    await page.locator('input[name=revoke-reason]').fill('Máy bị mất');
    await screenshot(page, 'devices-revoke-confirm');
    await page.getByRole('button', { name: 'Xác nhận thu hồi' }).click();
    await page.locator('.toast', { hasText: 'Đã thu hồi Máy GS 3' }).waitFor();
    await page.getByTestId('devices').locator('tr', { hasText: 'Đã thu hồi' }).waitFor();
    expect(st.core.services.devices.check(paired.credential)).toMatchObject({ ok: false, code: 'device_revoked' });
    expect(st.pageErrors).toEqual([]);
  }, 60_000);
});
