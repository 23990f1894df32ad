/**
 * Times outside the sane window are refused at the dispatcher, the one entry point of every
 * transport: before 01/01/2000, or — by the core's clock, not the caller's — more than a day
 * ahead for something that happened and more than 366 days ahead for a deadline. The reply
 * names the field and both bounds (dd/mm/yyyy HH:mm), and nothing is written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/app/core';
import { FakeClock, callAs, stationCore, tmpDir } from '../helpers';
import { translateError } from '../../src-shared/i18n/errors';

const HOUR = 3_600_000;
let core: Core;
let clock: FakeClock;
let t: ReturnType<typeof tmpDir>;
const events = () => core.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;

beforeEach(async () => {
  t = tmpDir();
  clock = new FakeClock(); // 22/11/2026 14:00 Vietnam time
  core = await stationCore(`${t.dir}/st.sqlite`, clock);
});
afterEach(() => {
  core.close();
  t.cleanup();
});

describe('time window at the dispatcher', () => {
  it('refuses an occurredAt before 01/01/2000 with time_out_of_range naming the field, writing nothing', async () => {
    const before = events();
    const r = await callAs(core, 'officer', 'logbook:add', { kind: 'work', text: 'Kiểm tra', occurredAt: Date.UTC(1999, 11, 31, 16, 59) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'time_out_of_range', field: 'occurredAt', params: { min: '01/01/2000 00:00', max: '23/11/2026 14:00' } });
    expect(translateError('vi', r.error)).toBe('Ngày giờ nằm ngoài khoảng cho phép ở trường «Thời gian xảy ra»: từ 01/01/2000 00:00 đến 23/11/2026 14:00');
    expect(events()).toBe(before);
  });

  it('refuses a time more than a day ahead of the core’s clock, and follows that clock', async () => {
    const tooLate = clock.now() + 24 * HOUR + 60_000;
    const r = await callAs(core, 'officer', 'logbook:add', { kind: 'incident', text: 'Xe rời bãi', details: { arisenAt: tooLate } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'time_out_of_range', field: 'details.arisenAt' });
    const ok = await callAs(core, 'officer', 'logbook:add', { kind: 'incident', text: 'Xe rời bãi', details: { arisenAt: clock.now() + 23 * HOUR } });
    expect(ok.ok).toBe(true);
    clock.advance(2 * HOUR); // the same time is now within a day of the core's clock
    const later = await callAs(core, 'officer', 'logbook:add', { kind: 'incident', text: 'Xe rời bãi', details: { arisenAt: tooLate } });
    expect(later.ok).toBe(true);
  });

  it('allows a deadline months ahead but not beyond 366 days', async () => {
    const year = 366 * 24 * HOUR;
    const ok = await callAs(core, 'lead', 'requests:register', { fromText: 'Cục Điều tra chống buôn lậu', content: 'Đề nghị giám sát', receivedAt: clock.now(), resultDueAt: clock.now() + 90 * 24 * HOUR });
    expect(ok.ok, JSON.stringify(ok)).toBe(true);
    const bad = await callAs(core, 'lead', 'requests:register', { fromText: 'Cục Điều tra chống buôn lậu', content: 'Đề nghị giám sát', receivedAt: clock.now(), resultDueAt: clock.now() + year + 60_000 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ code: 'time_out_of_range', field: 'resultDueAt' });
  });

  it('refuses a received time in the far future on an incident', async () => {
    const r = await callAs(core, 'officer', 'incidents:raise', {
      source: 'phone', arisenAt: clock.now(), receivedAt: Date.UTC(2126, 0, 1), place: { text: 'Cổng B' }, description: 'Xe rời bãi khi chưa thông quan',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'time_out_of_range', field: 'receivedAt' });
  });
});
