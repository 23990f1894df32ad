import { useId } from 'react';
import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import type { EntryKind } from '../../src-shared/domain/logbook';
import type { Availability } from '../../src-shared/domain/roles';
import { useMessages } from '../hooks/useI18n';

/** A labelled form control with its error message right below it. */
export function Field(props: {
  label: string;
  error?: string | null | undefined;
  hint?: string | undefined;
  className?: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [props.error ? errId : null, props.hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.error ? ' field--error' : ''}${props.className ? ' ' + props.className : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, describedBy, invalid: !!props.error })}
      {props.hint && !props.error ? (
        <span className="field__hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span className="field__error" id={errId} role="alert">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

/** A labelled text input (any `<input>` attribute passes through) with its hint and error: `Field` around one input. */
export function TextField({ label, error, hint, inputRef, ...input }: { label: string; error?: string | null | undefined; hint?: string | undefined; inputRef?: Ref<HTMLInputElement> | undefined } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => <input {...input} id={id} ref={inputRef} aria-describedby={describedBy} aria-invalid={invalid} />}
    </Field>
  );
}

export function KindBadge({ kind }: { kind: EntryKind }) {
  const m = useMessages();
  return <span className={`badge badge--kind badge--${kind}`}>{m.kinds[kind]}</span>;
}

export function AvailabilityBadge({ value }: { value: Availability }) {
  const m = useMessages();
  const icon = { on_duty: '●', remote: '◐', isolated: '▲', on_leave: '○' }[value];
  return (
    <span className={`badge badge--avail badge--${value}`}>
      <span aria-hidden="true">{icon}</span> {m.availability[value]}
    </span>
  );
}

export function AmendedBadge() {
  const m = useMessages();
  return <span className="badge badge--amended">{m.logbook.amended}</span>;
}

export function Panel(props: { title: ReactNode; actions?: ReactNode; className?: string; children: ReactNode; labelledBy?: string }) {
  const id = useId();
  return (
    <section className={`panel${props.className ? ' ' + props.className : ''}`} aria-labelledby={id}>
      <header className="panel__head">
        <h2 id={id}>{props.title}</h2>
        {props.actions ? <div className="panel__actions">{props.actions}</div> : null}
      </header>
      <div className="panel__body">{props.children}</div>
    </section>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A form's general error (not tied to one field), announced as an alert; nothing when there is none. */
export function FormError({ text, testId }: { text: string | null | undefined; testId?: string | undefined }) {
  if (!text) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {text}
    </p>
  );
}

/** A form's submit button: disabled while busy, its label then the busy text ("Đang lưu…" unless told). */
export function SubmitButton(props: { busy: boolean; label: string; busyLabel?: string | undefined; className?: string | undefined; disabled?: boolean | undefined; testId?: string | undefined }) {
  const m = useMessages();
  return (
    <button type="submit" className={props.className ?? 'btn btn--primary'} disabled={props.busy || !!props.disabled} data-testid={props.testId}>
      {props.busy ? (props.busyLabel ?? m.common.saving) : props.label}
    </button>
  );
}

/** The app's mark and name with the station's name below (the header, the sign-in cards). */
export function Brand({ station, title }: { station: string | undefined; title?: string | undefined }) {
  const m = useMessages();
  return (
    <div className="brand">
      <span className="brand__mark" aria-hidden="true">
        TB
      </span>
      <div className="brand__text">
        <span className="brand__name">{m.app.name}</span>
        <span className="brand__station" title={title}>
          {station}
        </span>
      </div>
    </div>
  );
}

/** One row of a `<dl className="kv">`: the label, then the value (`lang`/`className` go on the `<dd>`). */
export function KvRow(props: { label: ReactNode; className?: string | undefined; lang?: string | undefined; valueClassName?: string | undefined; children: ReactNode }) {
  return (
    <div className={`kv__row${props.className ? ' ' + props.className : ''}`}>
      <dt>{props.label}</dt>
      <dd lang={props.lang} className={props.valueClassName}>
        {props.children}
      </dd>
    </div>
  );
}
