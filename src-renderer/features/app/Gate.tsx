/** Screens shown before the working shell: splash, no token, unreachable, login, lock. */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Brand, Field, FormError, SubmitButton } from '../../components/ui';
import { checkPasswordChange, CurrentPasswordField, PasswordFields } from '../../components/PasswordFields';
import { useLang, useMessages } from '../../hooks/useI18n';
import { useFocusOnMount } from '../../hooks/useFocusOnMount';
import { errorText } from '../../i18n';
import { errorFieldKey } from '../../lib/text';
import { selectors, useActions, useAppStore } from '../../store';
import type { ClientError } from '../../transport/errors';
import { LockWaiting } from './LockWaiting';
import { SoundPrompt } from '../../alarm/SoundPrompt';

export function LangSwitch() {
  const lang = useLang();
  const m = useMessages();
  const { ui } = useActions();
  return (
    <div className="lang-switch" role="group" aria-label={m.header.language}>
      <button type="button" aria-pressed={lang === 'vi'} onClick={() => ui.setLang('vi')} lang="vi">
        VI
      </button>
      <button type="button" aria-pressed={lang === 'en'} onClick={() => ui.setLang('en')} lang="en">
        EN
      </button>
    </div>
  );
}

export function GateCard(props: { title: string; wide?: boolean; children: ReactNode }) {
  const m = useMessages();
  const station = useAppStore(selectors.app.station);
  return (
    <main className="gate">
      <div className={`gate__card${props.wide ? ' gate__card--wide' : ''}`}>
        <div className="gate__top">
          <Brand station={station?.name ?? m.app.tagline} />
          <LangSwitch />
        </div>
        <h1 className="gate__title">{props.title}</h1>
        {props.children}
      </div>
    </main>
  );
}

export function Splash() {
  const m = useMessages();
  return (
    <main className="gate">
      <p className="gate__splash" role="status">
        {m.app.loading}
      </p>
    </main>
  );
}

export function NoToken() {
  const m = useMessages();
  return (
    <GateCard title={m.app.name}>
      <p className="gate__msg" role="alert">
        {m.app.noToken}
      </p>
    </GateCard>
  );
}

export function Unreachable() {
  const m = useMessages();
  const lang = useLang();
  const err = useAppStore(selectors.app.bootError);
  const { app } = useActions();
  return (
    <GateCard title={m.app.name}>
      <p className="gate__msg" role="alert">
        {err ? errorText(lang, err) : m.app.linkDown}
      </p>
      <button type="button" className="btn btn--primary" onClick={() => void app.boot()}>
        {m.app.retry}
      </button>
    </GateCard>
  );
}

export function Login() {
  const m = useMessages();
  const lang = useLang();
  const { app } = useActions();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ClientError | null>(null);
  const [busy, setBusy] = useState(false);
  const loginRef = useRef<HTMLInputElement>(null);
  const pwRef = useRef<HTMLInputElement>(null);
  useEffect(() => loginRef.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const err = await app.login(login.trim(), password);
    setBusy(false);
    setError(err);
    if (err) {
      setPassword('');
      if (errorFieldKey(err.field) === 'login') loginRef.current?.focus();
      else pwRef.current?.focus();
    }
  };

  return (
    <GateCard title={m.login.title}>
      <form className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
        <Field label={m.login.login}>
          {({ id }) => (
            <input
              id={id}
              ref={loginRef}
              name="login"
              autoComplete="username"
              value={login}
              onChange={(e) => setLogin(e.target.value)}
              required
              spellCheck={false}
              autoCapitalize="none"
            />
          )}
        </Field>
        <CurrentPasswordField label={m.login.password} value={password} onChange={setPassword} inputRef={pwRef} required />
        <FormError text={error ? errorText(lang, error) : null} testId="login-error" />
        <SubmitButton busy={busy} disabled={!login || !password} label={m.login.submit} busyLabel={m.login.working} className="btn btn--primary btn--block" />
        <p className="gate__note">{m.login.offlineNote}</p>
      </form>
    </GateCard>
  );
}

export function LockScreen() {
  const m = useMessages();
  const lang = useLang();
  const user = useAppStore(selectors.app.user);
  const minutes = useAppStore(selectors.app.idleLockMinutes);
  const { app } = useActions();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ClientError | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useFocusOnMount<HTMLInputElement>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const err = await app.unlock(password);
    setBusy(false);
    setError(err);
    if (err) {
      setPassword('');
      ref.current?.focus();
    }
  };

  return (
    <GateCard title={m.lock.title}>
      <p className="gate__msg">{m.lock.lockedFor(user?.fullName ?? '')}</p>
      <SoundPrompt />
      <LockWaiting />
      <form className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
        <CurrentPasswordField label={m.lock.password} value={password} onChange={setPassword} inputRef={ref} />
        <FormError text={error ? errorText(lang, error) : null} />
        <button type="submit" className="btn btn--primary btn--block" disabled={busy || !password}>
          {m.lock.unlock}
        </button>
        <button type="button" className="btn btn--ghost btn--block" onClick={() => void app.logout()}>
          {m.lock.otherUser}
        </button>
        <p className="gate__note">{m.lock.idleNote(minutes)}</p>
      </form>
    </GateCard>
  );
}

/**
 * After signing in with a temporary password (set by an administrator, `trucban init` or
 * `trucban admin reset`): the only screen until a new password is set — main refuses every
 * other call with `password_change_required` meanwhile.
 */
export function ForcedPasswordChange() {
  const m = useMessages();
  const lang = useLang();
  const user = useAppStore(selectors.app.user);
  const { app } = useActions();
  const [v, setV] = useState({ current: '', next: '', confirm: '' });
  const [errors, setErrors] = useState<Partial<Record<'current' | 'next' | 'confirm', string>>>({});
  const [busy, setBusy] = useState(false);
  const ref = useFocusOnMount<HTMLInputElement>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs = checkPasswordChange(v, m, { differ: true });
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    const err = await app.changePassword(v.current, v.next);
    setBusy(false);
    if (err) {
      const k = err.code === 'password_reused' || errorFieldKey(err.field) === 'next' ? 'next' : 'current';
      setErrors({ [k]: errorText(lang, err, { withField: false }) });
      if (k === 'current') setV({ ...v, current: '' });
    }
  };

  return (
    <GateCard title={m.forcedChange.title}>
      <p className="gate__msg" data-testid="forced-change-note">
        {m.forcedChange.note(user?.fullName ?? '')}
      </p>
      <form className="form-stack" onSubmit={(e) => void submit(e)} noValidate aria-label={m.forcedChange.title}>
        <PasswordFields
          labels={m.forcedChange}
          values={v}
          errors={errors}
          onChange={setV}
          namePrefix="forced"
          currentRef={ref}
        />
        <SubmitButton busy={busy} label={m.forcedChange.submit} className="btn btn--primary btn--block" />
        <button type="button" className="btn btn--ghost btn--block" onClick={() => void app.logout()}>
          {m.forcedChange.signOut}
        </button>
      </form>
    </GateCard>
  );
}
