/**
 * prefillForm: the default fields of Phụ lục II–V from an incident, its direction and a
 * received request (shapes of src-shared/domain/incidents.ts), then the PDF of the prefilled
 * form read back with pdftotext.
 */
import { describe, expect, it } from 'vitest';
import { parseReference, prefillForm } from '../../../src-main/documents/prefill';
import type { PrefillSource } from '../../../src-main/documents/prefill';
import { renderFormPdf } from '../../../src-main/documents/forms';
import { ANNEX_II_PREAMBLE, ANNEX_V_SUBJECT, missingForIssue } from '../../../src-shared/domain/forms';
import type { Approval, ClockView, Direction, InboundRequest } from '../../../src-shared/domain/incidents';
import { readPdf } from './read-back';
import { vn } from './form-fixtures';

const clockView = (startedAt: number, dueAt: number, doneAt: number | null): ClockView => ({
  kind: 'ack',
  startedAt,
  dueAt,
  doneAt,
  state: doneAt === null ? 'running' : doneAt <= dueAt ? 'met' : 'late',
  remainingMs: dueAt - (doneAt ?? startedAt),
  clockJumped: false,
  escalations: [],
});

const station = { code: 'HQ01', name: 'Cục Hải quan', kind: 'hq' as const, place: 'Hà Nội', parentBody: 'Bộ Tài chính' };
const units: Record<string, string> = { '15B1': 'Hải quan cửa khẩu Hữu Nghị', KV06: 'Chi cục Hải quan khu vực VI' };

const dgApproval: Approval = {
  level: 'director_general',
  decision: 'approved',
  by: 'dg',
  byName: 'Nguyễn Văn Cẩn, Cục trưởng',
  at: vn(2026, 1, 5, 15, 20),
  how: 'phone',
  note: 'Giao Chi cục Hải quan khu vực VI thực hiện ngay',
  attachments: [],
  recordedBy: 'lead',
  recordedAt: vn(2026, 1, 5, 15, 25),
};

const incident: NonNullable<PrefillSource['incident']> = {
  id: 'inc-1',
  entryId: 'e-1',
  state: 'approved',
  source: 'snapshot',
  cases: ['2.3.c3'],
  immediate: null,
  arisenAt: vn(2026, 1, 5, 14, 3),
  receivedAt: vn(2026, 1, 5, 14, 10),
  place: { unitCode: '15B1', siteName: 'Cửa khẩu Hữu Nghị', zone: 'Bãi kiểm tra', text: 'Cổng B' },
  description: 'Xe đầu kéo kéo container rời bãi khi tờ khai chưa được thông quan.',
  identifiers: { containers: ['CSQU3054383'], declarations: ['103456789020'], taxCodes: ['0101234567'], plates: ['12C12345'], billsOfLading: [], vessels: ['IMO9074729'] },
  attachments: [],
  raisedBy: 'officer',
  raisedByName: 'Phạm Văn Đức',
  raisedAt: vn(2026, 1, 5, 14, 11),
  missingApprovals: [],
  directions: [],
  overdue: false,
  nextDueAt: null,
  version: 3,
  closedAt: null,
  approvals: [dgApproval],
  proposal: { verification: 'Có dấu hiệu khai sai tên hàng.', proposal: 'Dừng đưa hàng ra khỏi địa bàn, kiểm tra lại.', by: 'lead', at: vn(2026, 1, 5, 14, 40) },
};

const direction: Direction = {
  id: 'dir-1',
  incidentId: 'inc-1',
  entryId: 'e-2',
  recipientUnitCode: 'KV06',
  recipientPerson: 'đầu mối trực ban',
  form: 'fax',
  content: 'Đề nghị dừng phương tiện, kiểm tra thực tế hàng hóa.',
  focalPoint: 'Đ/c Trần Thị Lan, điện thoại 024.3944.0833',
  issuedAt: vn(2026, 1, 5, 14, 30),
  issuedBy: 'lead',
  recordedAt: vn(2026, 1, 5, 14, 31),
  resultDueAt: vn(2026, 1, 5, 16, 0),
  ack: null,
  result: null,
  ackClock: clockView(vn(2026, 1, 5, 14, 31), vn(2026, 1, 5, 15, 1), null),
  resultClock: clockView(vn(2026, 1, 5, 14, 31), vn(2026, 1, 5, 16, 0), null),
};

const request: InboundRequest = {
  id: 'req-1',
  entryId: 'e-9',
  fromUnitCode: null,
  fromText: 'Trực ban cơ quan Cục Hải quan',
  reference: 'Fax số 07/TB-TrB ngày 05/01/2026',
  content: 'Xác minh, dừng xe 12C-123.45, kiểm tra container CSQU3054383.',
  receivedAt: vn(2026, 1, 5, 14, 40),
  recordedAt: vn(2026, 1, 5, 14, 41),
  resultDueAt: vn(2026, 1, 5, 16, 0),
  answer: { handler: 'Đ/c Hoàng Minh Tuấn', expectedAt: vn(2026, 1, 5, 16, 30), at: vn(2026, 1, 5, 14, 55), recordedBy: 'room', recordedAt: vn(2026, 1, 5, 14, 56) },
  result: {
    at: vn(2026, 1, 5, 16, 40),
    text: 'Đã lập biên bản vi phạm.',
    late: true,
    lateCause: 'Phương tiện đã rời cửa khẩu',
    responsible: 'Đ/c Hoàng Minh Tuấn',
    recordedBy: 'room',
    recordedAt: vn(2026, 1, 5, 16, 45),
    timeline: [{ at: vn(2026, 1, 5, 15, 10), text: 'Dừng phương tiện tại Km 12' }],
    proposals: '',
    focalPoint: 'Đ/c Hoàng Minh Tuấn, 0912.345.678',
  },
  ackClock: clockView(vn(2026, 1, 5, 14, 41), vn(2026, 1, 5, 15, 11), vn(2026, 1, 5, 14, 56)),
  resultClock: clockView(vn(2026, 1, 5, 14, 41), vn(2026, 1, 5, 16, 0), vn(2026, 1, 5, 16, 45)),
};

const src: PrefillSource = {
  station,
  incident,
  direction,
  request,
  signer: { name: 'Nguyễn Văn Hùng', position: 'Phó Cục trưởng' },
  unitName: (code) => units[code] ?? null,
};

describe('prefillForm', () => {
  it('II: addressee, requested content, deadlines and focal point from the direction and incident', async () => {
    const f = prefillForm('II', src).fields;
    expect(f.header).toEqual({ parentBody: 'Bộ Tài chính', issuingUnit: 'TRỰC BAN', place: 'Hà Nội', unitAbbr: 'TrB' });
    expect(f.addressee).toBe('Chi cục Hải quan khu vực VI – đầu mối trực ban');
    expect(f.subject).toBe('phối hợp xử lý vụ việc phát sinh tại Cổng B, Bãi kiểm tra, Cửa khẩu Hữu Nghị (Hải quan cửa khẩu Hữu Nghị)');
    expect(f.preamble).toBe(ANNEX_II_PREAMBLE);
    expect(f.requestedContent.split('\n')).toEqual([
      'Đề nghị dừng phương tiện, kiểm tra thực tế hàng hóa.',
      'Lúc 14 giờ 03 phút, ngày 05/01/2026, tại Cổng B, Bãi kiểm tra, Cửa khẩu Hữu Nghị (Hải quan cửa khẩu Hữu Nghị): Xe đầu kéo kéo container rời bãi khi tờ khai chưa được thông quan.',
      'Thông tin liên quan: tờ khai số 103456789020; container CSQU3054383; mã số thuế 0101234567; biển số 12C12345; tàu IMO9074729.',
    ]);
    expect(f.timeRequirement).toBe(
      'Trong vòng 30 phút kể từ khi nhận điện, báo cáo người xử lý và thời gian dự kiến hoàn thành; báo cáo kết quả trước 16 giờ 00 phút, ngày 05/01/2026.',
    );
    expect(f.dueAt).toBe(direction.resultDueAt);
    expect(f.focalPoint).toBe(direction.focalPoint);
    expect(f.signer).toEqual({ title: 'PHỤ TRÁCH TRỰC BAN', position: 'Phó Cục trưởng', name: 'Nguyễn Văn Hùng' });
    expect(f.recipients).toEqual(['Văn phòng Tổng cục', 'Cục nghiệp vụ (để theo dõi)']);
    expect(missingForIssue({ annex: 'II', fields: f })).toEqual([]);

    const pdf = readPdf(await renderFormPdf({ form: { annex: 'II', fields: f }, symbol: 'TB-TrB', number: 3, issuedAt: direction.issuedAt }), 'prefill-2.pdf');
    expect(pdf.flat).toContain('Kính gửi: Chi cục Hải quan khu vực VI – đầu mối trực ban.');
    expect(pdf.squashed).toContain('tờkhaisố103456789020;containerCSQU3054383');
  });

  it('III: times, place, persons involved, analysis, proposal and the Director General’s recorded decision', () => {
    const f = prefillForm('III', src).fields;
    expect([f.arisenAt, f.receivedAt]).toEqual([incident.arisenAt, incident.receivedAt]);
    expect(f.place).toBe('Cổng B, Bãi kiểm tra, Cửa khẩu Hữu Nghị (Hải quan cửa khẩu Hữu Nghị)');
    expect(f.involved).toBe('Hải quan cửa khẩu Hữu Nghị; doanh nghiệp MST 0101234567');
    expect(f.analysis).toBe('Có dấu hiệu khai sai tên hàng.');
    expect(f.proposal).toBe('Dừng đưa hàng ra khỏi địa bàn, kiểm tra lại.');
    expect(f.dgOpinion).toEqual({
      text: 'Đồng ý. Giao Chi cục Hải quan khu vực VI thực hiện ngay',
      decidedBy: 'Nguyễn Văn Cẩn',
      decidedByTitle: 'Cục trưởng',
      decidedAt: dgApproval.at,
    });
    expect(prefillForm('III', { ...src, incident: { ...incident, approvals: [] } }).fields.dgOpinion).toBeNull();
  });

  it('IV: reference, timeline (received, answered, steps) and the late result with cause and responsibility', () => {
    const f = prefillForm('IV', src).fields;
    expect(f.header).toEqual({ parentBody: 'Bộ Tài chính', issuingUnit: 'Cục Hải quan', place: 'Hà Nội', unitAbbr: 'HQ01' });
    expect(f.reference).toEqual({ kind: 'fax', number: '07/TB-TrB', date: Date.UTC(2026, 0, 5, 5, 0), issuer: 'Trực ban cơ quan Cục Hải quan' });
    expect(f.timeline.map((x) => x.at)).toEqual([vn(2026, 1, 5, 14, 40), vn(2026, 1, 5, 14, 55), vn(2026, 1, 5, 15, 10)]);
    expect(f.timeline[1]?.text).toBe('Báo trực ban người xử lý (Đ/c Hoàng Minh Tuấn), dự kiến hoàn thành lúc 16 giờ 30 phút, ngày 05/01/2026');
    expect([f.result, f.finishedAt, f.dueAt, f.lateCause, f.lateResponsible]).toEqual([
      'Đã lập biên bản vi phạm.',
      vn(2026, 1, 5, 16, 40),
      vn(2026, 1, 5, 16, 0),
      'Phương tiện đã rời cửa khẩu',
      'Đ/c Hoàng Minh Tuấn',
    ]);
    expect(f.signer.title).toBe('LÃNH ĐẠO ĐƠN VỊ');
    expect(missingForIssue({ annex: 'IV', fields: f })).toEqual([]);
    expect(missingForIssue({ annex: 'IV', fields: { ...f, lateCause: '' } })).toEqual(['fields.lateCause']);
  });

  it('V: the online-surveillance subject and the anti-smuggling sentence; empty but valid without sources', () => {
    const f = prefillForm('V', src).fields;
    expect(f.subject).toBe(ANNEX_V_SUBJECT);
    expect(f.preamble).toContain('Cục Điều tra chống buôn lậu yêu cầu đơn vị phối hợp');
    const bare = prefillForm('V', { station }).fields;
    expect(bare.addressee).toBe('');
    expect(bare.timeRequirement).toMatch(/^Trong vòng 30 phút/u);
    expect(missingForIssue({ annex: 'V', fields: bare })).toEqual(['fields.signer.name', 'fields.addressee', 'fields.requestedContent', 'fields.focalPoint']);
  });

  it('reads the number and date out of a reference as written', () => {
    expect(parseReference('Fax số 12/TB-TrB ngày 5/3/2026')).toEqual({ number: '12/TB-TrB', date: Date.UTC(2026, 2, 5, 5, 0) });
    expect(parseReference('Công văn 345/HQHN-NV')).toEqual({ number: '345/HQHN-NV', date: null });
  });
});
