/**
 * Error codes of a client installation (a workstation or a wall) and its link to the station:
 * pairing, the pinned certificate, the station out of reach, writes kept in the outbox.
 */
import type { ErrorText } from '../errors';

export const clientErrors = {
  station_unreachable: {
    vi: 'Không kết nối được trạm trực ban[ {station}]; đang thử lại…',
    en: 'The duty station[ {station}] cannot be reached; retrying…',
  },
  station_cert_mismatch: {
    vi: 'Chứng thư của trạm không khớp với chứng thư đã ghép nối[ (nhận được {observed})]: có thể có máy khác giả danh trạm; không gửi thông tin đăng nhập',
    en: 'The station’s certificate does not match the one paired with[ (got {observed})]: another machine may be impersonating the station; no credential was sent',
  },
  outbox_queued: {
    vi: 'Chưa gửi: đã lưu trên máy này và sẽ tự gửi khi kết nối lại được trạm',
    en: 'Not sent: kept on this machine and sent automatically once the station can be reached again',
  },
  not_paired: {
    vi: 'Máy này chưa được ghép nối với trạm trực ban[ ({dir})]; chạy: trucban client pair --station https://MÁY:CỔNG --code MÃ',
    en: 'This machine is not paired with a duty station[ ({dir})]; run: trucban client pair --station https://HOST:PORT --code CODE',
  },
  device_file_invalid: {
    vi: 'Tệp ghép nối của máy này không đọc được hoặc không hợp lệ[ ({path})]; hãy ghép nối lại',
    en: 'This machine’s pairing file cannot be read or is invalid[ ({path})]; pair again',
  },
  pair_confirm_invalid: {
    vi: 'Trạm trả lời không chứng minh được nó biết mã ghép nối: không lưu gì; hãy kiểm tra địa chỉ trạm',
    en: 'The station’s answer does not prove it knows the pairing code: nothing was stored; check the station’s address',
  },
  pair_failed: {
    vi: 'Không ghép nối được với trạm[: {reason}]',
    en: 'Pairing with the station failed[: {reason}]',
  },
  pair_code_format: {
    vi: 'Mã ghép nối phải có dạng ABCD-EFGH-JKMN (12 ký tự: chữ số và chữ cái, không có U)',
    en: 'The pairing code must look like ABCD-EFGH-JKMN (12 characters: digits and letters, no U)',
  },
  // changing an installation's role (trucban client role --set)
  role_paired: {
    vi: 'Máy này đang ghép nối với trạm[ {station}]; thêm --unpair để bỏ ghép nối trước khi đổi thành trạm',
    en: 'This machine is paired with the station[ {station}]; add --unpair to forget the pairing before making it a station',
  },
  role_outbox_waiting: {
    vi: 'Còn[ {count}] nội dung chưa gửi lên trạm; hãy để máy kết nối với trạm cho đến khi gửi hết rồi đổi vai trò',
    en: 'There are[ {count}] writes not yet sent to the station; let the machine reach the station until they are sent, then change the role',
  },
  role_station_data: {
    vi: 'Thư mục này chứa cơ sở dữ liệu của một trạm[ ({path})]; hãy sao lưu và chuyển nó đi trước khi đổi thành máy trạm hoặc màn hình tường',
    en: 'This folder holds a station database[ ({path})]; back it up and move it before making this machine a workstation or wall',
  },
  role_pairing: {
    vi: 'Máy này đã ghép nối với vai trò[ {role}]; để đổi vai trò hãy ghép nối lại bằng mã mới của trạm',
    en: 'This machine is paired as a[ {role}]; to change that, pair it again with a new code from the station',
  },
  // pair_code_invalid/expired/used, pair_proof_invalid, device_unknown and device_revoked are the
  // station's answers: declared once, in ./devices.errors.ts
} satisfies Record<string, ErrorText>;
