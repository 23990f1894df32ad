import { describe, expect, it } from 'vitest';
import { checkPasswordChange, newPasswordError } from '../../src-renderer/components/PasswordFields';
import { MESSAGES } from '../../src-renderer/i18n';

const m = MESSAGES.vi;

describe('password checks shared by setup, settings and the forced change', () => {
  it('newPasswordError: too short first, then a confirmation that differs', () => {
    expect(newPasswordError('1234567', '1234567', m)).toEqual({ key: 'next', text: m.setup.tooShort });
    expect(newPasswordError('12345678', '12345679', m)).toEqual({ key: 'confirm', text: m.setup.mismatch });
    expect(newPasswordError('12345678', '12345678', m)).toBeNull();
  });

  it('checkPasswordChange: the current password is required; the new one is checked beside it', () => {
    expect(checkPasswordChange({ current: '', next: 'short', confirm: 'short' }, m)).toEqual({ current: m.errors.required, next: m.setup.tooShort });
    expect(checkPasswordChange({ current: 'old-pass-1', next: 'new-pass-1', confirm: 'new-pass-1' }, m)).toEqual({});
  });

  it('with differ, a new password equal to the current one is refused (only when long enough)', () => {
    const same = { current: 'same-pass-1', next: 'same-pass-1', confirm: 'same-pass-1' };
    expect(checkPasswordChange(same, m, { differ: true })).toEqual({ next: m.forcedChange.same });
    expect(checkPasswordChange(same, m)).toEqual({});
    expect(checkPasswordChange({ current: 'short', next: 'short', confirm: 'short' }, m, { differ: true })).toEqual({ next: m.setup.tooShort });
  });
});
