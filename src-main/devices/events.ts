/** Journal events of the paired devices (never a pairing code, a secret or a credential). */
import { z } from 'zod';
import { defineEvent, ev } from '../journal/events';
import type { DeviceRole } from '../../src-shared/domain/devices';

export const DEVICE_PAIRED_EVENT = defineEvent(
  'device.paired',
  ev.obj({ deviceId: z.string(), name: z.string(), role: ev.str<DeviceRole>(), pairedBy: z.string(), address: z.string() }),
);

export const DEVICE_REVOKED_EVENT = defineEvent('device.revoked', ev.obj({ deviceId: z.string(), by: z.string(), reason: z.string().optional() }));

/** A request with a missing, unknown or revoked credential (at most one per address and reason per minute). */
export const DEVICE_REFUSED_EVENT = defineEvent('device.refused', ev.obj({ deviceId: z.string().optional(), address: z.string(), reason: z.string() }));

export const DEVICES_EVENTS = [DEVICE_PAIRED_EVENT, DEVICE_REVOKED_EVENT, DEVICE_REFUSED_EVENT];
