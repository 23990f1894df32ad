import { AppError } from '../../src-shared/errors';
import { foldVi } from '../../src-shared/text/fold';
import { SITE_TYPES, ZONES_BY_SITE } from '../../src-shared/domain/cameras';
import type { Camera, SiteType } from '../../src-shared/domain/cameras';
import { parseCsv, toCsv } from '../org/csv';
import type { CameraInput } from './service';
import { CAMERA_FIELD_COLUMNS } from './columns';

/** Columns of the camera CSV, in order (assets/cameras/README.md). */
export const CAMERA_CSV_HEADER = [
  'number',
  'name',
  'site_type',
  'site_name',
  'zone',
  'unit_code',
  'main_url',
  'sub_url',
  'username',
  'password',
  'map_note',
  'neighbours',
  'recognition',
] as const;

/** CSV column of each CameraInput field (to name the column of a validation error). */
export const CSV_COLUMN_OF: Record<string, string> = Object.fromEntries(
  Object.entries(CAMERA_FIELD_COLUMNS).filter(([, column]) => (CAMERA_CSV_HEADER as readonly string[]).includes(column)),
);

const TRUE = new Set(['1', 'true', 'co', 'yes', 'x']);
const FALSE = new Set(['', '0', 'false', 'khong', 'no']);

const fail = (line: number, column: string, message: string): never => {
  throw new AppError('invalid_input', `CSV line ${line}, column ${column}: ${message}`, { params: { line, column } });
};

/** A zone by its id or by its Vietnamese or English label (diacritic-insensitive). */
function zoneId(siteType: SiteType, raw: string): string {
  const f = foldVi(raw);
  const z = ZONES_BY_SITE[siteType].find((x) => x.id === raw || foldVi(x.vi) === f || foldVi(x.en) === f);
  return z ? z.id : raw;
}

/**
 * Parses a camera CSV into inputs, checking the header and the shape of each cell; the
 * registry then validates units, zones, URLs, numbers and neighbours (naming line and column).
 * Empty username and password cells keep the stored credentials.
 */
export function parseCameraCsv(text: string): { line: number; input: CameraInput }[] {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (e) {
    throw new AppError('invalid_input', `CSV: ${(e as Error).message}`);
  }
  const header = rows.shift()?.map((h) => h.trim().toLowerCase());
  if (!header || CAMERA_CSV_HEADER.some((h, i) => header[i] !== h)) {
    throw new AppError('invalid_input', `CSV header must be: ${CAMERA_CSV_HEADER.join(',')}`, { params: { line: 1 } });
  }
  if (rows.length === 0) throw new AppError('invalid_input', 'CSV has no cameras');
  return rows.map((cells, i) => {
    const line = i + 2;
    const c = Object.fromEntries(CAMERA_CSV_HEADER.map((h, j) => [h, (cells[j] ?? '').normalize('NFC').trim()])) as Record<(typeof CAMERA_CSV_HEADER)[number], string>;
    if (!/^\d{1,9}$/.test(c.number) || Number(c.number) <= 0) fail(line, 'number', 'camera number must be a positive whole number');
    if (!c.name) fail(line, 'name', 'name is required');
    if (c.name.length > 200) fail(line, 'name', 'name is longer than 200 characters');
    const siteType = c.site_type.toLowerCase() as SiteType;
    if (!SITE_TYPES.includes(siteType)) fail(line, 'site_type', `site type must be one of ${SITE_TYPES.join(', ')}`);
    if (!c.site_name) fail(line, 'site_name', 'site name is required');
    if (c.site_name.length > 200) fail(line, 'site_name', 'site name is longer than 200 characters');
    if (!c.zone) fail(line, 'zone', 'zone is required');
    if (!c.unit_code) fail(line, 'unit_code', 'unit code is required');
    if (!c.main_url) fail(line, 'main_url', 'main stream URL is required');
    if (c.map_note.length > 1000) fail(line, 'map_note', 'map note is longer than 1000 characters');
    const neighbours = c.neighbours
      .split(/[;\s]+/)
      .filter(Boolean)
      .map((n) => (/^\d{1,9}$/.test(n) ? Number(n) : fail(line, 'neighbours', `${n} is not a camera number (separate numbers with ;)`)));
    const rec = foldVi(c.recognition);
    if (!TRUE.has(rec) && !FALSE.has(rec)) fail(line, 'recognition', 'expected 0/1, true/false or có/không');
    const input: CameraInput = {
      number: Number(c.number),
      name: c.name,
      siteType,
      siteName: c.site_name,
      zone: zoneId(siteType, c.zone),
      unitCode: c.unit_code,
      mainUrl: c.main_url,
      subUrl: c.sub_url || null,
      username: c.username || undefined,
      password: cells[CAMERA_CSV_HEADER.indexOf('password')] || undefined,
      mapNote: c.map_note,
      neighbours,
      recognition: TRUE.has(rec),
    };
    return { line, input };
  });
}

/** Cameras as CSV in the import format. The username and password columns are always empty. */
export function toCameraCsv(cameras: Camera[]): string {
  return toCsv([
    [...CAMERA_CSV_HEADER],
    ...cameras.map((c) => [
      c.number,
      c.name,
      c.siteType,
      c.siteName,
      c.zone,
      c.unitCode,
      c.mainUrl,
      c.subUrl ?? '',
      '', // credentials are never exported: empty cells keep the stored ones on import
      '',
      c.mapNote,
      c.neighbours.join(';'),
      c.recognition ? 1 : 0,
    ]),
  ]);
}
