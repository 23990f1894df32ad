/**
 * Shift calendar and Vietnamese date formatting (docs/regulation.md §3, §6, §9).
 *
 * Asia/Ho_Chi_Minh is UTC+7 all year (no DST), so all arithmetic uses a constant offset and
 * never the machine's time zone. A shift runs 08:00 → 08:00 the next day (Đ5.4, Đ10.3) and is
 * named by the local date on which it starts ('YYYY-MM-DD').
 * Pure TypeScript: no Node, DOM or Electron; `Date` is not used at all.
 */
import type { OfficeHours } from '../domain/org';

export const VN_OFFSET_MS = 7 * 3600_000;
export const SHIFT_START_HOUR = 8;
export const MAX_SHIFT_RANGE_DAYS = 3660;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  ranges: [
    { from: 480, to: 720 },
    { from: 780, to: 1020 },
  ],
  weekdays: [1, 2, 3, 4, 5],
};

// ---------------------------------------------------------------------------------------
// Civil calendar (proleptic Gregorian), days since 1970-01-01 — H. Hinnant's algorithms
// ---------------------------------------------------------------------------------------

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function validYmd(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) &&
    y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
  );
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => String(n).padStart(4, '0');

function ymdString(days: number): string {
  const { y, m, d } = civilFromDays(days);
  if (y < 1 || y > 9999) throw new RangeError('date out of range (years 0001–9999)');
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** Days since 1970-01-01 of a strict 'YYYY-MM-DD' calendar date, or null. */
function parseYmd(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return validYmd(y, mo, d) ? daysFromCivil(y, mo, d) : null;
}

function requireYmd(s: string): number {
  const days = parseYmd(s);
  if (days === null) throw new RangeError(`invalid shift date "${s}" (expected a real YYYY-MM-DD date)`);
  return days;
}

function requireStartHour(h: number): void {
  if (!Number.isInteger(h) || h < 0 || h > 23) throw new RangeError(`invalid shift start hour ${h}`);
}

function requireMs(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError('time must be a finite number of milliseconds');
}

/** Local (UTC+7) calendar fields of an instant. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** ISO weekday of the local calendar day, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

/** Local (Asia/Ho_Chi_Minh) calendar fields of an epoch-ms instant. */
export function localParts(ms: number): LocalParts {
  requireMs(ms);
  const local = Math.floor(ms) + VN_OFFSET_MS;
  const days = Math.floor(local / DAY_MS);
  const inDay = local - days * DAY_MS;
  const { y, m, d } = civilFromDays(days);
  return {
    year: y,
    month: m,
    day: d,
    hour: Math.floor(inDay / HOUR_MS),
    minute: Math.floor((inDay % HOUR_MS) / MINUTE_MS),
    second: Math.floor((inDay % MINUTE_MS) / 1000),
    millisecond: inDay % 1000,
    weekday: isoWeekdayOfDays(days),
  };
}

/**
 * The Vietnam (Asia/Ho_Chi_Minh, UTC+7, no daylight saving) calendar day of an instant, as
 * 'YYYY-MM-DD' — the day a catalog lookup, a file name or an export is dated with. Not the
 * shift date: a shift runs 08:00 to 08:00 (see shiftDateOf).
 */
export function calendarDayVn(ms: number): string {
  requireMs(ms);
  return ymdString(Math.floor((Math.floor(ms) + VN_OFFSET_MS) / DAY_MS));
}

function isoWeekdayOfDays(days: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

// ---------------------------------------------------------------------------------------
// Shifts
// ---------------------------------------------------------------------------------------

/**
 * The shift date ('YYYY-MM-DD', the local date on which the shift started) of the shift that
 * contains `ms`. With the default start hour, 07:59:59.999 on 2 January belongs to the shift
 * of 1 January and 08:00:00.000 to the shift of 2 January.
 */
export function shiftDateOf(ms: number, startHour: number = SHIFT_START_HOUR): string {
  requireMs(ms);
  requireStartHour(startHour);
  const local = Math.floor(ms) + VN_OFFSET_MS - startHour * HOUR_MS;
  return ymdString(Math.floor(local / DAY_MS));
}

/** Start and end (exclusive) of a shift, in epoch ms. Throws RangeError on a bad date. */
export function shiftBounds(shiftDate: string, startHour: number = SHIFT_START_HOUR): { start: number; end: number } {
  requireStartHour(startHour);
  const start = requireYmd(shiftDate) * DAY_MS - VN_OFFSET_MS + startHour * HOUR_MS;
  return { start, end: start + DAY_MS };
}

/** The shift date `n` days after (or before, if negative) `shiftDate`. */
export function addDays(shiftDate: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError('n must be an integer');
  return ymdString(requireYmd(shiftDate) + n);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(shiftDate: string): number {
  return isoWeekdayOfDays(requireYmd(shiftDate));
}

/**
 * Every date from `from` to `to`, both included. Throws RangeError when `to` is before
 * `from` or the range holds more than MAX_SHIFT_RANGE_DAYS dates.
 */
export function shiftDatesBetween(from: string, to: string): string[] {
  const a = requireYmd(from);
  const b = requireYmd(to);
  if (b < a) throw new RangeError(`range is reversed: ${from} > ${to}`);
  const count = b - a + 1;
  if (count > MAX_SHIFT_RANGE_DAYS) throw new RangeError(`range too long: ${count} days (max ${MAX_SHIFT_RANGE_DAYS})`);
  const out: string[] = [];
  for (let d = a; d <= b; d++) out.push(ymdString(d));
  return out;
}

/**
 * Whether `ms` falls in office hours: on one of `weekdays` (ISO, by the local calendar day, not
 * the shift date) and inside one of `ranges` (minutes after local midnight, `from` included,
 * `to` excluded; a range with from > to wraps past midnight).
 */
export function isOfficeHours(ms: number, hours: OfficeHours = DEFAULT_OFFICE_HOURS): boolean {
  const p = localParts(ms);
  if (!hours.weekdays.includes(p.weekday)) return false;
  const minute = p.hour * 60 + p.minute;
  return hours.ranges.some((r) => (r.from <= r.to ? minute >= r.from && minute < r.to : minute >= r.from || minute < r.to));
}

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s?(Z|[+-]\d{2}(?::?\d{2})?))?)?$/i;
const VN_DATE = String.raw`(\d{1,2})\/(\d{1,2})\/(\d{4})`;
const VN_TIME = String.raw`(\d{1,2})[:h](\d{2})(?::(\d{2}))?`;
const VN_DATE_TIME_RE = new RegExp(`^${VN_DATE}(?:,?\\s+${VN_TIME})?$`, 'i');
const VN_TIME_DATE_RE = new RegExp(`^${VN_TIME},?\\s+(?:ngày\\s+)?${VN_DATE}$`, 'i');

function localToMs(y: number, mo: number, d: number, h: number, mi: number, s: number, msPart: number, offsetMs: number): number | null {
  if (!validYmd(y, mo, d)) return null;
  if (!(h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59)) return null;
  return daysFromCivil(y, mo, d) * DAY_MS + h * HOUR_MS + mi * MINUTE_MS + s * 1000 + msPart - offsetMs;
}

function parseOffset(z: string | undefined): number | null {
  if (z === undefined) return VN_OFFSET_MS;
  if (z.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return null;
  const h = Number(m[2]);
  const mi = Number(m[3] ?? '0');
  if (h > 23 || mi > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * HOUR_MS + mi * MINUTE_MS);
}

const num = (s: string | undefined): number => (s === undefined ? 0 : Number(s));

/**
 * Parse a date-time typed or imported by a user, returning epoch ms or null.
 * Accepted:
 * - ISO 8601 with an offset or Z: `2026-11-22T14:03:00+07:00`, `2026-11-22T07:03:00.000Z`;
 * - ISO without an offset, read as Asia/Ho_Chi_Minh local time: `2026-11-22T14:03`,
 *   `2026-11-22 14:03:05`, and `2026-11-22` (local midnight);
 * - Vietnamese `dd/mm/yyyy HH:mm[:ss]`, `dd/mm/yyyy` (local midnight) and `HH:mm dd/mm/yyyy`
 *   (the form `formatDateTime` writes); day and month may have one digit.
 * Impossible values (31/02, 24:01, month 13, 29/02 in a non-leap year) give null.
 */
export function parseLocalDateTime(s: string): number | null {
  if (typeof s !== 'string') return null;
  const t = s.normalize('NFC').trim();
  if (t.length === 0 || t.length > 64) return null;
  let m = ISO_RE.exec(t);
  if (m) {
    const offset = parseOffset(m[8]);
    if (offset === null) return null;
    const frac = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
    return localToMs(num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), num(m[6]), frac, offset);
  }
  m = VN_DATE_TIME_RE.exec(t);
  if (m) return localToMs(num(m[3]), num(m[2]), num(m[1]), num(m[4]), num(m[5]), num(m[6]), 0, VN_OFFSET_MS);
  m = VN_TIME_DATE_RE.exec(t);
  if (m) return localToMs(num(m[6]), num(m[5]), num(m[4]), num(m[1]), num(m[2]), num(m[3]), 0, VN_OFFSET_MS);
  return null;
}

/** A calendar date 'YYYY-MM-DD' from 'YYYY-MM-DD' or 'dd/mm/yyyy' (d and m may have one digit), or null. */
export function parseDateOnly(s: string): string | null {
  if (typeof s !== 'string') return null;
  const t = s.normalize('NFC').trim();
  let y: number;
  let mo: number;
  let d: number;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) {
    y = num(m[1]);
    mo = num(m[2]);
    d = num(m[3]);
  } else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
    if (!m) return null;
    d = num(m[1]);
    mo = num(m[2]);
    y = num(m[3]);
  }
  return validYmd(y, mo, d) ? `${pad4(y)}-${pad2(mo)}-${pad2(d)}` : null;
}

// ---------------------------------------------------------------------------------------
// Formatting (local time, dd/mm/yyyy, 24-hour)
// ---------------------------------------------------------------------------------------

/** 'dd/mm/yyyy' of the local date of `ms`. */
export function formatDate(ms: number): string {
  const p = localParts(ms);
  return `${pad2(p.day)}/${pad2(p.month)}/${pad4(p.year)}`;
}

/** 'HH:mm' (24-hour) local time of `ms`. */
export function formatTime(ms: number): string {
  const p = localParts(ms);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** 'HH:mm dd/mm/yyyy', local. */
export function formatDateTime(ms: number): string {
  return `${formatTime(ms)} ${formatDate(ms)}`;
}

/** '2026-01-05' → '05/01/2026'. Throws RangeError on a bad date. */
export function formatShiftDate(shiftDate: string): string {
  requireYmd(shiftDate);
  const [y, m, d] = shiftDate.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * The place–date line of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP):
 * 'Hà Nội, ngày 05 tháng 01 năm 2026'. Days 1–9 and months 1–2 take a leading zero; months
 * 3–12 do not ('ngày 15 tháng 3 năm 2026'). With an empty place: 'Ngày 05 tháng 01 năm 2026'.
 */
export function placeDateLine(place: string, ms: number): string {
  const p = localParts(ms);
  const month = p.month <= 2 ? pad2(p.month) : String(p.month);
  const date = `ngày ${pad2(p.day)} tháng ${month} năm ${p.year}`;
  const where = place.normalize('NFC').trim();
  return where.length > 0 ? `${where}, ${date}` : `N${date.slice(1)}`;
}

/**
 * ISO 8601 local time with the +07:00 offset: '2026-11-22T14:03:00+07:00'. Milliseconds are
 * written ('…T14:03:00.250+07:00') only when not zero, so the result always parses back exactly.
 */
export function toLocalIso(ms: number): string {
  const p = localParts(ms);
  const frac = p.millisecond === 0 ? '' : `.${String(p.millisecond).padStart(3, '0')}`;
  return `${pad4(p.year)}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}${frac}+07:00`;
}
