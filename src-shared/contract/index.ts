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
import type { EntryVersion, LogbookEntry, OpenItem, SearchHit } from '../domain/logbook';
import type { OrgUnit, Roster, Rota, SessionInfo, ShiftInfo, Station, User, VerifyReport } from '../domain/org';
import type { Camera, CameraHealth, CameraImportResult, CameraTreeUnit } from '../domain/cameras';
import { SITE_TYPES } from '../domain/cameras';

const LEADERS = ['shift_leader', 'room_leader', 'admin'] as const;

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
    input: z.object({ from: s.shiftDate, to: s.shiftDate, format: z.enum(['docx', 'pdf']) }),
    access: 'user',
    description: 'The logbook of a shift or date range on the Phụ lục I form (DOCX or PDF).',
  }),
  'attachments:put': channel<{ sha256: string; size: number }>()({
    input: z.object({
      name: s.nonEmptyText(255),
      mime: z.enum(['image/png', 'image/jpeg', 'image/webp', 'application/pdf']),
      base64: z.string().min(1).max(40_000_000),
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
  'journal:verify': channel<VerifyReport>()({
    input: z.object({}),
    access: 'user',
    description: 'Recompute the journal hash chain.',
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
    description: 'One camera (never with its password).',
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
    description: 'Export the camera registry as CSV (the password column is always empty).',
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
