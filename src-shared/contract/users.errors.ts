/** Error codes of the users: channels (docs/security.md, “Sign-in and accounts”). */
import type { ErrorText } from '../errors';

export const usersErrors = {
  password_reused: {
    vi: 'Mật khẩu mới phải khác mật khẩu hiện tại',
    en: 'The new password must differ from the current one',
  },
  last_admin: {
    vi:
      'Không thể bỏ quyền quản trị hoặc ngừng hoạt động của quản trị viên cuối cùng[ ({login})]; hãy cấp quyền quản trị cho một tài khoản khác trước',
    en:
      'Cannot remove the administrator role from, or deactivate, the last active administrator[ ({login})]; make another account an administrator first',
  },
} satisfies Record<string, ErrorText>;
