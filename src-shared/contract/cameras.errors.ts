/** Error codes of the cameras: channels (the registry and its CSV import). */
import type { ErrorText } from '../errors';

export const camerasErrors = {
  invalid_camera_url: {
    vi: 'Địa chỉ luồng video (RTSP) của camera không hợp lệ[ (dòng {line}, cột {column})]',
    en: 'Invalid camera stream (RTSP) address[ (line {line}, column {column})]',
  },
  unknown_camera: {
    vi: 'Camera[ số {number}] chưa có trong danh mục camera[ (dòng {line}, cột {column})]',
    en: 'Camera[ number {number}] is not in the camera registry[ (line {line}, column {column})]',
  },
} satisfies Record<string, ErrorText>;
