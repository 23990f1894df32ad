import type { Ref, RefObject } from 'react';
import type { Messages } from '../i18n';
import { Field } from './ui';

export type PasswordKey = 'current' | 'next' | 'confirm';
export type PasswordValues = Record<PasswordKey, string>;

/** The shortest password the screens accept (main checks it again). */
export const MIN_PASSWORD_LENGTH = 8;

/** "Too short" for a new password under the minimum, else "mismatch" when the confirmation differs; null when both hold. */
export function newPasswordError(next: string, confirm: string, m: Messages): { key: 'next' | 'confirm'; text: string } | null {
  if (next.length < MIN_PASSWORD_LENGTH) return { key: 'next', text: m.setup.tooShort };
  if (next !== confirm) return { key: 'confirm', text: m.setup.mismatch };
  return null;
}

/**
 * The local checks of a password change: the current password given; the new one long enough
 * (and, with `differ`, not the current one again); typed the same twice.
 */
export function checkPasswordChange(v: PasswordValues, m: Messages, opts: { differ?: boolean } = {}): Partial<Record<PasswordKey, string>> {
  const errs: Partial<Record<PasswordKey, string>> = {};
  if (!v.current) errs.current = m.errors.required;
  if (opts.differ && v.next.length >= MIN_PASSWORD_LENGTH && v.next === v.current) errs.next = m.forcedChange.same;
  else {
    const bad = newPasswordError(v.next, v.confirm, m);
    if (bad) errs[bad.key] = bad.text;
  }
  return errs;
}

/** The three fields of a password change (current, new, new again), each with its error. */
export function PasswordFields(props: {
  labels: Record<PasswordKey, string>;
  values: PasswordValues;
  errors: Partial<Record<PasswordKey, string>>;
  onChange: (values: PasswordValues) => void;
  /** `name` attributes `${namePrefix}-current` …; none when omitted. */
  namePrefix?: string;
  /** Focus target: the current-password input. */
  currentRef?: RefObject<HTMLInputElement | null>;
}) {
  const { labels, values, errors, onChange, namePrefix, currentRef } = props;
  return (
    <>
      {(['current', 'next', 'confirm'] as const).map((k) => (
        <Field key={k} label={labels[k]} error={errors[k]}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              ref={k === 'current' ? currentRef : undefined}
              name={namePrefix ? `${namePrefix}-${k}` : undefined}
              type="password"
              autoComplete={k === 'current' ? 'current-password' : 'new-password'}
              value={values[k]}
              onChange={(e) => onChange({ ...values, [k]: e.target.value })}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
      ))}
    </>
  );
}

/** The one password field of signing in or unlocking (`current-password`: the browser may fill it). */
export function CurrentPasswordField(props: { label: string; value: string; onChange: (value: string) => void; inputRef?: Ref<HTMLInputElement> | undefined; required?: boolean | undefined }) {
  return (
    <Field label={props.label}>
      {({ id }) => (
        <input id={id} ref={props.inputRef} name="password" type="password" autoComplete="current-password" value={props.value} onChange={(e) => props.onChange(e.target.value)} required={props.required} />
      )}
    </Field>
  );
}
