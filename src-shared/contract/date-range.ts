/**
 * Date ranges at the boundary (logbook exports): real calendar dates inside a sane window,
 * `from` ≤ `to`, and at most EXPORT_MAX_DAYS shift dates. A bad range answers a typed error
 * naming the field (range_reversed, range_too_long, date_out_of_range) before any work starts.
 * Pure TypeScript: no Node, DOM or Electron.
 */
import type { z } from 'zod';
import type { AppErrorData } from '../errors';

/** The longest range one export covers: a year of shifts (leap years included). */
export const EXPORT_MAX_DAYS = 366;
/** Dates the app accepts for ranges: nothing the station can hold lies outside this window. */
export const DATE_WINDOW = { min: '2000-01-01', max: '2099-12-31' } as const;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a real YYYY-MM-DD calendar date, or null. */
function dayNumber(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== s) return null;
  return Math.round(ms / DAY_MS);
}

/** The first problem with a range, as a typed error, or null when it is fine. */
export function checkDateRange(from: string, to: string, maxDays = EXPORT_MAX_DAYS): AppErrorData | null {
  for (const [field, date] of [['from', from], ['to', to]] as const) {
    const n = dayNumber(date);
    if (n === null || date < DATE_WINDOW.min || date > DATE_WINDOW.max) {
      return {
        code: 'date_out_of_range',
        field,
        params: { date, min: DATE_WINDOW.min, max: DATE_WINDOW.max },
        message: `${field} ${date} is not a real date between ${DATE_WINDOW.min} and ${DATE_WINDOW.max}`,
      };
    }
  }
  const a = dayNumber(from)!;
  const b = dayNumber(to)!;
  if (a > b) return { code: 'range_reversed', field: 'from', params: { from, to }, message: `from ${from} is after to ${to}` };
  const days = b - a + 1;
  if (days > maxDays) {
    return { code: 'range_too_long', field: 'to', params: { days, maxDays }, message: `the range covers ${days} days; at most ${maxDays}` };
  }
  return null;
}

/**
 * Checks `{ from, to }` as a range (use with `.superRefine`). A failed check is a custom zod
 * issue whose params carry the typed error (`params.appError`); the dispatcher answers that
 * error instead of invalid_input.
 */
export function refineDateRange(v: { from: string; to: string }, ctx: z.RefinementCtx): void {
  const err = checkDateRange(v.from, v.to);
  if (err) ctx.addIssue({ code: 'custom', path: [err.field ?? 'from'], message: err.message, params: { appError: err } });
}
