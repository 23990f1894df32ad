import type { DB } from '../store/db';
import type { Journal } from '../journal/journal';
import { on, projector } from '../journal/events';
import { CAMERA_HEALTH_EVENT } from './events';
import type { CameraRegistry } from '../cameras/service';
import { StreamEngine } from './engine';
import type { StreamEngineOptions } from './engine';
import { resolveFfmpeg } from './ffmpeg';
import type { HealthChange, StreamKind, Viewer, ViewerCallback, ViewerOptions } from './stream';
import { CAMERA_HEALTH_CHANGED, cameraHealthText } from './health';
import type { CameraHealthPayload } from './health';
import type { CameraHealth } from '../../src-shared/domain/cameras';
import { AppError } from '../../src-shared/errors';
import type { NotificationItem } from '../../src-shared/contract/video';

/** States worth a logbook line and a notice to the managing unit. */
const FAULTS = new Set(['unstable', 'no_signal', 'offline', 'unauthorised']);

/** A notice queued for a managing unit (camera faults and recoveries), as `notifications:list` answers it. */
export type Notification = NotificationItem;

/**
 * Projects camera health events into camera_health and the notification queue (a rebuild keeps
 * the queue and its delivery status: rows are keyed by the event's seq).
 */
export function cameraHealthProjector(db: DB) {
  const upsert = db.prepare(
    `INSERT INTO camera_health (camera_id, state, reason, since) VALUES (?, ?, ?, ?)
     ON CONFLICT (camera_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, since = excluded.since`,
  );
  const notify = db.prepare('INSERT OR IGNORE INTO notifications (seq, created_at, unit_code, kind, camera_id, text) VALUES (?, ?, ?, ?, ?, ?)');
  return projector(
    on(CAMERA_HEALTH_EVENT, (p, ev) => {
      upsert.run(p.cameraId, p.to, p.reason, ev.occurredAt);
      notify.run(ev.seq, ev.recordedAt, p.unitCode, p.to === 'online' ? 'camera_recovered' : 'camera_fault', p.cameraId, cameraHealthText(p, ev.occurredAt));
    }),
  );
}

/**
 * The cameras' video in the main process: one StreamEngine (ffmpeg found lazily, so a station
 * without ffmpeg still runs its logbook), sources from the registry (credentials never leave
 * main), and health changes journaled once per camera: a fault (unstable, no signal, offline,
 * unauthorised) and the recovery after it become a logbook line and a notice to the managing
 * unit. `connecting` and the first `online` of a healthy camera are not news.
 */
export class VideoService {
  private engine: StreamEngine | null = null;
  private readonly lastJournaled = new Map<string, string>();
  private readonly healthListeners = new Set<(cameraId: string, health: CameraHealth | null) => void>();

  constructor(
    private readonly db: DB,
    private readonly journal: Journal,
    private readonly cameras: CameraRegistry,
    private readonly opts: { engine?: Partial<StreamEngineOptions>; log?: (m: string) => void } = {},
  ) {
    for (const r of db.prepare('SELECT camera_id, state FROM camera_health').all() as { camera_id: string; state: string }[]) {
      this.lastJournaled.set(r.camera_id, r.state);
    }
    cameras.setHealthSource((id) => this.health(id));
  }

  /** The engine, started on first use; throws `ffmpeg_missing` (translated) when there is none. */
  private get eng(): StreamEngine {
    if (!this.engine) {
      const ffmpegPath = this.opts.engine?.ffmpegPath ?? resolveFfmpeg({ env: process.env }).path;
      this.engine = new StreamEngine({
        ...this.opts.engine,
        ffmpegPath,
        resolveSource: (cameraId, kind) => {
          const url = this.cameras.streamUrl(cameraId, kind);
          if (!url) throw new AppError('unknown_camera', `camera ${cameraId} has no ${kind} stream`);
          return { url };
        },
        onHealth: (c) => this.onHealth(c),
        // each stream masks its own URL's secrets; this also masks every stored camera secret
        ...(this.opts.log ? { log: (m: string) => this.opts.log?.(this.cameras.redact(m)) } : {}),
      });
    }
    return this.engine;
  }

  attach(cameraId: string, kind: StreamKind, onData: ViewerCallback, opts?: ViewerOptions): Viewer {
    if (!this.cameras.get(cameraId)) throw new AppError('unknown_camera', `camera ${cameraId} is not registered`, { field: 'cameraId' });
    return this.eng.attach(cameraId, kind, onData, opts);
  }

  health(cameraId: string): CameraHealth | null {
    const h = this.engine?.health(cameraId);
    if (!h || h.state === 'stopped' || h.state === 'connecting') return null;
    return { state: h.state, reason: h.state === 'online' ? null : h.reason, since: h.since };
  }

  healthAll(): Record<string, CameraHealth> {
    const out: Record<string, CameraHealth> = {};
    for (const c of this.cameras.list()) {
      const h = this.health(c.id);
      if (h) out[c.id] = h;
    }
    return out;
  }

  stats() {
    return this.engine?.stats() ?? [];
  }

  clip(cameraId: string, seconds: number): { data: Buffer; seconds: number } {
    return this.eng.clip(cameraId, seconds);
  }

  snapshot(cameraId: string) {
    return this.eng.snapshot(cameraId);
  }

  restart(cameraId: string): void {
    this.engine?.restart(cameraId);
  }

  notifications(limit = 100): Notification[] {
    return (
      this.db
        .prepare('SELECT seq, created_at, unit_code, kind, camera_id, text, status FROM notifications ORDER BY seq DESC LIMIT ?')
        .all(limit) as { seq: number; created_at: number; unit_code: string | null; kind: Notification['kind']; camera_id: string | null; text: string; status: Notification['status'] }[]
    ).map((r) => ({ seq: r.seq, createdAt: r.created_at, unitCode: r.unit_code, kind: r.kind, cameraId: r.camera_id, text: r.text, status: r.status }));
  }

  /** Live health changes of every camera (e.g. pushed to tiles on the video socket). */
  subscribeHealth(fn: (cameraId: string, health: CameraHealth | null) => void): () => void {
    this.healthListeners.add(fn);
    return () => this.healthListeners.delete(fn);
  }

  private onHealth(c: HealthChange): void {
    const now = this.health(c.cameraId);
    for (const fn of this.healthListeners) {
      try {
        fn(c.cameraId, now);
      } catch (e) {
        this.opts.log?.(`[video] health listener failed: ${(e as Error).message}`);
      }
    }
    this.journalHealth(c);
  }

  private journalHealth(c: HealthChange): void {
    // journal the camera's worst state across its streams, once per change
    const worst = this.engine?.health(c.cameraId);
    const to = worst?.state ?? c.to;
    const last = this.lastJournaled.get(c.cameraId) ?? 'online';
    const isFault = FAULTS.has(to);
    if (to === last || (!isFault && !(to === 'online' && FAULTS.has(last)))) return;
    const cam = this.cameras.get(c.cameraId);
    if (!cam) return; // camera removed meanwhile
    const payload: CameraHealthPayload = {
      cameraId: cam.id,
      cameraNumber: cam.number,
      cameraName: cam.name,
      siteName: cam.siteName || null,
      unitCode: cam.unitCode || null,
      from: last,
      to,
      reason: to === 'online' ? null : this.cameras.redact(worst?.reason ?? c.reason),
    };
    try {
      this.journal.append({ type: CAMERA_HEALTH_CHANGED, occurredAt: c.at, actor: 'system', payload });
      this.lastJournaled.set(c.cameraId, to);
    } catch (e) {
      this.opts.log?.(`[video] could not journal health of camera ${cam.number}: ${(e as Error).message}`);
    }
  }

  close(): void {
    this.engine?.close();
    this.engine = null;
  }
}
