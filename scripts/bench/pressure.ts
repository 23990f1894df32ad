// Load and pressure-stall totals (Linux), to tell whether other work shared the machine during a
// benchmark run. Shared by the benchmarks.
import fs from 'node:fs';
import os from 'node:os';

export interface Pressure {
  loadavg: number[];
  cpuSomeUs: number | null;
  ioSomeUs: number | null;
  ioFullUs: number | null;
}

export function readPressure(): Pressure {
  const total = (file: string, kind: 'some' | 'full'): number | null => {
    try {
      const m = new RegExp(`^${kind} .*total=(\\d+)`, 'm').exec(fs.readFileSync(file, 'utf8'));
      return m ? Number(m[1]) : null;
    } catch {
      return null;
    }
  };
  return { loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100), cpuSomeUs: total('/proc/pressure/cpu', 'some'), ioSomeUs: total('/proc/pressure/io', 'some'), ioFullUs: total('/proc/pressure/io', 'full') };
}

/** Share of `seconds` in which some task waited (PSI "some"), from two readings; null without PSI. */
export function stallShare(a: number | null, b: number | null, seconds: number): number | null {
  return a === null || b === null ? null : Math.round(((b - a) / 1e6 / seconds) * 1000) / 1000;
}
