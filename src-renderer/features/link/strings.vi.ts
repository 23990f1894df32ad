/** Vietnamese strings of the link to the station and the outbox (merged by src-renderer/i18n/vi.ts). */
export const linkVi = {
  link: {
    down: (since: string) => `Không kết nối được trạm trực ban từ ${since} — đang thử lại…`,
    downNow: 'Không kết nối được trạm trực ban — đang thử lại…',
    pending: (n: number) => `${n} mục chưa gửi sẽ được gửi khi kết nối lại.`,
    notSent: 'Chưa gửi',
    notSentTitle: 'Chưa gửi — lưu trên máy này',
    madeAt: (at: string) => `lập lúc ${at}`,
    queuedToast: 'Chưa gửi: đã lưu trên máy này, sẽ tự gửi khi kết nối lại được trạm.',
    refusedTitle: 'Không gửi được',
    refusedHint: 'Trạm trực ban không nhận các mục sau khi gửi lại. Hãy xem lý do rồi làm lại nếu cần.',
    dismiss: 'Đã xem',
    amendOf: 'Đính chính',
  },
  role: {
    title: 'Máy này dùng để làm gì?',
    intro: 'Chọn một lần khi cài đặt; quản trị viên có thể đổi lại sau.',
    station: 'Trạm trực ban (máy chủ của phòng)',
    stationText:
      'Máy giữ cơ sở dữ liệu của phòng trực ban: nhật ký, vụ việc, tài khoản, camera và bộ xử lý video. Mỗi phòng có đúng một trạm; các máy trạm và màn hình tường kết nối vào trạm này qua mạng nội bộ. Nên đặt trên máy luôn bật (có thể chạy như dịch vụ).',
    workstation: 'Máy trạm',
    workstationText:
      'Máy của một cán bộ trực (trưởng ca, lãnh đạo, văn thư, giám sát viên): giao diện đầy đủ theo vai trò của người đăng nhập. Máy không giữ dữ liệu của phòng: mọi thao tác được gửi về trạm; khi mất kết nối, các mục đã nhập được lưu tạm trên máy và tự gửi khi kết nối lại.',
    wall: 'Màn hình tường',
    wallText:
      'Máy điều khiển màn hình camera trên tường: chỉ hiển thị màn hình camera và các bố cục đã lưu, không có nhật ký. Không tự khoá khi không thao tác và vẫn giữ hình khi cán bộ đăng xuất.',
    choose: 'Chọn',
    back: 'Quay lại',
    pairTitle: (role: string) => `Kết nối ${role} với trạm trực ban`,
    pairIntro: 'Trên trạm, quản trị viên chọn “Thêm máy trạm” để lấy mã ghép nối một lần (hiệu lực 10 phút). Nhập địa chỉ của trạm và mã đó.',
    address: 'Địa chỉ trạm',
    addressHint: 'Ví dụ: https://192.168.1.10:8443',
    code: 'Mã ghép nối',
    codeHint: 'Dạng ABCD-EFGH-JKMN',
    name: 'Tên máy này (không bắt buộc)',
    pair: 'Ghép nối',
    pairing: 'Đang ghép nối…',
    pairedTitle: 'Đã ghép nối',
    paired: (name: string, station: string) => `Máy “${name}” đã được ghép nối với trạm ${station}.`,
    fingerprint: 'Dấu vân tay chứng thư của trạm (so với dấu vân tay hiện trên trạm):',
    restart: 'Khởi động lại ứng dụng trên máy này để kết nối với trạm (chế độ trình duyệt: chạy “trucban client”).',
  },
};
