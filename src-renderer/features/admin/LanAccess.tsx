/**
 * Settings → LAN access (docs/architecture.md, "Devices and the LAN"): on/off, the addresses of
 * this machine to serve (or every interface, with a warning), the port, the listener's state
 * and the certificate fingerprint to read out at pairing. Changed on the station's own screen
 * only; the listener follows at once.
 */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { LanState, LanView } from '../../../src-shared/domain/lan';
import { ALL_INTERFACES } from '../../../src-shared/domain/lan';
import type { ErrorCode } from '../../../src-shared/errors';
import { FormError, Panel, SubmitButton, TextField } from '../../components/ui';
import { useLang, useMessages } from '../../hooks/useI18n';
import { errorText } from '../../i18n';
import { useActions, useAppStore } from '../../store';

function StateLine({ state }: { state: LanState }) {
  const m = useMessages();
  const lang = useLang();
  if (state.status === 'listening') return <span className="badge badge--on_duty">{m.lan.listening(state.urls.join(', '))}</span>;
  if (state.status === 'starting') return <span className="badge">{m.lan.starting}</span>;
  if (state.status === 'off') return <span className="badge badge--on_leave">{m.lan.off}</span>;
  const params: Record<string, string | number> = {
    ...(state.host ? { host: state.host } : {}),
    ...(state.port !== undefined ? { port: state.port } : {}),
    ...(state.reason ? { reason: state.reason } : {}),
  };
  return (
    <span className="form-error" role="alert">
      {errorText(lang, { code: state.code as ErrorCode, message: state.code, params }, { withField: false })}
    </span>
  );
}

/** This machine's addresses, plus a chosen one it no longer has (so it can be unticked). */
function choices(view: LanView): Array<{ name: string | null; address: string; internal: boolean }> {
  const list: Array<{ name: string | null; address: string; internal: boolean }> = view.interfaces.map((i) => ({ name: i.name, address: i.address, internal: i.internal }));
  for (const h of view.setting.hosts) if (h !== ALL_INTERFACES && !list.some((i) => i.address === h)) list.push({ name: null, address: h, internal: false });
  return list;
}

function LanForm({ view }: { view: LanView }) {
  const m = useMessages();
  const lang = useLang();
  const { admin } = useActions();
  const [enabled, setEnabled] = useState(view.setting.enabled);
  const [all, setAll] = useState(view.setting.hosts.includes(ALL_INTERFACES));
  const [hosts, setHosts] = useState<string[]>(view.setting.hosts.filter((h) => h !== ALL_INTERFACES));
  const [port, setPort] = useState(String(view.setting.port));
  const [error, setError] = useState<string | null>(null);
  const [portError, setPortError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const toggle = (address: string) => setHosts((h) => (h.includes(address) ? h.filter((x) => x !== address) : [...h, address]));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setPortError(null);
    setSaved(false);
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) return setPortError(m.lan.badPort);
    if (enabled && !all && hosts.length === 0) return setError(m.lan.chooseOne);
    setBusy(true);
    const err = await admin.setLan({ enabled, hosts: all ? [] : hosts, port: n, allInterfaces: all });
    setBusy(false);
    if (err) return setError(errorText(lang, err, { withField: false }));
    setSaved(true);
  };
  const disabled = !view.canChange;
  return (
    <form className="form-stack" onSubmit={(e) => void submit(e)} noValidate data-testid="lan-form">
      <label className="check">
        <input type="checkbox" name="lan-enabled" checked={enabled} disabled={disabled} onChange={(e) => setEnabled(e.target.checked)} /> {m.lan.enabled}
      </label>
      <fieldset disabled={disabled || !enabled} className="form-stack">
        <legend>{m.lan.addresses}</legend>
        {choices(view).map((i) => (
          <label key={`${i.name}-${i.address}`} className="check">
            <input type="checkbox" name="lan-host" value={i.address} checked={!all && hosts.includes(i.address)} disabled={all} onChange={() => toggle(i.address)} />{' '}
            <code>{i.address}</code> <span className="muted small">({i.name === null ? m.lan.gone : `${i.name}${i.internal ? ` · ${m.lan.loopback}` : ''}`})</span>
          </label>
        ))}
        <label className="check">
          <input type="checkbox" name="lan-all" checked={all} onChange={(e) => setAll(e.target.checked)} /> {m.lan.allInterfaces}
        </label>
        {all ? (
          <p className="form-error" role="alert" data-testid="lan-all-warning">
            {m.lan.allWarning}
          </p>
        ) : null}
        <TextField label={m.lan.port} error={portError} name="lan-port" inputMode="numeric" value={port} maxLength={5} style={{ maxWidth: '8rem' }} onChange={(e) => setPort(e.target.value)} />
      </fieldset>
      <FormError text={error} />
      {view.canChange ? (
        <div className="deactivate-form__row">
          <SubmitButton busy={busy} label={m.lan.save} testId="lan-save" />
          {saved ? <span className="muted small">{m.lan.saved}</span> : null}
        </div>
      ) : (
        <p className="muted small">{m.lan.localOnly}</p>
      )}
    </form>
  );
}

export function LanAccess() {
  const m = useMessages();
  const { admin } = useActions();
  const view = useAppStore((s) => s.admin.lan);
  useEffect(() => {
    void admin.loadLan();
  }, [admin]);
  if (!view) return null;
  return (
    <Panel title={m.lan.title}>
      <div data-testid="lan-access">
        <p className="muted">{m.lan.intro}</p>
        <p>
          {m.lan.state}: <StateLine state={view.state} />
        </p>
        {view.source === 'command-line' ? <p className="muted small">{m.lan.commandLine}</p> : null}
        <p className="small">
          {view.fingerprint ? (
            <>
              {m.lan.fingerprint}:
              <br />
              <code style={{ wordBreak: 'break-all', fontSize: '1.05rem' }} data-testid="lan-fingerprint">
                {view.fingerprint}
              </code>
            </>
          ) : (
            m.lan.noFingerprint
          )}
        </p>
        <LanForm key={JSON.stringify(view.setting)} view={view} />
      </div>
    </Panel>
  );
}
