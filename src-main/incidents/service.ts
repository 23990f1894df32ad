/**
 * The incident workflow (docs/incidents.md; docs/regulation.md §2, §5; Điều 8, 9): incidents, the approval chain,
 * directions with acknowledgement/result clocks and escalation, and requests this station
 * receives. Every action checks the pure reducer, then appends ONE journal event (nothing is
 * written when it is refused); the projector (./projector.ts) keeps the tables the board reads.
 * Clocks are computed from stored events at read time (docs/incidents.md).
 */
import type { DB } from '../store/db';
import type { Journal, NewEvent } from '../journal/journal';
import type { Clock } from '../journal/clock';
import type { AttachmentLookup, UnitChecker } from '../logbook/service';
import { normalizeIdentifiers } from '../logbook/service';
import type { ParsedInputOf } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import type { Role } from '../../src-shared/domain/roles';
import { completeIdentifiers } from '../../src-shared/domain/logbook';
import type { AttachmentRef, DirectionForm, Identifiers } from '../../src-shared/domain/logbook';
import { ACK_MAX_MINUTES, ALERT_SEVERITY, DEFAULT_INCIDENT_SETTINGS, WAITING_SEVERITIES, clockState } from '../../src-shared/domain/incidents';
import type { WaitingSeverity, WaitingSummary } from '../../src-shared/domain/incidents';
import type {
  Acknowledgement,
  Approval,
  ApprovalLevel,
  ClockKind,
  ClockView,
  Direction,
  Escalation,
  HandlingCase,
  ImmediateStep,
  InboundRequest,
  IncidentAlert,
  IncidentDetail,
  IncidentPlace,
  IncidentSettings,
  IncidentSource,
  IncidentState,
  IncidentSummary,
  ResultReport,
  TimelineItem,
} from '../../src-shared/domain/incidents';
import { applyWorkflow, missingApprovals, replayWorkflow } from '../../src-shared/domain/incident-workflow';
import type { WorkflowError, WorkflowEvent, WorkflowResult, WorkflowState } from '../../src-shared/domain/incident-workflow';
import { foldVi } from '../../src-shared/text/fold';
import { formatDateTime } from '../../src-shared/time/shift';
import { EV, SYSTEM_ACTOR } from './events';
import type {
  AckPayload,
  AmendedPayload,
  ClassifiedPayload,
  ClockJumpedPayload,
  ClosedPayload,
  DecidedPayload,
  DgPayload,
  DirectionResultPayload,
  EscalatedPayload,
  ImmediatePayload,
  IssuedPayload,
  ProposedPayload,
  RaisedPayload,
  RequestAnsweredPayload,
  RequestRegisteredPayload,
  RequestResultPayload,
  SettingsPayload,
} from './events';
import { toWorkflowEvent } from './projector';
import { timelineLine } from './text';

/** Who acts (the signed-in user). */
export interface Actor {
  login: string;
  fullName: string;
  roles: readonly Role[];
}

/** A stated time may run a little ahead of this machine's clock (another clock, rounding). */
const FUTURE_SLACK_MS = 5 * 60_000;

interface IncidentRow {
  id: string;
  seq: number;
  entry_id: string;
  state: IncidentState;
  workflow: string;
  source: IncidentSource;
  source_ref: string;
  camera_id: string | null;
  cases: string;
  immediate: string | null;
  arisen_at: number;
  received_at: number;
  place: string;
  description: string;
  identifiers: string;
  attachments: string;
  raised_by: string;
  raised_at: number;
  proposal: string | null;
  summary: string | null;
  version: number;
  closed_at: number | null;
}

interface ClockCols {
  id: string;
  seq: number;
  esc_minutes: number;
  ack_start: number;
  ack_due: number;
  ack_done: number | null;
  ack_done_seq: number | null;
  ack_esc: number;
  result_due: number | null;
  result_done: number | null;
  result_done_seq: number | null;
  result_esc: number;
}

interface DirectionRow extends ClockCols {
  incident_id: string;
  recipient_unit_code: string | null;
  recipient_person: string | null;
  form: DirectionForm;
  content: string;
  focal_point: string;
  issued_at: number;
  issued_by: string;
  recorded_at: number;
  result_due: number;
  ack: string | null;
  result: string | null;
}

interface RequestRow extends ClockCols {
  from_unit_code: string | null;
  from_text: string;
  reference: string;
  content: string;
  received_at: number;
  recorded_at: number;
  answer: string | null;
  result: string | null;
}

function toAppError(e: WorkflowError, extra: Record<string, string> = {}): AppError {
  return new AppError(e.code, e.message, { params: { ...e.params, ...extra } });
}

const labels = (actionVi: string, actionEn: string, stateVi: string, stateEn: string) => ({ actionVi, actionEn, stateVi, stateEn });

/**
 * Alerts whose matter is settled are not shown as active (they stay in the journal, the logbook
 * and `includeDismissed`): a request for a decision once decided, an escalation once its clock
 * has stopped (acknowledged / result reported).
 */
const SETTLED_ALERTS_HIDDEN = `
  AND NOT (a.kind = 'approval_needed' AND i.state IS NOT NULL
           AND NOT ((a.to_role = 'shift_leader' AND i.state = 'proposed') OR (a.to_role = 'director_general' AND i.state = 'awaiting_dg')))
  AND NOT (a.kind = 'escalation' AND c.seq IS NOT NULL
           AND COALESCE(CASE c.clock WHEN 'ack' THEN COALESCE(d.ack_done, r.ack_done) ELSE COALESCE(d.result_done, r.result_done) END, -1) >= 0)`;

export class IncidentService {
  private readonly q;

  constructor(
    private readonly db: DB,
    private readonly journal: Journal,
    private readonly units: UnitChecker,
    private readonly attachments: AttachmentLookup,
    private readonly clock: Clock,
    private readonly cameraExists: (id: string) => boolean = () => true,
  ) {
    this.q = {
      incident: db.prepare('SELECT * FROM incidents WHERE id = ?'),
      directionsOf: db.prepare('SELECT * FROM directions WHERE incident_id = ? ORDER BY seq'),
      direction: db.prepare('SELECT * FROM directions WHERE id = ?'),
      incidentOfDirection: db.prepare('SELECT incident_id FROM directions WHERE id = ?').pluck(),
      ownsEntry: db.prepare('SELECT 1 FROM incidents WHERE entry_id = ?').pluck(),
      request: db.prepare('SELECT * FROM inbound_requests WHERE id = ?'),
      escalationsOf: db.prepare('SELECT clock, level, to_role, due_at, at FROM clock_escalations WHERE target_id = ? ORDER BY seq'),
      jumpBetween: db.prepare('SELECT 1 FROM clock_jumps WHERE seq > ? AND seq < ? LIMIT 1').pluck(),
      approvals: db.prepare('SELECT * FROM incident_approvals WHERE incident_id = ? ORDER BY seq'),
      timeline: db.prepare(
        `SELECT e.seq, e.event_id, e.type, e.type_version, e.occurred_at, e.recorded_at, e.actor, e.payload, u.full_name
           FROM incident_events ie JOIN events e ON e.seq = ie.seq LEFT JOIN users u ON u.login = e.actor
          WHERE ie.incident_id = ? ORDER BY e.seq`,
      ),
      eventsOf: db.prepare(
        `SELECT e.event_id AS eventId, e.type, e.type_version AS typeVersion, e.payload FROM incident_events ie JOIN events e ON e.seq = ie.seq WHERE ie.incident_id = ? ORDER BY e.seq`,
      ),
      userName: db.prepare('SELECT full_name FROM users WHERE login = ?').pluck(),
      settings: db.prepare('SELECT ack_minutes, escalation_minutes FROM incident_settings WHERE id = 1'),
      lastRecorded: db.prepare('SELECT recorded_at FROM events ORDER BY seq DESC LIMIT 1').pluck(),
      lastBackJump: db.prepare('SELECT MAX(from_ms) FROM clock_jumps WHERE delta_ms < 0').pluck(),
      // by the journal's event_id index: logbook_entries has none on entry_id (migration 13)
      entry: db.prepare('SELECT kind FROM logbook_entries WHERE entry_seq = (SELECT seq FROM events WHERE event_id = @id) AND entry_id = @id').pluck(),
      adopted: db.prepare('SELECT id FROM incidents WHERE entry_id = ?').pluck(),
      alert: db.prepare('SELECT * FROM incident_alerts WHERE id = ?'),
      // Phụ lục II/III drafted or issued for the incident or one of its directions (migration 8)
      documentIds: db
        .prepare(
          `SELECT doc_id FROM documents WHERE incident_id = ? OR direction_id IN (SELECT id FROM directions WHERE incident_id = ?) ORDER BY COALESCE(issued_at, 0), doc_id`,
        )
        .pluck(),
    };
  }

  // ── time ────────────────────────────────────────────────────────────────────────────────

  /** Recorded time of the newest event, or null on an empty journal. */
  lastRecordedAt(): number | null {
    return (this.q.lastRecorded.get() as number | undefined) ?? null;
  }

  /**
   * The time clocks are judged at: the wall clock, but never earlier than the newest recorded
   * event or the point a backward clock jump came from — an overdue clock never runs again.
   */
  effectiveNow(): number {
    const back = (this.q.lastBackJump.get() as number | null) ?? 0;
    return Math.max(this.clock.now(), this.lastRecordedAt() ?? 0, back);
  }

  private assertPast(at: number, field: string): void {
    if (at > this.clock.now() + FUTURE_SLACK_MS) {
      throw new AppError('invalid_date', `${field} is in the future`, { field, params: { reason: `${formatDateTime(at)} > ${formatDateTime(this.clock.now())}` } });
    }
  }

  private describeAll(shas: readonly string[], field = 'attachments'): AttachmentRef[] {
    return shas.map((sha) => {
      const ref = this.attachments.describe(sha);
      if (!ref) throw new AppError('not_found', `attachment ${sha} is not stored`, { field });
      return ref;
    });
  }

  private cleanPlace(p: ParsedInputOf<'incidents:raise'>['place'], at: number): IncidentPlace {
    const out: IncidentPlace = {};
    if (p.unitCode) {
      this.units.assertUnit(p.unitCode, at, 'place.unitCode');
      out.unitCode = p.unitCode;
    }
    if (p.siteName) out.siteName = p.siteName;
    if (p.zone) out.zone = p.zone;
    if (p.text) out.text = p.text;
    return out;
  }

  // ── settings ────────────────────────────────────────────────────────────────────────────

  settings(): IncidentSettings {
    const r = this.q.settings.get() as { ack_minutes: number; escalation_minutes: number } | undefined;
    return r ? { ackMinutes: r.ack_minutes, escalationMinutes: r.escalation_minutes } : { ...DEFAULT_INCIDENT_SETTINGS };
  }

  setSettings(patch: Partial<IncidentSettings>, actor: Actor): IncidentSettings {
    if (patch.ackMinutes !== undefined && patch.ackMinutes > ACK_MAX_MINUTES) {
      throw new AppError('ack_over_regulation', `the acknowledgement clock is at most ${ACK_MAX_MINUTES} minutes (Điều 9.2)`, { field: 'ackMinutes', params: { max: ACK_MAX_MINUTES } });
    }
    const next: SettingsPayload = { ...this.settings(), ...patch };
    this.journal.append({ type: EV.settings, actor: actor.login, payload: next });
    return this.settings();
  }

  // ── the workflow ────────────────────────────────────────────────────────────────────────

  private row(incidentId: string): IncidentRow {
    const r = this.q.incident.get(incidentId) as IncidentRow | undefined;
    if (!r) throw new AppError('not_found', `incident ${incidentId} not found`, { field: 'incidentId' });
    return r;
  }

  /** Checks one workflow step with the reducer and appends its event(s) in one transaction. */
  private step(incidentId: string, wf: WorkflowEvent, build: (inc: IncidentRow) => NewEvent, extra: Record<string, string> = {}): IncidentDetail {
    this.journal.tx(() => {
      const inc = this.row(incidentId);
      const r = applyWorkflow(JSON.parse(inc.workflow) as WorkflowState, wf);
      if (!r.ok) throw toAppError(r.error, extra);
      this.journal.appendInTx(build(inc));
    });
    return this.get(incidentId);
  }

  raise(i: ParsedInputOf<'incidents:raise'>, actor: Actor): IncidentDetail {
    this.assertPast(i.receivedAt, 'receivedAt');
    if (i.arisenAt > i.receivedAt) throw new AppError('invalid_date', 'the incident cannot arise after it was received', { field: 'arisenAt' });
    const place = this.cleanPlace(i.place, i.receivedAt);
    const identifiers = normalizeIdentifiers(i.identifiers);
    const attachments = this.describeAll(i.attachments);
    if (i.cameraId && !this.cameraExists(i.cameraId)) throw new AppError('unknown_camera', `camera ${i.cameraId} is not registered`, { field: 'cameraId' });
    if (i.immediate) this.assertPast(i.immediate.at, 'immediate.at');
    let id = '';
    this.journal.tx(() => {
      if (i.entryId) {
        const kind = this.q.entry.get({ id: i.entryId }) as string | undefined;
        if (kind !== 'incident') {
          throw new AppError('invalid_link', 'an incident adopts an existing incident entry of the logbook', { field: 'entryId', params: { kind: 'incident', expected: 'incident' } });
        }
        if (this.q.adopted.get(i.entryId)) throw new AppError('conflict', `entry ${i.entryId} already belongs to an incident`, { field: 'entryId' });
      }
      const payload: RaisedPayload = {
        source: i.source,
        sourceRef: i.sourceRef,
        entryId: i.entryId ?? null,
        arisenAt: i.arisenAt,
        receivedAt: i.receivedAt,
        place,
        description: i.description,
        identifiers,
        attachments,
        cameraId: i.cameraId ?? null,
        cases: i.cases,
      };
      const ev = this.journal.appendInTx({ type: EV.raised, occurredAt: i.receivedAt, actor: actor.login, payload });
      id = ev.eventId;
      if (i.immediate) {
        // the immediate step is its own event (its own logbook line and alert), in the same transaction
        const step: ImmediatePayload = { incidentId: id, ...i.immediate };
        this.journal.appendInTx({ type: EV.immediate, occurredAt: i.immediate.at, actor: actor.login, payload: step });
      }
    });
    return this.get(id);
  }

  amend(i: ParsedInputOf<'incidents:amend'>, actor: Actor): IncidentDetail {
    const cur = this.row(i.incidentId);
    const curPlace = JSON.parse(cur.place) as IncidentPlace;
    const next = {
      arisenAt: i.arisenAt ?? cur.arisen_at,
      receivedAt: i.receivedAt ?? cur.received_at,
      place: i.place ? this.cleanPlace(i.place, i.receivedAt ?? cur.received_at) : curPlace,
      description: i.description ?? cur.description,
      identifiers: i.identifiers ? normalizeIdentifiers(i.identifiers) : completeIdentifiers(JSON.parse(cur.identifiers) as Partial<Identifiers>),
      attachments: i.attachments ? this.describeAll(i.attachments) : (JSON.parse(cur.attachments) as AttachmentRef[]),
    };
    this.assertPast(next.receivedAt, 'receivedAt');
    if (next.arisenAt > next.receivedAt) throw new AppError('invalid_date', 'the incident cannot arise after it was received', { field: 'arisenAt' });
    const before = {
      arisenAt: cur.arisen_at,
      receivedAt: cur.received_at,
      place: curPlace,
      description: cur.description,
      identifiers: completeIdentifiers(JSON.parse(cur.identifiers) as Partial<Identifiers>),
      attachments: JSON.parse(cur.attachments) as AttachmentRef[],
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]));
    if (changed.length === 0) throw new AppError('invalid_input', 'the amendment changes nothing', { field: 'description' });
    return this.step(i.incidentId, { type: EV.amended }, (inc) => {
      const payload: AmendedPayload = { incidentId: inc.id, reason: i.reason, changed, ...next };
      return { type: EV.amended, occurredAt: next.receivedAt, actor: actor.login, payload };
    });
  }

  classify(i: ParsedInputOf<'incidents:classify'>, actor: Actor): IncidentDetail {
    return this.step(i.incidentId, { type: EV.classified, cases: i.cases }, (inc) => {
      const payload: ClassifiedPayload = { incidentId: inc.id, cases: i.cases, reason: i.reason };
      return { type: EV.classified, actor: actor.login, payload };
    });
  }

  immediateStep(i: ParsedInputOf<'incidents:immediateStep'>, actor: Actor): IncidentDetail {
    this.assertPast(i.immediate.at, 'immediate.at');
    return this.step(i.incidentId, { type: EV.immediate }, (inc) => {
      const payload: ImmediatePayload = { incidentId: inc.id, ...i.immediate };
      return { type: EV.immediate, occurredAt: i.immediate.at, actor: actor.login, payload };
    });
  }

  propose(i: ParsedInputOf<'incidents:propose'>, actor: Actor): IncidentDetail {
    return this.step(i.incidentId, { type: EV.proposed }, (inc) => {
      const payload: ProposedPayload = { incidentId: inc.id, verification: i.verification, proposal: i.proposal };
      return { type: EV.proposed, actor: actor.login, payload };
    });
  }

  decide(i: ParsedInputOf<'incidents:decide'>, actor: Actor): IncidentDetail {
    // separation of duties: a person holding both roles does not approve their own proposal
    const proposal = this.row(i.incidentId).proposal;
    if (proposal && (JSON.parse(proposal) as { by?: string }).by === actor.login) {
      throw new AppError('self_approval', 'whoever proposed cannot approve their own proposal', { field: 'decision' });
    }
    return this.step(i.incidentId, { type: EV.decided, decision: i.decision, note: i.note }, (inc) => {
      const payload: DecidedPayload = { incidentId: inc.id, decision: i.decision, note: i.note, form: i.form, scope: i.scope };
      return { type: EV.decided, actor: actor.login, payload };
    });
  }

  /**
   * The Director General's decision (c.3, 2.4): given in the app by a director_general user, or
   * recorded by a leader from a phone call, a meeting or paper (the scan attached), naming who.
   */
  recordDgDecision(i: ParsedInputOf<'incidents:recordDgDecision'>, actor: Actor): IncidentDetail {
    const isDg = actor.roles.includes('director_general');
    if (i.how === 'app' && !isDg) {
      throw new AppError('forbidden', 'only a Director General account gives a decision in the app; record a phone, paper or in-person decision with the approver’s name', {
        field: 'how',
        params: { channel: 'incidents:recordDgDecision' },
      });
    }
    const byName = i.how === 'app' ? actor.fullName : i.byName;
    if (!byName) throw new AppError('invalid_input', 'name the Director General (or delegate) who decided', { field: 'byName' });
    this.assertPast(i.at, 'at');
    const attachments = this.describeAll(i.attachments);
    if (i.how === 'paper' && attachments.length === 0) throw new AppError('scan_required', 'attach the scan of the paper approval', { field: 'attachments' });
    return this.step(i.incidentId, { type: EV.dg, decision: i.decision, note: i.note }, (inc) => {
      const payload: DgPayload = {
        incidentId: inc.id,
        decision: i.decision,
        by: i.how === 'app' ? actor.login : byName,
        byName,
        at: i.at,
        how: i.how,
        note: i.note,
        attachments,
      };
      return { type: EV.dg, occurredAt: i.at, actor: actor.login, payload };
    });
  }

  close(i: ParsedInputOf<'incidents:close'>, actor: Actor): IncidentDetail {
    return this.step(i.incidentId, { type: EV.closed }, (inc) => {
      const payload: ClosedPayload = { incidentId: inc.id, summary: i.summary };
      return { type: EV.closed, actor: actor.login, payload };
    });
  }

  // ── directions ──────────────────────────────────────────────────────────────────────────

  issueDirection(i: ParsedInputOf<'directions:issue'>, actor: Actor): IncidentDetail {
    const now = this.clock.now();
    const issuedAt = i.issuedAt ?? now;
    this.assertPast(issuedAt, 'issuedAt');
    if (i.resultDueAt <= issuedAt) throw new AppError('invalid_date', 'the result is due after the direction is issued', { field: 'resultDueAt' });
    if (i.recipientUnitCode) this.units.assertUnit(i.recipientUnitCode, issuedAt, 'recipientUnitCode');
    const s = this.settings();
    // Đ9.2: 30 minutes from receipt — the stated time, never later than the recording
    const ackStart = Math.min(issuedAt, now);
    // the reducer needs the new direction's id, which is the event id: check with a placeholder
    return this.step(i.incidentId, { type: EV.issued, directionId: '(new)' }, (inc) => {
      const payload: IssuedPayload = {
        incidentId: inc.id,
        recipientUnitCode: i.recipientUnitCode ?? null,
        recipientPerson: i.recipientPerson || null,
        form: i.form,
        content: i.content,
        focalPoint: i.focalPoint,
        issuedAt,
        resultDueAt: i.resultDueAt,
        ackStart,
        ackDueAt: ackStart + s.ackMinutes * 60_000,
        escalationMinutes: s.escalationMinutes,
      };
      return { type: EV.issued, occurredAt: issuedAt, actor: actor.login, payload };
    });
  }

  private directionRow(id: string): DirectionRow {
    const d = this.q.direction.get(id) as DirectionRow | undefined;
    if (!d) throw new AppError('not_found', `direction ${id} not found`, { field: 'directionId' });
    return d;
  }

  acknowledge(i: ParsedInputOf<'directions:acknowledge'>, actor: Actor): IncidentDetail {
    const now = this.clock.now();
    const d = this.directionRow(i.directionId);
    const at = Math.min(i.at ?? now, now);
    this.assertPast(i.at ?? now, 'at');
    if (at < d.issued_at) throw new AppError('invalid_date', 'the acknowledgement cannot precede the direction', { field: 'at' });
    if (i.expectedAt < at) throw new AppError('invalid_date', 'the expected finish is before the acknowledgement', { field: 'expectedAt' });
    return this.step(d.incident_id, { type: EV.acknowledged, directionId: d.id }, () => {
      const payload: AckPayload = { incidentId: d.incident_id, directionId: d.id, handler: i.handler, expectedAt: i.expectedAt, at };
      return { type: EV.acknowledged, occurredAt: at, actor: actor.login, payload };
    });
  }

  directionResult(i: ParsedInputOf<'directions:result'>, actor: Actor): IncidentDetail {
    const now = this.clock.now();
    const d = this.directionRow(i.directionId);
    this.assertPast(i.at ?? now, 'at');
    const at = Math.min(i.at ?? now, now);
    if (at < d.issued_at) throw new AppError('invalid_date', 'the result cannot precede the direction', { field: 'at' });
    const late = at > d.result_due;
    const attachments = this.describeAll(i.attachments);
    const wf: WorkflowEvent = { type: EV.result, directionId: d.id, late, lateCause: i.lateCause, responsible: i.responsible };
    return this.step(
      d.incident_id,
      wf,
      () => {
        const payload: DirectionResultPayload = {
          incidentId: d.incident_id,
          directionId: d.id,
          text: i.text,
          at,
          late,
          lateCause: late ? i.lateCause : '',
          responsible: late ? i.responsible : '',
          attachments,
        };
        return { type: EV.result, occurredAt: at, actor: actor.login, payload };
      },
      { due: formatDateTime(d.result_due) },
    );
  }

  // ── requests this station receives (Đ9) ─────────────────────────────────────────────────

  registerRequest(i: ParsedInputOf<'requests:register'>, actor: Actor): InboundRequest {
    const now = this.clock.now();
    this.assertPast(i.receivedAt, 'receivedAt');
    if (i.resultDueAt !== undefined && i.resultDueAt <= i.receivedAt) throw new AppError('invalid_date', 'the result is due after the request was received', { field: 'resultDueAt' });
    if (i.fromUnitCode) this.units.assertUnit(i.fromUnitCode, i.receivedAt, 'fromUnitCode');
    const s = this.settings();
    const ackStart = Math.min(i.receivedAt, now);
    const payload: RequestRegisteredPayload = {
      fromUnitCode: i.fromUnitCode ?? null,
      fromText: i.fromText,
      reference: i.reference,
      content: i.content,
      receivedAt: i.receivedAt,
      resultDueAt: i.resultDueAt ?? null,
      ackStart,
      ackDueAt: ackStart + s.ackMinutes * 60_000,
      escalationMinutes: s.escalationMinutes,
    };
    const ev = this.journal.append({ type: EV.reqRegistered, occurredAt: i.receivedAt, actor: actor.login, payload });
    return this.getRequest(ev.eventId);
  }

  private requestRow(id: string): RequestRow {
    const r = this.q.request.get(id) as RequestRow | undefined;
    if (!r) throw new AppError('not_found', `request ${id} not found`, { field: 'requestId' });
    return r;
  }

  private requestIllegal(what: 'answer' | 'result', r: RequestRow): AppError {
    const state = r.result ? labels('', '', 'đã báo cáo kết quả', 'result reported') : labels('', '', 'đã trả lời', 'answered');
    const action = what === 'answer' ? { actionVi: 'trả lời yêu cầu lần thứ hai', actionEn: 'answer the request again' } : { actionVi: 'báo cáo kết quả lần thứ hai', actionEn: 'report the result again' };
    return new AppError('illegal_transition', `the request is already ${state.stateEn}`, { params: { ...state, ...action, state: r.result ? 'result' : 'answered' } });
  }

  answerRequest(i: ParsedInputOf<'requests:answer'>, actor: Actor): InboundRequest {
    const now = this.clock.now();
    this.assertPast(i.at ?? now, 'at');
    const at = Math.min(i.at ?? now, now);
    this.journal.tx(() => {
      const r = this.requestRow(i.requestId);
      if (r.answer || r.result) throw this.requestIllegal('answer', r);
      if (at < r.received_at) throw new AppError('invalid_date', 'the answer cannot precede the request', { field: 'at' });
      if (i.expectedAt < at) throw new AppError('invalid_date', 'the expected finish is before the answer', { field: 'expectedAt' });
      const payload: RequestAnsweredPayload = { requestId: r.id, handler: i.handler, expectedAt: i.expectedAt, at };
      this.journal.appendInTx({ type: EV.reqAnswered, occurredAt: at, actor: actor.login, payload });
    });
    return this.getRequest(i.requestId);
  }

  requestResult(i: ParsedInputOf<'requests:result'>, actor: Actor): InboundRequest {
    const now = this.clock.now();
    this.assertPast(i.at ?? now, 'at');
    const at = Math.min(i.at ?? now, now);
    this.journal.tx(() => {
      const r = this.requestRow(i.requestId);
      if (r.result) throw this.requestIllegal('result', r);
      if (at < r.received_at) throw new AppError('invalid_date', 'the result cannot precede the request', { field: 'at' });
      const late = r.result_due !== null && at > r.result_due;
      if (late && (!i.lateCause || !i.responsible)) {
        throw new AppError('late_cause_required', 'a late result must give the cause and the person responsible', {
          field: i.lateCause ? 'responsible' : 'lateCause',
          params: { due: formatDateTime(r.result_due!) },
        });
      }
      const payload: RequestResultPayload = {
        requestId: r.id,
        text: i.text,
        at,
        timeline: i.timeline,
        late,
        lateCause: late ? i.lateCause : '',
        responsible: late ? i.responsible : '',
        proposals: i.proposals,
        focalPoint: i.focalPoint,
      };
      this.journal.appendInTx({ type: EV.reqResult, occurredAt: at, actor: actor.login, payload });
    });
    return this.getRequest(i.requestId);
  }

  /** The incident a direction belongs to (`not_found` on field directionId when there is none). */
  incidentOfDirection(directionId: string): string {
    const id = this.q.incidentOfDirection.get(directionId) as string | undefined;
    if (!id) throw new AppError('not_found', `direction ${directionId} not found`, { field: 'directionId' });
    return id;
  }

  /** Whether a logbook entry is a workflow incident's line (closed by incident.closed, not by a result). */
  ownsEntry(entryId: string): boolean {
    return this.q.ownsEntry.get(entryId) !== undefined;
  }

  getRequest(id: string): InboundRequest {
    return this.toRequest(this.requestRow(id), this.effectiveNow());
  }

  listRequests(openOnly: boolean, limit: number): InboundRequest[] {
    const now = this.effectiveNow();
    const rows = this.db
      .prepare(`SELECT * FROM inbound_requests ${openOnly ? 'WHERE result_done IS NULL' : ''} ORDER BY seq DESC LIMIT ?`)
      .all(limit) as RequestRow[];
    return rows.map((r) => this.toRequest(r, now));
  }

  // ── clocks, escalation, clock jumps (run by the watcher) ────────────────────────────────

  private clockView(kind: ClockKind, startedAt: number, dueAt: number, doneAt: number | null, startSeq: number, doneSeq: number | null, esc: Escalation[], now: number): ClockView {
    const jumped = this.q.jumpBetween.get(startSeq, doneSeq ?? Number.MAX_SAFE_INTEGER) !== undefined;
    return {
      kind,
      startedAt,
      dueAt,
      doneAt,
      state: clockState({ dueAt, doneAt }, now),
      remainingMs: dueAt - (doneAt ?? now),
      clockJumped: jumped,
      escalations: esc.filter((e) => e.clock === kind),
    };
  }

  /** The acknowledgement and result clocks of a direction or a request (no result clock without a deadline). */
  private clocksOf(r: ClockCols, now: number): { ackClock: ClockView; resultClock: ClockView | null } {
    const esc = this.escalations(r.id);
    return {
      ackClock: this.clockView('ack', r.ack_start, r.ack_due, r.ack_done, r.seq, r.ack_done_seq, esc, now),
      resultClock: r.result_due === null ? null : this.clockView('result', r.ack_start, r.result_due, r.result_done, r.seq, r.result_done_seq, esc, now),
    };
  }

  private escalations(targetId: string): Escalation[] {
    return (this.q.escalationsOf.all(targetId) as { clock: ClockKind; level: 1 | 2; to_role: 'room_leader' | 'shift_leader'; due_at: number; at: number }[]).map((e) => ({
      clock: e.clock,
      level: e.level,
      to: e.to_role,
      dueAt: e.due_at,
      at: e.at,
    }));
  }

  /**
   * Raises every escalation that is due and not yet raised, oldest first: level 1 (room-level
   * leader) when a clock runs out, level 2 (shift leader) `escalationMinutes` later. Each is a
   * 'direction.escalated' event dated when it became due (a restart after hours offline raises
   * the missing ones at once, in order). Returns how many were raised.
   */
  escalateDue(): number {
    const now = this.effectiveNow();
    interface Pending {
      moment: number;
      seq: number;
      payload: EscalatedPayload;
    }
    const pending: Pending[] = [];
    const add = (target: 'direction' | 'request', r: ClockCols, incidentId: string | null, clock: ClockKind, due: number | null, raised: number) => {
      if (due === null) return;
      for (let level = raised + 1; level <= 2; level++) {
        const moment = level === 1 ? due : due + r.esc_minutes * 60_000;
        if (moment > now) break;
        pending.push({
          moment,
          seq: r.seq,
          payload: { target, targetId: r.id, incidentId, clock, level: level as 1 | 2, to: level === 1 ? 'room_leader' : 'shift_leader', dueAt: due },
        });
      }
    };
    const open = (table: string) => `SELECT * FROM ${table} WHERE result_done IS NULL AND ((ack_done IS NULL AND ack_esc < 2 AND ack_due <= ?) OR (result_esc < 2 AND result_due <= ?))`;
    const addClocks = (target: 'direction' | 'request', r: ClockCols, incidentId: string | null) => {
      if (r.ack_done === null) add(target, r, incidentId, 'ack', r.ack_due, r.ack_esc);
      add(target, r, incidentId, 'result', r.result_due, r.result_esc);
    };
    for (const d of this.db.prepare(open('directions')).all(now, now) as DirectionRow[]) addClocks('direction', d, d.incident_id);
    for (const r of this.db.prepare(open('inbound_requests')).all(now, now) as RequestRow[]) addClocks('request', r, null);
    if (pending.length === 0) return 0;
    pending.sort((a, b) => a.moment - b.moment || a.payload.level - b.payload.level || a.seq - b.seq || (a.payload.clock < b.payload.clock ? -1 : 1));
    this.journal.tx(() => {
      for (const p of pending) this.journal.appendInTx({ type: EV.escalated, occurredAt: p.moment, actor: SYSTEM_ACTOR, payload: p.payload });
    });
    return pending.length;
  }

  recordClockJump(p: ClockJumpedPayload): void {
    this.journal.append({ type: EV.clockJumped, actor: SYSTEM_ACTOR, payload: p });
  }

  // ── alerts ──────────────────────────────────────────────────────────────────────────────

  alerts(roles: readonly Role[], includeDismissed: boolean): IncidentAlert[] {
    const to = [...roles, 'all'];
    const rows = this.db
      .prepare(
        `SELECT a.* FROM incident_alerts a
           LEFT JOIN incidents i ON i.id = a.incident_id
           LEFT JOIN clock_escalations c ON c.seq = a.seq
           LEFT JOIN directions d ON c.target_kind = 'direction' AND d.id = c.target_id
           LEFT JOIN inbound_requests r ON c.target_kind = 'request' AND r.id = c.target_id
          WHERE a.to_role IN (${to.map(() => '?').join(',')}) ${includeDismissed ? '' : `AND a.dismissed_at IS NULL ${SETTLED_ALERTS_HIDDEN}`}
          ORDER BY a.seq DESC LIMIT 500`,
      )
      .all(...to) as { id: string; kind: IncidentAlert['kind']; to_role: IncidentAlert['to']; incident_id: string | null; direction_id: string | null; request_id: string | null; text: string; at: number; dismissed_at: number | null }[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      to: r.to_role,
      incidentId: r.incident_id,
      directionId: r.direction_id,
      requestId: r.request_id,
      text: r.text,
      at: r.at,
      dismissedAt: r.dismissed_at,
    }));
  }

  /**
   * What the lock screen shows (docs/incidents.md, "The lock screen"): the alerts waiting for
   * these roles (exactly those `alerts` answers) and the clocks overdue now (a direction's or a
   * request's acknowledgement or result clock past due while its result is not in), each with
   * the highest severity among them — an overdue clock escalated to the shift leader (level 2)
   * is urgent, any other overdue clock a warning. Counts only: nothing of what they are about.
   */
  waiting(roles: readonly Role[]): WaitingSummary {
    const alerts = this.alerts(roles, false);
    const worst = (a: WaitingSeverity, b: WaitingSeverity): WaitingSeverity => (WAITING_SEVERITIES.indexOf(b) > WAITING_SEVERITIES.indexOf(a) ? b : a);
    let alertSeverity: WaitingSeverity = 'none';
    for (const a of alerts) alertSeverity = worst(alertSeverity, ALERT_SEVERITY[a.kind]);
    const now = this.effectiveNow();
    const overdue = (table: string) =>
      this.db
        .prepare(
          `SELECT
             COALESCE(SUM(CASE WHEN ack_done IS NULL AND ack_due < @now THEN 1 ELSE 0 END), 0)
               + COALESCE(SUM(CASE WHEN result_due IS NOT NULL AND result_due < @now THEN 1 ELSE 0 END), 0) AS n,
             COALESCE(MAX(CASE WHEN (ack_done IS NULL AND ack_due < @now AND ack_esc >= 2) OR (result_due IS NOT NULL AND result_due < @now AND result_esc >= 2) THEN 1 ELSE 0 END), 0) AS top
             FROM ${table} WHERE result_done IS NULL`,
        )
        .get({ now }) as { n: number; top: number };
    const d = overdue('directions');
    const r = overdue('inbound_requests');
    const clocks = d.n + r.n;
    return {
      alerts: { count: alerts.length, severity: alertSeverity },
      clocks: { count: clocks, severity: clocks === 0 ? 'none' : d.top || r.top ? 'urgent' : 'warning' },
    };
  }

  dismissAlert(alertId: string, actor: Actor): void {
    this.journal.tx(() => {
      const a = this.q.alert.get(alertId) as { to_role: string; dismissed_at: number | null } | undefined;
      if (!a) throw new AppError('not_found', `alert ${alertId} not found`, { field: 'alertId' });
      if (a.to_role !== 'all' && !actor.roles.includes(a.to_role as Role)) {
        throw new AppError('forbidden', `this alert is for ${a.to_role}`, { field: 'alertId', params: { channel: 'incidents:dismissAlert' } });
      }
      if (a.dismissed_at !== null) return; // already seen: nothing to record
      this.journal.appendInTx({ type: EV.alertDismissed, actor: actor.login, payload: { alertId } });
    });
  }

  // ── reads ───────────────────────────────────────────────────────────────────────────────

  private nameOf(login: string): string {
    if (login === SYSTEM_ACTOR) return 'Hệ thống';
    return (this.q.userName.get(login) as string | undefined) ?? login;
  }

  private toDirection(d: DirectionRow, now: number): Direction {
    const { ackClock, resultClock } = this.clocksOf(d, now);
    return {
      id: d.id,
      incidentId: d.incident_id,
      entryId: d.id,
      recipientUnitCode: d.recipient_unit_code,
      recipientPerson: d.recipient_person,
      form: d.form,
      content: d.content,
      focalPoint: d.focal_point,
      issuedAt: d.issued_at,
      issuedBy: d.issued_by,
      recordedAt: d.recorded_at,
      resultDueAt: d.result_due,
      ack: d.ack ? (JSON.parse(d.ack) as Acknowledgement) : null,
      result: d.result ? (JSON.parse(d.result) as ResultReport) : null,
      ackClock,
      // a direction always has a result deadline
      resultClock: resultClock!,
    };
  }

  private toRequest(r: RequestRow, now: number): InboundRequest {
    const { ackClock, resultClock } = this.clocksOf(r, now);
    return {
      id: r.id,
      entryId: r.id,
      fromUnitCode: r.from_unit_code,
      fromText: r.from_text,
      reference: r.reference,
      content: r.content,
      receivedAt: r.received_at,
      recordedAt: r.recorded_at,
      resultDueAt: r.result_due,
      answer: r.answer ? (JSON.parse(r.answer) as Acknowledgement) : null,
      result: r.result ? (JSON.parse(r.result) as InboundRequest['result']) : null,
      ackClock,
      resultClock,
    };
  }

  private toSummary(r: IncidentRow, now: number): IncidentSummary {
    const wf = JSON.parse(r.workflow) as WorkflowState;
    const directions = (this.q.directionsOf.all(r.id) as DirectionRow[]).map((d) => this.toDirection(d, now));
    const clocks = directions.flatMap((d) => [d.ackClock, d.resultClock]);
    const running = clocks.filter((c) => c.state === 'running').map((c) => c.dueAt);
    const immediate = r.immediate ? (JSON.parse(r.immediate) as ImmediateStep) : null;
    return {
      id: r.id,
      entryId: r.entry_id,
      state: r.state,
      source: r.source,
      cases: JSON.parse(r.cases) as HandlingCase[],
      immediate,
      arisenAt: r.arisen_at,
      receivedAt: r.received_at,
      place: JSON.parse(r.place) as IncidentPlace,
      description: r.description,
      identifiers: completeIdentifiers(JSON.parse(r.identifiers) as Partial<Identifiers>),
      attachments: JSON.parse(r.attachments) as AttachmentRef[],
      raisedBy: r.raised_by,
      raisedByName: this.nameOf(r.raised_by),
      raisedAt: r.raised_at,
      missingApprovals: r.state === 'closed' ? [] : missingApprovals(wf),
      directions,
      overdue: clocks.some((c) => c.state === 'overdue'),
      nextDueAt: running.length ? Math.min(...running) : null,
      version: r.version,
      closedAt: r.closed_at,
    };
  }

  get(incidentId: string): IncidentDetail {
    const r = this.row(incidentId);
    const summary = this.toSummary(r, this.effectiveNow());
    const approvals = (this.q.approvals.all(r.id) as {
      level: ApprovalLevel;
      decision: 'approved' | 'rejected';
      by_login: string;
      by_name: string;
      at: number;
      how: Approval['how'];
      note: string;
      form: string | null;
      scope: string | null;
      attachments: string;
      recorded_by: string;
      recorded_at: number;
    }[]).map((a) => {
      const out: Approval = {
        level: a.level,
        decision: a.decision,
        by: a.by_login,
        byName: a.by_name,
        at: a.at,
        how: a.how,
        note: a.note,
        attachments: JSON.parse(a.attachments) as AttachmentRef[],
        recordedBy: a.recorded_by,
        recordedAt: a.recorded_at,
      };
      if (a.form !== null) out.form = a.form;
      if (a.scope !== null) out.scope = a.scope;
      return out;
    });
    const dirText = new Map(summary.directions.map((d) => [d.id, `Chỉ đạo gửi ${[d.recipientPerson, d.recipientUnitCode].filter(Boolean).join(' — ')}`]));
    const timeline: TimelineItem[] = (this.q.timeline.all(r.id) as { seq: number; event_id: string; type: string; type_version: number; occurred_at: number; recorded_at: number; actor: string; payload: string; full_name: string | null }[]).map((e) => {
      const line = timelineLine({ type: e.type, typeVersion: e.type_version, payload: e.payload }, { directionText: (id) => dirText.get(id) ?? 'Chỉ đạo' });
      const item: TimelineItem = {
        seq: e.seq,
        eventId: e.event_id,
        type: e.type,
        at: e.occurred_at,
        recordedAt: e.recorded_at,
        actor: e.actor,
        actorName: e.actor === SYSTEM_ACTOR ? 'Hệ thống' : (e.full_name ?? e.actor),
        summary: line.summary,
      };
      if (line.reason !== undefined) item.reason = line.reason;
      return item;
    });
    return {
      ...summary,
      approvals,
      proposal: r.proposal ? (JSON.parse(r.proposal) as IncidentDetail['proposal']) : null,
      timeline,
      documentIds: this.q.documentIds.all(r.id, r.id) as string[],
    };
  }

  list(f: ParsedInputOf<'incidents:list'>): IncidentSummary[] {
    const now = this.effectiveNow();
    const args: unknown[] = [];
    let where = '';
    if (f.states && f.states.length > 0) {
      where = `WHERE state IN (${f.states.map(() => '?').join(',')})`;
      args.push(...f.states);
    }
    const jsFilter = !!(f.cases?.length || f.overdueOnly || f.query);
    const rows = this.db.prepare(`SELECT * FROM incidents ${where} ORDER BY seq DESC ${jsFilter ? '' : 'LIMIT ?'}`).all(...args, ...(jsFilter ? [] : [f.limit])) as IncidentRow[];
    const query = f.query ? foldVi(f.query) : '';
    const out: IncidentSummary[] = [];
    for (const r of rows) {
      if (f.cases?.length) {
        const cases = JSON.parse(r.cases) as HandlingCase[];
        if (!f.cases.some((c) => cases.includes(c))) continue;
      }
      if (query) {
        const hay = foldVi([r.description, r.place, r.identifiers, r.source_ref].join(' '));
        if (!hay.includes(query)) continue;
      }
      const s = this.toSummary(r, now);
      if (f.overdueOnly && !s.overdue) continue;
      out.push(s);
      if (out.length >= f.limit) break;
    }
    return out;
  }

  /** Replays the incident's journal events through the reducer (for verification and tests). */
  replay(incidentId: string): WorkflowResult {
    const evs = this.q.eventsOf.all(incidentId) as { eventId: string; type: string; typeVersion: number; payload: string }[];
    const steps = evs.map((e) => toWorkflowEvent(e)).filter((x): x is NonNullable<typeof x> => x !== null).map((x) => x.event);
    return replayWorkflow(steps);
  }
}
