// What a LOCKED screen may still learn (docs/incidents.md, "The lock screen"): `incidents:waiting`
// answers counts and severities to a signed-in session, locked or not, and nothing to a session
// nobody signed in on; the data-less `waiting` topic reaches a locked session live, while every
// frame with content stays away from it. A real core on a real SQLite file.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/app/core';
import type { PushFrame, PushSink } from '../../src-main/push/hub';
import type { WaitingSummary } from '../../src-shared/domain/incidents';
import { FakeClock, PASSWORD, stationCore, tmpDir } from '../helpers';
import { MIN, addWorkflowUsers, approvedIncident, issueInput, ok, raiseInput } from '../db/incidents-helpers';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let clock: FakeClock;

beforeEach(async () => {
  t = tmpDir();
  clock = new FakeClock();
  core = await stationCore(path.join(t.dir, 'st.db'), clock);
  await addWorkflowUsers(core);
});
afterEach(() => {
  core.close();
  t.cleanup();
});

function sink(): PushSink & { frames: PushFrame[] } {
  const s = {
    frames: [] as PushFrame[],
    send(f: PushFrame) {
      s.frames.push(structuredClone(f));
    },
    backlog: () => 0,
  };
  return s;
}

/** A session signed in as `login` (or nobody), with a sink attached. */
function session(login: string | null, id = `ws:${login ?? 'anon'}`) {
  if (login) core.dispatcher.adopt(id, core.users.byLogin(login)!.id);
  const s = sink();
  core.push.attach(id, s);
  return { id, s, call: (channel: string, input: unknown = {}) => core.dispatcher.call(channel, input, { sessionId: id, transport: 'test' }) };
}

const immediate = () => ({ case: 'b', step: 'Đề nghị dừng việc đưa container ra khỏi khu vực giám sát', toldWhom: 'Đội trưởng Đội Giám sát', at: clock.now() - MIN });

async function waiting(x: ReturnType<typeof session>): Promise<WaitingSummary> {
  const r = await x.call('incidents:waiting');
  if (!r.ok) expect.fail(`incidents:waiting: ${JSON.stringify(r.error)}`);
  return r.value as WaitingSummary;
}

describe('incidents:waiting', () => {
  it('answers a locked session the counts and severity of what waits for its roles — and nothing it could read', async () => {
    const lead = session('lead');
    const officer = session('officer');
    expect(await waiting(lead)).toEqual({ alerts: { count: 0, severity: 'none' }, clocks: { count: 0, severity: 'none' } });
    await ok(core, 'officer', 'incidents:raise', raiseInput(core, { immediate: immediate() }));
    await ok(core, 'officer', 'incidents:raise', raiseInput(core, { immediate: immediate() }));

    expect((await lead.call('auth:lock')).ok).toBe(true);
    // locked: the alerts themselves are refused, the counts are not
    const refused = await lead.call('incidents:alerts', { includeDismissed: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    const w = await waiting(lead);
    expect(w).toEqual({ alerts: { count: 2, severity: 'urgent' }, clocks: { count: 0, severity: 'none' } });
    // an immediate step's alert is for the shift leader: the officer has none waiting
    expect((await waiting(officer)).alerts).toEqual({ count: 0, severity: 'none' });
    // no text, incident, unit or id of anything in the answer
    const text = JSON.stringify(w);
    for (const word of ['container', 'Hữu Nghị', '15E1', 'incident', 'text']) expect(text).not.toContain(word);
  });

  it('is refused to a session nobody signed in on, and to a temporary password', async () => {
    const anon = session(null);
    expect(await anon.call('incidents:waiting')).toMatchObject({ ok: false, error: { code: 'not_authenticated' } });
    const lead = session('lead');
    expect((await lead.call('auth:logout')).ok).toBe(true);
    expect(await lead.call('incidents:waiting')).toMatchObject({ ok: false, error: { code: 'not_authenticated' } });
    await core.users.create({ login: 'tmp', fullName: 'Tạm Thời', roles: ['shift_leader'], password: PASSWORD }, 'admin', { temporary: true });
    const tmp = session(null, 'ws:tmp');
    expect(await tmp.call('auth:login', { login: 'tmp', password: PASSWORD })).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    expect(await tmp.call('incidents:waiting')).toMatchObject({ ok: false, error: { code: 'password_change_required' } });
  });

  it('asking while locked does not keep the session alive (it still idles out)', async () => {
    const lead = session('lead');
    expect((await lead.call('auth:lock')).ok).toBe(true);
    await waiting(lead);
    // the unlocked officer's session: answering the counts is not activity
    const officer = session('officer');
    clock.advance(11 * MIN);
    await waiting(officer);
    expect(await officer.call('logbook:list', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
  });

  it('counts overdue clocks: a warning once due, urgent once escalated to the shift leader, gone when met', async () => {
    const lead = session('lead');
    const inc = await approvedIncident(core);
    const d = await ok(core, 'officer', 'directions:issue', issueInput(core, inc.id, { resultDueAt: clock.now() + 120 * MIN }));
    const directionId = d.directions[0]!.id;
    expect((await waiting(lead)).clocks).toEqual({ count: 0, severity: 'none' });
    clock.advance(31 * MIN); // the 30-minute acknowledgement clock ran out
    expect((await waiting(lead)).clocks).toEqual({ count: 1, severity: 'warning' });
    core.incidents.escalateDue(); // level 1 (room-level leader)
    expect((await waiting(lead)).clocks).toEqual({ count: 1, severity: 'warning' });
    clock.advance(10 * MIN);
    core.incidents.escalateDue(); // level 2 (shift leader)
    const w = await waiting(lead);
    expect(w.clocks).toEqual({ count: 1, severity: 'urgent' });
    // the escalation to the shift leader is an alert waiting for the lead
    expect(w.alerts).toMatchObject({ severity: 'urgent' });
    expect(w.alerts.count).toBeGreaterThanOrEqual(1);
    await ok(core, 'officer', 'directions:acknowledge', { directionId, handler: 'Ông B', expectedAt: clock.now() + 30 * MIN });
    expect((await waiting(lead)).clocks).toEqual({ count: 0, severity: 'none' });
  });
});

describe('the waiting topic', () => {
  it('reaches a locked session live (data-less), while the alerts with content do not', async () => {
    const lead = session('lead');
    expect((await lead.call('push:subscribe', { topics: ['alerts', 'clocks', 'waiting'] })).ok).toBe(true);
    expect((await lead.call('auth:lock')).ok).toBe(true);
    // subscribing again while locked (a reload of the lock screen) is allowed: push:subscribe is public
    expect((await lead.call('push:subscribe', { topics: ['waiting'] })).ok).toBe(true);
    await ok(core, 'officer', 'incidents:raise', raiseInput(core, { immediate: immediate() }));
    const topics = lead.s.frames.map((f) => f.topic);
    expect(topics).toContain('waiting');
    expect(topics).not.toContain('alerts');
    for (const f of lead.s.frames) expect(f.data).toBeUndefined();
    // and the counts it then asks for are up to date
    expect((await waiting(lead)).alerts).toEqual({ count: 1, severity: 'urgent' });
  });

  it('dismissing the alert elsewhere sends another frame, and the count falls to zero', async () => {
    const lead = session('lead', 'ws:lead-wall');
    const other = session('lead', 'ws:lead-desk');
    expect((await lead.call('push:subscribe', { topics: ['waiting'] })).ok).toBe(true);
    await ok(core, 'officer', 'incidents:raise', raiseInput(core, { immediate: immediate() }));
    expect((await lead.call('auth:lock')).ok).toBe(true);
    const r = await other.call('incidents:alerts', { includeDismissed: false });
    const alertId = (r as { ok: true; value: { id: string }[] }).value[0]!.id;
    const before = lead.s.frames.length;
    expect((await other.call('incidents:dismissAlert', { alertId })).ok).toBe(true);
    expect(lead.s.frames.slice(before).map((f) => f.topic)).toEqual(['waiting']);
    expect((await waiting(lead)).alerts).toEqual({ count: 0, severity: 'none' });
  });
});
