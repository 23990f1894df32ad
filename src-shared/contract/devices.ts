/**
 * The devices: channels (the duty room's paired workstations and walls; docs/architecture.md,
 * "Devices and the LAN"). Administrators create one-time pairing codes, list the devices and
 * revoke one. The pairing itself is `POST /pair` on the LAN listener, not a channel.
 */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import type { DeviceRole } from '../domain/devices';
import { DEVICE_ROLES } from '../domain/devices';

/** A device's name: NFC, trimmed, 1…80 characters, no control characters. */
export const deviceName = z
  .string()
  .max(320)
  .transform((s) => s.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .min(1)
      .max(80)
      .regex(/^[^\p{Cc}]*$/u, 'no control characters'),
  );

export const deviceRole = z.enum(DEVICE_ROLES as [DeviceRole, ...DeviceRole[]]);

/** A device id (UUID). */
export const deviceId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a device id (UUID)');

/** A new pairing code, shown once to the administrator (the code itself is never journaled). */
export interface PairingCode {
  /** `ABCD-EFGH-JKLM`: the first group names the code, the other eight characters are its secret. */
  code: string;
  /** Epoch ms; valid 10 minutes, single use. */
  expiresAt: number;
  /** The station certificate's SHA-256 fingerprint the new device should see. */
  fingerprint: string;
  name: string;
  role: DeviceRole;
}

/** A paired device as the administrator sees it. */
export interface DeviceRow {
  id: string;
  name: string;
  role: DeviceRole;
  pairedBy: string;
  pairedAt: number;
  /** From the device's own address at pairing, then its last request (at most every 30 s). */
  lastSeenAt: number | null;
  lastAddress: string | null;
  revokedAt: number | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

export const devicesChannels = {
  'devices:pair': channel<PairingCode>()({
    input: z.object({ name: deviceName, role: deviceRole }),
    access: ['admin'],
    description: 'Create a one-time pairing code (10 minutes) for a new workstation or wall.',
  }),
  'devices:list': channel<DeviceRow[]>()({
    input: z.object({}),
    access: ['admin'],
    description: 'The paired devices: name, role, last seen, address, who paired them, revoked.',
  }),
  'devices:revoke': channel<{ ok: true }>()({
    input: z.object({ deviceId, reason: z.string().max(500).transform((s) => s.normalize('NFC').trim()).optional() }),
    access: ['admin'],
    description: 'Revoke a device: its open sockets close at once and its credential is refused from then on.',
  }),
} satisfies Record<string, AnyChannel>;
