import { useMessages } from '../hooks/useI18n';
import { toInputDateTime } from '../lib/datetime';

/**
 * A 'dd/mm/yyyy HH:mm' text input (Asia/Ho_Chi_Minh) with a "now" button; the value is the typed
 * text. `now` is the clock the button reads (the station's, as the screen knows it); the button
 * calls `onNow` with that time's text when given, else `onChange`.
 */
export function DateTimeInput(props: {
  id: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  now: () => number;
  onNow?: ((v: string) => void) | undefined;
  describedBy?: string | undefined;
  invalid?: boolean | undefined;
}) {
  const m = useMessages();
  return (
    <div className="input-with-btn">
      <input
        id={props.id}
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder={m.common.dateTimeHint}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid}
        inputMode="numeric"
        autoComplete="off"
      />
      <button
        type="button"
        className="btn btn--small btn--ghost btn--icon"
        tabIndex={-1}
        title={m.common.now}
        aria-label={m.common.now}
        onClick={() => (props.onNow ?? props.onChange)(toInputDateTime(props.now()))}
      >
        ↺
      </button>
    </div>
  );
}
