import { describe, expect, expectTypeOf, it } from 'vitest';
import { CHANNELS, contract } from '../../../src-shared/contract';
import type { Channel } from '../../../src-shared/contract';
import { CHANNEL_NAMES, isChannelName } from '../../../src-shared/contract/channels';
import type { ChannelName } from '../../../src-shared/contract/channels';
import type { TrucbanBridge } from '../../../src-shared/contract/bridge';

describe('CHANNEL_NAMES (the zod-free list the preload uses)', () => {
  it('equals Object.keys(contract), in order', () => {
    expect([...CHANNEL_NAMES]).toEqual(Object.keys(contract));
    expect([...CHANNEL_NAMES]).toEqual(CHANNELS);
  });

  it('has the same type as the contract’s channel keys', () => {
    expectTypeOf<ChannelName>().toEqualTypeOf<Channel>();
    expectTypeOf<keyof TrucbanBridge>().toEqualTypeOf<Channel>();
  });

  it('isChannelName accepts channel names only (no prototype keys, no non-strings)', () => {
    for (const c of CHANNEL_NAMES) expect(isChannelName(c)).toBe(true);
    for (const x of ['__proto__', 'constructor', 'hasOwnProperty', 'logbook:ADD', ' app:status', '', 1, null, undefined, {}, ['app:status']]) {
      expect(isChannelName(x)).toBe(false);
    }
  });
});
