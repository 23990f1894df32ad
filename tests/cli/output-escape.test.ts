/**
 * An entry text cannot drive the administrator's terminal: the real `trucban` bin runs as a
 * child process, and what it prints holds no raw ESC, BEL, C1 or bidi control — they appear
 * as visible `\uXXXX` escapes — while `--json` output stays valid JSON with the exact text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { tmpDir } from '../helpers';
import { terminalSafe } from '../../src-main/cli/print';
import { trucban } from '../helpers/cli';

/** OSC "set window title", clear screen, C1 CSI, a right-to-left override. */
const TEXT = 'Xe rời bãi \u001b]0;x\u0007 cổng B \u001b[2J xong \u009b31m đỏ \u202Egnal';
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

let t: ReturnType<typeof tmpDir>;
let db: string;
beforeAll(() => {
  t = tmpDir('trucban-cli-esc-');
  db = path.join(t.dir, 'st.sqlite');
  const r = trucban('--db', db, 'init', '--station-code', '01B1', '--station-name', 'Hải quan cửa khẩu Hữu Nghị');
  expect(r.code, r.err).toBe(0);
});
afterAll(() => t.cleanup());

describe('trucban output escaping', () => {
  it('terminalSafe writes each control as \\uXXXX and keeps tabs, newlines and Vietnamese', () => {
    expect(terminalSafe('a\u001b[2Jb\u0007\u0000\r')).toBe('a\\u001b[2Jb\\u0007\\u0000\\u000d');
    expect(terminalSafe('a\u009bb\u202ec\u2066d\u007f')).toBe('a\\u009bb\\u202ec\\u2066d\\u007f');
    expect(terminalSafe('Đồng Đăng\tdòng 1\ndòng 2')).toBe('Đồng Đăng\tdòng 1\ndòng 2');
  });

  it('logbook add prints the entry line with every control escaped', () => {
    const r = trucban('--db', db, 'logbook', 'add', '--kind', 'incident', '--text', TEXT, '--at', '2026-11-22T14:03+07:00');
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toMatch(RAW);
    expect(r.out).toContain('\\u001b]0;x\\u0007');
    expect(r.out).toContain('\\u001b[2J');
    expect(r.out).toContain('\\u009b31m');
    expect(r.out).toContain('\\u202egnal');
  });

  it('logbook search prints escaped lines too', () => {
    const r = trucban('--db', db, 'logbook', 'search', 'cong B');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Xe rời bãi');
    expect(r.out).not.toMatch(RAW);
    expect(r.out).toContain('\\u001b[2J');
  });

  it('--json stays valid JSON with the exact stored text, and nothing raw reaches the terminal', () => {
    for (const args of [['logbook', 'search', 'cong B', '--json'], ['call', 'logbook:list', '{"limit":5}', '--as', 'admin']]) {
      const r = trucban('--db', db, ...args);
      expect(r.code, r.err).toBe(0);
      expect(r.out).not.toMatch(RAW);
      const v = JSON.parse(r.out) as { text: string }[] | { entries: { text: string }[] };
      const texts = (Array.isArray(v) ? v : v.entries).map((e) => e.text);
      expect(texts).toContain(TEXT);
    }
  });

  it('error messages that echo input are escaped', () => {
    const r = trucban('--db', db, 'logbook', 'add', '--kind', 'x\u001b[2J', '--text', 'a');
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(RAW);
    expect(r.err).toContain('\\u001b[2J');
  });
});
