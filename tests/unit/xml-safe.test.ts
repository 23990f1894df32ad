import { describe, expect, it } from 'vitest';
import { isXmlChars, xmlSafe, xmlSafeDeep } from '../../src-shared/text/xml-safe';

describe('xmlSafe', () => {
  it('removes every C0 control except tab, LF and CR, DEL and the C1 controls', () => {
    for (let c = 0; c <= 0x9f; c++) {
      const ch = String.fromCharCode(c);
      const keep = c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c < 0x7f);
      expect(xmlSafe(`a${ch}b`), `U+${c.toString(16)}`).toBe(keep ? `a${ch}b` : 'ab');
    }
  });

  it('removes the non-characters of every plane and U+FDD0–U+FDEF', () => {
    for (let p = 0; p <= 16; p++) {
      for (const low of [0xfffe, 0xffff]) expect(xmlSafe(`x${String.fromCodePoint(p * 0x10000 + low)}y`)).toBe('xy');
    }
    expect(xmlSafe('x\uFDD0\uFDEFy')).toBe('xy');
  });

  it('replaces lone surrogates with U+FFFD and keeps pairs', () => {
    expect(xmlSafe('a\uD83Db')).toBe('a\uFFFDb');
    expect(xmlSafe('a\uDE00b')).toBe('a\uFFFDb');
    expect(xmlSafe('ảnh 😀 ở cổng')).toBe('ảnh 😀 ở cổng');
  });

  it('keeps Vietnamese text, punctuation and markup characters (escaping is the writer’s job)', () => {
    const s = 'Xe 12C-123.45 rời bãi <cổng B> & "container" CSQU3054383\tlúc 14:03\r\n';
    expect(xmlSafe(s)).toBe(s);
  });

  it('always yields XML 1.0 characters (every BMP code unit and a sample of astral ones)', () => {
    let all = '';
    for (let c = 0; c <= 0xffff; c++) all += String.fromCharCode(c);
    for (let c = 0x10000; c <= 0x10ffff; c += 0xfff) all += String.fromCodePoint(c);
    expect(isXmlChars(all)).toBe(false);
    expect(isXmlChars(xmlSafe(all))).toBe(true);
  });

  it('xmlSafeDeep cleans nested strings and leaves numbers, null and booleans', () => {
    const v = { a: 'x\u0001', b: [1, 'y\u001b', { c: null, d: true, e: '\uFFFF' }] };
    expect(xmlSafeDeep(v)).toEqual({ a: 'x', b: [1, 'y', { c: null, d: true, e: '' }] });
    expect(v.a).toBe('x\u0001');
  });
});
