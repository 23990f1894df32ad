/**
 * Typed errors shared by every transport. A handler never throws raw errors at a client:
 * it answers `{ ok: false, error: AppErrorData }`, and the client translates `code` with
 * the i18n catalog (params fill the placeholders, `field` names the input that was wrong).
 */
import { commonErrors } from './contract/common.errors';
import { appErrors } from './contract/app.errors';
import { usersErrors } from './contract/users.errors';
import { orgErrors } from './contract/org.errors';
import { logbookErrors } from './contract/logbook.errors';
import { jobsErrors } from './contract/jobs.errors';
import { attachmentsErrors } from './contract/attachments.errors';
import { videoErrors } from './contract/video.errors';
import { incidentsErrors } from './contract/incidents.errors';
import { journalErrors } from './contract/journal.errors';
import { camerasErrors } from './contract/cameras.errors';
import { documentsErrors } from './contract/documents.errors';
import { devicesErrors } from './contract/devices.errors';
import { clientErrors } from './contract/client.errors';

/**
 * An error code's message in both languages, Vietnamese first. Templates use `{name}`
 * placeholders and `[ … ]` optional segments (see formatMessage in ./i18n/errors.ts).
 */
export interface ErrorText {
  vi: string;
  en: string;
}

/**
 * Each domain's error codes with their messages, declared beside its channels in
 * ./contract/<domain>.errors.ts; the generic codes first, then the domains in contract order.
 * A test checks that no code is declared twice.
 */
export const ERROR_DOMAINS = {
  common: commonErrors,
  app: appErrors,
  users: usersErrors,
  org: orgErrors,
  logbook: logbookErrors,
  jobs: jobsErrors,
  attachments: attachmentsErrors,
  video: videoErrors,
  incidents: incidentsErrors,
  journal: journalErrors,
  cameras: camerasErrors,
  documents: documentsErrors,
  devices: devicesErrors,
  client: clientErrors,
} as const;

/** Every code's Vietnamese and English message (./i18n/errors.ts builds its tables from it). */
export const ERROR_TEXTS = {
  ...commonErrors,
  ...appErrors,
  ...usersErrors,
  ...orgErrors,
  ...logbookErrors,
  ...jobsErrors,
  ...attachmentsErrors,
  ...videoErrors,
  ...incidentsErrors,
  ...journalErrors,
  ...camerasErrors,
  ...documentsErrors,
  ...devicesErrors,
  ...clientErrors,
} satisfies Record<string, ErrorText>;

export type ErrorCode = keyof typeof ERROR_TEXTS;
export const ERROR_CODES = Object.freeze(Object.keys(ERROR_TEXTS)) as readonly ErrorCode[];

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
