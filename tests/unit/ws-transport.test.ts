// The renderer's WebSocket transport keeps to the server's calls-in-flight limit: a page that
// fires many calls at once (a wall opening) queues them instead of being answered `busy`.
import { describe, expect, it } from 'vitest';
import { createWsTransport } from '../../src-renderer/transport/ws';
import { MAX_CALLS_IN_FLIGHT_PER_SOCKET } from '../../src-shared/limits';

/** A WebSocket stand-in: records what is sent; the test answers by hand. */
class FakeSocket {
  static OPEN = 1;
  static last: FakeSocket | null = null;
  readyState = 0;
  sent: { id: number; channel: string }[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor() {
    FakeSocket.last = this;
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  send(m: string) {
    this.sent.push(JSON.parse(m) as { id: number; channel: string });
  }
  answer(id: number) {
    this.onmessage?.({ data: JSON.stringify({ id, reply: { ok: true, value: id } }) });
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
}

const transport = () =>
  createWsTransport({ url: 'ws://127.0.0.1:1/ws', protocols: ['trucban.v1'], WebSocketImpl: FakeSocket as unknown as typeof WebSocket, backoffMs: [60_000] });

describe('WebSocket transport: calls in flight', () => {
  it('sends at most the server’s limit at once, the rest in order as replies come back, and every call resolves', async () => {
    const t = transport();
    const calls = Array.from({ length: 20 }, () => t.invoke('app:status', {}));
    const sock = FakeSocket.last!;
    expect(sock.sent).toHaveLength(0); // still connecting
    sock.open();
    expect(sock.sent).toHaveLength(MAX_CALLS_IN_FLIGHT_PER_SOCKET);
    for (let answered = 0; answered < 20; answered++) {
      sock.answer(sock.sent[answered]!.id);
      const outstanding = sock.sent.length - (answered + 1);
      expect(outstanding).toBeLessThanOrEqual(MAX_CALLS_IN_FLIGHT_PER_SOCKET);
    }
    expect(sock.sent.map((m) => m.id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    t.close();
  });

  it('a dropped socket rejects the calls sent and the calls queued, and the next socket starts from zero', async () => {
    const t = transport();
    const first = Array.from({ length: 10 }, () => t.invoke('app:status', {}).catch((e: unknown) => e));
    const sock = FakeSocket.last!;
    sock.open();
    sock.close();
    for (const r of await Promise.all(first)) expect(r).toMatchObject({ transport: 'disconnected' });
    const again = t.invoke('app:status', {});
    const next = FakeSocket.last!;
    expect(next).not.toBe(sock);
    next.open();
    expect(next.sent).toHaveLength(1);
    next.answer(next.sent[0]!.id);
    await expect(again).resolves.toBe(next.sent[0]!.id);
    t.close();
  });
});

describe('WebSocket transport: pushed frames', () => {
  it('hands `{ push }` envelopes to onPush and never mistakes them for replies', async () => {
    const pushed: unknown[] = [];
    const t = createWsTransport({
      url: 'ws://127.0.0.1:1/ws',
      protocols: ['trucban.v1'],
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
      backoffMs: [60_000],
      onPush: (f) => pushed.push(f),
    });
    const call = t.invoke('app:status', {});
    const sock = FakeSocket.last!;
    sock.open();
    sock.onmessage?.({ data: JSON.stringify({ push: { topic: 'alerts', seq: 3 } }) });
    sock.onmessage?.({ data: 'null' });
    expect(pushed).toEqual([{ topic: 'alerts', seq: 3 }]);
    sock.answer(sock.sent[0]!.id);
    await expect(call).resolves.toBe(sock.sent[0]!.id);
    t.close();
  });
});
