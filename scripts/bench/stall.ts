/**
 * bench:stall — how long does the process that talks to the screens stall while the core works?
 * Two targets, one after the other, on copies of the same station:
 *
 *   serve  browser mode as `trucban serve` runs it (scripts/bench/stall/serve-child.ts): the
 *          core, its loopback server, watchers and job workers in one process; the bench talks
 *          to it as the renderer does (/ws calls, /video sockets).
 *   relay  a node process standing in for Electron's main (scripts/bench/stall/relay-child.ts):
 *          the relay with the core in a child process (the utility process's stand-in); calls
 *          go through the relay as ipc.ts forwards a window's; video goes, as in Electron,
 *          straight to the core's loopback server.
 *
 * While measuring, the core appends --appends entries (logbook:add, one after another), exports
 * --rows rows (logbook:exportJob as PDF, polled with jobs:get) and serves --streams live video
 * streams (simulated RTSP cameras, scripts/sim/cameras.py, one sub-stream viewer each).
 * perf_hooks.monitorEventLoopDelay (resolution --resolution ms) runs inside the measured
 * process; the table gives its p50 / p99 / max, with the appends' latency, the export's time
 * and the video received. Target (docs/performance.md, "Event-loop stalls"): p99 ≤ 20 ms.
 *
 *   npm run bench:stall -- [--streams 16] [--rows 10000] [--appends 1000] [--resolution 5]
 *                          [--only serve|relay] [--json FILE] [--keep]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { openCore } from '../../src-main/app/core';
import { startRtspSim } from '../../tests/helpers/rtsp-sim';
import type { RtspSim } from '../../tests/helpers/rtsp-sim';
import { readPressure, stallShare } from './pressure';
import type { StallStats } from './stall/loop-probe';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

type Target = 'serve' | 'relay';
interface Args {
  streams: number;
  rows: number;
  appends: number;
  resolution: number;
  only: Target | null;
  json: string;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { streams: 16, rows: 10_000, appends: 1_000, resolution: 5, only: null, json: '', keep: false };
  const int = (name: string, v: string | undefined, min: number, max: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} takes ${min} … ${max}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--streams') a.streams = int('streams', argv[++i], 0, 64);
    else if (k === '--rows') a.rows = int('rows', argv[++i], 1, 200_000);
    else if (k === '--appends') a.appends = int('appends', argv[++i], 1, 100_000);
    else if (k === '--resolution') a.resolution = int('resolution', argv[++i], 1, 100);
    else if (k === '--only') {
      if (v !== 'serve' && v !== 'relay') throw new Error('--only takes serve or relay');
      a.only = v;
      i++;
    } else if (k === '--json') {
      if (!v) throw new Error('--json needs a file');
      a.json = v;
      i++;
    } else if (k === '--keep') a.keep = true;
    else throw new Error(`unknown argument: ${k}`);
  }
  return a;
}

const ADMIN = { login: 'admin', password: 'bench-stall-password-1' };
const OFFICER = { login: 'officer', password: 'bench-stall-password-1' };
const EXPORT_RANGE = { from: '2026-11-01', to: '2026-11-28' };

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
type Call = (channel: string, input: unknown) => Promise<Reply>;

/** The station every target starts from: cameras of the simulator, --rows entries to export. */
async function prepare(dir: string, a: Args, sim: RtspSim | null): Promise<{ db: string; cameraIds: string[] }> {
  const db = path.join(dir, 'base.db');
  const core = openCore({ dbPath: db });
  try {
    await core.setupStation(
      { code: 'KV06', name: 'Chi cục Hải quan khu vực VI', kind: 'regional_with_cameras', place: 'Lạng Sơn', parentBody: 'CỤC HẢI QUAN' },
      { login: ADMIN.login, fullName: 'Quản trị', password: ADMIN.password },
    );
    await core.users.create({ login: OFFICER.login, fullName: 'Phạm Văn Đức', roles: ['surveillance_officer'], password: OFFICER.password }, 'admin');
    if (sim && a.streams > 0) {
      const csv = ['number,name,site_type,site_name,zone,unit_code,main_url,sub_url,username,password,map_note,neighbours,recognition']
        .concat(Array.from({ length: a.streams }, (_, i) => i + 1).map((n) => `${n},Cổng ${n},road_border_gate,Cửa khẩu quốc tế Hữu Nghị,entry_exit_lanes,15E1,${sim.url(n, 'main')},${sim.url(n, 'sub')},,,,,0`))
        .join('\n');
      core.cameras.importCsv(csv, 'admin');
    }
    // 28 days of entries, evenly spread: one export covers them all
    const from = Date.parse('2026-11-01T01:00:00Z');
    const step = Math.floor((27 * 86_400_000) / a.rows);
    for (let i = 0; i < a.rows; i++) core.logbook.add({ kind: 'work', text: `Kiểm tra camera cổng A, bãi container số ${i}: bình thường`, occurredAt: from + i * step }, 'admin');
    return { db, cameraIds: core.cameras.list().map((c) => c.id) };
  } finally {
    core.close();
  }
}

function copyStation(base: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(base + suffix)) fs.copyFileSync(base + suffix, to + suffix);
}

/** Forks a bench child under tsx with IPC; resolves with its `ready` message. */
function forkChild(script: string, cfg: unknown): { child: ChildProcess; ready: Promise<Record<string, unknown>> } {
  const child = fork(path.join(HERE, 'stall', script), [JSON.stringify(cfg)], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${script} not ready after 120 s`)), 120_000);
    child.on('message', (m: { kind?: string }) => {
      if (m.kind === 'ready') {
        clearTimeout(t);
        resolve(m as Record<string, unknown>);
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before ready`)));
  });
  return { child, ready };
}

/** The renderer's RPC socket (/ws) on a loopback server. */
async function rpcSocket(base: string, token: string, session: string): Promise<{ call: Call; close: () => void }> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws?session=${session}`, ['trucban.v1', `token.${token}`]);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let next = 1;
  const waiting = new Map<number, (r: Reply) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as { id?: number; reply?: Reply };
    if (typeof m.id === 'number' && m.reply) waiting.get(m.id)?.(m.reply);
    if (typeof m.id === 'number') waiting.delete(m.id);
  });
  return {
    call: (channel, input) =>
      new Promise<Reply>((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, channel, input }));
      }),
    close: () => ws.close(),
  };
}

/** Calls through the relay child, as ipc.ts forwards a window's. */
function relayCalls(child: ChildProcess): Call {
  let next = 1;
  const waiting = new Map<number, (r: Reply) => void>();
  child.on('message', (m: { kind?: string; id?: number; reply?: Reply }) => {
    if (m.kind === 'reply' && typeof m.id === 'number' && m.reply) {
      waiting.get(m.id)?.(m.reply);
      waiting.delete(m.id);
    }
  });
  return (channel, input) =>
    new Promise<Reply>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      child.send({ kind: 'call', id, channel, input });
    });
}

const must = async (r: Promise<Reply>, what: string): Promise<unknown> => {
  const x = await r;
  if (!x.ok) throw new Error(`${what}: ${x.error.code} ${x.error.message}`);
  return x.value;
};

interface Viewers {
  bytes: () => number[];
  close: () => void;
}

/** One sub-stream viewer per camera on /video; resolves once each got its first packet (or 30 s). */
async function openViewers(base: string, token: string, session: string, cameraIds: string[]): Promise<Viewers> {
  const counts = cameraIds.map(() => 0);
  const sockets = cameraIds.map((id, i) => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/video?camera=${id}&stream=sub&session=${session}`, ['trucban.video.v1', `token.${token}`]);
    ws.on('message', (d, binary) => {
      if (binary) counts[i]! += (d as Buffer).length;
    });
    ws.on('error', () => {});
    return ws;
  });
  const t0 = Date.now();
  while (counts.some((c) => c === 0) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 100));
  return { bytes: () => [...counts], close: () => sockets.forEach((s) => s.close()) };
}

function stallOf(child: ChildProcess): Promise<StallStats> {
  return new Promise((resolve) => {
    const on = (m: { kind?: string }) => {
      if (m.kind !== 'stall') return;
      child.off('message', on);
      resolve(m as StallStats);
    };
    child.on('message', on);
    child.send({ kind: 'measure-stop' });
  });
}

const pct = (xs: number[], f: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? s[Math.min(s.length - 1, Math.floor(f * s.length))]! : NaN;
};
const r2 = (x: number) => Math.round(x * 100) / 100;

async function runTarget(target: Target, dir: string, base: { db: string; cameraIds: string[] }, a: Args) {
  const db = path.join(dir, target, 'station.db');
  copyStation(base.db, db);
  const { child, ready } = forkChild(target === 'serve' ? 'serve-child.ts' : 'relay-child.ts', { db, resolutionMs: a.resolution });
  const closers: Array<() => void> = [];
  try {
    const hello = await ready;
    let call: Call;
    let loopback: string;
    let token: string;
    if (target === 'serve') {
      loopback = String(hello.url);
      token = String(hello.token);
      const rpc = await rpcSocket(loopback, token, 'benchstallcalls000000001');
      closers.push(rpc.close);
      call = rpc.call;
      await must(call('auth:login', ADMIN), 'sign-in');
    } else {
      call = relayCalls(child);
      await must(call('auth:login', ADMIN), 'sign-in');
      const ep = (await must(call('video:endpoint', {}), 'video:endpoint')) as { url: string; token: string };
      // ws://127.0.0.1:PORT/video → the server's base
      loopback = ep.url.replace(/^ws/, 'http').replace(/\/video$/, '');
      token = ep.token;
    }
    // the wall's session: its own socket on the core's loopback server, as a window's player
    const videoSession = 'benchstallvideo000000001';
    const vrpc = await rpcSocket(loopback, token, videoSession);
    closers.push(vrpc.close);
    await must(vrpc.call('auth:login', OFFICER), 'video sign-in');
    const viewers = await openViewers(loopback, token, videoSession, base.cameraIds);
    closers.push(viewers.close);
    const bytes0 = viewers.bytes();

    child.send({ kind: 'measure-start' });
    const t0 = performance.now();
    const appendMs: number[] = [];
    const appends = (async () => {
      for (let i = 0; i < a.appends; i++) {
        const s = performance.now();
        await must(call('logbook:add', { kind: 'work', text: `Tuần tra cổng B lần ${i}, không phát hiện bất thường` }), 'logbook:add');
        appendMs.push(performance.now() - s);
      }
      return performance.now() - t0;
    })();
    const exporting = (async () => {
      const job = (await must(call('logbook:exportJob', { ...EXPORT_RANGE, format: 'pdf' }), 'logbook:exportJob')) as { id: string };
      for (;;) {
        const j = (await must(call('jobs:get', { id: job.id }), 'jobs:get')) as { status: string; result?: { rows?: number; size?: number } };
        if (j.status === 'done' || j.status === 'failed') return { status: j.status, ms: performance.now() - t0, rows: j.result?.rows ?? null, size: j.result?.size ?? null };
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const [appendsMs, exp] = await Promise.all([appends, exporting]);
    const windowS = (performance.now() - t0) / 1000;
    const stall = await stallOf(child);
    const bytes1 = viewers.bytes();
    const kbps = bytes1.map((b, i) => ((b - bytes0[i]!) * 8) / 1000 / windowS);
    return {
      target,
      stallP50Ms: stall.p50Ms,
      stallP99Ms: stall.p99Ms,
      stallMaxMs: stall.maxMs,
      stallMeanMs: stall.meanMs,
      samples: stall.samples,
      windowS: r2(windowS),
      appends: appendMs.length,
      appendsMs: Math.round(appendsMs),
      appendP50Ms: r2(pct(appendMs, 0.5)),
      appendP99Ms: r2(pct(appendMs, 0.99)),
      exportStatus: exp.status,
      exportRows: exp.rows,
      exportMs: Math.round(exp.ms),
      streams: base.cameraIds.length,
      streamsWithVideo: kbps.filter((k) => k > 0).length,
      videoKbpsMin: kbps.length ? Math.round(Math.min(...kbps)) : null,
    };
  } finally {
    for (const c of closers) c();
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      if (target === 'relay') child.send({ kind: 'stop' });
      else child.kill('SIGTERM');
    });
  }
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  process.env.TRUCBAN_SCRYPT_N ??= String(1 << 14);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-stall-'));
  let sim: RtspSim | null = null;
  try {
    if (a.streams > 0) sim = await startRtspSim({ count: a.streams });
    const base = await prepare(dir, a, sim);
    const targets: Target[] = a.only ? [a.only] : ['serve', 'relay'];
    const p0 = readPressure();
    const t0 = performance.now();
    const results = [];
    for (const t of targets) results.push(await runTarget(t, dir, base, a));
    const p1 = readPressure();
    const seconds = (performance.now() - t0) / 1000;
    const out = {
      bench: 'stall',
      params: { streams: a.streams, rows: a.rows, appends: a.appends, resolutionMs: a.resolution },
      target: { stallP99Ms: 20 },
      results,
      contention: { loadavgStart: p0.loadavg, loadavgEnd: p1.loadavg, cpuPressure: stallShare(p0.cpuSomeUs, p1.cpuSomeUs, seconds) },
      cpus: os.cpus().length,
      node: process.version,
      at: new Date().toISOString(),
    };
    const cols = Object.keys(results[0] ?? {});
    console.log(`| ${cols.join(' | ')} |\n|${cols.map(() => '---').join('|')}|`);
    for (const r of results) console.log(`| ${cols.map((c) => String((r as Record<string, unknown>)[c])).join(' | ')} |`);
    console.log(`contention: ${JSON.stringify(out.contention)}; target p99 ≤ 20 ms`);
    const file = a.json || path.join(ROOT, 'bench-results', `stall-${out.at.replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), path.resolve(file))}`);
  } finally {
    await sim?.stop();
    if (!a.keep) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

main().catch((e: unknown) => {
  console.error(`bench:stall: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
