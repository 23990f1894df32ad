/**
 * The push: channels — subscribing a screen to the topics the modules push (journal appended,
 * alerts, clocks due, camera health, notifications …) over either transport (src-main/push,
 * docs/architecture.md, "Push"). Merged last into the contract (./index.ts).
 */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import { MAX_SUBSCRIBED_TOPICS, TOPIC_NAMES } from './topics';
import type { Topic } from './topics';

const topics = z.array(z.enum(TOPIC_NAMES as [Topic, ...Topic[]])).max(MAX_SUBSCRIBED_TOPICS);

export const pushChannels = {
  'push:subscribe': channel<{ seq: number }>()({
    input: z.object({ topics, fromSeq: z.number().int().min(0).optional() }),
    access: 'public',
    description: 'Receive pushed frames of these topics (only those your roles may see); with fromSeq, replay what was missed since that journal seq (or a resync). Answers the journal head.',
  }),
  'push:unsubscribe': channel<{ ok: true }>()({
    input: z.object({ topics: topics.optional() }),
    access: 'public',
    description: 'Stop receiving these topics (all of them without topics).',
  }),
} satisfies Record<string, AnyChannel>;
