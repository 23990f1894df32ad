import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tmpDir } from '../helpers';
import { runCli } from '../helpers/cli';

const trucban = (lang: 'vi' | 'en', ...args: string[]) => runCli(args, { lang });

let t: ReturnType<typeof tmpDir>;
let db: string;
beforeAll(() => {
  t = tmpDir('trucban-cli-time-');
  db = path.join(t.dir, 'st.sqlite');
  expect(trucban('vi', '--db', db, 'init', '--station-code', '01B1', '--station-name', 'Hải quan Nội Bài').code).toBe(0);
});
afterAll(() => t.cleanup());

describe('trucban logbook add --at outside the sane window', () => {
  it('exits 2 with a translated message naming the field and bounds, and writes nothing', () => {
    const count = () => {
      const d = new Database(db, { readonly: true });
      const n = d.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
      d.close();
      return n;
    };
    const before = count();
    const vi = trucban('vi', '--db', db, 'logbook', 'add', '--kind', 'work', '--text', 'Kiểm tra', '--at', '1999-12-31T23:59+07:00');
    expect(vi.code).toBe(2);
    expect(vi.err).toMatch(/Ngày giờ nằm ngoài khoảng cho phép ở trường «Thời gian xảy ra»: từ 01\/01\/2000 00:00 đến \d\d\/\d\d\/\d{4} \d\d:\d\d/u);
    const en = trucban('en', '--db', db, 'logbook', 'add', '--kind', 'work', '--text', 'Kiểm tra', '--at', '2099-01-01T08:00+07:00');
    expect(en.code).toBe(2);
    expect(en.err).toMatch(/Date and time out of the allowed range in “Time of occurrence”: from 01\/01\/2000 00:00 to /u);
    expect(count()).toBe(before);
  });
});
