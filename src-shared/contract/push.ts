/**
 * The push: channels — subscribing a screen to the topics the modules push (journal appended,
 * alerts, clocks due, camera health, notifications …) over either transport. None yet: this is
 * where they go, merged last into the contract (./index.ts).
 */
import type { AnyChannel } from './define';

export const pushChannels = {} satisfies Record<string, AnyChannel>;
