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

/** A parsed HLC: wall-clock ms, counter within that ms, and the node that stamped it. */
export interface HlcParts {
  wall: number;
  counter: number;
  node: string;
}

/**
 * `wall(15 digits)-counter(5 digits)-node`: events stamped before node ids existed end in
 * `-local`, later ones in the installation's node id (journal/node-id.ts); both parse.
 */
const HLC_RE = /^(\d{15})-(\d{5})-([A-Za-z0-9_-]{1,16})$/;

export function parseHlc(s: string): HlcParts | null {
  const m = HLC_RE.exec(s);
  return m ? { wall: Number(m[1]), counter: Number(m[2]), node: m[3]! } : null;
}

export function formatHlc(p: HlcParts): string {
  return `${String(p.wall).padStart(15, '0')}-${String(p.counter).padStart(5, '0')}-${p.node}`;
}

/**
 * Hybrid logical clock: orders events even when the wall clock steps back. Encoded as a
 * fixed-width string so it sorts lexicographically: `wall(15)-counter(5)-node`
 * (docs/architecture.md, "The hybrid logical clock").
 */
export class Hlc {
  private wall = 0;
  private counter = 0;
  constructor(
    private readonly clock: Clock,
    private readonly node: string,
  ) {
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(node)) throw new Error(`invalid HLC node id ${JSON.stringify(node)}`);
  }
  /** Continue after the last stored HLC (so a restart never goes backwards), whatever node stamped it. */
  seed(last: string | null): void {
    if (!last) return;
    const p = parseHlc(last);
    if (p) {
      this.wall = p.wall;
      this.counter = p.counter;
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
    return formatHlc({ wall: this.wall, counter: this.counter, node: this.node });
  }
}
