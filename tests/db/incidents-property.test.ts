/**
 * Property: whatever users of whatever roles do, in whatever order, through the real
 * dispatcher and SQLite — no direction is issued without the approvals its incident's cases
 * require at that moment, no incident closes with a direction lacking its result, every
 * incident's projected state is the replay of its journal events through the reducer, and a
 * refused action writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import path from 'node:path';
import type { Core } from '../../src-main/app/core';
import { FakeClock, callAs, stationCore, tmpDir } from '../helpers';
import { HANDLING_CASES, requiredApprovals } from '../../src-shared/domain/incidents';
import type { ApprovalLevel, HandlingCase, IncidentDetail } from '../../src-shared/domain/incidents';
import type { WorkflowState } from '../../src-shared/domain/incident-workflow';
import { MIN, addWorkflowUsers, issueInput, raiseInput } from './incidents-helpers';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let clock: FakeClock;

beforeAll(async () => {
  t = tmpDir();
  clock = new FakeClock();
  core = await stationCore(path.join(t.dir, 'prop.sqlite'), clock);
  await addWorkflowUsers(core);
});
afterAll(() => {
  core.close();
  t.cleanup();
});

const LOGINS = ['officer', 'office', 'head', 'room', 'lead', 'dg', 'admin'] as const;
const user = (likely: string) => fc.oneof({ weight: 6, arbitrary: fc.constant(likely) }, { weight: 1, arbitrary: fc.constantFrom(...LOGINS) });
/** Which incident/direction: counted from the newest, mostly the newest one or two. */
const idx = fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.nat(7) });
const cases = fc.oneof({ weight: 4, arbitrary: fc.subarray([...HANDLING_CASES], { minLength: 1, maxLength: 2 }) }, { weight: 1, arbitrary: fc.constant([] as HandlingCase[]) });

type Action =
  | { k: 'raise'; u: string; cases: HandlingCase[]; immediate: boolean }
  | { k: 'classify'; u: string; i: number; cases: HandlingCase[] }
  | { k: 'propose'; u: string; i: number }
  | { k: 'decide'; u: string; i: number; decision: 'approved' | 'rejected'; note: string }
  | { k: 'dg'; u: string; i: number; decision: 'approved' | 'rejected'; how: 'app' | 'phone' | 'paper' | 'in_person'; note: string }
  | { k: 'issue'; u: string; i: number }
  | { k: 'ack'; u: string; d: number }
  | { k: 'result'; u: string; d: number; cause: boolean }
  | { k: 'close'; u: string; i: number }
  | { k: 'advance'; minutes: number }
  /** The next legal step of an incident, by the right role (drives walks deep into the workflow). */
  | { k: 'next'; i: number };

const raise = fc.record({ k: fc.constant('raise' as const), u: user('officer'), cases, immediate: fc.boolean() });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: raise },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('classify' as const), u: user('officer'), i: idx, cases: fc.subarray([...HANDLING_CASES], { minLength: 1, maxLength: 2 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('propose' as const), u: user('room'), i: idx }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('decide' as const), u: user('lead'), i: idx, decision: fc.constantFrom('approved' as const, 'approved' as const, 'rejected' as const), note: fc.constantFrom('', 'Chưa đủ căn cứ') }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('dg' as const),
      u: fc.constantFrom('dg', 'lead', 'room', 'officer'),
      i: idx,
      decision: fc.constantFrom('approved' as const, 'rejected' as const),
      how: fc.constantFrom('app' as const, 'phone' as const, 'paper' as const, 'in_person' as const),
      note: fc.constantFrom('', 'Ý kiến'),
    }),
  },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('issue' as const), u: user('room'), i: idx }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('ack' as const), u: user('officer'), d: idx }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('result' as const), u: user('officer'), d: idx, cause: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('close' as const), u: user('lead'), i: idx }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 90 }) }) },
  { weight: 8, arbitrary: fc.record({ k: fc.constant('next' as const), i: idx }) },
);

/** The next legal step of an incident as [login, channel, input], or null when it is closed. */
function nextStep(id: string): [string, string, unknown] | null {
  const d = core.incidents.get(id);
  const now = clock.now();
  switch (d.state) {
    case 'reported':
    case 'rejected':
      if (d.cases.length === 0) return ['officer', 'incidents:classify', { incidentId: id, cases: ['2.3.c3'] }];
      return ['room', 'incidents:propose', { incidentId: id, verification: 'Đã đối chiếu', proposal: 'Đề xuất' }];
    case 'proposed':
      return ['lead', 'incidents:decide', { incidentId: id, decision: 'approved' }];
    case 'awaiting_dg':
      return ['dg', 'incidents:recordDgDecision', { incidentId: id, decision: 'approved', how: 'app', at: now }];
    case 'approved':
      return ['room', 'directions:issue', issueInput(core, id, { resultDueAt: now + 60 * MIN })];
    case 'in_progress': {
      const open = d.directions.find((x) => !x.result);
      if (!open) return d.directions.length < 2 ? ['room', 'directions:issue', issueInput(core, id, { resultDueAt: now + 60 * MIN })] : ['lead', 'incidents:close', { incidentId: id, summary: 'Xong' }];
      if (!open.ack) return ['officer', 'directions:acknowledge', { directionId: open.id, handler: 'Đội Giám sát', expectedAt: now + 30 * MIN }];
      return ['officer', 'directions:result', { directionId: open.id, text: 'Đã thực hiện', lateCause: 'Chờ lực lượng', responsible: 'Nguyễn Văn A' }];
    }
    case 'closed':
      return null;
  }
}

/** Independent of the reducer: walks an incident's events and checks each direction was issued with every approval its cases then required. */
function checkApprovalsAtIssue(incidentId: string): void {
  const evs = core.db
    .prepare(`SELECT e.type, e.payload FROM incident_events ie JOIN events e ON e.seq = ie.seq WHERE ie.incident_id = ? ORDER BY e.seq`)
    .all(incidentId) as { type: string; payload: string }[];
  let cs: HandlingCase[] = [];
  let given: Partial<Record<ApprovalLevel, string>> = {};
  for (const e of evs) {
    const p = JSON.parse(e.payload) as { cases?: HandlingCase[]; decision?: string };
    if (e.type === 'incident.raised' || e.type === 'incident.classified') cs = p.cases!;
    if (e.type === 'incident.proposed') given = { room_leader: 'approved' };
    if (e.type === 'incident.decided') given.shift_leader = p.decision!;
    if (e.type === 'incident.dg_decision') given.director_general = p.decision!;
    if (e.type === 'direction.issued') {
      expect(cs.length, 'a direction needs a classified incident').toBeGreaterThan(0);
      for (const level of requiredApprovals(cs)) expect(given[level], `${level} at issue of a direction on ${cs.join(',')}`).toBe('approved');
    }
  }
}

const reached = { issued: 0, closedWithDirections: 0, dgApproved: 0, refused: 0 };

describe('workflow property', () => {
  it('no sequence of actions issues or closes without the required approvals; every state is explained by the journal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(raise, fc.array(action, { minLength: 10, maxLength: 40 })), async ([first, rest]) => {
        const actions: Action[] = [first, ...rest];
        const incidents: string[] = [];
        const directions: string[] = [];
        for (const a of actions) {
          if (a.k === 'advance') {
            clock.advance(a.minutes * MIN);
            continue;
          }
          const newest = <T,>(list: T[], n: number): T | undefined => list[list.length - 1 - (n % Math.max(1, list.length))];
          const inc = 'i' in a ? newest(incidents, a.i) : undefined;
          const dir = 'd' in a ? newest(directions, a.d) : undefined;
          let channel: string;
          let input: unknown;
          let login: string = 'u' in a ? a.u : 'officer';
          switch (a.k) {
            case 'next': {
              const step = inc ? nextStep(inc) : null;
              if (!step) continue;
              [login, channel, input] = step;
              break;
            }
            case 'raise':
              channel = 'incidents:raise';
              input = raiseInput(core, { cases: a.cases, ...(a.immediate ? { immediate: { case: 'b', step: 'Dừng vận chuyển', toldWhom: 'Đội trưởng', at: clock.now() } } : {}) });
              break;
            case 'classify':
              channel = 'incidents:classify';
              input = { incidentId: inc ?? 'none', cases: a.cases };
              break;
            case 'propose':
              channel = 'incidents:propose';
              input = { incidentId: inc ?? 'none', verification: 'Đã đối chiếu', proposal: 'Đề xuất' };
              break;
            case 'decide':
              channel = 'incidents:decide';
              input = { incidentId: inc ?? 'none', decision: a.decision, note: a.note };
              break;
            case 'dg':
              channel = 'incidents:recordDgDecision';
              input = { incidentId: inc ?? 'none', decision: a.decision, how: a.how, byName: a.how === 'app' ? '' : 'Tổng cục trưởng', at: clock.now(), note: a.note };
              break;
            case 'issue':
              channel = 'directions:issue';
              input = issueInput(core, inc ?? 'none', { resultDueAt: clock.now() + 60 * MIN });
              break;
            case 'ack':
              channel = 'directions:acknowledge';
              input = { directionId: dir ?? 'none', handler: 'Đội Giám sát', expectedAt: clock.now() + 30 * MIN };
              break;
            case 'result':
              channel = 'directions:result';
              input = { directionId: dir ?? 'none', text: 'Đã thực hiện', ...(a.cause ? { lateCause: 'Chờ lực lượng', responsible: 'Nguyễn Văn A' } : {}) };
              break;
            case 'close':
              channel = 'incidents:close';
              input = { incidentId: inc ?? 'none', summary: 'Kết thúc' };
              break;
          }
          const before = core.journal.head.seq;
          const r = await callAs(core, login, channel, input);
          if (!r.ok) {
            // a refused action wrote nothing, and says why in a code the UI translates
            expect(core.journal.head.seq).toBe(before);
            reached.refused++;
            expect(['forbidden', 'not_found', 'illegal_transition', 'approval_required', 'case_required', 'reason_required', 'late_cause_required', 'scan_required', 'invalid_input']).toContain(r.error.code);
            continue;
          }
          expect(core.journal.head.seq).toBeGreaterThan(before);
          const v = r.value as IncidentDetail;
          if (a.k === 'raise') incidents.push(v.id);
          if (channel === 'directions:issue') {
            directions.push(v.directions[v.directions.length - 1]!.id);
            reached.issued++;
          }
          if (channel === 'incidents:recordDgDecision' && v.state === 'approved') reached.dgApproved++;
          if (channel === 'incidents:close' && v.directions.length > 0) reached.closedWithDirections++;
        }
        for (const id of incidents) {
          const d = core.incidents.get(id);
          // every state reached is the replay of the incident's journal events
          const replay = core.incidents.replay(id);
          expect(replay.ok).toBe(true);
          if (!replay.ok) return;
          const stored = JSON.parse(core.db.prepare('SELECT workflow FROM incidents WHERE id = ?').pluck().get(id) as string) as WorkflowState;
          expect(stored).toEqual(replay.state);
          expect(d.state).toBe(replay.state.state);
          expect(d.directions.map((x) => x.id)).toEqual(replay.state.directions.map((x) => x.id));
          checkApprovalsAtIssue(id);
          if (d.directions.length > 0) expect(d.missingApprovals).toEqual([]);
          if (d.state === 'closed') for (const x of d.directions) expect(x.result, 'closed with a direction lacking its result').not.toBeNull();
          if (d.state === 'approved' || d.state === 'in_progress') expect(d.missingApprovals).toEqual([]);
        }
      }),
      { numRuns: 70 },
    );
    // the random walks reach the interesting states (else the property would prove little)
    expect(reached.issued).toBeGreaterThan(10);
    expect(reached.dgApproved).toBeGreaterThan(0);
    expect(reached.closedWithDirections).toBeGreaterThan(0);
    expect(reached.refused).toBeGreaterThan(50);
  });
});
