/**
 * Where push frames come from, one section per domain: each turns a committed journal event
 * into the topics it changes (read after the commit, so the projections are there), and the
 * live sources outside the journal publish directly. `deriveFrames` runs them all.
 * Payloads are read field by field (`str`), never cast: an event of an older or unknown shape
 * gives frames with null ids, and the screens refetch what they show.
 */
import type { DB } from '../store/db';
import type { StoredEvent } from '../journal/journal';
import type { Derived, PushHub } from './hub';
import { EV, INCIDENT_EVENT_TYPES } from '../incidents/events';
import { CAMERA_HEALTH_CHANGED } from '../logbook/projector';
import { CAMERA_DEACTIVATED, CAMERA_REGISTERED, CAMERA_UPDATED } from '../cameras/service';
import { ORG_IMPORTED } from '../org/catalog';
import type { Topic } from '../../src-shared/contract/topics';

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
const str = (p: Record<string, unknown>, key: string): string | null => {
  const v = p[key];
  return typeof v === 'string' ? v : null;
};

/** A statement prepared on first use (a read-only open of an older file may lack the table). */
function lazy(db: DB, sql: string): () => ReturnType<DB['prepare']> {
  let stmt: ReturnType<DB['prepare']> | null = null;
  return () => (stmt ??= db.prepare(sql));
}

export type Source = (ev: StoredEvent, p: Record<string, unknown>) => Derived[];

// ---- journal -------------------------------------------------------------------------------

/** Every committed event: its seq and type (for whoever may read the logbook). */
export const journalSource = (): Source => (ev) => [{ topic: 'journal', data: { seq: ev.seq, type: ev.type } }];

// ---- incidents, requests, alerts, clocks ---------------------------------------------------

export function incidentsSource(db: DB): Source {
  const alertsOf = lazy(db, 'SELECT id, kind, to_role FROM incident_alerts WHERE seq = ?');
  const alertById = lazy(db, 'SELECT id, kind, to_role FROM incident_alerts WHERE id = ?');
  type AlertRow = { id: string; kind: string; to_role: string };
  const alertFrame = (a: AlertRow, dismissed: boolean): Derived => ({
    topic: 'alerts',
    data: { alertId: a.id, kind: a.kind, to: a.to_role, dismissed },
    roles: [a.to_role],
  });
  return (ev, p) => {
    if (!INCIDENT_EVENT_TYPES.has(ev.type)) return [];
    const out: Derived[] = [];
    if (ev.type.startsWith('request.')) {
      // a request's and an incident's id is the event id of their first event
      out.push({ topic: 'requests', data: { requestId: ev.type === EV.reqRegistered ? ev.eventId : str(p, 'requestId'), type: ev.type } });
    } else if (ev.type !== EV.alertDismissed) {
      out.push({ topic: 'incidents', data: { incidentId: str(p, 'incidentId') ?? (ev.type === EV.raised ? ev.eventId : null), type: ev.type } });
    }
    if (ev.type === EV.escalated || ev.type === EV.clockJumped) {
      const targetKind = str(p, 'target');
      out.push({ topic: 'clocks', data: { type: ev.type, targetKind, targetId: str(p, 'targetId') } });
      if (ev.type === EV.clockJumped || targetKind === 'request') out.push({ topic: 'requests', data: { requestId: str(p, 'targetId'), type: ev.type } });
    }
    for (const a of alertsOf().all(ev.seq) as AlertRow[]) out.push(alertFrame(a, false));
    if (ev.type === EV.alertDismissed) {
      const id = str(p, 'alertId');
      const a = id ? (alertById().get(id) as AlertRow | undefined) : undefined;
      if (a) out.push(alertFrame(a, true));
    }
    return out;
  };
}

// ---- cameras and their health, notifications -----------------------------------------------

export function camerasSource(db: DB): Source {
  const notice = lazy(db, 'SELECT kind, camera_id FROM notifications WHERE seq = ?');
  const changes = new Set([CAMERA_REGISTERED, CAMERA_UPDATED, CAMERA_DEACTIVATED, ORG_IMPORTED]);
  return (ev, p) => {
    if (changes.has(ev.type)) return [{ topic: 'cameras', data: { cameraId: str(p, 'cameraId'), type: ev.type } }];
    if (ev.type !== CAMERA_HEALTH_CHANGED) return [];
    const cameraId = str(p, 'cameraId');
    const out: Derived[] = [];
    if (cameraId) out.push({ topic: 'camera.health', data: { cameraId, state: str(p, 'to') } });
    const n = notice().get(ev.seq) as { kind: string; camera_id: string | null } | undefined;
    if (n) out.push({ topic: 'notifications', data: { cameraId: n.camera_id, kind: n.kind } });
    return out;
  };
}

/** What the live video sources need of the video service. */
export interface LiveVideo {
  subscribeHealth(fn: (cameraId: string, health: { state: string } | null) => void): () => void;
  stats(): unknown[];
}

/** Topics published outside the journal (a resuming session is told to refetch them). */
export const LIVE_TOPICS: readonly Topic[] = ['camera.health', 'video.stats', 'time'];

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

// ---- all of them ----------------------------------------------------------------------------

/** The frames of one committed event, from every domain's source. */
export function deriveFrames(db: DB): (ev: StoredEvent) => Derived[] {
  const sources: Source[] = [journalSource(), incidentsSource(db), camerasSource(db)];
  return (ev) => {
    const p = payloadOf(ev);
    return sources.flatMap((s) => s(ev, p));
  };
}
