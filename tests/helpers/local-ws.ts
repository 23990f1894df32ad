// A screen of browser mode, as far as the protocol goes: one /ws socket to a loopback server
// with the per-launch token, `{id, channel, input}` calls and the pushed frames it receives.
import { WebSocket } from 'ws';
import { randomBytes } from 'node:crypto';

export interface LocalScreen {
  call(channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  pushes: { topic: string; seq: number }[];
  close(): void;
}

export async function openScreen(srv: { url: string; token: string }): Promise<LocalScreen> {
  const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/ws?session=${randomBytes(18).toString('base64url')}`, ['trucban.v1', `token.${srv.token}`]);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (r: never) => void>();
  const pushes: { topic: string; seq: number }[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as { id?: number; reply?: never; push?: { topic: string; seq: number } };
    if (m.push) pushes.push(m.push);
    else if (typeof m.id === 'number') pending.get(m.id)?.(m.reply!);
  });
  return {
    call: (channel, input) =>
      new Promise((resolve) => {
        const id = next++;
        pending.set(id, resolve as never);
        ws.send(JSON.stringify({ id, channel, input }));
      }),
    pushes,
    close: () => ws.close(),
  };
}

/** Polls `check` every 25 ms until it is truthy or `ms` passed (then throws with `what`). */
export async function until<T>(check: () => T | Promise<T>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
