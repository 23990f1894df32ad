import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openCore } from '../../src-main/app/core';
import type { Core } from '../../src-main/app/core';
import { FakeClock, stationCore, tmpDir } from '../helpers';
import { translateError } from '../../src-shared/i18n/errors';
import type { IncidentAlert, IncidentDetail, InboundRequest } from '../../src-shared/domain/incidents';
import { MIN, addWorkflowUsers, approvedIncident, issueInput, ok, refused, registerRequest } from './incidents-helpers';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let clock: FakeClock;
let file: string;

/** A watcher driven by hand: start() runs its start-up round, tick() one more round. */
function startWatcher(c: Core) {
  let tick: (() => void) | null = null;
  const w = c.startIncidentWatcher({
    intervalMs: 5_000,
    setInterval: (fn) => {
      tick = fn;
      return 1;
    },
    clearInterval: () => {
      tick = null;
    },
  });
  return { watcher: w, tick: () => tick?.() };
}

const escalations = (c: Core) =>
  (c.db.prepare(`SELECT type, occurred_at, recorded_at, payload FROM events WHERE type = 'direction.escalated' ORDER BY seq`).all() as { occurred_at: number; recorded_at: number; payload: string }[]).map((e) => {
    const p = JSON.parse(e.payload) as { clock: string; level: number; to: string; targetId: string };
    return { clock: p.clock, level: p.level, to: p.to, target: p.targetId, occurredAt: e.occurred_at, recordedAt: e.recorded_at };
  });

beforeEach(async () => {
  t = tmpDir();
  clock = new FakeClock();
  file = path.join(t.dir, 'st.sqlite');
  core = await stationCore(file, clock);
  await addWorkflowUsers(core);
});
afterEach(() => {
  core.close();
  t.cleanup();
});

/** An approved c.2 incident with one direction issued now; returns the direction id. */
async function issued(c: Core, resultInMin = 120): Promise<{ incident: IncidentDetail; directionId: string; issuedAt: number }> {
  const inc = await approvedIncident(c);
  const d = await ok(c, 'officer', 'directions:issue', issueInput(c, inc.id, { resultDueAt: clock.now() + resultInMin * MIN }));
  return { incident: d, directionId: d.directions[0]!.id, issuedAt: clock.now() };
}

function reopen(): void {
  core.close();
  core = openCore({ dbPath: file, clock });
}

describe('acknowledgement and result clocks', () => {
  it('is right after a restart: computed from the stored events', async () => {
    const { incident, directionId, issuedAt } = await issued(core);
    clock.advance(20 * MIN);
    reopen();
    const d = core.incidents.get(incident.id).directions[0]!;
    expect(d.id).toBe(directionId);
    expect(d.ackClock).toMatchObject({ startedAt: issuedAt, dueAt: issuedAt + 30 * MIN, state: 'running', remainingMs: 10 * MIN });
    clock.advance(11 * MIN);
    expect(core.incidents.get(incident.id).directions[0]!.ackClock).toMatchObject({ state: 'overdue', remainingMs: -MIN });
    expect(core.incidents.get(incident.id).overdue).toBe(true);
  });

  it('starts at the stated receipt time when it is earlier than the recording, never later', async () => {
    const inc = await approvedIncident(core);
    const d = await ok(core, 'officer', 'directions:issue', issueInput(core, inc.id, { issuedAt: clock.now() - 12 * MIN }));
    expect(d.directions[0]!.ackClock).toMatchObject({ startedAt: clock.now() - 12 * MIN, dueAt: clock.now() + 18 * MIN });
    const r = await registerRequest(core, { receivedAt: clock.now() + 3 * MIN });
    expect(r.ackClock.startedAt).toBe(clock.now());
  });

  it('after hours offline, the restart raises escalation 1 then 2 for each clock, in order, exactly once', async () => {
    const { incident, directionId, issuedAt } = await issued(core, 60);
    const req = await registerRequest(core);
    core.close();
    clock.advance(5 * 3600_000); // the station was off for five hours
    core = openCore({ dbPath: file, clock });
    const { tick } = startWatcher(core);
    const esc = escalations(core);
    const ackDue = issuedAt + 30 * MIN;
    const resDue = issuedAt + 60 * MIN;
    expect(esc.map((e) => [e.target === directionId ? 'dir' : e.target === req.id ? 'req' : '?', e.clock, e.level, e.to, e.occurredAt - issuedAt])).toEqual([
      ['dir', 'ack', 1, 'room_leader', 30 * MIN],
      ['req', 'ack', 1, 'room_leader', 30 * MIN],
      ['dir', 'ack', 2, 'shift_leader', 40 * MIN],
      ['req', 'ack', 2, 'shift_leader', 40 * MIN],
      ['dir', 'result', 1, 'room_leader', 60 * MIN],
      ['dir', 'result', 2, 'shift_leader', 70 * MIN],
    ]);
    expect(esc.every((e) => e.recordedAt === clock.now())).toBe(true);
    // ticking again, or restarting again, raises nothing more
    tick();
    clock.advance(3600_000);
    tick();
    reopen();
    startWatcher(core);
    expect(escalations(core)).toHaveLength(6);
    const d = core.incidents.get(incident.id).directions[0]!;
    expect(d.ackClock.escalations.map((e) => [e.level, e.to, e.dueAt])).toEqual([
      [1, 'room_leader', ackDue],
      [2, 'shift_leader', ackDue],
    ]);
    expect(d.resultClock.escalations.map((e) => e.dueAt)).toEqual([resDue, resDue]);
    // alerts go to the role of each level; the logbook has one note per escalation
    const room = core.incidents.alerts(['room_leader'], false).filter((a) => a.kind === 'escalation');
    const lead = core.incidents.alerts(['shift_leader'], false).filter((a) => a.kind === 'escalation');
    expect(room).toHaveLength(3);
    expect(lead).toHaveLength(3);
    expect(core.logbook.list({ kinds: ['note'] }, 50).entries.filter((e) => e.text.startsWith('Quá thời hạn'))).toHaveLength(6);
  });

  it('Điều 9.2: the acknowledgement clock may be shortened, never lengthened beyond 30 minutes (refused with the article named)', async () => {
    const before = core.journal.head.seq;
    const err = await refused(core, 'lead', 'incidents:setSettings', { ackMinutes: 31 });
    expect(err).toMatchObject({ code: 'ack_over_regulation', field: 'ackMinutes', params: { max: 30 } });
    expect(translateError('vi', err)).toContain('Điều 9.2');
    expect(translateError('en', err)).toContain('Article 9.2');
    expect(core.journal.head.seq).toBe(before);
    expect(core.incidents.settings().ackMinutes).toBe(30);
    await ok(core, 'lead', 'incidents:setSettings', { ackMinutes: 20 });
    expect(core.incidents.settings().ackMinutes).toBe(20);
    // the escalation step alone is still free to change; 30 itself is allowed
    await ok(core, 'lead', 'incidents:setSettings', { ackMinutes: 30, escalationMinutes: 45 });
    expect(core.incidents.settings()).toEqual({ ackMinutes: 30, escalationMinutes: 45 });
  });

  it('escalates the room-level leader at due, the shift leader escalationMinutes later, each once, while running', async () => {
    await ok(core, 'lead', 'incidents:setSettings', { ackMinutes: 15, escalationMinutes: 5 });
    const { directionId, issuedAt } = await issued(core);
    const { tick } = startWatcher(core);
    const step = (ms: number) => {
      clock.advance(ms);
      tick();
    };
    step(14 * MIN);
    expect(escalations(core)).toEqual([]);
    step(1 * MIN + 1);
    expect(escalations(core).map((e) => [e.level, e.to])).toEqual([[1, 'room_leader']]);
    expect(escalations(core)[0]!.occurredAt).toBe(issuedAt + 15 * MIN);
    step(4 * MIN);
    expect(escalations(core)).toHaveLength(1);
    step(1 * MIN);
    expect(escalations(core).map((e) => [e.level, e.to, e.target])).toEqual([
      [1, 'room_leader', directionId],
      [2, 'shift_leader', directionId],
    ]);
    for (let i = 0; i < 5; i++) step(5_000);
    expect(escalations(core)).toHaveLength(2);
    const alerts = await ok<IncidentAlert[]>(core, 'lead', 'incidents:alerts', {});
    expect(alerts.filter((a) => a.kind === 'escalation').map((a) => a.directionId)).toEqual([directionId]);
  });

  it('an acknowledgement in time stops the ack clock: no escalation; a late one is marked late', async () => {
    const a = await issued(core);
    clock.advance(29 * MIN);
    await ok(core, 'officer', 'directions:acknowledge', { directionId: a.directionId, handler: 'Đội Giám sát', expectedAt: clock.now() + 30 * MIN });
    const b = await issued(core);
    const { tick } = startWatcher(core);
    clock.advance(45 * MIN);
    tick();
    expect(escalations(core).map((e) => [e.target, e.clock, e.level])).toEqual([
      [b.directionId, 'ack', 1],
      [b.directionId, 'ack', 2],
    ]);
    const late = await ok(core, 'officer', 'directions:acknowledge', { directionId: b.directionId, handler: 'Đội Kiểm soát', expectedAt: clock.now() + 30 * MIN });
    expect(late.directions.find((d) => d.id === b.directionId)!.ackClock).toMatchObject({ state: 'late', remainingMs: -15 * MIN });
    expect(core.incidents.get(a.incident.id).directions[0]!.ackClock.state).toBe('met');
  });

  it('a late result without the cause and the person responsible is refused (nothing written); with them it is accepted', async () => {
    const { incident, directionId } = await issued(core, 60);
    clock.advance(61 * MIN);
    const before = core.journal.head.seq;
    const e = await refused(core, 'officer', 'directions:result', { directionId, text: 'Đã kiểm tra' });
    expect(e.code).toBe('late_cause_required');
    expect(translateError('vi', e)).toMatch(/^Kết quả báo cáo chậm so với thời hạn \(\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}\) phải nêu rõ nguyên nhân và người chịu trách nhiệm \(Điều 9\.3\)$/);
    expect((await refused(core, 'officer', 'directions:result', { directionId, text: 'Đã kiểm tra', lateCause: 'Mất liên lạc' })).code).toBe('late_cause_required');
    expect(core.journal.head.seq).toBe(before);
    // a result stated as reported before the due time is not late
    const inTime = await issued(core, 60);
    clock.advance(70 * MIN);
    const met = await ok(core, 'officer', 'directions:result', { directionId: inTime.directionId, text: 'Đã báo cáo qua điện thoại', at: inTime.issuedAt + 50 * MIN });
    expect(met.directions[0]!.resultClock.state).toBe('met');
    const done = await ok(core, 'officer', 'directions:result', { directionId, text: 'Đã kiểm tra', lateCause: 'Mất liên lạc với đội', responsible: 'Nguyễn Văn A' });
    const d = done.id === incident.id ? done.directions[0]! : core.incidents.get(incident.id).directions[0]!;
    expect(d.result).toMatchObject({ late: true, lateCause: 'Mất liên lạc với đội', responsible: 'Nguyễn Văn A' });
    expect(d.resultClock.state).toBe('late');
    // a second result is refused
    expect((await refused(core, 'officer', 'directions:result', { directionId, text: 'Lần nữa' })).code).toBe('illegal_transition');
  });

  it('requests: the answer clock escalates; a late result needs the cause and the person responsible', async () => {
    const r = await registerRequest(core, { resultDueAt: clock.now() + 60 * MIN });
    const { tick } = startWatcher(core);
    clock.advance(31 * MIN);
    tick();
    expect(escalations(core).map((e) => [e.target, e.clock, e.level])).toEqual([[r.id, 'ack', 1]]);
    await ok<InboundRequest>(core, 'room', 'requests:answer', { requestId: r.id, handler: 'Đội Giám sát', expectedAt: clock.now() + 20 * MIN });
    clock.advance(40 * MIN);
    tick();
    expect(escalations(core).map((e) => [e.clock, e.level])).toEqual([
      ['ack', 1],
      ['result', 1],
      ['result', 2],
    ]);
    expect(await refused(core, 'officer', 'requests:result', { requestId: r.id, text: 'Xong' })).toMatchObject({ code: 'late_cause_required', field: 'lateCause' });
    const done = await ok<InboundRequest>(core, 'officer', 'requests:result', { requestId: r.id, text: 'Xong', lateCause: 'Chờ số liệu', responsible: 'Trần Văn C' });
    expect(done.result).toMatchObject({ late: true, responsible: 'Trần Văn C' });
    expect(done.resultClock?.state).toBe('late');
    expect(done.ackClock.state).toBe('late');
  });
});

describe('clock jumps (injected clock)', () => {
  it('a forward jump is journaled, flags the running clocks, and escalations follow the wall clock', async () => {
    const { incident } = await issued(core);
    const { tick } = startWatcher(core);
    clock.advance(5_000);
    tick();
    clock.jump(2 * 3600_000); // someone sets the machine two hours ahead
    clock.advance(5_000);
    tick();
    const jumps = core.db.prepare(`SELECT payload FROM events WHERE type = 'clock.jumped'`).pluck().all() as string[];
    expect(jumps.map((j) => JSON.parse(j) as { deltaMs: number })).toEqual([expect.objectContaining({ deltaMs: 2 * 3600_000 })]);
    const d = core.incidents.get(incident.id).directions[0]!;
    expect(d.ackClock).toMatchObject({ clockJumped: true, state: 'overdue' });
    expect(core.incidents.alerts(['office_officer'], false).map((a) => a.kind)).toEqual(['clock_jump']);
    expect(core.logbook.list({ kinds: ['note'] }, 10).entries.some((e) => e.text.includes('Đồng hồ máy tính bị thay đổi tiến 120 phút'))).toBe(true);
    // a clock that started after the jump is not flagged
    const later = await issued(core);
    expect(core.incidents.get(later.incident.id).directions[0]!.ackClock.clockJumped).toBe(false);
  });

  it('a backward jump is flagged and the effective time never goes back: an overdue clock stays overdue', async () => {
    const { incident } = await issued(core);
    const { tick } = startWatcher(core);
    clock.advance(31 * MIN);
    tick();
    expect(core.incidents.get(incident.id).directions[0]!.ackClock.state).toBe('overdue');
    const high = clock.now();
    clock.jump(-3600_000); // set back one hour
    clock.advance(5_000);
    tick();
    const d = core.incidents.get(incident.id).directions[0]!;
    expect(d.ackClock).toMatchObject({ state: 'overdue', clockJumped: true });
    expect(core.incidents.effectiveNow()).toBeGreaterThanOrEqual(high);
    expect(escalations(core).filter((e) => e.clock === 'ack')).toHaveLength(1);
    // the shift leader's escalation comes due by the effective time, not earlier
    clock.advance(10 * MIN);
    tick();
    expect(escalations(core).filter((e) => e.clock === 'ack')).toHaveLength(1);
  });

  it('at start-up, a wall clock earlier than the last recorded event counts as a backward jump (once)', async () => {
    const { incident } = await issued(core);
    clock.advance(40 * MIN);
    core.incidents.escalateDue();
    core.close();
    clock.jump(-2 * 3600_000);
    core = openCore({ dbPath: file, clock });
    startWatcher(core);
    const jumps = core.db.prepare(`SELECT payload FROM events WHERE type = 'clock.jumped'`).pluck().all() as string[];
    expect(jumps).toHaveLength(1);
    expect((JSON.parse(jumps[0]!) as { deltaMs: number }).deltaMs).toBe(-2 * 3600_000);
    expect(core.incidents.get(incident.id).directions[0]!.ackClock).toMatchObject({ state: 'overdue', clockJumped: true });
    reopen();
    startWatcher(core);
    expect(core.db.prepare(`SELECT COUNT(*) FROM events WHERE type = 'clock.jumped'`).pluck().get()).toBe(1);
  });

  it('the watcher stops with the core and only runs on a set-up station', async () => {
    const { watcher } = startWatcher(core);
    expect(watcher.running).toBe(true);
    core.close();
    expect(watcher.running).toBe(false);
    const fresh = openCore({ dbPath: path.join(t.dir, 'empty.sqlite'), clock });
    const w = startWatcher(fresh);
    w.tick();
    expect(fresh.journal.head.seq).toBe(0);
    fresh.close();
    core = openCore({ dbPath: file, clock });
  });
});
