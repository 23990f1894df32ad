/**
 * The client process (`trucban client`): serves the renderer on loopback exactly like browser
 * mode (startBrowserServer: per-launch token, Host/Origin checks) with a dispatcher that
 * forwards every call over the ONE pinned WSS link to the station and relays the station's
 * pushed frames to every local screen (docs/architecture.md, "Clients of a station").
 *
 * What it answers itself: `client:status` / `client:dismissRefused` (the link and the outbox)
 * and the `link` push topic (data-less: the link went down or came back, the outbox changed).
 * While the station cannot be reached every other call answers `station_unreachable` at once
 * (never a hang); the writes of OUTBOX_CHANNELS are kept in the durable outbox instead and
 * answered `outbox_queued` ("chưa gửi"). On reconnect the link resubscribes the push topics
 * from the last journal seq it saw (the station's hub replays what was missed, or `resync`),
 * then sends the outbox in order, each with its requestId, under the sign-in of the officer who
 * made it (the station applies an id once: src-main/api/requests.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { contract } from '../../src-shared/contract';
import type { Channel, Reply } from '../../src-shared/contract';
import { withClock } from '../../src-shared/contract/schemas';
import type { ClientStatus, OutboxItem } from '../../src-shared/contract/client';
import type { PushFrame } from '../../src-shared/contract/topics';
import { isTopic } from '../../src-shared/contract/topics';
import type { AppErrorData } from '../../src-shared/errors';
import type { CallContext, Dispatcher } from '../api/types';
import type { PushSink } from '../push/hub';
import { startBrowserServer } from '../server/browser';
import type { BrowserServer } from '../server/browser';
import type { DeviceRecord } from './device';
import { LinkLost, StationLink } from './link';
import type { LinkOptions } from './link';
import { openOutbox } from './outbox';
import { PinnedAgent } from './tls';
import { relayVideoSocket } from './video-relay';
import type { Outbox } from './outbox';

/**
 * Writes kept in the outbox while the station cannot be reached (sent later, exactly once): the
 * logbook's entries and corrections, an incident raised and its steps and directions, the
 * inbound requests registered and answered (what
 * cannot be applied any more — a step on an incident someone else closed meanwhile — comes back
 * as a refusal).
 */
export const OUTBOX_CHANNELS: ReadonlySet<string> = new Set([
  'logbook:add',
  'logbook:amend',
  'incidents:raise',
  'incidents:amend',
  'incidents:classify',
  'incidents:immediateStep',
  'incidents:propose',
  'incidents:decide',
  'incidents:recordDgDecision',
  'incidents:close',
  'directions:issue',
  'directions:acknowledge',
  'directions:result',
  'requests:register',
  'requests:answer',
  'requests:result',
]);

/**
 * Answers that mean "not now" rather than "no": the write stays queued and is sent again later
 * (after the officer signs in again, the station has room…). Anything else is a refusal.
 */
const RETRY_LATER = new Set(['not_authenticated', 'session_locked', 'password_change_required', 'setup_required', 'busy', 'rate_limited', 'unavailable']);

/** How long to wait before sending the outbox again after a "not now" answer. */
export const OUTBOX_RETRY_MS = 5_000;

const err = (code: AppErrorData['code'], message: string, params?: Record<string, string>): Reply<unknown> => ({
  ok: false,
  error: { code, message, ...(params ? { params } : {}) },
});

export interface ClientProcessOptions {
  /** The client's data dir (device.json, outbox.sqlite). */
  dir: string;
  record: DeviceRecord;
  staticDir: string;
  port?: number;
  /** Origins besides the local server's own whose pages may open it (Electron: app://trucban). */
  allowOrigins?: string[];
  log?: (m: string) => void;
  now?: () => number;
  /** Link tuning (tests shorten the heartbeat and backoff). */
  link?: Partial<Omit<LinkOptions, 'record' | 'sessionKey' | 'onState' | 'onPush' | 'onOpen'>>;
}

export interface ClientProcess {
  server: BrowserServer;
  /** What the local screens call (Electron's relay calls it too). */
  dispatcher: Dispatcher;
  /** Where a screen's push sink attaches. */
  push: { attach(sessionId: string, sink: PushSink): () => void };
  link: StationLink;
  outbox: Outbox;
  status(): ClientStatus;
  /** Resolves once the outbox has nothing queued that can be sent now (tests). */
  drained(): Promise<void>;
  close(): Promise<void>;
}

export async function startClientProcess(o: ClientProcessOptions): Promise<ClientProcess> {
  const log = o.log ?? ((m: string) => console.error(m));
  const now = o.now ?? Date.now;
  const outbox = openOutbox(o.dir);
  const sinks = new Map<PushSink, string>();
  /** Topics the local screens asked for (the union; resubscribed on every reconnect). */
  const topics = new Set<string>();
  /** Highest seq seen from the station: where the push stream resumes. */
  let lastSeq = 0;
  /** Login of the station session, as the replies passing through show it. */
  let login: string | null = null;

  const relay = (frame: PushFrame) => {
    for (const sink of [...sinks.keys()]) {
      try {
        sink.send(frame);
      } catch {
        // a closing local socket
      }
    }
  };
  const linkChanged = () => relay({ topic: 'link', seq: lastSeq });

  const sessionKey = randomBytes(24).toString('base64url');
  const link = new StationLink({
    ...o.link,
    record: o.record,
    sessionKey,
    now,
    onState: () => linkChanged(),
    onPush: (frame) => {
      if (frame.seq > lastSeq) lastSeq = frame.seq;
      relay(frame);
    },
    onOpen: () => void resume(),
  });

  const status = (): ClientStatus => ({
    role: o.record.role,
    stationUrl: o.record.stationUrl,
    stationName: o.record.station.name,
    deviceName: o.record.name,
    connected: link.connected,
    downSince: link.connected ? null : (link.downSince ?? now()),
    outbox: outbox.queued(),
    refused: outbox.refused(),
  });

  /** Calls the station; null when the link is down or went before the reply. */
  const station = async (channel: string, input: unknown, requestId?: string): Promise<{ reply: Reply<unknown>; replayed: boolean } | null> => {
    try {
      return await link.call(channel, input, requestId);
    } catch (e) {
      if (e instanceof LinkLost) return null;
      throw e;
    }
  };

  const noteLogin = (channel: string, reply: Reply<unknown>) => {
    if (!reply.ok) {
      if (reply.error.code === 'not_authenticated') login = null;
      return;
    }
    const v = reply.value as { user?: { login?: unknown }; session?: { user?: { login?: unknown } } | null } | null;
    if (channel === 'auth:login' || channel === 'auth:unlock') login = typeof v?.user?.login === 'string' ? v.user.login : login;
    else if (channel === 'app:status') login = typeof v?.session?.user?.login === 'string' ? v.session.user.login : null;
    else if (channel === 'auth:logout') login = null;
  };

  // --- the outbox: sent in order, one at a time, under its author's sign-in
  let draining: Promise<void> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  const drain = (): Promise<void> => {
    draining ??= (async () => {
      try {
        await drainOnce();
      } catch (e) {
        log(`[client] outbox: ${(e as Error).message}`);
      } finally {
        draining = null;
      }
    })();
    return draining;
  };
  const retryLater = () => {
    if (retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void drain();
    }, OUTBOX_RETRY_MS);
    retryTimer.unref();
  };
  const drainOnce = async () => {
    let items = outbox.queued();
    if (items.length === 0 || !link.connected) return;
    // whose session is it on the station now? (a restarted station has forgotten every sign-in)
    const st = await station('app:status', {});
    if (!st) return;
    noteLogin('app:status', st.reply);
    for (;;) {
      const item = items[0];
      if (!item) return;
      // another officer's write waits until its author signs in (it is never sent as someone else)
      if (item.login !== login) return;
      const r = await station(item.channel, item.input, item.requestId);
      if (!r) return; // the link went: it stays queued, same requestId
      if (r.reply.ok) outbox.remove(item.requestId);
      else if (RETRY_LATER.has(r.reply.error.code)) {
        noteLogin(item.channel, r.reply);
        retryLater();
        return;
      } else outbox.refuse(item.requestId, r.reply.error, now());
      linkChanged();
      items = outbox.queued();
    }
  };

  const resume = async () => {
    // the push stream resumes where it stopped: the station replays from lastSeq (or resync)
    const wanted = [...topics].filter((t) => t !== 'link');
    if (wanted.length > 0) {
      const r = await station('push:subscribe', { topics: wanted, fromSeq: lastSeq });
      if (r && !r.reply.ok) log(`[client] resubscribe refused: ${r.reply.error.code}`);
    }
    // the screens refetch what they show (the station may have restarted and forgotten the sign-in)
    relay({ topic: 'resync', seq: lastSeq });
    await drain();
  };

  const write = async (channel: string, input: unknown): Promise<Reply<unknown>> => {
    if (login === null) {
      if (!link.connected) return err('station_unreachable', 'the station cannot be reached', { station: o.record.station.name });
      const r = await station(channel, input);
      if (!r) return err('station_unreachable', 'the station cannot be reached', { station: o.record.station.name });
      noteLogin(channel, r.reply);
      return r.reply;
    }
    // what the station would refuse for its form is not kept: checked with the same schema here
    const parsed = withClock(now(), () => contract[channel as Channel].input.safeParse(input ?? {}));
    if (!parsed.success) {
      const r = link.connected ? await station(channel, input) : null;
      if (r) return r.reply;
      const issue = parsed.error.issues[0];
      const field = issue ? issue.path.map(String).join('.') : '';
      return { ok: false, error: { code: 'invalid_input', message: `${field || '(input)'}: ${issue?.message ?? 'invalid'}`, ...(field ? { field } : {}) } };
    }
    const item: OutboxItem = { requestId: randomUUID(), channel, input, login, madeAt: now() };
    const ahead = outbox.queued().length > 0;
    outbox.add(item); // durable before a byte goes out
    if (!ahead && link.connected) {
      const r = await station(channel, input, item.requestId);
      if (r) {
        // answered (applied or refused): the screen shows it as always
        outbox.remove(item.requestId);
        noteLogin(channel, r.reply);
        return r.reply;
      }
    }
    linkChanged();
    void drain();
    return err('outbox_queued', 'not sent: kept on this machine and sent once the station can be reached');
  };

  const forward = async (channel: string, input: unknown): Promise<Reply<unknown>> => {
    if (channel === 'client:status') return { ok: true, value: status() };
    // live video goes through this process too: the screen opens /video here, relayed to the station
    if (channel === 'video:endpoint') {
      if (!link.connected) return err('station_unreachable', 'the station cannot be reached', { station: o.record.station.name });
      // the same form as the station's own (src-main/api/endpoint.ts): the page opens this URL as it is
      return { ok: true, value: { url: `${server.url.replace(/^http/, 'ws')}/video`, token: server.token } };
    }
    if (channel === 'client:dismissRefused') {
      const id = (input as { requestId?: unknown } | null)?.requestId;
      if (typeof id === 'string') outbox.dismiss(id);
      linkChanged();
      return { ok: true, value: { ok: true } };
    }
    if (channel === 'push:subscribe' || channel === 'push:unsubscribe') {
      const asked = (input as { topics?: unknown } | null)?.topics;
      const list = Array.isArray(asked) ? asked.filter(isTopic) : [];
      if (channel === 'push:subscribe') for (const t of list) topics.add(t);
      else if (Array.isArray(asked)) for (const t of list) topics.delete(t);
      else topics.clear();
      const toStation = list.filter((t) => t !== 'link');
      if (channel === 'push:subscribe' && toStation.length === 0) return { ok: true, value: { seq: lastSeq } };
      if (!link.connected) return channel === 'push:subscribe' ? { ok: true, value: { seq: lastSeq } } : { ok: true, value: { ok: true } };
      const r = await station(channel, { ...(input as object), ...(Array.isArray(asked) ? { topics: toStation } : {}) });
      return r ? r.reply : { ok: true, value: channel === 'push:subscribe' ? { seq: lastSeq } : { ok: true } };
    }
    if (OUTBOX_CHANNELS.has(channel)) return write(channel, input);
    if (!link.connected) return err('station_unreachable', 'the station cannot be reached', { station: o.record.station.name });
    const r = await station(channel, input);
    if (!r) return err('station_unreachable', 'the station cannot be reached', { station: o.record.station.name });
    noteLogin(channel, r.reply);
    if ((channel === 'auth:login' || channel === 'auth:unlock') && r.reply.ok) void drain();
    return r.reply;
  };

  const dispatcher: Dispatcher = {
    async call(channel: string, input: unknown, _ctx: CallContext): Promise<Reply<unknown>> {
      try {
        if (typeof channel !== 'string' || channel.length > 128) return err('unknown_channel', 'unknown channel');
        return await forward(channel, input);
      } catch (e) {
        log(`[client] ${String(channel).slice(0, 64)}: ${(e as Error).message}`);
        return err('internal', 'internal error; the operation was not completed');
      }
    },
    // every local screen shares the device's one station session
    endSession() {},
  };

  const videoAgent = new PinnedAgent(o.record.fingerprint);
  const push = {
    attach(sessionId: string, sink: PushSink) {
      sinks.set(sink, sessionId);
      return () => void sinks.delete(sink);
    },
  };
  const server: BrowserServer = await startBrowserServer({
    dispatcher,
    relayVideo: (ws, req) => relayVideoSocket(ws, req, { record: o.record, agent: videoAgent, sessionKey, log }),
    push,
    ...(o.allowOrigins ? { allowOrigins: o.allowOrigins } : {}),
    staticDir: o.staticDir,
    ...(o.port !== undefined ? { port: o.port } : {}),
    log,
  });
  link.start();

  return {
    server,
    dispatcher,
    push,
    link,
    outbox,
    status,
    drained: async () => {
      while (draining) await draining;
    },
    async close() {
      if (retryTimer) clearTimeout(retryTimer);
      link.close();
      await server.close();
      videoAgent.destroy();
      await draining?.catch(() => {});
      outbox.close();
    },
  };
}
