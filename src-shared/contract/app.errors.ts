/** Error codes of the app:, setup:, station: and auth: channels (setup, sign-in and sessions; docs/security.md, “Sign-in and accounts”). */
import type { ErrorText } from '../errors';

export const appErrors = {
  setup_required: {
    vi: 'Ứng dụng chưa được thiết lập ban đầu',
    en: 'The application has not been set up yet',
  },
  already_set_up: {
    vi: 'Ứng dụng đã được thiết lập từ trước',
    en: 'The application has already been set up',
  },
  locked_out: {
    vi: 'Tài khoản tạm khoá do đăng nhập sai nhiều lần[; vui lòng thử lại sau {minutes} phút]',
    en: 'Account temporarily locked after too many failed sign-ins[; try again in {minutes} minutes]',
  },
  bad_credentials: {
    vi: 'Sai tên đăng nhập hoặc mật khẩu[ (còn {left} lần thử trước khi tài khoản bị tạm khoá)]',
    en: 'Wrong login or password[ ({left} attempts left before the account is locked)]',
  },
  session_locked: {
    vi: 'Phiên làm việc đang bị khoá; vui lòng nhập lại mật khẩu để tiếp tục',
    en: 'The session is locked; enter your password again to continue',
  },
  signin_busy: {
    vi: 'Đang kiểm tra một lần đăng nhập khác của tài khoản này; vui lòng thử lại sau giây lát',
    en: 'Another sign-in for this account is being checked; try again in a moment',
  },
  password_change_required: {
    vi: 'Mật khẩu đang dùng là mật khẩu tạm thời; phải đổi mật khẩu mới trước khi làm việc',
    en: 'The password in use is temporary; set a new password before doing anything else',
  },
  lan_local_only: {
    vi: 'Chỉ thay đổi được truy cập mạng LAN trên màn hình của chính máy trạm, không qua máy đã ghép nối',
    en: 'LAN access can only be changed on the station machine’s own screen, not from a paired device',
  },
  lan_host_unknown: {
    vi: 'Địa chỉ này không phải của máy trạm[ ({host})]; chọn một địa chỉ trong danh sách',
    en: 'The address is not one of this station machine’s own[ ({host})]; choose one from the list',
  },
  lan_hosts_required: {
    vi: 'Chọn ít nhất một địa chỉ để mở truy cập mạng LAN',
    en: 'Choose at least one address to turn LAN access on',
  },
  lan_address_unavailable: {
    vi: 'Không mở được truy cập mạng LAN: địa chỉ[ {host}] hiện không có trên máy này',
    en: 'LAN access could not start: the address[ {host}] is not on this machine now',
  },
  lan_port_in_use: {
    vi: 'Cổng[ {port}] đang được chương trình khác sử dụng[ (địa chỉ {host})]',
    en: 'The port[ {port}] is in use by another program[ (address {host})]',
  },
  lan_port_denied: {
    vi: 'Hệ điều hành không cho phép mở cổng[ {port}] (cổng dưới 1024 cần quyền quản trị)',
    en: 'The operating system does not allow the port[ {port}] (ports below 1024 need administrator rights)',
  },
  lan_failed: {
    vi: 'Không mở được truy cập mạng LAN[: {reason}]',
    en: 'LAN access could not be started[: {reason}]',
  },
} satisfies Record<string, ErrorText>;
