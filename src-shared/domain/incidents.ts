/**
 * Handling what arises in a shift (docs/regulation.md §2, §5; regulation Điều 8, 9, 12): incidents, the
 * approval chain, directions with acknowledgement/result clocks, and requests this station
 * receives. Pure types and rules, shared by main (the workflow service) and the renderer.
 */
import type { AttachmentRef, DirectionForm, Identifiers } from './logbook';

/** Đ8.1 — immediate preventive steps the officer takes at once, then reports. */
export const IMMEDIATE_CASES = ['a', 'b', 'c'] as const;
export type ImmediateCase = (typeof IMMEDIATE_CASES)[number];

/**
 * Đ8.2 — handling cases. 2.1 reminder, 2.2 request for information, 2.3 coordination under
 * direction (c.1 central department, c.2 joint check of goods not yet cleared, c.3 intervention on
 * goods already cleared), 2.4 mobilising mobile equipment.
 */
export const HANDLING_CASES = ['2.1', '2.2', '2.3.c1', '2.3.c2', '2.3.c3', '2.4'] as const;
export type HandlingCase = (typeof HANDLING_CASES)[number];

/** Where an incident came from. */
export const INCIDENT_SOURCES = ['logbook', 'snapshot', 'data_alert', 'phone', 'fax', 'email', 'other'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/**
 * reported → proposed → approved | awaiting_dg | rejected; awaiting_dg → approved | rejected;
 * approved → in_progress (first direction issued) → closed. rejected → proposed (re-proposed) | closed.
 */
export const INCIDENT_STATES = ['reported', 'proposed', 'awaiting_dg', 'approved', 'rejected', 'in_progress', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** Who must have approved before anything is issued. */
export const APPROVAL_LEVELS = ['room_leader', 'shift_leader', 'director_general'] as const;
export type ApprovalLevel = (typeof APPROVAL_LEVELS)[number];

/** How an approval was given (a paper approval carries its scan as an attachment). */
export const APPROVAL_CHANNELS = ['app', 'phone', 'paper', 'in_person'] as const;
export type ApprovalChannel = (typeof APPROVAL_CHANNELS)[number];

/** Cases that need the Director General (Đ8.2.3.c.3 and Đ8.2.4). */
export const DG_CASES: readonly HandlingCase[] = ['2.3.c3', '2.4'];

/**
 * The approvals a set of cases requires, in chain order. Every Đ8.2 case is verified by the
 * room-level leader and approved by the shift leader (the core rule, Đ4.3, Đ7.3.2.c); c.3 and
 * 2.4 also need the Director General. The immediate steps of Đ8.1 need none (taken at once,
 * then reported).
 */
export function requiredApprovals(cases: readonly HandlingCase[]): ApprovalLevel[] {
  if (cases.length === 0) return ['room_leader', 'shift_leader'];
  const out: ApprovalLevel[] = ['room_leader', 'shift_leader'];
  if (cases.some((c) => DG_CASES.includes(c))) out.push('director_general');
  return out;
}

export interface IncidentPlace {
  unitCode?: string;
  siteName?: string;
  zone?: string;
  /** Free text, e.g. "Bãi kiểm hóa số 2, cổng B". */
  text?: string;
}

export interface ImmediateStep {
  case: ImmediateCase;
  /** The step taken, e.g. "Đề nghị đội giám sát dừng việc đưa container ra khỏi khu vực giám sát". */
  step: string;
  /** Who at the site was told (name, role, unit). */
  toldWhom: string;
  /** When the step was taken (epoch ms). */
  at: number;
  recordedBy: string;
}

export interface Approval {
  level: ApprovalLevel;
  decision: 'approved' | 'rejected';
  /** Login of the approver when given in the app; otherwise as recorded (name, title). */
  by: string;
  byName: string;
  /** When the decision was given (epoch ms) — may precede its recording (phone, paper). */
  at: number;
  how: ApprovalChannel;
  /** Reason (required for a rejection) or opinion text. */
  note: string;
  /** shift_leader: the form and scope decided (Đ8.2.3.c). */
  form?: string;
  scope?: string;
  attachments: AttachmentRef[];
  /** Login of whoever recorded it, and when (journal recorded time). */
  recordedBy: string;
  recordedAt: number;
}

export const CLOCK_KINDS = ['ack', 'result'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

/**
 * A deadline computed from stored events: started at the recorded time of the event that
 * started it, due `dueAt`, met or missed by the recorded time of the event that stopped it.
 */
export interface ClockView {
  kind: ClockKind;
  startedAt: number;
  dueAt: number;
  /** When it was stopped (acknowledged / result reported); null while running. */
  doneAt: number | null;
  /** running: not yet due; overdue: past due, not done; met: done in time; late: done after due. */
  state: 'running' | 'overdue' | 'met' | 'late';
  /** dueAt − now (or − doneAt when done); negative when past due. */
  remainingMs: number;
  /** The machine's clock was seen to jump while this clock ran: its figures are suspect. */
  clockJumped: boolean;
  /** Escalations already raised for this clock, in order. */
  escalations: Escalation[];
}

export interface Escalation {
  clock: ClockKind;
  /** 1: room-level leader, 2: shift leader. */
  level: 1 | 2;
  to: 'room_leader' | 'shift_leader';
  dueAt: number;
  /** When the escalation was raised (journal recorded time). */
  at: number;
}

export interface Acknowledgement {
  /** Who handles it at the receiving unit (focal point). */
  handler: string;
  /** When the unit expects to finish (epoch ms). */
  expectedAt: number;
  /** When the unit answered (epoch ms, as told). */
  at: number;
  recordedBy: string;
  recordedAt: number;
}

export interface ResultReport {
  at: number;
  text: string;
  /** Reported after the due time: the cause and the person responsible are required (Đ9.3). */
  late: boolean;
  lateCause?: string;
  responsible?: string;
  recordedBy: string;
  recordedAt: number;
}

/** A direction issued to a unit or a person (outbound). */
export interface Direction {
  id: string;
  incidentId: string;
  /** Logbook entry showing it in the "Nội dung chỉ đạo" column. */
  entryId: string;
  recipientUnitCode: string | null;
  recipientPerson: string | null;
  form: DirectionForm;
  content: string;
  /** Our focal point for the recipient. */
  focalPoint: string;
  /** When the recipient received it (epoch ms). */
  issuedAt: number;
  issuedBy: string;
  recordedAt: number;
  resultDueAt: number;
  ack: Acknowledgement | null;
  result: ResultReport | null;
  ackClock: ClockView;
  resultClock: ClockView;
}

export type DirectionState = 'awaiting_ack' | 'ack_overdue' | 'acknowledged' | 'result_overdue' | 'done';

export interface IncidentSummary {
  id: string;
  /** The incident's logbook entry ("Vụ việc phát sinh" column). */
  entryId: string;
  state: IncidentState;
  source: IncidentSource;
  cases: HandlingCase[];
  immediate: ImmediateStep | null;
  arisenAt: number;
  receivedAt: number;
  place: IncidentPlace;
  description: string;
  identifiers: Identifiers;
  attachments: AttachmentRef[];
  raisedBy: string;
  raisedByName: string;
  raisedAt: number;
  /** Approval levels the cases require and that are not (yet) given. */
  missingApprovals: ApprovalLevel[];
  directions: Direction[];
  /** Any direction clock overdue right now. */
  overdue: boolean;
  /** The nearest running due time, for sorting the board. */
  nextDueAt: number | null;
  version: number;
  closedAt: number | null;
}

export interface TimelineItem {
  seq: number;
  eventId: string;
  type: string;
  /** When it happened (as told) and when it was recorded. */
  at: number;
  recordedAt: number;
  actor: string;
  actorName: string;
  /** One Vietnamese line for the timeline, e.g. "Lãnh đạo ca trực phê duyệt: …". */
  summary: string;
  /** Amendments carry the reason and the fields changed. */
  reason?: string;
}

export interface IncidentDetail extends IncidentSummary {
  approvals: Approval[];
  proposal: { verification: string; proposal: string; by: string; at: number } | null;
  timeline: TimelineItem[];
  /** Ids of documents (Phụ lục II/III) drafted or issued for this incident. */
  documentIds: string[];
}

/** A request this station received (from HQ or another unit), Đ9. */
export interface InboundRequest {
  id: string;
  entryId: string;
  fromUnitCode: string | null;
  fromText: string;
  /** Fax / letter number and date as written on it. */
  reference: string;
  content: string;
  receivedAt: number;
  recordedAt: number;
  resultDueAt: number | null;
  answer: Acknowledgement | null;
  result: (ResultReport & { timeline: { at: number; text: string }[]; proposals: string; focalPoint: string }) | null;
  ackClock: ClockView;
  resultClock: ClockView | null;
}

/** An alert for the people on watch: banner + sound until dismissed. */
export interface IncidentAlert {
  id: string;
  kind: 'immediate_step' | 'escalation' | 'clock_jump' | 'approval_needed';
  /** Role the alert is for. */
  to: 'room_leader' | 'shift_leader' | 'director_general' | 'all';
  incidentId: string | null;
  directionId: string | null;
  requestId: string | null;
  text: string;
  at: number;
  dismissedAt: number | null;
}

/** How urgent what is waiting is: 'none' when nothing waits. */
export type WaitingSeverity = 'none' | 'notice' | 'warning' | 'urgent';

/**
 * What the lock screen may show (`incidents:waiting`): how many alerts wait for the signed-in
 * user's roles and how many clocks are overdue, each with its severity — counts only, never
 * an alert's text, an incident or a unit.
 */
export interface WaitingSummary {
  alerts: { count: number; severity: WaitingSeverity };
  clocks: { count: number; severity: WaitingSeverity };
}

/** An alert kind's severity on the lock screen (escalations and immediate steps are urgent). */
export const ALERT_SEVERITY: Record<IncidentAlert['kind'], Exclude<WaitingSeverity, 'none'>> = {
  escalation: 'urgent',
  immediate_step: 'urgent',
  clock_jump: 'warning',
  approval_needed: 'notice',
};

export const WAITING_SEVERITIES: readonly WaitingSeverity[] = ['none', 'notice', 'warning', 'urgent'];

export interface IncidentSettings {
  /** Đ9.2: minutes the receiving unit has to name its focal point and expected finish. */
  ackMinutes: number;
  /** Minutes after an overdue clock's first escalation (room-level leader) before the shift leader's. */
  escalationMinutes: number;
}

export const DEFAULT_INCIDENT_SETTINGS: IncidentSettings = { ackMinutes: 30, escalationMinutes: 10 };

/**
 * Điều 9.2: a direction or request is acknowledged within 30 minutes at most. A station may set a
 * shorter clock, never a longer one (docs/regulation.md, the acknowledgement clock).
 */
export const ACK_MAX_MINUTES = 30;

/** Clock maths shared by main and renderer (the renderer ticks it locally between refreshes). */
export function clockState(c: { dueAt: number; doneAt: number | null }, now: number): ClockView['state'] {
  if (c.doneAt !== null) return c.doneAt <= c.dueAt ? 'met' : 'late';
  return now <= c.dueAt ? 'running' : 'overdue';
}
