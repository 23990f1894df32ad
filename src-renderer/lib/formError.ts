import { errorText } from '../i18n';
import type { Lang } from '../i18n';
import type { ClientError } from '../transport/errors';
import { errorFieldKey } from './text';

/**
 * Where a form shows a refusal from main: beside its field (`key`, the text without the field's
 * name) when `isField` says the form has that field, otherwise as the form's general error
 * (`key` null, the full text).
 */
export function placeError(lang: Lang, err: ClientError, isField: (key: string) => boolean): { key: string | null; text: string } {
  const key = errorFieldKey(err.field);
  if (key && isField(key)) return { key, text: errorText(lang, err, { withField: false }) };
  return { key: null, text: errorText(lang, err) };
}
