/**
 * The Vietnamese lines the workflow writes: logbook entries (Phụ lục I), timeline items and
 * alerts. One place, so the logbook, the timeline and the banners say the same thing.
 */
import { formatDateTime } from '../../src-shared/time/shift';
import type { ApprovalChannel, HandlingCase, ImmediateCase, IncidentPlace } from '../../src-shared/domain/incidents';
import type { DirectionForm } from '../../src-shared/domain/logbook';
import { dispatcher, on } from '../journal/events';
import type { DispatchableEvent } from '../journal/events';
import {
  ACKNOWLEDGED_EVENT,
  AMENDED_EVENT,
  CLASSIFIED_EVENT,
  CLOSED_EVENT,
  DECIDED_EVENT,
  DG_EVENT,
  ESCALATED_EVENT,
  IMMEDIATE_EVENT,
  ISSUED_EVENT,
  PROPOSED_EVENT,
  RAISED_EVENT,
  RESULT_EVENT,
} from './events';
import type {
  AckPayload,
  ClockJumpedPayload,
  ClosedPayload,
  DecidedPayload,
  DgPayload,
  DirectionResultPayload,
  EscalatedPayload,
  ImmediatePayload,
  IssuedPayload,
  ProposedPayload,
  RequestAnsweredPayload,
  RequestRegisteredPayload,
  RequestResultPayload,
} from './events';

export const CASE_VI: Record<HandlingCase, string> = {
  '2.1': 'Đôn đốc, nhắc nhở (Điều 8.2.1)',
  '2.2': 'Yêu cầu cung cấp thông tin, tài liệu, dữ liệu (Điều 8.2.2)',
  '2.3.c1': 'Chỉ đạo Cục, Vụ nghiệp vụ (Điều 8.2.3.c.1)',
  '2.3.c2': 'Phối hợp kiểm tra hàng hóa, phương tiện chưa thông quan (Điều 8.2.3.c.2)',
  '2.3.c3': 'Kiểm tra hàng hóa, phương tiện đã thông quan (Điều 8.2.3.c.3)',
  '2.4': 'Huy động thiết bị kiểm tra giám sát di động (Điều 8.2.4)',
};

export const IMMEDIATE_VI: Record<ImmediateCase, string> = {
  a: 'hành lý của hành khách đang làm thủ tục xuất nhập cảnh (Điều 8.1.a)',
  b: 'hàng hóa vận chuyển trong khu vực giám sát không đúng quy trình (Điều 8.1.b)',
  c: 'hàng hóa có dấu hiệu vi phạm đang qua khu vực giám sát (Điều 8.1.c)',
};

const HOW_VI: Record<ApprovalChannel, string> = { app: 'trên ứng dụng', phone: 'qua điện thoại', paper: 'bằng văn bản giấy', in_person: 'trực tiếp' };
const FORM_VI: Record<DirectionForm, string> = { phone: 'điện thoại', fax: 'fax', document: 'văn bản', email: 'thư điện tử' };
const TO_VI = { room_leader: 'lãnh đạo cấp phòng trực ban', shift_leader: 'lãnh đạo ca trực' } as const;
const CLOCK_VI = { ack: 'phản hồi tiếp nhận (đầu mối, thời gian dự kiến — Điều 9.2)', result: 'báo cáo kết quả' } as const;

export function placeText(p: IncidentPlace): string {
  return [p.text, p.zone, p.siteName].filter((s): s is string => !!s).join(', ');
}

const short = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function recipientText(p: Pick<IssuedPayload, 'recipientUnitCode' | 'recipientPerson'>): string {
  return [p.recipientPerson, p.recipientUnitCode].filter(Boolean).join(' — ');
}

export const lines = {
  immediate: (p: ImmediatePayload, incident: string) =>
    `Biện pháp ngăn chặn ngay — ${IMMEDIATE_VI[p.case]}: ${p.step}. Đã thông báo: ${p.toldWhom} lúc ${formatDateTime(p.at)}. Vụ việc: ${short(incident)}. Đã báo cáo lãnh đạo ca trực.`,
  proposed: (p: ProposedPayload, incident: string) => `Lãnh đạo cấp phòng trực ban kiểm tra, đối chiếu vụ việc “${short(incident)}”: ${p.verification}. Đề xuất: ${p.proposal}`,
  decided: (p: DecidedPayload) =>
    p.decision === 'approved'
      ? `Lãnh đạo ca trực phê duyệt${p.form ? `; hình thức: ${p.form}` : ''}${p.scope ? `; phạm vi: ${p.scope}` : ''}${p.note ? `; ý kiến: ${p.note}` : ''}`
      : `Lãnh đạo ca trực không phê duyệt; lý do: ${p.note}`,
  dg: (p: DgPayload) =>
    `Tổng cục trưởng (${p.byName}) ${p.decision === 'approved' ? 'phê duyệt' : 'không phê duyệt'} ${HOW_VI[p.how]} lúc ${formatDateTime(p.at)}${p.note ? `: ${p.note}` : ''}`,
  issued: (p: IssuedPayload) =>
    `${p.content} (hình thức: ${FORM_VI[p.form]}; nơi nhận: ${recipientText(p)}; đầu mối: ${p.focalPoint}; thời hạn báo cáo kết quả: ${formatDateTime(p.resultDueAt)})`,
  acknowledged: (p: Pick<AckPayload, 'handler' | 'expectedAt' | 'at'>) =>
    `Đơn vị tiếp nhận phản hồi lúc ${formatDateTime(p.at)}: đầu mối xử lý ${p.handler}, dự kiến hoàn thành ${formatDateTime(p.expectedAt)}`,
  result: (p: Pick<DirectionResultPayload, 'text' | 'late' | 'lateCause' | 'responsible'>) =>
    p.late ? `${p.text} (báo cáo chậm; nguyên nhân: ${p.lateCause}; trách nhiệm: ${p.responsible})` : p.text,
  escalated: (p: EscalatedPayload, what: string) =>
    `Quá thời hạn ${CLOCK_VI[p.clock]} (${formatDateTime(p.dueAt)}) của ${what}: báo cáo ${TO_VI[p.to]}${p.level === 2 ? ' (lần 2)' : ''}`,
  clockJumped: (p: ClockJumpedPayload) =>
    `Đồng hồ máy tính bị thay đổi ${p.deltaMs > 0 ? 'tiến' : 'lùi'} ${Math.round(Math.abs(p.deltaMs) / 60_000)} phút (từ ${formatDateTime(p.from)} sang ${formatDateTime(p.to)}); các thời hạn đang chạy cần được kiểm tra lại`,
  closed: (p: ClosedPayload, incident: string) => `Kết thúc vụ việc “${short(incident)}”: ${p.summary}`,
  reqRegistered: (p: RequestRegisteredPayload) =>
    `Tiếp nhận yêu cầu của ${p.fromText}${p.reference ? ` (số ${p.reference})` : ''} lúc ${formatDateTime(p.receivedAt)}: ${p.content}`,
  reqAnswered: (p: RequestAnsweredPayload) =>
    `Đã thông báo lại cho đơn vị yêu cầu lúc ${formatDateTime(p.at)}: đầu mối xử lý ${p.handler}, dự kiến hoàn thành ${formatDateTime(p.expectedAt)}`,
  reqResult: (p: RequestResultPayload) => lines.result(p) + (p.proposals ? `. Đề xuất: ${p.proposals}` : ''),
};

type TimelineContext = { directionText?: (id: string) => string };
type TimelineItemText = { summary: string; reason?: string };

const timeline = dispatcher<(ctx: TimelineContext) => TimelineItemText>(
  on(RAISED_EVENT, (p) => () => ({ summary: `Ghi nhận vụ việc: ${short(p.description, 200)}${p.cases.length ? ` — ${p.cases.map((c) => CASE_VI[c]).join('; ')}` : ''}` })),
  on(AMENDED_EVENT, (p) => () => ({ summary: `Đính chính thông tin vụ việc (${p.changed.join(', ')})`, reason: p.reason })),
  on(CLASSIFIED_EVENT, (p) => () => ({ summary: `Phân loại trường hợp xử lý: ${p.cases.map((c) => CASE_VI[c]).join('; ')}`, ...(p.reason ? { reason: p.reason } : {}) })),
  on(IMMEDIATE_EVENT, (p) => () => ({ summary: `Biện pháp ngăn chặn ngay (${IMMEDIATE_VI[p.case]}): ${p.step}; đã thông báo ${p.toldWhom}` })),
  on(PROPOSED_EVENT, (p) => () => ({ summary: `Lãnh đạo cấp phòng trực ban đề xuất: ${p.proposal}` })),
  on(DECIDED_EVENT, (p) => () => ({ summary: lines.decided(p) })),
  on(DG_EVENT, (p) => () => ({ summary: lines.dg(p) })),
  on(ISSUED_EVENT, (p) => () => ({ summary: `Chỉ đạo ${recipientText(p)}: ${short(p.content, 200)}` })),
  on(ACKNOWLEDGED_EVENT, (p) => (ctx) => ({ summary: `${ctx.directionText?.(p.directionId) ?? 'Chỉ đạo'} — ${lines.acknowledged(p)}` })),
  on(RESULT_EVENT, (p) => () => ({ summary: `Kết quả thực hiện: ${lines.result(p)}` })),
  on(ESCALATED_EVENT, (p) => () => ({ summary: lines.escalated(p, 'chỉ đạo') })),
  on(CLOSED_EVENT, (p) => () => ({ summary: `Kết thúc vụ việc: ${p.summary}` })),
);

/**
 * One Vietnamese line per event for the incident timeline (the stored event, parsed with its
 * type's schema). An event of another type, or one that does not parse, shows as its type.
 */
export function timelineLine(ev: DispatchableEvent, context: TimelineContext = {}): TimelineItemText {
  try {
    return (timeline(ev) ?? (() => ({ summary: ev.type })))(context);
  } catch {
    return { summary: ev.type };
  }
}
