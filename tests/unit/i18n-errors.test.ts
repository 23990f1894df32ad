import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ERROR_CODES, ERROR_DOMAINS, AppError } from '../../src-shared/errors';
import { LANGS, errorMessages, fieldName, fieldNames, formatMessage, translateError } from '../../src-shared/i18n/errors';
import { validateContainer, validateVessel } from '../../src-shared/validators/identifiers';

describe('error catalog', () => {
  it.each([...ERROR_CODES])('%s has non-empty vi and en messages that differ', (code) => {
    const vi = errorMessages.vi[code];
    const en = errorMessages.en[code];
    expect(vi.trim().length).toBeGreaterThan(0);
    expect(en.trim().length).toBeGreaterThan(0);
    expect(vi).not.toBe(en);
  });

  it('declares each code in exactly one domain’s table, merged in the domains’ order', () => {
    const declared = Object.values(ERROR_DOMAINS).flatMap((table) => Object.keys(table));
    expect(new Set(declared).size).toBe(declared.length);
    expect(declared).toEqual([...ERROR_CODES]);
    expect(ERROR_CODES[0]).toBe('invalid_input');
  });

  it('has no messages for unknown codes', () => {
    for (const lang of LANGS) expect(Object.keys(errorMessages[lang]).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('Vietnamese messages are NFC and use Vietnamese letters', () => {
    for (const code of ERROR_CODES) {
      const vi = errorMessages.vi[code];
      expect(vi).toBe(vi.normalize('NFC'));
      expect(vi).toMatch(/[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i);
    }
  });

  it('has the key administrative wording', () => {
    expect(errorMessages.vi.invalid_declaration).toBe('Số tờ khai không hợp lệ');
    expect(errorMessages.vi.invalid_tax_code).toBe('Mã số thuế không hợp lệ');
    expect(formatMessage(errorMessages.vi.bad_credentials)).toBe('Sai tên đăng nhập hoặc mật khẩu');
    expect(formatMessage(errorMessages.vi.bad_credentials, { left: 2 })).toBe('Sai tên đăng nhập hoặc mật khẩu (còn 2 lần thử trước khi tài khoản bị tạm khoá)');
    expect(formatMessage(errorMessages.vi.locked_out)).toBe('Tài khoản tạm khoá do đăng nhập sai nhiều lần');
    expect(formatMessage(errorMessages.vi.db_newer_version)).toMatch(/^Cơ sở dữ liệu được ghi bởi phiên bản mới hơn của ứng dụng/);
  });

  it('placeholders are balanced and templates read well without params', () => {
    for (const lang of LANGS) {
      for (const code of ERROR_CODES) {
        const plain = formatMessage(errorMessages[lang][code]);
        expect(plain, `${lang}.${code}`).not.toMatch(/[{}[\]]/);
        expect(plain).not.toMatch(/ {2}/);
      }
    }
  });

  it('has field names in both languages for the same keys', () => {
    expect(Object.keys(fieldNames.vi).sort()).toEqual(Object.keys(fieldNames.en).sort());
    for (const k of ['container', 'declaration', 'taxCode', 'unitCode', 'occurredAt', 'arisenAt', 'receivedAt', 'reportedAt', 'text', 'login', 'password', 'from', 'to', 'kind', 'date', 'linkedEntryId']) {
      expect(fieldNames.vi[k], k).toBeTruthy();
      expect(fieldNames.en[k], k).toBeTruthy();
    }
  });
});

describe('formatMessage', () => {
  it('fills placeholders and drops optional segments without values', () => {
    expect(formatMessage('A[ {x}] B[ {y}]', { x: 1 })).toBe('A 1 B');
    expect(formatMessage('A {x}', {})).toBe('A {x}');
    expect(formatMessage('ngày {date}', { date: '2026-04-01' })).toBe('ngày 01/04/2026');
    expect(formatMessage('[{a} {b}]', { a: 'x', b: '' })).toBe('');
  });

  it('never throws (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.oneof(fc.string(), fc.integer())), (t, p) => {
        expect(typeof formatMessage(t, p)).toBe('string');
      }),
    );
  });
});

describe('translateError', () => {
  it('names the field and appends the validator reason', () => {
    expect(translateError('vi', { code: 'invalid_container', field: 'container', message: 'check digit should be 3' })).toBe(
      'Số container không hợp lệ (trường: Số container): check digit should be 3',
    );
    expect(translateError('en', { code: 'invalid_container', field: 'container', message: 'check digit should be 3' })).toBe(
      'Invalid container number (field: Container number): check digit should be 3',
    );
  });

  it('works with a validator result and an AppError', () => {
    const r = validateContainer('CSQU3054384');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const err = new AppError(r.code, r.reason, { field: 'identifiers.containers.0' });
    expect(translateError('vi', err.toData())).toBe('Số container không hợp lệ (trường: Số container): check digit should be 3');
  });

  it('fills params, formats ISO dates and omits missing optional parts', () => {
    expect(
      translateError('vi', { code: 'unknown_unit', field: 'unitCode', message: 'unknown unit 47D1 at 2026-04-01', params: { unitCode: '47D1', date: '2026-04-01' } }),
    ).toBe('Mã đơn vị hải quan 47D1 không tồn tại tại ngày 01/04/2026 (trường: Mã đơn vị hải quan)');
    expect(translateError('en', { code: 'unknown_unit', message: 'x', params: { unitCode: '47D1', date: '2026-04-01' } })).toBe(
      'Customs unit code 47D1 does not exist on 01/04/2026',
    );
    expect(translateError('vi', { code: 'unknown_unit', message: 'x' })).toBe('Mã đơn vị hải quan không tồn tại');
    expect(translateError('vi', { code: 'locked_out', message: 'locked', params: { minutes: 15 } })).toBe(
      'Tài khoản tạm khoá do đăng nhập sai nhiều lần; vui lòng thử lại sau 15 phút',
    );
  });

  it('does not append English internals for non-validation codes', () => {
    expect(translateError('vi', { code: 'internal', message: 'TypeError: x is undefined' })).toBe(errorMessages.vi.internal);
    expect(translateError('vi', { code: 'bad_credentials', field: 'login', message: 'bad credentials' })).toBe(
      'Sai tên đăng nhập hoặc mật khẩu (trường: Tên đăng nhập)',
    );
  });

  it('does not repeat a message that only restates the code', () => {
    expect(translateError('en', { code: 'invalid_tax_code', message: 'Invalid tax code' })).toBe('Invalid tax code');
    expect(translateError('vi', { code: 'invalid_date', field: 'occurredAt', message: '' })).toBe('Ngày, giờ không hợp lệ (trường: Thời gian xảy ra)');
  });

  it('names the vessel field and appends the IMO validator reason', () => {
    const r = validateVessel('IMO 9074728');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const err = new AppError(r.code, r.reason, { field: 'vessel', params: { value: 'IMO 9074728', reason: r.reason } });
    expect(translateError('vi', err.toData())).toBe('Số IMO của tàu không hợp lệ (trường: Số IMO của tàu): check digit (7th digit) should be 9');
    expect(translateError('en', err.toData())).toBe('Invalid vessel IMO number (field: Vessel IMO number): check digit (7th digit) should be 9');
    expect(fieldName('vi', 'identifiers.vessels.0')).toBe('Số IMO của tàu');
    expect(translateError('en', { code: 'invalid_vessel', field: 'vessel', message: 'expected 7 digits, got 6' })).toBe(
      'Invalid vessel IMO number (field: Vessel IMO number): expected 7 digits, got 6',
    );
  });

  it('prefers params.reason and keeps unknown field names as given', () => {
    expect(translateError('vi', { code: 'invalid_declaration', field: 'foo', message: 'm', params: { reason: 'expected 12 digits, got 11' } })).toBe(
      'Số tờ khai không hợp lệ (trường: foo): expected 12 digits, got 11',
    );
    expect(fieldName('vi', 'details.reportedAt')).toBe('Thời gian báo cáo');
    expect(fieldName('en', 'identifiers.taxCodes.3')).toBe('Tax code');
  });

  it('gives a non-empty message for every code in both languages (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ERROR_CODES), fc.constantFrom(...LANGS), fc.option(fc.constantFrom(...Object.keys(fieldNames.vi)), { nil: undefined }), fc.string(), (code, lang, field, message) => {
        const out = translateError(lang, { code, field, message });
        expect(out.length).toBeGreaterThan(0);
        expect(out.startsWith(formatMessage(errorMessages[lang][code]))).toBe(true);
      }),
    );
  });
});
