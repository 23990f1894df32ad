/**
 * The camera registry (Alt+M; administrators and surveillance heads): the table of cameras,
 * the add/edit form, taking a camera out of service with a reason, and CSV import/export
 * (administrators). Credentials are write-only: the table shows "●●●● / ●●●●" when an account
 * is stored, the edit form starts with an empty username and password ("leave empty = keep";
 * a box removes the stored account), and main never sends either back.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChangeEvent, FormEvent, ReactNode } from 'react';
import { SITE_TYPE_LABELS, SITE_TYPES, ZONES_BY_SITE, zoneName, zoneOf } from '../../../src-shared/domain/cameras';
import type { Camera, SiteType } from '../../../src-shared/domain/cameras';
import { redact } from '../../../src-shared/text/redact';
import { Field, FormError, Panel, SubmitButton, TextField } from '../../components/ui';
import { ReasonRow } from '../../components/ReasonRow';
import { useLang, useMessages } from '../../hooks/useI18n';
import { errorTextWithPosition } from '../../i18n';
import type { Lang } from '../../i18n';
import { placeError } from '../../lib/formError';
import { selectors, useActions, useAppStore } from '../../store';
import type { SaveCameraInput } from './slice';

const MASK = '●●●●';

/** A stream URL for display: any `user:pass@` part is cut off (main never returns one anyway). */
export function withoutCredentials(url: string): string {
  return redact(url);
}

interface FormValues {
  number: string;
  name: string;
  siteType: SiteType;
  siteName: string;
  zone: string;
  unitCode: string;
  mainUrl: string;
  subUrl: string;
  username: string;
  password: string;
  mapNote: string;
  neighbours: string;
  recognition: boolean;
  /** Remove the stored account (only offered when one is stored). */
  clearAccount: boolean;
}
type Key = Exclude<keyof FormValues, 'recognition' | 'clearAccount'>;
const KEYS: readonly Key[] = ['number', 'name', 'siteType', 'siteName', 'zone', 'unitCode', 'mainUrl', 'subUrl', 'username', 'password', 'mapNote', 'neighbours'];

function emptyForm(): FormValues {
  return {
    number: '',
    name: '',
    siteType: 'road_border_gate',
    siteName: '',
    zone: ZONES_BY_SITE.road_border_gate[0]!.id,
    unitCode: '',
    mainUrl: '',
    subUrl: '',
    username: '',
    password: '',
    mapNote: '',
    neighbours: '',
    recognition: false,
    clearAccount: false,
  };
}

function formOf(c: Camera): FormValues {
  return {
    number: String(c.number),
    name: c.name,
    siteType: c.siteType,
    siteName: c.siteName,
    zone: c.zone,
    unitCode: c.unitCode,
    mainUrl: c.mainUrl,
    subUrl: c.subUrl ?? '',
    // never known to the renderer: empty means "keep the stored account and password"
    username: '',
    password: '',
    mapNote: c.mapNote,
    neighbours: c.neighbours.join(', '),
    recognition: c.recognition,
    clearAccount: false,
  };
}

function CameraForm({ editing, onDone }: { editing: Camera | null; onDone: () => void }) {
  const m = useMessages();
  const lang = useLang();
  const units = useAppStore(selectors.admin.units);
  const { cameras, ui } = useActions();
  const [v, setV] = useState<FormValues>(() => (editing ? formOf(editing) : emptyForm()));
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setV(editing ? formOf(editing) : emptyForm());
    setErrors({});
    setGeneral(null);
    if (editing) first.current?.focus();
  }, [editing]);

  const set = <K extends keyof FormValues>(k: K, value: FormValues[K]) => setV((x) => ({ ...x, [k]: value }));
  const zones = ZONES_BY_SITE[v.siteType];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<Key, string>> = {};
    const number = Number(v.number.trim());
    if (!/^\d{1,9}$/.test(v.number.trim()) || number <= 0) errs.number = m.cameras.numberInvalid;
    if (!v.name.trim()) errs.name = m.errors.required;
    if (!v.siteName.trim()) errs.siteName = m.errors.required;
    if (!v.unitCode.trim()) errs.unitCode = m.errors.required;
    if (!v.mainUrl.trim()) errs.mainUrl = m.errors.required;
    const parts = v.neighbours
      .split(/[\s,;]+/)
      .map((x) => x.trim())
      .filter(Boolean);
    if (parts.some((p) => !/^\d{1,9}$/.test(p) || Number(p) <= 0)) errs.neighbours = m.cameras.neighboursInvalid;
    setErrors(errs);
    setGeneral(null);
    if (Object.keys(errs).length) return;

    const input: SaveCameraInput = {
      number,
      name: v.name.trim(),
      siteType: v.siteType,
      siteName: v.siteName.trim(),
      zone: v.zone,
      unitCode: v.unitCode.trim().toUpperCase(),
      mainUrl: v.mainUrl.trim(),
      subUrl: v.subUrl.trim() || null,
      mapNote: v.mapNote,
      neighbours: parts.map(Number),
      recognition: v.recognition,
    };
    if (editing) input.id = editing.id;
    // '' removes the stored credentials; an empty field keeps them (the field is omitted)
    if (v.clearAccount) input.username = '';
    else {
      if (v.username.trim()) input.username = v.username.trim();
      if (v.password) input.password = v.password;
    }
    if (editing && !editing.active) input.active = true;

    setBusy(true);
    const r = await cameras.save(input);
    setBusy(false);
    if (r.error) {
      const p = placeError(lang, r.error, (k) => (KEYS as readonly string[]).includes(k));
      if (p.key) setErrors({ [p.key]: p.text });
      else setGeneral(p.text);
      return;
    }
    const n = r.value.number;
    ui.toast('success', (mm) => mm.cameras.saved(n));
    setV(emptyForm());
    setErrors({});
    onDone();
  };

  const input = (k: Key, label: string, opts: { hint?: string; type?: string; list?: string; upper?: boolean; mono?: boolean; autoComplete?: string } = {}): ReactNode => (
    <TextField label={label} error={errors[k]} hint={opts.hint} inputRef={k === 'number' ? first : undefined} name={`cam-${k}`} type={opts.type ?? 'text'} value={v[k]} list={opts.list} onChange={(e) => set(k, opts.upper ? e.target.value.toUpperCase() : e.target.value)} spellCheck={false} autoComplete={opts.autoComplete ?? 'off'} className={opts.mono ? 'mono' : undefined} />
  );

  return (
    <Panel
      title={editing ? m.cameras.editTitle(editing.number) : m.cameras.addTitle}
      className="camera-form"
      actions={
        editing ? (
          <button type="button" className="btn btn--small btn--ghost" onClick={onDone}>
            {m.cameras.cancelEdit}
          </button>
        ) : null
      }
    >
      <form className="form-stack" onSubmit={(e) => void submit(e)} noValidate data-testid="camera-form" data-editing={editing?.id ?? ''}>
        <div className="grid-2 grid-2--narrow-first">
          {input('number', m.cameras.number)}
          {input('name', m.cameras.name)}
        </div>
        <div className="grid-2">
          <Field label={m.cameras.siteType} error={errors.siteType}>
            {({ id, describedBy, invalid }) => (
              <select
                id={id}
                name="cam-siteType"
                value={v.siteType}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                onChange={(e) => {
                  const siteType = e.target.value as SiteType;
                  // keep the zone when the new site type has it, else its first zone
                  setV((x) => ({ ...x, siteType, zone: zoneOf(siteType, x.zone) ? x.zone : ZONES_BY_SITE[siteType][0]!.id }));
                }}
              >
                {SITE_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {SITE_TYPE_LABELS[t][lang]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={m.cameras.zone} error={errors.zone}>
            {({ id, describedBy, invalid }) => (
              <select id={id} name="cam-zone" value={v.zone} onChange={(e) => set('zone', e.target.value)} aria-describedby={describedBy} aria-invalid={invalid}>
                {zones.map((z) => (
                  <option key={z.id} value={z.id}>
                    {z[lang]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="grid-2 grid-2--wide-first">
          {input('siteName', m.cameras.siteName)}
          {input('unitCode', m.cameras.unitCode, { list: 'camera-unit-codes', upper: true })}
        </div>
        <datalist id="camera-unit-codes">
          {units.map((u) => (
            <option key={u.code} value={u.code}>
              {u.shortName || u.name}
            </option>
          ))}
        </datalist>
        {input('mainUrl', m.cameras.mainUrl, { mono: true })}
        {input('subUrl', m.cameras.subUrl, { mono: true, hint: m.cameras.subUrlHint })}
        <div className="grid-2">
          {input('username', m.cameras.username, { hint: editing?.hasCredentials ? m.cameras.usernameKeep : undefined })}
          {input('password', m.cameras.password, {
            type: 'password',
            autoComplete: 'new-password',
            hint: editing ? m.cameras.passwordKeep : m.cameras.passwordNew,
          })}
        </div>
        <Field label={m.cameras.mapNote} error={errors.mapNote} hint={m.cameras.mapNoteHint}>
          {({ id, describedBy, invalid }) => (
            <textarea id={id} name="cam-mapNote" rows={2} value={v.mapNote} onChange={(e) => set('mapNote', e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} lang="vi" />
          )}
        </Field>
        {editing?.hasCredentials ? (
          <label className="check">
            <input type="checkbox" name="cam-clearAccount" checked={v.clearAccount} onChange={(e) => set('clearAccount', e.target.checked)} />
            {m.cameras.clearAccount}
          </label>
        ) : null}
        {input('neighbours', m.cameras.neighbours, { hint: m.cameras.neighboursHint })}
        <label className="check camera-form__rec">
          <input type="checkbox" name="cam-recognition" checked={v.recognition} onChange={(e) => set('recognition', e.target.checked)} />
          {m.cameras.recognition}
        </label>
        <FormError text={general} />
        <div className="form-buttons">
          <SubmitButton busy={busy} label={editing ? m.cameras.save : m.cameras.add} />
        </div>
      </form>
    </Panel>
  );
}

function DeactivateRow({ camera, cols, onClose }: { camera: Camera; cols: number; onClose: () => void }) {
  const m = useMessages();
  const { cameras, ui } = useActions();
  const n = camera.number;
  return (
    <ReasonRow
      cols={cols}
      testId="deactivate-form"
      name="deactivate-reason"
      title={m.cameras.deactivateTitle(camera.number, camera.name)}
      note={m.cameras.deactivateNote}
      reasonLabel={m.cameras.reason}
      placeholder={m.cameras.reasonPlaceholder}
      confirmLabel={m.cameras.confirmDeactivate}
      onConfirm={(reason) => cameras.deactivate(camera.id, reason)}
      onDone={() => ui.toast('success', (mm) => mm.cameras.deactivated(n))}
      onClose={onClose}
    />
  );
}

function Account({ c }: { c: Camera }) {
  const m = useMessages();
  if (!c.hasCredentials) return <span className="muted">{m.cameras.noAccount}</span>;
  return (
    <span className="cam-account" data-testid="camera-account">
      <span className="muted small">{m.cameras.hasAccount}</span>{' '}
      <span className="cam-account__mask" title={m.cameras.maskedAccount} aria-label={m.cameras.maskedAccount}>
        {MASK}
      </span>{' '}
      /{' '}
      <span className="cam-account__mask" title={m.cameras.maskedPassword} aria-label={m.cameras.maskedPassword}>
        {MASK}
      </span>
    </span>
  );
}

function CameraTable({ canEdit, editingId, onEdit }: { canEdit: boolean; editingId: string | null; onEdit: (c: Camera) => void }) {
  const m = useMessages();
  const lang = useLang();
  const list = useAppStore(selectors.cameras.list);
  const unitNames = useAppStore(selectors.admin.unitNames);
  const [showInactive, setShowInactive] = useState(false);
  const [deactivating, setDeactivating] = useState<string | null>(null);
  const shown = useMemo(() => (showInactive ? list : list.filter((c) => c.active)), [list, showInactive]);
  const COLS = canEdit ? 10 : 9;
  return (
    <Panel
      title={m.cameras.listTitle(shown.length)}
      className="camera-list"
      actions={
        <label className="check small">
          <input type="checkbox" checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} name="show-inactive" />
          {m.cameras.showInactive}
        </label>
      }
    >
      {shown.length === 0 ? (
        <p className="empty">{m.cameras.empty}</p>
      ) : (
        <table className="table table--cameras" data-testid="cameras">
          <thead>
            <tr>
              <th className="num">{m.cameras.colNumber}</th>
              <th>{m.cameras.name}</th>
              <th>{m.cameras.zone}</th>
              <th>{m.cameras.unit}</th>
              <th>{m.cameras.streams}</th>
              <th>{m.cameras.account}</th>
              <th>{m.cameras.recognitionShort}</th>
              <th>{m.cameras.neighbours}</th>
              <th>{m.cameras.status}</th>
              {canEdit ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <CameraRow key={c.id} c={c} lang={lang} unitName={unitNames.get(c.unitCode)} canEdit={canEdit} editing={editingId === c.id} deactivating={deactivating === c.id} onEdit={onEdit} onDeactivate={setDeactivating} cols={COLS} />
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

function CameraRow(props: {
  c: Camera;
  lang: Lang;
  unitName: string | undefined;
  canEdit: boolean;
  editing: boolean;
  deactivating: boolean;
  cols: number;
  onEdit: (c: Camera) => void;
  onDeactivate: (id: string | null) => void;
}) {
  const { c, lang } = props;
  const m = useMessages();
  return (
    <>
      <tr className={`${c.active ? '' : 'row--dim'}${props.editing ? ' row--selected' : ''}`} data-camera-number={c.number} data-testid={`camera-row-${c.number}`}>
        <td className="num strong">{c.number}</td>
        <td>
          <div className="strong" title={c.mapNote || undefined}>
            {c.name}
          </div>
          <div className="muted small">
            {c.siteName} · {SITE_TYPE_LABELS[c.siteType][lang]}
          </div>
        </td>
        <td>{zoneName(c.siteType, c.zone, lang)}</td>
        <td>
          <code>{c.unitCode}</code>
          {props.unitName ? <div className="muted small">{props.unitName}</div> : null}
        </td>
        <td className="cam-urls">
          <div>
            <span className="muted small">{m.cameras.mainShort}</span> <code>{withoutCredentials(c.mainUrl)}</code>
          </div>
          <div>
            <span className="muted small">{m.cameras.subShort}</span> {c.subUrl ? <code>{withoutCredentials(c.subUrl)}</code> : <span className="muted small">{m.cameras.sameAsMain}</span>}
          </div>
        </td>
        <td>
          <Account c={c} />
        </td>
        <td>{c.recognition ? <span className="badge badge--rec">{m.cameras.yes}</span> : <span className="muted">{m.cameras.no}</span>}</td>
        <td>{c.neighbours.length ? c.neighbours.join(', ') : m.common.none}</td>
        <td>
          <span className={`badge ${c.active ? 'badge--on_duty' : 'badge--on_leave'}`}>{c.active ? m.cameras.active : m.cameras.inactive}</span>
        </td>
        {props.canEdit ? (
          <td className="cam-actions">
            <button type="button" className="btn btn--small" onClick={() => props.onEdit(c)} aria-label={`${m.cameras.edit} ${c.number}`}>
              {m.cameras.edit}
            </button>
            {c.active ? (
              <button type="button" className="btn btn--small btn--ghost" onClick={() => props.onDeactivate(props.deactivating ? null : c.id)} aria-expanded={props.deactivating}>
                {m.cameras.deactivate}
              </button>
            ) : null}
          </td>
        ) : null}
      </tr>
      {props.deactivating ? <DeactivateRow camera={c} cols={props.cols} onClose={() => props.onDeactivate(null)} /> : null}
    </>
  );
}

function CsvPanel() {
  const m = useMessages();
  const lang = useLang();
  const exporting = useAppStore(selectors.cameras.exporting);
  const { cameras } = useActions();
  const [csv, setCsv] = useState('');
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (!f) return;
    const text = await f.text();
    setCsv(text);
    setResult(null);
    setError(null);
    setFileNote(m.cameras.csvLoaded(f.name, text.split(/\r?\n/).filter((l) => l.trim()).length));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    if (!csv.trim()) return setError(m.cameras.csvEmpty);
    setError(null);
    setBusy(true);
    const r = await cameras.importCsv(csv);
    setBusy(false);
    if (r.error) return setError(`${errorTextWithPosition(lang, r.error)}. ${m.cameras.importFailed}`);
    setResult(m.cameras.imported(r.value.registered, r.value.updated, r.value.unchanged));
    setCsv('');
    setFileNote(null);
  };
  return (
    <Panel
      title={m.cameras.csvTitle}
      className="camera-csv"
      actions={
        <button type="button" className="btn btn--small" onClick={() => void cameras.exportCsv()} disabled={exporting} data-testid="cameras-export" title={m.cameras.exportNote}>
          {exporting ? m.cameras.exporting : m.cameras.export}
        </button>
      }
    >
      <form className="form-stack" onSubmit={(e) => void submit(e)} data-testid="cameras-import">
        <p className="muted small">{m.cameras.csvHelp}</p>
        <Field label={m.cameras.csvFile} hint={fileNote ?? undefined}>
          {({ id, describedBy }) => <input id={id} type="file" name="csv-file" accept=".csv,text/csv,text/plain" onChange={(e) => void onFile(e)} aria-describedby={describedBy} />}
        </Field>
        <Field label={m.cameras.csvPaste} error={error}>
          {({ id, describedBy, invalid }) => (
            <textarea
              id={id}
              name="csv-text"
              rows={5}
              className="mono"
              value={csv}
              onChange={(e) => {
                setCsv(e.target.value);
                setFileNote(null);
              }}
              spellCheck={false}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              placeholder="number,name,site_type,site_name,zone,unit_code,main_url,sub_url,username,password,map_note,neighbours,recognition"
            />
          )}
        </Field>
        {result ? (
          <p className="form-ok" role="status" data-testid="import-result">
            {result}
          </p>
        ) : null}
        <div className="form-buttons">
          <SubmitButton busy={busy} label={m.cameras.import} busyLabel={m.cameras.importing} />
        </div>
      </form>
    </Panel>
  );
}

export function CamerasAdmin() {
  const m = useMessages();
  const canEdit = useAppStore(selectors.app.canManageCameras);
  const isAdmin = useAppStore(selectors.app.isAdmin);
  const units = useAppStore(selectors.admin.units);
  const { cameras, admin } = useActions();
  const [editing, setEditing] = useState<Camera | null>(null);

  useEffect(() => {
    void cameras.load();
  }, [cameras]);
  useEffect(() => {
    if (units.length === 0) void admin.loadUnits();
  }, [admin, units.length]);

  return (
    <div className="page page--cameras" data-testid="cameras-screen">
      <CameraTable canEdit={canEdit} editingId={editing?.id ?? null} onEdit={setEditing} />
      <div className="cameras-side">
        {canEdit ? (
          <CameraForm editing={editing} onDone={() => setEditing(null)} />
        ) : (
          <Panel title={m.cameras.title}>
            <p className="muted">{m.cameras.readOnly}</p>
          </Panel>
        )}
        {isAdmin ? (
          <CsvPanel />
        ) : canEdit ? (
          <Panel title={m.cameras.csvTitle}>
            <p className="muted">{m.cameras.csvAdminOnly}</p>
          </Panel>
        ) : null}
      </div>
    </div>
  );
}
