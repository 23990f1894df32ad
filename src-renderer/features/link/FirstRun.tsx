import { useState } from 'react';
import type { FormEvent } from 'react';
import type { PairedDevice } from '../../../src-shared/contract/client';
import { FormError, SubmitButton, TextField } from '../../components/ui';
import { useLang, useMessages } from '../../hooks/useI18n';
import { useFocusOnMount } from '../../hooks/useFocusOnMount';
import { placeError } from '../../lib/formError';
import { useActions } from '../../store';
import { GateCard } from '../app/Gate';
import { Setup } from '../app/Setup';

type Role = 'station' | 'workstation' | 'wall';

/**
 * First run of an installation: what this machine is for (docs/architecture.md, "Roles of an
 * installation"). The station goes on to set up the station; a workstation or wall pairs with
 * its station (address + one-time code) and then starts as a client.
 */
export function FirstRun() {
  const m = useMessages();
  const [role, setRole] = useState<Role | null>(null);
  const first = useFocusOnMount<HTMLButtonElement>();
  if (role === 'station') return <Setup />;
  if (role) return <PairForm role={role} onBack={() => setRole(null)} />;
  const choices: { role: Role; title: string; text: string }[] = [
    { role: 'station', title: m.role.station, text: m.role.stationText },
    { role: 'workstation', title: m.role.workstation, text: m.role.workstationText },
    { role: 'wall', title: m.role.wall, text: m.role.wallText },
  ];
  return (
    <GateCard title={m.role.title} wide>
      <p className="gate__msg">{m.role.intro}</p>
      <div className="role-choice" data-testid="role-choice">
        {choices.map((c, i) => (
          <section key={c.role} className="role-choice__item" data-role={c.role}>
            <h2>{c.title}</h2>
            <p>{c.text}</p>
            <button type="button" className="btn btn--primary" ref={i === 0 ? first : undefined} onClick={() => setRole(c.role)}>
              {m.role.choose}: {c.title}
            </button>
          </section>
        ))}
      </div>
    </GateCard>
  );
}

type Key = 'station' | 'code';

function PairForm({ role, onBack }: { role: 'workstation' | 'wall'; onBack: () => void }) {
  const m = useMessages();
  const lang = useLang();
  const { link } = useActions();
  const [v, setV] = useState<Record<Key, string>>({ station: 'https://', code: '' });
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [paired, setPaired] = useState<PairedDevice | null>(null);
  const first = useFocusOnMount<HTMLInputElement>();
  const set = (k: Key) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  const roleName = role === 'wall' ? m.role.wall : m.role.workstation;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<Key, string>> = {};
    if (!/^https:\/\/\S+$/.test(v.station.trim())) errs.station = m.role.addressHint;
    if (!v.code.trim()) errs.code = m.errors.required;
    setErrors(errs);
    setGeneral(null);
    if (Object.keys(errs).length > 0) return;
    setBusy(true);
    // the station names the device as its administrator did beside the code (docs/architecture.md, "Devices and the LAN")
    const r = await link.pair({ station: v.station.trim(), code: v.code.trim() });
    setBusy(false);
    if (r.error) {
      const p = placeError(lang, r.error, (k) => k in v);
      if (p.key) setErrors({ [p.key]: p.text });
      else setGeneral(p.text);
      return;
    }
    setPaired(r.paired);
  };

  if (paired) {
    return (
      <GateCard title={m.role.pairedTitle} wide>
        <p className="gate__msg" data-testid="paired">{m.role.paired(paired.deviceName, `${paired.stationCode} — ${paired.stationName}`)}</p>
        <p>{m.role.fingerprint}</p>
        <p className="fingerprint" data-testid="fingerprint">
          <code>{paired.fingerprint}</code>
        </p>
        <p>{m.role.restart}</p>
      </GateCard>
    );
  }
  return (
    <GateCard title={m.role.pairTitle(roleName)} wide>
      <p className="gate__msg">{m.role.pairIntro}</p>
      <form className="setup-form" onSubmit={(e) => void submit(e)} noValidate data-testid="pair-form">
        <TextField label={m.role.address} hint={m.role.addressHint} error={errors.station} inputRef={first} name="station" value={v.station} onChange={set('station')} spellCheck={false} />
        <TextField label={m.role.code} hint={m.role.codeHint} error={errors.code} name="code" value={v.code} onChange={set('code')} spellCheck={false} autoComplete="off" />
        <FormError text={general} />
        <div className="setup-form__actions">
          <button type="button" className="btn" onClick={onBack}>
            {m.role.back}
          </button>{' '}
          <SubmitButton busy={busy} label={m.role.pair} busyLabel={m.role.pairing} />
        </div>
      </form>
    </GateCard>
  );
}
