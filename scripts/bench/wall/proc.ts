/**
 * CPU time and RSS of process trees from /proc (Linux), for bench:wall. A tree's CPU is the sum
 * of utime+stime+cutime+cstime over the root and all its live descendants: a descendant that
 * exits (an ffmpeg restart) moves its time into its parent's cutime/cstime, so the total over a
 * window stays right as long as the root lives.
 */
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';

export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
const PAGE = (() => {
  try {
    return Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()) || 4096;
  } catch {
    return 4096;
  }
})();

export interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  /** utime+stime+cutime+cstime, seconds */
  cpuS: number;
  rssBytes: number;
  /** proportional set size (shared pages split among their users), bytes; RSS if unreadable */
  pssBytes: number;
  /** --type=… of a Chromium process ('browser' when none), else '' */
  chromeType: string;
}

function readProc(pid: number): ProcInfo | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const f = stat.slice(close + 2).split(' ');
    // fields after "(comm) ": state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14) … rss(21)
    const ppid = Number(f[1]);
    const cpuS = (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLK_TCK;
    const rssBytes = Number(f[21]) * PAGE;
    let chromeType = '';
    if (/chrom/i.test(comm)) {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      chromeType = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
    }
    let pssBytes = rssBytes;
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) pssBytes = Number(m[1]) * 1024;
    } catch {
      /* not readable */
    }
    return { pid, ppid, comm, cpuS, rssBytes, pssBytes, chromeType };
  } catch {
    return null;
  }
}

/** utime and stime of one process (not its children), seconds. */
export function userSysSeconds(pid: number): [number, number] {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(f[11]) / CLK_TCK, Number(f[12]) / CLK_TCK];
}

export function allProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const p = readProc(Number(d));
    if (p) out.push(p);
  }
  return out;
}

/** The root and its live descendants. */
export function tree(root: number, procs = allProcs()): ProcInfo[] {
  const kids = new Map<number, ProcInfo[]>();
  for (const p of procs) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const me = procs.find((p) => p.pid === root);
  if (!me) return out;
  const stack = [me];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(kids.get(p.pid) ?? []));
  }
  return out;
}

export interface TreeSample {
  at: number;
  cpuS: number;
  rssBytes: number;
  pssBytes: number;
  procs: number;
  /** per comm (or Chromium --type) CPU seconds, RSS and PSS */
  byKind: Record<string, { cpuS: number; rssBytes: number; pssBytes: number; n: number }>;
}

export function sampleTree(root: number, procs = allProcs()): TreeSample {
  const t = tree(root, procs);
  const byKind: TreeSample['byKind'] = {};
  for (const p of t) {
    const k = p.chromeType || p.comm;
    const e = (byKind[k] ??= { cpuS: 0, rssBytes: 0, pssBytes: 0, n: 0 });
    e.cpuS += p.cpuS;
    e.rssBytes += p.rssBytes;
    e.pssBytes += p.pssBytes;
    e.n++;
  }
  return { at: Date.now(), cpuS: t.reduce((s, p) => s + p.cpuS, 0), rssBytes: t.reduce((s, p) => s + p.rssBytes, 0), pssBytes: t.reduce((s, p) => s + p.pssBytes, 0), procs: t.length, byKind };
}

/** CPU % of one core between two samples of the same tree, overall and per kind. */
/** RSS (MB) per comm / Chromium --type of a tree sample. */
export function rssByKind(s: TreeSample, field: 'rssBytes' | 'pssBytes' = 'rssBytes'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(s.byKind)) out[k] = Math.round((10 * v[field]) / 2 ** 20) / 10;
  return out;
}

export function cpuBetween(a: TreeSample, b: TreeSample): { pct: number; byKind: Record<string, number> } {
  const s = (b.at - a.at) / 1000;
  const byKind: Record<string, number> = {};
  for (const [k, v] of Object.entries(b.byKind)) byKind[k] = Math.round((1000 * (v.cpuS - (a.byKind[k]?.cpuS ?? 0))) / s) / 10;
  return { pct: (100 * (b.cpuS - a.cpuS)) / s, byKind };
}

/** Machine facts for the JSON. */
export function machineInfo(): Record<string, unknown> {
  let chromium = '';
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    /* none */
  }
  let ffmpeg = '';
  try {
    ffmpeg = execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
  } catch {
    /* none */
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    memMb: Math.round(os.totalmem() / 2 ** 20),
    kernel: os.release(),
    node: process.version,
    chromium,
    ffmpeg,
  };
}

/** Load and pressure-stall totals (as bench:logbook), to tell whether other work shared the machine. */
export function readPressure(): { loadavg: number[]; cpuSomeUs: number | null } {
  let cpuSomeUs: number | null = null;
  try {
    const m = /^some .*total=(\d+)/m.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'));
    cpuSomeUs = m ? Number(m[1]) : null;
  } catch {
    /* not available */
  }
  return { loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100), cpuSomeUs };
}

/** Busy share of all cores (from /proc/stat) between two reads: 1 = every core fully busy. */
export function readCpuTotals(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (line[3] ?? 0) + (line[4] ?? 0);
  const total = line.reduce((s, x) => s + x, 0);
  return { busy: total - idle, total };
}
