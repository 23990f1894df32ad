/** Error codes of the attachments: channels (type, size, quota). */
import type { ErrorText } from '../errors';

export const attachmentsErrors = {
  attachment_type_mismatch: {
    vi: 'Nội dung tệp đính kèm[ «{name}»] không đúng loại tệp đã khai báo[ ({mime})][; nội dung thực tế: {actual}]',
    en: 'The content of the attachment[ “{name}”] does not match its declared type[ ({mime})][; it is really {actual}]',
  },
  attachment_too_large: {
    vi: 'Tệp đính kèm[ «{name}»] quá lớn[ ({size} MB)][; tối đa {max} MB mỗi tệp]',
    en: 'The attachment[ “{name}”] is too large[ ({size} MB)][; at most {max} MB per file]',
  },
  attachment_quota_exceeded: {
    vi: 'Đã vượt hạn mức lưu trữ tệp đính kèm của trạm[ ({used} / {quota} MB)]; tệp chưa được lưu',
    en: 'The station’s attachment storage quota is used up[ ({used} / {quota} MB)]; the file was not stored',
  },
} satisfies Record<string, ErrorText>;
