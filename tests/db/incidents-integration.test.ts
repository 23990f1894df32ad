// Where the incident workflow meets the rest: separation of duties for a person holding two
// roles, the forms of an incident listed on it, and a form prefilled from the stored incident.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Core } from '../../src-main/app/core';
import { FakeClock, PASSWORD, stationCore, tmpDir } from '../helpers';
import { translateError } from '../../src-shared/i18n/errors';
import type { FormData } from '../../src-shared/domain/forms';
import type { DocumentRecord } from '../../src-shared/domain/forms';
import type { IncidentAlert } from '../../src-shared/domain/incidents';
import { addWorkflowUsers, approvedIncident, issueInput, ok, raiseInput, refused } from './incidents-helpers';

let t: ReturnType<typeof tmpDir>;
let core: Core;

beforeEach(async () => {
  t = tmpDir();
  core = await stationCore(path.join(t.dir, 'st.sqlite'), new FakeClock());
  await addWorkflowUsers(core);
});
afterEach(() => {
  core.close();
  t.cleanup();
});

describe('incidents with the rest of the station', () => {
  it('a leader holding both roles cannot approve their own proposal; another shift leader can', async () => {
    await core.users.create({ login: 'both', fullName: 'Đỗ Văn Kiêm', roles: ['room_leader', 'shift_leader'], password: PASSWORD }, 'admin');
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.3.c2'] }));
    await ok(core, 'both', 'incidents:propose', { incidentId: inc.id, verification: 'Đã đối chiếu', proposal: 'Phối hợp kiểm tra' });
    const seq = core.journal.head.seq;
    const err = await refused(core, 'both', 'incidents:decide', { incidentId: inc.id, decision: 'approved' });
    expect(err.code).toBe('self_approval');
    expect(translateError('vi', err)).toContain('không thể tự phê duyệt');
    expect(core.journal.head.seq).toBe(seq);
    const approved = await ok(core, 'lead', 'incidents:decide', { incidentId: inc.id, decision: 'approved' });
    expect(approved.state).toBe('approved');
  });

  it('lists the forms drafted for an incident and its directions, and prefills Phụ lục II from the stored direction', async () => {
    const inc = await approvedIncident(core);
    const issued = await ok(core, 'officer', 'directions:issue', issueInput(core, inc.id));
    const dir = issued.directions[0]!;
    const form = await ok<FormData>(core, 'room', 'documents:prefill', { annex: 'II', directionId: dir.id });
    expect(form.annex).toBe('II');
    const text = JSON.stringify(form.fields);
    // the fax carries the direction's content and focal point, and the incident's identifiers
    expect(text).toContain(dir.content.slice(0, 20));
    expect(text).toContain(dir.focalPoint);
    for (const id of [...inc.identifiers.plates, ...inc.identifiers.containers]) expect(text).toContain(id);
    const doc = await ok<DocumentRecord>(core, 'room', 'documents:saveDraft', { ...form, links: { incidentId: inc.id, directionId: dir.id } });
    const again = await ok(core, 'officer', 'incidents:get', { incidentId: inc.id });
    expect(again.documentIds).toEqual([doc.id]);
    // Phụ lục III from the incident (its proposal is the analysis and the handling proposed)
    const iii = await ok<FormData>(core, 'lead', 'documents:prefill', { annex: 'III', incidentId: inc.id });
    expect(JSON.stringify(iii.fields)).toContain(inc.description.slice(0, 20));
    expect((await refused(core, 'room', 'documents:prefill', { annex: 'II', directionId: 'no-such-direction' })).code).toBe('not_found');
  });
});

describe('alerts whose matter is settled', () => {
  it('a request for a decision leaves the banner once decided; an escalation once its clock stops', async () => {
    const clock = core.clock as FakeClock;
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.3.c2'] }));
    await ok(core, 'room', 'incidents:propose', { incidentId: inc.id, verification: 'Đã đối chiếu', proposal: 'Phối hợp kiểm tra' });
    const kinds = async (login: string) => (await ok<IncidentAlert[]>(core, login, 'incidents:alerts', {})).map((a) => a.kind);
    expect(await kinds('lead')).toContain('approval_needed');
    await ok(core, 'lead', 'incidents:decide', { incidentId: inc.id, decision: 'approved' });
    expect(await kinds('lead')).not.toContain('approval_needed');
    // still there for the record
    expect((await ok<IncidentAlert[]>(core, 'lead', 'incidents:alerts', { includeDismissed: true })).map((a) => a.kind)).toContain('approval_needed');

    const issued = await ok(core, 'officer', 'directions:issue', issueInput(core, inc.id));
    clock.advance(31 * 60_000);
    core.incidents.escalateDue();
    expect(await kinds('room')).toContain('escalation');
    await ok(core, 'officer', 'directions:acknowledge', { directionId: issued.directions[0]!.id, handler: 'Đội Giám sát', expectedAt: clock.now() + 3_600_000 });
    expect(await kinds('room')).not.toContain('escalation');
  });
});
