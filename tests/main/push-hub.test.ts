// The push hub over a real core: role filtering, after-commit only, bounded queues → resync,
// resume from seq without loss (src-main/push/hub.ts, docs/architecture.md "Push").
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/app/core';
import { PushHub, maySee, standingMaySee } from '../../src-main/push/hub';
import { contract } from '../../src-shared/contract';
import { TOPICS, TOPIC_NAMES } from '../../src-shared/contract/topics';
import type { PushFrame, PushSink } from '../../src-main/push/hub';
import type { FakeClock } from '../helpers';
import { freshStation } from '../helpers';
import { MIN, ok, raiseInput } from '../db/incidents-helpers';
import { emptyIdentifiers } from '../../src-shared/domain/logbook';

/** A sink that records frames; `stuck` makes it report a full write buffer. */
function sink(): PushSink & { frames: PushFrame[]; stuck: boolean } {
  const s = {
    frames: [] as PushFrame[],
    stuck: false,
    send(f: PushFrame) {
      s.frames.push(structuredClone(f));
    },
    backlog: () => (s.stuck ? Number.POSITIVE_INFINITY : 0),
  };
  return s;
}

const topicsOf = (frames: PushFrame[]) => frames.map((f) => f.topic);

let core!: Core;
let clock!: FakeClock;
freshStation((s) => ({ core, clock } = s), 'st.db');

/** A session signed in as `login` with a sink attached. */
function session(login: string | null, id = `ws:${login ?? 'anon'}`) {
  if (login) core.dispatcher.adopt(id, core.users.byLogin(login)!.id);
  const s = sink();
  const detach = core.push.attach(id, s);
  return { id, s, detach };
}

const immediate = () => ({ case: 'b', step: 'Đề nghị dừng việc đưa container ra khỏi khu vực giám sát', toldWhom: 'Đội trưởng Đội Giám sát', at: clock.now() - MIN });

describe('topics', () => {
  it('each topic is seen as a real contract channel, and its audience is that channel’s', () => {
    for (const t of TOPIC_NAMES) expect(Object.hasOwn(contract, TOPICS[t].seenAs), t).toBe(true);
    const officer = core.users.byLogin('officer');
    const lead = core.users.byLogin('lead');
    // stream statistics are for leaders and administrators (video:stats)
    expect(maySee('video.stats', officer)).toBe(false);
    expect(maySee('video.stats', lead)).toBe(true);
    expect(maySee('journal', null)).toBe(false);
    expect(maySee('resync', null)).toBe(true);
    expect(maySee('no.such', lead)).toBe(false);
    // a frame narrowed to a role: only its holders; 'all': every user who may see the topic
    expect(maySee('alerts', officer, ['shift_leader'])).toBe(false);
    expect(maySee('alerts', lead, ['shift_leader'])).toBe(true);
    expect(maySee('alerts', officer, ['all'])).toBe(true);
    expect(maySee('alerts', null, ['all'])).toBe(false);
  });
});

describe('push hub', () => {
  it('pushes an immediate step’s alert to the shift leader only, and the incident change to every signed-in user', async () => {
    const lead = session('lead');
    const officer = session('officer');
    const anon = session(null);
    for (const x of [lead, officer, anon]) core.push.subscribe(x.id, ['alerts', 'incidents', 'journal']);
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { immediate: immediate() }));

    const alerts = lead.s.frames.filter((f) => f.topic === 'alerts');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.data).toMatchObject({ kind: 'immediate_step', to: 'shift_leader', dismissed: false });
    expect(officer.s.frames.filter((f) => f.topic === 'alerts')).toEqual([]);
    for (const x of [lead, officer]) {
      expect(x.s.frames.filter((f) => f.topic === 'incidents').map((f) => (f.data as { incidentId: string }).incidentId)).toContain(inc.id);
      // journal frames carry seq and type, never the payload
      const j = x.s.frames.filter((f) => f.topic === 'journal');
      expect(j.map((f) => (f.data as { type: string }).type)).toEqual(['incident.raised', 'incident.immediate_step', ...j.slice(2).map((f) => (f.data as { type: string }).type)]);
      for (const f of j) expect(Object.keys(f.data as object).sort()).toEqual(['seq', 'type']);
    }
    // nothing but public frames to a signed-out session (none of these is public)
    expect(anon.s.frames).toEqual([]);
    // a session that is locked gets nothing either
    await core.dispatcher.call('auth:lock', {}, { sessionId: lead.id, transport: 'test' });
    const before = lead.s.frames.length;
    await ok(core, 'officer', 'incidents:raise', raiseInput(core, { immediate: immediate() }));
    expect(lead.s.frames.length).toBe(before);
  });

  it('sends only subscribed topics, and seqs in journal order', async () => {
    const lead = session('lead');
    core.push.subscribe(lead.id, ['incidents']);
    await ok(core, 'officer', 'incidents:raise', raiseInput(core, { immediate: immediate() }));
    expect(new Set(topicsOf(lead.s.frames))).toEqual(new Set(['incidents']));
    const seqs = lead.s.frames.map((f) => f.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs.at(-1)).toBe(core.journal.head.seq);
  });

  it('publishes after the commit only: a rolled-back transaction sends nothing, a savepoint rolled back inside a committed one sends only what committed', () => {
    const lead = session('lead');
    core.push.subscribe(lead.id, ['journal']);
    // a plain logbook note (its payload must fit its schema): the journal rows and the frames are under test
    const entry = (text: string) => ({
      type: 'logbook.entry_added',
      actor: 'lead',
      payload: { kind: 'note', text, details: {}, identifiers: emptyIdentifiers(), linkedEntryId: null, attachments: [] },
    });
    const seen: number[] = [];
    const off = core.journal.onCommit(() => seen.push(lead.s.frames.length));
    expect(() =>
      core.journal.tx(() => {
        core.journal.appendInTx(entry('một'));
        // inside the transaction nothing has been pushed yet
        expect(lead.s.frames).toEqual([]);
        throw new Error('rollback');
      }),
    ).toThrow('rollback');
    expect(lead.s.frames).toEqual([]);
    expect(seen).toEqual([]);

    const head = core.journal.head.seq;
    core.journal.tx(() => {
      core.journal.appendInTx(entry('hai'));
      try {
        core.journal.tx(() => {
          core.journal.appendInTx(entry('ba'));
          throw new Error('inner');
        });
      } catch {
        // the savepoint is rolled back; the outer transaction goes on
      }
      core.journal.appendInTx(entry('bốn'));
    });
    off();
    expect(lead.s.frames.map((f) => f.seq)).toEqual([head + 1, head + 2]);
    expect(core.journal.page(head + 1, 10).map((e) => e.seq)).toEqual([head + 1, head + 2]);
    expect(seen).toHaveLength(1);
  });

  it('a screen that does not keep up gets its queue dropped and one resync marker, then frames again', () => {
    const hub = new PushHub({
      sessionUser: () => core.users.byLogin('lead'),
      derive: () => [{ topic: 'journal', data: { x: 'y'.repeat(100) } }],
      page: () => [],
      head: () => 0,
      limits: { maxQueueFrames: 5, maxQueueBytes: 1_000_000, drainMs: 5 },
    });
    const slow = sink();
    const fast = sink();
    hub.attach('slow', slow);
    hub.attach('fast', fast);
    hub.subscribe('slow', ['journal']);
    hub.subscribe('fast', ['journal']);
    slow.stuck = true;
    const ev = (seq: number) => ({ seq, eventId: `e${seq}`, type: 't', typeVersion: 1, hlc: '', occurredAt: 0, recordedAt: 0, actor: 'a', payload: '{}', hash: Buffer.alloc(0) });
    for (let seq = 1; seq <= 50; seq++) hub.publishEvents([ev(seq)]);
    expect(fast.frames.map((f) => f.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(slow.frames).toEqual([]);
    // bounded: one marker waits, naming the newest seq dropped
    expect(hub.queued('slow')).toBe(1);
    slow.stuck = false;
    // the frame that finds the screen ready again is folded into the marker; the next goes as itself
    hub.publishEvents([ev(51)]);
    expect(slow.frames).toEqual([{ topic: 'resync', seq: 51 }]);
    hub.publishEvents([ev(52)]);
    expect(slow.frames.map((f) => [f.topic, f.seq])).toEqual([
      ['resync', 51],
      ['journal', 52],
    ]);
    hub.close();
  });

  it('a bulk transaction larger than a queue sends one resync instead of deriving every frame', () => {
    let derived = 0;
    const hub = new PushHub({
      sessionUser: () => core.users.byLogin('lead'),
      derive: () => (derived++, [{ topic: 'journal' }]),
      page: () => [],
      head: () => 0,
      limits: { maxQueueFrames: 10 },
    });
    const s = sink();
    hub.attach('s', s);
    hub.subscribe('s', ['journal']);
    const ev = (seq: number) => ({ seq, eventId: `e${seq}`, type: 't', typeVersion: 1, hlc: '', occurredAt: 0, recordedAt: 0, actor: 'a', payload: '{}', hash: Buffer.alloc(0) });
    hub.publishEvents(Array.from({ length: 11 }, (_, i) => ev(i + 1)));
    expect(s.frames).toEqual([{ topic: 'resync', seq: 11 }]);
    expect(derived).toBe(0);
    hub.publishEvents(Array.from({ length: 10 }, (_, i) => ev(i + 12)));
    expect(s.frames).toHaveLength(11);
    hub.close();
  });

  it('a byte bound drops the queue as well', () => {
    const hub = new PushHub({
      sessionUser: () => core.users.byLogin('lead'),
      derive: () => [{ topic: 'journal', data: 'x'.repeat(1_000) }],
      page: () => [],
      head: () => 0,
      limits: { maxQueueFrames: 1_000, maxQueueBytes: 5_000 },
    });
    const s = sink();
    s.stuck = true;
    hub.attach('s', s);
    hub.subscribe('s', ['journal']);
    const ev = (seq: number) => ({ seq, eventId: `e${seq}`, type: 't', typeVersion: 1, hlc: '', occurredAt: 0, recordedAt: 0, actor: 'a', payload: '{}', hash: Buffer.alloc(0) });
    for (let seq = 1; seq <= 4; seq++) hub.publishEvents([ev(seq)]);
    expect(hub.queued('s')).toBe(4);
    hub.publishEvents([ev(5)]);
    expect(hub.queued('s')).toBe(1);
    hub.close();
  });

  it('resumes from the last seq seen: every change made while disconnected arrives after reconnect', async () => {
    const first = session('lead');
    const { seq } = core.push.subscribe(first.id, ['journal', 'incidents', 'alerts']);
    await ok(core, 'officer', 'logbook:add', { kind: 'note', text: 'Trước khi mất kết nối' });
    const seen = first.s.frames.filter((f) => f.topic === 'journal');
    expect(seen.length).toBeGreaterThan(0);
    const last = Math.max(seq, ...first.s.frames.map((f) => f.seq));
    first.detach();

    // while the screen is away: an entry, an incident with an immediate step
    await ok(core, 'officer', 'logbook:add', { kind: 'note', text: 'Trong lúc mất kết nối' });
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { immediate: immediate() }));
    const missed = core.journal.page(last + 1, 1000);
    expect(missed.length).toBeGreaterThan(2);

    const again = sink();
    core.push.attach(first.id, again);
    const r = core.push.subscribe(first.id, ['journal', 'incidents', 'alerts'], last);
    expect(r.seq).toBe(core.journal.head.seq);
    const journal = again.frames.filter((f) => f.topic === 'journal');
    expect(journal.map((f) => f.seq)).toEqual(missed.map((e) => e.seq));
    expect(journal.map((f) => (f.data as { type: string }).type)).toEqual(missed.map((e) => e.type));
    expect(again.frames.some((f) => f.topic === 'alerts')).toBe(true);
    expect(again.frames.some((f) => f.topic === 'incidents' && (f.data as { incidentId: string }).incidentId === inc.id)).toBe(true);
    expect(again.frames.some((f) => f.topic === 'resync')).toBe(false);
  });

  it('resuming from too far back (or from a seq this journal never had) gives one resync', async () => {
    const hub = new PushHub({
      sessionUser: () => core.users.byLogin('lead'),
      derive: () => [{ topic: 'journal' }],
      page: (from, limit) => core.journal.page(from, limit),
      head: () => core.journal.head.seq,
      limits: { maxReplay: 3 },
    });
    const s = sink();
    hub.attach('a', s);
    const head = core.journal.head.seq;
    hub.subscribe('a', ['journal'], head - 3);
    expect(topicsOf(s.frames)).toEqual(['journal', 'journal', 'journal']);
    s.frames.length = 0;
    hub.subscribe('a', ['journal'], head - 4);
    expect(s.frames).toEqual([{ topic: 'resync', seq: head }]);
    s.frames.length = 0;
    hub.subscribe('a', ['journal'], head + 10);
    expect(s.frames).toEqual([{ topic: 'resync', seq: head }]);
    hub.close();
  });

  it('push:subscribe goes through the dispatcher: unknown topics are refused, the answer is the journal head; unsubscribe stops the frames', async () => {
    const lead = session('lead');
    const call = (ch: string, input: unknown) => core.dispatcher.call(ch, input, { sessionId: lead.id, transport: 'test' });
    const bad = await call('push:subscribe', { topics: ['nope'] });
    expect(bad.ok).toBe(false);
    const good = await call('push:subscribe', { topics: ['notifications', 'cameras'] });
    expect(good).toEqual({ ok: true, value: { seq: core.journal.head.seq } });
    const cam = (n: number) => ({ number: n, name: `Cổng ${n}`, siteType: 'road_border_gate', siteName: 'Cửa khẩu quốc tế Hữu Nghị', zone: 'entry_exit_lanes', unitCode: '15e1', mainUrl: `rtsp://127.0.0.1:8554/cam${n}/main` });
    const saved = await ok<{ id: string }>(core, 'admin', 'cameras:save', cam(1));
    expect(lead.s.frames).toEqual([{ topic: 'cameras', seq: core.journal.head.seq, data: { cameraId: saved.id, type: 'camera.registered' } }]);
    expect(await call('push:unsubscribe', {})).toEqual({ ok: true, value: { ok: true } });
    await ok(core, 'admin', 'cameras:save', cam(2));
    expect(lead.s.frames).toHaveLength(1);
  });

  it('a wall preset saved or deleted is pushed on topic walls with its name (a wall showing it follows)', async () => {
    const officer = session('officer');
    const call = (ch: string, input: unknown) => core.dispatcher.call(ch, input, { sessionId: officer.id, transport: 'test' });
    expect((await call('push:subscribe', { topics: ['walls'] })).ok).toBe(true);
    const layout = { layout: '1', custom: { rows: 2, cols: 2 }, tiles: [] };
    expect((await call('walls:savePreset', { name: 'Ca đêm', display: 1, layout })).ok).toBe(true);
    expect((await call('walls:deletePreset', { name: 'Ca đêm' })).ok).toBe(true);
    expect(officer.s.frames.map((f) => f.data)).toEqual([
      { name: 'Ca đêm', type: 'wall.preset_saved' },
      { name: 'Ca đêm', type: 'wall.preset_deleted' },
    ]);
    expect(officer.s.frames.every((f) => f.topic === 'walls')).toBe(true);
  });
});

describe("a wall's standing principal on push", () => {
  it('sees only topics read through its standing channels, never a frame narrowed to roles or logins', () => {
    const standing = new Set(['walls:presets', 'video:health', 'cameras:tree']);
    expect(standingMaySee('walls', standing)).toBe(true);
    expect(standingMaySee('camera.health', standing)).toBe(true);
    expect(standingMaySee('cameras', standing)).toBe(true);
    expect(standingMaySee('journal', standing)).toBe(false);
    expect(standingMaySee('alerts', standing)).toBe(false);
    expect(standingMaySee('walls', standing, ['shift_leader'])).toBe(false);
    expect(standingMaySee('walls', standing, ['all'])).toBe(true);
    expect(standingMaySee('walls', standing, undefined, ['officer'])).toBe(false);
    expect(standingMaySee('walls', null)).toBe(false);
    expect(standingMaySee('no.such.topic', standing)).toBe(false);
  });
});
