/**
 * bench:station, one device of the simulated duty room in its own process (forked by
 * scripts/bench/station.ts; docs/performance.md, "bench:station"). It speaks the LAN protocol as
 * a paired client does, with the client's own modules (src-main/client: the pairing proof and
 * confirm, the pinned TLS agent), from its own 127.0.0.x address:
 *
 * - workstation: pair, WSS /ws with `Authorization: Device …`, auth:login, push:subscribe
 *   journal, then the workload — dashboard reads, logbook:add at one per 10–30 s with
 *   occasional bursts of 5, logbook:search, logbook:list — timing every call and noting when
 *   each journal frame arrived;
 * - wall: pair, sign in on /ws, one multiplexed /video (trucban.video.v2) with one sub stream
 *   per camera, counting the frames (one fMP4 fragment per frame) of each tile per second;
 * - probe: the same call (shift:current) in turn over the LAN listener (TLS) and over the
 *   station's loopback browser-mode socket (no TLS, its launch token), for tlsOverheadRatio.
 *
 * Parent → child (IPC): {t:'start', startAt, seconds} then {t:'stop'}. Child → parent:
 * {t:'ready'}, {t:'result', …}, {t:'fatal', message}. Times are performance.timeOrigin +
 * performance.now(), comparable across the processes of one machine.
 */
import type https from 'node:https';
import type tls from 'node:tls';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { PinnedAgent, connectPinned, requestJson } from '../../../src-main/client/tls';
import { pairConfirm, pairProof, parsePairCode } from '../../../src-main/client/pair';
import { parseMuxBinary, parseServerMessage, VIDEO_MUX_PROTOCOL } from '../../../src-shared/video-mux';
import { shiftDateOf } from '../../../src-shared/time/shift';

export const clientConfig = z.object({
  role: z.enum(['workstation', 'wall', 'probe']),
  index: z.number().int().min(0),
  localAddress: z.string().regex(/^127\.\d+\.\d+\.\d+$/),
  host: z.string(),
  port: z.number().int(),
  fingerprint: z.string(),
  code: z.string(),
  login: z.string(),
  password: z.string(),
  cameraIds: z.array(z.string()).default([]),
  loopback: z.object({ port: z.number().int(), token: z.string() }).nullable().default(null),
  /** Seed-free randomness is fine: the rate, not the exact instants, is what matters. */
  addEverySeconds: z.tuple([z.number(), z.number()]).default([10, 30]),
});
export type ClientConfig = z.infer<typeof clientConfig>;

const now = () => performance.timeOrigin + performance.now();

/** The client's pinned agent, from this process's own loopback address. */
class LocalPinnedAgent extends PinnedAgent {
  constructor(
    fingerprint: string,
    private readonly localAddress: string,
  ) {
    super(fingerprint);
  }
  override createConnection(options: tls.ConnectionOptions, cb?: (err: Error | null, socket: Duplex) => void): Duplex {
    return super.createConnection({ ...options, localAddress: this.localAddress } as tls.ConnectionOptions, cb);
  }
}

/** Pairs as `pairWithStation` does (src-main/client/pair.ts), from `localAddress`. */
async function pair(cfg: ClientConfig): Promise<{ credential: string; deviceId: string }> {
  const { codeId, secret } = parsePairCode(cfg.code);
  const observed = await new Promise<string>((resolve, reject) =>
    connectPinned({ host: cfg.host, port: cfg.port, localAddress: cfg.localAddress } as tls.ConnectionOptions, null, (err, s) => {
      if (err || !s) return reject(err ?? new Error('no socket'));
      const fp = s.getPeerCertificate()?.fingerprint256;
      s.destroy();
      resolve(fp);
    }),
  );
  if (observed !== cfg.fingerprint) throw new Error(`the station presented ${observed}, not the certificate the set-up made`);
  const agent = new LocalPinnedAgent(observed, cfg.localAddress);
  try {
    const res = await requestJson(new URL(`https://${cfg.host}:${cfg.port}/pair`), {
      agent,
      method: 'POST',
      body: { v: 1, codeId, proof: pairProof(secret, observed), deviceName: `bench ${cfg.role} ${cfg.index}` },
    });
    const body = z.object({ deviceId: z.string(), credential: z.string(), fingerprint: z.string(), confirm: z.string() }).safeParse(res.body);
    if (res.status !== 200 || !body.success) throw new Error(`pairing refused: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    const confirm = Buffer.from(pairConfirm(secret, observed, body.data.deviceId));
    if (body.data.fingerprint !== observed || confirm.length !== body.data.confirm.length || !timingSafeEqual(confirm, Buffer.from(body.data.confirm))) {
      throw new Error('the station did not prove it knows the code');
    }
    return { credential: body.data.credential, deviceId: body.data.deviceId };
  } finally {
    agent.destroy();
  }
}

const replyFrame = z.object({ id: z.number().int(), reply: z.object({ ok: z.boolean(), value: z.unknown().optional(), error: z.object({ code: z.string() }).passthrough().optional() }) });
const pushFrame = z.object({ push: z.object({ topic: z.string().max(64), seq: z.number().int(), data: z.unknown().optional() }) });

interface Rpc {
  call(channel: string, input: unknown, requestId?: string): Promise<{ ok: boolean; value?: unknown; code?: string; ms: number; sentAt: number }>;
  close(): void;
}

/** One /ws socket (LAN with the device credential, or loopback with the launch token). */
function openRpc(
  url: string,
  o: { agent?: https.Agent; credential?: string; token?: string; localAddress?: string },
  onPush: (topic: string, seq: number, at: number) => void,
  onClose: (why: string) => void,
): Promise<Rpc> {
  const protocols = ['trucban.v1', ...(o.token ? [`token.${o.token}`] : [])];
  const ws = new WebSocket(url, protocols, {
    ...(o.agent ? { agent: o.agent } : {}),
    ...(o.localAddress && !o.agent ? { localAddress: o.localAddress } : {}),
    headers: o.credential ? { authorization: `Device ${o.credential}` } : {},
    perMessageDeflate: false,
    handshakeTimeout: 10_000,
  });
  const pending = new Map<number, { sentAt: number; resolve: (r: { ok: boolean; value?: unknown; code?: string; ms: number; sentAt: number }) => void }>();
  let next = 1;
  let closed = false;
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const at = now();
    let v: unknown;
    try {
      v = JSON.parse(data.toString());
    } catch {
      return;
    }
    const pushed = pushFrame.safeParse(v);
    if (pushed.success) {
      onPush(pushed.data.push.topic, pushed.data.push.seq, at);
      return;
    }
    const r = replyFrame.safeParse(v);
    if (!r.success) return;
    const p = pending.get(r.data.id);
    if (!p) return;
    pending.delete(r.data.id);
    const reply = r.data.reply;
    p.resolve({ ok: reply.ok, value: reply.value, ...(reply.error ? { code: reply.error.code } : {}), ms: at - p.sentAt, sentAt: p.sentAt });
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.on('close', (code) => {
        closed = true;
        for (const p of pending.values()) p.resolve({ ok: false, code: 'socket_closed', ms: now() - p.sentAt, sentAt: p.sentAt });
        pending.clear();
        onClose(`closed ${code}`);
      });
      resolve({
        call: (channel, input, requestId) =>
          new Promise((res) => {
            const sentAt = now();
            if (closed) return res({ ok: false, code: 'socket_closed', ms: 0, sentAt });
            const id = next++;
            pending.set(id, { sentAt, resolve: res });
            ws.send(JSON.stringify({ id, channel, input, ...(requestId ? { requestId } : {}) }));
          }),
        close: () => ws.terminate(),
      });
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`/ws refused: HTTP ${res.statusCode}`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (a: number, b: number) => a + Math.random() * (b - a);

const SEARCH_WORDS = ['xe tải', 'container', 'cổng', 'niêm phong', 'biển số', 'camera', 'kiểm tra', 'ca trực'];
const TEXTS = [
  'Xe container biển số 12C-345.67 qua cổng số 2, niêm phong nguyên vẹn',
  'Camera cổng 5 mất tín hiệu 2 phút, đã báo kỹ thuật',
  'Kiểm tra xe tải 29H-111.22 theo yêu cầu của đội giám sát',
  'Tiếp nhận thông tin từ cửa khẩu về hàng quá cảnh',
  'Ghi nhận ùn tắc tại làn xuất cảnh, đã điều phối',
];

interface CallStat {
  channel: string;
  ms: number;
}

async function main(): Promise<void> {
  const cfg = clientConfig.parse(JSON.parse(process.argv[2] ?? '{}'));
  const send = (m: unknown) => process.send?.(m);
  const errors: string[] = [];
  const calls: CallStat[] = [];
  const appends: { seq: number; sentAt: number }[] = [];
  const seen: [number, number][] = [];
  let stopAt = Infinity;
  let measuring = false;
  const { credential } = await pair(cfg);
  const agent = new LocalPinnedAgent(cfg.fingerprint, cfg.localAddress);
  const session = randomUUID().replace(/-/g, '');
  const lanWs = `wss://${cfg.host}:${cfg.port}/ws?session=${session}`;
  const rpc = await openRpc(
    lanWs,
    { agent, credential },
    (topic, seq, at) => {
      if (topic === 'journal' && measuring) seen.push([seq, at]);
    },
    (why) => {
      if (Date.now() < stopAt) errors.push(`LAN /ws ${why}`);
    },
  );
  const login = await rpc.call('auth:login', { login: cfg.login, password: cfg.password });
  if (!login.ok) throw new Error(`auth:login refused: ${login.code}`);
  if (cfg.role === 'workstation') {
    const sub = await rpc.call('push:subscribe', { topics: ['journal'] });
    if (!sub.ok) throw new Error(`push:subscribe refused: ${sub.code}`);
  }

  // the probe's second socket: the station's own loopback browser-mode server, no TLS
  let loop: Rpc | null = null;
  if (cfg.role === 'probe') {
    if (!cfg.loopback) throw new Error('the probe needs the loopback port and token');
    loop = await openRpc(
      `ws://127.0.0.1:${cfg.loopback.port}/ws?session=${session}`,
      { token: cfg.loopback.token },
      () => {},
      (why) => {
        if (Date.now() < stopAt) errors.push(`loopback /ws ${why}`);
      },
    );
    const l = await loop.call('auth:login', { login: cfg.login, password: cfg.password });
    if (!l.ok) throw new Error(`loopback auth:login refused: ${l.code}`);
  }

  // the wall's video: one multiplexed socket, a sub stream of every camera
  const tileFrames: number[][] = cfg.cameraIds.map(() => []);
  const tileErrors: string[] = [];
  let video: WebSocket | null = null;
  let videoStart = 0;
  const started = new Set<number>();
  if (cfg.role === 'wall') {
    video = new WebSocket(`wss://${cfg.host}:${cfg.port}/video?session=${session}`, [VIDEO_MUX_PROTOCOL], {
      agent,
      headers: { authorization: `Device ${credential}` },
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    await new Promise<void>((resolve, reject) => {
      video!.once('open', () => resolve());
      video!.once('error', reject);
      video!.once('unexpected-response', (_q, res) => reject(new Error(`/video refused: HTTP ${res.statusCode}`)));
    });
    video.on('message', (data, isBinary) => {
      if (!isBinary) {
        const m = parseServerMessage(data.toString());
        if (m?.t === 'error') tileErrors.push(`tile ${m.tile ?? '-'}: ${m.code} ${m.message.slice(0, 120)}`);
        return;
      }
      const p = parseMuxBinary(data as Buffer);
      if (!p || p.type !== 'fragment') return;
      started.add(p.tile);
      if (!measuring) return;
      const frames = tileFrames[p.tile];
      if (!frames) return;
      const s = Math.floor((now() - videoStart) / 1000);
      while (frames.length <= s) frames.push(0);
      frames[s]!++;
    });
    video.on('close', (code) => {
      if (Date.now() < stopAt) errors.push(`/video closed ${code}`);
    });
    cfg.cameraIds.forEach((camera, tile) => video!.send(JSON.stringify({ t: 'open', tile, camera, stream: 'sub' })));
    // ready once every tile has shown frames (each camera's ffmpeg starts, then waits for a keyframe), at most 60 s
    const until = Date.now() + 60_000;
    while (Date.now() < until && started.size < cfg.cameraIds.length) await sleep(200);
  }

  send({ t: 'ready' });
  const start = await new Promise<{ startAt: number; seconds: number }>((resolve) =>
    process.on('message', (m: { t?: string; startAt?: number; seconds?: number }) => {
      if (m.t === 'start') resolve({ startAt: m.startAt!, seconds: m.seconds! });
    }),
  );
  await sleep(Math.max(0, start.startAt - Date.now()));
  measuring = true;
  videoStart = now();
  stopAt = start.startAt + start.seconds * 1000;

  const timed = async (r: Rpc, channel: string, input: unknown, requestId?: string) => {
    const res = await r.call(channel, input, requestId);
    calls.push({ channel, ms: res.ms });
    if (!res.ok) errors.push(`${channel}: ${res.code ?? '?'}`);
    return res;
  };

  if (cfg.role === 'workstation') {
    const today = shiftDateOf(Date.now());
    const dashboard = async () => {
      await Promise.all([timed(rpc, 'shift:current', {}), timed(rpc, 'logbook:open', { limit: 20 }), timed(rpc, 'incidents:alerts', {})]);
    };
    const add = async () => {
      const res = await timed(rpc, 'logbook:add', { kind: 'work', text: `${TEXTS[Math.floor(Math.random() * TEXTS.length)]} (${cfg.login})` }, randomUUID());
      const seq = (res.value as { seq?: unknown } | undefined)?.seq;
      if (res.ok && typeof seq === 'number') appends.push({ seq, sentAt: res.sentAt });
    };
    await dashboard();
    // the officer's day in compressed form: an entry every 10–30 s, sometimes five in a row
    let nextAdd = Date.now() + between(0, cfg.addEverySeconds[0]) * 1000;
    let nextRead = Date.now() + between(2, 6) * 1000;
    while (Date.now() < stopAt) {
      const t = Date.now();
      if (t >= nextAdd) {
        const burst = Math.random() < 0.15 ? 5 : 1;
        for (let i = 0; i < burst && Date.now() < stopAt; i++) {
          await add();
          if (burst > 1) await sleep(between(200, 800));
        }
        nextAdd = Date.now() + between(cfg.addEverySeconds[0], cfg.addEverySeconds[1]) * 1000;
      } else if (t >= nextRead) {
        const pick = Math.random();
        if (pick < 0.4) await timed(rpc, 'logbook:list', { shiftDate: today, limit: 50 });
        else if (pick < 0.7) await timed(rpc, 'logbook:search', { query: SEARCH_WORDS[Math.floor(Math.random() * SEARCH_WORDS.length)]!, limit: 20 });
        else await dashboard();
        nextRead = Date.now() + between(2, 6) * 1000;
      }
      await sleep(Math.max(10, Math.min(nextAdd, nextRead, stopAt) - Date.now()));
    }
  } else if (cfg.role === 'probe') {
    const tlsMs: number[] = [];
    const loopMs: number[] = [];
    let turn = 0;
    while (Date.now() < stopAt) {
      const lan = turn % 2 === 0;
      const res = await (lan ? rpc : loop!).call('shift:current', {});
      if (!res.ok) errors.push(`probe shift:current (${lan ? 'TLS' : 'loopback'}): ${res.code ?? '?'}`);
      else (lan ? tlsMs : loopMs).push(res.ms);
      turn++;
      await sleep(between(150, 350));
    }
    send({ t: 'result', role: cfg.role, index: cfg.index, errors, calls: [], appends: [], seen: [], tlsMs, loopMs, tiles: [] });
    finish(rpc, loop, video, agent);
    return;
  } else {
    await sleep(Math.max(0, stopAt - Date.now()));
  }
  // a little grace for the last pushes, then report
  await sleep(1_500);
  measuring = false;
  const elapsed = Math.floor((now() - videoStart) / 1000);
  const tiles = tileFrames.map((f) => {
    while (f.length < elapsed) f.push(0);
    return f.slice(0, Math.min(elapsed, start.seconds));
  });
  if (tileErrors.length) errors.push(...tileErrors.slice(0, 5));
  send({ t: 'result', role: cfg.role, index: cfg.index, errors, calls, appends, seen, tlsMs: [], loopMs: [], tiles });
  finish(rpc, loop, video, agent);
}

function finish(rpc: Rpc, loop: Rpc | null, video: WebSocket | null, agent: https.Agent): void {
  rpc.close();
  loop?.close();
  video?.terminate();
  agent.destroy();
  // the parent disconnects after reading the result; exit on our own if it does not
  setTimeout(() => process.exit(0), 2_000).unref();
  process.once('disconnect', () => process.exit(0));
}

main().catch((e: unknown) => {
  process.send?.({ t: 'fatal', message: e instanceof Error ? e.message : String(e) });
  setTimeout(() => process.exit(1), 200);
});
