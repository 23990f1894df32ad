/** The cameras: channels — the camera registry, its tree for the wall, CSV import and export. */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import * as s from './schemas';
import type { Camera, CameraImportResult, CameraTreeUnit } from '../domain/cameras';
import { SITE_TYPES } from '../domain/cameras';

export const camerasChannels = {
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
} satisfies Record<string, AnyChannel>;
