/**
 * One wall tile's live player (docs/architecture.md, "Video"): a stream on the page's one video
 * connection (./mux.ts), MSE `SourceBuffer` in
 * segments mode, an append queue (never while updating), buffer trimming, live-edge catch-up,
 * frozen-picture detection and a complete teardown. Chromium refuses new players after ~75
 * live ones, so `destroy()` must leave nothing behind; `liveCounts()` lets a test check that.
 */
import type { VideoEndpoint } from './channels';
import { muxLive, pageMux } from './mux';
import type { MuxStream } from './mux';
import type { MuxInitInfo as InitInfo } from '../../src-shared/video-mux';
import type { VideoHealthState } from './mux';

export type StreamKind = 'main' | 'sub';

/** What the tile shows: connecting (no picture yet), playing, frozen (picture stopped), closed. */
export type PlayerState = 'connecting' | 'playing' | 'frozen' | 'closed';

export interface TileStats {
  state: PlayerState;
  /** When the picture last moved (epoch ms); the "frozen since" time. */
  lastAdvanceAt: number | null;
  framesDecoded: number;
  framesDropped: number;
  /** Seconds between the playhead and the newest buffered media. */
  lag: number;
  currentTime: number;
  width: number;
  height: number;
  codec: string | null;
  transcoding: boolean;
  health: VideoHealthState | null;
  healthReason: string;
  /** Stream restarted: the connection dropped, the page was hidden, or the station refused it. */
  reconnects: number;
  error: 'unsupported_codec' | 'socket' | null;
}

export interface TilePlayerOptions {
  cameraId: string;
  stream: StreamKind;
  onStats?: (stats: TileStats) => void;
  /** Tests and other hosts may supply the endpoint; default `video:endpoint` / page host. */
  endpoint?: () => Promise<VideoEndpoint>;
  /** The picture must move within this long, else the tile is frozen. Default 2000 ms. */
  frozenMs?: number;
}

type Op = { kind: 'append'; data: Uint8Array; offset?: number; init?: true } | { kind: 'remove'; start: number; end: number } | { kind: 'reset' };

const TICK_MS = 250;
const KEEP_BEHIND_S = 10;
const MAX_QUEUE = 90;
const JUMP_LAG_S = 1.0;
// live edge: play 8 % faster once more than NUDGE_START_S behind the newest buffered frame,
// back to normal below NUDGE_STOP_S (hysteresis, so the rate does not flap); bench:wall measured
// a single 0.35 s threshold settling ~0.3 s behind (p95 glass-to-glass 417 ms at 16 tiles)
const NUDGE_START_S = 0.2;
const NUDGE_STOP_S = 0.12;
/** Before the first picture, a tile waits this long before it is declared frozen. */
const FIRST_PICTURE_MS = 8000;

// live objects, for leak checks (window.__trucbanVideo in the page); `sockets` are the page's
// video connections (one, however many tiles), `streams` the tiles' streams over them
const live = { players: 0, mediaSources: 0, created: 0 };

export function liveCounts(): { players: number; mediaSources: number; sockets: number; streams: number; socketsCreated: number; created: number; videos: number } {
  return { ...live, ...muxLive, videos: typeof document !== 'undefined' ? document.querySelectorAll('video').length : 0 };
}

if (typeof window !== 'undefined') {
  (window as unknown as { __trucbanVideo?: unknown }).__trucbanVideo = { liveCounts };
}

export class TilePlayer {
  readonly cameraId: string;
  readonly stream: StreamKind;
  private readonly video: HTMLVideoElement;
  private readonly opts: TilePlayerOptions;
  private destroyed = false;
  private stream_: MuxStream | null = null;
  /** The tile is out of sight (another screen is shown): the stream stays open, nothing is decoded. */
  private dormant = false;
  private ms: MediaSource | null = null;
  private objectUrl: string | null = null;
  private sb: SourceBuffer | null = null;
  private mime: string | null = null;
  private queue: Op[] = [];
  private waitKeyframe = true;
  /** The timestampOffset to apply to the next fragment after an init / discontinuity. */
  private pendingBase: number | null = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private canvas: HTMLCanvasElement | null = null;
  private lastPixels: Uint8ClampedArray | null = null;
  private lastTime = -1;
  private startedAt = Date.now();
  private health: { state: VideoHealthState; reason: string; since: number } | null = null;
  private stats: TileStats;

  constructor(video: HTMLVideoElement, opts: TilePlayerOptions) {
    this.video = video;
    this.opts = opts;
    this.cameraId = opts.cameraId;
    this.stream = opts.stream;
    this.stats = {
      state: 'connecting',
      lastAdvanceAt: null,
      framesDecoded: 0,
      framesDropped: 0,
      lag: 0,
      currentTime: 0,
      width: 0,
      height: 0,
      codec: null,
      transcoding: false,
      health: null,
      healthReason: '',
      reconnects: 0,
      error: null,
    };
    live.players++;
    live.created++;
    video.muted = true;
    video.playsInline = true;
    video.autoplay = true;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.connect();
  }

  getStats(): TileStats {
    return { ...this.stats };
  }

  private emit(): void {
    if (!this.destroyed) this.opts.onStats?.({ ...this.stats });
  }

  // ---- stream (over the page's one video connection, ./mux.ts) -------------------------

  private connect(): void {
    const mux = pageMux(this.opts.endpoint);
    this.stream_ = mux.open(this.cameraId, this.stream, {
      onInit: (info, data) => {
        if (!this.destroyed) this.onInit(info, data);
      },
      onFragment: (keyframe, discontinuity, decodeTime, data) => {
        if (!this.destroyed) this.onFragment(keyframe, discontinuity, decodeTime, data);
      },
      onHealth: (state, reason, since) => {
        if (this.destroyed) return;
        this.health = { state, reason, since };
        this.stats.health = state;
        this.stats.healthReason = reason;
        this.emit();
      },
      onError: () => {
        if (this.destroyed) return;
        this.stats.error = 'socket';
        this.stats.reconnects++;
        this.emit();
      },
      onReset: () => {
        if (this.destroyed) return;
        // the stream starts again with an init segment and a keyframe
        this.waitKeyframe = true;
        this.stats.reconnects++;
      },
    });
  }

  // ---- media ----------------------------------------------------------------------------

  private onInit(info: InitInfo, data: Uint8Array): void {
    const mime = `video/mp4; codecs="${info.codec}"`;
    // the stream (re)started: a refusal shown before is over
    if (this.stats.error === 'socket') this.stats.error = null;
    this.stats.codec = info.codec;
    this.stats.transcoding = info.transcoding;
    this.stats.width = info.width;
    this.stats.height = info.height;
    this.emit();
    if (typeof MediaSource === 'undefined' || !MediaSource.isTypeSupported(mime)) {
      this.stats.error = 'unsupported_codec';
      this.emit();
      return;
    }
    this.waitKeyframe = true;
    if (this.sb && this.ms && this.ms.readyState === 'open' && this.mime === mime) {
      // a new init on a running stream (ffmpeg restarted): drop what is queued and buffered,
      // continue the timeline after what was played
      this.queue = [{ kind: 'reset' }, { kind: 'append', data: copy(data), init: true }];
      this.pendingBase = this.bufferedEnd() ?? this.video.currentTime;
      this.pump();
      return;
    }
    this.teardownMedia();
    this.mime = mime;
    this.pendingBase = 0;
    this.queue = [{ kind: 'append', data: copy(data), init: true }];
    const ms = new MediaSource();
    live.mediaSources++;
    this.ms = ms;
    this.objectUrl = URL.createObjectURL(ms);
    ms.addEventListener(
      'sourceopen',
      () => {
        if (this.destroyed || this.ms !== ms) return;
        try {
          const sb = ms.addSourceBuffer(mime);
          sb.mode = 'segments';
          sb.addEventListener('updateend', () => this.pump());
          sb.addEventListener('error', () => {
            // a decode error: the next init (or a reconnect) starts over
          });
          this.sb = sb;
          this.pump();
        } catch {
          this.stats.error = 'unsupported_codec';
          this.emit();
        }
      },
      { once: true },
    );
    this.video.src = this.objectUrl;
  }

  /**
   * Out of sight (the wall is kept mounted under another screen): the stream stays attached on
   * the station — same ffmpeg, the camera's pre-buffer kept — but fragments are dropped here and
   * the video paused, so nothing is decoded. Back in sight, it resumes on the next keyframe at
   * the live edge.
   */
  setDormant(dormant: boolean): void {
    if (this.destroyed || dormant === this.dormant) return;
    this.dormant = dormant;
    if (dormant) {
      this.queue = this.queue.filter((op) => op.kind === 'append' && op.init);
      this.video.pause();
    } else {
      this.waitKeyframe = true;
      this.pendingBase = this.bufferedEnd() ?? this.video.currentTime;
      // the picture it showed is not "frozen": it has 2 s (frozenMs) to move again
      this.stats.lastAdvanceAt = Date.now();
      if (this.video.readyState >= 2) void this.video.play().catch(() => {});
    }
  }

  private onFragment(keyframe: boolean, discontinuity: boolean, decodeTime: number, data: Uint8Array): void {
    if (!this.mime || this.dormant) return;
    if (this.waitKeyframe) {
      if (!keyframe) return;
      this.waitKeyframe = false;
    }
    if (this.queue.length > MAX_QUEUE) {
      // the page could not keep up (hidden tab, slow machine): drop, restart on a keyframe
      this.queue = this.queue.filter((op) => op.kind !== 'append' || op.init);
      this.waitKeyframe = !keyframe;
      if (!keyframe) return;
      this.pendingBase = this.bufferedEnd() ?? this.video.currentTime;
    }
    const op: Op = { kind: 'append', data: copy(data) };
    if (this.pendingBase !== null) {
      op.offset = this.pendingBase - decodeTime;
      this.pendingBase = null;
    } else if (discontinuity) {
      const end = this.bufferedEnd();
      if (end !== null) op.offset = end - decodeTime;
    }
    this.queue.push(op);
    this.pump();
  }

  private pump(): void {
    const sb = this.sb;
    const ms = this.ms;
    if (this.destroyed || !sb || !ms || ms.readyState !== 'open' || sb.updating) return;
    const op = this.queue.shift();
    if (!op) {
      this.trim();
      return;
    }
    try {
      if (op.kind === 'reset') {
        sb.abort();
        const end = this.bufferedEnd();
        if (end !== null) sb.remove(0, end + 1);
        else this.pump();
        return;
      }
      if (op.kind === 'remove') {
        if (op.end > op.start) sb.remove(op.start, op.end);
        else this.pump();
        return;
      }
      if (op.offset !== undefined) sb.timestampOffset = op.offset;
      sb.appendBuffer(op.data as BufferSource);
    } catch (e) {
      if (op.kind === 'append' && e instanceof DOMException && e.name === 'QuotaExceededError') {
        // full: free everything but the last moment before the playhead, then try again
        const start = this.bufferedStart();
        const upTo = this.video.currentTime - 1;
        this.queue.unshift(op);
        if (start !== null && upTo > start) {
          this.queue.unshift({ kind: 'remove', start, end: upTo });
        } else {
          // nothing to free: drop the backlog and wait for the next keyframe
          this.queue = this.queue.filter((o) => o.kind === 'append' && o.init);
          this.waitKeyframe = true;
          this.pendingBase = this.bufferedEnd() ?? this.video.currentTime;
        }
        queueMicrotask(() => this.pump());
      }
      // other failures (InvalidStateError after a decode error) wait for the next init
    }
  }

  /** Keep at most ~10 s of media behind the playhead. */
  private trim(): void {
    const sb = this.sb;
    const start = this.bufferedStart();
    if (!sb || sb.updating || start === null) return;
    const t = this.video.currentTime;
    if (t - start > KEEP_BEHIND_S) {
      try {
        sb.remove(start, t - KEEP_BEHIND_S / 2);
      } catch {
        // retried on the next updateend
      }
    }
  }

  private bufferedEnd(): number | null {
    const b = this.sb?.buffered;
    if (!b || b.length === 0) return null;
    return b.end(b.length - 1);
  }

  private bufferedStart(): number | null {
    const b = this.sb?.buffered;
    if (!b || b.length === 0) return null;
    return b.start(0);
  }

  // ---- supervision: live edge, stats, frozen picture ------------------------------------

  private tick(): void {
    if (this.destroyed || this.dormant) return;
    const v = this.video;
    const now = Date.now();
    const end = this.bufferedEnd();
    if (end !== null) {
      const t = v.currentTime;
      const lag = end - t;
      this.stats.lag = lag;
      const b = this.sb?.buffered;
      let inside = false;
      if (b) for (let i = 0; i < b.length; i++) if (t >= b.start(i) - 0.05 && t <= b.end(i)) inside = true;
      if (lag > JUMP_LAG_S || !inside) {
        v.currentTime = Math.max(end - 0.2, b && b.length ? b.start(b.length - 1) : 0);
        v.playbackRate = 1;
      } else if (lag > NUDGE_START_S) {
        if (v.playbackRate !== 1.08) v.playbackRate = 1.08;
      } else if (lag < NUDGE_STOP_S && v.playbackRate !== 1) {
        v.playbackRate = 1;
      }
      if (v.paused && v.readyState >= 2) void v.play().catch(() => {});
    }
    const q = typeof v.getVideoPlaybackQuality === 'function' ? v.getVideoPlaybackQuality() : null;
    if (q) {
      this.stats.framesDecoded = q.totalVideoFrames;
      this.stats.framesDropped = q.droppedVideoFrames;
    }
    if (v.videoWidth) {
      this.stats.width = v.videoWidth;
      this.stats.height = v.videoHeight;
    }
    this.stats.currentTime = v.currentTime;

    // the picture moves when the playhead advances AND the pixels change (a camera whose
    // encoder repeats one picture keeps the playhead moving on a frozen image)
    const advanced = v.currentTime > this.lastTime + 0.001;
    if (advanced) {
      this.lastTime = v.currentTime;
      if (this.pictureChanged()) this.stats.lastAdvanceAt = now;
    }
    const frozenMs = this.opts.frozenMs ?? 2000;
    const bad = this.health?.state === 'no_signal' || this.health?.state === 'offline';
    let state: PlayerState;
    if (this.stats.lastAdvanceAt === null) {
      state = bad || now - this.startedAt > FIRST_PICTURE_MS ? 'frozen' : 'connecting';
    } else {
      state = bad || now - this.stats.lastAdvanceAt > frozenMs ? 'frozen' : 'playing';
    }
    this.stats.state = state;
    this.emit();
  }

  /** Samples the picture at 32×18 and compares it with the last sample. */
  private pictureChanged(): boolean {
    const v = this.video;
    if (v.readyState < 2 || !v.videoWidth) return false;
    if (!this.canvas) {
      this.canvas = document.createElement('canvas');
      this.canvas.width = 32;
      this.canvas.height = 18;
    }
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return true;
    try {
      ctx.drawImage(v, 0, 0, 32, 18);
      const px = ctx.getImageData(0, 0, 32, 18).data;
      const prev = this.lastPixels;
      this.lastPixels = px;
      if (!prev) return true;
      for (let i = 0; i < px.length; i++) if (px[i] !== prev[i]) return true;
      return false;
    } catch {
      return true;
    }
  }

  // ---- teardown -------------------------------------------------------------------------

  private teardownMedia(): void {
    const ms = this.ms;
    const sb = this.sb;
    this.sb = null;
    this.ms = null;
    this.mime = null;
    this.queue = [];
    if (ms) {
      try {
        if (sb && ms.readyState === 'open') {
          sb.abort();
          ms.removeSourceBuffer(sb);
        }
        if (ms.readyState === 'open') ms.endOfStream();
      } catch {
        // already closed
      }
      live.mediaSources--;
    }
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
  }

  /** Closes the socket and releases the MediaSource, the object URL and the decoder. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stream_?.close();
    this.stream_ = null;
    this.teardownMedia();
    this.canvas = null;
    this.lastPixels = null;
    this.stats.state = 'closed';
    live.players--;
  }
}

function copy(a: Uint8Array): Uint8Array {
  return a.slice();
}
