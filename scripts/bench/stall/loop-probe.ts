/**
 * bench:stall — the probe both measured processes carry: perf_hooks.monitorEventLoopDelay on
 * this process's own event loop, started and read over node's IPC channel by the orchestrator
 * (scripts/bench/stall.ts): `{kind:'measure-start'}` → reset + enable; `{kind:'measure-stop'}` →
 * `{kind:'stall', samples, p50Ms, p99Ms, maxMs, meanMs}` — each the delay beyond the sampling
 * interval (the histogram's value minus the resolution).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface StallStats {
  kind: 'stall';
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

export function installLoopProbe(resolutionMs: number): (msg: unknown) => boolean {
  const h = monitorEventLoopDelay({ resolution: resolutionMs });
  // Node's histogram records the whole interval between two samples, the resolution included
  // (an idle loop at resolution 20 gives p50 ≈ 20.1 ms): the stall is what exceeds it
  const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - resolutionMs) * 100) / 100);
  return (msg) => {
    const kind = (msg as { kind?: unknown } | null)?.kind;
    if (kind === 'measure-start') {
      h.reset();
      h.enable();
      return true;
    }
    if (kind === 'measure-stop') {
      h.disable();
      const stats: StallStats = { kind: 'stall', samples: h.count, p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max), meanMs: ms(h.mean) };
      process.send?.(stats);
      return true;
    }
    return false;
  };
}
