/**
 * Error codes of the journal: channels and the store under them: the database file, the
 * journal's hash chain, one writer per station, backup and restore, and verify
 * (docs/security.md, “Verify: the projections and the file itself”).
 */
import type { ErrorText } from '../errors';

export const journalErrors = {
  // the file and the journal
  // an event whose payload does not fit its type's schema is refused before it is written (docs/architecture.md)
  event_invalid: {
    vi: 'Sự kiện[ {type}] không hợp lệ nên không được ghi vào nhật ký[: {reason}]',
    en: 'The[ {type}] event is invalid and was not written to the journal[: {reason}]',
  },
  db_newer_version: {
    vi: 'Cơ sở dữ liệu được ghi bởi phiên bản mới hơn của ứng dụng[ (phiên bản {version})]; vui lòng cập nhật ứng dụng',
    en: 'The database was written by a newer version of the application[ (version {version})]; please update the application',
  },
  db_missing: {
    vi: 'Không tìm thấy cơ sở dữ liệu[ tại {path}]',
    en: 'Database not found[ at {path}]',
  },
  // the native SQLite module named by $TRUCBAN_SQLITE_BINDING or the app (src-main/store/native.ts)
  sqlite_binding_missing: {
    vi: 'Không tìm thấy mô-đun SQLite của ứng dụng[ tại {path}]; hãy cài đặt lại ứng dụng hoặc sửa biến TRUCBAN_SQLITE_BINDING',
    en: 'The application\'s SQLite module was not found[ at {path}]; reinstall the application or correct TRUCBAN_SQLITE_BINDING',
  },
  journal_broken: {
    vi: 'Chuỗi nhật ký dữ liệu bị đứt gãy[ tại bản ghi số {seq}]: dữ liệu có thể đã bị sửa đổi ngoài ứng dụng',
    en: 'The data journal chain is broken[ at record {seq}]: data may have been altered outside the application',
  },
  no_journal: {
    vi: 'Tệp[ {path}] không chứa nhật ký dữ liệu (tệp rỗng hoặc chưa được khởi tạo)',
    en: 'The file[ {path}] holds no data journal (it is empty or was never set up)',
  },
  not_a_database: {
    vi: 'Tệp[ {path}] không phải là cơ sở dữ liệu của ứng dụng Trực ban',
    en: 'The file[ {path}] is not a Trực ban database',
  },
  db_corrupt: {
    vi: 'Tệp cơ sở dữ liệu bị hỏng[ ({detail})]; hãy khôi phục từ bản sao lưu',
    en: 'The database file is damaged[ ({detail})]; restore it from a backup',
  },
  // verify: the projections the journal proves
  projection_mismatch: {
    vi:
      'Dữ liệu đã lưu không khớp với nhật ký dữ liệu[ (bảng {table}, dòng {row})]: có thể đã bị sửa đổi ngoài ứng dụng[; khôi phục bằng lệnh: {command}]',
    en:
      'The stored data does not match the data journal[ (table {table}, row {row})]: it may have been altered outside the application[; repair with: {command}]',
  },
  // backup and restore
  restore_target_exists: {
    vi: 'Đã có cơ sở dữ liệu tại vị trí khôi phục[ {path}]; không ghi đè — chọn một tệp mới',
    en: 'A database already exists where the restore would go[ ({path})]; it is not overwritten — choose a new file',
  },
  backup_invalid: {
    vi: 'Bản sao lưu không hợp lệ hoặc không đầy đủ[ ({reason})]; chưa khôi phục gì',
    en: 'The backup is invalid or incomplete[ ({reason})]; nothing was restored',
  },
  // one writer per station
  station_busy: {
    vi:
      'Trạm[ {path}] đang được mở bởi một tiến trình khác[ (PID {pid})]: hãy thao tác trên ứng dụng đang chạy hoặc dừng tiến trình đó trước; các lệnh chỉ đọc (verify, search, export, backup) vẫn dùng được',
    en:
      'The station[ {path}] is open in another process[ (PID {pid})]: work in the running app or stop it first; read-only commands (verify, search, export, backup) still work',
  },
} satisfies Record<string, ErrorText>;
