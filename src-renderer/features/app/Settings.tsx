import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Field, FormError, Panel, SubmitButton, TextField } from '../../components/ui';
import { checkPasswordChange, PasswordFields } from '../../components/PasswordFields';
import { useLang, useMessages } from '../../hooks/useI18n';
import { errorText } from '../../i18n';
import { hhmmToMinutes, minutesToHhmm } from '../../lib/datetime';
import { errorFieldKey } from '../../lib/text';
import { placeError } from '../../lib/formError';
import { selectors, useActions, useAppStore } from '../../store';
import type { Theme } from './uiSlice';
import { LanAccess } from '../admin/LanAccess';

function parseRanges(s: string): { from: number; to: number }[] | null {
  const parts = s.split(/[,;]+/).map((x) => x.trim()).filter(Boolean);
  const out: { from: number; to: number }[] = [];
  for (const p of parts) {
    const mm = /^(\S+)\s*[-–—]\s*(\S+)$/.exec(p);
    if (!mm) return null;
    const from = hhmmToMinutes(mm[1]!);
    const to = hhmmToMinutes(mm[2]!);
    if (from === null || to === null) return null;
    out.push({ from, to });
  }
  return out.length <= 6 ? out : null;
}

function StationSettings() {
  const m = useMessages();
  const lang = useLang();
  const station = useAppStore(selectors.app.station);
  const isAdmin = useAppStore(selectors.app.isAdmin);
  const { app, ui } = useActions();
  const fromStation = () => ({
    name: station?.name ?? '',
    place: station?.place ?? '',
    parentBody: station?.parentBody ?? '',
    ranges: (station?.officeHours.ranges ?? []).map((r) => `${minutesToHhmm(r.from)}-${minutesToHhmm(r.to)}`).join(', '),
    idle: String(station?.idleLockMinutes ?? 10),
  });
  const [v, setV] = useState(fromStation);
  const [weekdays, setWeekdays] = useState<number[]>(station?.officeHours.weekdays ?? [1, 2, 3, 4, 5]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setV(fromStation()), [station]);

  if (!station) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const ranges = parseRanges(v.ranges);
    if (!ranges) errs.ranges = m.settings.rangesInvalid;
    const idle = Number(v.idle);
    if (!Number.isInteger(idle) || idle < 1 || idle > 240) errs.idle = m.settings.idleInvalid;
    for (const k of ['name', 'place', 'parentBody'] as const) if (!v[k].trim()) errs[k] = m.errors.required;
    setErrors(errs);
    setGeneral(null);
    if (Object.keys(errs).length || !ranges) return;
    setBusy(true);
    const err = await app.updateStation({
      name: v.name,
      place: v.place,
      parentBody: v.parentBody,
      officeHours: { ranges, weekdays: [...weekdays].sort() },
      idleLockMinutes: idle,
    });
    setBusy(false);
    if (err) {
      const field = (k: string) => (k === 'idleLockMinutes' ? 'idle' : k === 'officeHours' || k === 'ranges' || k === 'from' || k === 'to' ? 'ranges' : k);
      const p = placeError(lang, err, (k) => ['name', 'place', 'parentBody', 'ranges', 'idle'].includes(field(k)));
      if (p.key) setErrors({ [field(p.key)]: p.text });
      else setGeneral(p.text);
      return;
    }
    ui.toast('success', (mm) => mm.settings.saved);
  };

  return (
    <Panel title={m.settings.station}>
      {!isAdmin ? <p className="muted small">{m.settings.adminOnly}</p> : null}
      <form className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset disabled={!isAdmin} className="plain">
          <div className="grid-2">
            <Field label={m.settings.code}>{({ id }) => <input id={id} value={station.code} readOnly disabled />}</Field>
            <Field label={m.settings.kind}>{({ id }) => <input id={id} value={m.stationKinds[station.kind]} readOnly disabled />}</Field>
          </div>
          <TextField label={m.settings.name} error={errors.name} name="name" value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />
          <div className="grid-2">
            <TextField label={m.settings.place} error={errors.place} name="place" value={v.place} onChange={(e) => setV({ ...v, place: e.target.value })} />
            <TextField label={m.settings.parentBody} error={errors.parentBody} name="parentBody" value={v.parentBody} onChange={(e) => setV({ ...v, parentBody: e.target.value })} />
          </div>
          <div className="grid-2">
            <TextField label={`${m.settings.officeHours} — ${m.settings.ranges}`} hint={m.settings.rangesHint} error={errors.ranges} name="ranges" value={v.ranges} onChange={(e) => setV({ ...v, ranges: e.target.value })} />
            <TextField label={m.settings.idleLock} error={errors.idle} name="idleLockMinutes" type="number" min={1} max={240} value={v.idle} onChange={(e) => setV({ ...v, idle: e.target.value })} />
          </div>
          <fieldset className="checks">
            <legend>{m.settings.weekdays}</legend>
            {m.weekdays.map((name, i) => (
              <label key={name} className="check">
                <input type="checkbox" checked={weekdays.includes(i + 1)} onChange={(e) => setWeekdays((w) => (e.target.checked ? [...w, i + 1] : w.filter((x) => x !== i + 1)))} />
                {name}
              </label>
            ))}
          </fieldset>
          <FormError text={general} />
          {isAdmin ? (
            <SubmitButton busy={busy} label={m.settings.save} />
          ) : null}
        </fieldset>
      </form>
    </Panel>
  );
}

function PasswordForm() {
  const m = useMessages();
  const lang = useLang();
  const { app, ui } = useActions();
  const [v, setV] = useState({ current: '', next: '', confirm: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs = checkPasswordChange(v, m);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const err = await app.changePassword(v.current, v.next);
    if (err) {
      const k = err.code === 'bad_credentials' ? 'current' : (errorFieldKey(err.field) ?? 'current');
      setErrors({ [k === 'next' ? 'next' : 'current']: errorText(lang, err, { withField: false }) });
      return;
    }
    setV({ current: '', next: '', confirm: '' });
    ui.toast('success', (mm) => mm.settings.passwordChanged);
  };
  return (
    <Panel title={m.settings.password}>
      <form className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
        <PasswordFields labels={m.settings} values={v} errors={errors} onChange={setV} />
        <button type="submit" className="btn">
          {m.settings.changePassword}
        </button>
      </form>
    </Panel>
  );
}

function Appearance() {
  const m = useMessages();
  const lang = useLang();
  const theme = useAppStore(selectors.ui.theme);
  const version = useAppStore(selectors.app.version);
  const { ui } = useActions();
  return (
    <Panel title={m.settings.appearance}>
      <div className="form-stack">
        <Field label={m.settings.language}>
          {({ id }) => (
            <select id={id} value={lang} onChange={(e) => ui.setLang(e.target.value === 'en' ? 'en' : 'vi')}>
              <option value="vi">Tiếng Việt</option>
              <option value="en">English</option>
            </select>
          )}
        </Field>
        <Field label={m.settings.theme}>
          {({ id }) => (
            <select id={id} value={theme} onChange={(e) => ui.setTheme(e.target.value as Theme)}>
              <option value="dark">{m.header.themeDark}</option>
              <option value="contrast">{m.header.themeContrast}</option>
            </select>
          )}
        </Field>
        <div>
          <h3 className="small muted">{m.shortcuts.title}</h3>
          <ul className="shortcut-list small">
            <li>{m.shortcuts.nav}</li>
            <li>{m.shortcuts.entry}</li>
            <li>{m.shortcuts.lock}</li>
          </ul>
        </div>
        <p className="muted small">{m.app.version(version)}</p>
      </div>
    </Panel>
  );
}

/** The journal's quarantine (admin only): events this build cannot project, with the reason. */
function Quarantine() {
  const m = useMessages();
  const q = useAppStore(selectors.admin.quarantine);
  const { admin } = useActions();
  useEffect(() => void admin.loadQuarantine(), []);
  return (
    <Panel title={m.settings.quarantine}>
      <div className="form-stack" data-testid="quarantine">
        <p className="muted small">{m.settings.quarantineHint}</p>
        {q === null ? null : q.count === 0 ? (
          <p>{m.settings.quarantineNone}</p>
        ) : (
          <>
            <p role="status">
              <strong>{m.settings.quarantineCount(q.count)}</strong>
            </p>
            <table className="table">
              <thead>
                <tr>
                  <th>{m.settings.quarantineSeq}</th>
                  <th>{m.settings.quarantineType}</th>
                  <th>{m.settings.quarantineVersion}</th>
                  <th>{m.settings.quarantineReason}</th>
                </tr>
              </thead>
              <tbody>
                {q.items.map((e) => (
                  <tr key={e.seq}>
                    <td>{e.seq}</td>
                    <td>
                      <code>{e.type}</code>
                    </td>
                    <td>{e.typeVersion}</td>
                    <td className="small">{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {q.count > q.items.length ? <p className="muted small">{m.settings.quarantineMore(q.count - q.items.length)}</p> : null}
          </>
        )}
        <button type="button" className="btn" onClick={() => void admin.loadQuarantine()}>
          {m.settings.quarantineRefresh}
        </button>
      </div>
    </Panel>
  );
}

export function Settings() {
  const isAdmin = useAppStore(selectors.app.isAdmin);
  return (
    <div className="page page--settings">
      <div className="settings-main">
        <StationSettings />
        {isAdmin ? <LanAccess /> : null}
      </div>
      <div className="settings-side">
        {isAdmin ? <Quarantine /> : null}
        <PasswordForm />
        <Appearance />
      </div>
    </div>
  );
}
