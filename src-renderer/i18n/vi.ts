import { appVi } from '../features/app/strings.vi';
import { shiftVi } from '../features/shift/strings.vi';
import { logbookVi } from '../features/logbook/strings.vi';
import { adminVi } from '../features/admin/strings.vi';
import { camerasVi } from '../features/cameras/strings.vi';
import { wallVi } from '../features/wall/strings.vi';
import { incidentsVi } from '../features/incidents/strings.vi';
import { linkVi } from '../features/link/strings.vi';
/**
 * Vietnamese UI strings (the default language): the shared ones here, each feature's own in
 * src-renderer/features/<feature>/strings.vi.ts, spread in below. en.ts (and each feature's
 * strings.en.ts) must have the same shape (type Messages). Error codes are translated by
 * src-shared/i18n/errors.ts, not here.
 */
export const vi = {
  langName: 'Tiếng Việt',
  app: {
    name: 'Trực ban',
    tagline: 'Nhật ký trực ban và giám sát trực tuyến',
    loading: 'Đang tải…',
    noToken:
      'Không có mã truy cập. Hãy mở ứng dụng bằng địa chỉ do lệnh “trucban serve” in ra (địa chỉ có chứa #token=…).',
    linkDown: 'Mất kết nối với dịch vụ ứng dụng — đang kết nối lại…',
    linkConnecting: 'Đang kết nối…',
    coreCrashed: 'Dịch vụ lõi của ứng dụng bị dừng đột ngột — đang khởi động lại…',
    coreBlocked: 'Dịch vụ lõi của ứng dụng không phản hồi — đang khởi động lại…',
    coreStarting: 'Đang khởi động dịch vụ lõi của ứng dụng…',
    coreBack: 'Dịch vụ lõi đã chạy lại. Thao tác đang làm dở lúc lỗi có thể chưa được ghi — hãy kiểm tra trước khi làm lại.',
    coreStopped: 'Dịch vụ lõi của ứng dụng đã dừng sau nhiều lần lỗi. Hãy đóng và mở lại ứng dụng; nếu vẫn lỗi, báo quản trị viên.',
    retry: 'Thử lại',
    version: (v: string) => `Phiên bản ${v}`,
  },
  nav: {
    label: 'Điều hướng chính',
    dashboard: 'Bảng ca trực',
    logbook: 'Nhật ký',
    incidents: 'Vụ việc',
    requests: 'Yêu cầu đến',
    wall: 'Màn hình camera',
    cameras: 'Danh mục camera',
    roster: 'Phân công ca',
    rota: 'Lịch trực',
    users: 'Người dùng',
    settings: 'Cài đặt',
  },
  header: {
    shift: 'Ca trực',
    lock: 'Khoá màn hình',
    logout: 'Đăng xuất',
    language: 'Ngôn ngữ',
    theme: 'Giao diện',
    themeDark: 'Tối',
    themeContrast: 'Tương phản cao',
    officeHours: 'Giờ hành chính',
    afterHours: 'Ngoài giờ hành chính',
    shortcuts: 'Phím tắt',
  },
  common: {
    save: 'Lưu',
    saving: 'Đang lưu…',
    cancel: 'Huỷ',
    close: 'Đóng',
    add: 'Thêm',
    remove: 'Xoá dòng',
    edit: 'Sửa',
    none: '—',
    noneOption: '— Không —',
    all: 'Tất cả',
    required: 'Bắt buộc nhập',
    loadMore: 'Tải thêm',
    loading: 'Đang tải…',
    empty: 'Chưa có dữ liệu',
    clear: 'Xoá lọc',
    print: 'In',
    refresh: 'Làm mới',
    saved: 'Đã lưu',
    dateHint: 'dd/mm/yyyy',
    dateTimeHint: 'dd/mm/yyyy HH:mm',
    now: 'Bây giờ',
  },
  roles: {
    shift_leader: 'Lãnh đạo ca trực',
    room_leader: 'Lãnh đạo cấp phòng trực ban',
    office_officer: 'Công chức Văn phòng',
    surveillance_officer: 'Công chức giám sát trực tuyến',
    surveillance_head: 'Trưởng phòng giám sát trực tuyến',
    director_general: 'Cục trưởng',
    admin: 'Quản trị hệ thống',
  },
  positions: {
    shift_leader: 'Lãnh đạo ca trực',
    room_leader: 'Lãnh đạo cấp phòng',
    office_officer: 'Công chức Văn phòng',
    surveillance_officer: 'Giám sát trực tuyến',
  },
  availability: {
    on_duty: 'Đang trực',
    remote: 'Trực từ xa',
    isolated: 'Cách ly',
    on_leave: 'Nghỉ phép',
  },
  team: (t: string) => `Tổ ${t}`,
  kinds: {
    work: 'Công việc',
    incident: 'Vụ việc',
    direction: 'Chỉ đạo',
    result: 'Kết quả',
    note: 'Ghi chú',
  },
  forms: {
    phone: 'Điện thoại',
    fax: 'Fax',
    document: 'Văn bản',
    email: 'Email',
  },
  stationKinds: {
    hq: 'Trực ban cơ quan Cục',
    regional_with_cameras: 'Chi cục khu vực (có phòng giám sát camera)',
    regional: 'Chi cục khu vực (không có phòng giám sát camera)',
    border_post: 'Hải quan cửa khẩu',
  },
  weekdays: ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'],
  shortcuts: {
    title: 'Phím tắt',
    nav: 'Alt+B bảng ca · Alt+N nhật ký · Alt+V vụ việc · Alt+Y yêu cầu đến · Alt+W màn hình camera · Alt+M danh mục camera · Alt+P phân công · Alt+L lịch trực · Alt+U người dùng · Alt+C cài đặt',
    entry: 'Alt+1…5 chọn loại mục · Ctrl+Enter ghi · Alt+T tìm kiếm · Esc đóng chi tiết',
    lock: 'Alt+K khoá màn hình',
  },
  errors: {
    disconnected: 'Mất kết nối với dịch vụ ứng dụng; thao tác chưa được thực hiện',
    noToken: 'Thiếu mã truy cập; hãy mở lại ứng dụng bằng địa chỉ do lệnh “trucban serve” in ra',
    bridge: 'Không gọi được dịch vụ ứng dụng',
    invalidDateTime: 'Nhập ngày giờ dạng dd/mm/yyyy HH:mm',
    invalidDate: 'Nhập ngày dạng dd/mm/yyyy',
    required: 'Bắt buộc nhập',
    pickLink: 'Chọn mục cần liên kết',
    position: (line: string, column: string) => (column ? `(dòng ${line}, cột ${column})` : `(dòng ${line})`),
  },
  ...appVi,
  ...shiftVi,
  ...logbookVi,
  ...adminVi,
  ...camerasVi,
  ...wallVi,
  ...incidentsVi,
  ...linkVi,
};

export type Messages = typeof vi;
