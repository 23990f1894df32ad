import { describe, expect, it } from 'vitest';
import { applyWorkflow, missingApprovals, replayWorkflow } from '../../src-shared/domain/incident-workflow';
import type { WorkflowEvent, WorkflowResult, WorkflowState } from '../../src-shared/domain/incident-workflow';
import { clockState, requiredApprovals } from '../../src-shared/domain/incidents';
import type { HandlingCase } from '../../src-shared/domain/incidents';

const run = (...evs: WorkflowEvent[]): WorkflowResult => replayWorkflow(evs);
const state = (...evs: WorkflowEvent[]): WorkflowState => {
  const r = run(...evs);
  if (!r.ok) throw new Error(r.error.message);
  return r.state;
};
const raised = (cases: HandlingCase[] = ['2.3.c2']): WorkflowEvent => ({ type: 'incident.raised', cases, immediate: false });
const proposed: WorkflowEvent = { type: 'incident.proposed' };
const approve: WorkflowEvent = { type: 'incident.decided', decision: 'approved', note: '' };
const dgOk: WorkflowEvent = { type: 'incident.dg_decision', decision: 'approved', note: '' };
const issue = (id = 'd1'): WorkflowEvent => ({ type: 'direction.issued', directionId: id });
const result = (id = 'd1', late = false, cause = ''): WorkflowEvent => ({ type: 'direction.result', directionId: id, late, lateCause: cause, responsible: cause });
const closed: WorkflowEvent = { type: 'incident.closed' };

describe('requiredApprovals', () => {
  it('needs the room-level and shift leaders for every case, plus the Director General for c.3 and 2.4', () => {
    expect(requiredApprovals(['2.1'])).toEqual(['room_leader', 'shift_leader']);
    expect(requiredApprovals(['2.2', '2.3.c2'])).toEqual(['room_leader', 'shift_leader']);
    expect(requiredApprovals(['2.3.c3'])).toEqual(['room_leader', 'shift_leader', 'director_general']);
    expect(requiredApprovals(['2.1', '2.4'])).toEqual(['room_leader', 'shift_leader', 'director_general']);
  });
});

describe('incident workflow reducer', () => {
  it('walks the chain of a c.2 case', () => {
    expect(state(raised()).state).toBe('reported');
    expect(state(raised(), proposed).state).toBe('proposed');
    expect(state(raised(), proposed, approve).state).toBe('approved');
    expect(state(raised(), proposed, approve, issue()).state).toBe('in_progress');
    expect(state(raised(), proposed, approve, issue(), result(), closed).state).toBe('closed');
  });

  it('sends c.3 and 2.4 to the Director General before anything is issued', () => {
    const s = state(raised(['2.3.c3']), proposed, approve);
    expect(s.state).toBe('awaiting_dg');
    expect(missingApprovals(s)).toEqual(['director_general']);
    const r = applyWorkflow(s, issue());
    expect(r).toMatchObject({ ok: false, error: { code: 'approval_required', params: { missing: 'director_general' } } });
    expect(state(raised(['2.4']), proposed, approve, dgOk, issue()).state).toBe('in_progress');
  });

  it('names every missing approval when issuing too early', () => {
    expect(run(raised(['2.3.c3']), issue())).toMatchObject({ ok: false, error: { code: 'approval_required', params: { missing: 'room_leader,shift_leader,director_general' } } });
    expect(run(raised(['2.1']), proposed, issue())).toMatchObject({ ok: false, error: { params: { missing: 'shift_leader' } } });
  });

  it('refuses to propose without a case, to reject without a reason, and decisions out of order', () => {
    expect(run(raised([]), proposed)).toMatchObject({ ok: false, error: { code: 'case_required' } });
    expect(run(raised(), proposed, { type: 'incident.decided', decision: 'rejected', note: ' ' })).toMatchObject({ ok: false, error: { code: 'reason_required' } });
    expect(run(raised(), approve)).toMatchObject({ ok: false, error: { code: 'approval_required', params: { missing: 'room_leader' } } });
    expect(run(raised(['2.3.c3']), proposed, dgOk)).toMatchObject({ ok: false, error: { code: 'approval_required', params: { missing: 'shift_leader' } } });
    expect(run(raised(['2.1']), proposed, approve, dgOk)).toMatchObject({ ok: false, error: { code: 'illegal_transition' } });
    expect(run(raised(), proposed, approve, approve)).toMatchObject({ ok: false, error: { code: 'illegal_transition', params: { state: 'approved' } } });
  });

  it('rejection: re-propose starts a new round; reclassifying after approval is refused', () => {
    const rejected = state(raised(), proposed, { type: 'incident.decided', decision: 'rejected', note: 'Chưa đủ căn cứ' });
    expect(rejected.state).toBe('rejected');
    expect(applyWorkflow(rejected, issue())).toMatchObject({ ok: false, error: { code: 'approval_required' } });
    const again = state(raised(), proposed, { type: 'incident.decided', decision: 'rejected', note: 'x' }, proposed);
    expect(again).toMatchObject({ state: 'proposed', round: 2, approvals: { room_leader: 'approved' } });
    expect(run(raised(), proposed, approve, { type: 'incident.classified', cases: ['2.4'] })).toMatchObject({ ok: false, error: { code: 'illegal_transition' } });
    // reclassifying a proposal asks the room-level leader to verify again
    expect(state(raised(['2.1']), proposed, { type: 'incident.classified', cases: ['2.3.c3'] })).toMatchObject({ state: 'reported', approvals: {} });
    expect(state(raised(), proposed, { type: 'incident.decided', decision: 'rejected', note: 'x' }, closed).state).toBe('closed');
  });

  it('closes only when every direction has its result; a late result needs cause and responsible', () => {
    const s = state(raised(), proposed, approve, issue('a'), issue('b'), result('a'));
    expect(applyWorkflow(s, closed)).toMatchObject({ ok: false, error: { code: 'illegal_transition' } });
    expect(applyWorkflow(s, result('b', true))).toMatchObject({ ok: false, error: { code: 'late_cause_required' } });
    const done = applyWorkflow(s, result('b', true, 'Mất liên lạc'));
    expect(done.ok).toBe(true);
    if (done.ok) expect(applyWorkflow(done.state, closed)).toMatchObject({ ok: true, state: { state: 'closed' } });
    expect(applyWorkflow(s, result('a'))).toMatchObject({ ok: false, error: { code: 'illegal_transition' } });
    expect(applyWorkflow(s, result('zz'))).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(run(raised(), proposed, approve, issue('a'), { type: 'direction.acknowledged', directionId: 'a' }, { type: 'direction.acknowledged', directionId: 'a' })).toMatchObject({ ok: false, error: { code: 'illegal_transition' } });
  });

  it('never mutates its input and refuses everything but amendments after closing', () => {
    const s = state(raised(), closed);
    const copy = structuredClone(s);
    for (const e of [proposed, approve, issue(), { type: 'incident.immediate_step' } as WorkflowEvent, closed]) {
      expect(applyWorkflow(s, e).ok).toBe(false);
    }
    expect(applyWorkflow(s, { type: 'incident.amended' }).ok).toBe(true);
    expect(s).toEqual(copy);
    expect(applyWorkflow(null, proposed)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(applyWorkflow(s, raised())).toMatchObject({ ok: false, error: { code: 'illegal_transition' } });
  });
});

describe('clockState', () => {
  it('running, overdue, met, late', () => {
    expect(clockState({ dueAt: 100, doneAt: null }, 100)).toBe('running');
    expect(clockState({ dueAt: 100, doneAt: null }, 101)).toBe('overdue');
    expect(clockState({ dueAt: 100, doneAt: 100 }, 500)).toBe('met');
    expect(clockState({ dueAt: 100, doneAt: 101 }, 0)).toBe('late');
  });
});
