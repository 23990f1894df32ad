// bench:station's arguments and statistics (scripts/bench/station/stats.ts; docs/performance.md, "bench:station").
import { describe, expect, it } from 'vitest';
import { parseBenchArgs, percentile, procCpuTicks, procDescendants, procRssMb, pushLatencies, slowestWindowFps } from '../../scripts/bench/station/stats';

describe('bench:station arguments', () => {
  it('reads the options in both spellings and defaults the rest to the target run', () => {
    expect(parseBenchArgs(['--workstations', '3', '--walls=1', '--seconds', '20', '--json', 'out.json'])).toEqual({ workstations: 3, walls: 1, seconds: 20, json: 'out.json', port: 0 });
    expect(parseBenchArgs([])).toEqual({ workstations: 20, walls: 2, seconds: 120, json: null, port: 0 });
  });

  it('refuses unknown options, missing values and numbers out of range', () => {
    expect(() => parseBenchArgs(['--wall', '2'])).toThrow(/unknown option --wall/);
    expect(() => parseBenchArgs(['--seconds'])).toThrow(/needs a value/);
    expect(() => parseBenchArgs(['--workstations', '1'])).toThrow();
    expect(() => parseBenchArgs(['--seconds', 'abc'])).toThrow();
    expect(() => parseBenchArgs(['20'])).toThrow(/unexpected argument/);
  });
});

describe('bench:station statistics', () => {
  it('percentile by nearest rank, whatever the order of the samples', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100…1
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('push latency is until the LAST other workstation saw the seq; an append someone missed is counted', () => {
    const seen = new Map([
      [0, new Map([[10, 1_005], [11, 2_050]])],
      [1, new Map([[10, 1_020], [11, 2_010]])],
      [2, new Map([[10, 1_300]])], // never saw 11
    ]);
    const r = pushLatencies(
      [
        { seq: 10, from: 0, sentAt: 1_000 }, // seen by 1 at +20, by 2 at +300 → 300
        { seq: 11, from: 1, sentAt: 2_000 }, // 2 never saw it
      ],
      seen,
      [0, 1, 2],
    );
    expect(r).toEqual({ latencies: [300], missing: 1 });
  });

  it('a tile keeps its rate only if every full window does', () => {
    expect(slowestWindowFps([25, 25, 25, 25, 25, 24, 26, 25, 25, 25])).toBe(25);
    expect(slowestWindowFps([23, 27, 25, 25, 25])).toBe(25); // jitter within a window is not a drop
    expect(slowestWindowFps([25, 25, 25, 25, 25, 25, 0, 0, 25, 25])).toBe(15); // a 2 s stall is
    expect(slowestWindowFps([25, 25])).toBeNull(); // too short to judge
  });

  it('reads CPU ticks, RSS and children of a live process from /proc, null for a gone one', () => {
    expect(procCpuTicks(process.pid)).toBeGreaterThanOrEqual(0);
    expect(procRssMb(process.pid)).toBeGreaterThan(10);
    expect(Array.isArray(procDescendants(process.pid))).toBe(true);
    expect(procCpuTicks(2 ** 30)).toBeNull();
    expect(procRssMb(2 ** 30)).toBeNull();
    expect(procDescendants(2 ** 30)).toEqual([]);
  });
});
