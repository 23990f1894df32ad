/**
 * Per-key limits of the LAN listener (docs/security.md, "The LAN listener"): a token bucket
 * per device for its calls, and a sliding count of sign-in attempts per device. Keys are
 * device ids (never addresses: a device keeps its limits whatever address it comes from, and
 * one device flooding does not touch another's bucket). Both forget idle keys so memory stays
 * bounded by the devices that are active.
 */

/** A token bucket per key: `rate` tokens a second, at most `burst` saved up. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `key`; false when its bucket is empty (the call is refused). */
  take(key: string): boolean {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size > 10_000) this.sweep(t);
      b = { tokens: this.burst, at: t };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.rate);
    b.at = t;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private sweep(t: number): void {
    for (const [k, b] of this.buckets) if (b.tokens + ((t - b.at) / 1000) * this.rate >= this.burst) this.buckets.delete(k);
  }
}

/** At most `max` events per key within `windowMs` (a sliding window of timestamps). */
export class SlidingCounter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Counts one event for `key`; false (and not counted) when the window is full. */
  take(key: string): boolean {
    const t = this.now();
    const list = (this.hits.get(key) ?? []).filter((x) => t - x < this.windowMs);
    if (list.length >= this.max) {
      this.hits.set(key, list);
      return false;
    }
    list.push(t);
    this.hits.set(key, list);
    if (this.hits.size > 10_000) for (const [k, l] of this.hits) if (l.every((x) => t - x >= this.windowMs)) this.hits.delete(k);
    return true;
  }
}
