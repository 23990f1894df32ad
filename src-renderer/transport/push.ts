/**
 * Pushed frames in the renderer (docs/architecture.md, "Push"): `subscribe(topics, handler)`
 * tells main once which topics this page wants (`push:subscribe`, the union of every
 * subscriber's) and calls the handlers whose topics a frame names — and every handler on
 * 'resync' ("refetch what you show"). It remembers the highest journal seq seen; after the link
 * comes back (`reconnected()`), it subscribes again from that seq, so main replays what was
 * missed (or answers 'resync').
 */
import { z } from 'zod';
import { RESYNC_TOPIC, isTopic } from '../../src-shared/contract/topics';
import type { PushFrame, Topic } from '../../src-shared/contract/topics';

export type PushHandler = (frame: PushFrame) => void;

export interface PushClientDeps {
  /** `push:subscribe` through the page's transport; answers the journal head. */
  subscribe(input: { topics: Topic[]; fromSeq?: number }): Promise<{ seq: number }>;
  /** Pause before asking again after a failed subscribe (default 2 s). */
  retryMs?: number;
}

export interface PushClient {
  subscribe(topics: readonly Topic[], handler: PushHandler): () => void;
  /** A frame from the transport (untrusted shape: checked here). */
  receive(raw: unknown): void;
  /** The link dropped and came back: subscribe again from the last seq seen. */
  reconnected(): void;
  /** The highest journal seq seen (null before the first answer). */
  lastSeq(): number | null;
  /** Every handler, as on a 'resync' from main (seq unchanged): the session changed under screens that stay mounted. */
  resyncLocally(): void;
}

const frameSchema = z.object({
  topic: z.string().refine((t) => t === RESYNC_TOPIC || isTopic(t)),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  data: z.unknown().optional(),
});

/** A frame's shape, checked with zod (it crossed a process boundary); null when it is not one. */
export function asFrame(raw: unknown): PushFrame | null {
  const r = frameSchema.safeParse(raw);
  if (!r.success) return null;
  const { topic, seq, data } = r.data;
  return data === undefined ? { topic, seq } : { topic, seq, data };
}

export function createPushClient(deps: PushClientDeps): PushClient {
  const subs = new Set<{ topics: ReadonlySet<Topic>; handler: PushHandler }>();
  /** Topics main was asked for (since the last (re)connect). */
  let told = new Set<Topic>();
  let seq: number | null = null;
  const retryMs = deps.retryMs ?? 2_000;

  const wanted = (): Topic[] => [...new Set([...subs].flatMap((s) => [...s.topics]))];

  const ask = (topics: Topic[], fromSeq: number | null) => {
    for (const t of topics) told.add(t);
    const input = fromSeq === null ? { topics } : { topics, fromSeq };
    deps.subscribe(input).then(
      (r) => {
        // the first answer is the baseline; later ones come with frames that move it forward
        if (seq === null) seq = r.seq;
      },
      () => {
        // not answered (link down, main busy): ask again shortly, and on the next reconnect
        for (const t of topics) told.delete(t);
        setTimeout(() => {
          const missing = wanted().filter((t) => !told.has(t));
          if (missing.length > 0) ask(missing, seq);
        }, retryMs);
      },
    );
  };

  const dispatch = (frame: PushFrame) => {
    for (const s of [...subs]) {
      if (frame.topic !== RESYNC_TOPIC && !s.topics.has(frame.topic as Topic)) continue;
      try {
        s.handler(frame);
      } catch {
        // one screen's failing handler does not stop the others
      }
    }
  };

  return {
    subscribe(topics, handler) {
      const entry = { topics: new Set(topics), handler };
      subs.add(entry);
      const fresh = topics.filter((t) => !told.has(t));
      if (fresh.length > 0) ask(fresh, null);
      return () => {
        subs.delete(entry);
      };
    },
    receive(raw) {
      const frame = asFrame(raw);
      if (!frame) return;
      if (seq === null || frame.seq > seq) seq = frame.seq;
      dispatch(frame);
    },
    reconnected() {
      told = new Set();
      const topics = wanted();
      if (topics.length === 0) return;
      ask(topics, seq);
    },
    lastSeq: () => seq,
    resyncLocally() {
      dispatch({ topic: RESYNC_TOPIC, seq: seq ?? 0 });
    },
  };
}
