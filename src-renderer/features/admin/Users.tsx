import { useState } from 'react';
import type { FormEvent } from 'react';
import { ROLES, TEAMS } from '../../../src-shared/domain/roles';
import type { Role, Team } from '../../../src-shared/domain/roles';
import { MIN_PASSWORD_LENGTH } from '../../components/PasswordFields';
import { Field, FormError, Panel, SubmitButton, TextField } from '../../components/ui';
import { useLang, useMessages } from '../../hooks/useI18n';
import { errorText } from '../../i18n';
import { placeError } from '../../lib/formError';
import { selectors, useActions, useAppStore } from '../../store';
import { DevicesAdmin } from './Devices';

type Key = 'login' | 'fullName' | 'title' | 'password' | 'roles';

function CreateUser() {
  const m = useMessages();
  const lang = useLang();
  const { admin, ui } = useActions();
  const [v, setV] = useState({ login: '', fullName: '', title: '', password: '', team: '' as Team | '' });
  const [roles, setRoles] = useState<Role[]>(['surveillance_officer']);
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<Key, string>> = {};
    if (!v.login.trim()) errs.login = m.errors.required;
    if (!v.fullName.trim()) errs.fullName = m.errors.required;
    if (v.password.length < MIN_PASSWORD_LENGTH) errs.password = m.setup.tooShort;
    if (roles.length === 0) errs.roles = m.users.pickRole;
    setErrors(errs);
    setGeneral(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    const err = await admin.createUser({ login: v.login.trim(), fullName: v.fullName, title: v.title, roles, team: v.team || null, password: v.password });
    setBusy(false);
    if (err) {
      const p = placeError(lang, err, (k) => ['login', 'fullName', 'title', 'password', 'roles'].includes(k));
      if (p.key) setErrors({ [p.key]: p.text });
      else setGeneral(p.text);
      return;
    }
    const login = v.login.trim().toLowerCase();
    ui.toast('success', (mm) => mm.users.created(login));
    setV({ login: '', fullName: '', title: '', password: '', team: '' });
  };

  return (
    <Panel title={m.users.create} className="users-create">
      <form className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
        <div className="grid-2">
          <TextField label={m.users.login} error={errors.login} name="new-login" value={v.login} onChange={(e) => setV({ ...v, login: e.target.value })} spellCheck={false} autoComplete="off" />
          <TextField label={m.users.password} error={errors.password} hint={m.users.passwordHint} name="new-password" type="password" autoComplete="new-password" value={v.password} onChange={(e) => setV({ ...v, password: e.target.value })} />
        </div>
        <TextField label={m.users.fullName} error={errors.fullName} name="new-fullName" value={v.fullName} onChange={(e) => setV({ ...v, fullName: e.target.value })} />
        <div className="grid-2">
          <Field label={m.users.titleField} error={errors.title}>
            {({ id }) => <input id={id} name="new-title" value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} />}
          </Field>
          <Field label={m.users.team}>
            {({ id }) => (
              <select id={id} name="new-team" value={v.team} onChange={(e) => setV({ ...v, team: e.target.value as Team | '' })}>
                <option value="">{m.users.noTeam}</option>
                {TEAMS.map((t) => (
                  <option key={t} value={t}>
                    {m.team(t)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset className={`checks${errors.roles ? ' field--error' : ''}`}>
          <legend>{m.users.roles}</legend>
          {ROLES.map((r) => (
            <label key={r} className="check">
              <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles((rs) => (e.target.checked ? [...rs, r] : rs.filter((x) => x !== r)))} />
              {m.roles[r]}
            </label>
          ))}
          {errors.roles ? (
            <span className="field__error" role="alert">
              {errors.roles}
            </span>
          ) : null}
        </fieldset>
        <FormError text={general} />
        <SubmitButton busy={busy} label={m.users.create} />
      </form>
    </Panel>
  );
}

export function UsersAdmin() {
  const m = useMessages();
  const users = useAppStore(selectors.admin.users);
  const me = useAppStore(selectors.app.user);
  const isAdmin = useAppStore(selectors.app.isAdmin);
  const { admin, ui } = useActions();

  if (!isAdmin) {
    return (
      <div className="page">
        <Panel title={m.users.title}>
          <p className="muted">{m.users.adminOnly}</p>
        </Panel>
      </div>
    );
  }
  const toggle = async (id: string, login: string, active: boolean) => {
    const err = await admin.setUserActive(id, active);
    if (err) ui.toast('error', (_mm, l) => errorText(l, err));
    else ui.toast('success', (mm) => (active ? mm.users.activated(login) : mm.users.deactivated(login)));
  };
  return (
    <div className="page page--users">
      <Panel title={m.users.title} className="users-list">
        <table className="table" data-testid="users">
          <thead>
            <tr>
              <th>{m.users.login}</th>
              <th>{m.users.fullName}</th>
              <th>{m.users.titleField}</th>
              <th>{m.users.roles}</th>
              <th>{m.users.team}</th>
              <th>{m.users.status}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className={u.active ? undefined : 'row--dim'}>
                <td>
                  <code>{u.login}</code> {u.id === me?.id ? <span className="muted small">{m.users.you}</span> : null}
                </td>
                <td className="strong">{u.fullName}</td>
                <td>{u.title || m.common.none}</td>
                <td>{u.roles.map((r) => m.roles[r]).join(', ')}</td>
                <td>{u.team ?? m.common.none}</td>
                <td>
                  <span className={`badge ${u.active ? 'badge--on_duty' : 'badge--on_leave'}`}>{u.active ? m.users.active : m.users.inactive}</span>
                </td>
                <td>
                  {u.id !== me?.id ? (
                    <button type="button" className={`btn btn--small${u.active ? ' btn--ghost' : ''}`} onClick={() => void toggle(u.id, u.login, !u.active)}>
                      {u.active ? m.users.deactivate : m.users.activate}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <CreateUser />
      <DevicesAdmin />
    </div>
  );
}
