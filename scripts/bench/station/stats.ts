/**
 * bench:station's pure helpers (docs/performance.md, "bench:station"): its arguments, the
 * percentiles, the push latency of each append, which video tiles kept their rate, and the
 * station's CPU and memory from /proc. Unit-tested in tests/unit/bench-station-stats.test.ts.
 */
import fs from 'node:fs';
import { z } from 'zod';

export const benchArgs = z.object({
  workstations: z.coerce.number().int().min(2).max(60).default(20),
  walls: z.coerce.number().int().min(0).max(8).default(2),
  seconds: z.coerce.number().int().min(10).max(3600).default(120),
  json: z.string().min(1).nullable().default(null),
  /** The LAN listener's port; 0: a free one. */
  port: z.coerce.number().int().min(0).max(65535).default(0),
});
export type BenchArgs = z.infer<typeof benchArgs>;

/** `--workstations 3 --walls 1 --seconds 20 --json out.json` → the checked arguments (throws on junk). */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument: ${a}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    raw[m[1]!] = value;
  }
  const known = Object.keys(benchArgs.shape);
  for (const k of Object.keys(raw)) if (!known.includes(k)) throw new Error(`unknown option --${k}`);
  return benchArgs.parse(raw);
}

/** The p-th percentile (0…100) by nearest rank; null for no samples. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/**
 * Push latency of each append: from the moment the call left its workstation to the moment the
 * LAST of the other workstations received the journal frame of that seq. An append some other
 * workstation never saw is `missing` (counted as an error by the bench).
 */
export function pushLatencies(
  appends: readonly { seq: number; from: number; sentAt: number }[],
  seen: ReadonlyMap<number, ReadonlyMap<number, number>>,
  workstations: readonly number[],
): { latencies: number[]; missing: number } {
  const latencies: number[] = [];
  let missing = 0;
  for (const a of appends) {
    let last = -Infinity;
    let complete = true;
    for (const w of workstations) {
      if (w === a.from) continue;
      const t = seen.get(w)?.get(a.seq);
      if (t === undefined) {
        complete = false;
        break;
      }
      last = Math.max(last, t);
    }
    if (!complete) missing++;
    else if (last > -Infinity) latencies.push(Math.max(0, last - a.sentAt));
  }
  return { latencies, missing };
}

/** Width of the windows a tile's frame rate is judged over. */
export const FPS_WINDOW_S = 5;

/**
 * Whether a tile kept `minFps` over the whole measured span: frames counted per second from the
 * start of the workload, judged over consecutive FPS_WINDOW_S windows (a one-second bucket of a
 * 25 fps stream reads 23 or 27 from delivery jitter alone); the slowest window's rate.
 */
export function slowestWindowFps(perSecond: readonly number[], window = FPS_WINDOW_S): number | null {
  if (perSecond.length < window) return null;
  let slowest = Infinity;
  for (let i = 0; i + window <= perSecond.length; i += window) {
    let n = 0;
    for (let j = i; j < i + window; j++) n += perSecond[j]!;
    slowest = Math.min(slowest, n / window);
  }
  return slowest;
}

/** utime + stime of a process in clock ticks (/proc/PID/stat), or null when it is gone. */
export function procCpuTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name may hold spaces and parentheses: fields start after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** The live descendants of a process (/proc/PID/task/TID/children), e.g. the station's ffmpeg. */
export function procDescendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let tids: string[] = [];
    try {
      tids = fs.readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const tid of tids) {
      let kids = '';
      try {
        kids = fs.readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const k of kids.split(' ').filter(Boolean).map(Number)) {
        if (!out.includes(k)) {
          out.push(k);
          walk(k);
        }
      }
    }
  };
  walk(pid);
  return out;
}

/** Resident memory of a process in MB (/proc/PID/status VmRSS), or null. */
export function procRssMb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Clock ticks per second for /proc/PID/stat (USER_HZ; 100 on Linux everywhere we run). */
export const CLOCK_TICKS = 100;
