/**
 * The push hub: one subscription mechanism for every transport (docs/architecture.md, "Push").
 *
 * A transport attaches one sink per connection (`attach(sessionId, sink) → detach`): the /ws
 * socket of a browser tab, the Electron window of an IPC session. A session subscribes to
 * topics with `push:subscribe` (the union over its calls; every connection of the session gets
 * the session's frames) and, after a reconnect, passes the highest seq it saw: the hub replays
 * what it missed from the journal, or sends one 'resync' when that is too far back.
 *
 * Frames come from committed journal events (Journal.onCommit → sources.ts derives topics) and
 * from live sources outside the journal (stream health, statistics). Each frame goes only to
 * sessions whose signed-in, unlocked user may call the topic's `seenAs` channel (and has one of
 * the roles a frame narrows to, and is one of the logins it narrows to: a job's frames go to its
 * owner only, whatever the roles of anyone else); a signed-out or locked session gets nothing
 * but 'resync'.
 *
 * Bounded: each connection has its own queue (frames and bytes). A sink that does not keep up
 * (its backlog stays above the high-water mark) fills only its queue; once the queue is full it
 * is dropped and replaced by a single 'resync' marker, so a slow or stuck screen costs a fixed
 * amount of memory and refetches when it catches up.
 */
import { contract } from '../../src-shared/contract';
import type { Channel } from '../../src-shared/contract';
import type { Access } from '../../src-shared/contract/define';
import { RESYNC_TOPIC, TOPICS, isTopic } from '../../src-shared/contract/topics';
import type { PushFrame, Topic } from '../../src-shared/contract/topics';
import type { User } from '../../src-shared/domain/org';
import type { StoredEvent } from '../journal/journal';

export type { PushFrame } from '../../src-shared/contract/topics';

/** Where a connection's frames are written. */
export interface PushSink {
  send(frame: PushFrame): void;
  /** Bytes (or frames) handed to the connection and not yet written; bounds what the hub hands it. */
  backlog(): number;
}

/** A frame a source derived, before the audience check. */
export interface Derived {
  topic: Topic;
  data?: unknown;
  /** Narrows the audience to users holding one of these roles ('all': any user who may see the topic). */
  roles?: readonly string[];
  /** Narrows the audience to these logins (a job's owner); checked beside `roles`, never instead. */
  logins?: readonly string[];
}

/** Who a frame narrows to (roles and/or logins); none: whoever may see the topic. */
export type Audience = Pick<Derived, 'roles' | 'logins'>;

export interface PushLimits {
  /** Frames one connection's queue may hold before it is replaced by a 'resync'. */
  maxQueueFrames: number;
  /** Bytes (JSON) one connection's queue may hold before it is replaced by a 'resync'. */
  maxQueueBytes: number;
  /** The hub hands a sink frames only while its backlog is below this. */
  sinkHighWater: number;
  /** Most events replayed on resume; further back → 'resync'. */
  maxReplay: number;
  /** Pause before trying again to drain a queue a sink did not take. */
  drainMs: number;
}

export const DEFAULT_PUSH_LIMITS: PushLimits = {
  maxQueueFrames: 512,
  maxQueueBytes: 512 * 1024,
  sinkHighWater: 256 * 1024,
  maxReplay: 2_000,
  drainMs: 50,
};

export interface PushHubOptions {
  /** The signed-in, unlocked user of a session, or null (the dispatcher's sessionUser). */
  sessionUser(sessionId: string): User | null;
  /**
   * For a paired wall's session, the channels it reads on its own standing with nobody signed
   * in (src-main/devices/policy.ts); null for any other session. Topics seen as one of them
   * reach the wall without an officer (docs/security.md, "A wall device's standing principal").
   */
  standing?(sessionId: string): ReadonlySet<string> | null;
  /** Frames an event gives (after its commit: the projections are there to read). */
  derive(ev: StoredEvent): Derived[];
  /** Journal events from `fromSeq` on (at most `limit`), for resuming. */
  page(fromSeq: number, limit: number): StoredEvent[];
  /** The journal's head seq. */
  head(): number;
  /** Topics outside the journal (not replayable): a resuming session gets one data-less frame of each instead. */
  liveTopics?: readonly Topic[];
  limits?: Partial<PushLimits>;
  log?: (msg: string) => void;
}

interface Queued {
  frame: PushFrame;
  bytes: number;
}

interface Conn {
  sessionId: string;
  sink: PushSink;
  queue: Queued[];
  bytes: number;
  /** The queue was dropped: it holds only the 'resync' marker until that is written. */
  overflowed: boolean;
  timer: NodeJS.Timeout | null;
  closed: boolean;
}

function allowedBy(access: Access, user: User | null): boolean {
  if (access === 'public') return true;
  if (!user || !user.active) return false;
  if (access === 'user') return true;
  return user.roles.some((r) => access.includes(r));
}

/** Whether `user` may see a frame of `topic` narrowed to `roles` (and to `logins`). Exported for tests. */
export function maySee(topic: string, user: User | null, roles?: readonly string[], logins?: readonly string[]): boolean {
  if (topic === RESYNC_TOPIC) return true;
  if (!isTopic(topic)) return false;
  const def = contract[TOPICS[topic].seenAs as Channel];
  if (!def || !allowedBy(def.access, user)) return false;
  if (logins && (!user || !logins.includes(user.login))) return false;
  if (!roles) return true;
  if (!user) return false;
  return roles.includes('all') || user.roles.some((r) => roles.includes(r));
}

/**
 * May a wall's standing principal see this topic? Only a topic read through one of its standing
 * channels, and never a frame narrowed to roles or logins (those need an officer).
 */
export function standingMaySee(topic: string, standing: ReadonlySet<string> | null, roles?: readonly string[], logins?: readonly string[]): boolean {
  if (!standing) return false;
  if (topic === RESYNC_TOPIC) return true;
  if (!isTopic(topic) || logins) return false;
  if (roles && !roles.includes('all')) return false;
  return standing.has(TOPICS[topic].seenAs);
}

/** A frame and who it narrows to, before the per-session check. */
interface Outgoing extends Audience {
  frame: PushFrame;
}

const isRoleList = (a: readonly string[] | Audience): a is readonly string[] => Array.isArray(a);

const sizeOf = (f: PushFrame): number => {
  try {
    return JSON.stringify(f).length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
};

export class PushHub {
  private readonly limits: PushLimits;
  private readonly conns = new Map<string, Set<Conn>>();
  private readonly topics = new Map<string, Set<Topic>>();
  private readonly log: (msg: string) => void;

  constructor(private readonly opts: PushHubOptions) {
    this.limits = { ...DEFAULT_PUSH_LIMITS, ...opts.limits };
    this.log = opts.log ?? (() => {});
  }

  /** A connection of `sessionId` writes its frames to `sink` until the returned detach is called. */
  attach(sessionId: string, sink: PushSink): () => void {
    const conn: Conn = { sessionId, sink, queue: [], bytes: 0, overflowed: false, timer: null, closed: false };
    let set = this.conns.get(sessionId);
    if (!set) this.conns.set(sessionId, (set = new Set()));
    set.add(conn);
    return () => this.detach(conn);
  }

  private detach(conn: Conn): void {
    if (conn.closed) return;
    conn.closed = true;
    if (conn.timer) clearTimeout(conn.timer);
    conn.queue = [];
    conn.bytes = 0;
    const set = this.conns.get(conn.sessionId);
    set?.delete(conn);
    if (set && set.size === 0) {
      // nothing left to write to: the next connection subscribes again (with its last seq)
      this.conns.delete(conn.sessionId);
      this.topics.delete(conn.sessionId);
    }
  }

  /**
   * Adds `topics` to the session's subscription and answers the journal's head. With `fromSeq`
   * (the highest seq the client saw), replays to the session's connections what it missed —
   * or one 'resync' when more than maxReplay events are missing.
   */
  subscribe(sessionId: string, topics: readonly string[], fromSeq?: number): { seq: number } {
    let mine = this.topics.get(sessionId);
    if (!mine) this.topics.set(sessionId, (mine = new Set()));
    for (const t of topics) if (isTopic(t)) mine.add(t);
    const head = this.opts.head();
    if (fromSeq === undefined) return { seq: head };
    const conns = [...(this.conns.get(sessionId) ?? [])];
    if (conns.length === 0) return { seq: head };
    if (fromSeq > head || head - fromSeq > this.limits.maxReplay) {
      // too far back, or from another database: refetch everything
      for (const c of conns) this.enqueue(c, { topic: RESYNC_TOPIC, seq: head });
      return { seq: head };
    }
    const user = this.opts.sessionUser(sessionId);
    const standing = user ? null : this.standingOf(sessionId);
    const may = (topic: string, roles?: readonly string[], logins?: readonly string[]) => maySee(topic, user, roles, logins) || standingMaySee(topic, standing, roles, logins);
    const frames: PushFrame[] = [];
    for (const ev of this.opts.page(fromSeq + 1, head - fromSeq)) {
      for (const d of this.safeDerive(ev)) {
        if (mine.has(d.topic) && may(d.topic, d.roles, d.logins)) frames.push(d.data === undefined ? { topic: d.topic, seq: ev.seq } : { topic: d.topic, seq: ev.seq, data: d.data });
      }
    }
    for (const t of this.opts.liveTopics ?? []) if (mine.has(t) && may(t)) frames.push({ topic: t, seq: head });
    for (const c of conns) for (const f of frames) this.enqueue(c, f);
    return { seq: head };
  }

  /** Removes topics from the session's subscription (all of them without `topics`). */
  unsubscribe(sessionId: string, topics?: readonly string[]): void {
    if (!topics) {
      this.topics.delete(sessionId);
      return;
    }
    const mine = this.topics.get(sessionId);
    for (const t of topics) if (isTopic(t)) mine?.delete(t);
  }

  /** True when some connected session subscribes to `topic` (live sources sample only then). */
  listening(topic: Topic): boolean {
    for (const [sessionId, set] of this.topics) if (set.has(topic) && this.conns.has(sessionId)) return true;
    return false;
  }

  /** The journal's commit listener: the frames of each committed event, in order. */
  publishEvents(evs: readonly StoredEvent[]): void {
    if (this.conns.size === 0 || evs.length === 0) return;
    if (evs.length > this.limits.maxQueueFrames) {
      // a bulk write (import, rebuild) would overflow every queue: skip deriving, refetch instead
      const frame: PushFrame = { topic: RESYNC_TOPIC, seq: evs[evs.length - 1]!.seq };
      for (const [sessionId, set] of this.conns) if (this.topics.get(sessionId)?.size) for (const c of set) this.enqueue(c, { ...frame });
      return;
    }
    const frames: Outgoing[] = [];
    for (const ev of evs) {
      for (const d of this.safeDerive(ev)) {
        const frame: PushFrame = d.data === undefined ? { topic: d.topic, seq: ev.seq } : { topic: d.topic, seq: ev.seq, data: d.data };
        frames.push({ frame, ...(d.roles ? { roles: d.roles } : {}), ...(d.logins ? { logins: d.logins } : {}) });
      }
    }
    this.deliver(frames);
  }

  /**
   * A frame from a live source (outside the journal), stamped with the journal's head. `roles`
   * narrows it to those roles; an Audience narrows it to roles and/or logins (a job's owner).
   */
  publish(topic: Topic, data?: unknown, audience?: readonly string[] | Audience): void {
    if (this.conns.size === 0) return;
    const frame: PushFrame = data === undefined ? { topic, seq: this.opts.head() } : { topic, seq: this.opts.head(), data };
    const a: Audience = audience === undefined ? {} : isRoleList(audience) ? { roles: audience } : audience;
    this.deliver([{ frame, ...(a.roles ? { roles: a.roles } : {}), ...(a.logins ? { logins: a.logins } : {}) }]);
  }

  private deliver(frames: Outgoing[]): void {
    if (frames.length === 0) return;
    for (const [sessionId, set] of this.conns) {
      const mine = this.topics.get(sessionId);
      if (!mine || mine.size === 0) continue;
      let user: User | null;
      try {
        user = this.opts.sessionUser(sessionId);
      } catch {
        user = null;
      }
      const standing = user ? null : this.standingOf(sessionId);
      for (const { frame, roles, logins } of frames) {
        if (!mine.has(frame.topic as Topic)) continue;
        if (!maySee(frame.topic, user, roles, logins) && !standingMaySee(frame.topic, standing, roles, logins)) continue;
        for (const c of set) this.enqueue(c, frame);
      }
    }
  }

  private standingOf(sessionId: string): ReadonlySet<string> | null {
    try {
      return this.opts.standing?.(sessionId) ?? null;
    } catch {
      return null;
    }
  }

  private safeDerive(ev: StoredEvent): Derived[] {
    try {
      return this.opts.derive(ev);
    } catch (e) {
      this.log(`[push] deriving frames of event ${ev.seq} (${ev.type}): ${e instanceof Error ? e.message : String(e)}`);
      // the screens cannot know what changed: they refetch
      return [];
    }
  }

  private enqueue(c: Conn, frame: PushFrame): void {
    if (c.closed) return;
    if (c.overflowed) {
      // only the marker is queued; it names the newest seq dropped
      const marker = c.queue[0];
      if (marker) marker.frame.seq = Math.max(marker.frame.seq, frame.seq);
      this.flush(c);
      return;
    }
    const bytes = sizeOf(frame);
    if (c.queue.length + 1 > this.limits.maxQueueFrames || c.bytes + bytes > this.limits.maxQueueBytes) {
      const seq = Math.max(frame.seq, ...c.queue.map((q) => q.frame.seq));
      const marker: PushFrame = { topic: RESYNC_TOPIC, seq };
      c.queue = [{ frame: marker, bytes: sizeOf(marker) }];
      c.bytes = c.queue[0]!.bytes;
      c.overflowed = true;
    } else {
      c.queue.push({ frame, bytes });
      c.bytes += bytes;
    }
    this.flush(c);
  }

  private flush(c: Conn): void {
    if (c.closed) return;
    while (c.queue.length > 0) {
      let backlog: number;
      try {
        backlog = c.sink.backlog();
      } catch {
        backlog = Number.POSITIVE_INFINITY;
      }
      if (!(backlog < this.limits.sinkHighWater)) break;
      const q = c.queue.shift()!;
      c.bytes -= q.bytes;
      if (q.frame.topic === RESYNC_TOPIC) c.overflowed = false;
      try {
        c.sink.send(q.frame);
      } catch (e) {
        this.log(`[push] a sink of session ${c.sessionId.slice(0, 12)} failed: ${e instanceof Error ? e.message : String(e)}`);
        this.detach(c);
        return;
      }
    }
    if (c.queue.length > 0 && !c.timer) {
      c.timer = setTimeout(() => {
        c.timer = null;
        this.flush(c);
      }, this.limits.drainMs);
      c.timer.unref?.();
    }
  }

  /** Frames waiting in the hub for a session's connections (tests, diagnostics). */
  queued(sessionId: string): number {
    let n = 0;
    for (const c of this.conns.get(sessionId) ?? []) n += c.queue.length;
    return n;
  }

  close(): void {
    for (const set of [...this.conns.values()]) for (const c of [...set]) this.detach(c);
    this.topics.clear();
  }
}
