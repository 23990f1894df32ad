/**
 * One camera stream (camera × main/sub): one ffmpeg child remuxing to fragmented MP4, shared by
 * every viewer (docs/architecture.md, "Video"). The init segment is cached; each viewer starts on a keyframe and
 * has its own bounded queue (a slow viewer drops until the next keyframe, nobody waits for it).
 * Supervised: a stall or an exit restarts ffmpeg with backoff, and health changes (online /
 * unstable / no_signal / offline / unauthorised) are reported with a reason. Keeps a rolling
 * pre-buffer of whole GOPs for clips and snapshots. No Electron; every dependency is injectable.
 */
import { spawn as nodeSpawn } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { AppError } from '../../src-shared/errors';
import type { Clock } from '../journal/clock';
import { systemClock } from '../journal/clock';
import { describeSource, ffmpegCommand, snapshotArgs } from './ffmpeg';
import { redact, secretsOf } from '../../src-shared/text/redact';
import type { StreamSource } from './ffmpeg';
import { Fmp4Parser, withDecodeTime } from './fmp4';
import type { Fmp4Event, InitSegment, MediaFragment } from './fmp4';

export type StreamKind = 'main' | 'sub';
export type HealthState = 'connecting' | 'online' | 'unstable' | 'no_signal' | 'offline' | 'unauthorised' | 'stopped';

export interface HealthChange {
  cameraId: string;
  kind: StreamKind;
  from: HealthState;
  to: HealthState;
  /** Short English reason for logs and the journal payload (never contains credentials). */
  reason: string;
  at: number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** What we need of a child process (node's ChildProcess fits; tests pass a fake). */
export interface ChildLike extends EventEmitter {
  readonly pid?: number | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  kill(signal?: NodeJS.Signals | number): boolean;
}
/** How a child is started. `fd3`: text written into the child's fd 3, which is then closed (the camera's ffconcat script). */
export interface SpawnExtra {
  fd3?: string | null;
}
export type SpawnFn = (command: string, args: string[], extra?: SpawnExtra) => ChildLike;
export const defaultSpawn: SpawnFn = (command, args, extra) => {
  if (extra?.fd3 == null) return nodeSpawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  const child = nodeSpawn(command, args, { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], windowsHide: true });
  const fd3 = child.stdio[3] as Writable | null;
  fd3?.on('error', () => {}); // ffmpeg gone before reading: its exit is reported
  fd3?.end(extra.fd3);
  return child;
};

/** A backoff step: wait `ms` before each of the next `times` restarts. */
export interface BackoffStep {
  ms: number;
  times: number;
}
export const DEFAULT_BACKOFF: readonly BackoffStep[] = [
  { ms: 1_000, times: 5 },
  { ms: 5_000, times: 5 },
  { ms: 10_000, times: 10 },
  { ms: 60_000, times: Infinity },
];

export function backoffDelay(failures: number, steps: readonly BackoffStep[] = DEFAULT_BACKOFF): number {
  let n = Math.max(0, failures - 1);
  for (const s of steps) {
    if (n < s.times) return s.ms;
    n -= s.times;
  }
  return steps[steps.length - 1]?.ms ?? 60_000;
}

/** By default the browser (Chromium without HEVC hardware) decodes H.264 only. */
export const h264Only = (init: InitSegment): boolean => init.family === 'h264';

export type VideoPacket =
  | { type: 'init'; data: Buffer; codec: string; width: number; height: number; transcoding: boolean }
  | {
      type: 'fragment';
      data: Buffer;
      keyframe: boolean;
      decodeTime: number;
      duration: number;
      timescale: number;
      /** Frames were dropped (or ffmpeg restarted) just before this keyframe. */
      discontinuity: boolean;
    };

/** Returning a promise marks the viewer busy until it settles (e.g. a socket's send callback). */
export type ViewerCallback = (packet: VideoPacket) => void | Promise<void>;

export interface ViewerOptions {
  maxQueueBytes?: number;
  maxQueueFragments?: number;
  /** 'latest': start with the current GOP (picture at once); 'next': wait for the next keyframe. */
  start?: 'latest' | 'next';
}

export interface ViewerStats {
  id: number;
  queuedFragments: number;
  queuedBytes: number;
  delivered: number;
  drops: number;
}

export interface Viewer {
  readonly id: number;
  detach(): void;
  stats(): ViewerStats;
}

export interface CameraStreamOptions {
  cameraId: string;
  kind: StreamKind;
  /** Resolved again before every (re)start, so new credentials are picked up. */
  source: StreamSource | (() => StreamSource | Promise<StreamSource>);
  ffmpegPath: string;
  spawn?: SpawnFn;
  clock?: Clock;
  timers?: Timers;
  onHealth?: (change: HealthChange) => void;
  log?: (message: string) => void;
  /** No fragment for this long on a running stream → stall (no_signal). Default 4 s. */
  stallMs?: number;
  /** Time allowed from spawn to the first fragment. Default max(stallMs, 10 s). */
  firstDataMs?: number;
  /** Supervision tick. Default 500 ms. */
  tickMs?: number;
  /** Consecutive failed attempts after which the camera is 'offline' rather than 'no_signal'. Default 3. */
  offlineAfter?: number;
  backoff?: readonly BackoffStep[];
  /** Retry interval after an authentication failure. Default 60 s. */
  unauthorisedRetryMs?: number;
  /** Streaming this long resets the backoff. Default 30 s. */
  stableMs?: number;
  /** Window for 'unstable' (restarts, gaps). Default 60 s. */
  unstableWindowMs?: number;
  /** A pause between fragments longer than this counts as a gap. Default 1.5 s. */
  gapMs?: number;
  /** Gaps in the window that make a stream 'unstable'. Default 3. */
  unstableGaps?: number;
  /** Can the viewers decode this codec? Default: H.264 only. Otherwise ffmpeg restarts transcoding. */
  canDecode?: (init: InitSegment) => boolean;
  forceTranscode?: boolean;
  /** Seconds of pre-buffer kept (from a keyframe on); 0 keeps only the current GOP. Default 30. */
  prebufferSeconds?: number;
  /** Byte bound of the pre-buffer. Default 48 MB. */
  prebufferMaxBytes?: number;
  /** RTSP socket timeout. Default 5 s. */
  rtspTimeoutMs?: number;
  /**
   * Replace a healthy ffmpeg after this long (make-before-break: the new one takes over on its
   * first keyframe, so viewers see no gap). ffmpeg's MP4 muxer keeps an index entry per fragment
   * for the whole run (~2.8 MB an hour at 25 fps, docs/performance.md); rotating bounds it.
   * Default 6 h; 0 disables.
   */
  rotateAfterMs?: number;
  /** Cumulative CPU seconds of a process, or null (default: /proc/<pid>/stat on Linux). */
  cpuSeconds?: (pid: number) => number | null;
  defaultViewer?: ViewerOptions;
}

export interface StreamStats {
  cameraId: string;
  kind: StreamKind;
  health: HealthState;
  reason: string;
  since: number;
  viewers: number;
  fps: number;
  bytesPerSec: number;
  /** Fragments dropped for slow viewers (all viewers, since start). */
  drops: number;
  /** ffmpeg restarts after failures (not counting the switch to transcoding). */
  restarts: number;
  /** Planned make-before-break replacements of a healthy ffmpeg (rotateAfterMs). */
  rotations: number;
  spawns: number;
  transcoding: boolean;
  transcodeReason: string | null;
  /** CPU use of the ffmpeg child, % of one core; null where not measurable. */
  cpuPercent: number | null;
  pid: number | null;
  codec: string | null;
  width: number | null;
  height: number | null;
  prebufferSeconds: number;
  prebufferBytes: number;
  firstFragmentMs: number | null;
}

interface Rotation {
  child: ChildLike | null;
  parser: Fmp4Parser;
  /** Parsed output held back until the standby has an init and a keyframe. */
  held: Fmp4Event[];
  /** Set when it took over: the generation its events now belong to. */
  gen: number | null;
  timer: unknown;
}

interface ViewerState {
  id: number;
  onData: ViewerCallback;
  maxBytes: number;
  maxFragments: number;
  queue: VideoPacket[];
  queuedBytes: number;
  busy: boolean;
  needKeyframe: boolean;
  overflowed: boolean;
  drops: number;
  delivered: number;
  closed: boolean;
}

interface Gop {
  fragments: MediaFragment[];
  bytes: number;
  duration: number;
  samples: number;
  discontinuity: boolean;
}

/** Linux: utime+stime of a process in seconds (USER_HZ = 100 on every mainstream kernel). */
export function procCpuSeconds(pid: number): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const NOISE_RE = /Non-monoton|incorrect timestamps|Timestamps are unset|Last message repeated/i;
const AUTH_RE = /\b401\b|unauthori[sz]ed|authentication failed|auth.*fail/i;

export class CameraStream {
  readonly cameraId: string;
  readonly kind: StreamKind;
  private readonly o: Required<
    Omit<CameraStreamOptions, 'onHealth' | 'log' | 'canDecode' | 'cpuSeconds' | 'source' | 'defaultViewer' | 'firstDataMs'>
  > & { firstDataMs: number };
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly spawnFn: SpawnFn;
  private readonly canDecode: (init: InitSegment) => boolean;
  private readonly cpuSeconds: (pid: number) => number | null;

  private state: HealthState = 'stopped';
  private reason = 'not started';
  private since: number;
  private running = false;
  private gen = 0;
  private child: ChildLike | null = null;
  private parser: Fmp4Parser | null = null;
  private spawnedAt = 0;
  private runStartedAt: number | null = null;
  private lastFragmentAt: number | null = null;
  private authFailed = false;
  private stderrTail: string[] = [];
  /** The secret values of the current source's URL, masked in every line this stream logs or reports. */
  private secrets: string[] = [];
  private failures = 0;
  private failureTimes: number[] = [];
  private gapTimes: number[] = [];
  private restartTimer: unknown = null;
  private tickTimer: unknown = null;
  private transcoding: boolean;
  private transcodeReason: string | null = null;
  private init: InitSegment | null = null;
  private gops: Gop[] = [];
  private pendingDiscontinuity = false;
  private viewers = new Map<number, ViewerState>();
  private nextViewerId = 1;
  private totalDrops = 0;
  private spawns = 0;
  private restarts = 0;
  private fragments = 0;
  private bytes = 0;
  private rate = { at: 0, fragments: 0, bytes: 0, fps: 0, bps: 0 };
  private cpu = { at: 0, seconds: null as number | null, percent: null as number | null, pid: 0 };
  private firstFragmentMs: number | null = null;
  private readonly defaultViewer: ViewerOptions;
  /** The standby ffmpeg of a rotation, until it takes over (gen set) or is given up. */
  private rotation: Rotation | null = null;
  private rotations = 0;
  /** When the current child took over (spawn or rotation), for rotateAfterMs. */
  private childSince = 0;

  constructor(private readonly opts: CameraStreamOptions) {
    this.cameraId = opts.cameraId;
    this.kind = opts.kind;
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? systemTimers;
    this.spawnFn = opts.spawn ?? defaultSpawn;
    this.canDecode = opts.canDecode ?? h264Only;
    this.cpuSeconds = opts.cpuSeconds ?? procCpuSeconds;
    const stallMs = opts.stallMs ?? 4_000;
    this.o = {
      cameraId: opts.cameraId,
      kind: opts.kind,
      ffmpegPath: opts.ffmpegPath,
      spawn: this.spawnFn,
      clock: this.clock,
      timers: this.timers,
      stallMs,
      firstDataMs: opts.firstDataMs ?? Math.max(stallMs, 10_000),
      tickMs: opts.tickMs ?? 500,
      offlineAfter: opts.offlineAfter ?? 3,
      backoff: opts.backoff ?? DEFAULT_BACKOFF,
      unauthorisedRetryMs: opts.unauthorisedRetryMs ?? 60_000,
      stableMs: opts.stableMs ?? 30_000,
      unstableWindowMs: opts.unstableWindowMs ?? 60_000,
      gapMs: opts.gapMs ?? 1_500,
      unstableGaps: opts.unstableGaps ?? 3,
      forceTranscode: opts.forceTranscode ?? false,
      prebufferSeconds: opts.prebufferSeconds ?? 30,
      prebufferMaxBytes: opts.prebufferMaxBytes ?? 48 * 1024 * 1024,
      rtspTimeoutMs: opts.rtspTimeoutMs ?? 5_000,
      rotateAfterMs: opts.rotateAfterMs ?? 6 * 3600_000,
    };
    this.transcoding = this.o.forceTranscode;
    if (this.transcoding) this.transcodeReason = 'forced';
    this.defaultViewer = opts.defaultViewer ?? {};
    this.since = this.clock.now();
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────

  start(): void {
    if (this.running) return;
    this.running = true;
    this.failures = 0;
    this.setHealth('connecting', 'starting');
    this.launch();
    this.scheduleTick();
  }

  /** Stops ffmpeg and the timers; viewers stay attached (a later start() feeds them again). */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.killChild();
    this.timers.clearTimeout(this.restartTimer);
    this.timers.clearTimeout(this.tickTimer);
    this.restartTimer = null;
    this.tickTimer = null;
    this.state = 'stopped';
    this.reason = 'stopped';
    this.since = this.clock.now();
  }

  /** Restart now (new credentials, or an operator's request); resets the backoff. */
  restart(reason = 'restart requested'): void {
    if (!this.running) return this.start();
    this.killChild();
    this.timers.clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.failures = 0;
    this.pendingDiscontinuity = true;
    this.setHealth('connecting', reason);
    this.launch();
  }

  get isRunning(): boolean {
    return this.running;
  }

  health(): { state: HealthState; reason: string; since: number } {
    return { state: this.state, reason: this.reason, since: this.since };
  }

  get initSegment(): InitSegment | null {
    return this.init;
  }

  private log(msg: string): void {
    try {
      this.opts.log?.(redact(`[video ${this.cameraId}/${this.kind}] ${msg}`, { secrets: this.secrets }));
    } catch {
      /* a logger never breaks a stream */
    }
  }

  private setHealth(to: HealthState, why: string): void {
    const reason = redact(why, { secrets: this.secrets });
    const from = this.state;
    this.reason = reason;
    if (from === to) return;
    this.state = to;
    this.since = this.clock.now();
    this.log(`${from} → ${to}: ${reason}`);
    try {
      this.opts.onHealth?.({ cameraId: this.cameraId, kind: this.kind, from, to, reason, at: this.since });
    } catch (err) {
      this.log(`onHealth failed: ${String(err)}`);
    }
  }

  private launch(): void {
    const gen = ++this.gen;
    let source: StreamSource | Promise<StreamSource>;
    try {
      source = typeof this.opts.source === 'function' ? this.opts.source() : this.opts.source;
    } catch (err) {
      this.spawnedAt = this.clock.now();
      return this.fail(gen, `source unavailable: ${String((err as Error).message ?? err)}`);
    }
    if (source instanceof Promise) {
      this.spawnedAt = this.clock.now();
      source.then(
        (s) => {
          if (gen === this.gen && this.running) this.spawnChild(gen, s);
        },
        (err: unknown) => this.fail(gen, `source unavailable: ${String((err as Error)?.message ?? err)}`),
      );
    } else {
      this.spawnChild(gen, source);
    }
  }

  private spawnChild(gen: number, source: StreamSource): void {
    this.secrets = 'url' in source ? secretsOf(source.url) : [];
    let cmd: ReturnType<typeof ffmpegCommand>;
    try {
      cmd = ffmpegCommand(source, { transcode: this.transcoding, timeoutMs: this.o.rtspTimeoutMs });
    } catch (err) {
      this.spawnedAt = this.clock.now();
      return this.fail(gen, `bad source: ${(err as Error).message}`);
    }
    this.parser = new Fmp4Parser();
    this.spawnedAt = this.clock.now();
    this.runStartedAt = null;
    this.lastFragmentAt = null;
    this.authFailed = false;
    this.stderrTail = [];
    this.spawns += 1;
    this.log(`spawn ${this.transcoding ? 'transcode' : 'copy'} ${describeSource(source)}`);
    let child: ChildLike;
    try {
      child = this.spawnFn(this.o.ffmpegPath, cmd.args, { fd3: cmd.fd3 });
    } catch (err) {
      return this.fail(gen, `cannot start ffmpeg: ${(err as Error).message}`);
    }
    this.child = child;
    this.childSince = this.clock.now();
    this.cpu = { at: this.clock.now(), seconds: null, percent: null, pid: child.pid ?? 0 };
    child.on('error', (err: Error) => this.onChildEnd(gen, `cannot start ffmpeg: ${err.message}`));
    child.on('exit', (code: number | null, signal: string | null) =>
      this.onChildEnd(gen, `ffmpeg exited (${signal ?? `code ${code}`})`),
    );
    child.stdin?.on('error', () => {});
    child.stdin?.end();
    child.stdout?.on('data', (chunk: Buffer) => this.onData(gen, chunk));
    this.watchStderr(child, () => gen === this.gen);
  }

  /** Keeps the last lines of ffmpeg's stderr (redacted) for health reasons; notices 401s. */
  private watchStderr(child: ChildLike, current: () => boolean): void {
    child.stderr?.setEncoding('utf8');
    let partial = '';
    child.stderr?.on('data', (text: string) => {
      if (!current()) return;
      partial += text;
      const lines = partial.split(/\r?\n|\r/);
      partial = lines.pop() ?? '';
      if (partial.length > 2_000) partial = partial.slice(-2_000);
      for (const raw of lines) {
        const line = redact(raw.trim(), { secrets: this.secrets }).slice(0, 300);
        if (!line) continue;
        if (AUTH_RE.test(line)) this.authFailed = true;
        if (NOISE_RE.test(line)) continue; // timestamp warnings make poor reasons
        this.stderrTail.push(line);
        if (this.stderrTail.length > 20) this.stderrTail.shift();
      }
    });
  }

  private killChild(): void {
    this.abortRotation();
    this.gen += 1; // whatever the old child still says is ignored
    const child = this.child;
    this.child = null;
    this.parser = null;
    if (child) {
      try {
        child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }

  private onChildEnd(gen: number, detail: string): void {
    if (gen !== this.gen || !this.running) return;
    const last = this.stderrTail[this.stderrTail.length - 1];
    this.fail(gen, last ? `${detail}: ${last}` : detail);
  }

  private fail(gen: number, reason: string): void {
    if (gen !== this.gen || !this.running) return;
    const unauthorised = this.authFailed;
    this.killChild();
    const now = this.clock.now();
    this.failures += 1;
    this.restarts += 1;
    this.failureTimes.push(now);
    let delay: number;
    if (unauthorised) {
      delay = this.o.unauthorisedRetryMs;
      this.setHealth('unauthorised', `camera refused the credentials (${reason})`);
    } else {
      delay = backoffDelay(this.failures, this.o.backoff);
      this.setHealth(this.failures >= this.o.offlineAfter ? 'offline' : 'no_signal', reason);
    }
    this.pendingDiscontinuity = true;
    this.timers.clearTimeout(this.restartTimer);
    this.restartTimer = this.timers.setTimeout(() => {
      this.restartTimer = null;
      if (this.running) this.launch();
    }, delay);
  }

  // ── data ─────────────────────────────────────────────────────────────────────────────────

  private onData(gen: number, chunk: Buffer): void {
    if (gen !== this.gen || !this.parser) return;
    let events;
    try {
      events = this.parser.push(chunk);
    } catch (err) {
      return this.fail(gen, `unreadable stream: ${(err as Error).message}`);
    }
    for (const ev of events) {
      if (gen !== this.gen) return;
      if (ev.type === 'init') this.onInit(gen, ev.init);
      else this.onFragment(ev.fragment);
    }
  }

  private onInit(_gen: number, init: InitSegment): void {
    if (!this.transcoding && !this.canDecode(init)) {
      this.transcoding = true;
      this.transcodeReason = `${init.codec} cannot be decoded by the viewers`;
      this.log(`switching to transcode: ${this.transcodeReason}`);
      this.killChild();
      this.launch();
      return;
    }
    const same = this.init !== null && this.init.data.equals(init.data);
    if (!same) this.gops = [];
    this.init = init;
    const packet: VideoPacket = {
      type: 'init',
      data: init.data,
      codec: init.codec,
      width: init.width,
      height: init.height,
      transcoding: this.transcoding,
    };
    for (const v of this.viewers.values()) {
      // A new ffmpeg run: timestamps restart, so the viewer starts over from this init.
      v.queue = [packet];
      v.queuedBytes = packet.data.length;
      v.needKeyframe = true;
      this.pump(v);
    }
  }

  private onFragment(f: MediaFragment): void {
    const now = this.clock.now();
    if (this.lastFragmentAt !== null && now - this.lastFragmentAt > this.o.gapMs) this.gapTimes.push(now);
    this.lastFragmentAt = now;
    this.fragments += 1;
    this.bytes += f.data.length;
    if (this.runStartedAt === null) {
      this.runStartedAt = now;
      if (this.firstFragmentMs === null) this.firstFragmentMs = now - this.spawnedAt;
      this.refreshStreamingHealth(true);
    }
    this.store(f);
    const discontinuity = this.pendingDiscontinuity && f.keyframe;
    if (discontinuity) this.pendingDiscontinuity = false;
    for (const v of this.viewers.values()) this.offer(v, f, discontinuity);
  }

  private store(f: MediaFragment): void {
    if (f.keyframe) {
      this.gops.push({ fragments: [], bytes: 0, duration: 0, samples: 0, discontinuity: this.pendingDiscontinuity });
    }
    const gop = this.gops[this.gops.length - 1];
    if (!gop) return; // no keyframe yet in this run
    gop.fragments.push(f);
    gop.bytes += f.data.length;
    gop.duration += f.duration;
    gop.samples += f.samples;
    const ts = this.init?.timescale ?? 90_000;
    const keep = this.o.prebufferSeconds * ts;
    let total = 0;
    let bytes = 0;
    for (const g of this.gops) {
      total += g.duration;
      bytes += g.bytes;
    }
    while (this.gops.length > 1) {
      const first = this.gops[0]!;
      if (total - first.duration >= keep || bytes > this.o.prebufferMaxBytes) {
        this.gops.shift();
        total -= first.duration;
        bytes -= first.bytes;
      } else break;
    }
  }

  // ── viewers ──────────────────────────────────────────────────────────────────────────────

  attach(onData: ViewerCallback, opts: ViewerOptions = {}): Viewer {
    const o = { ...this.defaultViewer, ...opts };
    const v: ViewerState = {
      id: this.nextViewerId++,
      onData,
      maxBytes: o.maxQueueBytes ?? 8 * 1024 * 1024,
      maxFragments: o.maxQueueFragments ?? 150,
      queue: [],
      queuedBytes: 0,
      busy: false,
      needKeyframe: true,
      overflowed: false,
      drops: 0,
      delivered: 0,
      closed: false,
    };
    this.viewers.set(v.id, v);
    if (this.init) {
      v.queue.push({
        type: 'init',
        data: this.init.data,
        codec: this.init.codec,
        width: this.init.width,
        height: this.init.height,
        transcoding: this.transcoding,
      });
      v.queuedBytes += this.init.data.length;
      const gop = this.gops[this.gops.length - 1];
      if ((o.start ?? 'latest') === 'latest' && gop && this.runStartedAt !== null) {
        for (const f of gop.fragments) this.offer(v, f, false, false);
      }
    }
    this.pump(v);
    return {
      id: v.id,
      detach: () => this.detach(v.id),
      stats: () => ({ id: v.id, queuedFragments: v.queue.length, queuedBytes: v.queuedBytes, delivered: v.delivered, drops: v.drops }),
    };
  }

  detach(id: number): void {
    const v = this.viewers.get(id);
    if (!v) return;
    v.closed = true;
    v.queue = [];
    v.queuedBytes = 0;
    this.viewers.delete(id);
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  private offer(v: ViewerState, f: MediaFragment, discontinuity: boolean, pump = true): void {
    if (v.closed) return;
    if (v.needKeyframe && !f.keyframe) {
      if (v.overflowed) {
        v.drops += 1;
        this.totalDrops += 1;
      }
      return;
    }
    const fits = v.queue.length === 0 || (v.queue.length < v.maxFragments && v.queuedBytes + f.data.length <= v.maxBytes);
    if (!fits) {
      v.drops += 1;
      this.totalDrops += 1;
      v.needKeyframe = true;
      v.overflowed = true;
      return;
    }
    v.queue.push({
      type: 'fragment',
      data: f.data,
      keyframe: f.keyframe,
      decodeTime: f.decodeTime,
      duration: f.duration,
      timescale: this.init?.timescale ?? 90_000,
      discontinuity: discontinuity || (v.needKeyframe && v.overflowed),
    });
    v.queuedBytes += f.data.length;
    v.needKeyframe = false;
    v.overflowed = false;
    if (pump) this.pump(v);
  }

  private pump(v: ViewerState): void {
    while (!v.busy && !v.closed && v.queue.length > 0) {
      const p = v.queue.shift()!;
      v.queuedBytes -= p.data.length;
      let r: void | Promise<void>;
      try {
        r = v.onData(p);
      } catch (err) {
        this.log(`viewer ${v.id} failed, detached: ${String(err)}`);
        this.detach(v.id);
        return;
      }
      v.delivered += 1;
      if (r && typeof (r as Promise<void>).then === 'function') {
        v.busy = true;
        (r as Promise<void>).then(
          () => {
            v.busy = false;
            this.pump(v);
          },
          (err: unknown) => {
            v.busy = false;
            this.log(`viewer ${v.id} failed, detached: ${String(err)}`);
            this.detach(v.id);
          },
        );
      }
    }
  }

  // ── supervision ──────────────────────────────────────────────────────────────────────────

  private scheduleTick(): void {
    this.tickTimer = this.timers.setTimeout(() => {
      this.tickTimer = null;
      if (!this.running) return;
      try {
        this.tick();
      } catch (err) {
        this.log(`tick failed: ${String(err)}`);
      }
      if (this.running) this.scheduleTick();
    }, this.o.tickMs);
  }

  private tick(): void {
    const now = this.clock.now();
    const window = now - this.o.unstableWindowMs;
    this.failureTimes = this.failureTimes.filter((t) => t > window);
    this.gapTimes = this.gapTimes.filter((t) => t > window);
    this.sampleRates(now);
    if (!this.child) return;
    if (this.runStartedAt === null) {
      if (now - this.spawnedAt > this.o.firstDataMs) {
        this.fail(this.gen, `no video within ${Math.round(this.o.firstDataMs / 1000)} s of connecting`);
      }
      return;
    }
    const silent = now - (this.lastFragmentAt ?? this.runStartedAt);
    if (silent > this.o.stallMs) {
      this.fail(this.gen, `stalled: no video for ${(silent / 1000).toFixed(1)} s`);
      return;
    }
    if (now - this.runStartedAt >= this.o.stableMs) this.failures = 0;
    this.refreshStreamingHealth(false);
    if (this.o.rotateAfterMs > 0 && !this.rotation && now - this.childSince >= this.o.rotateAfterMs) this.startRotation();
  }

  // ── rotation (make-before-break) ────────────────────────────────────────────────────────────

  /**
   * Starts a standby ffmpeg beside the running one. Its output is parsed but held back until it
   * has an init segment and a keyframe; then it takes over (the old one is killed) and viewers
   * continue from that keyframe, marked as a discontinuity — the same path as a restart, without
   * the gap, the health change or the failure count. A standby that fails is dropped and tried
   * again later; the running ffmpeg is never disturbed by it.
   */
  private startRotation(): void {
    const rot: Rotation = { child: null, parser: new Fmp4Parser(), held: [], gen: null, timer: null };
    this.rotation = rot;
    // retry a failed standby after a while, not on every tick
    this.childSince = this.clock.now() - this.o.rotateAfterMs + Math.min(this.o.rotateAfterMs, 60_000);
    const spawn = (source: StreamSource) => {
      if (this.rotation !== rot || !this.running) return;
      let child: ChildLike;
      try {
        this.secrets = [...new Set([...this.secrets, ...('url' in source ? secretsOf(source.url) : [])])];
        const cmd = ffmpegCommand(source, { transcode: this.transcoding, timeoutMs: this.o.rtspTimeoutMs });
        child = this.spawnFn(this.o.ffmpegPath, cmd.args, { fd3: cmd.fd3 });
      } catch (err) {
        return this.abortRotation(`cannot start ffmpeg: ${(err as Error).message}`);
      }
      rot.child = child;
      this.spawns += 1;
      this.log(`rotation: standby ffmpeg started (pid ${child.pid ?? '?'})`);
      child.on('error', (err: Error) => (rot.gen !== null ? this.onChildEnd(rot.gen, `cannot start ffmpeg: ${err.message}`) : this.abortRotation(err.message, rot)));
      child.on('exit', (code: number | null, signal: string | null) => {
        const detail = `ffmpeg exited (${signal ?? `code ${code}`})`;
        if (rot.gen !== null) this.onChildEnd(rot.gen, detail);
        else this.abortRotation(`standby ${detail}`, rot);
      });
      child.stdin?.on('error', () => {});
      child.stdin?.end();
      this.watchStderr(child, () => rot.gen !== null && rot.gen === this.gen);
      child.stdout?.on('data', (chunk: Buffer) => {
        if (rot.gen !== null) return this.onData(rot.gen, chunk);
        if (this.rotation !== rot) return;
        try {
          rot.held.push(...rot.parser.push(chunk));
        } catch (err) {
          return this.abortRotation(`standby unreadable: ${(err as Error).message}`, rot);
        }
        const init = rot.held.findIndex((e) => e.type === 'init');
        if (init >= 0 && rot.held.some((e, i) => i > init && e.type === 'fragment' && e.fragment.keyframe)) this.promote(rot);
      });
      rot.timer = this.timers.setTimeout(() => this.abortRotation('standby gave no keyframe in time', rot), this.o.firstDataMs);
    };
    let source: StreamSource | Promise<StreamSource>;
    try {
      source = typeof this.opts.source === 'function' ? this.opts.source() : this.opts.source;
    } catch (err) {
      return this.abortRotation(`source unavailable: ${String((err as Error).message ?? err)}`, rot);
    }
    if (source instanceof Promise) source.then(spawn, (err: unknown) => this.abortRotation(`source unavailable: ${String(err)}`, rot));
    else spawn(source);
  }

  /** The standby takes over: the old ffmpeg goes, the held output plays on as a new run. */
  private promote(rot: Rotation): void {
    this.timers.clearTimeout(rot.timer);
    this.rotation = null;
    this.killChild(); // the old one (gen moves on, so its last words are ignored)
    const gen = this.gen;
    rot.gen = gen;
    this.child = rot.child;
    this.parser = rot.parser;
    this.childSince = this.clock.now();
    this.cpu = { at: this.clock.now(), seconds: null, percent: null, pid: rot.child?.pid ?? 0 };
    this.rotations += 1;
    this.pendingDiscontinuity = true;
    this.log(`rotation: standby took over (pid ${rot.child?.pid ?? '?'})`);
    const held = rot.held;
    rot.held = [];
    // from the init on: it resets every viewer to start over at the keyframe that follows
    for (const ev of held.slice(held.findIndex((e) => e.type === 'init'))) {
      if (gen !== this.gen) return;
      if (ev.type === 'init') this.onInit(gen, ev.init);
      else this.onFragment(ev.fragment);
    }
  }

  private abortRotation(why?: string, only?: Rotation): void {
    const rot = this.rotation;
    if (!rot || (only && rot !== only)) return;
    this.rotation = null;
    this.timers.clearTimeout(rot.timer);
    if (why) this.log(`rotation: ${why}; keeping the running ffmpeg`);
    try {
      rot.child?.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }

  private refreshStreamingHealth(first: boolean): void {
    const restarts = this.failureTimes.length;
    const gaps = this.gapTimes.length;
    if (restarts > 0 || gaps >= this.o.unstableGaps) {
      const why = [restarts > 0 ? `${restarts} restart(s)` : '', gaps >= this.o.unstableGaps ? `${gaps} gaps` : ''].filter(Boolean).join(', ');
      if (this.state !== 'unstable') this.setHealth('unstable', `streaming; ${why} in the last ${Math.round(this.o.unstableWindowMs / 1000)} s`);
    } else if (this.state !== 'online') {
      this.setHealth('online', first ? 'streaming' : 'stable again');
    }
  }

  private sampleRates(now: number): void {
    const dt = now - this.rate.at;
    if (dt >= 1_000) {
      if (this.rate.at > 0) {
        this.rate.fps = ((this.fragments - this.rate.fragments) * 1000) / dt;
        this.rate.bps = ((this.bytes - this.rate.bytes) * 1000) / dt;
      }
      this.rate.at = now;
      this.rate.fragments = this.fragments;
      this.rate.bytes = this.bytes;
    }
    const pid = this.child?.pid;
    if (!pid) {
      this.cpu.percent = null;
      return;
    }
    if (now - this.cpu.at >= 2_000 || this.cpu.seconds === null) {
      const s = this.cpuSeconds(pid);
      if (s !== null && this.cpu.seconds !== null && this.cpu.pid === pid && now > this.cpu.at) {
        // CPU seconds per wall second, as % of one core, to 0.1
        this.cpu.percent = Math.round(((s - this.cpu.seconds) * 1_000_000) / (now - this.cpu.at)) / 10;
      }
      this.cpu = { ...this.cpu, at: now, seconds: s, pid };
    }
  }

  stats(): StreamStats {
    let bufSamples = 0;
    let bufBytes = 0;
    for (const g of this.gops) {
      bufSamples += g.duration;
      bufBytes += g.bytes;
    }
    return {
      cameraId: this.cameraId,
      kind: this.kind,
      health: this.state,
      reason: this.reason,
      since: this.since,
      viewers: this.viewers.size,
      fps: Math.round(this.rate.fps * 10) / 10,
      bytesPerSec: Math.round(this.rate.bps),
      drops: this.totalDrops,
      restarts: this.restarts,
      rotations: this.rotations,
      spawns: this.spawns,
      transcoding: this.transcoding,
      transcodeReason: this.transcodeReason,
      cpuPercent: this.child ? this.cpu.percent : null,
      pid: this.child?.pid ?? null,
      codec: this.init?.codec ?? null,
      width: this.init?.width ?? null,
      height: this.init?.height ?? null,
      prebufferSeconds: this.init ? bufSamples / this.init.timescale : 0,
      prebufferBytes: bufBytes,
      firstFragmentMs: this.firstFragmentMs,
    };
  }

  // ── clip and snapshot ────────────────────────────────────────────────────────────────────

  /**
   * The last `seconds` of the pre-buffer (whole GOPs, so from a keyframe) as a standalone MP4 on
   * a timeline starting at 0, with the duration it really covers (may be more than asked, by up
   * to a GOP, or less when the buffer holds less).
   */
  clip(seconds: number): { data: Buffer; seconds: number } {
    const init = this.init;
    if (!init || this.gops.length === 0) {
      throw new AppError('video_unavailable', `no video buffered for camera ${this.cameraId}`, { params: { camera: this.cameraId } });
    }
    const want = seconds * init.timescale;
    const picked: Gop[] = [];
    let total = 0;
    for (let i = this.gops.length - 1; i >= 0 && total < want; i--) {
      picked.unshift(this.gops[i]!);
      total += this.gops[i]!.duration;
    }
    return { data: this.assemble(init, picked.flatMap((g) => g.fragments)), seconds: total / init.timescale };
  }

  private assemble(init: InitSegment, fragments: MediaFragment[]): Buffer {
    const parts: Buffer[] = [init.data];
    let t = 0;
    for (const f of fragments) {
      parts.push(withDecodeTime(f, t));
      t += f.duration;
    }
    return Buffer.concat(parts);
  }

  /**
   * The current frame at the stream's full resolution as a PNG: the latest GOP is decoded by a
   * one-shot ffmpeg and its last frame kept (the keyframe if that fails).
   */
  async snapshot(opts: { timeoutMs?: number } = {}): Promise<{ data: Buffer; mime: 'image/png'; width: number; height: number; at: number }> {
    const init = this.init;
    const gop = this.gops[this.gops.length - 1];
    if (!init || !gop) {
      throw new AppError('video_unavailable', `no video yet for camera ${this.cameraId}`, { params: { camera: this.cameraId } });
    }
    const at = this.lastFragmentAt ?? this.clock.now();
    const input = this.assemble(init, gop.fragments);
    let png = await this.decodeFrame(input, gop.samples - 1, opts.timeoutMs ?? 10_000).catch(() => Buffer.alloc(0));
    if (png.length === 0) png = await this.decodeFrame(this.assemble(init, gop.fragments.slice(0, 1)), 0, opts.timeoutMs ?? 10_000);
    if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47) {
      throw new AppError('video_unavailable', `could not decode a frame for camera ${this.cameraId}`, { params: { camera: this.cameraId } });
    }
    return { data: png, mime: 'image/png', width: png.readUInt32BE(16), height: png.readUInt32BE(20), at };
  }

  private decodeFrame(input: Buffer, frame: number, timeoutMs: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      let child: ChildLike;
      try {
        child = this.spawnFn(this.o.ffmpegPath, snapshotArgs(Math.max(0, frame)));
      } catch (err) {
        reject(err as Error);
        return;
      }
      const out: Buffer[] = [];
      let err = '';
      const timer = this.timers.setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.stdout?.on('data', (c: Buffer) => out.push(c));
      child.stderr?.on('data', (c: Buffer) => {
        if (err.length < 2_000) err += c.toString();
      });
      child.on('error', (e: Error) => {
        this.timers.clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code: number | null) => {
        this.timers.clearTimeout(timer);
        if (code === 0) resolve(Buffer.concat(out));
        else reject(new Error(`ffmpeg snapshot failed (${code}): ${err.trim().slice(0, 300)}`));
      });
      child.stdin?.on('error', () => {});
      child.stdin?.end(input);
    });
  }
}
