/**
 * The Electron path of the transport: with `window.trucban` present (as the preload exposes
 * it: one function per channel resolving to a Reply), the renderer uses it instead of the
 * WebSocket and needs no token. The bridge here forwards to the same dispatcher in-process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../src-shared/contract/channels';
import { signIn, startStation } from './harness';
import type { Station } from './harness';

let st: Station;

beforeAll(async () => {
  st = await startStation({ demo: true });
});

afterAll(async () => {
  await st?.close();
});

describe('Electron bridge transport (e2e)', () => {
  it('signs in and writes an entry through window.trucban, without a token or a socket', async () => {
    const page = await st.context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.exposeFunction('__trucbanCall', (channel: string, input: unknown) =>
      st.core.dispatcher.call(channel, input, { sessionId: 'ipc:test', transport: 'test' }),
    );
    await page.addInitScript((names: readonly string[]) => {
      const call = (window as unknown as { __trucbanCall: (c: string, i: unknown) => Promise<unknown> }).__trucbanCall;
      const api: Record<string, (input: unknown) => Promise<unknown>> = {};
      for (const n of names) api[n] = (input: unknown) => call(n, input);
      Object.defineProperty(window, 'trucban', { value: Object.freeze(api) });
    }, CHANNEL_NAMES);
    await page.goto(st.server.url + '/');
    await signIn(page, 'duc.pv');
    await page.keyboard.press('Alt+N');
    await page.keyboard.press('Alt+5');
    await page.keyboard.type('Ghi chú qua cầu nối Electron');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('entry-table').locator('tr', { hasText: 'Ghi chú qua cầu nối Electron' }).waitFor();
    expect(st.core.logbook.list({}, 1).entries[0]?.author).toBe('duc.pv');
    expect(sockets).toEqual([]);
    await page.close();
  });
});
