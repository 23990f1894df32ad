/**
 * The error codes every domain may answer with: transport and access, input validation, sane
 * times and date ranges, limits, and the last resort `internal`. A domain's own codes go in
 * ./<domain>.errors.ts beside its channels. Messages: Vietnamese first, English second;
 * `{name}` placeholders and `[ … ]` optional segments as described in ../i18n/errors.ts.
 */
import type { ErrorText } from '../errors';

export const commonErrors = {
  // transport, session and access
  invalid_input: {
    vi: 'Dữ liệu nhập vào không hợp lệ',
    en: 'Invalid input',
  },
  unknown_channel: {
    vi: 'Chức năng được yêu cầu không tồn tại[: {channel}]',
    en: 'Unknown request[: {channel}]',
  },
  not_authenticated: {
    vi: 'Chưa đăng nhập hoặc phiên làm việc đã hết hạn',
    en: 'Not signed in, or the session has expired',
  },
  forbidden: {
    vi: 'Tài khoản không có quyền thực hiện thao tác này',
    en: 'This account is not allowed to perform this action',
  },
  not_found: {
    vi: 'Không tìm thấy dữ liệu được yêu cầu',
    en: 'The requested data was not found',
  },
  conflict: {
    vi: 'Dữ liệu đã bị thay đổi bởi một thao tác khác; vui lòng tải lại rồi thực hiện lại',
    en: 'The data was changed by another action; reload and try again',
  },
  // input
  invalid_date: {
    vi: 'Ngày, giờ không hợp lệ',
    en: 'Invalid date or time',
  },
  // the link to the core; the loopback server's limits
  unavailable: {
    vi: 'Mất kết nối tới dịch vụ của ứng dụng; đang thử kết nối lại',
    en: 'Lost the link to the application service; reconnecting',
  },
  busy: {
    vi: 'Ứng dụng đang xử lý nhiều yêu cầu cùng lúc; vui lòng thử lại sau giây lát',
    en: 'The application is handling too many requests at once; try again in a moment',
  },
  // sane times (schemas.withClock) and date ranges (./date-range.ts)
  time_out_of_range: {
    vi: 'Ngày giờ nằm ngoài khoảng cho phép[ ở trường «{field}»][: từ {min}][ đến {max}]',
    en: 'Date and time out of the allowed range[ in “{field}”][: from {min}][ to {max}]',
  },
  range_reversed: {
    vi: 'Ngày bắt đầu[ ({from})] sau ngày kết thúc[ ({to})]',
    en: 'The start date[ ({from})] is after the end date[ ({to})]',
  },
  range_too_long: {
    vi: 'Khoảng ngày quá dài[: {days} ngày][, tối đa {maxDays} ngày]; hãy chia thành nhiều lần xuất',
    en: 'The date range is too long[: {days} days][, at most {maxDays} days]; split it into several exports',
  },
  date_out_of_range: {
    vi: 'Ngày[ {date}] không hợp lệ hoặc nằm ngoài khoảng cho phép[ ({min} – {max})]',
    en: 'The date[ {date}] is invalid or outside the allowed window[ ({min} – {max})]',
  },
  internal: {
    vi: 'Đã xảy ra lỗi hệ thống; vui lòng thử lại hoặc liên hệ quản trị viên',
    en: 'An internal error occurred; try again or contact the administrator',
  },
} satisfies Record<string, ErrorText>;
