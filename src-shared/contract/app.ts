/**
 * The app:, setup:, station: and auth: channels — the station's status, first-run setup, its
 * settings, and signing in, out, locking and unlocking a session.
 */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import * as s from './schemas';
import type { SessionInfo, Station } from '../domain/org';
import type { DeviceInfo } from '../domain/devices';

export interface AppStatus {
  setupDone: boolean;
  station: Station | null;
  session: SessionInfo | null;
  version: string;
  now: number;
  /** The paired device this session talks through (a LAN workstation or wall); absent or null on the station's own screens. */
  device?: DeviceInfo | null;
}

export const appChannels = {
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
} satisfies Record<string, AnyChannel>;
