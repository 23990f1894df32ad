/**
 * Pieces shared by the incident screens: live clocks, case badges, the date-time input
 * (dd/mm/yyyy HH:mm, Asia/Ho_Chi_Minh) and small helpers.
 */
import { useState } from 'react';
import { clockState, HANDLING_CASES } from '../../../src-shared/domain/incidents';
import type { ApprovalLevel, ClockView, HandlingCase, ImmediateCase } from '../../../src-shared/domain/incidents';
import type { Role } from '../../../src-shared/domain/roles';
import { DateTimeInput as SharedDateTimeInput } from '../../components/DateTimeInput';
import { useMessages } from '../../hooks/useI18n';
import { useTicker } from '../../hooks/useNow';
import type { Lang, Messages } from '../../i18n';
import { formatDate, formatDuration, formatTime, parseInputDateTime } from '../../lib/datetime';
import { placeError } from '../../lib/formError';
import { selectors, store, useAppStore } from '../../store';
import type { ClientError } from '../../transport/errors';

/** The station's time now, as the incident clocks see it. */
export const stationNow = (): number => Date.now() + selectors.incidents.clockSkew(store.getState());

/** The station's time, ticking every second (aligned to whole seconds). */
export function useStationNow(intervalMs = 1000): number {
  const skew = useAppStore(selectors.incidents.clockSkew);
  return useTicker(intervalMs) + skew;
}

/** A login as the person's full name (the login itself when unknown). */
export function useNameOf(): (login: string) => string {
  const users = useAppStore(selectors.admin.users);
  return (login: string) => users.find((u) => u.login === login)?.fullName ?? login;
}

export const fmt = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '' : `${formatTime(ms)} ${formatDate(ms)}`);

/** A direction's or request's clock, ticking locally with clockState() between refreshes. */
export function ClockBadge({ clock, now, compact = false }: { clock: ClockView; now: number; compact?: boolean }) {
  const m = useMessages();
  const state = clockState(clock, now);
  const remaining = clock.doneAt !== null ? clock.dueAt - clock.doneAt : clock.dueAt - now;
  const label = m.incidents.clock[clock.kind];
  let value: string;
  if (state === 'running') value = `${m.incidents.clockState.running} ${formatDuration(remaining)}`;
  else if (state === 'overdue') value = `${m.incidents.clockState.overdue} ${formatDuration(-remaining)}`;
  else if (state === 'met') value = m.incidents.clockState.met;
  else value = `${m.incidents.clockState.late} ${formatDuration(-remaining)}`;
  return (
    <span
      className={`clock clock--${state}${compact ? ' clock--compact' : ''}`}
      data-testid={`clock-${clock.kind}`}
      data-state={state}
      data-jumped={clock.clockJumped ? 'true' : undefined}
      title={`${m.incidents.clockTitle(label, fmt(clock.dueAt))}${clock.clockJumped ? ` — ${m.incidents.clockJumped}` : ''}`}
    >
      <span className="clock__kind">{label}</span>
      <span className="clock__value">{value}</span>
      {clock.clockJumped ? (
        <span className="clock__jump" aria-label={m.incidents.clockJumped}>
          ⚠
        </span>
      ) : null}
    </span>
  );
}

export function CaseBadges({ cases, immediate }: { cases: readonly HandlingCase[]; immediate?: ImmediateCase | null }) {
  const m = useMessages();
  return (
    <span className="case-badges">
      {immediate ? (
        <span className="badge badge--immediate" title={m.incidents.immediateCases[immediate]}>
          {m.incidents.immediateShort[immediate]}
        </span>
      ) : null}
      {cases.map((c) => (
        <span key={c} className={`badge badge--case${c === '2.3.c3' || c === '2.4' ? ' badge--case-dg' : ''}`} title={m.incidents.cases[c]} data-case={c}>
          {m.incidents.caseShort[c]}
        </span>
      ))}
    </span>
  );
}

export function missingText(levels: readonly ApprovalLevel[], m: ReturnType<typeof useMessages>): string {
  return levels.map((l) => m.incidents.levels[l]).join(', ');
}

/** The shared date-time input, its "now" button on the incident clocks' time (`stationNow`). */
export function DateTimeInput(props: { id: string; name: string; value: string; onChange: (v: string) => void; describedBy?: string | undefined; invalid?: boolean }) {
  return <SharedDateTimeInput {...props} now={stationNow} />;
}

/** Field errors of a small form: local checks and main's answer, translated. */
export function useFormErrors<K extends string>(known: readonly K[], alias: Partial<Record<string, K>> = {}) {
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const fromServer = (lang: Lang, e: ClientError) => {
    const p = placeError(lang, e, (key) => (known as readonly string[]).includes(alias[key] ?? key));
    if (p.key) {
      setErrors({ [alias[p.key] ?? p.key]: p.text } as Partial<Record<K, string>>);
      setGeneral(null);
    } else {
      setErrors({});
      setGeneral(p.text);
    }
  };
  return { errors, setErrors, general, setGeneral, fromServer };
}

/**
 * The 'dd/mm/yyyy HH:mm' value of field `k` of a small form as epoch ms; records "required" when it
 * is blank and required, "invalid date-time" when it does not parse (undefined then).
 */
export function parseTimeValue(v: Readonly<Record<string, string>>, k: string, errs: Record<string, string>, m: Messages, required = true): number | undefined {
  const s = (v[k] ?? '').trim();
  if (!s) {
    if (required) errs[k] = m.errors.required;
    return undefined;
  }
  const ms = parseInputDateTime(s);
  if (ms === null) errs[k] = m.errors.invalidDateTime;
  return ms ?? undefined;
}

/** Parse a date-time field: epoch ms, or records an error. Blank → `blank`. */
export function parseTimeField<K extends string>(value: string, key: K, errs: Partial<Record<K, string>>, msg: string, blank: number | null | undefined = undefined): number | undefined {
  if (!value.trim()) {
    if (blank === null) errs[key] = msg;
    return blank ?? undefined;
  }
  const ms = parseInputDateTime(value);
  if (ms === null) {
    errs[key] = msg;
    return undefined;
  }
  return ms;
}

/** Kept here for the incident screens that import it from this module. */
export { FormError } from '../../components/ui';

export function hasAnyRole(roles: readonly Role[] | undefined, allowed: readonly Role[]): boolean {
  return !!roles && roles.some((r) => allowed.includes(r));
}

/** A file input shown as a translated button (the browser's own text follows its locale, not the app's). */
export function FilePicker(props: { id: string; name: string; accept: string; multiple?: boolean; describedBy?: string | undefined; onFiles: (files: FileList | null) => void }) {
  const m = useMessages();
  return (
    <span className="file-picker">
      <input
        id={props.id}
        type="file"
        name={props.name}
        className="visually-hidden file-picker__input"
        accept={props.accept}
        multiple={props.multiple}
        aria-describedby={props.describedBy}
        onChange={(e) => {
          props.onFiles(e.target.files);
          e.target.value = '';
        }}
      />
      <label htmlFor={props.id} className="btn btn--small">
        {m.incidents.chooseFile}
      </label>
    </span>
  );
}

/** Read a File as base64 (no data: prefix). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.onload = () => {
      const s = String(r.result);
      resolve(s.slice(s.indexOf(',') + 1));
    };
    r.readAsDataURL(file);
  });
}

/** The handling cases as checkboxes (name "cases"), in the regulation's order; `onChange` gets the new choice in that order. */
export function CaseChecks({ chosen, onChange }: { chosen: readonly HandlingCase[]; onChange: (cases: HandlingCase[]) => void }) {
  const m = useMessages();
  return (
    <fieldset className="plain inc-checks" aria-label={m.incidents.casesLegend}>
      {HANDLING_CASES.map((c) => (
        <label key={c} className="check">
          <input type="checkbox" name="cases" value={c} checked={chosen.includes(c)} onChange={(e) => onChange(HANDLING_CASES.filter((y) => (y === c ? e.target.checked : chosen.includes(y))))} />
          <span>
            <strong>{m.incidents.caseShort[c]}</strong> {m.incidents.cases[c]}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
