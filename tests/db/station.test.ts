import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../src-main/app/core';
import { parseCatalogCsv } from '../../src-main/org/catalog';
import { buildExportData } from '../../src-main/logbook/export';
import type { AppError } from '../../src-shared/errors';
import type { FakeClock } from '../helpers';
import { freshStation } from '../helpers';

let core!: Core;
let clock!: FakeClock;
freshStation((s) => ({ core, clock } = s), 's.sqlite');

const HEADER = 'code,name,short_name,level,parent_code,valid_from,valid_to,predecessor_codes';

describe('organisation catalog', () => {
  it('ships the 12 central units and the 20 regional branches, effective 15/03/2025', () => {
    const units = core.org.list('2025-03-15');
    expect(units.filter((u) => u.level === 'central')).toHaveLength(12);
    const regional = units.filter((u) => u.level === 'regional');
    expect(regional).toHaveLength(20);
    expect(regional.map((u) => u.name)).toContain('Chi cục Hải quan khu vực XX');
    expect(core.org.list('2025-03-14').filter((u) => u.level === 'regional')).toHaveLength(0);
  });

  it('imports all rows or none, naming the line and column of the first bad row', () => {
    const before = core.org.count();
    const seq = core.journal.head.seq;
    const bad = `${HEADER}\nAB01,Đơn vị A,A,office,,2025-01-01,,\nAB02,Đơn vị B,B,office,,2025-02-30,,\n`;
    let err: AppError | null = null;
    try {
      core.org.importCsv(bad, 'admin');
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.code).toBe('invalid_input');
    expect(err?.message).toMatch(/line 3, column valid_from/);
    expect(core.org.count()).toBe(before);
    expect(core.journal.head.seq).toBe(seq);
    expect(() => parseCatalogCsv('code,name\nX,Y\n')).toThrow(/header/);
    expect(() => parseCatalogCsv(`${HEADER}\nAB01,A,A,office,,2025-01-01,,\nAB01,A2,A2,office,,2025-06-01,,\n`)).toThrow(/overlapping/);
  });

  it('parses quoted fields, a BOM and CRLF; time-aware lookups follow old → new codes', () => {
    const csv = `\uFEFF${HEADER}\r\nOLD1,"Hải quan ""cũ"", Lạng Sơn",Cũ,office,,2024-01-01,2025-07-01,\r\nNEW1,Hải quan mới,Mới,office,,2025-07-01,,OLD1\r\n`;
    expect(core.org.importCsv(csv, 'admin')).toBe(2);
    expect(core.org.lookup('OLD1', '2024-06-01')?.name).toBe('Hải quan "cũ", Lạng Sơn');
    expect(core.org.lookup('OLD1', '2025-08-01')?.code).toBe('NEW1');
    expect(core.org.lookup('NEW1', '2024-06-01')).toBeNull();
    expect(core.org.list('2025-08-01', 'hai quan moi').map((u) => u.code)).toEqual(['NEW1']);
  });
});

describe('shifts, rosters, rota', () => {
  it('derives the current shift from the clock and reports office hours', () => {
    clock.t = Date.UTC(2026, 10, 23, 0, 59); // Mon 23/11/2026 07:59 in Vietnam → shift of 22/11
    let s = core.shifts.current();
    expect(s.shiftDate).toBe('2026-11-22');
    expect(s.officeHours).toBe(false);
    clock.t = Date.UTC(2026, 10, 23, 2, 30); // 09:30 Monday
    s = core.shifts.current();
    expect(s.shiftDate).toBe('2026-11-23');
    expect(s.officeHours).toBe(true);
    core.station.update({ officeHours: { ranges: [{ from: 600, to: 660 }], weekdays: [1] } }, 'admin');
    expect(core.shifts.current().officeHours).toBe(false);
  });

  it('keeps a roster per shift with team, location and availability, and refuses two shift leaders', () => {
    const m = (fullName: string, position: 'shift_leader' | 'surveillance_officer', availability: 'on_duty' | 'isolated' | 'remote' = 'on_duty') => ({
      userId: null, fullName, position, team: 'A' as const, location: 'Điểm B', availability,
    });
    const r = core.shifts.setRoster('2026-11-22', [m('Nguyễn Văn Hùng', 'shift_leader'), m('Phạm Văn Đức', 'surveillance_officer', 'isolated')], 'lead');
    expect(r.members.map((x) => x.availability)).toEqual(['on_duty', 'isolated']);
    expect(r.updatedBy).toBe('lead');
    expect(core.shifts.roster('2026-11-23').members).toEqual([]);
    expect(() => core.shifts.setRoster('2026-11-22', [m('A', 'shift_leader'), m('B', 'shift_leader')], 'lead')).toThrow(/one shift leader/);
  });

  it('keeps the rota by weekday', () => {
    core.shifts.setRota([{ weekday: 1, unitCodes: ['00C7'] }, { weekday: 7, unitCodes: ['00C8', '00C1'] }], 'lead');
    expect(core.shifts.rota().days).toEqual([{ weekday: 1, unitCodes: ['00C7'] }, { weekday: 7, unitCodes: ['00C8', '00C1'] }]);
    expect(() => core.shifts.setRota([{ weekday: 1, unitCodes: [] }, { weekday: 1, unitCodes: [] }], 'lead')).toThrow(/twice/);
  });
});

describe('attachments', () => {
  it('stores content-addressed by sha256 beside the database, once, and references them from entries', () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const a = core.attachments.put(png, 'ảnh chụp camera 12.png', 'image/png');
    const b = core.attachments.put(png, 'bản sao.png', 'image/png');
    expect(a.sha256).toBe(b.sha256);
    const file = core.attachments.pathOf(a.sha256);
    expect(file.startsWith(`${core.dbPath}.attachments${path.sep}`)).toBe(true);
    expect(fs.readFileSync(file).equals(png)).toBe(true);
    const e = core.logbook.add({ kind: 'incident', text: 'Ảnh chụp', attachments: [a.sha256] }, 'officer');
    expect(e.attachments).toEqual([{ sha256: a.sha256, size: png.length, mime: 'image/png', name: 'ảnh chụp camera 12.png' }]);
    expect(() => core.logbook.add({ kind: 'note', text: 'x', attachments: ['0'.repeat(64)] }, 'officer')).toThrow(/not stored/);
    fs.writeFileSync(file, 'hỏng');
    expect(() => core.attachments.read(a.sha256)).toThrow(/corrupted/);
  });
});

describe('printed logbook rows (Phụ lục I)', () => {
  it('puts an incident, its direction and its result on one row; work and notes on their own; duty team on the first row', () => {
    const base = Date.UTC(2026, 10, 22, 2, 0); // 09:00 in Vietnam
    core.shifts.setRoster('2026-11-22', [{ userId: null, fullName: 'Nguyễn Văn Hùng', position: 'shift_leader', team: 'A', location: '', availability: 'on_duty' }], 'lead');
    core.logbook.add({ kind: 'work', text: 'Giám sát camera cửa khẩu', occurredAt: base }, 'officer');
    const inc = core.logbook.add({ kind: 'incident', text: 'Xe rời bãi', occurredAt: base + 60_000, details: { place: 'Bãi kiểm hóa', unitCode: '15E1' }, identifiers: { containers: ['CSQU3054383'], vessels: ['imo 9074729'] } }, 'officer');
    const dir = core.logbook.add({ kind: 'direction', text: 'Dừng xe', occurredAt: base + 120_000, details: { form: 'phone', recipientUnitCode: '15E1' }, linkedEntryId: inc.id }, 'room');
    core.logbook.add({ kind: 'result', text: 'Đã dừng', occurredAt: base + 600_000, linkedEntryId: dir.id }, 'officer');
    core.logbook.add({ kind: 'note', text: 'Đường truyền chập chờn', occurredAt: base + 700_000 }, 'officer');
    core.logbook.amend({ entryId: inc.id, reason: 'Bổ sung', text: 'Xe đầu kéo rời bãi' }, 'room');
    const data = buildExportData(core.logbook.range('2026-11-22', '2026-11-22'), (d) => core.shifts.roster(d), core.org, core.station.get()!, '2026-11-22', '2026-11-22', clock.now());
    expect(data.rows.map((r) => r.stt)).toEqual(['01', '02', '03']);
    expect(data.rows[0]!.dutyTeam).toEqual(['Lãnh đạo ca trực: Nguyễn Văn Hùng']);
    expect(data.rows[1]!.dutyTeam).toEqual([]);
    expect(data.rows[0]!.work[0]).toBe('Giám sát camera cửa khẩu');
    const row = data.rows[1]!;
    expect(row.incident.join('\n')).toMatch(/Thời gian phát sinh: 09:01 22\/11\/2026[\s\S]*Bãi kiểm hóa — Hải quan cửa khẩu quốc tế Hữu Nghị \(15E1\)[\s\S]*Thông tin liên quan: Container CSQU3054383; Tàu IMO9074729[\s\S]*Nội dung: Xe đầu kéo rời bãi/);
    expect(row.direction.join('\n')).toMatch(/Hình thức: Điện thoại[\s\S]*Nội dung: Dừng xe/);
    expect(row.result.join('\n')).toMatch(/Kết quả: Đã dừng/);
    expect(row.note.join('\n')).toMatch(/Đã đính chính 1 lần/);
    expect(data.rows[2]!.note).toEqual(['Đường truyền chập chờn']);
    expect(data.rows.every((r) => r.date === '22/11/2026')).toBe(true);
  });
});
