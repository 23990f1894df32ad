/**
 * Journal event types and payloads of the incident workflow (docs/incidents.md). Every user
 * action is one event; the incident id is the event id of incident.raised, a direction's id
 * the event id of direction.issued, a request's id the event id of request.registered.
 */
import type { AttachmentRef, DirectionForm, Identifiers } from '../../src-shared/domain/logbook';
import type { ApprovalChannel, ClockKind, HandlingCase, ImmediateCase, IncidentPlace, IncidentSource } from '../../src-shared/domain/incidents';

export const EV = {
  raised: 'incident.raised',
  amended: 'incident.amended',
  classified: 'incident.classified',
  immediate: 'incident.immediate_step',
  proposed: 'incident.proposed',
  decided: 'incident.decided',
  dg: 'incident.dg_decision',
  closed: 'incident.closed',
  issued: 'direction.issued',
  acknowledged: 'direction.acknowledged',
  result: 'direction.result',
  escalated: 'direction.escalated',
  reqRegistered: 'request.registered',
  reqAnswered: 'request.answered',
  reqResult: 'request.result',
  alertDismissed: 'alert.dismissed',
  clockJumped: 'clock.jumped',
  settings: 'incidents.settings_changed',
} as const;

export const INCIDENT_EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(EV));

/** Actor of events the app raises by itself (escalations, clock jumps). */
export const SYSTEM_ACTOR = 'system';

export interface RaisedPayload {
  source: IncidentSource;
  sourceRef: string;
  /** An existing logbook incident entry adopted as this incident's entry; null: a new entry. */
  entryId: string | null;
  arisenAt: number;
  receivedAt: number;
  place: IncidentPlace;
  description: string;
  identifiers: Identifiers;
  attachments: AttachmentRef[];
  cameraId: string | null;
  cases: HandlingCase[];
}

export interface AmendedPayload {
  incidentId: string;
  reason: string;
  /** The fields this amendment changed. */
  changed: string[];
  arisenAt: number;
  receivedAt: number;
  place: IncidentPlace;
  description: string;
  identifiers: Identifiers;
  attachments: AttachmentRef[];
}

export interface ClassifiedPayload {
  incidentId: string;
  cases: HandlingCase[];
  reason: string;
}

export interface ImmediatePayload {
  incidentId: string;
  case: ImmediateCase;
  step: string;
  toldWhom: string;
  at: number;
}

export interface ProposedPayload {
  incidentId: string;
  verification: string;
  proposal: string;
}

export interface DecidedPayload {
  incidentId: string;
  decision: 'approved' | 'rejected';
  note: string;
  form: string;
  scope: string;
}

export interface DgPayload {
  incidentId: string;
  decision: 'approved' | 'rejected';
  /** Login when given in the app; otherwise the name as recorded. */
  by: string;
  byName: string;
  at: number;
  how: ApprovalChannel;
  note: string;
  attachments: AttachmentRef[];
}

export interface ClosedPayload {
  incidentId: string;
  summary: string;
}

export interface IssuedPayload {
  incidentId: string;
  recipientUnitCode: string | null;
  recipientPerson: string | null;
  form: DirectionForm;
  content: string;
  focalPoint: string;
  issuedAt: number;
  resultDueAt: number;
  /** The acknowledgement clock, fixed at issue (a later settings change does not move it). */
  ackStart: number;
  ackDueAt: number;
  escalationMinutes: number;
}

export interface AckPayload {
  incidentId: string;
  directionId: string;
  handler: string;
  expectedAt: number;
  /** When the unit answered, as told (never after the recording). */
  at: number;
}

export interface DirectionResultPayload {
  incidentId: string;
  directionId: string;
  text: string;
  at: number;
  late: boolean;
  lateCause: string;
  responsible: string;
  attachments: AttachmentRef[];
}

export interface EscalatedPayload {
  target: 'direction' | 'request';
  targetId: string;
  incidentId: string | null;
  clock: ClockKind;
  level: 1 | 2;
  to: 'room_leader' | 'shift_leader';
  dueAt: number;
}

export interface RequestRegisteredPayload {
  fromUnitCode: string | null;
  fromText: string;
  reference: string;
  content: string;
  receivedAt: number;
  resultDueAt: number | null;
  ackStart: number;
  ackDueAt: number;
  escalationMinutes: number;
}

export interface RequestAnsweredPayload {
  requestId: string;
  handler: string;
  expectedAt: number;
  at: number;
}

export interface RequestResultPayload {
  requestId: string;
  text: string;
  at: number;
  timeline: { at: number; text: string }[];
  late: boolean;
  lateCause: string;
  responsible: string;
  proposals: string;
  focalPoint: string;
}

export interface AlertDismissedPayload {
  alertId: string;
}

export interface ClockJumpedPayload {
  /** Where the wall clock should have been (by the monotonic clock, or the last recorded event). */
  from: number;
  to: number;
  deltaMs: number;
}

export interface SettingsPayload {
  ackMinutes: number;
  escalationMinutes: number;
}
