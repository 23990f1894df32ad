import type { Lang } from '../../src-shared/i18n/errors';
import { errorMessages, translateError } from '../../src-shared/i18n/errors';
import type { AppErrorData } from '../../src-shared/errors';
import { ClientError } from '../transport/errors';
import { en } from './en';
import { vi } from './vi';
import type { Messages } from './vi';

export type { Lang } from '../../src-shared/i18n/errors';
export type { Messages } from './vi';

export const MESSAGES: Record<Lang, Messages> = { vi, en };

export function messages(lang: Lang): Messages {
  return MESSAGES[lang];
}

/** Main names some params differently from the catalog's placeholders; align them. */
function alignParams(err: AppErrorData): AppErrorData {
  const p = err.params;
  if (err.code === 'unknown_unit' && p && p.unitCode === undefined && p.code !== undefined) {
    return { ...err, params: { ...p, unitCode: p.code } };
  }
  return err;
}

/**
 * A translated message for any error. `withField: false` drops the "(field: …)" suffix, for
 * messages shown right next to that field.
 */
export function errorText(lang: Lang, e: ClientError | AppErrorData, opts: { withField?: boolean } = {}): string {
  if (e instanceof ClientError && e.transport) {
    const m = MESSAGES[lang].errors;
    return e.transport === 'disconnected' ? m.disconnected : e.transport === 'no_token' ? m.noToken : m.bridge;
  }
  const data = alignParams(e instanceof ClientError ? e.data : e);
  if (opts.withField === false) {
    const { field: _field, ...rest } = data;
    return translateError(lang, rest);
  }
  return translateError(lang, data);
}

/**
 * A translated message for an error about a line of an imported file: errors carrying
 * `params.line` (and `params.column`) get "(dòng …, cột …)" / "(line …, column …)" appended,
 * unless the code's own template already names them. The field suffix is dropped.
 */
export function errorTextWithPosition(lang: Lang, e: ClientError | AppErrorData): string {
  if (e instanceof ClientError && e.transport) return errorText(lang, e);
  const raw = e instanceof ClientError ? e.data : e;
  const line = raw.params?.line;
  if (line === undefined || line === null || line === '') return errorText(lang, raw, { withField: false });
  // main's English detail starts with "CSV line 3, column x: "; the position is said in the UI's language
  const data = { ...raw, message: raw.message.replace(/^CSV line \d+(, column [^:]+)?: /, '') };
  const text = errorText(lang, data, { withField: false });
  if (errorMessages[lang][data.code].includes('{line}')) return text;
  const column = data.params?.column;
  return `${text} ${MESSAGES[lang].errors.position(String(line), column === undefined || column === null ? '' : String(column))}`;
}
