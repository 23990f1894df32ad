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
import type { LanView } from '../domain/lan';

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
  'station:lan': channel<LanView>()({
    input: z.object({}),
    access: ['admin'],
    description: 'LAN access: the setting, the listener state, the certificate fingerprint and this machine’s interfaces.',
  }),
  'station:setLan': channel<LanView>()({
    input: z.object({
      enabled: z.boolean(),
      // checked against this machine's interfaces by the handler; 0.0.0.0 only with allInterfaces
      hosts: z.array(z.string().min(1).max(64)).max(16),
      port: z.number().int().min(1).max(65535),
      allInterfaces: z.boolean().default(false),
    }),
    access: ['admin'],
    description: 'Turn LAN access on or off, choose the addresses and the port; the listener follows at once.',
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
