/** Error codes of the video: channels. */
import type { ErrorText } from '../errors';

export const videoErrors = {
  ffmpeg_missing: {
    vi: 'Không tìm thấy ffmpeg: cài gói ffmpeg[ ({install})] hoặc đặt biến môi trường FFMPEG_BIN',
    en: 'ffmpeg not found: install ffmpeg[ ({install})] or set the FFMPEG_BIN environment variable',
  },
  video_unavailable: {
    vi: 'Chưa có hình ảnh từ camera[ {camera}]; vui lòng thử lại sau',
    en: 'No picture from camera[ {camera}] yet; try again later',
  },
  video_too_many_streams: {
    vi: 'Quá nhiều luồng video trên một kết nối; đóng bớt ô hình',
    en: 'Too many video streams on one connection; close some tiles',
  },
} satisfies Record<string, ErrorText>;
