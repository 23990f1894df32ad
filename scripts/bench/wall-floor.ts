/**
 * bench:wall-floor — where the app side's CPU goes on a video wall, without a browser, and the
 * floor of "one ffmpeg per camera stream" (the engine's design, docs/architecture.md "Video") against the peer.
 *
 *   npm run bench:wall-floor -- [--streams 16] [--seconds 30] [--rounds 2] [--json FILE]
 *
 * Three phases on the same simulator sub streams, repeated `--rounds` times in turn (so a
 * change of machine load hits every phase alike); medians over the rounds are reported:
 *  - ffmpeg-only: N ffmpeg processes with the app's own arguments (`ffmpegCommand`, `-c copy` to
 *    fragmented MP4 on stdout), read by this process, which only counts the bytes. The ffmpeg
 *    CPU is the floor of any design that runs one ffmpeg per stream; the reader's CPU is the
 *    least a Node process pays to take those bytes in.
 *  - ffmpeg-onread: the same, but each ffmpeg writes to a Unix socket it listens on (`-listen 1
 *    unix:PATH`) and this process reads with `net.connect({ onread })` into one reused buffer
 *    (no stream machinery, no allocation per read): the cheapest read Node offers.
 *  - ours: the app server (scripts/bench/wall/app-server.ts: real core, startCoreServer) with N
 *    `/video` sockets from this process that discard what they get: the app's pipeline with no
 *    browser competing for the CPU.
 *  - peer: the peer relay (scripts/bench/wall/peer-relay.ts: ffmpeg → MPEG-1 over `ws`) with N
 *    discarding sockets.
 * CPU is read from /proc for the app/relay process tree (Node user and system time apart, its
 * ffmpeg children together). The ratio a one-ffmpeg-per-stream design could reach at best is
 * peer ÷ ffmpeg-only (Node costing nothing); `nodeBudgetFor10x` is what Node may spend per
 * stream for the 10× target: peer ÷ 10 − ffmpeg.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import { startRtspSim } from '../../tests/helpers/rtsp-sim';
import type { RtspSim } from '../../tests/helpers/rtsp-sim';
import { ffmpegCommand } from '../../src-main/video/ffmpeg';
import type { FfmpegCommand } from '../../src-main/video/ffmpeg';
import { allProcs, machineInfo, readPressure, sampleTree, userSysSeconds } from './wall/proc';
import type { TreeSample } from './wall/proc';
import { PEER_OUTPUT_ARGS } from './wall/peer-relay-args';
import { readyLine, spawnChild, stopChild } from './wall/children';

type Phase = 'ffmpeg-only' | 'ffmpeg-onread' | 'ours' | 'peer';
const PHASES: Phase[] = ['ffmpeg-only', 'ffmpeg-onread', 'ours', 'peer'];

interface Args {
  streams: number;
  seconds: number;
  rounds: number;
  warmup: number;
  json: string | null;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { streams: 16, seconds: 30, rounds: 2, warmup: 6, json: null };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    const num = (name: string, min: number, max: number) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer ${min}–${max}`);
      i++;
      return n;
    };
    if (k === '--streams') a.streams = num('--streams', 1, 64);
    else if (k === '--seconds') a.seconds = num('--seconds', 5, 3600);
    else if (k === '--rounds') a.rounds = num('--rounds', 1, 20);
    else if (k === '--warmup') a.warmup = num('--warmup', 2, 120);
    else if (k === '--json') {
      if (!v) throw new Error('--json needs a file');
      a.json = v;
      i++;
    } else throw new Error(`unknown option ${k}`);
  }
  return a;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (m: string) => process.stderr.write(`[bench:wall-floor ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

interface PhaseRun {
  phase: Phase;
  round: number;
  seconds: number;
  /** % of one core per stream */
  totalPctPerStream: number;
  ffmpegPctPerStream: number;
  nodePctPerStream: number;
  nodeUserPctPerStream: number;
  nodeSysPctPerStream: number;
  messagesPerSec: number;
  kBytesPerSec: number;
  cpuSomeMs: number | null;
  /** Every stream delivered (≥ 90 % of 25 messages a second per stream); invalid runs are left out of the medians. */
  valid: boolean;
}

interface Counter {
  messages: number;
  bytes: number;
}

/** ffmpeg with the app's command: the camera URL goes in through fd 3 (src-main/video/ffmpeg.ts). */
function spawnFfmpeg(cmd: FfmpegCommand, stdout: 'pipe' | 'ignore'): ChildProcess {
  const child = spawn(process.env.FFMPEG_BIN ?? 'ffmpeg', cmd.args, { stdio: ['ignore', stdout, 'ignore', 'pipe'] });
  const fd3 = child.stdio[3] as NodeJS.WritableStream & { on(e: 'error', f: () => void): void };
  fd3.on('error', () => {});
  fd3.end(cmd.fd3 ?? '');
  return child;
}

/** Starts the phase's processes; resolves with the Node process to measure (null: this one) and a stop function. */
async function startPhase(phase: Phase, sim: RtspSim, n: number, count: Counter, dir: string): Promise<{ node: ChildProcess | null; ffmpegs: ChildProcess[]; stop: () => Promise<void> }> {
  const cams = Array.from({ length: n }, (_, i) => i + 1);
  if (phase === 'ffmpeg-only') {
    const ffmpegs = cams.map((c) => {
      const child = spawnFfmpeg(ffmpegCommand({ url: sim.url(c, 'sub') }, { loglevel: 'error' }), 'pipe');
      child.stdout!.on('data', (b: Buffer) => {
        count.messages++;
        count.bytes += b.length;
      });
      return child;
    });
    return {
      node: null,
      ffmpegs,
      stop: async () => {
        for (const f of ffmpegs) f.kill('SIGKILL');
        await sleep(300);
      },
    };
  }
  if (phase === 'ffmpeg-onread') {
    const buffer = Buffer.allocUnsafe(1 << 20);
    const conns: net.Socket[] = [];
    const ffmpegs = cams.map((c) => {
      const sock = path.join(dir, `cam${c}.sock`);
      fs.rmSync(sock, { force: true }); // ffmpeg cannot listen on a path that exists
      const cmd = ffmpegCommand({ url: sim.url(c, 'sub') }, { loglevel: 'error' });
      cmd.args.splice(cmd.args.length - 1, 1, '-listen', '1', `unix:${sock}`);
      const child = spawnFfmpeg(cmd, 'ignore');
      const connect = (tries: number) => {
        const s = net.connect({
          path: sock,
          onread: {
            buffer,
            callback: (nread: number) => {
              count.messages++;
              count.bytes += nread;
              return true;
            },
          },
        });
        s.on('error', () => {
          if (tries > 0 && child.exitCode === null) setTimeout(() => connect(tries - 1), 100);
        });
        conns.push(s);
      };
      connect(100);
      return child;
    });
    return {
      node: null,
      ffmpegs,
      stop: async () => {
        for (const s of conns) s.destroy();
        for (const f of ffmpegs) f.kill('SIGKILL');
        await sleep(300);
      },
    };
  }
  let child: ChildProcess;
  const sockets: WebSocket[] = [];
  const consume = (ws: WebSocket) => {
    ws.on('message', (d: Buffer, binary: boolean) => {
      if (!binary) return;
      count.messages++;
      count.bytes += d.length;
    });
    ws.on('error', (e) => log(`${phase} socket: ${e.message}`));
    sockets.push(ws);
  };
  if (phase === 'ours') {
    const dbDir = fs.mkdtempSync(path.join(dir, 'db-'));
    child = spawnChild('app-server.ts', { dir: dbDir, staticDir: dbDir, cameras: cams.map((c) => ({ number: c, main: sim.url(c, 'main'), sub: sim.url(c, 'sub') })) });
    const r = (await readyLine(child, 'app server')) as { port: number; token: string; session: string; cameraIds: Record<string, string> };
    for (const c of cams) {
      const q = new URLSearchParams({ camera: r.cameraIds[c]!, stream: 'sub', session: r.session });
      consume(new WebSocket(`ws://127.0.0.1:${r.port}/video?${q.toString()}`, ['trucban.video.v1', `token.${r.token}`]));
    }
  } else {
    const urls: Record<string, string> = {};
    for (const c of cams) urls[`${c}-sub`] = sim.url(c, 'sub');
    child = spawnChild('peer-relay.ts', { staticDir: dir, ffmpeg: process.env.FFMPEG_BIN ?? 'ffmpeg', urls, args: PEER_OUTPUT_ARGS });
    const r = (await readyLine(child, 'peer relay')) as { port: number };
    for (const c of cams) consume(new WebSocket(`ws://127.0.0.1:${r.port}/stream/${c}-sub`));
  }
  child.stderr!.resume();
  return {
    node: child,
    ffmpegs: [],
    stop: async () => {
      for (const s of sockets) s.terminate();
      await stopChild(child);
    },
  };
}

async function runPhase(phase: Phase, round: number, args: Args, sim: RtspSim, dir: string): Promise<PhaseRun> {
  const count: Counter = { messages: 0, bytes: 0 };
  const p = await startPhase(phase, sim, args.streams, count, dir);
  try {
    await sleep(args.warmup * 1000);
    const sample = (): { tree: TreeSample | null; ff: number; node: [number, number]; at: number } => {
      const procs = allProcs();
      if (p.node) {
        const tree = sampleTree(p.node.pid!, procs);
        return { tree, ff: tree.byKind.ffmpeg?.cpuS ?? 0, node: userSysSeconds(p.node.pid!), at: Date.now() };
      }
      let ff = 0;
      for (const f of p.ffmpegs) ff += procs.find((x) => x.pid === f.pid)?.cpuS ?? 0;
      const u = process.cpuUsage();
      return { tree: null, ff, node: [u.user / 1e6, u.system / 1e6], at: Date.now() };
    };
    const pr0 = readPressure();
    const s0 = sample();
    count.messages = 0;
    count.bytes = 0;
    await sleep(args.seconds * 1000);
    const s1 = sample();
    const pr1 = readPressure();
    const secs = (s1.at - s0.at) / 1000;
    const per = (cpuS: number) => Math.round((100_000 * cpuS) / secs / args.streams) / 1000;
    const nodeUser = s1.node[0] - s0.node[0];
    const nodeSys = s1.node[1] - s0.node[1];
    const ffmpeg = s1.ff - s0.ff;
    return {
      phase,
      round,
      seconds: Math.round(secs * 10) / 10,
      totalPctPerStream: per(nodeUser + nodeSys + ffmpeg),
      ffmpegPctPerStream: per(ffmpeg),
      nodePctPerStream: per(nodeUser + nodeSys),
      nodeUserPctPerStream: per(nodeUser),
      nodeSysPctPerStream: per(nodeSys),
      messagesPerSec: Math.round(count.messages / secs),
      kBytesPerSec: Math.round(count.bytes / secs / 1024),
      cpuSomeMs: pr0.cpuSomeUs !== null && pr1.cpuSomeUs !== null ? Math.round((pr1.cpuSomeUs - pr0.cpuSomeUs) / 1000) : null,
      valid: count.messages / secs >= 0.9 * 25 * args.streams,
    };
  } finally {
    await p.stop();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : Math.round(((s[m - 1]! + s[m]!) / 2) * 1000) / 1000;
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-wall-floor-'));
  const startedAt = new Date().toISOString();
  const sim = await startRtspSim({ count: args.streams });
  log(`simulator ready (${args.streams} cameras); ${args.rounds} round(s) × ${PHASES.join(', ')}, ${args.seconds} s each`);
  const runs: PhaseRun[] = [];
  try {
    for (let round = 1; round <= args.rounds; round++) {
      for (const phase of PHASES) {
        const r = await runPhase(phase, round, args, sim, dir);
        log(`round ${round} ${phase}: ${r.totalPctPerStream} %/stream (Node ${r.nodePctPerStream}, ffmpeg ${r.ffmpegPctPerStream}), ${r.messagesPerSec} msg/s${r.valid ? '' : ' — NOT every stream delivered: left out'}`);
        runs.push(r);
        await sleep(1000);
      }
    }
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const ph of PHASES) if (!runs.some((r) => r.phase === ph && r.valid)) throw new Error(`no valid run of ${ph}`);
  const med = (phase: Phase, k: keyof PhaseRun) => median(runs.filter((r) => r.phase === phase && r.valid).map((r) => r[k] as number));
  const summary = Object.fromEntries(
    PHASES.map((ph) => [
      ph,
      {
        totalPctPerStream: med(ph, 'totalPctPerStream'),
        ffmpegPctPerStream: med(ph, 'ffmpegPctPerStream'),
        nodePctPerStream: med(ph, 'nodePctPerStream'),
        nodeUserPctPerStream: med(ph, 'nodeUserPctPerStream'),
        nodeSysPctPerStream: med(ph, 'nodeSysPctPerStream'),
        messagesPerSec: med(ph, 'messagesPerSec'),
      },
    ]),
  ) as Record<Phase, { totalPctPerStream: number; ffmpegPctPerStream: number; nodePctPerStream: number; nodeUserPctPerStream: number; nodeSysPctPerStream: number; messagesPerSec: number }>;
  const round2 = (x: number) => Math.round(x * 100) / 100;
  const peer = summary.peer.totalPctPerStream;
  const ratios = {
    peerOverOurs: round2(peer / summary.ours.totalPctPerStream),
    /** the best a one-ffmpeg-per-stream design reaches if Node costs nothing */
    peerOverFfmpegOnly: round2(peer / summary['ffmpeg-only'].ffmpegPctPerStream),
    /** …and if Node costs what merely reading ffmpeg's output costs (stream reads / one reused buffer) */
    peerOverFfmpegPlusReader: round2(peer / summary['ffmpeg-only'].totalPctPerStream),
    peerOverFfmpegPlusOnreadReader: round2(peer / summary['ffmpeg-onread'].totalPctPerStream),
    nodeBudgetFor10xPctPerStream: Math.round((peer / 10 - summary.ours.ffmpegPctPerStream) * 1000) / 1000,
  };
  const rows: string[][] = [
    ['% of one core per stream (median)', ...PHASES],
    ['total', ...PHASES.map((p) => String(summary[p].totalPctPerStream))],
    ['ffmpeg processes', ...PHASES.map((p) => String(summary[p].ffmpegPctPerStream))],
    ['Node (the reader for ffmpeg-only)', ...PHASES.map((p) => String(summary[p].nodePctPerStream))],
    ['  of which user / system', ...PHASES.map((p) => `${summary[p].nodeUserPctPerStream} / ${summary[p].nodeSysPctPerStream}`)],
    ['messages per second (all streams)', ...PHASES.map((p) => String(summary[p].messagesPerSec))],
  ];
  const w = rows.reduce((m, r) => r.map((c, i) => Math.max(m[i] ?? 0, c.length)), [] as number[]);
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  console.log([line(rows[0]!), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n'));
  console.log(
    `peer ÷ ours ${ratios.peerOverOurs}× · best case with one ffmpeg per stream (Node free) ${ratios.peerOverFfmpegOnly}× · with Node only reading ${ratios.peerOverFfmpegPlusReader}× (${ratios.peerOverFfmpegPlusOnreadReader}× with onread) · Node budget for 10×: ${ratios.nodeBudgetFor10xPctPerStream} %/stream`,
  );
  if (args.json) {
    fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
    fs.writeFileSync(
      args.json,
      `${JSON.stringify({ streams: args.streams, seconds: args.seconds, rounds: args.rounds, startedAt, machine: machineInfo(), summary, ratios, runs, peerArgs: PEER_OUTPUT_ARGS, oursArgs: ffmpegCommand({ url: 'rtsp://camera/sub' }, { loglevel: 'error' }) }, null, 2)}\n`,
    );
    log(`wrote ${args.json}`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    log(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
