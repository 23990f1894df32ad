import { describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/app/core';
import { rebuildProjections } from '../../src-main/store/rebuild';
import { INCIDENT_PROJECTIONS } from '../../src-main/incidents/projector';
import type { FakeClock } from '../helpers';
import { callAs, freshStation } from '../helpers';
import { translateError } from '../../src-shared/i18n/errors';
import type { IncidentAlert, IncidentDetail, IncidentSummary } from '../../src-shared/domain/incidents';
import type { LogbookEntry, OpenItem } from '../../src-shared/domain/logbook';
import { MIN, addWorkflowUsers, approvedIncident, issueInput, ok, raiseInput, refused, registerRequest } from './incidents-helpers';

let core!: Core;
let clock!: FakeClock;
freshStation(async (s) => {
  ({ core, clock } = s);
  await addWorkflowUsers(s.core);
}, 'st.sqlite');

const entry = (id: string) => core.logbook.get(id);
const journalSeq = () => core.journal.head.seq;

describe('incident workflow through the dispatcher', () => {
  it('runs the whole chain for a c.2 case: report → propose → approve → direction → ack → result → close', async () => {
    const raised = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.3.c2'] }));
    expect(raised).toMatchObject({ state: 'reported', cases: ['2.3.c2'], missingApprovals: ['room_leader', 'shift_leader'], raisedByName: 'Phạm Văn Đức' });
    expect(raised.identifiers.plates).toEqual(['12C345.67']);
    expect(raised.entryId).toBe(raised.id);

    const proposed = await ok(core, 'room', 'incidents:propose', { incidentId: raised.id, verification: 'Đã đối chiếu', proposal: 'Đề nghị phối hợp kiểm tra' });
    expect(proposed).toMatchObject({ state: 'proposed', missingApprovals: ['shift_leader'] });
    const approved = await ok(core, 'lead', 'incidents:decide', { incidentId: raised.id, decision: 'approved', form: 'Điện thoại', scope: 'Bãi kiểm hóa' });
    expect(approved).toMatchObject({ state: 'approved', missingApprovals: [] });
    expect(approved.approvals.map((a) => [a.level, a.decision, a.by])).toEqual([
      ['room_leader', 'approved', 'room'],
      ['shift_leader', 'approved', 'lead'],
    ]);
    expect(approved.approvals[1]).toMatchObject({ form: 'Điện thoại', scope: 'Bãi kiểm hóa', byName: 'Nguyễn Văn Hùng', how: 'app' });

    const issued = await ok(core, 'officer', 'directions:issue', issueInput(core, raised.id));
    expect(issued.state).toBe('in_progress');
    const dir = issued.directions[0]!;
    expect(dir.ackClock).toMatchObject({ state: 'running', dueAt: clock.now() + 30 * MIN, startedAt: clock.now(), clockJumped: false });
    clock.advance(10 * MIN);
    const acked = await ok(core, 'officer', 'directions:acknowledge', { directionId: dir.id, handler: 'Nguyễn Văn A — Đội Giám sát', expectedAt: clock.now() + 60 * MIN });
    expect(acked.directions[0]!.ackClock).toMatchObject({ state: 'met', doneAt: clock.now() });
    expect(acked.directions[0]!.ack).toMatchObject({ handler: 'Nguyễn Văn A — Đội Giám sát', recordedBy: 'officer' });

    // a workflow incident is not closed by its first result: it closes on incident.closed
    const withResult = await ok(core, 'officer', 'directions:result', { directionId: dir.id, text: 'Đã dừng phương tiện, lập biên bản' });
    expect(withResult.state).toBe('in_progress');
    expect(withResult.directions[0]!.resultClock.state).toBe('met');
    expect((await ok<OpenItem[]>(core, 'officer', 'logbook:open', {})).map((o) => o.incident.id)).toContain(raised.entryId);

    expect((await refused(core, 'officer', 'incidents:close', { incidentId: raised.id, summary: 'x' })).code).toBe('forbidden');
    const closed = await ok(core, 'room', 'incidents:close', { incidentId: raised.id, summary: 'Đã xử lý xong' });
    expect(closed).toMatchObject({ state: 'closed', closedAt: clock.now(), missingApprovals: [] });
    expect((await ok<OpenItem[]>(core, 'officer', 'logbook:open', {})).map((o) => o.incident.id)).not.toContain(raised.entryId);

    expect(closed.timeline.map((e) => e.type)).toEqual([
      'incident.raised',
      'incident.proposed',
      'incident.decided',
      'direction.issued',
      'direction.acknowledged',
      'direction.result',
      'incident.closed',
    ]);
    expect(closed.timeline.map((e) => e.actorName)).toEqual(['Phạm Văn Đức', 'Trần Thị Lan', 'Nguyễn Văn Hùng', 'Phạm Văn Đức', 'Phạm Văn Đức', 'Phạm Văn Đức', 'Trần Thị Lan']);
    expect(closed.timeline.every((e) => e.summary.length > 0 && e.summary === e.summary.normalize('NFC'))).toBe(true);
  });

  it('refuses to issue a direction without every approval, naming the missing one in both languages; nothing is written', async () => {
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.3.c3'] }));
    const before = journalSeq();
    const e1 = await refused(core, 'lead', 'directions:issue', issueInput(core, inc.id));
    expect(e1).toMatchObject({ code: 'approval_required', params: { missing: 'room_leader,shift_leader,director_general' } });
    expect(translateError('vi', e1)).toContain('ý kiến kiểm tra, đề xuất của lãnh đạo cấp phòng trực ban');
    expect(translateError('en', e1)).toContain('the Director General’s approval');
    await ok(core, 'room', 'incidents:propose', { incidentId: inc.id, verification: 'v', proposal: 'p' });
    await ok(core, 'lead', 'incidents:decide', { incidentId: inc.id, decision: 'approved' });
    const afterDecide = journalSeq();
    const e2 = await refused(core, 'officer', 'directions:issue', issueInput(core, inc.id));
    expect(e2).toMatchObject({ code: 'approval_required', params: { missing: 'director_general' } });
    expect(translateError('vi', e2)).toBe('Chưa đủ phê duyệt theo quy định: còn thiếu phê duyệt của Tổng cục trưởng; chưa thể ban hành chỉ đạo');
    expect(journalSeq()).toBe(afterDecide);
    expect(afterDecide).toBe(before + 2);
    expect(core.incidents.get(inc.id).directions).toEqual([]);
  });

  it('refuses to propose an unclassified incident, a rejection without reason, and reclassifying after the decision', async () => {
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core));
    expect((await refused(core, 'room', 'incidents:propose', { incidentId: inc.id, verification: 'v', proposal: 'p' })).code).toBe('case_required');
    await ok(core, 'officer', 'incidents:classify', { incidentId: inc.id, cases: ['2.1'] });
    await ok(core, 'room', 'incidents:propose', { incidentId: inc.id, verification: 'v', proposal: 'p' });
    const noReason = await refused(core, 'lead', 'incidents:decide', { incidentId: inc.id, decision: 'rejected' });
    expect(noReason.code).toBe('reason_required');
    expect(translateError('vi', noReason)).toBe('Từ chối phê duyệt phải nêu rõ lý do');
    await ok(core, 'lead', 'incidents:decide', { incidentId: inc.id, decision: 'approved' });
    const re = await refused(core, 'officer', 'incidents:classify', { incidentId: inc.id, cases: ['2.3.c3'] });
    expect(re).toMatchObject({ code: 'illegal_transition', params: { state: 'approved' } });
    expect(translateError('vi', re)).toBe('Thao tác không hợp lệ ở bước hiện tại của vụ việc: không thể phân loại lại trường hợp xử lý khi vụ việc đang ở trạng thái “đã phê duyệt”');
    expect((await refused(core, 'lead', 'incidents:decide', { incidentId: inc.id, decision: 'approved' })).code).toBe('illegal_transition');
  });

  it('a rejected incident can be re-proposed (a new round) or closed; directions stay refused while rejected', async () => {
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.2'] }));
    await ok(core, 'room', 'incidents:propose', { incidentId: inc.id, verification: 'v', proposal: 'p' });
    const rej = await ok(core, 'lead', 'incidents:decide', { incidentId: inc.id, decision: 'rejected', note: 'Chưa đủ căn cứ' });
    expect(rej).toMatchObject({ state: 'rejected', missingApprovals: ['shift_leader'] });
    expect((await refused(core, 'lead', 'directions:issue', issueInput(core, inc.id))).code).toBe('approval_required');
    await ok(core, 'room', 'incidents:propose', { incidentId: inc.id, verification: 'Bổ sung dữ liệu e-Manifest', proposal: 'p2' });
    const again = await ok(core, 'lead', 'incidents:decide', { incidentId: inc.id, decision: 'approved' });
    expect(again.state).toBe('approved');
    expect(again.approvals.map((a) => `${a.level}:${a.decision}`)).toEqual(['room_leader:approved', 'shift_leader:rejected', 'room_leader:approved', 'shift_leader:approved']);
    const other = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.1'] }));
    await ok(core, 'room', 'incidents:propose', { incidentId: other.id, verification: 'v', proposal: 'p' });
    await ok(core, 'lead', 'incidents:decide', { incidentId: other.id, decision: 'rejected', note: 'Không có dấu hiệu vi phạm' });
    expect(await ok(core, 'lead', 'incidents:close', { incidentId: other.id, summary: 'Không xử lý' })).toMatchObject({ state: 'closed' });
  });

  it('records the Director General: in the app only by a DG account; by phone or paper with the name, paper with its scan', async () => {
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.4'] }));
    await ok(core, 'room', 'incidents:propose', { incidentId: inc.id, verification: 'v', proposal: 'Huy động xe chỉ huy giám sát cơ động' });
    const awaiting = await ok(core, 'lead', 'incidents:decide', { incidentId: inc.id, decision: 'approved' });
    expect(awaiting).toMatchObject({ state: 'awaiting_dg', missingApprovals: ['director_general'] });
    const base = { incidentId: inc.id, decision: 'approved', at: clock.now() - 3 * MIN };
    expect((await refused(core, 'lead', 'incidents:recordDgDecision', { ...base, how: 'app' })).code).toBe('forbidden');
    expect(await refused(core, 'lead', 'incidents:recordDgDecision', { ...base, how: 'phone' })).toMatchObject({ code: 'invalid_input', field: 'byName' });
    const noScan = await refused(core, 'room', 'incidents:recordDgDecision', { ...base, how: 'paper', byName: 'Tổng cục trưởng Nguyễn Văn Cẩn' });
    expect(noScan).toMatchObject({ code: 'scan_required', field: 'attachments' });
    expect(translateError('en', noScan)).toContain('scan');
    expect((await refused(core, 'officer', 'incidents:recordDgDecision', { ...base, how: 'phone', byName: 'X' })).code).toBe('forbidden');
    const scan = core.attachments.put(Buffer.from('%PDF-1.4 phê duyệt'), 'phe-duyet.pdf', 'application/pdf');
    const done = await ok(core, 'room', 'incidents:recordDgDecision', { ...base, how: 'paper', byName: 'Tổng cục trưởng Nguyễn Văn Cẩn', attachments: [scan.sha256] });
    expect(done.state).toBe('approved');
    expect(done.approvals[2]).toMatchObject({ level: 'director_general', how: 'paper', by: 'Tổng cục trưởng Nguyễn Văn Cẩn', at: base.at, recordedBy: 'room' });
    expect(done.approvals[2]!.attachments[0]!.name).toBe('phe-duyet.pdf');
    // in the app, the DG account is named from its own user
    const other = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.3.c3'] }));
    await ok(core, 'room', 'incidents:propose', { incidentId: other.id, verification: 'v', proposal: 'p' });
    await ok(core, 'lead', 'incidents:decide', { incidentId: other.id, decision: 'approved' });
    const byDg = await ok(core, 'dg', 'incidents:recordDgDecision', { incidentId: other.id, decision: 'rejected', at: clock.now(), how: 'app', note: 'Chưa đủ căn cứ can thiệp' });
    expect(byDg.state).toBe('rejected');
    expect(byDg.approvals[2]).toMatchObject({ by: 'dg', byName: 'Nguyễn Văn Tổng', how: 'app', decision: 'rejected' });
  });

  it('records an immediate step at raise or later, alerts the shift leader at once and writes a work entry', async () => {
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { immediate: { case: 'b', step: 'Đề nghị dừng việc đưa container ra khỏi khu vực giám sát', toldWhom: 'Đội trưởng Đội Giám sát Nguyễn Văn B', at: clock.now() - MIN } }));
    expect(inc.immediate).toMatchObject({ case: 'b', toldWhom: 'Đội trưởng Đội Giám sát Nguyễn Văn B', recordedBy: 'officer' });
    const alerts = await ok<IncidentAlert[]>(core, 'lead', 'incidents:alerts', {});
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'immediate_step', to: 'shift_leader', incidentId: inc.id });
    expect(await ok<IncidentAlert[]>(core, 'room', 'incidents:alerts', {})).toEqual([]);
    expect((await refused(core, 'room', 'incidents:dismissAlert', { alertId: alerts[0]!.id })).code).toBe('forbidden');
    await ok(core, 'lead', 'incidents:dismissAlert', { alertId: alerts[0]!.id });
    expect(await ok<IncidentAlert[]>(core, 'lead', 'incidents:alerts', {})).toEqual([]);
    expect((await ok<IncidentAlert[]>(core, 'lead', 'incidents:alerts', { includeDismissed: true }))[0]!.dismissedAt).toBe(clock.now());
    const work = core.logbook.list({ kinds: ['work'] }, 10).entries;
    expect(work).toHaveLength(1);
    expect(work[0]!.text).toContain('Đề nghị dừng việc đưa container');
    expect(work[0]!.text).toContain('Điều 8.1.b');
    const later = await ok(core, 'officer', 'incidents:immediateStep', { incidentId: inc.id, immediate: { case: 'c', step: 'Dừng đưa hàng qua khu vực giám sát', toldWhom: 'Đội phó', at: clock.now() } });
    expect(later.immediate?.case).toBe('c');
    expect(later.timeline.filter((e) => e.type === 'incident.immediate_step')).toHaveLength(2);
  });

  it('amends the facts with a reason: the timeline and the logbook keep both versions', async () => {
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core));
    expect((await refused(core, 'officer', 'incidents:amend', { incidentId: inc.id, reason: 'sửa', identifiers: { containers: ['CSQU3054384'] } })).code).toBe('invalid_container');
    const amended = await ok(core, 'officer', 'incidents:amend', { incidentId: inc.id, reason: 'Ghi nhầm biển số', identifiers: { containers: ['CSQU3054383'], plates: ['12C-999.99'] } });
    expect(amended.version).toBe(1);
    expect(amended.identifiers.plates).toEqual(['12C-999.99']);
    expect(amended.timeline[1]).toMatchObject({ type: 'incident.amended', reason: 'Ghi nhầm biển số' });
    expect(amended.timeline[1]!.summary).toContain('identifiers');
    const history = core.logbook.history(inc.entryId);
    expect(history.map((v) => v.identifiers.plates)).toEqual([['12C345.67'], ['12C-999.99']]);
    expect(history[1]!.reason).toBe('Ghi nhầm biển số');
    expect((await refused(core, 'officer', 'incidents:amend', { incidentId: inc.id, reason: 'không đổi gì' })).code).toBe('invalid_input');
  });

  it('carries a vessel by its IMO number: stored normalised, found through the logbook identifier index', async () => {
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { identifiers: { containers: ['CSQU3054383'], vessels: ['imo 9074729'] } }));
    expect(inc.identifiers).toEqual({ containers: ['CSQU3054383'], declarations: [], taxCodes: [], plates: [], billsOfLading: [], vessels: ['IMO9074729'] });
    expect(entry(inc.entryId).identifiers.vessels).toEqual(['IMO9074729']);
    const found = await ok<{ entries: LogbookEntry[] }>(core, 'officer', 'logbook:list', { identifier: 'IMO9074729' });
    expect(found.entries.map((e) => e.id)).toEqual([inc.entryId]);
    expect(found.entries[0]!.identifiers.vessels).toEqual(['IMO9074729']);
    expect((await ok<{ entries: LogbookEntry[] }>(core, 'officer', 'logbook:list', { identifier: 'IMO9176187' })).entries).toEqual([]);
    expect((await ok(core, 'officer', 'incidents:get', { incidentId: inc.id })).identifiers.vessels).toEqual(['IMO9074729']);
  });

  it('refuses an invalid IMO number with invalid_vessel naming the field "vessel", and writes nothing', async () => {
    const before = journalSeq();
    const err = await refused(core, 'officer', 'incidents:raise', raiseInput(core, { identifiers: { containers: ['CSQU3054383'], vessels: ['IMO 9074728'] } }));
    expect(err).toMatchObject({ code: 'invalid_vessel', field: 'vessel', params: { value: 'IMO 9074728', reason: 'check digit (7th digit) should be 9' } });
    expect(translateError('vi', err)).toBe('Số IMO của tàu không hợp lệ (trường: Số IMO của tàu): check digit (7th digit) should be 9');
    expect(await refused(core, 'officer', 'incidents:raise', raiseInput(core, { identifiers: { vessels: ['IMO907472'] } }))).toMatchObject({ code: 'invalid_vessel', field: 'vessel' });
    expect(journalSeq()).toBe(before);
    expect(core.logbook.list({}, 10).entries).toEqual([]);
    expect(await ok<IncidentSummary[]>(core, 'officer', 'incidents:list', {})).toEqual([]);
  });

  it('reads an incident raised before vessels existed (no vessels in its stored payload) with vessels = []', async () => {
    const cur = await ok(core, 'officer', 'incidents:raise', raiseInput(core));
    const payload = JSON.parse(core.db.prepare('SELECT payload FROM events WHERE event_id = ?').pluck().get(cur.id) as string) as { identifiers: Record<string, unknown> };
    delete payload.identifiers.vessels;
    const ev = core.journal.append({ type: 'incident.raised', occurredAt: cur.receivedAt, actor: 'officer', payload });
    expect(JSON.parse(core.db.prepare('SELECT identifiers FROM incidents WHERE id = ?').pluck().get(ev.eventId) as string)).not.toHaveProperty('vessels');
    const want = { containers: ['CSQU3054383'], declarations: [], taxCodes: [], plates: ['12C345.67'], billsOfLading: [], vessels: [] };
    expect((await ok(core, 'officer', 'incidents:get', { incidentId: ev.eventId })).identifiers).toEqual(want);
    expect((await ok<IncidentSummary[]>(core, 'officer', 'incidents:list', {})).find((s) => s.id === ev.eventId)?.identifiers).toEqual(want);
    expect(entry(ev.eventId).identifiers).toEqual(want);
    // an amendment that restates the same identifiers is no change; a new vessel is one
    expect(await refused(core, 'officer', 'incidents:amend', { incidentId: ev.eventId, reason: 'không đổi', identifiers: { containers: ['CSQU3054383'], plates: ['12C345.67'] } })).toMatchObject({ code: 'invalid_input' });
    const amended = await ok(core, 'officer', 'incidents:amend', { incidentId: ev.eventId, reason: 'Bổ sung tàu', identifiers: { containers: ['CSQU3054383'], plates: ['12C345.67'], vessels: ['9074729'] } });
    expect(amended.identifiers).toEqual({ ...want, vessels: ['IMO9074729'] });
  });

  it('adopts an existing logbook incident entry instead of writing a second one', async () => {
    const e = core.logbook.add({ kind: 'incident', text: 'Vụ việc ghi từ nhật ký' }, 'officer');
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { source: 'logbook', entryId: e.id, description: 'Vụ việc ghi từ nhật ký' }));
    expect(inc.entryId).toBe(e.id);
    expect(core.logbook.list({ kinds: ['incident'] }, 10).entries).toHaveLength(1);
    expect((await refused(core, 'officer', 'incidents:raise', raiseInput(core, { entryId: e.id }))).code).toBe('conflict');
    const work = core.logbook.add({ kind: 'work', text: 'Giám sát' }, 'officer');
    expect(await refused(core, 'officer', 'incidents:raise', raiseInput(core, { entryId: work.id }))).toMatchObject({ code: 'invalid_link', field: 'entryId' });
  });

  it('validates input with clear errors and writes nothing', async () => {
    const before = journalSeq();
    expect(await refused(core, 'officer', 'incidents:raise', raiseInput(core, { place: { unitCode: 'ZZ99' } }))).toMatchObject({ code: 'unknown_unit' });
    expect(await refused(core, 'officer', 'incidents:raise', raiseInput(core, { arisenAt: clock.now() }))).toMatchObject({ code: 'invalid_date', field: 'arisenAt' });
    expect(await refused(core, 'officer', 'incidents:raise', raiseInput(core, { receivedAt: clock.now() + 60 * MIN, arisenAt: clock.now() }))).toMatchObject({ code: 'invalid_date', field: 'receivedAt' });
    expect(await refused(core, 'officer', 'incidents:raise', raiseInput(core, { description: '   ' }))).toMatchObject({ code: 'invalid_input', field: 'description' });
    expect(await refused(core, 'officer', 'incidents:raise', raiseInput(core, { attachments: ['a'.repeat(64)] }))).toMatchObject({ code: 'not_found', field: 'attachments' });
    expect(await refused(core, 'officer', 'incidents:get', { incidentId: 'khong-co' })).toMatchObject({ code: 'not_found' });
    const inc = await approvedIncident(core);
    const mid = journalSeq();
    expect(await refused(core, 'officer', 'directions:issue', issueInput(core, inc.id, { recipientUnitCode: undefined, recipientPerson: undefined }))).toMatchObject({ code: 'invalid_input' });
    expect(await refused(core, 'officer', 'directions:issue', issueInput(core, inc.id, { resultDueAt: clock.now() - MIN }))).toMatchObject({ code: 'invalid_date', field: 'resultDueAt' });
    expect(await refused(core, 'officer', 'directions:issue', issueInput(core, inc.id, { recipientUnitCode: 'ZZ99' }))).toMatchObject({ code: 'unknown_unit', field: 'recipientUnitCode' });
    expect(journalSeq()).toBe(mid);
    expect(mid).toBe(before + 3);
  });

  it('lists the board with filters (states, cases, overdue, folded text)', async () => {
    const a = await approvedIncident(core, ['2.3.c2']);
    await ok(core, 'officer', 'directions:issue', issueInput(core, a.id));
    const b = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.1'], description: 'Phương tiện dừng đỗ bất thường tại ga Đồng Đăng' }));
    const list = (input: Record<string, unknown>) => ok<IncidentSummary[]>(core, 'officer', 'incidents:list', input);
    expect((await list({})).map((s) => s.id)).toEqual([b.id, a.id]);
    expect((await list({ states: ['in_progress'] })).map((s) => s.id)).toEqual([a.id]);
    expect((await list({ cases: ['2.1'] })).map((s) => s.id)).toEqual([b.id]);
    expect((await list({ query: 'dong dang' })).map((s) => s.id)).toEqual([b.id]);
    expect(await list({ overdueOnly: true })).toEqual([]);
    clock.advance(31 * MIN);
    const overdue = await list({ overdueOnly: true });
    expect(overdue.map((s) => s.id)).toEqual([a.id]);
    expect(overdue[0]!.directions[0]!.ackClock.state).toBe('overdue');
    expect(overdue[0]!.nextDueAt).toBe(overdue[0]!.directions[0]!.resultDueAt);
  });

  it('requests this station receives: register, answer within 30 minutes, report the result (Phụ lục IV data)', async () => {
    const r = await registerRequest(core, { receivedAt: clock.now() - 10 * MIN, resultDueAt: clock.now() + 60 * MIN });
    expect(r.ackClock).toMatchObject({ startedAt: clock.now() - 10 * MIN, dueAt: clock.now() + 20 * MIN, state: 'running' });
    const answered = await ok<typeof r>(core, 'officer', 'requests:answer', { requestId: r.id, handler: 'Đội Giám sát — Nguyễn Văn A', expectedAt: clock.now() + 45 * MIN });
    expect(answered.ackClock.state).toBe('met');
    expect((await refused(core, 'officer', 'requests:answer', { requestId: r.id, handler: 'x', expectedAt: clock.now() + MIN })).code).toBe('illegal_transition');
    const done = await ok<typeof r>(core, 'officer', 'requests:result', {
      requestId: r.id,
      text: 'Đã kiểm tra, lô hàng đúng khai báo',
      timeline: [{ at: clock.now() - 5 * MIN, text: 'Bắt đầu kiểm tra' }],
      proposals: 'Không',
      focalPoint: 'Nguyễn Văn A',
    });
    expect(done.result).toMatchObject({ late: false, focalPoint: 'Nguyễn Văn A', timeline: [{ text: 'Bắt đầu kiểm tra' }] });
    expect(done.resultClock?.state).toBe('met');
    expect((await ok<(typeof r)[]>(core, 'officer', 'requests:list', { openOnly: true })).map((x) => x.id)).not.toContain(r.id);
    const lines = core.logbook.list({}, 10).entries.filter((e) => e.id === r.id || e.linkedEntryId === r.id);
    expect(lines.map((e) => e.kind).sort()).toEqual(['direction', 'result', 'result']);
  });
});

describe('logbook projection (Phụ lục I columns)', () => {
  it('puts each step in the right column, linked, and a result does not close the incident early', async () => {
    const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.3.c3'], immediate: { case: 'c', step: 'Dừng đưa hàng qua khu vực giám sát', toldWhom: 'Đội trưởng', at: clock.now() } }));
    await ok(core, 'room', 'incidents:propose', { incidentId: inc.id, verification: 'Đã đối chiếu', proposal: 'Đề xuất dừng thông quan' });
    await ok(core, 'lead', 'incidents:decide', { incidentId: inc.id, decision: 'approved', form: 'Phụ lục III' });
    await ok(core, 'dg', 'incidents:recordDgDecision', { incidentId: inc.id, decision: 'approved', at: clock.now(), how: 'app' });
    const issued = await ok(core, 'officer', 'directions:issue', issueInput(core, inc.id, { resultDueAt: clock.now() + 40 * MIN }));
    const dirId = issued.directions[0]!.id;
    clock.advance(5 * MIN);
    await ok(core, 'officer', 'directions:acknowledge', { directionId: dirId, handler: 'Đội Giám sát', expectedAt: clock.now() + 30 * MIN });
    clock.advance(60 * MIN);
    core.incidents.escalateDue();
    const late = await refused(core, 'officer', 'directions:result', { directionId: dirId, text: 'Đã dừng thông quan' });
    expect(late.code).toBe('late_cause_required');
    await ok(core, 'officer', 'directions:result', { directionId: dirId, text: 'Đã dừng thông quan', lateCause: 'Chờ lực lượng tại chỗ', responsible: 'Nguyễn Văn A' });
    expect(entry(inc.entryId).kind).toBe('incident');
    expect(core.logbook.openItems().map((o) => o.incident.id)).toContain(inc.entryId);
    await ok(core, 'lead', 'incidents:close', { incidentId: inc.id, summary: 'Đã xử lý' });
    expect(core.logbook.openItems().map((o) => o.incident.id)).not.toContain(inc.entryId);

    const all = core.logbook.list({}, 100).entries.slice().reverse();
    const kinds = all.map((e: LogbookEntry) => [e.kind, e.linkedEntryId === inc.entryId ? 'inc' : e.linkedEntryId === dirId ? 'dir' : e.linkedEntryId]);
    expect(kinds).toEqual([
      ['incident', null], // raised
      ['work', null], // immediate step
      ['work', null], // room-level proposal
      ['direction', 'inc'], // shift leader's decision
      ['direction', 'inc'], // Director General's decision
      ['direction', 'inc'], // direction issued
      ['result', 'dir'], // acknowledgement
      ['note', null], // escalation 1 (room-level leader)
      ['note', null], // escalation 2 (shift leader)
      ['result', 'dir'], // result (late, with cause)
      ['note', null], // closed
    ]);
    expect(all[5]!.details).toMatchObject({ form: 'phone', recipientUnitCode: '15E1' });
    expect(all[9]!.text).toContain('nguyên nhân: Chờ lực lượng tại chỗ');
    expect(all[7]!.text).toContain('lãnh đạo cấp phòng trực ban');
    expect(all[8]!.text).toContain('lãnh đạo ca trực');
  });

  it('rebuilding from the journal gives the same incident tables, logbook and views', async () => {
    const a = await approvedIncident(core, ['2.3.c3']);
    const issued = await ok(core, 'officer', 'directions:issue', issueInput(core, a.id));
    await ok(core, 'officer', 'incidents:amend', { incidentId: a.id, reason: 'Bổ sung', description: 'Mô tả đã bổ sung' });
    clock.advance(45 * MIN);
    core.incidents.escalateDue();
    await ok(core, 'officer', 'directions:acknowledge', { directionId: issued.directions[0]!.id, handler: 'A', expectedAt: clock.now() + MIN });
    const r = await registerRequest(core);
    await ok(core, 'officer', 'requests:answer', { requestId: r.id, handler: 'B', expectedAt: clock.now() + 10 * MIN });
    await ok(core, 'lead', 'incidents:setSettings', { ackMinutes: 20 });
    // the escalation no longer shows once acknowledged; dismissing it is still journaled
    const al = await ok<IncidentAlert[]>(core, 'room', 'incidents:alerts', { includeDismissed: true });
    await ok(core, 'room', 'incidents:dismissAlert', { alertId: al.find((x) => x.kind === 'escalation')!.id });
    core.incidents.recordClockJump({ from: clock.now(), to: clock.now() + 2 * 3600_000, deltaMs: 2 * 3600_000 });

    const dump = () =>
      Object.fromEntries(
        [...INCIDENT_PROJECTIONS, 'logbook_entries', 'logbook_versions', 'logbook_identifiers'].map((tb) => [tb, core.db.prepare(`SELECT * FROM ${tb} ORDER BY 1, 2`).all()]),
      );
    const before = dump();
    const detail = core.incidents.get(a.id);
    const board = core.incidents.list({ limit: 100, overdueOnly: false });
    rebuildProjections(core);
    expect(dump()).toEqual(before);
    expect(core.incidents.get(a.id)).toEqual(detail);
    expect(core.incidents.list({ limit: 100, overdueOnly: false })).toEqual(board);
    expect(core.incidents.settings().ackMinutes).toBe(20);
  });
});

describe('per-role permissions of every new channel', () => {
  // roles: officer (surveillance_officer), office (office_officer), head (surveillance_head),
  // room (room_leader), lead (shift_leader), dg (director_general), admin (admin)
  const ALL = ['officer', 'office', 'head', 'room', 'lead', 'dg', 'admin'];
  const WRITERS = ['officer', 'office', 'head', 'room', 'lead'];
  const cases: [string, string[]][] = [
    ['incidents:raise', WRITERS],
    ['incidents:amend', WRITERS],
    ['incidents:classify', WRITERS],
    ['incidents:immediateStep', WRITERS],
    ['incidents:propose', ['room', 'head']],
    ['incidents:decide', ['lead']],
    ['incidents:recordDgDecision', ['dg', 'lead', 'room']],
    ['incidents:close', ['lead', 'room']],
    ['incidents:get', ALL],
    ['incidents:list', ALL],
    ['incidents:alerts', ALL],
    ['incidents:dismissAlert', ALL],
    ['incidents:settings', ALL],
    ['incidents:setSettings', ['admin', 'lead']],
    ['directions:issue', ['lead', 'room', 'office', 'officer', 'head']],
    ['directions:acknowledge', WRITERS],
    ['directions:result', WRITERS],
    ['requests:register', WRITERS],
    ['requests:answer', WRITERS],
    ['requests:result', WRITERS],
    ['requests:list', ALL],
  ];

  /** A valid input for each channel, on fresh objects for the caller. */
  async function inputFor(channel: string): Promise<unknown> {
    const now = clock.now();
    switch (channel) {
      case 'incidents:raise':
        return raiseInput(core);
      case 'incidents:amend': {
        const i = await ok(core, 'officer', 'incidents:raise', raiseInput(core));
        return { incidentId: i.id, reason: 'Sửa', description: 'Mô tả mới ' + Math.random() };
      }
      case 'incidents:classify': {
        const i = await ok(core, 'officer', 'incidents:raise', raiseInput(core));
        return { incidentId: i.id, cases: ['2.1'] };
      }
      case 'incidents:immediateStep': {
        const i = await ok(core, 'officer', 'incidents:raise', raiseInput(core));
        return { incidentId: i.id, immediate: { case: 'a', step: 'Nhận dạng hành khách', toldWhom: 'Đội trưởng', at: now } };
      }
      case 'incidents:propose': {
        const i = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.1'] }));
        return { incidentId: i.id, verification: 'v', proposal: 'p' };
      }
      case 'incidents:decide': {
        const i = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.1'] }));
        await ok(core, 'room', 'incidents:propose', { incidentId: i.id, verification: 'v', proposal: 'p' });
        return { incidentId: i.id, decision: 'approved' };
      }
      case 'incidents:recordDgDecision': {
        const i = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases: ['2.4'] }));
        await ok(core, 'room', 'incidents:propose', { incidentId: i.id, verification: 'v', proposal: 'p' });
        await ok(core, 'lead', 'incidents:decide', { incidentId: i.id, decision: 'approved' });
        return { incidentId: i.id, decision: 'approved', at: now, how: 'phone', byName: 'Tổng cục trưởng' };
      }
      case 'incidents:close': {
        const i = await ok(core, 'officer', 'incidents:raise', raiseInput(core));
        return { incidentId: i.id, summary: 'Không cần xử lý' };
      }
      case 'incidents:get': {
        const i = await ok(core, 'officer', 'incidents:raise', raiseInput(core));
        return { incidentId: i.id };
      }
      case 'incidents:dismissAlert': {
        core.incidents.recordClockJump({ from: now, to: now + 3600_000, deltaMs: 3600_000 });
        return { alertId: core.incidents.alerts(['admin'], false)[0]!.id };
      }
      case 'incidents:setSettings':
        return { ackMinutes: 25 };
      case 'directions:issue': {
        const i = await approvedIncident(core, ['2.1']);
        return issueInput(core, i.id);
      }
      case 'directions:acknowledge':
      case 'directions:result': {
        const i = await approvedIncident(core, ['2.1']);
        const d = await ok(core, 'room', 'directions:issue', issueInput(core, i.id));
        return channel === 'directions:acknowledge'
          ? { directionId: d.directions[0]!.id, handler: 'A', expectedAt: now + MIN }
          : { directionId: d.directions[0]!.id, text: 'Xong' };
      }
      case 'requests:register':
        return { fromText: 'Trực ban Cục', content: 'Yêu cầu', receivedAt: now };
      case 'requests:answer': {
        const r = await registerRequest(core);
        return { requestId: r.id, handler: 'A', expectedAt: now + MIN };
      }
      case 'requests:result': {
        const r = await registerRequest(core);
        return { requestId: r.id, text: 'Xong' };
      }
      default:
        return {};
    }
  }

  it.each(cases)('%s: allowed roles succeed, others are refused with nothing written', async (channel, allowed) => {
    for (const login of ALL) {
      const input = await inputFor(channel);
      const before = core.journal.head.seq;
      const r = await callAs(core, login, channel, input);
      if (allowed.includes(login)) {
        expect(r, `${channel} as ${login}: ${JSON.stringify(r)}`).toMatchObject({ ok: true });
      } else {
        expect(r, `${channel} as ${login}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        expect(core.journal.head.seq).toBe(before);
      }
    }
    expect((await callAs(core, null, channel, await inputFor(channel))).ok).toBe(false);
  });
});

export type { IncidentDetail };
