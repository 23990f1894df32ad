/**
 * A realistic incident and the four forms it leads to (Phụ lục II–V), shared by the form
 * tests and scripts/render-forms.ts (the PNGs in docs/images/).
 *
 * 05/01/2026, Lạng Sơn: the online-surveillance room sees a truck leave the inspection yard
 * of Hữu Nghị border gate before clearance; the duty watch asks the border post to check it
 * (II), the shift leader proposes stopping a cleared consignment (III, with the decision of
 * the Director General), the border post reports the result, late (IV), and the anti-smuggling
 * department asks for focus surveillance of the cameras (V).
 */
import {
  ANNEX_II_PREAMBLE,
  ANNEX_III_PREAMBLE,
  ANNEX_IV_ADDRESSEE,
  ANNEX_IV_REFERENCE_ISSUER,
  ANNEX_V_PREAMBLE,
  ANNEX_V_SUBJECT,
} from '../../../src-shared/domain/forms';
import type { AnnexIIFields, AnnexIIIFields, AnnexIVFields, AnnexVFields, FormData } from '../../../src-shared/domain/forms';

/** Vietnam local time → epoch ms (UTC+7). */
export const vn = (y: number, mo: number, d: number, h: number, mi: number): number => Date.UTC(y, mo - 1, d, h - 7, mi);

export const HQ_HEADER = { parentBody: 'Cục Hải quan', issuingUnit: 'Trực ban', place: 'Hà Nội', unitAbbr: 'TrB' };

export const annexII: AnnexIIFields = {
  header: HQ_HEADER,
  subject: 'phối hợp kiểm tra xe container rời bãi khi chưa thông quan',
  addressee: 'Chi cục Hải quan khu vực VI (đầu mối trực ban)',
  preamble: ANNEX_II_PREAMBLE,
  requestedContent:
    'Qua giám sát trực tuyến camera số 12 (cổng B bãi kiểm tra hàng hóa cửa khẩu Hữu Nghị), lúc 14 giờ 03 phút ngày 05/01/2026 xe đầu kéo biển số 12C-123.45 kéo container CSQU3054383 rời bãi khi tờ khai số 103456789020 chưa được thông quan.\nĐề nghị đơn vị xác minh, dừng phương tiện, kiểm tra thực tế hàng hóa và cung cấp hình ảnh, dữ liệu liên quan.',
  timeRequirement: 'Báo cáo người xử lý và thời gian dự kiến trong vòng 30 phút; báo cáo kết quả trước 16 giờ 00 phút, ngày 05/01/2026.',
  dueAt: vn(2026, 1, 5, 16, 0),
  replyForm: 'Điện thoại, sau đó gửi văn bản qua fax và thư điện tử.',
  focalPoint: 'Đ/c Trần Thị Lan, Phòng Tổng hợp – bộ phận trực ban, điện thoại 024.3944.0833.',
  recipients: ['Văn phòng Tổng cục', 'Cục nghiệp vụ (để theo dõi)'],
  archive: 'Trực ban',
  signer: { title: 'PHỤ TRÁCH TRỰC BAN', position: 'Phó Cục trưởng', name: 'Nguyễn Văn Hùng' },
};

export const annexIII: AnnexIIIFields = {
  header: HQ_HEADER,
  preamble: ANNEX_III_PREAMBLE,
  arisenAt: vn(2026, 1, 5, 14, 3),
  receivedAt: vn(2026, 1, 5, 14, 10),
  place: 'Bãi kiểm tra hàng hóa cửa khẩu Hữu Nghị, tỉnh Lạng Sơn',
  involved: 'Công ty TNHH Thương mại Đồng Đăng (MST 0101234567); lái xe Lê Văn Tám',
  content:
    'Lô hàng linh kiện điện tử thuộc tờ khai số 103456789020 (luồng vàng) đã được thông quan; hình ảnh máy soi container CSQU3054383 có dấu hiệu hàng hóa không phù hợp khai báo.',
  analysis: 'Có dấu hiệu khai sai tên hàng, số lượng nhằm trốn thuế; hàng đang trên đường về kho tại Bắc Ninh.',
  proposal: 'Đề nghị dừng đưa hàng ra khỏi địa bàn, giao Chi cục Hải quan khu vực VI phối hợp Đội Kiểm soát kiểm tra lại lô hàng.',
  recipients: ['Tổng cục trưởng'],
  archive: 'Trực ban',
  signer: { title: 'PHỤ TRÁCH TRỰC BAN', position: 'Phó Cục trưởng', name: 'Nguyễn Văn Hùng' },
  dgOpinion: {
    text: 'Đồng ý đề xuất. Giao Chi cục Hải quan khu vực VI thực hiện ngay, báo cáo kết quả trong ngày.',
    decidedBy: 'Nguyễn Văn Cẩn',
    decidedByTitle: 'Cục trưởng',
    decidedAt: vn(2026, 1, 5, 15, 20),
  },
};

export const annexIV: AnnexIVFields = {
  header: { parentBody: 'Chi cục Hải quan khu vực VI', issuingUnit: 'Hải quan cửa khẩu\nHữu Nghị', place: 'Lạng Sơn', unitAbbr: 'HQHN' },
  addressee: ANNEX_IV_ADDRESSEE,
  reference: { kind: 'fax', number: '07/TB-TrB', date: vn(2026, 1, 5, 14, 30), issuer: ANNEX_IV_REFERENCE_ISSUER },
  handlingUnit: 'Hải quan cửa khẩu Hữu Nghị',
  requestedContent: 'Xác minh, dừng xe đầu kéo 12C-123.45 kéo container CSQU3054383, kiểm tra thực tế hàng hóa thuộc tờ khai số 103456789020.',
  timeline: [
    { at: vn(2026, 1, 5, 14, 45), text: 'Tiếp nhận điện fax, giao Đội Kiểm soát Hải quan xử lý; báo trực ban người xử lý và thời gian dự kiến' },
    { at: vn(2026, 1, 5, 15, 10), text: 'Dừng phương tiện tại Km 12 Quốc lộ 1A, đưa về bãi kiểm tra' },
    { at: vn(2026, 1, 5, 16, 40), text: 'Kiểm tra thực tế hàng hóa, lập biên bản' },
  ],
  result: 'Phát hiện 1.200 bộ linh kiện không khai báo; đã lập biên bản vi phạm hành chính số 15/BB-HC.',
  dueAt: vn(2026, 1, 5, 16, 0),
  finishedAt: vn(2026, 1, 5, 16, 40),
  lateCause: 'Phương tiện đã rời khu vực cửa khẩu 12 km, phải phối hợp Cảnh sát giao thông để dừng xe',
  lateResponsible: 'Đ/c Hoàng Minh Tuấn, Đội trưởng Đội Kiểm soát Hải quan',
  proposals: 'Đề nghị cập nhật thông tin doanh nghiệp vào hệ thống quản lý rủi ro.',
  focalPoint: 'Đ/c Hoàng Minh Tuấn, điện thoại 0912.345.678.',
  recipients: ['Văn phòng Tổng cục'],
  archive: 'VT',
  signer: { title: 'LÃNH ĐẠO ĐƠN VỊ', position: 'Đội trưởng', name: 'Vũ Thị Hoa' },
};

export const annexV: AnnexVFields = {
  header: { parentBody: 'Cục Hải quan', issuingUnit: 'Chi cục Điều tra\nchống buôn lậu', place: 'Hà Nội', unitAbbr: 'ĐTCBL' },
  subject: ANNEX_V_SUBJECT,
  addressee: 'Chi cục Hải quan khu vực VI',
  preamble: ANNEX_V_PREAMBLE,
  requestedContent:
    'Giám sát trọng điểm các camera số 10, 11, 12 khu vực bãi kiểm tra cửa khẩu Hữu Nghị; theo dõi các xe của Công ty TNHH Thương mại Đồng Đăng (MST 0101234567), container CSQU3054383.',
  timeRequirement: 'Từ 16 giờ 00 phút ngày 05/01/2026 đến 08 giờ 00 phút ngày 12/01/2026; báo cáo ngay khi phát hiện dấu hiệu bất thường.',
  dueAt: vn(2026, 1, 12, 8, 0),
  focalPoint: 'Đ/c Phạm Văn Đức, Phòng Giám sát trực tuyến, điện thoại 024.3944.0899.',
  recipients: ['Như trên (để thực hiện)'],
  archive: 'VT',
  signer: { title: 'PHỤ TRÁCH TRỰC BAN', position: 'Phó Chi cục trưởng', name: 'Đỗ Quang Minh' },
};

export const FIXTURES: Record<'II' | 'III' | 'IV' | 'V', FormData> = {
  II: { annex: 'II', fields: annexII },
  III: { annex: 'III', fields: annexIII },
  IV: { annex: 'IV', fields: annexIV },
  V: { annex: 'V', fields: annexV },
};

/** Issue times used with the fixtures (the fax goes out at 14:30). */
export const ISSUED_AT = { II: vn(2026, 1, 5, 14, 30), III: vn(2026, 1, 5, 14, 50), IV: vn(2026, 1, 5, 17, 5), V: vn(2026, 1, 5, 15, 45) } as const;
