/** Error codes of the incidents:, directions: and requests: channels (the handling rules of Đ8 and Đ9). */
import type { ErrorText } from '../errors';

export const incidentsErrors = {
  // Điều 9.2: the acknowledgement clock may be shortened, never lengthened beyond 30 minutes
  ack_over_regulation: {
    vi: 'Điều 9.2 Quy chế trực ban (Quyết định 888/QĐ-TCHQ) quy định phản hồi chậm nhất 30 phút: thời hạn chỉ được rút ngắn, không được kéo dài',
    en: 'Article 9.2 of the duty-watch rules (Decision 888/QĐ-TCHQ) sets the acknowledgement at 30 minutes at most: the clock may be shortened, never lengthened',
  },
  illegal_transition: {
    vi: 'Thao tác không hợp lệ ở bước hiện tại của vụ việc[: không thể {actionVi}][ khi vụ việc đang ở trạng thái “{stateVi}”]',
    en: 'Not allowed at the incident’s current step[: cannot {actionEn}][ while the incident is “{stateEn}”]',
  },
  approval_required: {
    vi: 'Chưa đủ phê duyệt theo quy định[: còn thiếu {missingVi}][; chưa thể {actionVi}]',
    en: 'The required approvals are not all given[: missing {missingEn}][; cannot {actionEn} yet]',
  },
  case_required: {
    vi: 'Vụ việc chưa được phân loại trường hợp xử lý (Điều 8.2); hãy phân loại trước khi đề xuất',
    en: 'The incident has no handling case (Article 8.2) yet; classify it before proposing',
  },
  reason_required: {
    vi: 'Từ chối phê duyệt phải nêu rõ lý do',
    en: 'A rejection must give its reason',
  },
  scan_required: {
    vi: 'Ý kiến phê duyệt trên văn bản giấy phải đính kèm bản chụp (scan) văn bản',
    en: 'An approval given on paper must carry the scan of the paper as an attachment',
  },
  late_cause_required: {
    vi: 'Kết quả báo cáo chậm so với thời hạn[ ({due})] phải nêu rõ nguyên nhân và người chịu trách nhiệm (Điều 9.3)',
    en: 'A result reported after its due time[ ({due})] must give the cause and the person responsible (Article 9.3)',
  },
  self_approval: {
    vi: 'Người đã đề xuất không thể tự phê duyệt đề xuất của mình; lãnh đạo ca trực khác phải quyết định',
    en: 'Whoever proposed cannot approve their own proposal; another shift leader must decide',
  },
} satisfies Record<string, ErrorText>;
