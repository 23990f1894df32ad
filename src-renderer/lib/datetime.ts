/**
 * Date/time as the users type and read it: dd/mm/yyyy and 24-hour HH:mm, always in
 * Asia/Ho_Chi_Minh (UTC+7) via the shared formatters — never the machine's time zone.
 */
import { formatDate, formatShiftDate, formatTime, localParts, parseDateOnly, parseLocalDateTime } from '../../src-shared/time/shift';

export { formatDate, formatTime, formatShiftDate };

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 'dd/mm/yyyy HH:mm' for a date-time input. */
export function toInputDateTime(ms: number): string {
  return `${formatDate(ms)} ${formatTime(ms)}`;
}

/** Epoch ms from a 'dd/mm/yyyy HH:mm' input (also ISO), or null. */
export function parseInputDateTime(s: string): number | null {
  return parseLocalDateTime(s);
}

/** 'YYYY-MM-DD' from a 'dd/mm/yyyy' input; '' stays ''; null when invalid. */
export function parseInputDate(s: string): string | null | '' {
  if (s.trim() === '') return '';
  return parseDateOnly(s);
}

/** 'dd/mm/yyyy' of a 'YYYY-MM-DD' shift date ('' stays ''). */
export function showShiftDate(ymd: string | null | undefined): string {
  if (!ymd) return '';
  try {
    return formatShiftDate(ymd);
  } catch {
    return ymd;
  }
}

/** 'HH:mm:ss' local. */
export function formatClock(ms: number): string {
  const p = localParts(ms);
  return `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** A duration as 'H:mm:ss' (negative durations count as zero). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

/** 'HH:mm dd/mm/yyyy' */
export function formatDateTime(ms: number): string {
  return `${formatTime(ms)} ${formatDate(ms)}`;
}

/** ISO weekday (1 = Monday) of an instant, local. */
export function weekdayOf(ms: number): number {
  return localParts(ms).weekday;
}

/** 'HH:mm' of minutes after midnight. */
export function minutesToHhmm(min: number): string {
  return `${pad2(Math.floor(min / 60))}:${pad2(min % 60)}`;
}

/** 'HH:mm' → minutes after midnight (24:00 allowed as the end of the day), or null. */
export function hhmmToMinutes(s: string): number | null {
  const m = /^(\d{1,2})[:h](\d{2})$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (mi > 59 || h > 24 || (h === 24 && mi > 0)) return null;
  return h * 60 + mi;
}
