import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_OFFICE_HOURS,
  MAX_SHIFT_RANGE_DAYS,
  SHIFT_START_HOUR,
  VN_OFFSET_MS,
  addDays,
  formatDate,
  formatDateTime,
  formatShiftDate,
  formatTime,
  isOfficeHours,
  isoWeekday,
  localParts,
  parseDateOnly,
  parseLocalDateTime,
  placeDateLine,
  shiftBounds,
  shiftDateOf,
  shiftDatesBetween,
  toLocalIso,
} from '../../src-shared/time/shift';

/** Epoch ms of a local (UTC+7) wall-clock time. Months are 1-based. */
function vn(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - 7 * 3600_000;
}

const DAY = 86_400_000;
/** Epoch ms between years 1971 and 9998. */
const anyMs = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(9998, 11, 31) });
const anyDate = anyMs.map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('constants', () => {
  it('are UTC+7 and 08:00', () => {
    expect(VN_OFFSET_MS).toBe(25_200_000);
    expect(SHIFT_START_HOUR).toBe(8);
    expect(DEFAULT_OFFICE_HOURS).toEqual({ ranges: [{ from: 480, to: 720 }, { from: 780, to: 1020 }], weekdays: [1, 2, 3, 4, 5] });
  });
});

describe('shiftDateOf', () => {
  it('switches at 08:00 local exactly', () => {
    expect(shiftDateOf(vn(2026, 1, 2, 7, 59, 59, 999))).toBe('2026-01-01');
    expect(shiftDateOf(vn(2026, 1, 2, 8, 0, 0, 0))).toBe('2026-01-02');
    expect(shiftDateOf(vn(2026, 1, 2, 23, 59, 59, 999))).toBe('2026-01-02');
    expect(shiftDateOf(vn(2026, 1, 3, 0, 0))).toBe('2026-01-02');
  });

  it('does not depend on the UTC date (00:00–07:00 UTC+7 is the previous UTC day)', () => {
    // 06:30 local on 5 Jan is 23:30 UTC on 4 Jan; the shift started 08:00 on 4 Jan.
    expect(shiftDateOf(Date.UTC(2026, 0, 4, 23, 30))).toBe('2026-01-04');
    // 08:30 local on 5 Jan is 01:30 UTC on 5 Jan.
    expect(shiftDateOf(Date.UTC(2026, 0, 5, 1, 30))).toBe('2026-01-05');
  });

  it('crosses the year end', () => {
    expect(shiftDateOf(vn(2026, 1, 1, 0, 0))).toBe('2025-12-31');
    expect(shiftDateOf(vn(2026, 1, 1, 7, 59, 59, 999))).toBe('2025-12-31');
    expect(shiftDateOf(vn(2026, 1, 1, 8))).toBe('2026-01-01');
    expect(shiftDateOf(vn(2025, 12, 31, 8))).toBe('2025-12-31');
  });

  it('handles 28/29 February in leap and non-leap years', () => {
    // 2028 is a leap year: 29 Feb exists.
    expect(shiftDateOf(vn(2028, 2, 29, 7, 59, 59, 999))).toBe('2028-02-28');
    expect(shiftDateOf(vn(2028, 2, 29, 8))).toBe('2028-02-29');
    expect(shiftDateOf(vn(2028, 3, 1, 7, 59, 59, 999))).toBe('2028-02-29');
    expect(shiftDateOf(vn(2028, 3, 1, 8))).toBe('2028-03-01');
    // 2026 is not: 28 Feb is followed by 1 Mar.
    expect(shiftDateOf(vn(2026, 3, 1, 7, 59, 59, 999))).toBe('2026-02-28');
    expect(shiftDateOf(vn(2026, 3, 1, 8))).toBe('2026-03-01');
    // 2100 is not a leap year, 2000 is.
    expect(shiftDateOf(vn(2100, 3, 1, 7))).toBe('2100-02-28');
    expect(shiftDateOf(vn(2000, 3, 1, 7))).toBe('2000-02-29');
  });

  it('handles month ends of 30 and 31 days', () => {
    expect(shiftDateOf(vn(2026, 5, 1, 7))).toBe('2026-04-30');
    expect(shiftDateOf(vn(2026, 6, 1, 7))).toBe('2026-05-31');
    expect(shiftDateOf(vn(2026, 10, 1, 7))).toBe('2026-09-30');
    expect(shiftDateOf(vn(2026, 11, 1, 7))).toBe('2026-10-31');
  });

  it('accepts another start hour', () => {
    expect(shiftDateOf(vn(2026, 1, 2, 6, 59), 7)).toBe('2026-01-01');
    expect(shiftDateOf(vn(2026, 1, 2, 7), 7)).toBe('2026-01-02');
    expect(shiftDateOf(vn(2026, 1, 2, 0), 0)).toBe('2026-01-02');
    expect(() => shiftDateOf(0, 24)).toThrow(RangeError);
    expect(() => shiftDateOf(Number.NaN)).toThrow(RangeError);
  });

  it('always lies in the bounds of its shift (property)', () => {
    fc.assert(
      fc.property(anyMs, fc.integer({ min: 0, max: 23 }), (ms, h) => {
        const date = shiftDateOf(ms, h);
        expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        const { start, end } = shiftBounds(date, h);
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(end);
        expect(end - start).toBe(DAY);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Date for the UTC+7 calendar (property)', () => {
    fc.assert(
      fc.property(anyMs, (ms) => {
        const expected = new Date(ms + VN_OFFSET_MS - 8 * 3600_000).toISOString().slice(0, 10);
        expect(shiftDateOf(ms)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('shiftBounds', () => {
  it('runs from 08:00 local to 08:00 local the next day', () => {
    const b = shiftBounds('2026-01-02');
    expect(b.start).toBe(vn(2026, 1, 2, 8));
    expect(b.end).toBe(vn(2026, 1, 3, 8));
    expect(new Date(b.start).toISOString()).toBe('2026-01-02T01:00:00.000Z');
    expect(shiftBounds('2025-12-31').end).toBe(shiftBounds('2026-01-01').start);
    expect(shiftBounds('2028-02-29').end).toBe(shiftBounds('2028-03-01').start);
  });

  it('rejects malformed or impossible dates', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', '2026-1-1', '01/01/2026', '']) {
      expect(() => shiftBounds(bad), bad).toThrow(RangeError);
    }
  });
});

describe('addDays, isoWeekday, shiftDatesBetween', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
    expect(addDays('2026-03-15', 0)).toBe('2026-03-15');
    expect(addDays('2026-03-15', 365)).toBe('2027-03-15');
    expect(() => addDays('2026-03-15', 1.5)).toThrow(RangeError);
  });

  it('addDays agrees with Date (property)', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -20_000, max: 20_000 }), (d, n) => {
        const expected = new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
        fc.pre(/^\d{4}-/.test(expected) && expected >= '0001' && expected <= '9999');
        expect(addDays(d, n)).toBe(expected);
        expect(addDays(addDays(d, n), -n)).toBe(d);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives ISO weekdays, Monday = 1', () => {
    expect(isoWeekday('2026-01-05')).toBe(1); // Monday
    expect(isoWeekday('2026-01-10')).toBe(6); // Saturday
    expect(isoWeekday('2026-01-11')).toBe(7); // Sunday
    expect(isoWeekday('1970-01-01')).toBe(4); // Thursday
    expect(isoWeekday('2028-02-29')).toBe(2); // Tuesday
  });

  it('isoWeekday agrees with Date (property)', () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        const js = new Date(`${d}T00:00:00Z`).getUTCDay();
        expect(isoWeekday(d)).toBe(js === 0 ? 7 : js);
      }),
    );
  });

  it('lists dates inclusively', () => {
    expect(shiftDatesBetween('2025-12-30', '2026-01-02')).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
    expect(shiftDatesBetween('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(shiftDatesBetween('2026-02-28', '2026-03-01')).toEqual(['2026-02-28', '2026-03-01']);
    expect(shiftDatesBetween('2026-05-05', '2026-05-05')).toEqual(['2026-05-05']);
  });

  it('rejects reversed and too long ranges', () => {
    expect(() => shiftDatesBetween('2026-01-02', '2026-01-01')).toThrow(RangeError);
    expect(shiftDatesBetween('2020-01-01', addDays('2020-01-01', MAX_SHIFT_RANGE_DAYS - 1))).toHaveLength(MAX_SHIFT_RANGE_DAYS);
    expect(() => shiftDatesBetween('2020-01-01', addDays('2020-01-01', MAX_SHIFT_RANGE_DAYS))).toThrow(RangeError);
    expect(() => shiftDatesBetween('2026-02-30', '2026-03-01')).toThrow(RangeError);
  });
});

describe('isOfficeHours', () => {
  // Monday 5 January 2026.
  it('includes range starts and excludes range ends', () => {
    expect(isOfficeHours(vn(2026, 1, 5, 7, 59, 59, 999), DEFAULT_OFFICE_HOURS)).toBe(false);
    expect(isOfficeHours(vn(2026, 1, 5, 8, 0), DEFAULT_OFFICE_HOURS)).toBe(true);
    expect(isOfficeHours(vn(2026, 1, 5, 11, 59, 59, 999), DEFAULT_OFFICE_HOURS)).toBe(true);
    expect(isOfficeHours(vn(2026, 1, 5, 12, 0), DEFAULT_OFFICE_HOURS)).toBe(false);
    expect(isOfficeHours(vn(2026, 1, 5, 12, 59), DEFAULT_OFFICE_HOURS)).toBe(false);
    expect(isOfficeHours(vn(2026, 1, 5, 13, 0), DEFAULT_OFFICE_HOURS)).toBe(true);
    expect(isOfficeHours(vn(2026, 1, 5, 16, 59, 59, 999), DEFAULT_OFFICE_HOURS)).toBe(true);
    expect(isOfficeHours(vn(2026, 1, 5, 17, 0), DEFAULT_OFFICE_HOURS)).toBe(false);
    expect(isOfficeHours(vn(2026, 1, 5, 23, 0), DEFAULT_OFFICE_HOURS)).toBe(false);
  });

  it('uses the local calendar weekday, not the UTC day or the shift date', () => {
    // Friday 9 Jan 2026 16:00 local: office hours.
    expect(isOfficeHours(vn(2026, 1, 9, 16), DEFAULT_OFFICE_HOURS)).toBe(true);
    // Saturday 10 Jan 10:00 local: weekend, though the shift of Friday ran until 08:00.
    expect(isOfficeHours(vn(2026, 1, 10, 10), DEFAULT_OFFICE_HOURS)).toBe(false);
    // Sunday 11 Jan.
    expect(isOfficeHours(vn(2026, 1, 11, 9), DEFAULT_OFFICE_HOURS)).toBe(false);
    // Monday 12 Jan 08:30 local is Monday 01:30 UTC; Monday 07:30 local is Sunday 00:30 UTC.
    expect(isOfficeHours(vn(2026, 1, 12, 8, 30), DEFAULT_OFFICE_HOURS)).toBe(true);
    // Monday 12 Jan 09:00 local belongs to Monday's shift; Saturday-only hours do not match it.
    expect(isOfficeHours(vn(2026, 1, 12, 9), { ranges: [{ from: 480, to: 720 }], weekdays: [6] })).toBe(false);
  });

  it('supports custom hours and ranges that wrap past midnight', () => {
    const night = { ranges: [{ from: 22 * 60, to: 6 * 60 }], weekdays: [1, 2, 3, 4, 5, 6, 7] };
    expect(isOfficeHours(vn(2026, 1, 5, 23), night)).toBe(true);
    expect(isOfficeHours(vn(2026, 1, 5, 5, 59), night)).toBe(true);
    expect(isOfficeHours(vn(2026, 1, 5, 6), night)).toBe(false);
    expect(isOfficeHours(vn(2026, 1, 5, 12), { ranges: [], weekdays: [1] })).toBe(false);
    expect(isOfficeHours(vn(2026, 1, 10, 9), { ranges: [{ from: 0, to: 1440 }], weekdays: [6] })).toBe(true);
  });
});

describe('parseLocalDateTime', () => {
  const t = vn(2026, 11, 22, 14, 3);
  it.each([
    ['2026-11-22T14:03:00+07:00', t],
    ['2026-11-22T07:03:00Z', t],
    ['2026-11-22T07:03:00.000Z', t],
    ['2026-11-22T09:03:00+02:00', t],
    ['2026-11-22T02:03:00-0500', t],
    ['2026-11-22T14:03', t],
    ['2026-11-22 14:03', t],
    ['2026-11-22 14:03:05', t + 5000],
    ['2026-11-22T14:03:05.250', t + 5250],
    ['2026-11-22', vn(2026, 11, 22)],
    ['22/11/2026 14:03', t],
    ['22/11/2026 14:03:05', t + 5000],
    [' 22/11/2026  14:03 ', t],
    ['22/11/2026', vn(2026, 11, 22)],
    ['5/1/2026 8:00', vn(2026, 1, 5, 8)],
    ['14:03 22/11/2026', t],
    ['29/02/2028 23:59', vn(2028, 2, 29, 23, 59)],
    ['31/12/2025 23:59:59', vn(2025, 12, 31, 23, 59, 59)],
  ])('parses %j', (s, expected) => {
    expect(parseLocalDateTime(s)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'hôm qua',
    '31/02/2026',
    '29/02/2026',
    '31/04/2026 10:00',
    '22/13/2026',
    '00/01/2026',
    '22/11/2026 24:01',
    '22/11/2026 24:00',
    '22/11/2026 14:60',
    '22/11/2026 14:03:60',
    '2026-13-01T00:00',
    '2026-02-30T10:00',
    '2026-11-22T25:00',
    '2026-11-22T14:03+25:00',
    '2026-11-22T14',
    '2026-11-22T14:03:00+07:00 extra',
    '22-11-2026',
    '2026/11/22',
    '22/11/26',
    '1700000000000',
  ])('rejects %j', (s) => {
    expect(parseLocalDateTime(s)).toBeNull();
  });

  it('round-trips toLocalIso and formatDateTime (property)', () => {
    fc.assert(
      fc.property(anyMs, (ms) => {
        expect(parseLocalDateTime(toLocalIso(ms))).toBe(ms);
        const minute = Math.floor(ms / 60_000) * 60_000;
        expect(parseLocalDateTime(formatDateTime(ms))).toBe(minute);
        expect(parseLocalDateTime(`${formatDate(ms)} ${formatTime(ms)}`)).toBe(minute);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseDateOnly', () => {
  it('parses ISO and Vietnamese dates', () => {
    expect(parseDateOnly('2026-01-05')).toBe('2026-01-05');
    expect(parseDateOnly('05/01/2026')).toBe('2026-01-05');
    expect(parseDateOnly(' 5/1/2026 ')).toBe('2026-01-05');
    expect(parseDateOnly('29/02/2028')).toBe('2028-02-29');
    expect(parseDateOnly('29/02/2000')).toBe('2000-02-29');
  });

  it('rejects impossible or malformed dates', () => {
    for (const bad of ['29/02/2026', '29/02/2100', '31/02/2026', '31/04/2026', '00/01/2026', '01/13/2026', '2026-02-29', '2026-1-5', '05-01-2026', '05/01/26', '', 'x']) {
      expect(parseDateOnly(bad), bad).toBeNull();
    }
  });
});

describe('formatting', () => {
  const t = vn(2026, 11, 22, 14, 3, 0);
  it('formats dates and times in local time, 24-hour', () => {
    expect(formatDate(t)).toBe('22/11/2026');
    expect(formatTime(t)).toBe('14:03');
    expect(formatDateTime(t)).toBe('14:03 22/11/2026');
    expect(formatTime(vn(2026, 1, 5, 0, 5))).toBe('00:05');
    expect(formatDate(vn(2026, 1, 5, 0, 5))).toBe('05/01/2026');
    // 23:30 UTC on 4 Jan is 06:30 on 5 Jan in Hà Nội.
    expect(formatDateTime(Date.UTC(2026, 0, 4, 23, 30))).toBe('06:30 05/01/2026');
  });

  it('formats shift dates', () => {
    expect(formatShiftDate('2026-01-05')).toBe('05/01/2026');
    expect(formatShiftDate('2028-02-29')).toBe('29/02/2028');
    expect(() => formatShiftDate('2026-02-29')).toThrow(RangeError);
  });

  it('writes ISO with the +07:00 offset', () => {
    expect(toLocalIso(t)).toBe('2026-11-22T14:03:00+07:00');
    expect(toLocalIso(t + 250)).toBe('2026-11-22T14:03:00.250+07:00');
    expect(toLocalIso(Date.UTC(2025, 11, 31, 17))).toBe('2026-01-01T00:00:00+07:00');
  });

  it('localParts', () => {
    expect(localParts(vn(2026, 1, 5, 7, 8, 9, 10))).toEqual({ year: 2026, month: 1, day: 5, hour: 7, minute: 8, second: 9, millisecond: 10, weekday: 1 });
  });
});

describe('placeDateLine (Nghị định 30/2020)', () => {
  it.each([
    [vn(2026, 1, 5, 9), 'Hà Nội, ngày 05 tháng 01 năm 2026'],
    [vn(2026, 2, 5, 9), 'Hà Nội, ngày 05 tháng 02 năm 2026'],
    [vn(2026, 2, 28, 9), 'Hà Nội, ngày 28 tháng 02 năm 2026'],
    [vn(2026, 3, 15, 9), 'Hà Nội, ngày 15 tháng 3 năm 2026'],
    [vn(2026, 3, 1, 9), 'Hà Nội, ngày 01 tháng 3 năm 2026'],
    [vn(2026, 9, 9, 9), 'Hà Nội, ngày 09 tháng 9 năm 2026'],
    [vn(2026, 10, 10, 9), 'Hà Nội, ngày 10 tháng 10 năm 2026'],
    [vn(2026, 11, 20, 9), 'Hà Nội, ngày 20 tháng 11 năm 2026'],
    [vn(2026, 12, 31, 23, 59), 'Hà Nội, ngày 31 tháng 12 năm 2026'],
  ])('%i → %s', (ms, expected) => {
    expect(placeDateLine('Hà Nội', ms)).toBe(expected);
  });

  it('uses the local date, NFC place name, and handles an empty place', () => {
    // 18:00 UTC on 4 Jan is 01:00 on 5 Jan in Hà Nội.
    expect(placeDateLine(' Lạng Sơn '.normalize('NFD'), Date.UTC(2026, 0, 4, 18))).toBe('Lạng Sơn, ngày 05 tháng 01 năm 2026');
    expect(placeDateLine('', vn(2026, 3, 15, 9))).toBe('Ngày 15 tháng 3 năm 2026');
  });
});

describe('calendarDayVn', () => {
  it('is the Vietnam calendar day, turning at 17:00 UTC', async () => {
    const { calendarDayVn } = await import('../../src-shared/time/shift');
    expect(calendarDayVn(Date.UTC(2026, 0, 1, 16, 59, 59, 999))).toBe('2026-01-01');
    expect(calendarDayVn(Date.UTC(2026, 0, 1, 17, 0, 0, 0))).toBe('2026-01-02');
    expect(calendarDayVn(Date.UTC(1969, 11, 31, 17, 0))).toBe('1970-01-01');
    expect(() => calendarDayVn(Number.NaN)).toThrow(RangeError);
  });
});
