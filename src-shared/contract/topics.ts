/**
 * Push topics: what the core pushes to open screens (docs/architecture.md, "Push"). Each topic
 * names its payload and who may see it: `seenAs` is the contract channel that reads the same
 * thing, so a session receives a topic's frames only when it may call that channel (the hub
 * checks the channel's access against the session's user at push time). A frame may narrow its
 * audience further (an alert goes to the role it targets).
 *
 * Plain data only (no zod, no Node): the sandboxed preload and the renderer import it.
 */
import type { VideoStreamStats } from './index';
import type { JobInfo } from '../domain/jobs';

/** Sent instead of frames that were dropped or cannot be replayed: refetch what you show. */
export const RESYNC_TOPIC = 'resync';

export const TOPICS = {
  /** A committed journal event (its seq and type; never its payload). */
  journal: { seenAs: 'logbook:list' },
  /** An incident alert was raised or dismissed (for the role it targets, or everyone for 'all'). */
  alerts: { seenAs: 'incidents:alerts' },
  /** An incident, its approvals or directions changed. */
  incidents: { seenAs: 'incidents:list' },
  /** A request received changed (registered, answered, result, escalated). */
  requests: { seenAs: 'requests:list' },
  /** A notice was queued for a managing unit (camera faults and recoveries). */
  notifications: { seenAs: 'notifications:list' },
  /** A camera's stream health changed. */
  'camera.health': { seenAs: 'video:health' },
  /** A camera was registered, updated, deactivated or imported (the list and the tree). */
  cameras: { seenAs: 'cameras:tree' },
  /** A clock fell due: a direction or request was escalated, or the clock jumped. */
  clocks: { seenAs: 'incidents:alerts' },
  /**
   * What waits changed (an alert raised or dismissed, a clock fell due or was met): data-less,
   * so a LOCKED screen may have it too — it asks `incidents:waiting` (counts only; public so a
   * locked session may call it) and shows the counts (docs/incidents.md, "The lock screen").
   */
  waiting: { seenAs: 'incidents:waiting' },
  /** A named wall preset was saved or deleted (a wall showing it follows: src-renderer/features/wall/presets.ts). */
  walls: { seenAs: 'walls:presets' },
  /** Stream statistics (fps, transcoding CPU), sampled every few seconds while someone listens. */
  'video.stats': { seenAs: 'video:stats' },
  /** The core's clock, every few seconds while someone listens: screens whose clocks run on it notice a drift. */
  time: { seenAs: 'app:status' },
  /**
   * One of your background jobs changed (queued, running with its phase and progress, done or
   * failed): sent to the job's owner only, never journaled (a resuming session gets a data-less
   * frame and asks jobs:get).
   */
  jobs: { seenAs: 'jobs:get' },
  /**
   * On a workstation or wall: the link to the station went down or came back, or the outbox
   * changed (a write kept, sent or refused). Made by the client's own process, never by the
   * station (data-less: ask client:status).
   */
  link: { seenAs: 'client:status' },
} as const;

export type Topic = keyof typeof TOPICS;
export const TOPIC_NAMES = Object.keys(TOPICS) as Topic[];

/** Payload of each topic's frames. */
export interface TopicData {
  journal: { seq: number; type: string };
  alerts: { alertId: string; kind: string; to: string; dismissed: boolean };
  incidents: { incidentId: string | null; type: string };
  requests: { requestId: string | null; type: string };
  notifications: { cameraId: string | null; kind: string };
  'camera.health': { cameraId: string; state: string | null };
  cameras: { cameraId: string | null; type: string };
  clocks: { type: string; targetKind: string | null; targetId: string | null };
  /** Nothing: the frame only says "ask incidents:waiting again". */
  waiting: undefined;
  walls: { name: string; type: string };
  'video.stats': VideoStreamStats[];
  time: { now: number };
  jobs: JobInfo;
  link: undefined;
}

/**
 * One pushed frame. `seq` is the journal seq the frame reflects (for topics outside the journal,
 * the head when it was sent); a client resumes with the highest seq it has seen. `topic` is a
 * Topic or RESYNC_TOPIC ("refetch what you show; the journal is at seq").
 */
export interface PushFrame {
  topic: string;
  seq: number;
  data?: unknown;
}

/** Largest number of topics one subscription names. */
export const MAX_SUBSCRIBED_TOPICS = 32;

export function isTopic(x: unknown): x is Topic {
  return typeof x === 'string' && Object.hasOwn(TOPICS, x);
}
