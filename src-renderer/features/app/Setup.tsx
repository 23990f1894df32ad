import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { STATION_KINDS } from '../../../src-shared/domain/roles';
import type { StationKind } from '../../../src-shared/domain/roles';
import { Field, FormError, SubmitButton } from '../../components/ui';
import { useLang, useMessages } from '../../hooks/useI18n';
import { errorText } from '../../i18n';
import { errorFieldKey } from '../../lib/text';
import { useActions } from '../../store';
import { GateCard } from './Gate';

type Key = 'code' | 'name' | 'kind' | 'place' | 'parentBody' | 'login' | 'fullName' | 'password' | 'confirm';

export function Setup() {
  const m = useMessages();
  const lang = useLang();
  const { app } = useActions();
  const [v, setV] = useState<Record<Key, string>>({
    code: '',
    name: '',
    kind: 'regional_with_cameras',
    place: '',
    parentBody: 'CỤC HẢI QUAN',
    login: 'admin',
    fullName: '',
    password: '',
    confirm: '',
  });
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const set = (k: Key) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<Key, string>> = {};
    for (const k of ['code', 'name', 'place', 'parentBody', 'login', 'fullName'] as const) if (!v[k].trim()) errs[k] = m.errors.required;
    if (v.password.length < 8) errs.password = m.setup.tooShort;
    else if (v.password !== v.confirm) errs.confirm = m.setup.mismatch;
    setErrors(errs);
    setGeneral(null);
    if (Object.keys(errs).length > 0) return;
    setBusy(true);
    const err = await app.setup({
      code: v.code.trim(),
      name: v.name,
      kind: v.kind as StationKind,
      place: v.place,
      parentBody: v.parentBody,
      admin: { login: v.login.trim(), fullName: v.fullName, password: v.password },
    });
    setBusy(false);
    if (err) {
      const key = errorFieldKey(err.field) as Key | null;
      if (key && key in v) setErrors({ [key]: errorText(lang, err, { withField: false }) });
      else setGeneral(errorText(lang, err));
    }
  };

  return (
    <GateCard title={m.setup.title} wide>
      <p className="gate__msg">{m.setup.intro}</p>
      <form className="setup-form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{m.setup.station}</legend>
          <div className="grid-2 grid-2--narrow-first">
            <Field label={m.setup.code} hint={m.setup.codeHint} error={errors.code}>
              {({ id, describedBy, invalid }) => (
                <input id={id} ref={first} name="code" value={v.code} onChange={set('code')} aria-describedby={describedBy} aria-invalid={invalid} spellCheck={false} />
              )}
            </Field>
            <Field label={m.setup.kind} error={errors.kind}>
              {({ id }) => (
                <select id={id} name="kind" value={v.kind} onChange={set('kind')}>
                  {STATION_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {m.stationKinds[k]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field label={m.setup.name} error={errors.name}>
            {({ id, describedBy, invalid }) => <input id={id} name="name" value={v.name} onChange={set('name')} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
          <div className="grid-2">
            <Field label={m.setup.place} hint={m.setup.placeHint} error={errors.place}>
              {({ id, describedBy, invalid }) => <input id={id} name="place" value={v.place} onChange={set('place')} aria-describedby={describedBy} aria-invalid={invalid} />}
            </Field>
            <Field label={m.setup.parentBody} error={errors.parentBody}>
              {({ id, describedBy, invalid }) => (
                <input id={id} name="parentBody" value={v.parentBody} onChange={set('parentBody')} aria-describedby={describedBy} aria-invalid={invalid} />
              )}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>{m.setup.admin}</legend>
          <div className="grid-2">
            <Field label={m.setup.adminLogin} error={errors.login}>
              {({ id, describedBy, invalid }) => (
                <input id={id} name="login" value={v.login} onChange={set('login')} autoComplete="username" spellCheck={false} aria-describedby={describedBy} aria-invalid={invalid} />
              )}
            </Field>
            <Field label={m.setup.adminName} error={errors.fullName}>
              {({ id, describedBy, invalid }) => <input id={id} name="fullName" value={v.fullName} onChange={set('fullName')} aria-describedby={describedBy} aria-invalid={invalid} />}
            </Field>
            <Field label={m.setup.password} error={errors.password}>
              {({ id, describedBy, invalid }) => (
                <input id={id} name="password" type="password" autoComplete="new-password" value={v.password} onChange={set('password')} aria-describedby={describedBy} aria-invalid={invalid} />
              )}
            </Field>
            <Field label={m.setup.confirm} error={errors.confirm}>
              {({ id, describedBy, invalid }) => (
                <input id={id} name="confirm" type="password" autoComplete="new-password" value={v.confirm} onChange={set('confirm')} aria-describedby={describedBy} aria-invalid={invalid} />
              )}
            </Field>
          </div>
        </fieldset>
        <FormError text={general} />
        <SubmitButton busy={busy} label={m.setup.submit} />
      </form>
    </GateCard>
  );
}
