/**
 * A table row that asks for a reason before a step that takes something out of service
 * (a camera deactivated, a device revoked): the reason field gets the focus, Esc cancels, the
 * refusal is shown beside the field, and `onDone` runs only once the step is done.
 */
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { ClientError } from '../transport/errors';
import { useFocusOnMount } from '../hooks/useFocusOnMount';
import { useLang, useMessages } from '../hooks/useI18n';
import { errorText } from '../i18n';
import { TextField } from './ui';

export interface ReasonRowProps {
  cols: number;
  testId: string;
  /** The reason field's name (tests and autofill). */
  name: string;
  title: ReactNode;
  note: string;
  reasonLabel: string;
  placeholder?: string;
  confirmLabel: string;
  /** Runs the step with the trimmed reason; a typed error keeps the row open and is shown. */
  onConfirm: (reason: string) => Promise<ClientError | null>;
  onDone: () => void;
  onClose: () => void;
}

export function ReasonRow(p: ReasonRowProps) {
  const m = useMessages();
  const lang = useLang();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useFocusOnMount<HTMLInputElement>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const err = await p.onConfirm(reason.trim());
    setBusy(false);
    if (err) return setError(errorText(lang, err, { withField: false }));
    p.onDone();
    p.onClose();
  };
  return (
    <tr className="row-form">
      <td colSpan={p.cols}>
        <form className="deactivate-form" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && p.onClose()} data-testid={p.testId}>
          <strong>{p.title}</strong>
          <span className="muted small">{p.note}</span>
          <div className="deactivate-form__row">
            <TextField label={p.reasonLabel} error={error} inputRef={ref} name={p.name} value={reason} maxLength={500} placeholder={p.placeholder} onChange={(e) => setReason(e.target.value)} />
            <button type="submit" className="btn btn--danger" disabled={busy}>
              {p.confirmLabel}
            </button>
            <button type="button" className="btn btn--ghost" onClick={p.onClose}>
              {m.common.cancel}
            </button>
          </div>
        </form>
      </td>
    </tr>
  );
}
