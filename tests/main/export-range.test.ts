import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Core } from '../../src-main/app/core';
import { translateError } from '../../src-shared/i18n/errors';
import { callAs, stationCore, tmpDir } from '../helpers';

let t: ReturnType<typeof tmpDir>;
let core: Core;
beforeAll(async () => {
  t = tmpDir('trucban-range-');
  core = await stationCore(path.join(t.dir, 'st.sqlite'));
});
afterAll(() => {
  core.close();
  t.cleanup();
});

describe('logbook:export ranges are checked at the contract', () => {
  const cases: [string, { from: string; to: string }, string, string, RegExp][] = [
    ['ten years', { from: '2016-11-22', to: '2026-11-22' }, 'range_too_long', 'to', /Khoảng ngày quá dài: 3653 ngày, tối đa 366 ngày; hãy chia thành nhiều lần xuất \(trường: Đến ngày\)/],
    ['reversed', { from: '2026-11-22', to: '2026-11-20' }, 'range_reversed', 'from', /Ngày bắt đầu \(22\/11\/2026\) sau ngày kết thúc \(20\/11\/2026\) \(trường: Từ ngày\)/],
    ['not a calendar date', { from: '2026-02-30', to: '2026-03-01' }, 'date_out_of_range', 'from', /Ngày 2026-02-30 không hợp lệ.*\(01\/01\/2000 – 31\/12\/2099\).*Từ ngày/],
    ['outside the window', { from: '1999-12-31', to: '2000-01-01' }, 'date_out_of_range', 'from', /31\/12\/1999/],
    ['far future', { from: '2100-01-01', to: '2100-01-02' }, 'date_out_of_range', 'from', /01\/01\/2100/],
  ];
  for (const [name, range, code, field, vi] of cases) {
    it(`${name} → ${code} naming ${field}, translated`, async () => {
      const r = await callAs(core, 'officer', 'logbook:export', { ...range, format: 'pdf' });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error).toMatchObject({ code, field });
      expect(translateError('vi', r.error)).toMatch(vi);
      expect(translateError('en', r.error)).not.toMatch(/internal/i);
    });
  }

  it('a full year (366 days) is accepted', async () => {
    const r = await callAs(core, 'officer', 'logbook:export', { from: '2024-01-01', to: '2024-12-31', format: 'docx' });
    expect(r.ok, JSON.stringify(!r.ok && r.error)).toBe(true);
  });
});
