/**
 * Messages for the typed error codes of ../errors.ts, Vietnamese first, English second (each
 * domain declares its codes' messages in ../contract/<domain>.errors.ts, beside its channels).
 * Templates use `{name}` placeholders filled from `params`; a segment in
 * square brackets `[ … {name} … ]` is optional and is dropped when one of its placeholders
 * has no value, so every template also reads well without params.
 * Pure TypeScript: no Node, DOM or Electron.
 */
import { ERROR_CODES, ERROR_TEXTS } from '../errors';
import type { AppErrorData, ErrorCode } from '../errors';
import { formatShiftDate } from '../time/shift';

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

function messagesIn(lang: Lang): Record<ErrorCode, string> {
  const out = {} as Record<ErrorCode, string>;
  for (const code of ERROR_CODES) out[code] = ERROR_TEXTS[code][lang];
  return out;
}

/** Each code's message by language, from the domains' tables (../contract/<domain>.errors.ts). */
export const errorMessages: Record<Lang, Record<ErrorCode, string>> = { vi: messagesIn('vi'), en: messagesIn('en') };

/** Display names of input fields, for "(trường: …)" / "(field: …)". */
export const fieldNames: Record<Lang, Record<string, string>> = {
  vi: {
    container: 'Số container',
    containers: 'Số container',
    declaration: 'Số tờ khai',
    declarations: 'Số tờ khai',
    taxCode: 'Mã số thuế',
    taxCodes: 'Mã số thuế',
    plate: 'Biển số phương tiện',
    plates: 'Biển số phương tiện',
    billOfLading: 'Số vận đơn',
    billsOfLading: 'Số vận đơn',
    vessel: 'Số IMO của tàu',
    vessels: 'Số IMO của tàu',
    unitCode: 'Mã đơn vị hải quan',
    recipientUnitCode: 'Mã đơn vị nhận chỉ đạo',
    reportingUnitCode: 'Mã đơn vị báo cáo',
    reportingUnit: 'Đơn vị báo cáo',
    recipient: 'Người/đơn vị nhận chỉ đạo',
    occurredAt: 'Thời gian xảy ra',
    arisenAt: 'Thời gian phát sinh',
    receivedAt: 'Thời gian tiếp nhận',
    reportedAt: 'Thời gian báo cáo',
    place: 'Địa điểm',
    form: 'Hình thức',
    text: 'Nội dung',
    reason: 'Lý do',
    login: 'Tên đăng nhập',
    password: 'Mật khẩu',
    current: 'Mật khẩu hiện tại',
    next: 'Mật khẩu mới',
    fullName: 'Họ và tên',
    title: 'Chức vụ',
    roles: 'Vai trò',
    team: 'Tổ trực',
    from: 'Từ ngày',
    to: 'Đến ngày',
    kind: 'Loại mục nhật ký',
    kinds: 'Loại mục nhật ký',
    date: 'Ngày',
    shiftDate: 'Ngày ca trực',
    linkedEntryId: 'Mục nhật ký liên kết',
    entryId: 'Mục nhật ký',
    code: 'Mã đơn vị',
    name: 'Tên đơn vị',
    officeHours: 'Giờ hành chính',
    query: 'Từ khoá tìm kiếm',
    unitCodes: 'Mã đơn vị trực',
    members: 'Thành phần ca trực',
    active: 'Trạng thái hoạt động',
    days: 'Lịch phân công',
    csv: 'Tệp CSV danh mục đơn vị',
    author: 'Người ghi',
    identifier: 'Số hiệu liên quan',
    db: 'Tệp cơ sở dữ liệu',
    format: 'Định dạng',
    out: 'Tệp đầu ra',
    at: 'Thời gian',
    byName: 'Người phê duyệt (họ tên, chức vụ)',
    note: 'Ý kiến, lý do',
    attachments: 'Tệp đính kèm',
    resultDueAt: 'Thời hạn báo cáo kết quả',
    expectedAt: 'Thời gian dự kiến hoàn thành',
    dueAt: 'Thời hạn',
    decidedAt: 'Thời gian quyết định',
    finishedAt: 'Thời gian hoàn thành',
    issuedAt: 'Thời gian chỉ đạo',
    lateCause: 'Nguyên nhân chậm',
    responsible: 'Người chịu trách nhiệm',
    incidentId: 'Vụ việc',
    directionId: 'Chỉ đạo',
    requestId: 'Yêu cầu',
    alertId: 'Cảnh báo',
    how: 'Hình thức phê duyệt',
    cases: 'Trường hợp xử lý',
    subject: 'Về việc (trích yếu)',
    addressee: 'Kính gửi',
    requestedContent: 'Nội dung yêu cầu phối hợp',
    timeRequirement: 'Yêu cầu về thời gian xử lý, hồi báo',
    replyForm: 'Hình thức hồi báo',
    focalPoint: 'Đầu mối phối hợp',
    proposal: 'Nội dung đề xuất xử lý',
    handlingUnit: 'Đơn vị tiếp nhận, xử lý',
    result: 'Kết quả xử lý',
    lateResponsible: 'Trách nhiệm công chức liên quan',
    parentBody: 'Cơ quan chủ quản',
    issuingUnit: 'Đơn vị ban hành',
    'fields.signer.name': 'Họ tên người ký',
    'fields.signer.title': 'Chức danh ký',
    'fields.reference.number': 'Số điện fax/công văn được trả lời',
    'fields.reference.date': 'Ngày của điện fax/công văn được trả lời',
    expectedRevision: 'Phiên bản dự thảo',
    display: 'Màn hình',
    layout: 'Bố cục màn hình camera',
    tiles: 'Ô hình',
    cameraId: 'Camera',
    cameraIds: 'Camera tuần tra',
    intervalSec: 'Thời gian mỗi camera khi tuần tra (giây)',
    rows: 'Số hàng',
    cols: 'Số cột',
  },
  en: {
    container: 'Container number',
    containers: 'Container number',
    declaration: 'Declaration number',
    declarations: 'Declaration number',
    taxCode: 'Tax code',
    taxCodes: 'Tax code',
    plate: 'Vehicle plate',
    plates: 'Vehicle plate',
    billOfLading: 'Bill of lading',
    billsOfLading: 'Bill of lading',
    vessel: 'Vessel IMO number',
    vessels: 'Vessel IMO number',
    unitCode: 'Customs unit code',
    recipientUnitCode: 'Receiving unit code',
    reportingUnitCode: 'Reporting unit code',
    reportingUnit: 'Reporting unit',
    recipient: 'Recipient',
    occurredAt: 'Time of occurrence',
    arisenAt: 'Time arisen',
    receivedAt: 'Time received',
    reportedAt: 'Time reported',
    place: 'Place',
    form: 'Form',
    text: 'Content',
    reason: 'Reason',
    login: 'Login',
    password: 'Password',
    current: 'Current password',
    next: 'New password',
    fullName: 'Full name',
    title: 'Title',
    roles: 'Roles',
    team: 'Team',
    from: 'From',
    to: 'To',
    kind: 'Entry kind',
    kinds: 'Entry kind',
    date: 'Date',
    shiftDate: 'Shift date',
    linkedEntryId: 'Linked entry',
    entryId: 'Logbook entry',
    code: 'Unit code',
    name: 'Unit name',
    officeHours: 'Office hours',
    query: 'Search text',
    unitCodes: 'Duty unit codes',
    members: 'Duty team',
    active: 'Active',
    days: 'Rota',
    csv: 'Unit catalog CSV',
    author: 'Author',
    identifier: 'Related identifier',
    db: 'Database file',
    format: 'Format',
    out: 'Output file',
    at: 'Time',
    byName: 'Approver (name, title)',
    note: 'Opinion or reason',
    attachments: 'Attachments',
    resultDueAt: 'Result due',
    expectedAt: 'Expected finish',
    dueAt: 'Deadline',
    decidedAt: 'Time of decision',
    finishedAt: 'Time finished',
    issuedAt: 'Time of direction',
    lateCause: 'Cause of delay',
    responsible: 'Person responsible',
    incidentId: 'Incident',
    directionId: 'Direction',
    requestId: 'Request',
    alertId: 'Alert',
    how: 'Form of approval',
    cases: 'Handling case',
    subject: 'Subject',
    addressee: 'Addressee',
    requestedContent: 'Requested content',
    timeRequirement: 'Time allowed for handling and reply',
    replyForm: 'Form of reply',
    focalPoint: 'Focal point',
    proposal: 'Proposed handling',
    handlingUnit: 'Handling unit',
    result: 'Result',
    lateResponsible: 'Officer responsible',
    parentBody: 'Parent body',
    issuingUnit: 'Issuing unit',
    'fields.signer.name': 'Signer’s name',
    'fields.signer.title': 'Signing title',
    'fields.reference.number': 'Number of the fax/letter answered',
    'fields.reference.date': 'Date of the fax/letter answered',
    expectedRevision: 'Draft revision',
    display: 'Display',
    layout: 'Wall layout',
    tiles: 'Tiles',
    cameraId: 'Camera',
    cameraIds: 'Tour cameras',
    intervalSec: 'Seconds per camera on tour',
    rows: 'Rows',
    cols: 'Columns',
  },
};

const FIELD_LABEL: Record<Lang, string> = { vi: 'trường', en: 'field' };

/** Codes whose English `message` is a useful detail (e.g. "check digit should be 3"). */
const DETAIL_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'invalid_input',
  'invalid_container',
  'invalid_tax_code',
  'invalid_declaration',
  'invalid_vessel',
  'invalid_date',
  'invalid_link',
]);

function displayParam(v: string | number): string {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    try {
      return formatShiftDate(v);
    } catch {
      return v;
    }
  }
  return String(v);
}

/**
 * Fill `{name}` placeholders from `params`. Optional segments `[ … ]` are kept (without the
 * brackets) only when every placeholder inside has a value; a placeholder outside any segment
 * with no value is left as written. 'YYYY-MM-DD' values are shown as dd/mm/yyyy.
 */
export function formatMessage(template: string, params: Record<string, string | number> = {}): string {
  const has = (k: string): boolean => params[k] !== undefined && params[k] !== '';
  const fill = (s: string): string => s.replace(/\{(\w+)\}/g, (all, k: string) => (has(k) ? displayParam(params[k] ?? '') : all));
  const withOptionals = template.replace(/\[([^\]]*)\]/g, (_all, inner: string) => {
    const keys = [...inner.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
    return keys.every(has) ? inner : '';
  });
  return fill(withOptionals);
}

/**
 * Display name of a field, also for paths such as 'identifiers.containers.0' or
 * 'details.unitCode' (the last non-numeric segment is looked up). Unknown names are returned
 * as given.
 */
export function fieldName(lang: Lang, field: string): string {
  const names = fieldNames[lang];
  const direct = names[field];
  if (direct !== undefined) return direct;
  const segments = field.split(/[.[\]/]+/).filter((s) => s.length > 0 && !/^\d+$/.test(s));
  const last = segments[segments.length - 1];
  return (last !== undefined ? names[last] : undefined) ?? field;
}

/**
 * The message to show for an error, e.g.
 * "Số container không hợp lệ (trường: Số container): check digit should be 3".
 * The detail after the colon is `params.reason` if given, else — for validation codes — the
 * error's English `message` (unless it merely repeats the English text of the code).
 */
export function translateError(
  lang: Lang,
  err: Pick<AppErrorData, 'code' | 'message'> & { field?: string | undefined; params?: Record<string, string | number> | undefined },
): string {
  const template = errorMessages[lang][err.code] ?? errorMessages[lang].internal;
  const params: Record<string, string | number> = { ...(err.params ?? {}) };
  const field = err.field !== undefined && err.field !== '' ? fieldName(lang, err.field) : undefined;
  if (field !== undefined) params.field = field;
  let out = formatMessage(template, params);
  if (field !== undefined && !/\{field\}/.test(template)) out += ` (${FIELD_LABEL[lang]}: ${field})`;

  const reason = err.params?.reason;
  let detail = typeof reason === 'string' || typeof reason === 'number' ? String(reason) : '';
  if (detail === '' && DETAIL_CODES.has(err.code)) detail = (err.message ?? '').trim();
  const englishPlain = formatMessage(errorMessages.en[err.code] ?? '', params);
  if (detail !== '' && detail !== englishPlain && detail !== out && !template.includes('{reason}')) out += `: ${detail}`;
  return out;
}
