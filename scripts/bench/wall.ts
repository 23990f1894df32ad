/**
 * bench:wall — a video wall of N simulated cameras in headless Chromium, our pipeline against
 * the peer approach, on the same simulator streams, one after the other.
 *
 *   npm run bench:wall -- [--streams N] [--seconds S] [--json FILE] [--main] [--warmup W]
 *                         [--only ours|peer] [--jsmpeg FILE] [--keep]
 *
 *   --streams N     cameras on the wall, one sub-stream tile each (default 16)
 *   --seconds S     measured window per phase (default 60; ≥ 120 also reports per-minute p95,
 *                   e.g. the one-hour soak --seconds 3600)
 *   --json FILE     write the results as JSON
 *   --main          also a main-stream tile per camera (2N tiles)
 *   --stream K      the grid tiles' stream, sub (default) or main
 *   --peer-renderer R  jsmpeg's renderer: webgl (its default when WebGL is there) or canvas2d
 *   --warmup W      seconds after every tile shows a picture before the window opens (default 5)
 *   --only P        run one phase only (ours | peer)
 *   --jsmpeg FILE   jsmpeg build for the peer page (default: @cycjimmy/jsmpeg-player's UMD
 *                   build from node_modules; env TRUCBAN_JSMPEG works too)
 *   --keep          keep the temp dir (database, pages)
 *   --player-const NAME=V  experiment: bundle the page's TilePlayer with `const NAME = V;`
 *                   (e.g. NUDGE_START_S=0.1); the product file is not changed; repeatable
 *
 * Method (docs/performance.md, "Video wall"):
 *  - "ours": the app server (src-main/server/serve.ts startCoreServer, real core, cameras
 *    imported from CSV) in a child process; a page on its own static server plays each tile
 *    with the product's TilePlayer (src-renderer/video/player.ts, MSE). One ffmpeg `-c copy`
 *    remux per stream, in the child.
 *  - "peer": like rtsp-relay / node-rtsp-stream: a child Node process with one ffmpeg per
 *    stream (`-rtsp_transport tcp -i URL -f mpegts -codec:v mpeg1video -b:v 1000k -bf 0 -r 25`)
 *    relaying stdout over a `ws` WebSocket; jsmpeg decodes in the page into canvases.
 *  - Latency: each presented picture's identity strip (scripts/sim/frame-id.ts) against the
 *    simulator's send time of that frame (GET /cameras/N/frames/…, polled every 4 s).
 *  - CPU/RSS from /proc: the app tree (child + its ffmpeg children), the browser tree (its
 *    renderer process apart), the simulator, over the window.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { startRtspSim } from '../../tests/helpers/rtsp-sim';
import type { RtspSim } from '../../tests/helpers/rtsp-sim';
import type { SendRecord, SimStream } from '../sim/frame-id';
import type { Sample, TileCounters } from './wall/page-common';
import { allProcs, cpuBetween, machineInfo, readCpuTotals, readPressure, rssByKind, sampleTree } from './wall/proc';
import type { TreeSample } from './wall/proc';
import { PEER_OUTPUT_ARGS } from './wall/peer-relay-args';
import { readyLine, spawnChild, stopChild } from './wall/children';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'];

// ---------------------------------------------------------------------------------------
// arguments
// ---------------------------------------------------------------------------------------

type Phase = 'ours' | 'peer';
interface Args {
  streams: number;
  seconds: number;
  json: string | null;
  main: boolean;
  warmup: number;
  only: Phase | null;
  jsmpeg: string | null;
  keep: boolean;
  playerDefines: Record<string, string>;
  stream: SimStream;
  peerRenderer: 'webgl' | 'canvas2d';
}

function parseArgs(argv: string[]): Args {
  const a: Args = { streams: 16, seconds: 60, json: null, main: false, warmup: 5, only: null, jsmpeg: process.env.TRUCBAN_JSMPEG ?? null, keep: false, playerDefines: {}, stream: 'sub', peerRenderer: 'webgl' };
  const num = (name: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} needs an integer ≥ ${min} (got ${v ?? 'nothing'})`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.includes('=') ? (argv[i]!.split(/=(.*)/s, 2) as [string, string]) : [argv[i]!, undefined];
    const val = () => inline ?? argv[++i];
    switch (flag) {
      case '--streams': a.streams = num(flag, val(), 1); break;
      case '--seconds': a.seconds = num(flag, val(), 5); break;
      case '--json': a.json = path.resolve(val() ?? ''); break;
      case '--main': a.main = true; break;
      case '--stream': {
        const v = val();
        if (v !== 'sub' && v !== 'main') throw new Error('--stream needs sub or main');
        a.stream = v;
        break;
      }
      case '--peer-renderer': {
        const v = val();
        if (v !== 'webgl' && v !== 'canvas2d') throw new Error('--peer-renderer needs webgl or canvas2d');
        a.peerRenderer = v;
        break;
      }
      case '--warmup': a.warmup = num(flag, val(), 0); break;
      case '--only': {
        const v = val();
        if (v !== 'ours' && v !== 'peer') throw new Error('--only needs ours or peer');
        a.only = v;
        break;
      }
      case '--jsmpeg': a.jsmpeg = path.resolve(val() ?? ''); break;
      case '--keep': a.keep = true; break;
      case '--player-const': {
        const m = /^([A-Z_][A-Z0-9_]*)=([\d.]+)$/.exec(val() ?? '');
        if (!m) throw new Error('--player-const needs NAME=number (a top-level const of src-renderer/video/player.ts)');
        a.playerDefines[m[1]!] = m[2]!;
        break;
      }
      case '--help':
      case '-h':
        console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 20).join('\n'));
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument: ${argv[i]}`);
    }
  }
  if (a.streams > 255) throw new Error('--streams ≤ 255');
  return a;
}

// ---------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
const sortNum = (a: number[]) => Float64Array.from(a).sort();
const round = (x: number, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => process.stderr.write(`[bench:wall ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const MB = 2 ** 20;

interface Tile {
  camera: number;
  kind: SimStream;
}

/** The simulator's send records, polled for the whole run; frame id → send times, per stream. */
class SendLog {
  private readonly since = new Map<string, number>();
  private readonly byFrame = new Map<string, Map<number, number[]>>();
  private timer: ReturnType<typeof setInterval> | null = null;
  errors = 0;
  constructor(
    private readonly sim: RtspSim,
    private readonly streams: Tile[],
  ) {}
  start(): void {
    const tick = () => void this.poll();
    this.timer = setInterval(tick, 4000);
    tick();
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
  async poll(): Promise<void> {
    await Promise.all(
      this.streams.map(async ({ camera, kind }) => {
        const key = `${camera}-${kind}`;
        let recs: SendRecord[];
        try {
          recs = await this.sim.control.frames(camera, kind, this.since.get(key) ?? 0);
        } catch {
          this.errors++;
          return;
        }
        let m = this.byFrame.get(key);
        if (!m) this.byFrame.set(key, (m = new Map()));
        let last = this.since.get(key) ?? 0;
        for (const [seq, frame, at] of recs) {
          if (seq <= last) continue;
          last = seq;
          let l = m.get(frame);
          if (!l) m.set(frame, (l = []));
          l.push(at);
        }
        this.since.set(key, last);
      }),
    );
  }
  /** sendTimeOf (frame-id.ts): the latest send of `frame` not after `at` (+5 ms slack). */
  sentAt(camera: number, kind: SimStream, frame: number, at: number): number | null {
    const l = this.byFrame.get(`${camera}-${kind}`)?.get(frame);
    if (!l || l.length === 0) return null;
    let lo = 0;
    let hi = l.length - 1;
    if (l[0]! > at + 5) return null;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (l[mid]! <= at + 5) lo = mid;
      else hi = mid - 1;
    }
    return l[lo]!;
  }
}

function resolveJsmpeg(explicit: string | null): string | null {
  if (explicit) return fs.existsSync(explicit) ? explicit : null;
  const req = createRequire(path.join(ROOT, 'package.json'));
  try {
    // the package's exports map hides dist/: find it from its CommonJS entry
    const dist = path.dirname(req.resolve('@cycjimmy/jsmpeg-player'));
    for (const name of ['jsmpeg-player.umd.min.js', 'jsmpeg-player.umd.js']) {
      if (fs.existsSync(path.join(dist, name))) return path.join(dist, name);
    }
  } catch {
    /* not installed */
  }
  return null;
}

async function bundle(entry: string, outfile: string, playerDefines: Record<string, string> = {}): Promise<void> {
  const names = Object.keys(playerDefines);
  await build({
    entryPoints: [path.join(HERE, 'wall', entry)],
    bundle: true,
    format: 'iife',
    target: 'chrome120',
    outfile,
    logLevel: 'error',
    plugins: names.length
      ? [
          {
            name: 'player-const',
            setup(b) {
              b.onLoad({ filter: /src-renderer[\\/]video[\\/]player\.ts$/ }, (o) => {
                let src = fs.readFileSync(o.path, 'utf8');
                for (const n of names) {
                  const re = new RegExp(`^const ${n} = [^;]+;`, 'm');
                  if (!re.test(src)) throw new Error(`player.ts has no top-level const ${n}`);
                  src = src.replace(re, `const ${n} = ${playerDefines[n]};`);
                }
                return { contents: src, loader: 'ts' };
              });
            },
          },
        ]
      : [],
  });
}

function browserRoot(before: Set<number>): number | null {
  // playwright-core spawns the browser as a child of this process
  const cand = allProcs().filter((p) => p.ppid === process.pid && /chrom/i.test(p.comm) && !before.has(p.pid));
  return cand[0]?.pid ?? null;
}

// ---------------------------------------------------------------------------------------
// one phase
// ---------------------------------------------------------------------------------------

interface StreamResult {
  tile: number;
  camera: number;
  stream: SimStream;
  playing: boolean;
  decodedFps: number | null;
  shownFps: number | null;
  probeMissed: number;
  droppedReported: number;
  framesSkipped: number;
  /** id gaps not explained by probe misses: pictures never shown */
  framesLost: number;
  maxGapMs: number | null;
  unreadable: number;
  wrongCamera: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyMaxMs: number | null;
  samples: number;
  extra: Record<string, unknown>;
}

interface PhaseResult {
  playing: number;
  fpsMin: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  appCpuPctPerStream: number | null;
  rendererCpuPct: number | null;
  appRssMbPerStream: number | null;
  // extras
  tiles: number;
  latencyWorstStreamP95Ms: number | null;
  droppedReported: number;
  framesSkipped: number;
  appCpuPct: number | null;
  appCpuByProcess: Record<string, number>;
  appRssMb: number | null;
  appRssMbPeak: number | null;
  appRssByProcess: Record<string, number>;
  appPssMb: number | null;
  appPssMbPerStream: number | null;
  appPssByProcess: Record<string, number>;
  framesLost: number;
  appProcesses: number;
  browserCpuPct: number | null;
  browserCpuByType: Record<string, number>;
  browserRssByType: Record<string, number>;
  rendererRssMb: number | null;
  browserRssMb: number | null;
  simCpuPct: number | null;
  machineBusyPct: number | null;
  perMinute: { minute: number; latencyP95Ms: number | null; latencyP50Ms: number | null; samples: number; appRssMb: number | null; rendererRssMb: number | null; machineBusyPct: number | null }[];
  firstMinuteP95Ms?: number | null;
  lastMinuteP95Ms?: number | null;
  page: Record<string, unknown>;
  window: { start: string; end: string; seconds: number };
  contention: { before: ReturnType<typeof readPressure>; after: ReturnType<typeof readPressure>; cpuSomeMs: number | null };
  perStream: StreamResult[];
  error?: string;
}

interface PhaseEnv {
  args: Args;
  sim: RtspSim;
  sends: SendLog;
  tiles: Tile[];
  dir: string;
  jsmpeg: string | null;
}

async function runPhase(phase: Phase, env: PhaseEnv): Promise<PhaseResult> {
  const { args, sim, sends, tiles } = env;
  const staticDir = path.join(env.dir, `page-${phase}`);
  fs.mkdirSync(staticDir, { recursive: true });
  let child: ChildProcess;
  let url: string;
  if (phase === 'ours') {
    await bundle('page-ours.ts', path.join(staticDir, 'wall-ours.js'), args.playerDefines);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench:wall ours</title><body><script src="/wall-ours.js"></script>');
    const cams = [...new Set(tiles.map((t) => t.camera))].map((n) => ({ number: n, main: sim.url(n, 'main'), sub: sim.url(n, 'sub') }));
    const dbDir = path.join(env.dir, 'db');
    fs.mkdirSync(dbDir, { recursive: true });
    child = spawnChild('app-server.ts', { dir: dbDir, staticDir, cameras: cams });
    const r = (await readyLine(child, 'app server')) as { port: number; token: string; session: string; cameraIds: Record<string, string> };
    const q = new URLSearchParams({
      cams: tiles.map((t) => r.cameraIds[t.camera]).join(','),
      nums: tiles.map((t) => t.camera).join(','),
      kinds: tiles.map((t) => t.kind).join(','),
      token: r.token,
      session: r.session,
    });
    url = `http://127.0.0.1:${r.port}/index.html?${q.toString()}`;
  } else {
    if (!env.jsmpeg) throw new Error('jsmpeg not found');
    await bundle('page-peer.ts', path.join(staticDir, 'wall-peer.js'));
    fs.copyFileSync(env.jsmpeg, path.join(staticDir, 'jsmpeg.js'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench:wall peer</title><body><script src="/jsmpeg.js"></script><script src="/wall-peer.js"></script>');
    const urls: Record<string, string> = {};
    for (const t of tiles) urls[`${t.camera}-${t.kind}`] = sim.url(t.camera, t.kind);
    child = spawnChild('peer-relay.ts', { staticDir, ffmpeg: process.env.FFMPEG_BIN ?? 'ffmpeg', urls, args: PEER_OUTPUT_ARGS });
    const r = (await readyLine(child, 'peer relay')) as { port: number };
    url = `http://127.0.0.1:${r.port}/index.html?keys=${tiles.map((t) => `${t.camera}-${t.kind}`).join(',')}${args.peerRenderer === 'canvas2d' ? '&gl=0' : ''}`;
  }
  let childErr = '';
  child.stderr!.on('data', (d: Buffer) => {
    childErr = (childErr + d.toString()).slice(-8000);
  });

  const beforeBrowser = new Set(allProcs().map((p) => p.pid));
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const bRoot = browserRoot(beforeBrowser);
    const page: Page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && consoleErrors.length < 20 && !/404/.test(m.text())) consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => {
      if (consoleErrors.length < 20) consoleErrors.push(String(e));
    });
    await page.goto(url);
    await page.waitForFunction('window.__bench && (window.__bench.ready || window.__bench.error)', undefined, { timeout: 30_000 });
    type Drained = { samples: Sample[]; tiles: TileCounters[]; at: number; info: Record<string, unknown> };
    const drain = () => page.evaluate('window.__bench.drain()') as Promise<Drained>;

    // every tile shows a picture (or 30 s), then the warm-up
    const t0Wait = Date.now();
    for (;;) {
      const d = await drain();
      if (d.tiles.length === tiles.length && d.tiles.every((t) => t.seen > 0)) break;
      if (Date.now() - t0Wait > 30_000) {
        log(`${phase}: only ${d.tiles.filter((t) => t.seen > 0).length}/${tiles.length} tiles show a picture after 30 s; measuring anyway ${consoleErrors.join(' | ').slice(0, 500)}`);
        break;
      }
      await sleep(500);
    }
    log(`${phase}: first pictures after ${((Date.now() - t0Wait) / 1000).toFixed(1)} s; warm-up ${args.warmup} s`);
    await sleep(args.warmup * 1000);

    // ---- the window --------------------------------------------------------------------
    const pressureBefore = readPressure();
    const startDrain = await drain();
    const simPid = sim.pid;
    const procs0 = allProcs();
    const app0 = sampleTree(child.pid!, procs0);
    const br0 = bRoot ? sampleTree(bRoot, procs0) : null;
    const sim0 = sampleTree(simPid, procs0);
    const tot0 = readCpuTotals();
    const winStart = startDrain.at;
    const samples: Sample[] = [];
    const minuteMem: { appRssMb: number; rendererRssMb: number | null; machineBusyPct: number }[] = [];
    let minuteTot = tot0;
    let appRssPeak = app0.rssBytes;
    const end = winStart + args.seconds * 1000;
    let lastMinute = 0;
    let lastLog = Date.now();
    while (Date.now() < end) {
      await sleep(Math.min(2000, Math.max(0, end - Date.now())));
      const d = await drain();
      samples.push(...d.samples);
      const procs = allProcs();
      const a = sampleTree(child.pid!, procs);
      appRssPeak = Math.max(appRssPeak, a.rssBytes);
      const minute = Math.floor((Date.now() - winStart) / 60_000);
      if (minute > lastMinute) {
        lastMinute = minute;
        const b = bRoot ? sampleTree(bRoot, procs) : null;
        // the machine's load over that minute (other work on the machine shows here, not as drift)
        const tot = readCpuTotals();
        const busy = (100 * os.cpus().length * (tot.busy - minuteTot.busy)) / Math.max(1, tot.total - minuteTot.total);
        minuteTot = tot;
        minuteMem.push({ appRssMb: a.rssBytes / MB, rendererRssMb: b?.byKind.renderer ? b.byKind.renderer.rssBytes / MB : null, machineBusyPct: busy });
      }
      if (Date.now() - lastLog > 30_000) {
        lastLog = Date.now();
        log(`${phase}: ${Math.round((Date.now() - winStart) / 1000)} / ${args.seconds} s, ${samples.length} pictures`);
      }
    }
    const endDrain = await drain();
    samples.push(...endDrain.samples);
    const procs1 = allProcs();
    const app1 = sampleTree(child.pid!, procs1);
    const br1 = bRoot ? sampleTree(bRoot, procs1) : null;
    const sim1 = sampleTree(simPid, procs1);
    const tot1 = readCpuTotals();
    const pressureAfter = readPressure();
    const winEnd = endDrain.at;
    await sends.poll();
    const pageInfo = { ...endDrain.info, consoleErrors };

    return summarise(phase, {
      tiles,
      seconds: (winEnd - winStart) / 1000,
      winStart,
      winEnd,
      samples,
      startTiles: startDrain.tiles,
      endTiles: endDrain.tiles,
      sends,
      app: [app0, app1],
      browser: br0 && br1 ? [br0, br1] : null,
      sim: [sim0, sim1],
      totals: [tot0, tot1],
      appRssPeak,
      minuteMem,
      pageInfo,
      contention: { before: pressureBefore, after: pressureAfter },
    });
  } finally {
    await browser.close().catch(() => {});
    await stopChild(child);
    if (child.exitCode && child.exitCode !== 0 && childErr) log(`${phase} child: ${childErr.slice(-1000)}`);
  }
}

interface Collected {
  tiles: Tile[];
  seconds: number;
  winStart: number;
  winEnd: number;
  samples: Sample[];
  startTiles: TileCounters[];
  endTiles: TileCounters[];
  sends: SendLog;
  app: [TreeSample, TreeSample];
  browser: [TreeSample, TreeSample] | null;
  sim: [TreeSample, TreeSample];
  totals: [{ busy: number; total: number }, { busy: number; total: number }];
  appRssPeak: number;
  minuteMem: { appRssMb: number; rendererRssMb: number | null; machineBusyPct: number }[];
  pageInfo: Record<string, unknown>;
  contention: { before: ReturnType<typeof readPressure>; after: ReturnType<typeof readPressure> };
}

function summarise(phase: Phase, c: Collected): PhaseResult {
  const CLIP = 250;
  const perStream: StreamResult[] = [];
  const allLat: number[] = [];
  const minuteLat = new Map<number, number[]>();
  const byTile = new Map<number, Sample[]>();
  for (const s of c.samples) {
    if (s[3] < c.winStart || s[3] > c.winEnd) continue;
    let l = byTile.get(s[0]);
    if (!l) byTile.set(s[0], (l = []));
    l.push(s);
  }
  c.tiles.forEach((tile, i) => {
    const ss = (byTile.get(i) ?? []).sort((a, b) => a[3] - b[3]);
    const lat: number[] = [];
    let wrongCamera = 0;
    let skipped = 0;
    let prevFrame: number | null = null;
    let maxGap = 0;
    let prevAt = c.winStart;
    for (const [, cam, frame, at] of ss) {
      maxGap = Math.max(maxGap, at - prevAt);
      prevAt = at;
      if (cam !== tile.camera) {
        wrongCamera++;
        continue;
      }
      if (prevFrame !== null) {
        const d = (frame - prevFrame + CLIP) % CLIP;
        if (d > 1 && d < CLIP / 2) skipped += d - 1;
      }
      prevFrame = frame;
      const sent = c.sends.sentAt(cam, tile.kind, frame, at);
      if (sent === null) continue;
      const l = at - sent;
      lat.push(l);
      allLat.push(l);
      const m = Math.floor((at - c.winStart) / 60_000);
      let ml = minuteLat.get(m);
      if (!ml) minuteLat.set(m, (ml = []));
      ml.push(l);
    }
    maxGap = Math.max(maxGap, c.winEnd - prevAt);
    const t0 = c.startTiles[i];
    const t1 = c.endTiles[i];
    const decodedFps = t0 && t1 ? (t1.decoded - t0.decoded) / c.seconds : null;
    const sorted = sortNum(lat);
    perStream.push({
      tile: i,
      camera: tile.camera,
      stream: tile.kind,
      playing: ss.length > 0 && maxGap <= 1000 && wrongCamera === 0,
      decodedFps: round(decodedFps ?? Number.NaN, 2),
      shownFps: round(t0 && t1 ? (t1.presented - t0.presented) / c.seconds : Number.NaN, 2),
      probeMissed: t0 && t1 ? Math.max(0, t1.presented - t0.presented - (t1.seen - t0.seen)) : 0,
      droppedReported: t0 && t1 ? t1.dropped - t0.dropped : 0,
      framesSkipped: skipped,
      framesLost: Math.max(0, skipped - (t0 && t1 ? Math.max(0, t1.presented - t0.presented - (t1.seen - t0.seen)) : 0)),
      maxGapMs: round(maxGap, 0),
      unreadable: t0 && t1 ? t1.unreadable - t0.unreadable : 0,
      wrongCamera,
      latencyP50Ms: round(pct(Array.from(sorted), 0.5), 0),
      latencyP95Ms: round(pct(Array.from(sorted), 0.95), 0),
      latencyMaxMs: round(sorted.length ? sorted[sorted.length - 1]! : Number.NaN, 0),
      samples: lat.length,
      extra: t1?.extra ?? {},
    });
  });
  const all = Array.from(sortNum(allLat));
  const cpu = (a: [TreeSample, TreeSample] | null) => (a ? cpuBetween(a[0], a[1]) : null);
  const app = cpu(c.app)!;
  const br = cpu(c.browser);
  const simCpu = cpu(c.sim)!;
  const n = c.tiles.length;
  const rendererCpu = br ? (br.byKind.renderer ?? null) : null;
  const fpsList = perStream.map((s) => s.decodedFps).filter((x): x is number => x !== null);
  const perMinute = [...minuteLat.keys()]
    .sort((a, b) => a - b)
    .map((m) => {
      const s = Array.from(sortNum(minuteLat.get(m)!));
      return { minute: m, latencyP95Ms: round(pct(s, 0.95), 0), latencyP50Ms: round(pct(s, 0.5), 0), samples: s.length, appRssMb: round(c.minuteMem[m]?.appRssMb ?? Number.NaN, 1), rendererRssMb: round(c.minuteMem[m]?.rendererRssMb ?? Number.NaN, 1), machineBusyPct: round(c.minuteMem[m]?.machineBusyPct ?? Number.NaN, 1) };
    })
    // a partial last minute (< 30 s) is too short to stand for a minute
    .filter((m) => m.minute * 60 + 30 <= c.seconds || m.minute === 0);
  const res: PhaseResult = {
    playing: perStream.filter((s) => s.playing).length,
    fpsMin: fpsList.length ? round(Math.min(...fpsList), 2) : null,
    latencyP50Ms: round(pct(all, 0.5), 0),
    latencyP95Ms: round(pct(all, 0.95), 0),
    appCpuPctPerStream: round(app.pct / n, 2),
    rendererCpuPct: rendererCpu === null ? null : round(rendererCpu, 1),
    appRssMbPerStream: round(c.app[1].rssBytes / MB / n, 1),
    tiles: n,
    latencyWorstStreamP95Ms: perStream.reduce<number | null>((m, s) => (s.latencyP95Ms === null ? m : Math.max(m ?? 0, s.latencyP95Ms)), null),
    droppedReported: perStream.reduce((s, x) => s + x.droppedReported, 0),
    framesSkipped: perStream.reduce((s, x) => s + x.framesSkipped, 0),
    appCpuPct: round(app.pct, 1),
    appCpuByProcess: app.byKind,
    appRssMb: round(c.app[1].rssBytes / MB, 1),
    appRssMbPeak: round(c.appRssPeak / MB, 1),
    appRssByProcess: rssByKind(c.app[1]),
    appPssMb: round(c.app[1].pssBytes / MB, 1),
    appPssMbPerStream: round(c.app[1].pssBytes / MB / n, 1),
    appPssByProcess: rssByKind(c.app[1], 'pssBytes'),
    framesLost: perStream.reduce((s, x) => s + x.framesLost, 0),
    appProcesses: c.app[1].procs,
    browserCpuPct: br ? round(br.pct, 1) : null,
    browserCpuByType: br?.byKind ?? {},
    browserRssByType: c.browser ? rssByKind(c.browser[1]) : {},
    rendererRssMb: c.browser?.[1].byKind.renderer ? round(c.browser[1].byKind.renderer.rssBytes / MB, 1) : null,
    browserRssMb: c.browser ? round(c.browser[1].rssBytes / MB, 1) : null,
    simCpuPct: round(simCpu.pct, 1),
    machineBusyPct: round((100 * os.cpus().length * (c.totals[1].busy - c.totals[0].busy)) / Math.max(1, c.totals[1].total - c.totals[0].total), 1),
    perMinute,
    page: c.pageInfo,
    window: { start: new Date(c.winStart).toISOString(), end: new Date(c.winEnd).toISOString(), seconds: round(c.seconds, 2)! },
    contention: {
      ...c.contention,
      cpuSomeMs: c.contention.after.cpuSomeUs !== null && c.contention.before.cpuSomeUs !== null ? Math.round((c.contention.after.cpuSomeUs - c.contention.before.cpuSomeUs) / 1000) : null,
    },
    perStream,
  };
  if (c.seconds >= 120 && perMinute.length >= 2) {
    res.firstMinuteP95Ms = perMinute[0]!.latencyP95Ms;
    res.lastMinuteP95Ms = perMinute[perMinute.length - 1]!.latencyP95Ms;
  }
  void phase;
  return res;
}

// ---------------------------------------------------------------------------------------
// table
// ---------------------------------------------------------------------------------------

const minOf = (r: PhaseResult | null, k: 'shownFps' | 'decodedFps') => {
  const l = (r?.perStream ?? []).map((s) => s[k]).filter((x): x is number => x !== null);
  return l.length ? Math.min(...l) : null;
};

type Row = [metric: string, ours: string, peer: string, ratio: string, target: string, pass: string];

function table(args: Args, ours: PhaseResult | null, peer: PhaseResult | null): { rows: Row[]; text: string; pass: Record<string, boolean | null> } {
  const f = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? '—' : x.toFixed(d));
  const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? `${(b / a).toFixed(1)}×` : '—');
  const yes = (b: boolean | null | undefined) => (b === null || b === undefined ? '—' : b ? 'yes' : 'NO');
  const n = ours?.tiles ?? peer?.tiles ?? 0;
  const pass: Record<string, boolean | null> = {
    allPlaying: ours ? ours.playing === n : null,
    fps24: ours?.fpsMin != null ? ours.fpsMin >= 24 : null,
    latencyP95: ours?.latencyP95Ms != null ? ours.latencyP95Ms <= 400 : null,
    latencyVsPeer: ours?.latencyP95Ms != null && peer?.latencyP95Ms != null ? ours.latencyP95Ms <= peer.latencyP95Ms : null,
    appCpu: ours?.appCpuPctPerStream != null ? ours.appCpuPctPerStream <= 2 : null,
    appCpuVsPeer: ours?.appCpuPctPerStream && peer?.appCpuPctPerStream ? peer.appCpuPctPerStream / ours.appCpuPctPerStream >= 10 : null,
    soak: ours?.firstMinuteP95Ms != null && ours.lastMinuteP95Ms != null ? ours.lastMinuteP95Ms - ours.firstMinuteP95Ms <= 100 : null,
  };
  const rows: Row[] = [
    ['streams playing the whole time', ours ? `${ours.playing}/${n}` : '—', peer ? `${peer.playing}/${n}` : '—', '', `${n}/${n}`, yes(pass.allPlaying)],
    ['decoded fps, slowest stream', f(ours?.fpsMin), f(peer?.fpsMin), '', '≥ 24', yes(pass.fps24)],
    ['latency p50 (ms)', f(ours?.latencyP50Ms, 0), f(peer?.latencyP50Ms, 0), ratio(ours?.latencyP50Ms, peer?.latencyP50Ms), '', ''],
    ['latency p95 (ms)', f(ours?.latencyP95Ms, 0), f(peer?.latencyP95Ms, 0), ratio(ours?.latencyP95Ms, peer?.latencyP95Ms), '≤ 400, ≤ peer', `${yes(pass.latencyP95)}${pass.latencyVsPeer == null ? '' : `, ${yes(pass.latencyVsPeer)}`}`],
    ['latency p95, worst stream (ms)', f(ours?.latencyWorstStreamP95Ms, 0), f(peer?.latencyWorstStreamP95Ms, 0), '', '', ''],
    ['presented fps, slowest stream', f(minOf(ours, 'shownFps')), f(minOf(peer, 'shownFps')), '', '', ''],
    ['frames dropped (player) / lost (id gaps)', ours ? `${ours.droppedReported} / ${ours.framesLost}` : '—', peer ? `— / ${peer.framesLost}` : '—', '', '', ''],
    ['app CPU per stream (% of a core)', f(ours?.appCpuPctPerStream, 2), f(peer?.appCpuPctPerStream, 2), ratio(ours?.appCpuPctPerStream, peer?.appCpuPctPerStream), '≤ 2, ≥ 10× less', `${yes(pass.appCpu)}${pass.appCpuVsPeer == null ? '' : `, ${yes(pass.appCpuVsPeer)}`}`],
    ['app CPU total (%)', f(ours?.appCpuPct), f(peer?.appCpuPct), ratio(ours?.appCpuPct, peer?.appCpuPct), '', ''],
    ['app RSS per stream (MB)', f(ours?.appRssMbPerStream), f(peer?.appRssMbPerStream), ratio(ours?.appRssMbPerStream, peer?.appRssMbPerStream), '', ''],
    ['app PSS per stream (MB)', f(ours?.appPssMbPerStream), f(peer?.appPssMbPerStream), ratio(ours?.appPssMbPerStream, peer?.appPssMbPerStream), '', ''],
    ['renderer process CPU (%)', f(ours?.rendererCpuPct), f(peer?.rendererCpuPct), ratio(ours?.rendererCpuPct, peer?.rendererCpuPct), '', ''],
    ['browser CPU, all processes (%)', f(ours?.browserCpuPct), f(peer?.browserCpuPct), ratio(ours?.browserCpuPct, peer?.browserCpuPct), '', ''],
    ['simulator CPU (%)', f(ours?.simCpuPct), f(peer?.simCpuPct), '', '', ''],
  ];
  if (ours?.firstMinuteP95Ms !== undefined || peer?.firstMinuteP95Ms !== undefined) {
    rows.push(['p95 first → last minute (ms)', ours ? `${f(ours.firstMinuteP95Ms, 0)} → ${f(ours.lastMinuteP95Ms, 0)}` : '—', peer ? `${f(peer.firstMinuteP95Ms, 0)} → ${f(peer.lastMinuteP95Ms, 0)}` : '—', '', 'Δ ≤ 100', yes(pass.soak)]);
  }
  const head: Row = ['metric', 'ours', 'peer', 'peer ÷ ours', 'target', 'pass'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: Row) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const consts = Object.entries(args.playerDefines).map(([k, v]) => `${k}=${v}`).join(' ');
  const text = [`bench:wall — ${n} tiles (${args.main && args.stream === 'sub' ? 'sub + main' : args.stream}), ${args.seconds} s per phase${consts ? `, player ${consts}` : ''}${peer ? `, peer renderer ${args.peerRenderer}` : ''}`, line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
  return { rows, text, pass };
}

// ---------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-wall-'));
  const startedAt = new Date().toISOString();
  const tiles: Tile[] = [];
  for (let i = 1; i <= args.streams; i++) tiles.push({ camera: i, kind: args.stream });
  if (args.main && args.stream === 'sub') for (let i = 1; i <= args.streams; i++) tiles.push({ camera: i, kind: 'main' });
  const phases: Phase[] = args.only ? [args.only] : ['ours', 'peer'];
  const jsmpeg = resolveJsmpeg(args.jsmpeg);
  if (phases.includes('peer') && !jsmpeg) {
    log('peer phase skipped: jsmpeg not found (add the npm package @cycjimmy/jsmpeg-player, or pass --jsmpeg FILE with a JSMpeg UMD build)');
  }
  log(`streams=${args.streams}${args.main ? ' (+main)' : ''} tiles=${tiles.length} seconds=${args.seconds} dir=${dir}`);
  const pressureStart = readPressure();
  const sim = await startRtspSim({ count: args.streams });
  log(`simulator ready: rtsp port ${sim.port}, control ${sim.controlUrl}`);
  const sends = new SendLog(sim, tiles);
  sends.start();
  const results: Partial<Record<Phase, PhaseResult>> = {};
  const errors: Partial<Record<Phase, string>> = {};
  try {
    for (const phase of phases) {
      if (phase === 'peer' && !jsmpeg) continue;
      log(`phase ${phase}…`);
      try {
        results[phase] = await runPhase(phase, { args, sim, sends, tiles, dir, jsmpeg });
      } catch (e) {
        errors[phase] = e instanceof Error ? e.message : String(e);
        log(`phase ${phase} failed: ${errors[phase]}`);
      }
      await sleep(2000); // let the machine settle between phases
    }
  } finally {
    sends.stop();
    await sim.stop();
    if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  const t = table(args, results.ours ?? null, results.peer ?? null);
  console.log(t.text);
  const strip = (r: PhaseResult | undefined) => r ?? null;
  const out = {
    streams: args.streams,
    seconds: args.seconds,
    ours: strip(results.ours),
    peer: strip(results.peer),
    // extras
    mainStreams: args.main,
    stream: args.stream,
    peerRenderer: args.peerRenderer,
    playerConsts: args.playerDefines,
    tiles: tiles.length,
    warmupSeconds: args.warmup,
    pass: t.pass,
    table: t.rows,
    errors,
    peerSetup: {
      relay: 'scripts/bench/wall/peer-relay.ts (Node + ws; one ffmpeg per stream, started by its first client, stdout chunks relayed to every client)',
      ffmpeg: ['-rtsp_transport', 'tcp', '-i', 'URL', ...PEER_OUTPUT_ARGS],
      decoder: jsmpeg ? path.relative(ROOT, jsmpeg).startsWith('..') ? jsmpeg : path.relative(ROOT, jsmpeg) : null,
    },
    machine: machineInfo(),
    contention: { start: pressureStart, end: readPressure(), sendLogErrors: sends.errors },
    startedAt,
    finishedAt: new Date().toISOString(),
  };
  if (args.json) {
    fs.mkdirSync(path.dirname(args.json), { recursive: true });
    fs.writeFileSync(args.json, `${JSON.stringify(out, null, 2)}\n`);
    log(`wrote ${args.json}`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
