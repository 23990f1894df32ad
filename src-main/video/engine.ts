/**
 * All camera streams of the station, keyed by camera id and stream kind, ref-counted by viewers:
 * the first viewer starts ffmpeg, the last one leaving stops it after a grace period (so a tile
 * change does not restart it). Health changes go to one callback, which the core wires to the
 * journal (`camera.health_changed`) and to the managing unit's notification queue. Each stream
 * has its own process and timers; a failure in one never reaches another.
 */
import { AppError } from '../../src-shared/errors';
import type { Clock } from '../journal/clock';
import { systemClock } from '../journal/clock';
import type { StreamSource } from './ffmpeg';
import { CameraStream, systemTimers } from './stream';
import type {
  CameraStreamOptions,
  HealthChange,
  HealthState,
  SpawnFn,
  StreamKind,
  StreamStats,
  Timers,
  Viewer,
  ViewerCallback,
  ViewerOptions,
} from './stream';

export interface StreamEngineOptions {
  ffmpegPath: string;
  /** The camera's URL (with credentials) or input for a stream; called before every (re)start. */
  resolveSource: (cameraId: string, kind: StreamKind) => StreamSource | Promise<StreamSource>;
  onHealth?: (change: HealthChange) => void;
  /** How long a stream keeps running after its last viewer leaves. Default 10 s. */
  graceMs?: number;
  clock?: Clock;
  timers?: Timers;
  spawn?: SpawnFn;
  log?: (message: string) => void;
  /** Supervision, backoff, pre-buffer and codec settings for every stream. */
  stream?: Partial<
    Omit<CameraStreamOptions, 'cameraId' | 'kind' | 'source' | 'ffmpegPath' | 'spawn' | 'clock' | 'timers' | 'onHealth' | 'log'>
  >;
}

export interface CameraHealth {
  cameraId: string;
  /** The worst state of the camera's running streams. */
  state: HealthState;
  reason: string;
  since: number;
  streams: Partial<Record<StreamKind, { state: HealthState; reason: string; since: number }>>;
}

const SEVERITY: Record<HealthState, number> = {
  stopped: 0,
  online: 1,
  connecting: 2,
  unstable: 3,
  no_signal: 4,
  offline: 5,
  unauthorised: 6,
};

interface Entry {
  stream: CameraStream;
  refs: number;
  stopTimer: unknown;
}

export class StreamEngine {
  private readonly streams = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly graceMs: number;
  private closed = false;

  constructor(private readonly opts: StreamEngineOptions) {
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? systemTimers;
    this.graceMs = opts.graceMs ?? 10_000;
  }

  private key(cameraId: string, kind: StreamKind): string {
    return `${kind}\u0000${cameraId}`;
  }

  private entry(cameraId: string, kind: StreamKind): Entry {
    const k = this.key(cameraId, kind);
    let e = this.streams.get(k);
    if (!e) {
      const stream = new CameraStream({
        ...this.opts.stream,
        cameraId,
        kind,
        source: () => this.opts.resolveSource(cameraId, kind),
        ffmpegPath: this.opts.ffmpegPath,
        ...(this.opts.spawn ? { spawn: this.opts.spawn } : {}),
        clock: this.clock,
        timers: this.timers,
        onHealth: (c) => {
          try {
            this.opts.onHealth?.(c);
          } catch (err) {
            this.opts.log?.(`[video] health callback failed: ${String(err)}`);
          }
        },
        ...(this.opts.log ? { log: this.opts.log } : {}),
      });
      e = { stream, refs: 0, stopTimer: null };
      this.streams.set(k, e);
    }
    return e;
  }

  /** Adds a viewer; starts the stream if it is not running. `detach()` releases it. */
  attach(cameraId: string, kind: StreamKind, onData: ViewerCallback, opts?: ViewerOptions): Viewer {
    if (this.closed) throw new AppError('unavailable', 'video engine closed');
    const e = this.entry(cameraId, kind);
    const viewer = e.stream.attach(onData, opts);
    this.retain(e);
    let released = false;
    return {
      id: viewer.id,
      stats: viewer.stats,
      detach: () => {
        if (released) return;
        released = true;
        viewer.detach();
        this.release(cameraId, kind, e);
      },
    };
  }

  private retain(e: Entry): void {
    e.refs += 1;
    if (e.stopTimer !== null) {
      this.timers.clearTimeout(e.stopTimer);
      e.stopTimer = null;
    }
    if (!e.stream.isRunning) e.stream.start();
  }

  private release(cameraId: string, kind: StreamKind, e: Entry): void {
    e.refs = Math.max(0, e.refs - 1);
    if (e.refs > 0 || e.stopTimer !== null) return;
    e.stopTimer = this.timers.setTimeout(() => {
      e.stopTimer = null;
      if (e.refs > 0) return;
      e.stream.stop();
      this.streams.delete(this.key(cameraId, kind));
    }, this.graceMs);
  }

  /** The camera's health (worst of its running streams), or null when none runs. */
  health(cameraId: string): CameraHealth | null {
    const streams: CameraHealth['streams'] = {};
    let worst: { state: HealthState; reason: string; since: number } | null = null;
    for (const kind of ['main', 'sub'] as const) {
      const e = this.streams.get(this.key(cameraId, kind));
      if (!e || !e.stream.isRunning) continue;
      const h = e.stream.health();
      streams[kind] = h;
      if (!worst || SEVERITY[h.state] > SEVERITY[worst.state]) worst = h;
    }
    if (!worst) return null;
    return { cameraId, ...worst, streams };
  }

  stats(): StreamStats[] {
    return [...this.streams.values()].map((e) => e.stream.stats());
  }

  /** The running stream for a camera (main preferred), for clips. */
  private running(cameraId: string, prefer: StreamKind = 'main'): CameraStream | null {
    for (const kind of prefer === 'main' ? (['main', 'sub'] as const) : (['sub', 'main'] as const)) {
      const e = this.streams.get(this.key(cameraId, kind));
      if (e?.stream.isRunning && e.stream.initSegment) return e.stream;
    }
    return null;
  }

  /** The last `seconds` (≤ the pre-buffer) of a camera being watched, as an MP4. */
  clip(cameraId: string, seconds: number, prefer: StreamKind = 'main'): { data: Buffer; seconds: number } {
    const s = this.running(cameraId, prefer);
    if (!s) throw new AppError('video_unavailable', `camera ${cameraId} is not being watched`, { params: { camera: cameraId } });
    return s.clip(seconds);
  }

  /**
   * The current frame of the main stream at full resolution (PNG). Starts the main stream for
   * the time it takes when nobody watches it, waiting up to `timeoutMs` for a picture.
   */
  async snapshot(cameraId: string, opts: { timeoutMs?: number } = {}): Promise<{ data: Buffer; mime: 'image/png'; width: number; height: number; at: number }> {
    const timeoutMs = opts.timeoutMs ?? 15_000;
    let gotKeyframe!: () => void;
    const ready = new Promise<void>((resolve) => (gotKeyframe = resolve));
    const viewer = this.attach(cameraId, 'main', (p) => {
      if (p.type === 'fragment') gotKeyframe();
    }, { start: 'latest', maxQueueFragments: 1 });
    let timer: unknown = null;
    try {
      await Promise.race([
        ready,
        new Promise<never>((_, reject) => {
          timer = this.timers.setTimeout(
            () => reject(new AppError('video_unavailable', `no picture from camera ${cameraId}`, { params: { camera: cameraId } })),
            timeoutMs,
          );
        }),
      ]);
      const e = this.streams.get(this.key(cameraId, 'main'));
      if (!e) throw new AppError('video_unavailable', `no picture from camera ${cameraId}`, { params: { camera: cameraId } });
      return await e.stream.snapshot({ timeoutMs });
    } finally {
      this.timers.clearTimeout(timer);
      viewer.detach();
    }
  }

  /** Restarts a camera's running streams now (its URL or credentials changed). */
  restart(cameraId: string, reason = 'camera settings changed'): void {
    for (const kind of ['main', 'sub'] as const) {
      const e = this.streams.get(this.key(cameraId, kind));
      if (e?.stream.isRunning) e.stream.restart(reason);
    }
  }

  /** Stops every stream now (app exit). */
  close(): void {
    this.closed = true;
    for (const e of this.streams.values()) {
      this.timers.clearTimeout(e.stopTimer);
      e.stream.stop();
    }
    this.streams.clear();
  }
}
