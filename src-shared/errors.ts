/**
 * Typed errors shared by every transport. A handler never throws raw errors at a client:
 * it answers `{ ok: false, error: AppErrorData }`, and the client translates `code` with
 * the i18n catalog (params fill the placeholders, `field` names the input that was wrong).
 */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_channel',
  'not_authenticated',
  'forbidden',
  'locked_out',
  'bad_credentials',
  'session_locked',
  'not_found',
  'conflict',
  'setup_required',
  'already_set_up',
  'invalid_container',
  'invalid_tax_code',
  'invalid_declaration',
  'invalid_vessel',
  'unknown_unit',
  'invalid_date',
  'invalid_link',
  'invalid_camera_url',
  'unknown_camera',
  'db_newer_version',
  'db_missing',
  'journal_broken',
  'unavailable',
  'ffmpeg_missing',
  'video_unavailable',
  'download_unavailable',
  'illegal_transition',
  'approval_required',
  'case_required',
  'reason_required',
  'scan_required',
  'late_cause_required',
  'self_approval',
  'document_issued',
  'document_superseded',
  'document_not_issued',
  'document_incomplete',
  'document_render_failed',
  // sign-in and accounts (docs/security.md, “Sign-in and accounts”)
  'signin_busy',
  'password_change_required',
  'password_reused',
  'last_admin',
  // output: sane times, attachments (type, size, quota), backup and restore
  'time_out_of_range',
  'attachment_type_mismatch',
  'attachment_too_large',
  'attachment_quota_exceeded',
  'restore_target_exists',
  'backup_invalid',
  // verify: the file itself and the projections the journal proves (docs/security.md, “Verify”)
  'projection_mismatch',
  'no_journal',
  'not_a_database',
  'db_corrupt',
  // sockets: the loopback server's limits
  'busy',
  // writer: one writer per station, heavy jobs off the event loop, export ranges
  'station_busy',
  'too_many_jobs',
  'range_reversed',
  'range_too_long',
  'date_out_of_range',
  'internal',
  // journal: an event whose payload does not fit its type's schema (docs/architecture.md)
  'event_invalid',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorData {
  code: ErrorCode;
  /** Name of the input field at fault, when there is one (e.g. "container"). */
  field?: string;
  params?: Record<string, string | number>;
  /** English fallback text (for logs and CLI); UIs translate `code` instead. */
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly params?: Record<string, string | number>;
  constructor(code: ErrorCode, message: string, opts: { field?: string; params?: Record<string, string | number> } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (opts.field !== undefined) this.field = opts.field;
    if (opts.params !== undefined) this.params = opts.params;
  }
  toData(): AppErrorData {
    const d: AppErrorData = { code: this.code, message: this.message };
    if (this.field !== undefined) d.field = this.field;
    if (this.params !== undefined) d.params = this.params;
    return d;
  }
}

export function isAppErrorData(x: unknown): x is AppErrorData {
  return typeof x === 'object' && x !== null && typeof (x as AppErrorData).code === 'string' && typeof (x as AppErrorData).message === 'string';
}
