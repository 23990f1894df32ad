import { z } from 'zod';
import { DIRECTION_FORMS, ENTRY_KINDS } from '../domain/logbook';
import { AVAILABILITY, ROLES, ROSTER_POSITIONS, STATION_KINDS, TEAMS } from '../domain/roles';

/** Text from users: NFC-normalised and trimmed at the boundary. */
export const text = (max = 20_000) =>
  z
    .string()
    .max(max)
    .transform((s) => s.normalize('NFC').trim());
export const nonEmptyText = (max = 20_000) => text(max).pipe(z.string().min(1));

export const shiftDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const epochMs = z.number().int().min(0).max(8_640_000_000_000);
export const id = z.string().min(1).max(64);
export const login = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash or underscore')
  .transform((s) => s.toLowerCase());
export const unitCode = z
  .string()
  .min(2)
  .max(16)
  .transform((s) => s.trim().toUpperCase());
export const password = z.string().min(8).max(256);

export const entryKind = z.enum(ENTRY_KINDS);
export const directionForm = z.enum(DIRECTION_FORMS);
export const role = z.enum(ROLES);
export const rosterPosition = z.enum(ROSTER_POSITIONS);
export const availability = z.enum(AVAILABILITY);
export const team = z.enum(TEAMS);
export const stationKind = z.enum(STATION_KINDS);

export const identifiersInput = z
  .object({
    containers: z.array(z.string().max(32)).max(50).default([]),
    declarations: z.array(z.string().max(32)).max(50).default([]),
    taxCodes: z.array(z.string().max(32)).max(50).default([]),
    plates: z.array(z.string().max(32)).max(50).default([]),
    billsOfLading: z.array(z.string().max(64)).max(50).default([]),
    vessels: z.array(z.string().max(32)).max(50).default([]),
  })
  .partial();

export const entryDetailsInput = z
  .object({
    arisenAt: epochMs,
    receivedAt: epochMs,
    place: text(500),
    unitCode,
    form: directionForm,
    recipient: text(500),
    recipientUnitCode: unitCode,
    reportedAt: epochMs,
    reportingUnit: text(500),
    reportingUnitCode: unitCode,
  })
  .partial();

export const logbookFilter = z
  .object({
    shiftDate,
    from: shiftDate,
    to: shiftDate,
    kinds: z.array(entryKind).max(5),
    author: login,
    unitCode,
    identifier: z.string().min(1).max(64),
  })
  .partial();

export const officeHours = z.object({
  /** Minutes after midnight, local time; ranges on the given ISO weekdays (1 = Monday). */
  ranges: z.array(z.object({ from: z.number().int().min(0).max(1440), to: z.number().int().min(0).max(1440) })).max(6),
  weekdays: z.array(z.number().int().min(1).max(7)).max(7),
});
