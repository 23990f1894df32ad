/**
 * bench:station — a busy duty room against one station on this machine, over TLS
 * (docs/performance.md, "bench:station"):
 *
 *   npm run bench:station -- --workstations W --walls K --seconds S [--json FILE] [--port N]
 *
 * 1. The camera simulator (scripts/sim/cameras.py) with 16 cameras.
 * 2. The station's database (scripts/bench/station/setup.ts, its own process): officers, today's
 *    roster, the cameras, the TLS material and one pairing code per device.
 * 3. The station: `node bin/trucban.js --db F serve --lan --host 127.0.0.1 --port N`, a child
 *    process (TRUCBAN_PRINT_LAUNCH_URL=1 so its loopback launch URL is printed to the pipe).
 * 4. W workstations, K walls and one probe, each a forked process on its own 127.0.0.x address
 *    (scripts/bench/station/client.ts): pair, sign in, then the workload for S seconds.
 * 5. The table and the JSON; the station's CPU and RSS from /proc, the machine's contention.
 *
 * Everything started here is stopped at the end, also on an error or Ctrl+C.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../tests/helpers/net';
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { startRtspSim } from '../../tests/helpers/rtsp-sim';
import type { RtspSim } from '../../tests/helpers/rtsp-sim';
import { readPressure, stallShare } from './pressure';
import { CLOCK_TICKS, parseBenchArgs, percentile, procCpuTicks, procDescendants, procRssMb, pushLatencies, slowestWindowFps } from './station/stats';
import type { ClientConfig } from './station/client';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CAMERAS = 16;
const MIN_FPS = 24;
/** Devices get 127.0.0.100, .101, … (127.0.0.20–29 and lower are used by tests). */
const FIRST_ADDRESS = 100;

interface ClientResult {
  t: 'result';
  role: 'workstation' | 'wall' | 'probe';
  index: number;
  errors: string[];
  calls: { channel: string; ms: number }[];
  appends: { seq: number; sentAt: number }[];
  seen: [number, number][];
  tlsMs: number[];
  loopMs: number[];
  tiles: number[][];
}

const children = new Set<ChildProcess>();
let sim: RtspSim | null = null;
let cleaned = false;
/** The run's temporary directory (database, TLS material, fault log), deleted at the end. */
let workDir: string | null = null;

async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  const deadline = Date.now() + 5_000;
  while ([...children].some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await sim?.stop().catch(() => {});
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
}

function runSetup(config: unknown): Promise<{ fingerprint: string; password: string; officers: string[]; cameraIds: string[]; codes: { name: string; role: string; code: string }[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'station/setup.ts'), JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      children.delete(child);
      const line = out.split('\n').find((l) => l.startsWith('{"event":"ready"'));
      if (code !== 0 || !line) reject(new Error(`setup failed (${code}): ${err.slice(-1000)}`));
      else resolve(JSON.parse(line) as never);
    });
  });
}

/** The station child; resolves with its loopback port and token once its LAN listener is up. */
function startStation(db: string, port: number): Promise<{ child: ChildProcess; loopback: { port: number; token: string } }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/trucban.js'), '--db', db, 'serve', '--lan', '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TRUCBAN_PRINT_LAUNCH_URL: '1' },
  });
  children.add(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    let loopback: { port: number; token: string } | null = null;
    const timer = setTimeout(() => reject(new Error(`the station did not start in 60 s: ${err.slice(-1000)}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8000)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/#token=([\w-]+)/.exec(out);
      if (m) loopback = { port: Number(m[1]), token: m[2]! };
      if (loopback && /Station serving the LAN at/.test(out)) {
        clearTimeout(timer);
        resolve({ child, loopback });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the station exited (${code}): ${err.slice(-1000)}`));
    });
  });
}

function forkClient(cfg: ClientConfig): { child: ChildProcess; ready: Promise<void>; result: Promise<ClientResult> } {
  const child = fork(path.join(import.meta.dirname, 'station/client.ts'), [JSON.stringify(cfg)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  let readyResolve!: () => void;
  let fail!: (e: Error) => void;
  const ready = new Promise<void>((r, j) => {
    readyResolve = r;
    fail = j;
  });
  const result = new Promise<ClientResult>((resolve, reject) => {
    child.on('message', (m: { t?: string; message?: string }) => {
      if (m.t === 'ready') readyResolve();
      else if (m.t === 'result') resolve(m as ClientResult);
      else if (m.t === 'fatal') {
        const e = new Error(`${cfg.role} ${cfg.index}: ${m.message}`);
        fail(e);
        reject(e);
      }
    });
    child.once('exit', (code) => {
      const e = new Error(`${cfg.role} ${cfg.index} exited (${code})`);
      fail(e);
      reject(e);
    });
  });
  result.catch(() => {});
  ready.catch(() => {});
  return { child, ready, result };
}

const round = (x: number | null, d = 1) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-station-'));
  workDir = dir;
  const db = path.join(dir, 'station.sqlite');
  const host = '127.0.0.1';
  console.error(`bench:station: ${args.workstations} workstations, ${args.walls} walls, ${args.seconds} s; in ${dir}`);

  sim = await startRtspSim({ count: CAMERAS, faults: false });
  const cameras = Array.from({ length: CAMERAS }, (_, i) => ({ number: i + 1, main: sim!.url(i + 1, 'main'), sub: sim!.url(i + 1, 'sub') }));
  const setup = await runSetup({ db, host, workstations: args.workstations, walls: args.walls, cameras });
  const port = args.port || (await freePort(host));
  const station = await startStation(db, port);
  const stationPid = station.child.pid!;
  let stationGone: string | null = null;
  station.child.once('exit', (code, signal) => {
    if (!cleaned) stationGone = `the station exited during the run (${code ?? signal})`;
  });
  console.error(`station pid ${stationPid}: LAN https://${host}:${port}, loopback ${station.loopback.port}`);

  const configs: ClientConfig[] = setup.codes.map((c, i) => {
    const role = c.role === 'wall' ? 'wall' : i === setup.codes.length - 1 ? 'probe' : 'workstation';
    return {
      role,
      index: i,
      localAddress: `127.0.0.${FIRST_ADDRESS + i}`,
      host,
      port,
      fingerprint: setup.fingerprint,
      code: c.code,
      login: setup.officers[i]!,
      password: setup.password,
      cameraIds: role === 'wall' ? setup.cameraIds : [],
      loopback: role === 'probe' ? station.loopback : null,
      addEverySeconds: [10, 30],
    };
  });
  // started a few at a time: pairing and sign-in are deliberately slow (scrypt), and 2 cores are shared
  const clients: ReturnType<typeof forkClient>[] = [];
  for (let i = 0; i < configs.length; i += 4) {
    const batch = configs.slice(i, i + 4).map(forkClient);
    clients.push(...batch);
    await Promise.all(batch.map((c) => c.ready));
  }
  console.error(`${clients.length} clients paired and signed in, the walls' tiles playing`);

  const startAt = Date.now() + 500;
  const pressureBefore = readPressure();
  await new Promise((r) => setTimeout(r, startAt - Date.now()));
  const cpu0 = procCpuTicks(stationPid);
  // the station's children (one ffmpeg per camera) apart: their CPU is the video engine's
  const kidTicks = (pids: number[]) => new Map(pids.map((p) => [p, procCpuTicks(p)]));
  const kids0 = kidTicks(procDescendants(stationPid));
  const t0 = performance.now();
  for (const c of clients) c.child.send({ t: 'start', startAt, seconds: args.seconds });
  let rssPeak = 0;
  const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, procRssMb(stationPid) ?? 0)), 1_000);
  await new Promise((r) => setTimeout(r, args.seconds * 1000));
  const cpu1 = procCpuTicks(stationPid);
  const kids1 = kidTicks(procDescendants(stationPid));
  let kidsUsed = 0;
  for (const [p, t1] of kids1) {
    const t0k = kids0.get(p);
    if (t1 !== null && t0k !== undefined && t0k !== null) kidsUsed += t1 - t0k;
  }
  const elapsedS = (performance.now() - t0) / 1000;
  clearInterval(rssTimer);
  const rssEnd = procRssMb(stationPid);
  const pressureAfter = readPressure();
  // every device reports within a minute of the end (its last call, the pushes' grace)
  const results = await Promise.race([
    Promise.all(clients.map((c) => c.result)),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('a device did not report within 60 s of the end')), 60_000).unref()),
  ]);

  // figures
  const ws = results.filter((r) => r.role === 'workstation');
  const walls = results.filter((r) => r.role === 'wall');
  const probe = results.find((r) => r.role === 'probe');
  const callMs = ws.flatMap((r) => r.calls.map((c) => c.ms));
  const seen = new Map(ws.map((r) => [r.index, new Map(r.seen)]));
  const appends = ws.flatMap((r) => r.appends.map((a) => ({ ...a, from: r.index })));
  const push = pushLatencies(appends, seen, ws.map((r) => r.index));
  const errors = results.flatMap((r) => r.errors.map((e) => `${r.role} ${r.index}: ${e}`));
  if (stationGone) errors.push(stationGone);
  if (push.missing) errors.push(`${push.missing} appends not seen by every other workstation`);
  const tlsP50 = percentile(probe?.tlsMs ?? [], 50);
  const loopP50 = percentile(probe?.loopMs ?? [], 50);
  const tiles = walls.flatMap((w) => w.tiles.map((perSecond, tile) => ({ wall: w.index, tile, perSecond, fps: slowestWindowFps(perSecond) })));
  const tileFps = tiles.map((t) => t.fps);
  const byChannel = new Map<string, number[]>();
  for (const c of ws.flatMap((r) => r.calls)) byChannel.set(c.channel, [...(byChannel.get(c.channel) ?? []), c.ms]);

  const out = {
    workstations: args.workstations,
    walls: args.walls,
    seconds: args.seconds,
    calls: callMs.length,
    callP50Ms: round(percentile(callMs, 50)),
    callP99Ms: round(percentile(callMs, 99)),
    appends: appends.length,
    pushP50Ms: round(percentile(push.latencies, 50)),
    pushP99Ms: round(percentile(push.latencies, 99)),
    errors: errors.length,
    errorSamples: errors.slice(0, 20),
    stationCpuPct: cpu0 !== null && cpu1 !== null ? round(((cpu1 - cpu0) / CLOCK_TICKS / elapsedS) * 100) : null,
    stationChildrenCpuPct: round((kidsUsed / CLOCK_TICKS / elapsedS) * 100),
    stationChildren: kids1.size,
    stationRssMb: round(rssEnd),
    stationRssPeakMb: round(rssPeak),
    tlsP50Ms: round(tlsP50, 2),
    loopbackP50Ms: round(loopP50, 2),
    tlsOverheadRatio: tlsP50 !== null && loopP50 !== null && loopP50 > 0 ? round(tlsP50 / loopP50, 2) : null,
    videoTiles: tileFps.length,
    videoTilesPlaying: tileFps.filter((f) => f !== null && f >= MIN_FPS).length,
    videoSlowestTileFps: round(tileFps.reduce<number | null>((m, f) => (f === null ? m : m === null ? f : Math.min(m, f)), null), 2),
    videoTilesMissed: tiles.filter((t) => t.fps === null || t.fps < MIN_FPS).map((t) => ({ wall: t.wall, tile: t.tile, slowestFps: round(t.fps, 2), perSecond: t.perSecond })),
    perChannel: Object.fromEntries([...byChannel].map(([ch, ms]) => [ch, { n: ms.length, p50Ms: round(percentile(ms, 50)), p99Ms: round(percentile(ms, 99)) }])),
    contention: { before: pressureBefore, after: pressureAfter, cpuStallShare: stallShare(pressureBefore.cpuSomeUs, pressureAfter.cpuSomeUs, elapsedS), cores: os.cpus().length },
  };

  const targets = args.workstations === 20 && args.walls === 2 && args.seconds >= 120;
  const row = (k: string, v: unknown, target: string, ok: boolean | null) => console.log(`${k.padEnd(22)} ${String(v ?? '—').padStart(10)}  ${target.padEnd(12)} ${ok === null ? '' : ok ? 'ok' : 'MISSED'}`);
  console.log(`\nbench:station  W=${args.workstations} K=${args.walls} ${args.seconds} s${targets ? '' : '  (targets are for W=20 K=2 120 s)'}`);
  row('calls', out.calls, '', null);
  row('callP50Ms', out.callP50Ms, '', null);
  row('callP99Ms', out.callP99Ms, '≤ 150', out.callP99Ms !== null && out.callP99Ms <= 150);
  row('appends', out.appends, '', null);
  row('pushP99Ms', out.pushP99Ms, '≤ 1000', out.pushP99Ms !== null && out.pushP99Ms <= 1000);
  row('errors', out.errors, '= 0', out.errors === 0);
  row('tlsOverheadRatio', out.tlsOverheadRatio, '≤ 1.5', out.tlsOverheadRatio !== null && out.tlsOverheadRatio <= 1.5);
  row('videoTilesPlaying', `${out.videoTilesPlaying}/${out.videoTiles}`, 'all', out.videoTilesPlaying === out.videoTiles);
  row('stationCpuPct', out.stationCpuPct, '', null);
  row('stationChildrenCpuPct', out.stationChildrenCpuPct, '', null);
  row('stationRssMb', out.stationRssMb, '', null);
  row('cpu stall share', out.contention.cpuStallShare, '', null);
  for (const e of errors.slice(0, 10)) console.log(`  error: ${e}`);
  if (args.json) fs.writeFileSync(args.json, `${JSON.stringify(out, null, 2)}\n`);
  await cleanup();
}

process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
process.on('SIGTERM', () => void cleanup().then(() => process.exit(143)));
main().catch(async (e: unknown) => {
  console.error(`bench:station: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  await cleanup();
  process.exit(1);
});
