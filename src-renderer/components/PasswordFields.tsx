import type { RefObject } from 'react';
import { Field } from './ui';

export type PasswordKey = 'current' | 'next' | 'confirm';
export type PasswordValues = Record<PasswordKey, string>;

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
