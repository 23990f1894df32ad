/**
 * The typed contract: every operation the renderer (or the CLI, or a script) can ask of main.
 * Channel names are `domain:verb`. Both transports (Electron IPC, loopback WebSocket) carry the
 * same channels; handlers in src-main/api validate `input` with these schemas.
 */
import { z } from 'zod';
import { channel } from './define';
import type { AppErrorData } from '../errors';
import type { AnyChannel, ChannelDef } from './define';
import * as s from './schemas';
import { refineDateRange } from './date-range';
import type { JobInfo } from '../domain/jobs';
import type { EntryVersion, LogbookEntry, OpenItem, SearchHit } from '../domain/logbook';
import type { JournalVerifyReport, OrgUnit, Roster, Rota, SessionInfo, ShiftInfo, Station, User } from '../domain/org';
import type { Camera, CameraHealth, CameraImportResult, CameraTreeUnit } from '../domain/cameras';
import { SITE_TYPES } from '../domain/cameras';
import * as forms from './forms';
import * as walls from './walls';
import type { WallPreset } from '../domain/walls';
import { ANY_FORM_ISSUER, DOCUMENT_STATUSES, FORM_DRAFTERS } from '../domain/forms';
import type { DocumentRecord, DocumentRevision, DocumentStatus, FormData } from '../domain/forms';
import { LOGBOOK_WRITERS } from '../domain/roles';
import { MAX_ATTACHMENT_BASE64 } from '../limits';
import { APPROVAL_CHANNELS, HANDLING_CASES, IMMEDIATE_CASES, INCIDENT_SOURCES, INCIDENT_STATES } from '../domain/incidents';
import type { InboundRequest, IncidentAlert, IncidentDetail, IncidentSettings, IncidentSummary } from '../domain/incidents';
import { MAX_SUBSCRIBED_TOPICS, TOPIC_NAMES } from './topics';
import type { Topic } from './topics';

const LEADERS = ['shift_leader', 'room_leader', 'admin'] as const;

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

export interface AppStatus {
  setupDone: boolean;
  station: Station | null;
  session: SessionInfo | null;
  version: string;
  now: number;
}

export interface VideoSnapshot {
  sha256: string;
  width: number;
  height: number;
  at: number;
  cameraId: string;
  cameraNumber: number;
  cameraName: string;
  place: string;
}

export interface VideoStreamStats {
  cameraId: string;
  kind: 'main' | 'sub';
  [key: string]: unknown;
}

export interface NotificationItem {
  seq: number;
  createdAt: number;
  unitCode: string | null;
  kind: 'camera_fault' | 'camera_recovered';
  cameraId: string | null;
  text: string;
  status: 'queued' | 'sent';
}

export interface ExportResult {
  fileName: string;
  mime: string;
  /** The document, base64-encoded (browser mode downloads it; Electron saves it). */
  base64: string;
  rows: number;
}

export const contract = {
  'app:status': channel<AppStatus>()({
    input: z.object({}),
    access: 'public',
    description: 'Station, session and setup state.',
  }),
  'setup:station': channel<AppStatus>()({
    input: z.object({
      code: s.unitCode,
      name: s.nonEmptyText(200),
      kind: s.stationKind,
      place: s.nonEmptyText(100),
      parentBody: s.nonEmptyText(200).default('CỤC HẢI QUAN'),
      admin: z.object({ login: s.login, fullName: s.nonEmptyText(200), password: s.password }),
    }),
    access: 'public',
    description: 'First run: set up the station and its first administrator.',
  }),
  'station:update': channel<Station>()({
    input: z
      .object({
        name: s.nonEmptyText(200),
        place: s.nonEmptyText(100),
        parentBody: s.nonEmptyText(200),
        officeHours: s.officeHours,
        idleLockMinutes: z.number().int().min(1).max(240),
      })
      .partial(),
    access: ['admin'],
    description: 'Change station settings (office hours, idle lock, names on forms).',
  }),
  'auth:login': channel<SessionInfo>()({
    input: z.object({ login: s.login, password: z.string().min(1).max(256) }),
    access: 'public',
    description: 'Sign in with a local account (works offline).',
  }),
  'auth:logout': channel<{ ok: true }>()({ input: z.object({}), access: 'public', description: 'Sign out.' }),
  'auth:lock': channel<SessionInfo>()({ input: z.object({}), access: 'user', description: 'Lock the screen.' }),
  'auth:unlock': channel<SessionInfo>()({
    input: z.object({ password: z.string().min(1).max(256) }),
    access: 'public',
    description: 'Unlock a locked session with the same user’s password.',
  }),
  'users:list': channel<User[]>()({ input: z.object({}), access: 'user', description: 'Local user accounts.' }),
  'users:create': channel<User>()({
    input: z.object({
      login: s.login,
      fullName: s.nonEmptyText(200),
      title: s.text(200).default(''),
      roles: z.array(s.role).min(1).max(7),
      team: s.team.nullable().default(null),
      password: s.password,
    }),
    access: ['admin'],
    description: 'Create a local user.',
  }),
  'users:update': channel<User>()({
    input: z.object({
      id: s.id,
      fullName: s.nonEmptyText(200).optional(),
      title: s.text(200).optional(),
      roles: z.array(s.role).min(1).max(7).optional(),
      team: s.team.nullable().optional(),
      active: z.boolean().optional(),
      password: s.password.optional(),
    }),
    access: ['admin'],
    description: 'Change a user (roles, team, active, password).',
  }),
  'users:changePassword': channel<{ ok: true }>()({
    input: z.object({ current: z.string().min(1).max(256), next: s.password }),
    access: 'user',
    description: 'Change one’s own password.',
  }),
  'org:list': channel<OrgUnit[]>()({
    input: z.object({ at: s.shiftDate.optional(), query: s.text(100).optional() }),
    access: 'user',
    description: 'Units valid at a date (default today), optionally filtered by a diacritic-insensitive query.',
  }),
  'org:lookup': channel<OrgUnit | null>()({
    input: z.object({ code: s.unitCode, at: s.shiftDate.optional() }),
    access: 'user',
    description: 'A unit by code as it was at a date (follows old → new code mappings).',
  }),
  'org:import': channel<{ imported: number }>()({
    input: z.object({ csv: z.string().min(1).max(5_000_000) }),
    access: ['admin'],
    description: 'Import the organisation catalog from CSV (all rows or none).',
  }),
  'shift:current': channel<ShiftInfo>()({
    input: z.object({}),
    access: 'user',
    description: 'The current shift (08:00 → 08:00 Asia/Ho_Chi_Minh) and its roster.',
  }),
  'roster:get': channel<Roster>()({
    input: z.object({ shiftDate: s.shiftDate }),
    access: 'user',
    description: 'The roster of a shift.',
  }),
  'roster:set': channel<Roster>()({
    input: z.object({
      shiftDate: s.shiftDate,
      members: z
        .array(
          z.object({
            userId: s.id.nullable().default(null),
            fullName: s.nonEmptyText(200),
            position: s.rosterPosition,
            team: s.team.nullable().default(null),
            location: s.text(200).default(''),
            availability: s.availability.default('on_duty'),
          }),
        )
        .max(100),
    }),
    access: [...LEADERS, 'surveillance_head'],
    description: 'Set the roster of a shift (recorded in the journal).',
  }),
  'rota:get': channel<Rota>()({ input: z.object({}), access: 'user', description: 'Rota of duty units by weekday.' }),
  'rota:set': channel<Rota>()({
    input: z.object({
      days: z.array(z.object({ weekday: z.number().int().min(1).max(7), unitCodes: z.array(s.unitCode).max(20) })).max(7),
    }),
    access: ['admin', 'shift_leader'],
    description: 'Set the rota of duty units by weekday (Đ5.2).',
  }),
  'logbook:add': channel<LogbookEntry>()({
    input: z.object({
      kind: s.entryKind,
      text: s.nonEmptyText(),
      occurredAt: s.epochMs.optional(),
      details: s.entryDetailsInput.default({}),
      identifiers: s.identifiersInput.default({}),
      linkedEntryId: s.id.nullable().default(null),
      attachments: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(20).default([]),
    }),
    access: 'user',
    description: 'Append a logbook entry (work, incident, direction, result, note).',
  }),
  'logbook:amend': channel<LogbookEntry>()({
    input: z.object({
      entryId: s.id,
      reason: s.nonEmptyText(1000),
      text: s.nonEmptyText().optional(),
      details: s.entryDetailsInput.optional(),
      identifiers: s.identifiersInput.optional(),
    }),
    access: 'user',
    description: 'Correct an entry: a new event that references it; both stay visible.',
  }),
  'logbook:get': channel<{ entry: LogbookEntry; history: EntryVersion[] }>()({
    input: z.object({ entryId: s.id }),
    access: 'user',
    description: 'One entry with its full history.',
  }),
  'logbook:list': channel<{ entries: LogbookEntry[]; nextBefore: number | null }>()({
    input: s.logbookFilter.extend({
      limit: z.number().int().min(1).max(500).default(100),
      beforeSeq: z.number().int().min(1).optional(),
    }),
    access: 'user',
    description: 'Entries, newest first, filtered by shift, dates, kind, author, unit, identifier.',
  }),
  'logbook:search': channel<SearchHit[]>()({
    input: s.logbookFilter.extend({
      query: s.nonEmptyText(200),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    access: 'user',
    description: 'Diacritic-insensitive search (đ → d); exact-diacritic matches first.',
  }),
  'logbook:open': channel<OpenItem[]>()({
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }),
    access: 'user',
    description: 'Open items of every shift: incidents with no result yet, with their directions.',
  }),
  'logbook:export': channel<ExportResult>()({
    input: z.object({ from: s.shiftDate, to: s.shiftDate, format: z.enum(['docx', 'pdf']) }).superRefine(refineDateRange),
    access: 'user',
    description: 'The logbook of a shift or date range on the Phụ lục I form (DOCX or PDF).',
  }),
  // heavy jobs in worker threads (src-main/jobs): a job id at once, then its progress and file
  'logbook:exportJob': channel<JobInfo>()({
    input: z.object({ from: s.shiftDate, to: s.shiftDate, format: z.enum(['docx', 'pdf']) }).superRefine(refineDateRange),
    access: 'user',
    description: 'Start exporting the logbook of a range of shifts (Phụ lục I, DOCX or PDF) in the background; answers the job at once.',
  }),
  'jobs:get': channel<JobInfo>()({
    input: z.object({ id: s.id }),
    access: 'user',
    description: 'One of your background jobs: status, phase, progress, result or error.',
  }),
  'jobs:list': channel<JobInfo[]>()({
    input: z.object({}),
    access: 'user',
    description: 'Your background jobs, newest first.',
  }),
  'jobs:downloadUrl': channel<{ url: string; fileName: string; mime: string; size: number }>()({
    input: z.object({ id: s.id }),
    access: 'user',
    description: 'Where to download the file a finished background job of yours wrote: an absolute URL on the loopback server, valid for a few minutes.',
  }),
  'attachments:put': channel<{ sha256: string; size: number }>()({
    input: z.object({
      name: s.nonEmptyText(255),
      mime: z.enum(['image/png', 'image/jpeg', 'image/webp', 'application/pdf']),
      base64: z.string().min(1).max(MAX_ATTACHMENT_BASE64),
    }),
    access: 'user',
    description: 'Store an attachment (content-addressed by sha256).',
  }),
  'video:endpoint': channel<{ url: string; token: string }>()({
    input: z.object({}),
    access: 'user',
    description: 'The loopback WebSocket that carries live video (fragmented MP4) and its token.',
  }),
  'video:health': channel<Record<string, CameraHealth>>()({
    input: z.object({}),
    access: 'user',
    description: 'Health of every camera whose stream is running, by camera id.',
  }),
  'video:stats': channel<VideoStreamStats[]>()({
    input: z.object({}),
    access: ['admin', 'surveillance_head', 'shift_leader', 'room_leader'],
    description: 'Per stream: viewers, fps, bytes/s, drops, restarts, transcoding and its CPU.',
  }),
  'video:snapshot': channel<VideoSnapshot>()({
    input: z.object({ cameraId: s.id }),
    access: 'user',
    description: 'The current frame of a camera at full resolution, stored as an attachment (Đ14.1.2.b).',
  }),
  'video:clip': channel<{ sha256: string; size: number; seconds: number }>()({
    input: z.object({ cameraId: s.id, seconds: z.number().int().min(1).max(30).default(30) }),
    access: 'user',
    description: 'The last seconds (up to 30) of a camera as an MP4 clip, stored as an attachment.',
  }),
  'notifications:list': channel<NotificationItem[]>()({
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }),
    access: 'user',
    description: 'Notices queued for managing units (camera faults and recoveries).',
  }),
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
  'walls:presets': channel<WallPreset[]>()({
    input: z.object({}),
    access: 'user',
    description: 'Named video-wall presets (a layout per display), by name.',
  }),
  'walls:savePreset': channel<WallPreset>()({
    input: z.object({ name: walls.presetName, display: walls.wallDisplay, layout: walls.wallLayout }),
    access: 'user',
    description: 'Save this display’s wall layout into the named preset (other displays’ layouts in it are kept).',
  }),
  'walls:deletePreset': channel<{ ok: true }>()({
    input: z.object({ name: walls.presetName }),
    access: 'user',
    description: 'Delete a named video-wall preset (every display’s part).',
  }),
  'journal:verify': channel<JournalVerifyReport>()({
    input: z.object({ deep: z.boolean().default(false) }),
    access: ['admin'],
    description: 'Check the file (SQLite quick_check) and recompute the journal hash chain; deep: also rebuild every projection in a scratch copy and name the first row that differs.',
  }),
  'cameras:list': channel<Camera[]>()({
    input: z.object({ includeInactive: z.boolean().default(false) }),
    access: 'user',
    description: 'Registered cameras by number (never with passwords).',
  }),
  'cameras:tree': channel<CameraTreeUnit[]>()({
    input: z.object({ query: s.text(100).optional() }),
    access: 'user',
    description: 'Active cameras by unit → site → zone, filtered by a diacritic-insensitive query, with health.',
  }),
  'cameras:get': channel<Camera>()({
    input: z.object({ id: s.id }),
    access: 'user',
    description: 'One camera (never with its credentials).',
  }),
  'cameras:save': channel<Camera>()({
    input: z.object({
      id: s.id.optional(),
      number: z.number().int().min(1).max(999_999_999),
      name: s.nonEmptyText(200),
      siteType: z.enum(SITE_TYPES),
      siteName: s.nonEmptyText(200),
      zone: z.string().min(1).max(64),
      unitCode: s.unitCode,
      mainUrl: z.string().min(1).max(2048),
      subUrl: z.string().max(2048).nullable().optional(),
      /** Omitted: keep the stored credentials; '' removes them. */
      username: z.string().max(256).optional(),
      /** Omitted: keep the stored password. Never returned. */
      password: z.string().max(256).optional(),
      mapNote: s.text(1000).default(''),
      neighbours: z.array(z.number().int().min(1)).max(50).default([]),
      recognition: z.boolean().default(false),
      active: z.boolean().optional(),
    }),
    access: ['admin', 'surveillance_head'],
    description: 'Register (no id) or update a camera; credentials in the URL or fields are stored locally, never returned.',
  }),
  'cameras:deactivate': channel<Camera>()({
    input: z.object({ id: s.id, reason: s.text(500).default('') }),
    access: ['admin', 'surveillance_head'],
    description: 'Take a camera out of service (it stays in the registry and the journal).',
  }),
  'cameras:import': channel<CameraImportResult>()({
    input: z.object({ csv: z.string().min(1).max(5_000_000) }),
    access: ['admin'],
    description: 'Import cameras from CSV (all rows or none; existing numbers are updated).',
  }),
  'cameras:export': channel<{ fileName: string; mime: string; csv: string; rows: number }>()({
    input: z.object({}),
    access: ['admin'],
    description: 'Export the camera registry as CSV (the username and password columns are always empty).',
  }),
  'documents:saveDraft': channel<DocumentRecord>()({
    input: z.intersection(
      forms.formInput,
      z.object({
        id: s.id.optional(),
        links: forms.documentLinksInput.default({}),
        expectedRevision: z.number().int().min(0).optional(),
      }),
    ),
    access: FORM_DRAFTERS,
    description: 'Create (no id) or edit a draft of Phụ lục II–V; every save is kept. Issued documents refuse edits.',
  }),
  'documents:prefill': channel<FormData>()({
    input: z.object({ annex: forms.annex, incidentId: s.id.optional(), directionId: s.id.optional(), requestId: s.id.optional() }),
    access: FORM_DRAFTERS,
    description: 'Default fields of a form from a stored incident, direction or request (and this shift’s leader as signer); nothing is saved.',
  }),
  'documents:issue': channel<DocumentRecord>()({
    input: z.object({ id: s.id, expectedRevision: z.number().int().min(0).optional() }),
    access: ANY_FORM_ISSUER,
    description: 'Issue a draft: next number of the station’s yearly series, PDF and DOCX frozen, hashes journaled (III: shift leader only).',
  }),
  'documents:reissue': channel<DocumentRecord>()({
    input: z.object({ id: s.id, reason: s.nonEmptyText(1000), form: forms.formInput.optional() }),
    access: ANY_FORM_ISSUER,
    description: 'Reissue an issued document as a new numbered version (optionally with corrected fields, same annex) that supersedes it.',
  }),
  'documents:get': channel<{ document: DocumentRecord; history: DocumentRevision[] }>()({
    input: z.object({ id: s.id }),
    access: 'user',
    description: 'One document with the history of its drafts and issue.',
  }),
  'documents:list': channel<DocumentRecord[]>()({
    input: z.object({
      incidentId: s.id.optional(),
      directionId: s.id.optional(),
      requestId: s.id.optional(),
      annex: forms.annex.optional(),
      status: z.enum(DOCUMENT_STATUSES).optional(),
      year: z.number().int().min(2000).max(9999).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    access: 'user',
    description: 'Documents, newest first, filtered by incident, direction, request, annex, status or year.',
  }),
  'documents:render': channel<{ fileName: string; mime: string; base64: string; status: DocumentStatus }>()({
    input: z.object({ id: s.id, format: z.enum(['pdf', 'docx']) }),
    access: 'user',
    description: 'The PDF or DOCX of a document: an issued one’s stored file, or a draft’s preview (marked DỰ THẢO, no number).',
  }),
  // push (src-main/push, docs/architecture.md "Push"): frames arrive on the session's transport
  'push:subscribe': channel<{ seq: number }>()({
    input: z.object({
      topics: z.array(z.enum(TOPIC_NAMES as [Topic, ...Topic[]])).max(MAX_SUBSCRIBED_TOPICS),
      fromSeq: z.number().int().min(0).optional(),
    }),
    access: 'public',
    description: 'Receive pushed frames of these topics (only those your roles may see); with fromSeq, replay what was missed since that journal seq (or a resync). Answers the journal head.',
  }),
  'push:unsubscribe': channel<{ ok: true }>()({
    input: z.object({ topics: z.array(z.enum(TOPIC_NAMES as [Topic, ...Topic[]])).max(MAX_SUBSCRIBED_TOPICS).optional() }),
    access: 'public',
    description: 'Stop receiving these topics (all of them without topics).',
  }),
} satisfies Record<string, AnyChannel>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<K extends Channel> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends Channel> = z.output<Contract[K]['input']>;
export type OutputOf<K extends Channel> = Contract[K] extends ChannelDef<z.ZodType, infer O> ? O : never;
export const CHANNELS = Object.keys(contract) as Channel[];

export type Reply<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** A transport: what the renderer and tests call. */
export type Invoke = <K extends Channel>(ch: K, input: InputOf<K>) => Promise<OutputOf<K>>;
