import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../helpers';
import { trucban } from '../helpers/cli';

let t: ReturnType<typeof tmpDir>;
let db: string;
beforeAll(() => {
  t = tmpDir('trucban-cli-range-');
  db = path.join(t.dir, 'station.sqlite');
  const r = trucban('--db', db, 'init', '--station-code', '01B1', '--station-name', 'Hải quan cửa khẩu sân bay quốc tế Nội Bài');
  if (r.code !== 0) throw new Error(r.err);
});
afterAll(() => t.cleanup());

describe('trucban logbook export: bad ranges', () => {
  it('refuses a ten-year, a reversed and an out-of-window range with exit 2 and a message naming the field; writes no file', () => {
    const out = path.join(t.dir, 'nk.pdf');
    const cases: [string, string, RegExp][] = [
      ['2016-11-22', '2026-11-22', /Khoảng ngày quá dài: 3653 ngày, tối đa 366 ngày.*Đến ngày/],
      ['22/11/2026', '20/11/2026', /Ngày bắt đầu \(22\/11\/2026\) sau ngày kết thúc \(20\/11\/2026\).*Từ ngày/],
      ['1999-12-30', '1999-12-31', /nằm ngoài khoảng cho phép \(01\/01\/2000 – 31\/12\/2099\).*Từ ngày/],
    ];
    for (const [from, to, msg] of cases) {
      const r = trucban('--db', db, 'logbook', 'export', '--from', from, '--to', to, '--format', 'pdf', '--out', out);
      expect(r.code, `${from}..${to}: ${r.err}`).toBe(2);
      expect(r.err).toMatch(msg);
      expect(fs.existsSync(out)).toBe(false);
    }
    const en = trucban('--db', db, '--lang', 'en', 'logbook', 'export', '--from', '2016-11-22', '--to', '2026-11-22', '--format', 'pdf', '--out', out);
    expect(en.code).toBe(2);
    expect(en.err).toMatch(/The date range is too long: 3653 days, at most 366 days.*field: To/);
  });
});
