import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { DeviceRole } from '../../../src-shared/domain/devices';
import { DEVICE_ROLES } from '../../../src-shared/domain/devices';
import type { DeviceRow, PairingCode } from '../../../src-shared/contract/devices';
import { formatDateTime } from '../../../src-shared/time/shift';
import { Field, FormError, Panel, SubmitButton, TextField } from '../../components/ui';
import { ReasonRow } from '../../components/ReasonRow';
import { useLang, useMessages } from '../../hooks/useI18n';
import { placeError } from '../../lib/formError';
import { selectors, useActions, useAppStore } from '../../store';

/** mm:ss left until `at` (0:00 once past). */
function left(at: number, now: number): string {
  const s = Math.max(0, Math.ceil((at - now) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The code just made, big, with its countdown and the fingerprint the new machine must see. */
function PairingCodeView({ code }: { code: PairingCode }) {
  const m = useMessages();
  const { admin } = useActions();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const expired = now >= code.expiresAt;
  return (
    <div className="pairing-code" data-testid="pairing-code" aria-live="polite">
      <strong>{m.devices.codeFor(code.name)}</strong>
      <div style={{ fontFamily: 'ui-monospace, monospace', fontSize: '2.6rem', fontWeight: 700, letterSpacing: '0.12em', margin: '0.4rem 0', opacity: expired ? 0.4 : 1 }} data-testid="pairing-code-value">
        {code.code}
      </div>
      <p className={expired ? 'field__error' : 'muted'} data-testid="pairing-code-expiry">
        {expired ? m.devices.expired : m.devices.expiresIn(left(code.expiresAt, now))} · {m.devices.roles[code.role]}
      </p>
      <p className="muted small">{m.devices.codeHelp}</p>
      <p className="small">
        {m.devices.fingerprint}:
        <br />
        <code style={{ wordBreak: 'break-all' }} data-testid="pairing-fingerprint">
          {code.fingerprint}
        </code>
      </p>
      <button type="button" className="btn btn--ghost" onClick={() => admin.dismissPairing()}>
        {m.devices.done}
      </button>
    </div>
  );
}

function AddDevice({ onClose }: { onClose: () => void }) {
  const m = useMessages();
  const lang = useLang();
  const { admin } = useActions();
  const [name, setName] = useState('');
  const [role, setRole] = useState<DeviceRole>('workstation');
  const [error, setError] = useState<string | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setGeneral(null);
    if (!name.trim()) return setError(m.errors.required);
    setBusy(true);
    const err = await admin.pairDevice(name.trim(), role);
    setBusy(false);
    if (err) {
      const p = placeError(lang, err, (k) => k === 'name');
      if (p.key) setError(p.text);
      else setGeneral(p.text);
      return;
    }
    onClose();
  };
  return (
    <form className="form-stack" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onClose()} noValidate data-testid="add-device">
      <div className="grid-2">
        <TextField label={m.devices.name} error={error} name="device-name" value={name} maxLength={80} placeholder={m.devices.namePlaceholder} onChange={(e) => setName(e.target.value)} />
        <Field label={m.devices.role}>
          {({ id }) => (
            <select id={id} name="device-role" value={role} onChange={(e) => setRole(e.target.value as DeviceRole)}>
              {DEVICE_ROLES.map((r) => (
                <option key={r} value={r}>
                  {m.devices.roles[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <FormError text={general} />
      <div className="deactivate-form__row">
        <SubmitButton busy={busy} label={m.devices.createCode} />
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {m.common.cancel}
        </button>
      </div>
    </form>
  );
}

function RevokeRow({ device, cols, onClose }: { device: DeviceRow; cols: number; onClose: () => void }) {
  const m = useMessages();
  const { admin, ui } = useActions();
  const name = device.name;
  return (
    <ReasonRow
      cols={cols}
      testId="revoke-form"
      name="revoke-reason"
      title={m.devices.revokeTitle(device.name)}
      note={m.devices.revokeNote}
      reasonLabel={m.devices.reason}
      confirmLabel={m.devices.confirmRevoke}
      onConfirm={(reason) => admin.revokeDevice(device.id, reason)}
      onDone={() => ui.toast('success', (mm) => mm.devices.revoked(name))}
      onClose={onClose}
    />
  );
}

/** "Thiết bị / Devices": pairing codes for new machines, the paired devices, revocation (admin). */
export function DevicesAdmin() {
  const m = useMessages();
  const devices = useAppStore(selectors.admin.devices);
  const pairing = useAppStore(selectors.admin.pairing);
  const { admin } = useActions();
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<string | null>(null);
  useEffect(() => {
    void admin.loadDevices();
  }, [admin]);
  const COLS = 7;
  return (
    <Panel
      title={m.devices.title}
      className="devices-admin"
      actions={
        adding || pairing ? null : (
          <button type="button" className="btn" onClick={() => setAdding(true)} data-testid="add-device-button">
            {m.devices.add}
          </button>
        )
      }
    >
      <p className="muted small">{m.devices.intro}</p>
      {adding ? <AddDevice onClose={() => setAdding(false)} /> : null}
      {pairing ? <PairingCodeView code={pairing} /> : null}
      {devices.length === 0 ? (
        <p className="muted">{m.devices.empty}</p>
      ) : (
        <table className="table" data-testid="devices">
          <thead>
            <tr>
              <th>{m.devices.name}</th>
              <th>{m.devices.role}</th>
              <th>{m.devices.lastSeen}</th>
              <th>{m.devices.address}</th>
              <th>{m.devices.pairedBy}</th>
              <th>{m.devices.status}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {devices.map((d) =>
              revoking === d.id ? (
                <RevokeRow key={d.id} device={d} cols={COLS} onClose={() => setRevoking(null)} />
              ) : (
                <tr key={d.id} className={d.revokedAt === null ? undefined : 'row--dim'}>
                  <td className="strong">{d.name}</td>
                  <td>{m.devices.roles[d.role]}</td>
                  <td>{d.lastSeenAt === null ? m.devices.never : formatDateTime(d.lastSeenAt)}</td>
                  <td>
                    <code>{d.lastAddress ?? m.common.none}</code>
                  </td>
                  <td>
                    <code>{d.pairedBy}</code> <span className="muted small">{formatDateTime(d.pairedAt)}</span>
                  </td>
                  <td>
                    <span className={`badge ${d.revokedAt === null ? 'badge--on_duty' : 'badge--on_leave'}`}>
                      {d.revokedAt === null ? m.devices.active : m.devices.revokedAt(formatDateTime(d.revokedAt), d.revokedBy ?? '')}
                    </span>
                  </td>
                  <td>
                    {d.revokedAt === null ? (
                      <button type="button" className="btn btn--small btn--ghost" onClick={() => setRevoking(d.id)}>
                        {m.devices.revoke}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
