/** Error codes of the devices: channels, the LAN listener and pairing (docs/security.md, "The LAN listener"). */
import type { ErrorText } from '../errors';

export const devicesErrors = {
  pair_code_invalid: {
    vi: 'Mã ghép nối không đúng',
    en: 'The pairing code is not valid',
  },
  pair_code_expired: {
    vi: 'Mã ghép nối đã hết hạn; hãy tạo mã mới trên trạm',
    en: 'The pairing code has expired; create a new one on the station',
  },
  pair_code_used: {
    vi: 'Mã ghép nối đã được dùng; mỗi mã chỉ dùng được một lần',
    en: 'The pairing code has already been used; each code works once',
  },
  pair_proof_invalid: {
    vi: 'Mã ghép nối hoặc chứng chỉ của trạm không khớp (có thể có máy khác giả danh trạm)',
    en: 'The pairing code or the station certificate does not match (another machine may be impersonating the station)',
  },
  device_unknown: {
    vi: 'Máy này chưa được ghép nối với trạm',
    en: 'This device is not paired with the station',
  },
  device_revoked: {
    vi: 'Máy này đã bị thu hồi quyền kết nối với trạm',
    en: 'This device has been revoked by the station',
  },
  device_role_forbidden: {
    vi: 'Chức năng này không dùng được trên loại máy này[ ({channel})]',
    en: 'This function is not available on this kind of device[ ({channel})]',
  },
  rate_limited: {
    vi: 'Quá nhiều yêu cầu từ máy này; hãy thử lại sau giây lát',
    en: 'Too many requests from this device; try again in a moment',
  },
  lan_tls_required: {
    vi: 'Trạm chỉ phục vụ ngoài địa chỉ nội bộ (loopback) qua TLS[: {host}]',
    en: 'The station serves beyond loopback only over TLS[: {host}]',
  },
  tls_invalid: {
    vi: 'Khoá hoặc chứng chỉ TLS của trạm không dùng được[: {reason}]',
    en: 'The station’s TLS key or certificate cannot be used[: {reason}]',
  },
} satisfies Record<string, ErrorText>;
