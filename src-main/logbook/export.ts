import type { LogbookEntry, LogbookExportData, LogbookExportRow } from '../../src-shared/domain/logbook';
import type { Roster, Station } from '../../src-shared/domain/org';
import { calendarDayVn, formatDateTime, formatShiftDate, shiftDatesBetween } from '../../src-shared/time/shift';
import type { OrgCatalog } from '../org/catalog';

const FORM_VI = { phone: 'Điện thoại', fax: 'Fax', document: 'Văn bản', email: 'Email' } as const;
const POSITION_VI = {
  shift_leader: 'Lãnh đạo ca trực',
  room_leader: 'Lãnh đạo cấp phòng',
  office_officer: 'Công chức Văn phòng',
  surveillance_officer: 'Công chức giám sát',
} as const;

function unitLabel(org: OrgCatalog, code: string | undefined, atMs: number): string | null {
  if (!code) return null;
  const day = calendarDayVn(atMs);
  const u = org.lookup(code, day);
  return u ? `${u.name} (${code})` : code;
}

function related(e: LogbookEntry): string | null {
  const i = e.identifiers;
  const parts: string[] = [];
  if (i.declarations.length) parts.push(`Tờ khai số ${i.declarations.join(', ')}`);
  if (i.containers.length) parts.push(`Container ${i.containers.join(', ')}`);
  if (i.taxCodes.length) parts.push(`MST ${i.taxCodes.join(', ')}`);
  if (i.billsOfLading.length) parts.push(`Vận đơn ${i.billsOfLading.join(', ')}`);
  if (i.plates.length) parts.push(`Biển số ${i.plates.join(', ')}`);
  if (i.vessels.length) parts.push(`Tàu ${i.vessels.join(', ')}`);
  return parts.length ? `Thông tin liên quan: ${parts.join('; ')}` : null;
}

const compact = (xs: (string | null | undefined | false)[]): string[] => xs.filter((x): x is string => typeof x === 'string' && x.length > 0);

/** The lines an entry prints in its Phụ lục I column (the form's notes 1–4). */
export function entryLines(e: LogbookEntry, org: OrgCatalog): string[] {
  const d = e.details;
  switch (e.kind) {
    case 'work':
      return compact([e.text, d.place && `Địa bàn: ${d.place}`, unitLabel(org, d.unitCode, e.occurredAt)]);
    case 'incident':
      return compact([
        `Thời gian phát sinh: ${formatDateTime(d.arisenAt ?? e.occurredAt)}`,
        d.receivedAt !== undefined && `Thời gian tiếp nhận: ${formatDateTime(d.receivedAt)}`,
        (d.place || d.unitCode) && `Địa điểm: ${compact([d.place, unitLabel(org, d.unitCode, e.occurredAt)]).join(' — ')}`,
        related(e),
        `Nội dung: ${e.text}`,
      ]);
    case 'direction':
      return compact([
        `Thời gian xử lý: ${formatDateTime(e.occurredAt)}`,
        d.form && `Hình thức: ${FORM_VI[d.form]}`,
        `Nội dung: ${e.text}`,
        (d.recipient || d.recipientUnitCode) &&
          `Đầu mối tiếp nhận: ${compact([d.recipient, unitLabel(org, d.recipientUnitCode, e.occurredAt)]).join(' — ')}`,
      ]);
    case 'result':
      return compact([
        `Kết quả: ${e.text}`,
        `Thời gian báo cáo: ${formatDateTime(d.reportedAt ?? e.occurredAt)}`,
        (d.reportingUnit || d.reportingUnitCode) &&
          `Đơn vị báo cáo: ${compact([d.reportingUnit, unitLabel(org, d.reportingUnitCode, e.occurredAt)]).join(' — ')}`,
      ]);
    case 'note':
      return [e.text];
  }
}

const amendNote = (e: LogbookEntry) =>
  e.version > 0 && e.amendedAt !== null ? `Đã đính chính ${e.version} lần, lần cuối ${formatDateTime(e.amendedAt)}` : null;

/**
 * Builds the printed logbook: one row per matter. An incident row carries the directions that
 * link to it and their results; work and notes stand on their own rows; a direction or result
 * whose incident lies outside the range stands alone. Rows keep logbook order (shift, STT).
 */
export function buildExportData(
  entries: LogbookEntry[],
  rosters: (shiftDate: string) => Roster,
  org: OrgCatalog,
  station: Station,
  from: string,
  to: string,
  issuedAt: number,
): LogbookExportData {
  const byShift = new Map<string, LogbookEntry[]>();
  for (const e of entries) byShift.set(e.shiftDate, [...(byShift.get(e.shiftDate) ?? []), e]);
  const rows: LogbookExportRow[] = [];
  let n = 0;
  for (const day of shiftDatesBetween(from, to)) {
    const list = byShift.get(day);
    if (!list) continue;
    const roster = rosters(day);
    const team = roster.members.map((m) => `${POSITION_VI[m.position]}: ${m.fullName}`);
    const placed = new Set<string>();
    const childrenOf = (id: string, kind: 'direction' | 'result') => list.filter((c) => c.linkedEntryId === id && c.kind === kind);
    let first = true;
    for (const e of list) {
      if (placed.has(e.id)) continue;
      const row: LogbookExportRow = {
        stt: String(++n).padStart(2, '0'),
        date: formatShiftDate(day),
        dutyTeam: first ? team : [],
        work: [],
        incident: [],
        direction: [],
        result: [],
        note: [],
      };
      first = false;
      const put = (x: LogbookEntry) => {
        placed.add(x.id);
        const lines = entryLines(x, org);
        const col = x.kind === 'work' ? row.work : x.kind === 'note' ? row.note : row[x.kind];
        if (col.length) col.push('');
        col.push(...lines);
        const a = amendNote(x);
        if (a) row.note.push(a);
      };
      put(e);
      if (e.kind === 'incident') {
        for (const d of childrenOf(e.id, 'direction')) {
          put(d);
          for (const r of childrenOf(d.id, 'result')) put(r);
        }
      } else if (e.kind === 'direction') {
        for (const r of childrenOf(e.id, 'result')) put(r);
      }
      rows.push(row);
    }
  }
  return {
    parentBody: station.parentBody.toUpperCase(),
    issuingUnit: 'TRỰC BAN',
    place: station.place,
    issuedAt,
    fromShift: from,
    toShift: to,
    rows,
  };
}
