/**
 * Projects the incident workflow's events into its tables (migration 7) and into the logbook
 * (Phụ lục I columns, docs/incidents.md), inside the append transaction. Every workflow event
 * goes through the same pure reducer the service checks with; an event the reducer refuses
 * cannot be projected (the append rolls back), so the stored state is always the replay of
 * the journal.
 */
import type { DB } from '../store/db';
import type { StoredEvent } from '../journal/journal';
import { logbookEntryWriter } from '../logbook/projector';
import type { EntryAddedPayload, LogbookEntryWriter } from '../logbook/projector';
import { applyWorkflow } from '../../src-shared/domain/incident-workflow';
import type { WorkflowEvent, WorkflowState } from '../../src-shared/domain/incident-workflow';
import { emptyIdentifiers } from '../../src-shared/domain/logbook';
import type { EntryDetails, Identifiers } from '../../src-shared/domain/logbook';
import { dispatcher, on, projector } from '../journal/events';
import type { DispatchableEvent } from '../journal/events';
import {
  ACKNOWLEDGED_EVENT,
  ALERT_DISMISSED_EVENT,
  AMENDED_EVENT,
  CLASSIFIED_EVENT,
  CLOCK_JUMPED_EVENT,
  CLOSED_EVENT,
  DECIDED_EVENT,
  DG_EVENT,
  ESCALATED_EVENT,
  EV,
  IMMEDIATE_EVENT,
  ISSUED_EVENT,
  PROPOSED_EVENT,
  RAISED_EVENT,
  REQ_ANSWERED_EVENT,
  REQ_REGISTERED_EVENT,
  REQ_RESULT_EVENT,
  RESULT_EVENT,
  SETTINGS_EVENT,
} from './events';
import { lines, placeText, recipientText } from './text';

/** Tables rebuildProjections empties before replaying the journal. */
export const INCIDENT_PROJECTIONS = [
  'incidents',
  'incident_events',
  'incident_approvals',
  'directions',
  'inbound_requests',
  'clock_escalations',
  'incident_alerts',
  'clock_jumps',
  'incident_settings',
];

const NO_IDS: Identifiers = emptyIdentifiers();

type WorkflowStep = { incidentId: string; event: WorkflowEvent };

const workflowStep = dispatcher<WorkflowStep | null>(
  on(RAISED_EVENT, (p, ev) => ({ incidentId: ev.eventId, event: { type: EV.raised, cases: p.cases, immediate: false } })),
  on(AMENDED_EVENT, (p) => ({ incidentId: p.incidentId, event: { type: EV.amended } })),
  on(IMMEDIATE_EVENT, (p) => ({ incidentId: p.incidentId, event: { type: EV.immediate } })),
  on(PROPOSED_EVENT, (p) => ({ incidentId: p.incidentId, event: { type: EV.proposed } })),
  on(CLOSED_EVENT, (p) => ({ incidentId: p.incidentId, event: { type: EV.closed } })),
  on(CLASSIFIED_EVENT, (p) => ({ incidentId: p.incidentId, event: { type: EV.classified, cases: p.cases } })),
  on(DECIDED_EVENT, (p) => ({ incidentId: p.incidentId, event: { type: EV.decided, decision: p.decision, note: p.note } })),
  on(DG_EVENT, (p) => ({ incidentId: p.incidentId, event: { type: EV.dg, decision: p.decision, note: p.note } })),
  on(ISSUED_EVENT, (p, ev) => ({ incidentId: p.incidentId, event: { type: EV.issued, directionId: ev.eventId } })),
  on(ACKNOWLEDGED_EVENT, (p) => ({ incidentId: p.incidentId, event: { type: EV.acknowledged, directionId: p.directionId } })),
  on(RESULT_EVENT, (p) => ({
    incidentId: p.incidentId,
    event: { type: EV.result, directionId: p.directionId, late: p.late, lateCause: p.lateCause, responsible: p.responsible },
  })),
);

/**
 * The incident an event concerns and its workflow step, or null when it is not a workflow step.
 * Takes an event parsed by the journal (`data`) or as stored (parsed here with its schema).
 */
export function toWorkflowEvent(ev: DispatchableEvent & { eventId: string }): WorkflowStep | null {
  return workflowStep(ev);
}

export function incidentsProjector(db: DB, w: LogbookEntryWriter = logbookEntryWriter(db)) {
  const q = {
    incident: db.prepare('SELECT id, entry_id, workflow, description, version FROM incidents WHERE id = ?'),
    insIncident: db.prepare(
      `INSERT INTO incidents (id, seq, entry_id, state, workflow, source, source_ref, camera_id, cases, immediate, arisen_at, received_at, place,
                              description, identifiers, attachments, raised_by, raised_at, updated_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    setWorkflow: db.prepare('UPDATE incidents SET state = ?, workflow = ?, cases = ?, updated_seq = ? WHERE id = ?'),
    amend: db.prepare(
      'UPDATE incidents SET arisen_at = ?, received_at = ?, place = ?, description = ?, identifiers = ?, attachments = ?, version = version + 1 WHERE id = ?',
    ),
    immediate: db.prepare('UPDATE incidents SET immediate = ? WHERE id = ?'),
    proposal: db.prepare('UPDATE incidents SET proposal = ? WHERE id = ?'),
    close: db.prepare('UPDATE incidents SET summary = ?, closed_at = ? WHERE id = ?'),
    event: db.prepare('INSERT INTO incident_events (incident_id, seq) VALUES (?, ?)'),
    approval: db.prepare(
      `INSERT INTO incident_approvals (seq, incident_id, round, level, decision, by_login, by_name, at, how, note, form, scope, attachments, recorded_by, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    userName: db.prepare('SELECT full_name FROM users WHERE login = ?').pluck(),
    insDirection: db.prepare(
      `INSERT INTO directions (id, seq, incident_id, recipient_unit_code, recipient_person, form, content, focal_point, issued_at, issued_by, recorded_at,
                               esc_minutes, ack_start, ack_due, result_due)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    direction: db.prepare('SELECT id, incident_id, recipient_unit_code, recipient_person, content FROM directions WHERE id = ?'),
    dirAck: db.prepare('UPDATE directions SET ack = ?, ack_done = ?, ack_done_seq = ? WHERE id = ?'),
    dirResult: db.prepare(
      'UPDATE directions SET result = ?, result_done = ?, result_done_seq = ?, ack_done = COALESCE(ack_done, ?), ack_done_seq = COALESCE(ack_done_seq, ?) WHERE id = ?',
    ),
    insRequest: db.prepare(
      `INSERT INTO inbound_requests (id, seq, from_unit_code, from_text, reference, content, received_at, recorded_at, registered_by, esc_minutes,
                                     ack_start, ack_due, result_due)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    request: db.prepare('SELECT id, from_text FROM inbound_requests WHERE id = ?'),
    reqAnswer: db.prepare('UPDATE inbound_requests SET answer = ?, ack_done = ?, ack_done_seq = ? WHERE id = ?'),
    reqResult: db.prepare(
      'UPDATE inbound_requests SET result = ?, result_done = ?, result_done_seq = ?, ack_done = COALESCE(ack_done, ?), ack_done_seq = COALESCE(ack_done_seq, ?) WHERE id = ?',
    ),
    escalation: db.prepare('INSERT INTO clock_escalations (seq, target_kind, target_id, clock, level, to_role, due_at, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    dirEsc: {
      ack: db.prepare('UPDATE directions SET ack_esc = max(ack_esc, ?) WHERE id = ?'),
      result: db.prepare('UPDATE directions SET result_esc = max(result_esc, ?) WHERE id = ?'),
    },
    reqEsc: {
      ack: db.prepare('UPDATE inbound_requests SET ack_esc = max(ack_esc, ?) WHERE id = ?'),
      result: db.prepare('UPDATE inbound_requests SET result_esc = max(result_esc, ?) WHERE id = ?'),
    },
    alert: db.prepare(
      'INSERT INTO incident_alerts (id, seq, kind, to_role, incident_id, direction_id, request_id, text, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    dismiss: db.prepare('UPDATE incident_alerts SET dismissed_at = ?, dismissed_by = ? WHERE id = ? AND dismissed_at IS NULL'),
    jump: db.prepare('INSERT INTO clock_jumps (seq, from_ms, to_ms, delta_ms) VALUES (?, ?, ?, ?)'),
    settings: db.prepare(
      `INSERT INTO incident_settings (id, ack_minutes, escalation_minutes) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET ack_minutes = excluded.ack_minutes, escalation_minutes = excluded.escalation_minutes`,
    ),
  };

  interface IncRow {
    id: string;
    entry_id: string;
    workflow: string;
    description: string;
    version: number;
  }
  const incidentOf = (id: string, seq: number): IncRow => {
    const r = q.incident.get(id) as IncRow | undefined;
    if (!r) throw new Error(`event ${seq} refers to unknown incident ${id}`);
    return r;
  };
  const entry = (ev: StoredEvent, kind: EntryAddedPayload['kind'], text: string, opts: { details?: EntryDetails; linkedEntryId?: string | null } = {}) =>
    w.addEntry(ev, { kind, text, details: opts.details ?? {}, identifiers: NO_IDS, linkedEntryId: opts.linkedEntryId ?? null, attachments: [] }, { closesIncident: false });
  const alert = (ev: StoredEvent, kind: string, to: string, text: string, ids: { incidentId?: string | null; directionId?: string | null; requestId?: string | null }) =>
    q.alert.run(ev.eventId, ev.seq, kind, to, ids.incidentId ?? null, ids.directionId ?? null, ids.requestId ?? null, text, ev.recordedAt);
  const nameOf = (login: string) => (q.userName.get(login) as string | undefined) ?? login;

  /** Runs the reducer on a workflow event; an illegal event cannot be projected. */
  const step = (ev: StoredEvent, data: unknown): { inc: IncRow; state: WorkflowState } | null => {
    const wf = toWorkflowEvent({ ...ev, data });
    if (!wf || wf.event.type === EV.raised) return null;
    const inc = incidentOf(wf.incidentId, ev.seq);
    const r = applyWorkflow(JSON.parse(inc.workflow) as WorkflowState, wf.event);
    if (!r.ok) throw new Error(`event ${ev.seq} (${ev.type}) is not a legal step of incident ${inc.id}: ${r.error.message}`);
    q.setWorkflow.run(r.state.state, JSON.stringify(r.state), JSON.stringify(r.state.cases), ev.seq, inc.id);
    q.event.run(inc.id, ev.seq);
    return { inc, state: r.state };
  };

  return projector(
    on(RAISED_EVENT, (p, ev) => {
      const r = applyWorkflow(null, { type: EV.raised, cases: p.cases, immediate: false });
      if (!r.ok) throw new Error(`event ${ev.seq}: ${r.error.message}`);
      const entryId = p.entryId ?? ev.eventId;
      if (!p.entryId) {
        const details: EntryDetails = { arisenAt: p.arisenAt, receivedAt: p.receivedAt };
        const place = placeText(p.place);
        if (place) details.place = place;
        if (p.place.unitCode) details.unitCode = p.place.unitCode;
        w.addEntry(ev, { kind: 'incident', text: p.description, details, identifiers: p.identifiers, linkedEntryId: null, attachments: p.attachments });
      }
      q.insIncident.run(
        ev.eventId,
        ev.seq,
        entryId,
        r.state.state,
        JSON.stringify(r.state),
        p.source,
        p.sourceRef,
        p.cameraId,
        JSON.stringify(r.state.cases),
        p.arisenAt,
        p.receivedAt,
        JSON.stringify(p.place),
        p.description,
        JSON.stringify(p.identifiers),
        JSON.stringify(p.attachments),
        ev.actor,
        ev.recordedAt,
        ev.seq,
      );
      q.event.run(ev.eventId, ev.seq);
    }),
    on(AMENDED_EVENT, (p, ev) => {
      const { inc } = step(ev, p)!;
      q.amend.run(p.arisenAt, p.receivedAt, JSON.stringify(p.place), p.description, JSON.stringify(p.identifiers), JSON.stringify(p.attachments), inc.id);
      const details: EntryDetails = { arisenAt: p.arisenAt, receivedAt: p.receivedAt };
      const place = placeText(p.place);
      if (place) details.place = place;
      if (p.place.unitCode) details.unitCode = p.place.unitCode;
      // the incident's logbook line gets a new version (both stay visible, Đ4.2)
      w.amendEntry(ev, { entryId: inc.entry_id, reason: p.reason, text: p.description, details, identifiers: p.identifiers }, p.attachments);
    }),
    on(CLASSIFIED_EVENT, (p, ev) => {
      step(ev, p);
    }),
    on(IMMEDIATE_EVENT, (p, ev) => {
      const { inc } = step(ev, p)!;
      q.immediate.run(JSON.stringify({ case: p.case, step: p.step, toldWhom: p.toldWhom, at: p.at, recordedBy: ev.actor }), inc.id);
      const text = lines.immediate(p, inc.description);
      entry(ev, 'work', text);
      alert(ev, 'immediate_step', 'shift_leader', text, { incidentId: inc.id });
    }),
    on(PROPOSED_EVENT, (p, ev) => {
      const { inc, state } = step(ev, p)!;
      q.proposal.run(JSON.stringify({ verification: p.verification, proposal: p.proposal, by: ev.actor, at: ev.occurredAt }), inc.id);
      q.approval.run(ev.seq, inc.id, state.round, 'room_leader', 'approved', ev.actor, nameOf(ev.actor), ev.occurredAt, 'app', p.proposal, null, null, '[]', ev.actor, ev.recordedAt);
      const text = lines.proposed(p, inc.description);
      entry(ev, 'work', text);
      alert(ev, 'approval_needed', 'shift_leader', `Chờ lãnh đạo ca trực phê duyệt: ${text}`, { incidentId: inc.id });
    }),
    on(DECIDED_EVENT, (p, ev) => {
      const { inc, state } = step(ev, p)!;
      q.approval.run(ev.seq, inc.id, state.round, 'shift_leader', p.decision, ev.actor, nameOf(ev.actor), ev.occurredAt, 'app', p.note, p.form || null, p.scope || null, '[]', ev.actor, ev.recordedAt);
      entry(ev, 'direction', lines.decided(p), { linkedEntryId: inc.entry_id });
      if (state.state === 'awaiting_dg') {
        alert(ev, 'approval_needed', 'director_general', `Lãnh đạo ca trực đề xuất, chờ Tổng cục trưởng phê duyệt: ${inc.description}`, { incidentId: inc.id });
      }
    }),
    on(DG_EVENT, (p, ev) => {
      const { inc, state } = step(ev, p)!;
      q.approval.run(ev.seq, inc.id, state.round, 'director_general', p.decision, p.by, p.byName, p.at, p.how, p.note, null, null, JSON.stringify(p.attachments), ev.actor, ev.recordedAt);
      entry(ev, 'direction', lines.dg(p), { linkedEntryId: inc.entry_id });
    }),
    on(CLOSED_EVENT, (p, ev) => {
      const { inc } = step(ev, p)!;
      q.close.run(p.summary, ev.occurredAt, inc.id);
      entry(ev, 'note', lines.closed(p, inc.description));
      w.closeIncidentEntry(inc.entry_id, ev.occurredAt);
    }),
    on(ISSUED_EVENT, (p, ev) => {
      const { inc } = step(ev, p)!;
      q.insDirection.run(
        ev.eventId,
        ev.seq,
        inc.id,
        p.recipientUnitCode,
        p.recipientPerson,
        p.form,
        p.content,
        p.focalPoint,
        p.issuedAt,
        ev.actor,
        ev.recordedAt,
        p.escalationMinutes,
        p.ackStart,
        p.ackDueAt,
        p.resultDueAt,
      );
      const details: EntryDetails = { form: p.form };
      const to = recipientText(p);
      if (to) details.recipient = to;
      if (p.recipientUnitCode) details.recipientUnitCode = p.recipientUnitCode;
      entry(ev, 'direction', lines.issued(p), { details, linkedEntryId: inc.entry_id });
    }),
    on(ACKNOWLEDGED_EVENT, (p, ev) => {
      step(ev, p);
      q.dirAck.run(JSON.stringify({ handler: p.handler, expectedAt: p.expectedAt, at: p.at, recordedBy: ev.actor, recordedAt: ev.recordedAt }), p.at, ev.seq, p.directionId);
      const d = q.direction.get(p.directionId) as { recipient_unit_code: string | null } | undefined;
      const details: EntryDetails = { reportedAt: p.at };
      if (d?.recipient_unit_code) details.reportingUnitCode = d.recipient_unit_code;
      entry(ev, 'result', lines.acknowledged(p), { details, linkedEntryId: p.directionId });
    }),
    on(RESULT_EVENT, (p, ev) => {
      step(ev, p);
      const report = { at: p.at, text: p.text, late: p.late, ...(p.late ? { lateCause: p.lateCause, responsible: p.responsible } : {}), recordedBy: ev.actor, recordedAt: ev.recordedAt };
      q.dirResult.run(JSON.stringify(report), p.at, ev.seq, p.at, ev.seq, p.directionId);
      const d = q.direction.get(p.directionId) as { recipient_unit_code: string | null } | undefined;
      const details: EntryDetails = { reportedAt: p.at };
      if (d?.recipient_unit_code) details.reportingUnitCode = d.recipient_unit_code;
      w.addEntry(ev, { kind: 'result', text: lines.result(p), details, identifiers: NO_IDS, linkedEntryId: p.directionId, attachments: p.attachments }, { closesIncident: false });
    }),
    on(ESCALATED_EVENT, (p, ev) => {
      q.escalation.run(ev.seq, p.target, p.targetId, p.clock, p.level, p.to, p.dueAt, ev.recordedAt);
      let what: string;
      if (p.target === 'direction') {
        q.dirEsc[p.clock].run(p.level, p.targetId);
        const d = q.direction.get(p.targetId) as { recipient_unit_code: string | null; recipient_person: string | null } | undefined;
        what = `chỉ đạo gửi ${d ? recipientText({ recipientUnitCode: d.recipient_unit_code, recipientPerson: d.recipient_person }) : p.targetId}`;
      } else {
        q.reqEsc[p.clock].run(p.level, p.targetId);
        const r = q.request.get(p.targetId) as { from_text: string } | undefined;
        what = `yêu cầu của ${r?.from_text ?? p.targetId}`;
      }
      if (p.incidentId) q.event.run(p.incidentId, ev.seq);
      const text = lines.escalated(p, what);
      entry(ev, 'note', text);
      alert(ev, 'escalation', p.to, text, {
        incidentId: p.incidentId,
        directionId: p.target === 'direction' ? p.targetId : null,
        requestId: p.target === 'request' ? p.targetId : null,
      });
    }),
    on(REQ_REGISTERED_EVENT, (p, ev) => {
      q.insRequest.run(
        ev.eventId,
        ev.seq,
        p.fromUnitCode,
        p.fromText,
        p.reference,
        p.content,
        p.receivedAt,
        ev.recordedAt,
        ev.actor,
        p.escalationMinutes,
        p.ackStart,
        p.ackDueAt,
        p.resultDueAt,
      );
      entry(ev, 'direction', lines.reqRegistered(p), { details: p.fromUnitCode ? { unitCode: p.fromUnitCode } : {} });
    }),
    on(REQ_ANSWERED_EVENT, (p, ev) => {
      q.reqAnswer.run(JSON.stringify({ handler: p.handler, expectedAt: p.expectedAt, at: p.at, recordedBy: ev.actor, recordedAt: ev.recordedAt }), p.at, ev.seq, p.requestId);
      entry(ev, 'result', lines.reqAnswered(p), { details: { reportedAt: p.at }, linkedEntryId: p.requestId });
    }),
    on(REQ_RESULT_EVENT, (p, ev) => {
      const report = {
        at: p.at,
        text: p.text,
        late: p.late,
        ...(p.late ? { lateCause: p.lateCause, responsible: p.responsible } : {}),
        recordedBy: ev.actor,
        recordedAt: ev.recordedAt,
        timeline: p.timeline,
        proposals: p.proposals,
        focalPoint: p.focalPoint,
      };
      q.reqResult.run(JSON.stringify(report), p.at, ev.seq, p.at, ev.seq, p.requestId);
      entry(ev, 'result', lines.reqResult(p), { details: { reportedAt: p.at }, linkedEntryId: p.requestId });
    }),
    on(ALERT_DISMISSED_EVENT, (p, ev) => {
      q.dismiss.run(ev.recordedAt, ev.actor, p.alertId);
    }),
    on(CLOCK_JUMPED_EVENT, (p, ev) => {
      q.jump.run(ev.seq, p.from, p.to, p.deltaMs);
      const text = lines.clockJumped(p);
      entry(ev, 'note', text);
      alert(ev, 'clock_jump', 'all', text, {});
    }),
    on(SETTINGS_EVENT, (p) => {
      q.settings.run(p.ackMinutes, p.escalationMinutes);
    }),
  );
}
