/** Error codes of the jobs: channels (heavy jobs off the event loop, and their downloads). */
import type { ErrorText } from '../errors';

export const jobsErrors = {
  download_unavailable: {
    vi: 'Chưa tải được tệp xuất: máy chủ tải tệp của ứng dụng chưa chạy; vui lòng thử lại sau',
    en: 'The exported file cannot be downloaded yet: the application’s download server is not running; try again later',
  },
  too_many_jobs: {
    vi: 'Đang có quá nhiều tác vụ nặng chạy cùng lúc[ (tối đa {max} tác vụ mỗi người dùng)]; vui lòng chờ tác vụ trước hoàn thành',
    en: 'Too many heavy tasks are running at once[ (at most {max} per user)]; wait for the previous one to finish',
  },
} satisfies Record<string, ErrorText>;
