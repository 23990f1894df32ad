import { useState } from 'react';
import type { FormEvent } from 'react';
import { STATION_KINDS } from '../../../src-shared/domain/roles';
import type { StationKind } from '../../../src-shared/domain/roles';
import { newPasswordError } from '../../components/PasswordFields';
import { Field, FormError, SubmitButton, TextField } from '../../components/ui';
import { useLang, useMessages } from '../../hooks/useI18n';
import { useFocusOnMount } from '../../hooks/useFocusOnMount';
import { placeError } from '../../lib/formError';
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
  const first = useFocusOnMount<HTMLInputElement>();
  const set = (k: Key) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<Key, string>> = {};
    for (const k of ['code', 'name', 'place', 'parentBody', 'login', 'fullName'] as const) if (!v[k].trim()) errs[k] = m.errors.required;
    const bad = newPasswordError(v.password, v.confirm, m);
    if (bad) errs[bad.key === 'next' ? 'password' : 'confirm'] = bad.text;
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
      const p = placeError(lang, err, (k) => k in v);
      if (p.key) setErrors({ [p.key]: p.text });
      else setGeneral(p.text);
    }
  };

  return (
    <GateCard title={m.setup.title} wide>
      <p className="gate__msg">{m.setup.intro}</p>
      <form className="setup-form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{m.setup.station}</legend>
          <div className="grid-2 grid-2--narrow-first">
            <TextField label={m.setup.code} hint={m.setup.codeHint} error={errors.code} inputRef={first} name="code" value={v.code} onChange={set('code')} spellCheck={false} />
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
          <TextField label={m.setup.name} error={errors.name} name="name" value={v.name} onChange={set('name')} />
          <div className="grid-2">
            <TextField label={m.setup.place} hint={m.setup.placeHint} error={errors.place} name="place" value={v.place} onChange={set('place')} />
            <TextField label={m.setup.parentBody} error={errors.parentBody} name="parentBody" value={v.parentBody} onChange={set('parentBody')} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{m.setup.admin}</legend>
          <div className="grid-2">
            <TextField label={m.setup.adminLogin} error={errors.login} name="login" value={v.login} onChange={set('login')} autoComplete="username" spellCheck={false} />
            <TextField label={m.setup.adminName} error={errors.fullName} name="fullName" value={v.fullName} onChange={set('fullName')} />
            <TextField label={m.setup.password} error={errors.password} name="password" type="password" autoComplete="new-password" value={v.password} onChange={set('password')} />
            <TextField label={m.setup.confirm} error={errors.confirm} name="confirm" type="password" autoComplete="new-password" value={v.confirm} onChange={set('confirm')} />
          </div>
        </fieldset>
        <FormError text={general} />
        <SubmitButton busy={busy} label={m.setup.submit} />
      </form>
    </GateCard>
  );
}
