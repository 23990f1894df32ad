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

/**
 * Sane times. Every time an officer gives (when something happened, was received, reported,
 * decided; a deadline) must lie after 00:00 01/01/2000 Vietnam time — earlier is a typo or a
 * clock that was never set — and not far in the future by the core's clock: at most one day
 * ahead for something that happened (clock skew between machines, a shift that ends
 * tomorrow), at most 366 days ahead for a deadline. A zod schema cannot see the core's clock,
 * so the dispatcher lends it for the one synchronous parse of a call (`withClock`); parsed
 * without a clock (e.g. in the renderer), only the lower bound applies. Refusals carry the
 * code `time_out_of_range` with the field and the bounds (docs/security.md, “Output, times, attachments and backups”).
 */
export const TIME_MIN_MS = Date.UTC(1999, 11, 31, 17, 0);
export const HAPPENED_AHEAD_MS = 24 * 3_600_000;
export const DEADLINE_AHEAD_MS = 366 * 24 * 3_600_000;
/** The issue param that marks a time out of its window (read by the dispatcher). */
export const TIME_OUT_OF_RANGE = 'time_out_of_range';

let lentNow: number | null = null;

/** Runs `parse` with the core's clock visible to the time schemas (synchronous parses only). */
export function withClock<T>(now: number, parse: () => T): T {
  const before = lentNow;
  lentNow = now;
  try {
    return parse();
  } finally {
    lentNow = before;
  }
}

const timeWithin = (aheadMs: number) =>
  z
    .number()
    .int()
    .superRefine((v, ctx) => {
      const max = lentNow === null ? null : lentNow + aheadMs;
      if (v >= TIME_MIN_MS && (max === null || v <= max)) return;
      ctx.addIssue({
        code: 'custom',
        message: `time must be between ${new Date(TIME_MIN_MS).toISOString()}${max === null ? '' : ` and ${new Date(max).toISOString()}`}`,
        params: { appCode: TIME_OUT_OF_RANGE, min: TIME_MIN_MS, ...(max === null ? {} : { max }) },
      });
    });

/** A time something happened (occurred, arose, was received, reported, decided, finished). */
export const epochMs = timeWithin(HAPPENED_AHEAD_MS);
/** A deadline (due, expected to finish). */
export const deadlineMs = timeWithin(DEADLINE_AHEAD_MS);
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
