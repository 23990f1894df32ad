import { describe, expect, it } from 'vitest';
import { errorText } from '../../src-renderer/i18n';
import { placeError } from '../../src-renderer/lib/formError';
import { ClientError } from '../../src-renderer/transport/errors';

describe('placeError (a refusal from main beside its field, or as the form error)', () => {
  const err = new ClientError({ code: 'invalid_input', field: 'admin.login', message: 'Invalid input' });

  it('names the field (last segment of the path) and drops the field from the text when the form has it', () => {
    const p = placeError('vi', err, (k) => k === 'login');
    expect(p.key).toBe('login');
    expect(p.text).toBe(errorText('vi', err, { withField: false }));
  });

  it('falls back to the general error, with the full text, when the form has no such field', () => {
    const p = placeError('en', err, (k) => k === 'fullName');
    expect(p.key).toBeNull();
    expect(p.text).toBe(errorText('en', err));
  });

  it('treats an error without a field as general', () => {
    const e = new ClientError({ code: 'invalid_input', message: 'Invalid input' });
    let asked = false;
    const p = placeError('vi', e, () => (asked = true));
    expect(p.key).toBeNull();
    expect(asked).toBe(false);
  });
});
