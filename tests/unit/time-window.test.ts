import { describe, expect, it } from 'vitest';
import { contract } from '../../src-shared/contract';
import { DEADLINE_AHEAD_MS, HAPPENED_AHEAD_MS, TIME_MIN_MS, deadlineMs, epochMs, withClock } from '../../src-shared/contract/schemas';
import { translateError } from '../../src-shared/i18n/errors';

const NOW = Date.UTC(2026, 10, 22, 7, 0);

describe('time window in the schemas', () => {
  it('the lower bound is 00:00 01/01/2000 Vietnam time', () => {
    expect(new Date(TIME_MIN_MS).toISOString()).toBe('1999-12-31T17:00:00.000Z');
    expect(epochMs.safeParse(TIME_MIN_MS).success).toBe(true);
    expect(epochMs.safeParse(TIME_MIN_MS - 1).success).toBe(false);
    expect(epochMs.safeParse(0).success).toBe(false);
    expect(deadlineMs.safeParse(946_684_799_999 - 7 * 3_600_000).success).toBe(false);
  });

  it('without a clock (e.g. the renderer) only the lower bound applies', () => {
    expect(epochMs.safeParse(NOW + 10 * 365 * 86_400_000).success).toBe(true);
  });

  it('with the core’s clock: a time that happened may be at most one day ahead, a deadline 366 days', () => {
    withClock(NOW, () => {
      expect(epochMs.safeParse(NOW + HAPPENED_AHEAD_MS).success).toBe(true);
      expect(epochMs.safeParse(NOW + HAPPENED_AHEAD_MS + 1).success).toBe(false);
      expect(deadlineMs.safeParse(NOW + DEADLINE_AHEAD_MS).success).toBe(true);
      expect(deadlineMs.safeParse(NOW + DEADLINE_AHEAD_MS + 1).success).toBe(false);
    });
    // the clock is lent for one parse only
    expect(epochMs.safeParse(NOW + HAPPENED_AHEAD_MS + 1).success).toBe(true);
  });

  it('withClock restores the previous clock when the parse throws', () => {
    expect(() => withClock(NOW, () => { throw new Error('x'); })).toThrow('x');
    expect(epochMs.safeParse(NOW + 2 * HAPPENED_AHEAD_MS).success).toBe(true);
  });

  it('every time field of the logbook, incidents and forms is checked (nested ones too)', () => {
    const bad = Date.UTC(1970, 0, 2);
    const cases: [keyof typeof contract, unknown, string][] = [
      ['logbook:add', { kind: 'work', text: 'x', occurredAt: bad }, 'occurredAt'],
      ['logbook:add', { kind: 'incident', text: 'x', details: { arisenAt: bad } }, 'details.arisenAt'],
      ['logbook:add', { kind: 'incident', text: 'x', details: { receivedAt: bad } }, 'details.receivedAt'],
      ['requests:register', { fromText: 'Cục', content: 'x', receivedAt: bad }, 'receivedAt'],
      ['directions:acknowledge', { directionId: 'd', handler: 'h', expectedAt: bad }, 'expectedAt'],
      ['requests:result', { requestId: 'r', text: 'x', timeline: [{ at: bad, text: 'y' }] }, 'timeline.0.at'],
    ];
    for (const [ch, input, field] of cases) {
      const r = (contract[ch].input as { safeParse: (x: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; params?: { appCode?: string } }[] } } }).safeParse(input);
      expect(r.success, `${ch} ${field}`).toBe(false);
      const issue = r.error!.issues.find((i) => i.path.join('.') === field);
      expect(issue?.params?.appCode, `${ch} ${field}`).toBe('time_out_of_range');
    }
  });

  it('the message names the field and both bounds in dd/mm/yyyy HH:mm, in Vietnamese and English', () => {
    const err = { code: 'time_out_of_range' as const, field: 'occurredAt', params: { min: '01/01/2000 00:00', max: '23/11/2026 14:00' }, message: 'x' };
    expect(translateError('vi', err)).toBe('Ngày giờ nằm ngoài khoảng cho phép ở trường «Thời gian xảy ra»: từ 01/01/2000 00:00 đến 23/11/2026 14:00');
    expect(translateError('en', err)).toBe('Date and time out of the allowed range in “Time of occurrence”: from 01/01/2000 00:00 to 23/11/2026 14:00');
  });
});
