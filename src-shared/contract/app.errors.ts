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
} satisfies Record<string, ErrorText>;
