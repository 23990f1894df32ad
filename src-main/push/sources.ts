/**
 * Where push frames come from: each module's topic sources (declared in its module.ts, e.g.
 * src-main/incidents/topics.ts) turn a committed journal event into the topics it changes (read after the commit, so the projections are there), and the
 * live sources outside the journal (stream health and statistics, the core's clock) publish
 * directly. `deriveFrames` runs them all.
 * Payloads are read field by field (`str`), never cast: an event of an older or unknown shape
 * gives frames with null ids, and the screens refetch what they show.
 */
import type { DB } from '../store/db';
import type { StoredEvent } from '../journal/journal';
import type { Derived, PushHub } from './hub';
import type { Topic } from '../../src-shared/contract/topics';
import type { JobInfo } from '../../src-shared/domain/jobs';

/** An event's payload as a plain object ({} for bad JSON or another shape). */
function payloadOf(ev: StoredEvent): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(ev.payload);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
/** A string field of a payload, or null. */
export const str = (p: Record<string, unknown>, key: string): string | null => {
  const v = p[key];
  return typeof v === 'string' ? v : null;
};

/** A statement prepared on first use (a read-only open of an older file may lack the table). */
export function lazy(db: DB, sql: string): () => ReturnType<DB['prepare']> {
  let stmt: ReturnType<DB['prepare']> | null = null;
  return () => (stmt ??= db.prepare(sql));
}

export type Source = (ev: StoredEvent, p: Record<string, unknown>) => Derived[];
/** A module's topic source: given the connection (to read what the commit projected), a Source. */
export type TopicSource = (db: DB) => Source;

// ---- journal -------------------------------------------------------------------------------

/** Every committed event: its seq and type (for whoever may read the logbook). */
export const journalSource: TopicSource = () => (ev) => [{ topic: 'journal', data: { seq: ev.seq, type: ev.type } }];

// ---- live video ----------------------------------------------------------------------------

/** What the live video sources need of the video service. */
export interface LiveVideo {
  subscribeHealth(fn: (cameraId: string, health: { state: string } | null) => void): () => void;
  stats(): unknown[];
}

/** Topics published outside the journal (a resuming session is told to refetch them). */
export const LIVE_TOPICS: readonly Topic[] = ['camera.health', 'video.stats', 'time', 'jobs'];

/** How often stream statistics are pushed while someone listens. */
export const VIDEO_STATS_MS = 5_000;

/**
 * Live stream health (every change, journaled or not) and stream statistics (sampled every
 * VIDEO_STATS_MS, only while a session subscribes). Returns the stop function.
 */
export function startLiveVideo(hub: PushHub, video: LiveVideo, everyMs = VIDEO_STATS_MS): () => void {
  const off = video.subscribeHealth((cameraId, h) => hub.publish('camera.health', { cameraId, state: h?.state ?? null }));
  const timer = setInterval(() => {
    if (!hub.listening('video.stats')) return;
    try {
      hub.publish('video.stats', video.stats());
    } catch {
      // the engine is closing: the next tick tries again
    }
  }, everyMs);
  timer.unref();
  return () => {
    off();
    clearInterval(timer);
  };
}

// ---- the core's clock ------------------------------------------------------------------------

/** How often the core's time is pushed while someone listens. */
export const TIME_MS = 5_000;

/**
 * The core's clock (topic `time`), every TIME_MS while a session subscribes: the incident
 * clocks count down on the station's time, which a screen otherwise learns only from replies.
 */
export function startClockTicker(hub: PushHub, now: () => number, everyMs = TIME_MS): () => void {
  const timer = setInterval(() => {
    if (hub.listening('time')) hub.publish('time', { now: now() });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

// ---- background jobs -----------------------------------------------------------------------

/** What the job frames need of the job runner (src-main/jobs/runner.ts). */
export interface LiveJobs {
  onChange(fn: (job: JobInfo) => void): () => void;
}

/**
 * Each change of a background job (queued, running with its phase and progress, done, failed)
 * as a `jobs` frame, to the job's owner only: narrowed to that login, so no other session — an
 * administrator's included — receives it. Jobs are not journaled: a resuming session gets a
 * data-less frame (LIVE_TOPICS) and asks jobs:get. Returns the stop function.
 */
export function startJobFrames(hub: PushHub, jobs: LiveJobs): () => void {
  return jobs.onChange((job) => hub.publish('jobs', job, { logins: [job.owner] }));
}

// ---- all of them ----------------------------------------------------------------------------

/** The frames of one committed event, from every module's topic sources (src-main/modules). */
export function deriveFrames(db: DB, topics: readonly TopicSource[]): (ev: StoredEvent) => Derived[] {
  const sources: Source[] = topics.map((t) => t(db));
  return (ev) => {
    const p = payloadOf(ev);
    return sources.flatMap((s) => s(ev, p));
  };
}
