import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  containerCheckDigit,
  declarationCheckDigit,
  imoCheckDigit,
  isUnitCodeShape,
  normalizeBillOfLading,
  normalizePlate,
  taxCodeCheckDigit,
  validateContainer,
  validateDeclaration,
  validateTaxCode,
  validateVessel,
  type ValidationResult,
} from '../../src-shared/validators/identifiers';

function reasonOf(r: ValidationResult): string {
  if (r.ok) throw new Error(`expected a failure, got ${r.value}`);
  return r.reason;
}

describe('validateContainer (ISO 6346)', () => {
  // CSQU3054383 is the textbook example (docs/regulation.md §8). Hand-checked:
  //   MSKU9070323: M24 S30 K21 U32 9 0 7 0 3 2 → 24+60+84+256+144+0+448+0+768+1024 = 2808; 2808 mod 11 = 3.
  //   MSCU1234566: M24 S30 C13 U32 1 2 3 4 5 6 → 24+60+52+256+16+64+192+512+1280+3072 = 5528; 5528 mod 11 = 6.
  //   CSQU3054383: C13 S30 Q28 U32 3 0 5 4 3 8 → 13+60+112+256+48+0+320+512+768+4096 = 6185; 6185 mod 11 = 3.
  it.each(['CSQU3054383', 'MSKU9070323', 'MSCU1234566', 'TOLU4734787', 'BMOU2146470', 'TGHU1234567'])(
    'accepts %s',
    (c) => {
      expect(validateContainer(c)).toEqual({ ok: true, value: c });
    },
  );

  it('accepts categories J and Z', () => {
    const j = `ABCJ123456${containerCheckDigit('ABCJ123456')}`;
    const z = `ABCZ123456${containerCheckDigit('ABCZ123456')}`;
    expect(validateContainer(j).ok).toBe(true);
    expect(validateContainer(z).ok).toBe(true);
  });

  it('maps a remainder of 10 to check digit 0', () => {
    // C13 S30 Q28 U32 1 0 0 3 3 3 → 13+60+112+256+16+0+0+384+768+1536 = 3145; 3145 mod 11 = 10 → 0.
    expect(containerCheckDigit('CSQU100333')).toBe(0);
    expect(validateContainer('CSQU1003330').ok).toBe(true);
  });

  it('normalises case, spaces and hyphens', () => {
    expect(validateContainer(' csqu 305438-3 ')).toEqual({ ok: true, value: 'CSQU3054383' });
    expect(validateContainer('CSQU 305438 3')).toEqual({ ok: true, value: 'CSQU3054383' });
    expect(validateContainer('CSQU-305438-3')).toEqual({ ok: true, value: 'CSQU3054383' });
  });

  it('rejects a wrong check digit and says which one is expected', () => {
    const r = validateContainer('CSQU3054384');
    expect(r).toEqual({ ok: false, code: 'invalid_container', reason: 'check digit should be 3' });
  });

  it('rejects wrong lengths', () => {
    expect(validateContainer('CSQU305438').ok).toBe(false);
    expect(validateContainer('CSQU30543830').ok).toBe(false);
    expect(reasonOf(validateContainer('CSQU305438'))).toMatch(/11 characters/);
    expect(reasonOf(validateContainer(''))).toMatch(/empty/);
    expect(reasonOf(validateContainer('   '))).toMatch(/empty/);
  });

  it('rejects a wrong category letter', () => {
    expect(reasonOf(validateContainer('CSQX3054383'))).toMatch(/category must be U, J or Z/);
  });

  it('rejects digits in the owner code and letters in the serial or check digit', () => {
    expect(reasonOf(validateContainer('C5QU3054383'))).toMatch(/owner code/);
    expect(reasonOf(validateContainer('CSQU30A4383'))).toMatch(/serial/);
    expect(reasonOf(validateContainer('CSQU305438X'))).toMatch(/check digit must be a digit/);
    expect(validateContainer('CSQU3054383é').ok).toBe(false);
  });

  it('accepts every owner + U + 6 digits with its computed check digit, and rejects every other digit (property)', () => {
    const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
    const owner = fc.tuple(letter, letter, letter).map((t) => t.join(''));
    const serial = fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0'));
    const category = fc.constantFrom('U', 'J', 'Z');
    fc.assert(
      fc.property(owner, category, serial, (o, c, s) => {
        const first10 = o + c + s;
        const check = containerCheckDigit(first10);
        expect(check).toBeGreaterThanOrEqual(0);
        expect(check).toBeLessThanOrEqual(9);
        expect(validateContainer(first10 + check)).toEqual({ ok: true, value: first10 + check });
        expect(validateContainer((first10 + check).toLowerCase()).ok).toBe(true);
        for (let d = 0; d <= 9; d++) {
          if (d === check) continue;
          const r = validateContainer(first10 + d);
          expect(r.ok).toBe(false);
          expect(reasonOf(r)).toBe(`check digit should be ${check}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every category letter other than U, J, Z (property)', () => {
    const bad = fc.constantFrom(...'ABCDEFGHIKLMNOPQRSTVWXY'.split(''));
    fc.assert(
      fc.property(bad, (c) => {
        expect(validateContainer(`CSQ${c}3054383`).ok).toBe(false);
      }),
    );
  });
});

describe('validateTaxCode', () => {
  // Hand-checked with weights 31,29,23,19,17,13,7,5,3:
  //   0100109106: 0+29+0+0+17+0+63+5+0 = 114; 114 mod 11 = 4; 10 − 4 = 6.
  //   0300588569: 0+87+0+0+85+104+56+25+18 = 375; 375 mod 11 = 1; 10 − 1 = 9.
  it.each(['0100109106', '0300588569', '0101248141', '0100100079', '0304475742', '0309532909'])('accepts %s', (c) => {
    expect(validateTaxCode(c)).toEqual({ ok: true, value: c });
  });

  it('rejects a wrong check digit', () => {
    expect(validateTaxCode('0100109107')).toEqual({ ok: false, code: 'invalid_tax_code', reason: 'check digit should be 6' });
    expect(validateTaxCode('0300588560').ok).toBe(false);
  });

  it('rejects codes whose check computation gives 10 (Σ mod 11 = 0)', () => {
    // 1 0 0 0 0 0 0 0 8: 31 + 8·3 = 55 ≡ 0 (mod 11) → 10 − 0 = 10: no valid check digit.
    expect(taxCodeCheckDigit('100000008')).toBeNull();
    for (let d = 0; d <= 9; d++) expect(validateTaxCode(`100000008${d}`).ok).toBe(false);
    expect(reasonOf(validateTaxCode('1000000080'))).toMatch(/no valid check digit/);
  });

  it('gives check digit 0 when Σ mod 11 = 10', () => {
    // 0 1 0 2 1 0 0 7 4: 29+38+17+35+12 = 131; 131 mod 11 = 10 → 0.
    expect(taxCodeCheckDigit('010210074')).toBe(0);
    expect(validateTaxCode('0102100740').ok).toBe(true);
  });

  it('accepts 13-digit branch codes and normalises them to the dashed form', () => {
    expect(validateTaxCode('0100109106-001')).toEqual({ ok: true, value: '0100109106-001' });
    expect(validateTaxCode('0100109106001')).toEqual({ ok: true, value: '0100109106-001' });
    expect(validateTaxCode(' 0100109106 - 999 ')).toEqual({ ok: true, value: '0100109106-999' });
  });

  it('rejects branch codes with a bad base or suffix 000', () => {
    expect(validateTaxCode('0100109107-001').ok).toBe(false);
    expect(reasonOf(validateTaxCode('0100109106-000'))).toMatch(/001–999/);
    expect(validateTaxCode('0100109106-01').ok).toBe(false);
    expect(validateTaxCode('0100109106--001').ok).toBe(false);
  });

  it('accepts 12-digit personal ID numbers with province code 001–096', () => {
    expect(validateTaxCode('001095012345')).toEqual({ ok: true, value: '001095012345' });
    expect(validateTaxCode('079203001234').ok).toBe(true);
    expect(validateTaxCode('096100000000').ok).toBe(true);
    expect(reasonOf(validateTaxCode('000095012345'))).toMatch(/province code/);
    expect(reasonOf(validateTaxCode('097095012345'))).toMatch(/province code/);
    expect(validateTaxCode('999095012345').ok).toBe(false);
  });

  it('normalises spaces', () => {
    expect(validateTaxCode(' 0100 109 106 ')).toEqual({ ok: true, value: '0100109106' });
  });

  it('rejects wrong lengths and letters', () => {
    for (const bad of ['', '010010910', '01001091066', '01001091061234', '01001O9106', 'MST0100109106', '0100109106-0A1']) {
      const r = validateTaxCode(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.code).toBe('invalid_tax_code');
    }
    expect(reasonOf(validateTaxCode('01001O9106'))).toMatch(/digits only/);
    expect(reasonOf(validateTaxCode('010010910'))).toMatch(/got 9 digits/);
  });

  it('accepts exactly one check digit for any 9 leading digits, or none (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (n) => {
        const first9 = String(n).padStart(9, '0');
        const valid = [...Array(10).keys()].filter((d) => validateTaxCode(first9 + d).ok);
        const expected = taxCodeCheckDigit(first9);
        expect(valid).toEqual(expected === null ? [] : [expected]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('validateDeclaration (VNACCS)', () => {
  // 10 | 12345678 | 2 | 0 — 12345678 mod 7 = 2 (7 × 1763668 = 12345676).
  it.each(['101234567820', '305678901200', '105555555561', '999999999919'])('accepts %s', (d) => {
    expect(validateDeclaration(d)).toEqual({ ok: true, value: d });
  });

  it('computes the check digit from digits 3–10', () => {
    expect(declarationCheckDigit('1012345678')).toBe(2);
    expect(declarationCheckDigit('3056789012')).toBe(0);
    expect(declarationCheckDigit('1055555555')).toBe(55_555_555 % 7);
  });

  it('normalises spaces, dots and dashes', () => {
    expect(validateDeclaration(' 10 1234 5678 2 0 ')).toEqual({ ok: true, value: '101234567820' });
    expect(validateDeclaration('10.12345678.2.0')).toEqual({ ok: true, value: '101234567820' });
    expect(validateDeclaration('10-12345678-20')).toEqual({ ok: true, value: '101234567820' });
  });

  it('rejects a wrong check digit', () => {
    expect(validateDeclaration('101234567830')).toEqual({
      ok: false,
      code: 'invalid_declaration',
      reason: 'check digit (11th digit) should be 2',
    });
  });

  it('rejects wrong lengths, letters and a leading zero', () => {
    expect(reasonOf(validateDeclaration('10123456782'))).toMatch(/12 digits, got 11/);
    expect(reasonOf(validateDeclaration('1012345678201'))).toMatch(/12 digits, got 13/);
    expect(reasonOf(validateDeclaration('10123456782A'))).toMatch(/digits only/);
    expect(reasonOf(validateDeclaration('001234567820'))).toMatch(/must not start with 0/);
    expect(reasonOf(validateDeclaration(''))).toMatch(/empty/);
  });

  it('accepts every amendment counter 0–9 and exactly one check digit (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 99 }), fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 9 }), (type, seq, amend) => {
        const first10 = `${type}${String(seq).padStart(8, '0')}`;
        const check = seq % 7;
        expect(validateDeclaration(`${first10}${check}${amend}`).ok).toBe(true);
        for (let d = 0; d <= 9; d++) if (d !== check) expect(validateDeclaration(`${first10}${d}${amend}`).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('validateVessel (IMO ship identification number)', () => {
  // Hand-checked: (d1·7 + d2·6 + d3·5 + d4·4 + d5·3 + d6·2) mod 10 = d7.
  //   9074729: 63+0+35+16+21+4 = 139 → 9.   9176187: 63+6+35+24+3+16 = 147 → 7.
  //   9321483: 63+18+10+4+12+16 = 123 → 3.
  it.each(['IMO9074729', 'IMO9176187', 'IMO9321483'])('accepts %s', (v) => {
    expect(validateVessel(v)).toEqual({ ok: true, value: v });
  });

  it('computes the check digit from digits 1–6', () => {
    expect(imoCheckDigit('907472')).toBe(9);
    expect(imoCheckDigit('917618')).toBe(7);
    expect(imoCheckDigit('000000')).toBe(0);
    expect(() => imoCheckDigit('90747')).toThrow(RangeError);
  });

  it('accepts the prefix in any case, with or without a space, or no prefix, and normalises to IMO + 7 digits', () => {
    for (const raw of ['9074729', 'IMO 9074729', 'imo9074729', 'Imo 9074729', '  iMO  9074729 ', 'IMO\t9074729']) {
      expect(validateVessel(raw), raw).toEqual({ ok: true, value: 'IMO9074729' });
    }
  });

  it('rejects a wrong check digit and says which one is expected', () => {
    expect(validateVessel('IMO 9074728')).toEqual({ ok: false, code: 'invalid_vessel', reason: 'check digit (7th digit) should be 9' });
    expect(validateVessel('9074720')).toEqual({ ok: false, code: 'invalid_vessel', reason: 'check digit (7th digit) should be 9' });
  });

  it('rejects wrong lengths', () => {
    expect(reasonOf(validateVessel('IMO907472'))).toBe('expected 7 digits, got 6');
    expect(reasonOf(validateVessel('90747290'))).toBe('expected 7 digits, got 8');
    expect(reasonOf(validateVessel(''))).toMatch(/empty/);
    expect(reasonOf(validateVessel(' IMO '))).toMatch(/empty/);
  });

  it('rejects letters in the number and any prefix other than IMO', () => {
    expect(reasonOf(validateVessel('IMO90747A9'))).toMatch(/7 digits only/);
    expect(reasonOf(validateVessel('IMO 9O74729'))).toMatch(/7 digits only/);
    expect(reasonOf(validateVessel('9074729X'))).toMatch(/7 digits only/);
    expect(reasonOf(validateVessel('MMSI 9074729'))).toBe('expected 7 digits, optionally after the prefix "IMO", not "MMSI"');
    expect(reasonOf(validateVessel('IMO-9074729'))).toMatch(/not "IMO-"/);
    expect(validateVessel('IM9074729').ok).toBe(false);
    for (const bad of ['IMO90747A9', 'MMSI 9074729', 'IMO907472']) expect(validateVessel(bad)).toMatchObject({ ok: false, code: 'invalid_vessel' });
  });

  it('accepts exactly one check digit for any 6 leading digits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.boolean(), (n, withPrefix) => {
        const first6 = String(n).padStart(6, '0');
        const check = imoCheckDigit(first6);
        expect(validateVessel(`${withPrefix ? 'imo ' : ''}${first6}${check}`)).toEqual({ ok: true, value: `IMO${first6}${check}` });
        for (let d = 0; d <= 9; d++) if (d !== check) expect(validateVessel(`${first6}${d}`).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('free-text identifiers', () => {
  it('normalizePlate upper-cases, removes spaces and keeps dashes and dots', () => {
    expect(normalizePlate(' 12c - 123.45 ')).toBe('12C-123.45');
    expect(normalizePlate('29LD 012.34')).toBe('29LD012.34');
    expect(normalizePlate('đ')).toBe('Đ');
  });

  it('normalizeBillOfLading upper-cases and removes spaces', () => {
    expect(normalizeBillOfLading(' medu 1234 5678 ')).toBe('MEDU12345678');
    expect(normalizeBillOfLading('hlcu\tham123')).toBe('HLCUHAM123');
  });

  it('isUnitCodeShape', () => {
    for (const ok of ['01B1', ' 47d3 ', 'QA', 'ABCDEFGHIJKLMNOP']) expect(isUnitCodeShape(ok), ok).toBe(true);
    for (const bad of ['', 'A', '01 B1', '01-B1', 'ABCDEFGHIJKLMNOPQ', 'Đ1']) expect(isUnitCodeShape(bad), bad).toBe(false);
  });
});
