/**
 * Raise an incident: from the menu, a logbook entry, a camera snapshot, or a phone/fax/email
 * intake. Identifiers are validated by main (errors shown under their field); choosing an
 * immediate step of Đ8.1 makes "biện pháp đã thực hiện" and "đã thông báo cho ai" required.
 */
import { useEffect, useRef, useState } from 'react';
import type { ChangeEvent, KeyboardEvent } from 'react';
import { IMMEDIATE_CASES, INCIDENT_SOURCES } from '../../../src-shared/domain/incidents';
import type { HandlingCase, ImmediateCase, IncidentSource } from '../../../src-shared/domain/incidents';
import { Field, Panel, SubmitButton, TextField } from '../../components/ui';
import { useLang, useMessages } from '../../hooks/useI18n';
import { toInputDateTime } from '../../lib/datetime';
import { errorFieldKey, splitList } from '../../lib/text';
import { selectors, useActions, useAppStore } from '../../store';
import type { RaiseAttachment, RaiseInput } from './slice';
import { CaseChecks, DateTimeInput, FilePicker, FormError, fileToBase64, parseTimeField, stationNow, useFormErrors } from './common';
import { MAX_ATTACHMENT_BYTES } from '../../../src-shared/limits';

const KEYS = [
  'source', 'sourceRef', 'arisenAt', 'receivedAt', 'unitCode', 'siteName', 'zone', 'placeText', 'containers', 'declarations', 'taxCodes',
  'plates', 'billsOfLading', 'vessels', 'description', 'attachments', 'cases', 'step', 'toldWhom', 'immediateAt',
] as const;
type Key = (typeof KEYS)[number];

interface Draft {
  source: IncidentSource;
  sourceRef: string;
  arisenAt: string;
  receivedAt: string;
  unitCode: string;
  siteName: string;
  zone: string;
  placeText: string;
  containers: string;
  declarations: string;
  taxCodes: string;
  plates: string;
  billsOfLading: string;
  vessels: string;
  description: string;
  cases: HandlingCase[];
  immediate: ImmediateCase | '';
  step: string;
  toldWhom: string;
  immediateAt: string;
}

const ACCEPT = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'];
/** The contract's limit (attachments travel base64 inside one RPC message). */
const MAX_FILE = MAX_ATTACHMENT_BYTES;

export function RaiseForm() {
  const m = useMessages();
  const lang = useLang();
  const prefill = useAppStore(selectors.incidents.prefill);
  const user = useAppStore(selectors.app.user);
  const unitNames = useAppStore(selectors.admin.unitNames);
  const { incidents, ui } = useActions();
  const fresh = (): Draft => {
    const t = toInputDateTime(stationNow());
    return {
      source: prefill?.source ?? 'other',
      sourceRef: prefill?.sourceRef ?? '',
      arisenAt: prefill?.arisenAt ? toInputDateTime(prefill.arisenAt) : t,
      receivedAt: prefill?.receivedAt ? toInputDateTime(prefill.receivedAt) : t,
      unitCode: prefill?.place.unitCode ?? '',
      siteName: prefill?.place.siteName ?? '',
      zone: prefill?.place.zone ?? '',
      placeText: prefill?.place.text ?? '',
      containers: (prefill?.identifiers?.containers ?? []).join(', '),
      declarations: (prefill?.identifiers?.declarations ?? []).join(', '),
      taxCodes: (prefill?.identifiers?.taxCodes ?? []).join(', '),
      plates: (prefill?.identifiers?.plates ?? []).join(', '),
      billsOfLading: (prefill?.identifiers?.billsOfLading ?? []).join(', '),
      vessels: (prefill?.identifiers?.vessels ?? []).join(', '),
      description: prefill?.description ?? '',
      cases: [],
      immediate: '',
      step: '',
      toldWhom: '',
      immediateAt: t,
    };
  };
  const [d, setD] = useState<Draft>(fresh);
  const [files, setFiles] = useState<RaiseAttachment[]>(prefill?.attachments ?? []);
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const { errors, setErrors, general, setGeneral, fromServer } = useFormErrors<Key>(KEYS, {
    text: 'placeText',
    at: 'immediateAt',
    container: 'containers',
    occurredAt: 'receivedAt',
  });
  const descRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // a new prefill (another snapshot, another entry) replaces the form
  const tick = prefill?.tick ?? 0;
  useEffect(() => {
    setD(fresh());
    setFiles(prefill?.attachments ?? []);
    setErrors({});
    setGeneral(null);
    requestAnimationFrame(() => {
      const el = descRef.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(el.value.length, el.value.length);
    });
  }, [tick]);

  const upd = (k: keyof Draft) => (v: string) => {
    setD((x) => ({ ...x, [k]: v }));
    if (errors[k as Key]) setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const on = (k: keyof Draft) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => upd(k)(e.target.value);

  const focusField = (k: Key) => {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`[name="${k}"]`)?.focus());
  };

  const addFiles = async (list: FileList | null) => {
    if (!list) return;
    setUploading(true);
    try {
      for (const f of Array.from(list)) {
        if (!ACCEPT.includes(f.type)) {
          setErrors((e) => ({ ...e, attachments: m.incidents.fileType }));
          continue;
        }
        if (f.size > MAX_FILE) {
          setErrors((e) => ({ ...e, attachments: m.incidents.fileTooBig }));
          continue;
        }
        const r = await incidents.putAttachment({ name: f.name, mime: f.type, base64: await fileToBase64(f) });
        if (r.error) {
          fromServer(lang, r.error);
          continue;
        }
        const url = f.type.startsWith('image/') ? URL.createObjectURL(f) : null;
        setFiles((xs) => (xs.some((x) => x.sha256 === r.value.sha256) ? xs : [...xs, { sha256: r.value.sha256, name: f.name, mime: f.type, url, caption: f.name }]));
      }
    } finally {
      setUploading(false);
    }
  };

  const save = async () => {
    if (busy) return;
    const errs: Partial<Record<Key, string>> = {};
    const arisenAt = parseTimeField(d.arisenAt, 'arisenAt', errs, m.errors.invalidDateTime, null);
    const receivedAt = parseTimeField(d.receivedAt, 'receivedAt', errs, m.errors.invalidDateTime, null);
    if (!d.description.trim()) errs.description = m.errors.required;
    let immediate: RaiseInput['immediate'];
    if (d.immediate) {
      if (!d.step.trim()) errs.step = m.errors.required;
      if (!d.toldWhom.trim()) errs.toldWhom = m.errors.required;
      const at = parseTimeField(d.immediateAt, 'immediateAt', errs, m.errors.invalidDateTime, null);
      if (at !== undefined) immediate = { case: d.immediate, step: d.step, toldWhom: d.toldWhom, at };
    }
    setGeneral(null);
    if (Object.keys(errs).length > 0) {
      setErrors(errs);
      focusField(KEYS.find((k) => errs[k])!);
      return;
    }
    const place: RaiseInput['place'] = {};
    if (d.unitCode.trim()) place.unitCode = d.unitCode.trim();
    if (d.siteName.trim()) place.siteName = d.siteName;
    if (d.zone.trim()) place.zone = d.zone;
    if (d.placeText.trim()) place.text = d.placeText;
    const input: RaiseInput = {
      source: d.source,
      sourceRef: d.sourceRef,
      arisenAt: arisenAt!,
      receivedAt: receivedAt!,
      place,
      description: d.description,
      identifiers: {
        containers: splitList(d.containers),
        declarations: splitList(d.declarations),
        taxCodes: splitList(d.taxCodes),
        plates: splitList(d.plates),
        billsOfLading: splitList(d.billsOfLading),
        vessels: splitList(d.vessels),
      },
      attachments: files.map((f) => f.sha256),
      cases: d.cases,
    };
    if (prefill?.entryId) input.entryId = prefill.entryId;
    if (prefill?.cameraId) input.cameraId = prefill.cameraId;
    if (immediate) input.immediate = immediate;
    setBusy(true);
    const r = await incidents.raise(input);
    setBusy(false);
    if (r.error) {
      fromServer(lang, r.error);
      // main names an identifier by its kind ('vessel'), the form by its list ('vessels')
      const field = errorFieldKey(r.error.field);
      const key = KEYS.find((k) => k === field);
      if (key) focusField(key);
      return;
    }
    // kept in the workstation's outbox: the slice said so and closed the form
    if (r.queued) return;
    ui.toast('success', (mm) => (immediate ? mm.incidents.immediateRecorded : mm.incidents.raised));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      incidents.cancelRaise();
    }
  };

  const text = (k: Key & keyof Draft, label: string, extra: { list?: string; upper?: boolean; hint?: string; placeholder?: string } = {}) => (
    <TextField label={label} error={errors[k]} hint={extra.hint} name={k} value={d[k] as string} onChange={on(k)} list={extra.list} placeholder={extra.placeholder} className={extra.upper ? 'upper' : undefined} autoComplete="off" spellCheck={false} />
  );
  const time = (k: 'arisenAt' | 'receivedAt' | 'immediateAt', label: string) => (
    <Field label={label} error={errors[k]}>
      {({ id, describedBy, invalid }) => <DateTimeInput id={id} name={k} value={d[k]} onChange={upd(k)} describedBy={describedBy} invalid={invalid} />}
    </Field>
  );
  const unitName = d.unitCode.trim() ? unitNames.get(d.unitCode.trim().toUpperCase()) : undefined;

  return (
    <form ref={formRef} className="inc-raise" onSubmit={(e) => { e.preventDefault(); void save(); }} onKeyDown={onKeyDown} noValidate data-testid="raise-form">
      <div className="inc-raise__bar">
        <button type="button" className="btn btn--ghost" onClick={() => incidents.cancelRaise()}>
          {m.incidents.back}
        </button>
        <h1>{m.incidents.raiseTitle}</h1>
        <span className="muted small">
          {m.incidents.raisedBy}: <strong>{user?.fullName}</strong>
        </span>
      </div>
      <div className="inc-raise__cols">
        <Panel title={m.incidents.facts}>
          <div className="form-stack">
            <div className="grid-2">
              <Field label={m.incidents.source} error={errors.source}>
                {({ id }) => (
                  <select id={id} name="source" value={d.source} onChange={on('source')}>
                    {INCIDENT_SOURCES.map((s) => (
                      <option key={s} value={s}>
                        {m.incidents.sources[s]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {text('sourceRef', m.incidents.sourceRef, { hint: m.incidents.sourceRefHint })}
            </div>
            <div className="grid-2">
              {time('arisenAt', m.incidents.arisenAt)}
              {time('receivedAt', m.incidents.receivedAt)}
            </div>
            <Field label={m.incidents.description} error={errors.description}>
              {({ id, describedBy, invalid }) => (
                <textarea
                  id={id}
                  ref={descRef}
                  name="description"
                  value={d.description}
                  onChange={on('description')}
                  rows={5}
                  lang="vi"
                  placeholder={m.incidents.descriptionPlaceholder}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                />
              )}
            </Field>
            <fieldset>
              <legend>{m.incidents.place}</legend>
              <div className="grid-2 grid-2--narrow-first">
                {text('unitCode', m.incidents.unit, { list: 'unit-codes', upper: true, hint: unitName ?? m.incidents.unitHint })}
                {text('siteName', m.incidents.site)}
              </div>
              <div className="grid-2 grid-2--narrow-first">
                {text('zone', m.incidents.zone)}
                {text('placeText', m.incidents.placeText)}
              </div>
            </fieldset>
            <fieldset>
              <legend>
                {m.incidents.identifiers} <span className="muted small">({m.incidents.listHint})</span>
              </legend>
              <div className="grid-2">
                {text('containers', m.logbook.containers, { upper: true, placeholder: 'CSQU3054383, …' })}
                {text('declarations', m.logbook.declarations, { placeholder: '10xxxxxxxxxx, …' })}
                {text('taxCodes', m.logbook.taxCodes)}
                {text('billsOfLading', m.logbook.billsOfLading, { upper: true })}
                {text('plates', m.logbook.plates, { upper: true })}
                {text('vessels', m.logbook.vessels, { upper: true, placeholder: 'IMO 9074729, …' })}
              </div>
            </fieldset>
          </div>
        </Panel>
        <div className="inc-raise__side">
          <Panel title={m.incidents.casesLegend}>
            <CaseChecks chosen={d.cases} onChange={(cases) => setD((x) => ({ ...x, cases }))} />
            {errors.cases ? <span className="field__error">{errors.cases}</span> : null}
          </Panel>
          <Panel title={m.incidents.immediateLegend}>
            <div className="form-stack">
              <fieldset className="plain inc-checks" role="radiogroup" aria-label={m.incidents.immediateLegend}>
                <label className="check">
                  <input type="radio" name="immediate" value="" checked={d.immediate === ''} onChange={() => setD((x) => ({ ...x, immediate: '' }))} />
                  <span>{m.incidents.immediateNone}</span>
                </label>
                {IMMEDIATE_CASES.map((c) => (
                  <label key={c} className="check">
                    <input type="radio" name="immediate" value={c} checked={d.immediate === c} onChange={() => setD((x) => ({ ...x, immediate: c, immediateAt: x.immediate ? x.immediateAt : toInputDateTime(stationNow()) }))} />
                    <span>{m.incidents.immediateCases[c]}</span>
                  </label>
                ))}
              </fieldset>
              {d.immediate ? (
                <>
                  <Field label={m.incidents.immediateStep} error={errors.step}>
                    {({ id, describedBy, invalid }) => (
                      <textarea id={id} name="step" value={d.step} onChange={on('step')} rows={2} lang="vi" placeholder={m.incidents.immediateStepPlaceholder} aria-describedby={describedBy} aria-invalid={invalid} />
                    )}
                  </Field>
                  <div className="grid-2 grid-2--wide-first">
                    {text('toldWhom', m.incidents.toldWhom)}
                    {time('immediateAt', m.incidents.immediateAt)}
                  </div>
                  <p className="muted small">{m.incidents.immediateNote}</p>
                </>
              ) : null}
            </div>
          </Panel>
          <Panel title={m.incidents.attachments}>
            <ul className="inc-files" data-testid="raise-attachments">
              {files.map((f) => (
                <li key={f.sha256} className="inc-file" data-sha256={f.sha256}>
                  {f.url && f.mime.startsWith('image/') ? <img src={f.url} alt={f.caption} width={120} /> : <span className="inc-file__icon" aria-hidden="true">📄</span>}
                  <span className="inc-file__name" lang="vi">
                    {f.caption}
                  </span>
                  <button type="button" className="btn btn--small btn--ghost" onClick={() => setFiles((xs) => xs.filter((x) => x.sha256 !== f.sha256))}>
                    {m.incidents.removeFile}
                  </button>
                </li>
              ))}
            </ul>
            <Field label={m.incidents.addFile} error={errors.attachments} hint={uploading ? m.incidents.uploading : undefined}>
              {({ id, describedBy }) => (
                <FilePicker id={id} name="attachments" accept={ACCEPT.join(',')} multiple describedBy={describedBy} onFiles={(files) => void addFiles(files)} />
              )}
            </Field>
          </Panel>
        </div>
      </div>
      <div className="inc-raise__foot">
        <FormError text={general} testId="raise-error" />
        <SubmitButton busy={busy} disabled={uploading} label={m.incidents.submitRaise} testId="raise-submit" />
        <span className="muted small">Ctrl+Enter · Esc</span>
      </div>
    </form>
  );
}
