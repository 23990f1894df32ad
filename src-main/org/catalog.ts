import { z } from 'zod';
import type { DB } from '../store/db';
import type { Journal } from '../journal/journal';
import { on, projector } from '../journal/events';
import { ORG_IMPORTED_EVENT } from './events';
import type { OrgUnit } from '../../src-shared/domain/org';
import { AppError } from '../../src-shared/errors';
import { foldVi } from '../../src-shared/text/fold';
import { calendarDayVn, shiftDateOf } from '../../src-shared/time/shift';
import { parseCsv } from './csv';

export const ORG_IMPORTED = ORG_IMPORTED_EVENT.type;
export const CSV_HEADER = ['code', 'name', 'short_name', 'level', 'parent_code', 'valid_from', 'valid_to', 'predecessor_codes'] as const;

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().startsWith(s), 'not a calendar date');
const code = z.string().regex(/^[A-Z0-9]{2,16}$/, 'code must be 2–16 letters/digits');

const rowSchema = z
  .object({
    code,
    name: z.string().min(1).max(300),
    short_name: z.string().max(100),
    level: z.enum(['central', 'regional', 'office', 'team', 'hq']),
    parent_code: code.or(z.literal('')),
    valid_from: date,
    valid_to: date.or(z.literal('')),
    predecessor_codes: z.string().max(500),
  })
  .refine((r) => !r.valid_to || r.valid_to > r.valid_from, { message: 'valid_to must be after valid_from', path: ['valid_to'] });

/** Parses and validates a whole catalog CSV; throws naming the line and column of the first problem. */
export function parseCatalogCsv(text: string): OrgUnit[] {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (e) {
    throw new AppError('invalid_input', `CSV: ${(e as Error).message}`, { field: 'csv' });
  }
  const header = rows.shift()?.map((h) => h.trim().toLowerCase());
  if (!header || CSV_HEADER.some((h, i) => header[i] !== h)) {
    throw new AppError('invalid_input', `CSV header must be: ${CSV_HEADER.join(',')}`, { field: 'csv', params: { line: 1 } });
  }
  const units: OrgUnit[] = [];
  rows.forEach((cells, i) => {
    const line = i + 2;
    const obj = Object.fromEntries(CSV_HEADER.map((h, j) => [h, (cells[j] ?? '').normalize('NFC').trim()]));
    obj.code = obj.code!.toUpperCase();
    obj.parent_code = obj.parent_code!.toUpperCase();
    const r = rowSchema.safeParse(obj);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new AppError('invalid_input', `CSV line ${line}, column ${String(issue.path[0] ?? '?')}: ${issue.message}`, {
        field: 'csv',
        params: { line, column: String(issue.path[0] ?? '?') },
      });
    }
    const d = r.data;
    units.push({
      code: d.code,
      name: d.name,
      shortName: d.short_name || d.name,
      level: d.level,
      parentCode: d.parent_code || null,
      validFrom: d.valid_from,
      validTo: d.valid_to || null,
      predecessorCodes: d.predecessor_codes
        .split(/[;\s]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    });
  });
  // overlapping validity for the same code would make lookups ambiguous
  const byCode = new Map<string, OrgUnit[]>();
  for (const u of units) byCode.set(u.code, [...(byCode.get(u.code) ?? []), u]);
  for (const [c, list] of byCode) {
    list.sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!;
      if (prev.validTo === null || prev.validTo > list[i]!.validFrom) {
        throw new AppError('invalid_input', `CSV: unit ${c} has overlapping validity periods`, { field: 'csv', params: { code: c } });
      }
    }
  }
  return units;
}

export function orgProjector(db: DB) {
  const del = db.prepare('DELETE FROM org_units');
  const ins = db.prepare(
    'INSERT INTO org_units (code, valid_from, valid_to, name, short_name, level, parent_code, predecessors, folded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return projector(
    on(ORG_IMPORTED_EVENT, (p) => {
      del.run();
      for (const u of p.units) {
        ins.run(u.code, u.validFrom, u.validTo, u.name, u.shortName, u.level, u.parentCode, JSON.stringify(u.predecessorCodes), foldVi(`${u.code} ${u.name} ${u.shortName}`));
      }
    }),
  );
}

interface UnitRow {
  code: string;
  valid_from: string;
  valid_to: string | null;
  name: string;
  short_name: string;
  level: string;
  parent_code: string | null;
  predecessors: string;
}
const toUnit = (r: UnitRow): OrgUnit => ({
  code: r.code,
  name: r.name,
  shortName: r.short_name,
  level: r.level,
  parentCode: r.parent_code,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  predecessorCodes: JSON.parse(r.predecessors) as string[],
});

/** The time-versioned organisation catalog (docs/regulation.md §1): codes and names are data, never constants. */
export class OrgCatalog {
  private readonly byCodeAt;
  private readonly successorAt;
  constructor(
    private readonly db: DB,
    private readonly journal: Journal,
  ) {
    this.byCodeAt = db.prepare('SELECT * FROM org_units WHERE code = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) LIMIT 1');
    this.successorAt = db.prepare(
      `SELECT u.* FROM org_units u, json_each(u.predecessors) p
        WHERE p.value = ? AND u.valid_from <= ? AND (u.valid_to IS NULL OR u.valid_to > ?) LIMIT 1`,
    );
  }

  importCsv(text: string, actor: string, source = 'csv'): number {
    return this.importUnits(parseCatalogCsv(text), actor, source);
  }

  /** Imports units already parsed by parseCatalogCsv (the app parses in a worker thread). */
  importUnits(units: OrgUnit[], actor: string, source = 'csv'): number {
    if (units.length === 0) throw new AppError('invalid_input', 'CSV has no units', { field: 'csv' });
    this.journal.append({ type: ORG_IMPORTED, actor, payload: { source, units } });
    return units.length;
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM org_units').pluck().get() as number;
  }

  /** The unit with this code as it was on `at` (YYYY-MM-DD), or the unit that replaced that code. */
  lookup(code: string, at: string): OrgUnit | null {
    const c = code.trim().toUpperCase();
    const direct = this.byCodeAt.get(c, at, at) as UnitRow | undefined;
    if (direct) return toUnit(direct);
    // an old code used after it was retired: follow the old → new mapping
    const successor = this.successorAt.get(c, at, at) as UnitRow | undefined;
    return successor ? toUnit(successor) : null;
  }

  list(at: string, query?: string): OrgUnit[] {
    const q = query ? `%${foldVi(query)}%` : null;
    const rows = this.db
      .prepare(
        `SELECT * FROM org_units WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) ${q ? 'AND folded LIKE ?' : ''} ORDER BY level, code`,
      )
      .all(...(q ? [at, at, q] : [at, at])) as UnitRow[];
    return rows.map(toUnit);
  }

  /** All versions, for export and the admin view. */
  all(): OrgUnit[] {
    return (this.db.prepare('SELECT * FROM org_units ORDER BY code, valid_from').all() as UnitRow[]).map(toUnit);
  }

  assertUnit(code: string, atMs: number, field: string): void {
    const at = shiftDateOf(atMs);
    // the calendar date in Vietnam, not the shift date, decides validity
    const day = calendarDayVn(atMs);
    if (!this.lookup(code, day) && !this.lookup(code, at)) {
      throw new AppError('unknown_unit', `customs unit ${code} does not exist on ${day}`, { field, params: { unitCode: code, date: day } });
    }
  }
}
