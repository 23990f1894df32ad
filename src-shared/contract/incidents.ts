/**
 * The incidents:, directions: and requests: channels — an incident's handling from raising to
 * closing (Đ8), the directions issued for it and their results (Đ9), and requests this station
 * received.
 */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import * as s from './schemas';
import type { InboundRequest, IncidentAlert, IncidentDetail, IncidentSettings, IncidentSummary, WaitingSummary } from '../domain/incidents';
import { APPROVAL_CHANNELS, HANDLING_CASES, IMMEDIATE_CASES, INCIDENT_SOURCES, INCIDENT_STATES } from '../domain/incidents';
import { LOGBOOK_WRITERS } from '../domain/roles';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const incidentPlaceInput = z.object({
  unitCode: s.unitCode.optional(),
  siteName: s.text(300).optional(),
  zone: s.text(100).optional(),
  text: s.text(1000).optional(),
});
const immediateStepInput = z.object({
  case: z.enum(IMMEDIATE_CASES),
  step: s.nonEmptyText(5000),
  toldWhom: s.nonEmptyText(500),
  at: s.epochMs,
});

export const incidentsChannels = {
  'incidents:raise': channel<IncidentDetail>()({
    input: z.object({
      source: z.enum(INCIDENT_SOURCES),
      /** The logbook entry, snapshot attachment, data alert id… it was raised from. */
      sourceRef: s.text(200).default(''),
      /** An existing logbook incident entry to adopt (raised from the logbook). */
      entryId: s.id.optional(),
      arisenAt: s.epochMs,
      receivedAt: s.epochMs,
      place: incidentPlaceInput,
      description: s.nonEmptyText(20_000),
      identifiers: s.identifiersInput.default({}),
      attachments: z.array(sha256).max(20).default([]),
      cameraId: s.id.optional(),
      cases: z.array(z.enum(HANDLING_CASES)).max(6).default([]),
      immediate: immediateStepInput.optional(),
    }),
    access: LOGBOOK_WRITERS,
    description: 'Raise an incident (from an entry, a snapshot, a data alert or a phone/fax/email intake).',
  }),
  'incidents:amend': channel<IncidentDetail>()({
    input: z.object({
      incidentId: s.id,
      reason: s.nonEmptyText(1000),
      arisenAt: s.epochMs.optional(),
      receivedAt: s.epochMs.optional(),
      place: incidentPlaceInput.optional(),
      description: s.nonEmptyText(20_000).optional(),
      identifiers: s.identifiersInput.optional(),
      attachments: z.array(sha256).max(20).optional(),
    }),
    access: LOGBOOK_WRITERS,
    description: 'Correct an incident’s facts (a new event; the timeline shows both versions).',
  }),
  'incidents:classify': channel<IncidentDetail>()({
    input: z.object({ incidentId: s.id, cases: z.array(z.enum(HANDLING_CASES)).min(1).max(6), reason: s.text(1000).default('') }),
    access: LOGBOOK_WRITERS,
    description: 'Set the Đ8.2 handling case(s); allowed until the shift leader has decided.',
  }),
  'incidents:immediateStep': channel<IncidentDetail>()({
    input: z.object({ incidentId: s.id, immediate: immediateStepInput }),
    access: LOGBOOK_WRITERS,
    description: 'Record an immediate preventive step (Đ8.1 a–c) and whom at the site was told; alerts the shift leader.',
  }),
  'incidents:propose': channel<IncidentDetail>()({
    input: z.object({ incidentId: s.id, verification: s.nonEmptyText(5000), proposal: s.nonEmptyText(5000) }),
    access: ['room_leader', 'surveillance_head'],
    description: 'Room-level leader: verified against the data; proposes the handling to the shift leader.',
  }),
  'incidents:decide': channel<IncidentDetail>()({
    input: z.object({
      incidentId: s.id,
      decision: z.enum(['approved', 'rejected']),
      note: s.text(5000).default(''),
      form: s.text(500).default(''),
      scope: s.text(2000).default(''),
    }),
    access: ['shift_leader'],
    description: 'Shift leader: approve (form, scope) or reject with a reason; c.3 and 2.4 then go to the Director General.',
  }),
  'incidents:recordDgDecision': channel<IncidentDetail>()({
    input: z.object({
      incidentId: s.id,
      decision: z.enum(['approved', 'rejected']),
      /** Name and title of the Director General (or delegate) when recorded by someone else. */
      byName: s.text(200).default(''),
      at: s.epochMs,
      how: z.enum(APPROVAL_CHANNELS),
      note: s.text(5000).default(''),
      attachments: z.array(sha256).max(10).default([]),
    }),
    access: ['director_general', 'shift_leader', 'room_leader'],
    description: 'The Director General’s decision on c.3 / 2.4: given in the app, or recorded from a phone call or paper (scan attached).',
  }),
  'incidents:close': channel<IncidentDetail>()({
    input: z.object({ incidentId: s.id, summary: s.nonEmptyText(5000) }),
    access: ['shift_leader', 'room_leader'],
    description: 'Close an incident whose directions all have results (or that was rejected).',
  }),
  'incidents:get': channel<IncidentDetail>()({
    input: z.object({ incidentId: s.id }),
    access: 'user',
    description: 'One incident with its approvals, directions, clocks and full timeline.',
  }),
  'incidents:list': channel<IncidentSummary[]>()({
    input: z.object({
      states: z.array(z.enum(INCIDENT_STATES)).max(7).optional(),
      cases: z.array(z.enum(HANDLING_CASES)).max(6).optional(),
      overdueOnly: z.boolean().default(false),
      query: s.text(200).optional(),
      limit: z.number().int().min(1).max(500).default(200),
    }),
    access: 'user',
    description: 'Incidents for the board (newest first), with their clocks.',
  }),
  'incidents:alerts': channel<IncidentAlert[]>()({
    input: z.object({ includeDismissed: z.boolean().default(false) }),
    access: 'user',
    description: 'Alerts for the signed-in user’s roles (immediate steps, escalations, clock jumps).',
  }),
  'incidents:waiting': channel<WaitingSummary>()({
    input: z.object({}),
    // 'public' so that a LOCKED session may ask (the dispatcher refuses every other channel
    // while locked); the handler itself refuses a session nobody is signed in on, and the
    // answer is counts and severities only (docs/incidents.md, "The lock screen")
    access: 'public',
    description: 'How many alerts wait for the signed-in user (also while the screen is locked) and how many clocks are overdue: counts and severity only.',
  }),
  'incidents:dismissAlert': channel<{ ok: true }>()({
    input: z.object({ alertId: s.id }),
    access: 'user',
    description: 'Mark an alert as seen (journaled; the escalation itself stays).',
  }),
  'incidents:settings': channel<IncidentSettings>()({
    input: z.object({}),
    access: 'user',
    description: 'The acknowledgement and escalation minutes in force.',
  }),
  'incidents:setSettings': channel<IncidentSettings>()({
    input: z.object({ ackMinutes: z.number().int().min(5).max(240), escalationMinutes: z.number().int().min(1).max(240) }).partial(),
    access: ['admin', 'shift_leader'],
    description: 'Change the acknowledgement clock (default 30 min, Đ9.2) and the escalation step.',
  }),
  'directions:issue': channel<IncidentDetail>()({
    input: z
      .object({
        incidentId: s.id,
        recipientUnitCode: s.unitCode.optional(),
        recipientPerson: s.text(300).optional(),
        form: s.directionForm,
        content: s.nonEmptyText(10_000),
        focalPoint: s.nonEmptyText(300),
        /** When the recipient received it; default now. */
        issuedAt: s.epochMs.optional(),
        resultDueAt: s.deadlineMs,
      })
      .refine((d) => !!d.recipientUnitCode || !!d.recipientPerson, { message: 'a unit or a person receives the direction', path: ['recipientUnitCode'] }),
    access: ['shift_leader', 'room_leader', 'office_officer', 'surveillance_officer', 'surveillance_head'],
    description: 'Issue a direction (needs every approval the incident’s cases require).',
  }),
  'directions:acknowledge': channel<IncidentDetail>()({
    input: z.object({ directionId: s.id, handler: s.nonEmptyText(300), expectedAt: s.deadlineMs, at: s.epochMs.optional() }),
    access: LOGBOOK_WRITERS,
    description: 'The recipient named who handles it and when it expects to finish (Đ9.2).',
  }),
  'directions:result': channel<IncidentDetail>()({
    input: z.object({
      directionId: s.id,
      text: s.nonEmptyText(10_000),
      at: s.epochMs.optional(),
      lateCause: s.text(2000).default(''),
      responsible: s.text(300).default(''),
      attachments: z.array(sha256).max(20).default([]),
    }),
    access: LOGBOOK_WRITERS,
    description: 'Result of a direction; a late result must give the cause and the person responsible (Đ9.3).',
  }),
  'requests:register': channel<InboundRequest>()({
    input: z.object({
      fromUnitCode: s.unitCode.optional(),
      fromText: s.nonEmptyText(300),
      reference: s.text(200).default(''),
      content: s.nonEmptyText(10_000),
      receivedAt: s.epochMs,
      resultDueAt: s.deadlineMs.optional(),
    }),
    access: LOGBOOK_WRITERS,
    description: 'This station received a request (HQ or another unit): the 30-minute answer clock starts at receipt.',
  }),
  'requests:answer': channel<InboundRequest>()({
    input: z.object({ requestId: s.id, handler: s.nonEmptyText(300), expectedAt: s.deadlineMs, at: s.epochMs.optional() }),
    access: LOGBOOK_WRITERS,
    description: 'Tell the requester who handles it and when it is expected to finish (Đ9.2).',
  }),
  'requests:result': channel<InboundRequest>()({
    input: z.object({
      requestId: s.id,
      text: s.nonEmptyText(10_000),
      at: s.epochMs.optional(),
      timeline: z.array(z.object({ at: s.epochMs, text: s.nonEmptyText(1000) })).max(50).default([]),
      lateCause: s.text(2000).default(''),
      responsible: s.text(300).default(''),
      proposals: s.text(5000).default(''),
      focalPoint: s.text(300).default(''),
    }),
    access: LOGBOOK_WRITERS,
    description: 'Report the result of a received request (the data of Phụ lục IV).',
  }),
  'requests:list': channel<InboundRequest[]>()({
    input: z.object({ openOnly: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(200) }),
    access: 'user',
    description: 'Requests received, newest first, with their clocks.',
  }),
} satisfies Record<string, AnyChannel>;
