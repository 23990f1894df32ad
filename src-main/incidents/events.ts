/**
 * Journal event types and payloads of the incident workflow (docs/incidents.md). Every user
 * action is one event; the incident id is the event id of incident.raised, a direction's id
 * the event id of direction.issued, a request's id the event id of request.registered.
 */
import { z } from 'zod';
import { defineEvent, ev } from '../journal/events';
import { attachmentRef, storedIdentifiers } from '../logbook/events';
import { DIRECTION_FORMS } from '../../src-shared/domain/logbook';
import type { AttachmentRef, DirectionForm, Identifiers } from '../../src-shared/domain/logbook';
import { APPROVAL_CHANNELS, CLOCK_KINDS, HANDLING_CASES, IMMEDIATE_CASES, INCIDENT_SOURCES } from '../../src-shared/domain/incidents';
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

// ---- payload schemas, one per event type (all at version 1) ----

const s = z.string();
const sn = z.string().nullable();
const n = z.number();
const atts = z.array(attachmentRef);
const place = ev.json<IncidentPlace>();
const cases = z.array(z.enum(HANDLING_CASES));

export const RAISED_EVENT = defineEvent(
  EV.raised,
  ev.obj({
    source: z.enum(INCIDENT_SOURCES),
    sourceRef: s,
    entryId: sn,
    arisenAt: n,
    receivedAt: n,
    place,
    description: s,
    identifiers: storedIdentifiers,
    attachments: atts,
    cameraId: sn,
    cases,
  }),
);
export const AMENDED_EVENT = defineEvent(
  EV.amended,
  ev.obj({ incidentId: s, reason: s, changed: z.array(s), arisenAt: n, receivedAt: n, place, description: s, identifiers: storedIdentifiers, attachments: atts }),
);
export const CLASSIFIED_EVENT = defineEvent(EV.classified, ev.obj({ incidentId: s, cases, reason: s }));
export const IMMEDIATE_EVENT = defineEvent(EV.immediate, ev.obj({ incidentId: s, case: z.enum(IMMEDIATE_CASES), step: s, toldWhom: s, at: n }));
export const PROPOSED_EVENT = defineEvent(EV.proposed, ev.obj({ incidentId: s, verification: s, proposal: s }));
const decision = z.enum(['approved', 'rejected']);
export const DECIDED_EVENT = defineEvent(EV.decided, ev.obj({ incidentId: s, decision, note: s, form: s, scope: s }));
export const DG_EVENT = defineEvent(
  EV.dg,
  ev.obj({ incidentId: s, decision, by: s, byName: s, at: n, how: z.enum(APPROVAL_CHANNELS), note: s, attachments: atts }),
);
export const CLOSED_EVENT = defineEvent(EV.closed, ev.obj({ incidentId: s, summary: s }));
export const ISSUED_EVENT = defineEvent(
  EV.issued,
  ev.obj({
    incidentId: s,
    recipientUnitCode: sn,
    recipientPerson: sn,
    form: z.enum(DIRECTION_FORMS),
    content: s,
    focalPoint: s,
    issuedAt: n,
    resultDueAt: n,
    ackStart: n,
    ackDueAt: n,
    escalationMinutes: n,
  }),
);
export const ACKNOWLEDGED_EVENT = defineEvent(EV.acknowledged, ev.obj({ incidentId: s, directionId: s, handler: s, expectedAt: n, at: n }));
export const RESULT_EVENT = defineEvent(
  EV.result,
  ev.obj({ incidentId: s, directionId: s, text: s, at: n, late: z.boolean(), lateCause: s, responsible: s, attachments: atts }),
);
export const ESCALATED_EVENT = defineEvent(
  EV.escalated,
  ev.obj({
    target: z.enum(['direction', 'request']),
    targetId: s,
    incidentId: sn,
    clock: z.enum(CLOCK_KINDS),
    level: z.union([z.literal(1), z.literal(2)]),
    to: z.enum(['room_leader', 'shift_leader']),
    dueAt: n,
  }),
);
export const REQ_REGISTERED_EVENT = defineEvent(
  EV.reqRegistered,
  ev.obj({ fromUnitCode: sn, fromText: s, reference: s, content: s, receivedAt: n, resultDueAt: n.nullable(), ackStart: n, ackDueAt: n, escalationMinutes: n }),
);
export const REQ_ANSWERED_EVENT = defineEvent(EV.reqAnswered, ev.obj({ requestId: s, handler: s, expectedAt: n, at: n }));
export const REQ_RESULT_EVENT = defineEvent(
  EV.reqResult,
  ev.obj({
    requestId: s,
    text: s,
    at: n,
    timeline: z.array(ev.obj({ at: n, text: s })),
    late: z.boolean(),
    lateCause: s,
    responsible: s,
    proposals: s,
    focalPoint: s,
  }),
);
export const ALERT_DISMISSED_EVENT = defineEvent(EV.alertDismissed, ev.obj({ alertId: s }));
export const CLOCK_JUMPED_EVENT = defineEvent(EV.clockJumped, ev.obj({ from: n, to: n, deltaMs: n }));
export const SETTINGS_EVENT = defineEvent(EV.settings, ev.obj({ ackMinutes: n, escalationMinutes: n }));

export const INCIDENTS_EVENTS = [
  RAISED_EVENT,
  AMENDED_EVENT,
  CLASSIFIED_EVENT,
  IMMEDIATE_EVENT,
  PROPOSED_EVENT,
  DECIDED_EVENT,
  DG_EVENT,
  CLOSED_EVENT,
  ISSUED_EVENT,
  ACKNOWLEDGED_EVENT,
  RESULT_EVENT,
  ESCALATED_EVENT,
  REQ_REGISTERED_EVENT,
  REQ_ANSWERED_EVENT,
  REQ_RESULT_EVENT,
  ALERT_DISMISSED_EVENT,
  CLOCK_JUMPED_EVENT,
  SETTINGS_EVENT,
];
