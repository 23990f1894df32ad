/** Injected wall clock (tests pass a fake; production uses Date.now). */
export interface Clock {
  now(): number;
  /**
   * Monotonic milliseconds (never steps when the wall clock is changed); the incidents watcher
   * compares its progress with now()'s to detect a clock that jumped. Optional: without it only
   * the start-up check (wall clock earlier than the last recorded event) runs.
   */
  monotonic?(): number;
}
export const systemClock: Clock = { now: () => Date.now(), monotonic: () => performance.now() };

/**
 * Hybrid logical clock (design.md §4): orders events even when the wall clock steps back.
 * Encoded as a fixed-width string so it sorts lexicographically: `wall(15)-counter(5)-node`.
 */
export class Hlc {
  private wall = 0;
  private counter = 0;
  constructor(
    private readonly clock: Clock,
    private readonly node: string,
  ) {}
  /** Continue after the last stored HLC (so a restart never goes backwards). */
  seed(last: string | null): void {
    if (!last) return;
    const m = /^(\d{15})-(\d{5})-/.exec(last);
    if (m) {
      this.wall = Number(m[1]);
      this.counter = Number(m[2]);
    }
  }
  next(): string {
    const now = this.clock.now();
    if (now > this.wall) {
      this.wall = now;
      this.counter = 0;
    } else {
      this.counter += 1;
      if (this.counter > 99_999) {
        this.wall += 1;
        this.counter = 0;
      }
    }
    return `${String(this.wall).padStart(15, '0')}-${String(this.counter).padStart(5, '0')}-${this.node}`;
  }
}
