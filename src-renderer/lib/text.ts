/** Split a comma/semicolon/newline separated list, trimming and dropping blanks. */
export function splitList(s: string): string[] {
  return s
    .split(/[,;\n]+/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

export function joinList(xs: readonly string[] | undefined): string {
  return (xs ?? []).join(', ');
}

export function excerpt(s: string, max = 80): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

/**
 * The form field an error from main refers to. Main names fields as the input schema does
 * ('identifiers.containers.0', 'details.place', 'admin.password') or by the identifier kind
 * ('container'); the last non-numeric segment, singular or plural, picks the field.
 */
export function errorFieldKey(field: string | undefined): string | null {
  if (!field) return null;
  const segs = field.split(/[.[\]/]+/).filter((s) => s.length > 0 && !/^\d+$/.test(s));
  const last = segs[segs.length - 1];
  if (!last) return null;
  const plural: Record<string, string> = {
    container: 'containers',
    declaration: 'declarations',
    taxCode: 'taxCodes',
    plate: 'plates',
    billOfLading: 'billsOfLading',
    vessel: 'vessels',
  };
  return plural[last] ?? last;
}
