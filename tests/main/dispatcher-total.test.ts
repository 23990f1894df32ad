/**
 * The dispatcher is total: whatever `channel`, `input` and `ctx` are — any JavaScript value,
 * objects whose toString/valueOf/Symbol.toPrimitive throw, throwing getters, proxies that throw
 * on every trap, `__proto__` keys — it settles with a well-formed typed reply, never throws or
 * rejects, logs no secrets, and the next call still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import path from 'node:path';
import type { Core } from '../../src-main/app/core';
import { CHANNELS } from '../../src-shared/contract';
import { ERROR_CODES } from '../../src-shared/errors';
import { PASSWORD, stationCore, tmpDir } from '../helpers';
import { describeFault, redactSecrets } from '../../src-main/api/faults';

let t: ReturnType<typeof tmpDir>;
let core: Core;
const logs: string[] = [];

beforeAll(async () => {
  t = tmpDir();
  const file = path.join(t.dir, 'd.sqlite');
  (await stationCore(file)).close();
  const { openCore } = await import('../../src-main/app/core');
  core = openCore({ dbPath: file, log: (m) => logs.push(m) });
});
afterAll(() => {
  core.close();
  t.cleanup();
});

const boom = () => {
  throw new Error('hostile password=hunter2');
};

/** Values that fight back when touched. */
export const hostileValues = (): unknown[] => {
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  return [
    { toString: boom, valueOf: boom },
    { [Symbol.toPrimitive]: boom },
    { toString: 1, valueOf: {} },
    Object.defineProperty({}, 'kind', { get: boom, enumerable: true }),
    Object.defineProperty({ login: 'admin' }, 'password', { get: boom, enumerable: true }),
    new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom }),
    revocable.proxy,
    Object.create(null) as object,
    JSON.parse('{"__proto__":{"login":"admin","password":"x"},"kind":"note","text":"x"}') as unknown,
    Object.assign(Object.create({ text: 'inherited' }) as object, { kind: 'note' }),
    Object.assign(new Array<number>(3), { 0: 1, 2: 3 }), // sparse
    new Map([['a', 1]]),
    Symbol('s'),
    10n,
    () => 'fn',
    new Date(Number.NaN),
  ];
};

// fast-check probes every generated value (clone methods), which hostile values would defeat:
// the arbitraries produce a tag, and the property builds the hostile value from it afresh
const HOSTILE = Symbol('hostile');
type Tag = { [HOSTILE]: number };
const hostile = fc.nat({ max: hostileValues().length - 1 }).map((i): Tag => ({ [HOSTILE]: i }));
const isTag = (v: unknown): v is Tag => typeof v === 'object' && v !== null && HOSTILE in v;
/** Replaces tags (at the top and one level down) by fresh hostile values. */
function materialise(v: unknown): unknown {
  if (isTag(v)) return hostileValues()[v[HOSTILE]];
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = isTag(x) ? hostileValues()[x[HOSTILE]] : x;
    return out;
  }
  return v;
}
const anyValue = fc.oneof(
  fc.anything({ maxDepth: 3, withBigInt: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withBoxedValues: true, withTypedArray: true, withSparseArray: true }),
  hostile,
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(hostile, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 4 }),
);
const anyChannel = fc.oneof(fc.constantFrom(...CHANNELS, '__proto__', 'constructor', 'toString', 'hasOwnProperty', ''), anyValue);
const anyCtx = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ sessionId: 'prop-session', transport: 'test' }) },
  { weight: 1, arbitrary: anyValue },
  { weight: 1, arbitrary: fc.record({ sessionId: anyValue, transport: anyValue }) },
);

function expectWellFormed(r: unknown): void {
  expect(typeof r).toBe('object');
  const reply = r as { ok: unknown; value?: unknown; error?: { code: unknown; message: unknown } };
  expect(typeof reply.ok).toBe('boolean');
  if (!reply.ok) {
    expect(ERROR_CODES).toContain(reply.error?.code);
    expect(typeof reply.error?.message).toBe('string');
  }
  expect(() => JSON.stringify(r)).not.toThrow();
}

describe('dispatcher is total', () => {
  it('hostile channels, inputs and contexts get typed replies (examples)', async () => {
    const d = core.dispatcher as unknown as { call(c: unknown, i: unknown, x: unknown): Promise<unknown> };
    for (const v of hostileValues()) {
      expectWellFormed(await d.call(v, {}, { sessionId: 's1', transport: 'test' }));
      expectWellFormed(await d.call('logbook:add', v, { sessionId: 's1', transport: 'test' }));
      expectWellFormed(await d.call('auth:login', v, { sessionId: 's1', transport: 'test' }));
      expectWellFormed(await d.call('app:status', {}, v));
    }
    expectWellFormed(await d.call('app:status', {}, null));
    expectWellFormed(await d.call('app:status', {}, undefined));
    const st = await core.dispatcher.call('app:status', {}, { sessionId: 's1', transport: 'test' });
    expect(st).toMatchObject({ ok: true, value: { setupDone: true } });
    expect(logs.join('\n')).not.toContain('hunter2');
  });

  it('property: any channel × any input × any context → a well-formed typed reply; app:status still answers', async () => {
    const d = core.dispatcher as unknown as { call(c: unknown, i: unknown, x: unknown): Promise<unknown> };
    await fc.assert(
      fc.asyncProperty(anyChannel, anyValue, anyCtx, async (channel, input, ctx) => {
        let settled: unknown;
        try {
          settled = await d.call(materialise(channel), materialise(input), materialise(ctx));
        } catch (e) {
          throw new Error(`dispatcher rejected: ${String((e as Error)?.message)}`);
        }
        expectWellFormed(settled);
      }),
      { numRuns: 300 },
    );
    const st = await core.dispatcher.call('app:status', {}, { sessionId: 'after', transport: 'test' });
    expect(st.ok).toBe(true);
    expect(logs.join('\n')).not.toContain('hunter2');
  });

  it('a signed-in session keeps working after hostile calls on its own session', async () => {
    const ctx = { sessionId: 'mine', transport: 'test' as const };
    expect((await core.dispatcher.call('auth:login', { login: 'officer', password: PASSWORD }, ctx)).ok).toBe(true);
    for (const v of hostileValues()) await core.dispatcher.call('logbook:add', v, ctx);
    expect(await core.dispatcher.call('app:status', {}, ctx)).toMatchObject({ ok: true, value: { session: { user: { login: 'officer' } } } });
  });
});

describe('fault text carries no secrets', () => {
  it('redactSecrets masks URL credentials, password/token fields and the token sub-protocol', () => {
    const text = redactSecrets(
      'rtsp://admin:cam-secret@10.0.0.5/live ?token=abc123&x=1 {"password":"hunter2","login":"lan"} token.AbCdEf_12 #launch=L0ng',
    );
    for (const secret of ['cam-secret', 'abc123', 'hunter2', 'AbCdEf_12', 'L0ng']) expect(text).not.toContain(secret);
    expect(text).toContain('"login":"lan"');
  });

  it('describeFault gives name, message and stack only, and survives hostile values', () => {
    expect(describeFault(new TypeError('bad'))).toContain('TypeError: bad');
    expect(describeFault({ password: 'hunter2' })).toBe('non-error thrown (object)');
    const e = new Error('x');
    Object.defineProperty(e, 'stack', { get: boom });
    expect(() => describeFault(e)).not.toThrow();
    expect(describeFault(new Error('rtsp://u:pw-123@cam/x'))).not.toContain('pw-123');
  });
});

describe('the dispatcher announces session ends', () => {
  it('logout, lock, a user change, a deactivated user, endSession and the idle sweep; a throwing listener changes nothing', async () => {
    const { FakeClock } = await import('../helpers');
    const clock = new FakeClock();
    const file = path.join(t.dir, 'ends.sqlite');
    (await stationCore(file, clock)).close();
    const { openCore } = await import('../../src-main/app/core');
    const faults: string[] = [];
    const c = openCore({ dbPath: file, clock, log: (m) => faults.push(m) });
    try {
      const seen: string[] = [];
      c.dispatcher.onSessionEnd(() => {
        throw new Error('listener failed');
      });
      const off = c.dispatcher.onSessionEnd((sid, reason) => seen.push(`${sid}:${reason}`));
      const login = async (sid: string, who = 'officer') =>
        expect((await c.dispatcher.call('auth:login', { login: who, password: PASSWORD }, { sessionId: sid, transport: 'test' })).ok).toBe(true);
      const run = (sid: string, ch: string, input: unknown = {}) => c.dispatcher.call(ch, input, { sessionId: sid, transport: 'test' });
      await login('a');
      expect((await run('a', 'auth:logout')).ok).toBe(true);
      await login('b');
      expect((await run('b', 'auth:lock')).ok).toBe(true);
      await login('c');
      await login('c', 'lead');
      await login('d');
      await login('e');
      c.dispatcher.endSession('d');
      clock.advance((c.station.get()!.idleLockMinutes + 1) * 60_000);
      await login('f'); // signed in after the clock moved: not idle
      c.dispatcher.sweepIdle();
      expect(seen).toEqual(['a:logout', 'b:lock', 'c:user_changed', 'd:ended', 'c:idle', 'e:idle']);
      expect(faults.length).toBe(6);
      expect(faults[0]).toContain('session-end listener: Error: listener failed');
      // a user deactivated while signed in: announced on the session's next call
      const officer = c.users.byLogin('officer')!;
      await c.users.update(officer.id, { active: false }, 'admin');
      seen.length = 0;
      expect((await run('f', 'logbook:list')).ok).toBe(false);
      expect(seen).toEqual(['f:deactivated']);
      off();
      await login('g', 'lead');
      await run('g', 'auth:logout');
      expect(seen).toEqual(['f:deactivated']);
    } finally {
      c.close();
    }
  });
});

describe('fault text stays cheap to redact', () => {
  it('a huge log text is cut and redacted quickly', () => {
    const huge = 'a.'.repeat(500_000) + ' rtsp://u:pw-999@h/x';
    const start = performance.now();
    const out = redactSecrets(huge);
    expect(performance.now() - start).toBeLessThan(500);
    expect(out.length).toBeLessThanOrEqual(16_001);
    expect(out).not.toContain('pw-999');
  });
});
