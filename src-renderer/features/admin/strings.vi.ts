/** Vietnamese strings of user administration (merged into the dictionary by src-renderer/i18n/vi.ts). */
export const adminVi = {
  users: {
    title: 'Tài khoản người dùng',
    login: 'Tên đăng nhập',
    fullName: 'Họ và tên',
    titleField: 'Chức vụ',
    roles: 'Vai trò',
    team: 'Tổ',
    noTeam: 'Không thuộc tổ',
    status: 'Trạng thái',
    active: 'Đang hoạt động',
    inactive: 'Đã vô hiệu hoá',
    deactivate: 'Vô hiệu hoá',
    activate: 'Kích hoạt lại',
    create: 'Tạo tài khoản',
    password: 'Mật khẩu ban đầu',
    passwordHint: 'Mật khẩu tạm thời: người dùng phải đổi ở lần đăng nhập đầu tiên.',
    created: (login: string) => `Đã tạo tài khoản ${login}`,
    deactivated: (login: string) => `Đã vô hiệu hoá ${login}`,
    activated: (login: string) => `Đã kích hoạt lại ${login}`,
    pickRole: 'Chọn ít nhất một vai trò',
    adminOnly: 'Chỉ quản trị hệ thống được quản lý tài khoản.',
    you: '(bạn)',
  },
};

export type AdminMessages = typeof adminVi;
