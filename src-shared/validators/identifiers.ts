/**
 * Identifiers typed by officers (docs/regulation.md §8): validated on input with a clear reason.
 * Each validator normalises first (NFC, trim, upper-case, separators removed) and returns
 * the normalised value, or an error code plus a short English reason that the UI shows
 * after the translated message (see i18n/errors.ts).
 * Pure TypeScript: no Node, DOM or Electron.
 */

export type IdentifierErrorCode = 'invalid_container' | 'invalid_tax_code' | 'invalid_declaration' | 'invalid_vessel';

export type ValidationResult =
  | { ok: true; value: string }
  | { ok: false; code: IdentifierErrorCode; reason: string };

function fail(code: IdentifierErrorCode, reason: string): ValidationResult {
  return { ok: false, code, reason };
}

function upperNfc(s: string): string {
  return s.normalize('NFC').trim().toUpperCase();
}

// ---------------------------------------------------------------------------------------
// Container number, ISO 6346
// ---------------------------------------------------------------------------------------

/** ISO 6346 letter values: A = 10, counting up and skipping multiples of 11 (11, 22, 33). */
const CONTAINER_LETTER_VALUES: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  let v = 10;
  for (let c = 65; c <= 90; c++) {
    if (v % 11 === 0) v++;
    m.set(String.fromCharCode(c), v);
    v++;
  }
  return m;
})();

/** ISO 6346 value of one character (letters A=10 … Z=38, digits as themselves), or NaN. */
function containerCharValue(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  return CONTAINER_LETTER_VALUES.get(ch) ?? Number.NaN;
}

/**
 * The ISO 6346 check digit of the first 10 characters (owner code, category, serial):
 * Σ value·2^i mod 11, where a remainder of 10 gives 0. Expects upper-case input of length ≥ 10.
 */
export function containerCheckDigit(first10: string): number {
  if (!/^[A-Z]{4}\d{6}/.test(first10)) throw new RangeError('expected 4 letters and 6 digits');
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += containerCharValue(first10.charAt(i)) * 2 ** i;
  return (sum % 11) % 10;
}

/** Container number, ISO 6346: owner code (3 letters) + category U/J/Z + 6-digit serial + check digit. */
export function validateContainer(s: string): ValidationResult {
  const v = upperNfc(s).replace(/[\s-]+/g, '');
  const code = 'invalid_container';
  if (v.length === 0) return fail(code, 'container number is empty');
  if (v.length !== 11) return fail(code, `expected 11 characters (4 letters, 7 digits), got ${v.length}`);
  if (!/^[A-Z]{3}/.test(v)) return fail(code, 'owner code must be 3 letters A–Z');
  if (!/^[A-Z]{3}[UJZ]/.test(v)) return fail(code, `category must be U, J or Z, not "${v.charAt(3)}"`);
  if (!/^[A-Z]{4}\d{6}/.test(v)) return fail(code, 'serial number must be 6 digits');
  if (!/^\d$/.test(v.charAt(10))) return fail(code, 'check digit must be a digit');
  const expected = containerCheckDigit(v);
  if (Number(v.charAt(10)) !== expected) return fail(code, `check digit should be ${expected}`);
  return { ok: true, value: v };
}

// ---------------------------------------------------------------------------------------
// Tax code (mã số thuế) and 12-digit personal ID number
// ---------------------------------------------------------------------------------------

const TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/**
 * Check digit (10th) of a Vietnamese tax code from its first 9 digits:
 * 10 − (Σ digit·weight mod 11). Returns null when that is 10 (Σ mod 11 = 0): no valid code
 * has those 9 digits.
 */
export function taxCodeCheckDigit(first9: string): number | null {
  if (!/^\d{9}/.test(first9)) throw new RangeError('expected 9 digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9.charAt(i)) * (TAX_WEIGHTS[i] ?? 0);
  const check = 10 - (sum % 11);
  return check === 10 ? null : check;
}

function checkTaxCode10(ten: string): string | null {
  const expected = taxCodeCheckDigit(ten);
  if (expected === null) return 'no valid check digit exists for these first 9 digits';
  if (Number(ten.charAt(9)) !== expected) return `check digit should be ${expected}`;
  return null;
}

/**
 * Tax code: 10 digits (enterprise), 13 digits as `0123456789-001` or `0123456789001`
 * (branch; normalised to the dashed form, suffix 001–999), or a 12-digit personal ID number
 * (individuals from 1/7/2025; first 3 digits a province code 001–096).
 */
export function validateTaxCode(s: string): ValidationResult {
  const v = upperNfc(s).replace(/\s+/g, '');
  const code = 'invalid_tax_code';
  if (v.length === 0) return fail(code, 'tax code is empty');
  const m13 = /^(\d{10})[-–]?(\d{3})$/.exec(v);
  if (m13) {
    const [, ten = '', branch = ''] = m13;
    const err = checkTaxCode10(ten);
    if (err) return fail(code, err);
    if (branch === '000') return fail(code, 'branch suffix must be 001–999');
    return { ok: true, value: `${ten}-${branch}` };
  }
  if (/^\d{10}$/.test(v)) {
    const err = checkTaxCode10(v);
    return err ? fail(code, err) : { ok: true, value: v };
  }
  if (/^\d{12}$/.test(v)) {
    const province = Number(v.slice(0, 3));
    if (province < 1 || province > 96) return fail(code, 'personal ID number must start with a province code 001–096');
    return { ok: true, value: v };
  }
  if (/[^\d–-]/.test(v)) return fail(code, 'tax code must contain digits only (and a dash before a branch suffix)');
  return fail(code, `expected 10 digits, 10 digits + 3-digit branch suffix, or a 12-digit personal ID number; got ${v.replace(/\D/g, '').length} digits`);
}

// ---------------------------------------------------------------------------------------
// VNACCS declaration number
// ---------------------------------------------------------------------------------------

/** Check digit (11th) of a VNACCS declaration number: the number formed by digits 3–10, mod 7. */
export function declarationCheckDigit(first10: string): number {
  if (!/^\d{10}/.test(first10)) throw new RangeError('expected 10 digits');
  return Number(first10.slice(2, 10)) % 7;
}

/**
 * VNACCS declaration number: 12 digits — document type (digits 1–2, first digit not 0),
 * sequence (3–10), check digit (11) = (digits 3–10) mod 7, amendment counter (12).
 * Spaces, dots and dashes are removed.
 */
export function validateDeclaration(s: string): ValidationResult {
  const v = upperNfc(s).replace(/[\s.–-]+/g, '');
  const code = 'invalid_declaration';
  if (v.length === 0) return fail(code, 'declaration number is empty');
  if (/\D/.test(v)) return fail(code, 'declaration number must contain digits only');
  if (v.length !== 12) return fail(code, `expected 12 digits, got ${v.length}`);
  if (v.charAt(0) === '0') return fail(code, 'document type (digits 1–2) must not start with 0');
  const expected = declarationCheckDigit(v);
  if (Number(v.charAt(10)) !== expected) return fail(code, `check digit (11th digit) should be ${expected}`);
  return { ok: true, value: v };
}

// ---------------------------------------------------------------------------------------
// Vessel: IMO ship identification number
// ---------------------------------------------------------------------------------------

/** Check digit (7th) of an IMO ship number: (d1·7 + d2·6 + d3·5 + d4·4 + d5·3 + d6·2) mod 10. */
export function imoCheckDigit(first6: string): number {
  if (!/^\d{6}/.test(first6)) throw new RangeError('expected 6 digits');
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(first6.charAt(i)) * (7 - i);
  return sum % 10;
}

/**
 * Vessel, by its IMO ship identification number: an optional "IMO" prefix (any case, spaces
 * allowed) and 7 digits whose last is the check digit. Normalised to "IMO" + 7 digits,
 * e.g. "imo 9074729" → "IMO9074729".
 */
export function validateVessel(s: string): ValidationResult {
  const v = upperNfc(s).replace(/\s+/g, '');
  const code = 'invalid_vessel';
  if (v.length === 0) return fail(code, 'IMO number is empty');
  const prefix = /^[^\d]*/.exec(v)?.[0] ?? '';
  if (prefix !== '' && prefix !== 'IMO') return fail(code, `expected 7 digits, optionally after the prefix "IMO", not "${prefix}"`);
  const digits = v.slice(prefix.length);
  if (digits.length === 0) return fail(code, 'IMO number is empty');
  if (/\D/.test(digits)) return fail(code, 'IMO number must contain 7 digits only after the prefix "IMO"');
  if (digits.length !== 7) return fail(code, `expected 7 digits, got ${digits.length}`);
  const expected = imoCheckDigit(digits);
  if (Number(digits.charAt(6)) !== expected) return fail(code, `check digit (7th digit) should be ${expected}`);
  return { ok: true, value: `IMO${digits}` };
}

// ---------------------------------------------------------------------------------------
// Free-text identifiers
// ---------------------------------------------------------------------------------------

/** Vehicle plate: NFC, upper-case, spaces removed; dashes and dots kept as typed. */
export function normalizePlate(s: string): string {
  return upperNfc(s).replace(/\s+/g, '');
}

/** Bill of lading: NFC, upper-case, spaces removed. */
export function normalizeBillOfLading(s: string): string {
  return upperNfc(s).replace(/\s+/g, '');
}

/**
 * Whether `s` has the shape of a customs unit code (2–16 characters A–Z, 0–9 after trim and
 * upper-case). Whether the code exists at a date is checked by main against the catalog.
 */
export function isUnitCodeShape(s: string): boolean {
  return /^[A-Z0-9]{2,16}$/.test(upperNfc(s));
}
