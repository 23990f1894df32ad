/**
 * Messages for the typed error codes of ../errors.ts, Vietnamese first, English second
 * (domain.md §9). Templates use `{name}` placeholders filled from `params`; a segment in
 * square brackets `[ … {name} … ]` is optional and is dropped when one of its placeholders
 * has no value, so every template also reads well without params.
 * Pure TypeScript: no Node, DOM or Electron.
 */
import type { AppErrorData, ErrorCode } from '../errors';
import { formatShiftDate } from '../time/shift';

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

export const errorMessages: Record<Lang, Record<ErrorCode, string>> = {
  vi: {
    invalid_input: 'Dữ liệu nhập vào không hợp lệ',
    unknown_channel: 'Chức năng được yêu cầu không tồn tại[: {channel}]',
    not_authenticated: 'Chưa đăng nhập hoặc phiên làm việc đã hết hạn',
    forbidden: 'Tài khoản không có quyền thực hiện thao tác này',
    locked_out: 'Tài khoản tạm khoá do đăng nhập sai nhiều lần[; vui lòng thử lại sau {minutes} phút]',
    bad_credentials: 'Sai tên đăng nhập hoặc mật khẩu[ (còn {left} lần thử trước khi tài khoản bị tạm khoá)]',
    session_locked: 'Phiên làm việc đang bị khoá; vui lòng nhập lại mật khẩu để tiếp tục',
    not_found: 'Không tìm thấy dữ liệu được yêu cầu',
    conflict: 'Dữ liệu đã bị thay đổi bởi một thao tác khác; vui lòng tải lại rồi thực hiện lại',
    setup_required: 'Ứng dụng chưa được thiết lập ban đầu',
    already_set_up: 'Ứng dụng đã được thiết lập từ trước',
    invalid_container: 'Số container không hợp lệ',
    invalid_tax_code: 'Mã số thuế không hợp lệ',
    invalid_declaration: 'Số tờ khai không hợp lệ',
    invalid_vessel: 'Số IMO của tàu không hợp lệ',
    unknown_unit: 'Mã đơn vị hải quan[ {unitCode}] không tồn tại[ tại ngày {date}]',
    invalid_date: 'Ngày, giờ không hợp lệ',
    invalid_link: 'Liên kết đến mục nhật ký khác không hợp lệ',
    invalid_camera_url: 'Địa chỉ luồng video (RTSP) của camera không hợp lệ[ (dòng {line}, cột {column})]',
    unknown_camera: 'Camera[ số {number}] chưa có trong danh mục camera[ (dòng {line}, cột {column})]',
    db_newer_version:
      'Cơ sở dữ liệu được ghi bởi phiên bản mới hơn của ứng dụng[ (phiên bản {version})]; vui lòng cập nhật ứng dụng',
    db_missing: 'Không tìm thấy cơ sở dữ liệu[ tại {path}]',
    journal_broken:
      'Chuỗi nhật ký dữ liệu bị đứt gãy[ tại bản ghi số {seq}]: dữ liệu có thể đã bị sửa đổi ngoài ứng dụng',
    unavailable: 'Mất kết nối tới dịch vụ của ứng dụng; đang thử kết nối lại',
    ffmpeg_missing: 'Không tìm thấy ffmpeg: cài gói ffmpeg[ ({install})] hoặc đặt biến môi trường FFMPEG_BIN',
    video_unavailable: 'Chưa có hình ảnh từ camera[ {camera}]; vui lòng thử lại sau',
    download_unavailable: 'Chưa tải được tệp xuất: máy chủ tải tệp của ứng dụng chưa chạy; vui lòng thử lại sau',
    illegal_transition: 'Thao tác không hợp lệ ở bước hiện tại của vụ việc[: không thể {actionVi}][ khi vụ việc đang ở trạng thái “{stateVi}”]',
    approval_required: 'Chưa đủ phê duyệt theo quy định[: còn thiếu {missingVi}][; chưa thể {actionVi}]',
    case_required: 'Vụ việc chưa được phân loại trường hợp xử lý (Điều 8.2); hãy phân loại trước khi đề xuất',
    reason_required: 'Từ chối phê duyệt phải nêu rõ lý do',
    scan_required: 'Ý kiến phê duyệt trên văn bản giấy phải đính kèm bản chụp (scan) văn bản',
    self_approval: 'Người đã đề xuất không thể tự phê duyệt đề xuất của mình; lãnh đạo ca trực khác phải quyết định',
    late_cause_required: 'Kết quả báo cáo chậm so với thời hạn[ ({due})] phải nêu rõ nguyên nhân và người chịu trách nhiệm (Điều 9.3)',
    document_issued: 'Văn bản[ số {number}] đã ban hành nên không thể sửa; muốn thay đổi, hãy ban hành lại thành văn bản mới có số mới',
    document_superseded: 'Văn bản[ số {number}] đã được thay thế[ bởi văn bản số {by}]; hãy thao tác trên văn bản mới',
    document_not_issued: 'Văn bản đang là dự thảo, chưa ban hành; hãy ban hành trước',
    document_incomplete: 'Văn bản chưa đủ nội dung để ban hành[ (còn {count} mục chưa điền)]',
    document_render_failed: 'Không tạo được tệp văn bản (PDF/DOCX); văn bản chưa được ban hành và chưa được cấp số',
    // sign-in and accounts
    signin_busy: 'Đang kiểm tra một lần đăng nhập khác của tài khoản này; vui lòng thử lại sau giây lát',
    password_change_required: 'Mật khẩu đang dùng là mật khẩu tạm thời; phải đổi mật khẩu mới trước khi làm việc',
    password_reused: 'Mật khẩu mới phải khác mật khẩu hiện tại',
    last_admin:
      'Không thể bỏ quyền quản trị hoặc ngừng hoạt động của quản trị viên cuối cùng[ ({login})]; hãy cấp quyền quản trị cho một tài khoản khác trước',
    // output: sane times, attachments (type, size, quota), backup and restore
    time_out_of_range: 'Ngày giờ nằm ngoài khoảng cho phép[ ở trường «{field}»][: từ {min}][ đến {max}]',
    attachment_type_mismatch: 'Nội dung tệp đính kèm[ «{name}»] không đúng loại tệp đã khai báo[ ({mime})][; nội dung thực tế: {actual}]',
    attachment_too_large: 'Tệp đính kèm[ «{name}»] quá lớn[ ({size} MB)][; tối đa {max} MB mỗi tệp]',
    attachment_quota_exceeded: 'Đã vượt hạn mức lưu trữ tệp đính kèm của trạm[ ({used} / {quota} MB)]; tệp chưa được lưu',
    restore_target_exists: 'Đã có cơ sở dữ liệu tại vị trí khôi phục[ {path}]; không ghi đè — chọn một tệp mới',
    backup_invalid: 'Bản sao lưu không hợp lệ hoặc không đầy đủ[ ({reason})]; chưa khôi phục gì',
    // verify: the file itself and the projections the journal proves
    projection_mismatch:
      'Dữ liệu đã lưu không khớp với nhật ký dữ liệu[ (bảng {table}, dòng {row})]: có thể đã bị sửa đổi ngoài ứng dụng[; khôi phục bằng lệnh: {command}]',
    no_journal: 'Tệp[ {path}] không chứa nhật ký dữ liệu (tệp rỗng hoặc chưa được khởi tạo)',
    not_a_database: 'Tệp[ {path}] không phải là cơ sở dữ liệu của ứng dụng Trực ban',
    db_corrupt: 'Tệp cơ sở dữ liệu bị hỏng[ ({detail})]; hãy khôi phục từ bản sao lưu',
    // sockets: the loopback server's limits
    busy: 'Ứng dụng đang xử lý nhiều yêu cầu cùng lúc; vui lòng thử lại sau giây lát',
    // writer: one writer per station, heavy jobs off the event loop, export ranges
    station_busy:
      'Trạm[ {path}] đang được mở bởi một tiến trình khác[ (PID {pid})]: hãy thao tác trên ứng dụng đang chạy hoặc dừng tiến trình đó trước; các lệnh chỉ đọc (verify, search, export, backup) vẫn dùng được',
    too_many_jobs: 'Đang có quá nhiều tác vụ nặng chạy cùng lúc[ (tối đa {max} tác vụ mỗi người dùng)]; vui lòng chờ tác vụ trước hoàn thành',
    range_reversed: 'Ngày bắt đầu[ ({from})] sau ngày kết thúc[ ({to})]',
    range_too_long: 'Khoảng ngày quá dài[: {days} ngày][, tối đa {maxDays} ngày]; hãy chia thành nhiều lần xuất',
    date_out_of_range: 'Ngày[ {date}] không hợp lệ hoặc nằm ngoài khoảng cho phép[ ({min} – {max})]',
    internal: 'Đã xảy ra lỗi hệ thống; vui lòng thử lại hoặc liên hệ quản trị viên',
    event_invalid: 'Sự kiện[ {type}] không hợp lệ nên không được ghi vào nhật ký[: {reason}]',
  },
  en: {
    invalid_input: 'Invalid input',
    unknown_channel: 'Unknown request[: {channel}]',
    not_authenticated: 'Not signed in, or the session has expired',
    forbidden: 'This account is not allowed to perform this action',
    locked_out: 'Account temporarily locked after too many failed sign-ins[; try again in {minutes} minutes]',
    bad_credentials: 'Wrong login or password[ ({left} attempts left before the account is locked)]',
    session_locked: 'The session is locked; enter your password again to continue',
    not_found: 'The requested data was not found',
    conflict: 'The data was changed by another action; reload and try again',
    setup_required: 'The application has not been set up yet',
    already_set_up: 'The application has already been set up',
    invalid_container: 'Invalid container number',
    invalid_tax_code: 'Invalid tax code',
    invalid_declaration: 'Invalid declaration number',
    invalid_vessel: 'Invalid vessel IMO number',
    unknown_unit: 'Customs unit code[ {unitCode}] does not exist[ on {date}]',
    invalid_date: 'Invalid date or time',
    invalid_link: 'Invalid link to another logbook entry',
    invalid_camera_url: 'Invalid camera stream (RTSP) address[ (line {line}, column {column})]',
    unknown_camera: 'Camera[ number {number}] is not in the camera registry[ (line {line}, column {column})]',
    db_newer_version: 'The database was written by a newer version of the application[ (version {version})]; please update the application',
    db_missing: 'Database not found[ at {path}]',
    journal_broken: 'The data journal chain is broken[ at record {seq}]: data may have been altered outside the application',
    unavailable: 'Lost the link to the application service; reconnecting',
    ffmpeg_missing: 'ffmpeg not found: install ffmpeg[ ({install})] or set the FFMPEG_BIN environment variable',
    video_unavailable: 'No picture from camera[ {camera}] yet; try again later',
    download_unavailable: 'The exported file cannot be downloaded yet: the application’s download server is not running; try again later',
    illegal_transition: 'Not allowed at the incident’s current step[: cannot {actionEn}][ while the incident is “{stateEn}”]',
    approval_required: 'The required approvals are not all given[: missing {missingEn}][; cannot {actionEn} yet]',
    case_required: 'The incident has no handling case (Article 8.2) yet; classify it before proposing',
    reason_required: 'A rejection must give its reason',
    scan_required: 'An approval given on paper must carry the scan of the paper as an attachment',
    self_approval: 'Whoever proposed cannot approve their own proposal; another shift leader must decide',
    late_cause_required: 'A result reported after its due time[ ({due})] must give the cause and the person responsible (Article 9.3)',
    document_issued: 'The document[ {number}] has been issued and cannot be edited; to change it, reissue it as a new document with a new number',
    document_superseded: 'The document[ {number}] has been superseded[ by {by}]; work on the new one',
    document_not_issued: 'The document is still a draft; issue it first',
    document_incomplete: 'The document is not complete enough to issue[ ({count} items still empty)]',
    document_render_failed: 'Could not produce the document files (PDF/DOCX); the document was not issued and no number was used',
    // sign-in and accounts
    signin_busy: 'Another sign-in for this account is being checked; try again in a moment',
    password_change_required: 'The password in use is temporary; set a new password before doing anything else',
    password_reused: 'The new password must differ from the current one',
    last_admin: 'Cannot remove the administrator role from, or deactivate, the last active administrator[ ({login})]; make another account an administrator first',
    // output: sane times, attachments (type, size, quota), backup and restore
    time_out_of_range: 'Date and time out of the allowed range[ in “{field}”][: from {min}][ to {max}]',
    attachment_type_mismatch: 'The content of the attachment[ “{name}”] does not match its declared type[ ({mime})][; it is really {actual}]',
    attachment_too_large: 'The attachment[ “{name}”] is too large[ ({size} MB)][; at most {max} MB per file]',
    attachment_quota_exceeded: 'The station’s attachment storage quota is used up[ ({used} / {quota} MB)]; the file was not stored',
    restore_target_exists: 'A database already exists where the restore would go[ ({path})]; it is not overwritten — choose a new file',
    backup_invalid: 'The backup is invalid or incomplete[ ({reason})]; nothing was restored',
    // verify: the file itself and the projections the journal proves
    projection_mismatch:
      'The stored data does not match the data journal[ (table {table}, row {row})]: it may have been altered outside the application[; repair with: {command}]',
    no_journal: 'The file[ {path}] holds no data journal (it is empty or was never set up)',
    not_a_database: 'The file[ {path}] is not a Trực ban database',
    db_corrupt: 'The database file is damaged[ ({detail})]; restore it from a backup',
    // sockets: the loopback server's limits
    busy: 'The application is handling too many requests at once; try again in a moment',
    // writer: one writer per station, heavy jobs off the event loop, export ranges
    station_busy:
      'The station[ {path}] is open in another process[ (PID {pid})]: work in the running app or stop it first; read-only commands (verify, search, export, backup) still work',
    too_many_jobs: 'Too many heavy tasks are running at once[ (at most {max} per user)]; wait for the previous one to finish',
    range_reversed: 'The start date[ ({from})] is after the end date[ ({to})]',
    range_too_long: 'The date range is too long[: {days} days][, at most {maxDays} days]; split it into several exports',
    date_out_of_range: 'The date[ {date}] is invalid or outside the allowed window[ ({min} – {max})]',
    internal: 'An internal error occurred; try again or contact the administrator',
    event_invalid: 'The[ {type}] event is invalid and was not written to the journal[: {reason}]',
  },
};

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
