// The renderer's push client: one subscription for every screen's topics, frames to the
// screens that asked (resync to all), bad frames ignored, and a reconnect that resumes from the
// highest seq seen (src-renderer/transport/push.ts).
import { describe, expect, it } from 'vitest';
import { asFrame, createPushClient } from '../../src-renderer/transport/push';
import type { PushFrame, Topic } from '../../src-shared/contract/topics';

function setup() {
  const asked: { topics: Topic[]; fromSeq?: number }[] = [];
  let head = 10;
  const client = createPushClient({
    subscribe: (input) => {
      asked.push(structuredClone(input));
      return Promise.resolve({ seq: head });
    },
  });
  return { client, asked, setHead: (n: number) => (head = n) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('push client', () => {
  it('asks main for each topic once and routes frames to the screens that asked; resync goes to all', async () => {
    const { client, asked } = setup();
    const alerts: PushFrame[] = [];
    const incidents: PushFrame[] = [];
    client.subscribe(['alerts', 'clocks'], (f) => alerts.push(f));
    client.subscribe(['incidents', 'clocks'], (f) => incidents.push(f));
    await flush();
    expect(asked).toEqual([{ topics: ['alerts', 'clocks'] }, { topics: ['incidents'] }]);
    expect(client.lastSeq()).toBe(10);
    client.receive({ topic: 'alerts', seq: 11, data: { alertId: 'a' } });
    client.receive({ topic: 'clocks', seq: 12 });
    client.receive({ topic: 'incidents', seq: 13 });
    client.receive({ topic: 'resync', seq: 20 });
    expect(alerts.map((f) => f.seq)).toEqual([11, 12, 20]);
    expect(incidents.map((f) => f.seq)).toEqual([12, 13, 20]);
    expect(client.lastSeq()).toBe(20);
  });

  it('resyncLocally: every screen refetches (a local resync), asking main nothing and keeping the seq', async () => {
    const { client, asked } = setup();
    const a: PushFrame[] = [];
    const b: PushFrame[] = [];
    client.subscribe(['cameras'], (f) => a.push(f));
    client.subscribe(['camera.health'], (f) => b.push(f));
    await flush();
    client.receive({ topic: 'cameras', seq: 14 });
    const before = asked.length;
    client.resyncLocally();
    expect(a.map((f) => f.topic)).toEqual(['cameras', 'resync']);
    expect(b).toEqual([{ topic: 'resync', seq: 14 }]);
    expect(asked.length).toBe(before);
    expect(client.lastSeq()).toBe(14);
  });

  it('ignores frames of the wrong shape', async () => {
    const { client } = setup();
    const got: PushFrame[] = [];
    client.subscribe(['journal'], (f) => got.push(f));
    await flush();
    for (const bad of [null, 'x', 1, {}, { topic: 'journal' }, { topic: 'journal', seq: -1 }, { topic: 'journal', seq: 1.5 }, { topic: 'nope', seq: 3 }, { topic: 'journal', seq: '4' }]) client.receive(bad);
    expect(got).toEqual([]);
    expect(client.lastSeq()).toBe(10);
    expect(asFrame({ topic: 'journal', seq: 3, data: { seq: 3, type: 't' } })).toEqual({ topic: 'journal', seq: 3, data: { seq: 3, type: 't' } });
  });

  it('after a reconnect subscribes again to every topic from the highest seq seen', async () => {
    const { client, asked } = setup();
    const off = client.subscribe(['alerts'], () => {});
    client.subscribe(['requests'], () => {});
    await flush();
    client.receive({ topic: 'alerts', seq: 15 });
    client.receive({ topic: 'requests', seq: 14 });
    off();
    asked.length = 0;
    client.reconnected();
    await flush();
    // the unsubscribed screen's topic is not asked for again
    expect(asked).toEqual([{ topics: ['requests'], fromSeq: 15 }]);
  });

  it('a screen whose handler throws does not stop the others', async () => {
    const { client } = setup();
    const got: number[] = [];
    client.subscribe(['alerts'], () => {
      throw new Error('boom');
    });
    client.subscribe(['alerts'], (f) => got.push(f.seq));
    await flush();
    client.receive({ topic: 'alerts', seq: 11 });
    expect(got).toEqual([11]);
  });

  it('a subscribe that fails is asked again shortly', async () => {
    let fail = true;
    const asked: unknown[] = [];
    const client = createPushClient({
      retryMs: 5,
      subscribe: (input) => {
        asked.push(structuredClone(input));
        return fail ? Promise.reject(new Error('disconnected')) : Promise.resolve({ seq: 3 });
      },
    });
    client.subscribe(['alerts'], () => {});
    await flush();
    fail = false;
    await new Promise((r) => setTimeout(r, 30));
    expect(asked).toEqual([{ topics: ['alerts'] }, { topics: ['alerts'] }]);
    expect(client.lastSeq()).toBe(3);
  });
});
