/**
 * RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF); a leading BOM is ignored.
 *
 * Formula injection: a spreadsheet opening our CSV runs a cell that starts with `=`, `+`,
 * `-` or `@` (and, in some, tab or CR) as a formula. Every text cell we write that starts with
 * one of these gets a single quote in front and is quoted (`'=HYPERLINK(…)`, `'+84 912…`), which
 * spreadsheets show as text. The rule is reversible, so our own import reads back exactly what
 * was exported: on import, one leading `'` is removed from a cell that is one or more `'`
 * followed by such a character (so a value that itself began with `'=` was written `''=` and
 * comes back unchanged). Numbers (camera numbers, flags) are written as numbers.
 */

/** Text cells a spreadsheet would evaluate, including those already carrying our quote. */
const FORMULA_START = /^'*[=+\-@\t\r]/u;
/** A cell as written by `neutraliseCell`: one quote more than the value had. */
const NEUTRALISED = /^'+[=+\-@\t\r]/u;

/** The cell as it must be written so no spreadsheet evaluates it. */
export function neutraliseCell(v: string): string {
  return FORMULA_START.test(v) ? `'${v}` : v;
}

/** The inverse of `neutraliseCell`, applied to every field on import. */
export function restoreCell(v: string): string {
  return NEUTRALISED.test(v) ? v.slice(1) : v;
}

export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(restoreCell(field));
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(restoreCell(field));
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  if (quoted) throw new Error('unterminated quoted field');
  row.push(restoreCell(field));
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

function cell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const s = neutraliseCell(v);
  return s !== v || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: (string | number | null)[][]): string {
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
