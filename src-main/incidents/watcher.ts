/**
 * Watches the clocks of the incident workflow: every tick it raises the escalations that came
 * due (IncidentService.escalateDue) and compares how far the wall clock moved with how far the
 * monotonic clock moved; a difference beyond the threshold is journaled as 'clock.jumped'. At
 * start-up it runs once at once — a restart after hours offline raises the missing escalations
 * in order — and a wall clock earlier than the newest recorded event counts as a backward jump.
 */
import type { Clock } from '../journal/clock';
import type { IncidentService } from './service';

export interface WatcherOptions {
  /** Tick interval (default 5 s). */
  intervalMs?: number;
  /** Wall vs monotonic difference that counts as a jump (default 60 s). */
  jumpThresholdMs?: number;
  /** Injected timer (tests drive ticks by hand). */
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  /** Only run when the station is set up (no events before that). */
  active?: () => boolean;
  log?: (m: string) => void;
}

export class IncidentWatcher {
  private handle: unknown = null;
  private last: { wall: number; mono: number } | null = null;
  private readonly intervalMs: number;
  private readonly threshold: number;

  constructor(
    private readonly service: IncidentService,
    private readonly clock: Clock,
    private readonly opts: WatcherOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 5_000;
    this.threshold = opts.jumpThresholdMs ?? 60_000;
  }

  get running(): boolean {
    return this.handle !== null;
  }

  /** Checks the clock against the journal, catches up on escalations, then ticks on a timer. */
  start(): void {
    if (this.handle !== null) return;
    this.startupCheck();
    this.tick();
    const set = this.opts.setInterval ?? ((fn: () => void, ms: number) => {
      const h = setInterval(fn, ms);
      h.unref();
      return h;
    });
    this.handle = set(() => this.tick(), this.intervalMs);
  }

  stop(): void {
    if (this.handle === null) return;
    const clear = this.opts.clearInterval ?? ((h: unknown) => clearInterval(h as NodeJS.Timeout));
    clear(this.handle);
    this.handle = null;
    this.last = null;
  }

  private active(): boolean {
    return this.opts.active ? this.opts.active() : true;
  }

  /** A wall clock earlier than the newest recorded event: it was set back while we were away. */
  startupCheck(): void {
    if (!this.active()) return;
    const last = this.service.lastRecordedAt();
    const now = this.clock.now();
    if (last !== null && now < last - this.threshold) this.service.recordClockJump({ from: last, to: now, deltaMs: now - last });
  }

  /** One round: detect a jump since the last tick, then raise due escalations. Never throws. */
  tick(): void {
    try {
      if (!this.active()) return;
      const wall = this.clock.now();
      const mono = this.clock.monotonic?.();
      if (mono !== undefined) {
        if (this.last) {
          const dMono = mono - this.last.mono;
          const delta = wall - this.last.wall - dMono;
          if (Math.abs(delta) > this.threshold) this.service.recordClockJump({ from: Math.round(this.last.wall + dMono), to: Math.round(wall), deltaMs: Math.round(delta) }); // performance.now() is fractional; the record is whole ms
        }
        this.last = { wall, mono };
      }
      this.service.escalateDue();
    } catch (e) {
      (this.opts.log ?? ((m: string) => console.error(m)))(`[incidents watcher] ${(e as Error).stack ?? String(e)}`);
    }
  }
}
