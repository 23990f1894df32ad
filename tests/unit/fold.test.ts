import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { foldVi, lowerNfc, nfc, searchTokens } from '../../src-shared/text/fold';

describe('nfc', () => {
  it('normalises to NFC and trims', () => {
    const decomposed = 'Đồng Đăng'.normalize('NFD');
    expect(decomposed).not.toBe('Đồng Đăng');
    expect(nfc(`  ${decomposed}\n`)).toBe('Đồng Đăng');
  });
});

describe('foldVi', () => {
  it.each([
    ['Đồng Đăng', 'dong dang'],
    ['luồng đỏ', 'luong do'],
    ['Hải quan cửa khẩu', 'hai quan cua khau'],
    ['  NHẬT   KÝ\tTRỰC\nBAN ', 'nhat ky truc ban'],
    ['Chi cục Hải quan khu vực XX', 'chi cuc hai quan khu vuc xx'],
    ['Quảng Ninh – Móng Cái', 'quang ninh – mong cai'],
    ['', ''],
  ])('folds %j → %j', (input, expected) => {
    expect(foldVi(input)).toBe(expected);
  });

  it('folds NFD input the same as NFC input', () => {
    const s = 'Giám sát trực tuyến, Điều tra chống buôn lậu';
    expect(foldVi(s.normalize('NFD'))).toBe(foldVi(s));
    expect(foldVi(s)).toBe('giam sat truc tuyen, dieu tra chong buon lau');
  });

  it('folds every Vietnamese vowel with every tone', () => {
    const vowels = 'aăâeêioôơuưy';
    const tones = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
    for (const v of vowels) {
      for (const t of tones) {
        const ch = (v + t).normalize('NFC');
        expect(foldVi(ch)).toMatch(/^[aeiouy]$/);
        expect(foldVi(ch.toUpperCase())).toBe(foldVi(ch));
      }
    }
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const once = foldVi(s);
        expect(foldVi(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent on Vietnamese-looking text (property)', () => {
    const viChar = fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬĐÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ  \t'.split(''));
    fc.assert(
      fc.property(fc.array(viChar, { maxLength: 30 }), (chars) => {
        const s = chars.join('');
        const once = foldVi(s);
        expect(foldVi(once)).toBe(once);
        expect(once).toMatch(/^[a-z ]*$/);
        expect(once).toBe(once.trim());
        expect(once).not.toMatch(/ {2}/);
      }),
    );
  });

  it('output has no combining marks, no đ and no upper case (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        const f = foldVi(s);
        expect(f.normalize('NFD')).not.toMatch(/[\u0300-\u036f]/);
        expect(f).not.toMatch(/[đĐ]/);
        expect(f).toBe(f.normalize('NFC'));
        expect(f).toBe(f.toLowerCase());
      }),
    );
  });
});

describe('searchTokens', () => {
  it('splits folded text on non-letters and non-digits', () => {
    expect(searchTokens('Tờ khai 10123/NK — Đồng Đăng')).toEqual(['to', 'khai', '10123', 'nk', 'dong', 'dang']);
    expect(searchTokens('container CSQU3054383, luồng đỏ!')).toEqual(['container', 'csqu3054383', 'luong', 'do']);
  });

  it('gives no empty tokens', () => {
    expect(searchTokens('')).toEqual([]);
    expect(searchTokens(' -- ,,, ')).toEqual([]);
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        for (const t of searchTokens(s)) expect(t.length).toBeGreaterThan(0);
      }),
    );
  });

  it('matches a folded query against folded text', () => {
    const text = searchTokens('Xe tải qua cửa khẩu Hữu Nghị, Đồng Đăng, Lạng Sơn');
    for (const q of searchTokens('dong dang')) expect(text).toContain(q);
    for (const q of searchTokens('ĐỒNG ĐĂNG')) expect(text).toContain(q);
  });
});

describe('lowerNfc', () => {
  it('lower-cases and keeps diacritics', () => {
    expect(lowerNfc(' ĐỒNG Đăng ')).toBe('đồng đăng');
    expect(lowerNfc('Đồng Đăng'.normalize('NFD'))).toBe('đồng đăng');
    expect(lowerNfc('Đồng')).not.toBe(lowerNfc('Dong'));
  });
});
