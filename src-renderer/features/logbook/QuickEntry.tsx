import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { DIRECTION_FORMS, ENTRY_KINDS } from '../../../src-shared/domain/logbook';
import type { DirectionForm, EntryKind, LogbookEntry } from '../../../src-shared/domain/logbook';
import { DateTimeInput } from '../../components/DateTimeInput';
import { Field, FormError, SubmitButton, TextField } from '../../components/ui';
import { useLang, useMessages } from '../../hooks/useI18n';
import { useRovingFocus } from '../../hooks/useRovingFocus';
import { errorText } from '../../i18n';
import { formatDate, formatTime, parseInputDateTime, toInputDateTime } from '../../lib/datetime';
import { errorFieldKey, excerpt, splitList } from '../../lib/text';
import { selectors, store, useActions, useAppStore } from '../../store';
import type { AddEntryInput } from './slice';

type TimeKey = 'arisenAt' | 'receivedAt' | 'reportedAt';
const TIME_KEYS: readonly TimeKey[] = ['arisenAt', 'receivedAt', 'reportedAt'];

interface Draft {
  text: string;
  arisenAt: string;
  receivedAt: string;
  reportedAt: string;
  place: string;
  unitCode: string;
  containers: string;
  declarations: string;
  taxCodes: string;
  plates: string;
  vessels: string;
  form: DirectionForm;
  recipient: string;
  recipientUnitCode: string;
  linkIncident: string;
  linkDirection: string;
  reportingUnit: string;
  reportingUnitCode: string;
}
type DraftKey = keyof Draft;

const stationNow = () => Date.now() + store.getState().app.clockOffset;

function emptyDraft(now: number): Draft {
  const t = toInputDateTime(now);
  return {
    text: '',
    arisenAt: t,
    receivedAt: t,
    reportedAt: t,
    place: '',
    unitCode: '',
    containers: '',
    declarations: '',
    taxCodes: '',
    plates: '',
    vessels: '',
    form: 'phone',
    recipient: '',
    recipientUnitCode: '',
    linkIncident: '',
    linkDirection: '',
    reportingUnit: '',
    reportingUnitCode: '',
  };
}

function linkLabel(e: LogbookEntry): string {
  return `#${e.stt} · ${formatTime(e.occurredAt)} ${formatDate(e.occurredAt)} — ${excerpt(e.text, 70)}`;
}

/** Where an error from main about `field` should be shown, for an entry of `kind`. */
function draftKeyFor(kind: EntryKind, field: string | undefined): DraftKey | null {
  const key = errorFieldKey(field);
  if (!key) return null;
  if (key === 'occurredAt') return kind === 'incident' ? 'receivedAt' : kind === 'result' ? 'reportedAt' : null;
  if (key === 'linkedEntryId') return kind === 'direction' ? 'linkIncident' : kind === 'result' ? 'linkDirection' : null;
  const known: DraftKey[] = [
    'text', 'arisenAt', 'receivedAt', 'reportedAt', 'place', 'unitCode', 'containers', 'declarations', 'taxCodes', 'plates', 'vessels',
    'form', 'recipient', 'recipientUnitCode', 'reportingUnit', 'reportingUnitCode',
  ];
  return (known as string[]).includes(key) ? (key as DraftKey) : null;
}

export function QuickEntry() {
  const m = useMessages();
  const lang = useLang();
  const kind = useAppStore(selectors.logbook.draftKind);
  const draftLink = useAppStore(selectors.logbook.draftLink);
  const focusTick = useAppStore(selectors.logbook.focusText);
  const targets = useAppStore(selectors.logbook.linkTargets);
  const detail = useAppStore(selectors.logbook.detail);
  const attachment = useAppStore(selectors.logbook.draftAttachment);
  const prefill = useAppStore(selectors.logbook.draftPrefill);
  const { logbook, ui } = useActions();

  const [d, setD] = useState<Draft>(() => emptyDraft(stationNow()));
  const [touched, setTouched] = useState<Record<TimeKey, boolean>>({ arisenAt: false, receivedAt: false, reportedAt: false });
  const [errors, setErrors] = useState<Partial<Record<DraftKey, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // untouched time fields follow the clock, so "now" is still now when the entry is saved
  useEffect(() => {
    const timer = setInterval(() => {
      const t = toInputDateTime(stationNow());
      setD((x) => {
        const next = { ...x };
        let changed = false;
        for (const k of TIME_KEYS) {
          if (!touched[k] && x[k] !== t) {
            next[k] = t;
            changed = true;
          }
        }
        return changed ? next : x;
      });
    }, 10_000);
    return () => clearInterval(timer);
  }, [touched]);

  useEffect(() => {
    if (focusTick > 0) textRef.current?.focus();
  }, [focusTick]);

  // a draft opened from elsewhere (a camera snapshot): its text, place and time
  useEffect(() => {
    if (!prefill) return;
    const now = stationNow();
    setD({ ...emptyDraft(now), text: prefill.text, place: prefill.place, ...(prefill.arisenAt !== null ? { arisenAt: toInputDateTime(prefill.arisenAt) } : {}) });
    setTouched({ arisenAt: prefill.arisenAt !== null, receivedAt: false, reportedAt: false });
    setErrors({});
    requestAnimationFrame(() => {
      const el = textRef.current;
      if (el) el.setSelectionRange(el.value.length, el.value.length);
    });
  }, [prefill]);

  useEffect(() => {
    if (!draftLink) return;
    if (kind === 'direction') setD((x) => ({ ...x, linkIncident: draftLink }));
    if (kind === 'result') setD((x) => ({ ...x, linkDirection: draftLink }));
  }, [draftLink, kind]);

  const upd = (k: DraftKey) => (e: { target: { value: string } }) => {
    const value = e.target.value;
    setD((x) => ({ ...x, [k]: value }));
    if ((TIME_KEYS as readonly string[]).includes(k)) setTouched((t) => ({ ...t, [k]: true }));
    if (errors[k]) setErrors((er) => ({ ...er, [k]: undefined }));
  };

  const focusField = (k: DraftKey) => {
    const el = formRef.current?.querySelector<HTMLElement>(`[name="${k}"]`);
    (el ?? textRef.current)?.focus();
  };

  const save = async () => {
    if (busy) return;
    const errs: Partial<Record<DraftKey, string>> = {};
    const time = (k: TimeKey): number | undefined => {
      if (!d[k].trim()) return undefined;
      const ms = parseInputDateTime(d[k]);
      if (ms === null) errs[k] = m.errors.invalidDateTime;
      return ms ?? undefined;
    };
    if (!d.text.trim()) errs.text = m.errors.required;
    const input: AddEntryInput = { kind, text: d.text, details: {}, identifiers: {}, linkedEntryId: null };
    if (attachment) input.attachments = [attachment.sha256];
    const details: NonNullable<AddEntryInput['details']> = {};
    const str = (v: string) => (v.trim() ? v.trim() : undefined);
    if (kind === 'work') {
      details.place = str(d.place);
      details.unitCode = str(d.unitCode);
    } else if (kind === 'incident') {
      details.arisenAt = time('arisenAt');
      details.receivedAt = time('receivedAt');
      details.place = str(d.place);
      details.unitCode = str(d.unitCode);
      input.occurredAt = details.receivedAt ?? details.arisenAt;
      input.identifiers = {
        containers: splitList(d.containers),
        declarations: splitList(d.declarations),
        taxCodes: splitList(d.taxCodes),
        plates: splitList(d.plates),
        vessels: splitList(d.vessels),
      };
    } else if (kind === 'direction') {
      details.form = d.form;
      details.recipient = str(d.recipient);
      details.recipientUnitCode = str(d.recipientUnitCode);
      input.linkedEntryId = d.linkIncident || null;
    } else if (kind === 'result') {
      details.reportedAt = time('reportedAt');
      details.reportingUnit = str(d.reportingUnit);
      details.reportingUnitCode = str(d.reportingUnitCode);
      input.occurredAt = details.reportedAt;
      input.linkedEntryId = d.linkDirection || null;
    }
    for (const k of Object.keys(details) as (keyof typeof details)[]) if (details[k] === undefined) delete details[k];
    input.details = details;
    if (input.occurredAt === undefined) delete input.occurredAt;
    setGeneral(null);
    if (Object.keys(errs).length > 0) {
      setErrors(errs);
      focusField(Object.keys(errs)[0] as DraftKey);
      return;
    }
    setBusy(true);
    const submittedText = d.text;
    const r = await logbook.add(input);
    setBusy(false);
    if (r.error) {
      const key = draftKeyFor(kind, r.error.field);
      if (key) {
        setErrors({ [key]: errorText(lang, r.error, { withField: false }) });
        focusField(key);
      } else {
        setErrors({});
        setGeneral(errorText(lang, r.error));
        textRef.current?.focus();
      }
      return;
    }
    if (r.queued) {
      ui.toast('info', (mm) => mm.link.queuedToast, 8000);
      setErrors({});
      setTouched({ arisenAt: false, receivedAt: false, reportedAt: false });
      setD((x) => ({ ...emptyDraft(stationNow()), form: x.form, text: x.text === submittedText ? '' : x.text }));
      textRef.current?.focus();
      return;
    }
    const stt = r.entry.stt;
    ui.toast('success', (mm) => mm.logbook.saved(stt));
    setErrors({});
    setTouched({ arisenAt: false, receivedAt: false, reportedAt: false });
    // whatever the officer typed while the save was in flight is kept, never wiped
    setD((x) => {
      const typedSince = x.text === submittedText ? '' : x.text.startsWith(submittedText) ? x.text.slice(submittedText.length).trimStart() : x.text;
      return { ...emptyDraft(stationNow()), form: x.form, text: typedSince };
    });
    textRef.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    }
  };

  const kindRoving = useRovingFocus(ENTRY_KINDS.length, { vertical: true }, (j) => logbook.startEntry(ENTRY_KINDS[j]!));

  const field = (k: DraftKey, label: string, control: (p: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode, hint?: string) => (
    <Field label={label} error={errors[k]} hint={hint}>
      {control}
    </Field>
  );
  const text = (k: DraftKey, label: string, extra: { list?: string; placeholder?: string; upper?: boolean; hint?: string } = {}) => (
    <TextField label={label} error={errors[k]} hint={extra.hint} name={k} value={d[k]} onChange={upd(k)} list={extra.list} placeholder={extra.placeholder} className={extra.upper ? 'upper' : undefined} spellCheck={false} autoComplete="off" />
  );
  const timeField = (k: TimeKey, label: string) =>
    field(k, label, ({ id, describedBy, invalid }) => (
      <DateTimeInput
        id={id}
        name={k}
        value={d[k]}
        onChange={(value) => upd(k)({ target: { value } })}
        now={stationNow}
        onNow={(value) => {
          setD((x) => ({ ...x, [k]: value }));
          setTouched((t) => ({ ...t, [k]: false }));
        }}
        describedBy={describedBy}
        invalid={invalid}
      />
    ));

  const linkOptions = (list: LogbookEntry[], current: string) => {
    const all = [...list];
    if (current && !all.some((e) => e.id === current) && detail?.entry.id === current) all.unshift(detail.entry);
    return all.map((e) => (
      <option key={e.id} value={e.id}>
        {linkLabel(e)}
      </option>
    ));
  };

  return (
    <form ref={formRef} className="quick-entry panel" onKeyDown={onKeyDown} onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate aria-labelledby="qe-title" data-testid="quick-entry">
      <header className="panel__head">
        <h2 id="qe-title">{m.logbook.quickEntry}</h2>
      </header>
      <div className="panel__body quick-entry__body">
        <div className="kind-picker" role="radiogroup" aria-label={m.logbook.kind}>
          {ENTRY_KINDS.map((k, i) => (
            <button
              key={k}
              ref={kindRoving.refAt(i)}
              type="button"
              role="radio"
              aria-checked={kind === k}
              tabIndex={kind === k ? 0 : -1}
              className={`kind-picker__btn kind--${k}`}
              onClick={() => logbook.startEntry(k)}
              onKeyDown={(e) => kindRoving.onKeyDown(e, i)}
              title={`Alt+${i + 1}`}
            >
              <kbd aria-hidden="true">{i + 1}</kbd> {m.kinds[k]}
            </button>
          ))}
        </div>

        {field('text', m.logbook.text, ({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            ref={textRef}
            name="text"
            value={d.text}
            onChange={upd('text')}
            placeholder={m.logbook.textPlaceholder[kind]}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            rows={kind === 'incident' ? 3 : 4}
            lang="vi"
          />
        ))}

        {attachment ? (
          <figure className="draft-attachment" data-testid="draft-attachment" data-sha256={attachment.sha256} data-mime={attachment.mime ?? 'image'}>
            {attachment.mime?.startsWith('video/') ? (
              <span className="draft-attachment__clip" role="img" aria-label={m.logbook.clipLabel(attachment.caption)} data-testid="draft-clip-icon">
                <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round">
                  <rect x="2.5" y="5.5" width="13" height="13" rx="2" />
                  <path d="M15.5 10l6-3.5v11l-6-3.5z" />
                  <path d="M7.5 9.5v5l4-2.5z" fill="currentColor" stroke="none" />
                </svg>
              </span>
            ) : attachment.url ? (
              <img src={attachment.url} alt={m.logbook.snapshotAlt(attachment.caption)} width={160} height={Math.round((160 * (attachment.height || 9)) / (attachment.width || 16))} />
            ) : null}
            <figcaption>
              <strong>{attachment.mime?.startsWith('video/') ? m.logbook.attachedClip(attachment.seconds ?? 30) : m.logbook.attachedSnapshot}</strong>
              <span className="muted small">
                {attachment.caption} · {formatTime(attachment.at)} {formatDate(attachment.at)}
              </span>
              <button type="button" className="btn btn--small btn--ghost" onClick={() => logbook.clearDraftAttachment()}>
                {attachment.mime?.startsWith('video/') ? m.logbook.removeClip : m.logbook.removeAttachment}
              </button>
            </figcaption>
          </figure>
        ) : null}

        {kind === 'incident' ? (
          <div className="grid-2">
            {timeField('arisenAt', m.logbook.arisenAt)}
            {timeField('receivedAt', m.logbook.receivedAt)}
          </div>
        ) : null}
        {kind === 'work' || kind === 'incident' ? (
          <div className="grid-2 grid-2--wide-first">
            {text('place', m.logbook.place)}
            {text('unitCode', m.logbook.unitCode, { list: 'unit-codes', upper: true })}
          </div>
        ) : null}
        {kind === 'incident' ? (
          <div className="grid-2">
            {text('containers', m.logbook.containers, { upper: true, placeholder: 'CSQU3054383, …' })}
            {text('declarations', m.logbook.declarations, { placeholder: '10xxxxxxxxxx, …' })}
            {text('taxCodes', m.logbook.taxCodes)}
            {text('plates', m.logbook.plates, { upper: true })}
            {text('vessels', m.logbook.vessels, { upper: true, placeholder: 'IMO 9074729, …' })}
          </div>
        ) : null}
        {kind === 'direction' ? (
          <>
            {field('linkIncident', m.logbook.linkIncident, ({ id, describedBy, invalid }) => (
              <select id={id} name="linkIncident" value={d.linkIncident} onChange={upd('linkIncident')} aria-describedby={describedBy} aria-invalid={invalid}>
                <option value="">{m.common.noneOption}</option>
                {linkOptions(targets.incidents, d.linkIncident)}
              </select>
            ))}
            <div className="grid-2">
              {field('form', m.logbook.form, ({ id }) => (
                <select id={id} name="form" value={d.form} onChange={upd('form')}>
                  {DIRECTION_FORMS.map((f) => (
                    <option key={f} value={f}>
                      {m.forms[f]}
                    </option>
                  ))}
                </select>
              ))}
              {text('recipientUnitCode', m.logbook.recipientUnitCode, { list: 'unit-codes', upper: true })}
            </div>
            {text('recipient', m.logbook.recipient)}
          </>
        ) : null}
        {kind === 'result' ? (
          <>
            {field('linkDirection', m.logbook.linkDirection, ({ id, describedBy, invalid }) => (
              <select id={id} name="linkDirection" value={d.linkDirection} onChange={upd('linkDirection')} aria-describedby={describedBy} aria-invalid={invalid}>
                <option value="">{m.common.noneOption}</option>
                {linkOptions(targets.directions, d.linkDirection)}
              </select>
            ))}
            <div className="grid-2">
              {timeField('reportedAt', m.logbook.reportedAt)}
              {text('reportingUnitCode', m.logbook.reportingUnitCode, { list: 'unit-codes', upper: true })}
            </div>
            {text('reportingUnit', m.logbook.reportingUnit)}
          </>
        ) : null}

        <FormError text={general} testId="entry-error" />
        <div className="quick-entry__foot">
          <SubmitButton busy={busy} label={m.logbook.save} />
          <span className="muted small">{m.logbook.saveHint}</span>
        </div>
      </div>
    </form>
  );
}
