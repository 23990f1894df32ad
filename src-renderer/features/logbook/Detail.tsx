import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { EntryDetails, Identifiers, LogbookEntry } from '../../../src-shared/domain/logbook';
import { AmendedBadge, Field, FormError, KindBadge, KvRow, SubmitButton, TextField } from '../../components/ui';
import { IdChips } from '../../components/EntryRow';
import { useLang, useMessages } from '../../hooks/useI18n';
import type { Messages } from '../../i18n';
import { formatDateTime, showShiftDate } from '../../lib/datetime';
import { placeError } from '../../lib/formError';
import { excerpt, joinList, splitList } from '../../lib/text';
import { selectors, useActions, useAppStore } from '../../store';
import type { EntryDetail } from './slice';
import type { RaisePrefill } from '../incidents/slice';
import { attachmentUrl } from '../../video/channels';

/** The raise form from a logbook entry: an incident entry is adopted, others are quoted. */
function raisePrefillOf(e: LogbookEntry): Partial<RaisePrefill> {
  const place: RaisePrefill['place'] = {};
  if (e.details.unitCode) place.unitCode = e.details.unitCode;
  if (e.details.place) place.text = e.details.place;
  return {
    source: 'logbook',
    sourceRef: `#${e.stt}`,
    ...(e.kind === 'incident' ? { entryId: e.id } : {}),
    arisenAt: e.details.arisenAt ?? e.occurredAt,
    receivedAt: e.details.receivedAt ?? e.occurredAt,
    description: e.text,
    place,
    identifiers: e.identifiers,
    attachments: e.attachments.map((a) => ({ sha256: a.sha256, name: a.name, mime: a.mime, url: a.mime.startsWith('image/') ? attachmentUrl(a.sha256) : null, caption: a.name })),
  };
}

function DetailFields({ details, ids, m }: { details: EntryDetails; ids: Identifiers; m: Messages }) {
  const rows: [string, ReactNode][] = [];
  if (details.arisenAt !== undefined) rows.push([m.logbook.arisenAt, formatDateTime(details.arisenAt)]);
  if (details.receivedAt !== undefined) rows.push([m.logbook.receivedAt, formatDateTime(details.receivedAt)]);
  if (details.place) rows.push([m.logbook.place, details.place]);
  if (details.unitCode) rows.push([m.logbook.unitCode, details.unitCode]);
  if (details.form) rows.push([m.logbook.form, m.forms[details.form]]);
  if (details.recipient) rows.push([m.logbook.recipient, details.recipient]);
  if (details.recipientUnitCode) rows.push([m.logbook.recipientUnitCode, details.recipientUnitCode]);
  if (details.reportedAt !== undefined) rows.push([m.logbook.reportedAt, formatDateTime(details.reportedAt)]);
  if (details.reportingUnit) rows.push([m.logbook.reportingUnit, details.reportingUnit]);
  if (details.reportingUnitCode) rows.push([m.logbook.reportingUnitCode, details.reportingUnitCode]);
  const idRows: [string, string[]][] = [
    [m.logbook.containers, ids.containers],
    [m.logbook.declarations, ids.declarations],
    [m.logbook.taxCodes, ids.taxCodes],
    [m.logbook.plates, ids.plates],
    [m.logbook.vessels, ids.vessels],
  ];
  for (const [label, list] of idRows) if (list.length) rows.push([label, <IdChips ids={list} />]);
  if (ids.billsOfLading.length) rows.push([m.logbook.billsOfLading, <IdChips ids={ids.billsOfLading} />]);
  if (rows.length === 0) return null;
  return (
    <dl className="kv">
      {rows.map(([k, v]) => (
        <KvRow key={k} label={k}>{v}</KvRow>
      ))}
    </dl>
  );
}

type AmendKey = 'text' | 'reason' | 'containers' | 'declarations' | 'taxCodes' | 'plates' | 'vessels';
const AMEND_ID_KEYS = ['containers', 'declarations', 'taxCodes', 'plates', 'vessels'] as const;

function AmendForm({ detail, onDone }: { detail: EntryDetail; onDone: () => void }) {
  const m = useMessages();
  const lang = useLang();
  const { logbook, ui } = useActions();
  const e = detail.entry;
  const showIds = e.kind === 'incident' || Object.values(e.identifiers).some((l) => l.length > 0);
  const initial = useMemo(
    () => ({
      text: e.text,
      containers: joinList(e.identifiers.containers),
      declarations: joinList(e.identifiers.declarations),
      taxCodes: joinList(e.identifiers.taxCodes),
      plates: joinList(e.identifiers.plates),
      vessels: joinList(e.identifiers.vessels),
    }),
    [e],
  );
  const [v, setV] = useState<Record<AmendKey, string>>({ ...initial, reason: '' });
  const [errors, setErrors] = useState<Partial<Record<AmendKey, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  useEffect(() => textRef.current?.focus(), []);
  const upd = (k: AmendKey) => (ev: { target: { value: string } }) => setV((x) => ({ ...x, [k]: ev.target.value }));

  const submit = async () => {
    if (busy) return;
    const idsChanged = AMEND_ID_KEYS.some((k) => v[k].trim() !== initial[k]);
    const textChanged = v.text.trim() !== initial.text.trim();
    if (!v.reason.trim()) {
      setErrors({ reason: m.detail.reasonRequired });
      reasonRef.current?.focus();
      return;
    }
    if (!textChanged && !idsChanged) {
      setErrors({ text: m.detail.nothingChanged });
      textRef.current?.focus();
      return;
    }
    setBusy(true);
    const err = await logbook.amend({
      entryId: e.id,
      reason: v.reason,
      ...(textChanged ? { text: v.text } : {}),
      ...(idsChanged
        ? {
            identifiers: {
              containers: splitList(v.containers),
              declarations: splitList(v.declarations),
              taxCodes: splitList(v.taxCodes),
              plates: splitList(v.plates),
              billsOfLading: e.identifiers.billsOfLading,
              vessels: splitList(v.vessels),
            },
          }
        : {}),
    });
    setBusy(false);
    if (err) {
      const p = placeError(lang, err, (k) => k in v);
      if (p.key) setErrors({ [p.key]: p.text });
      else setGeneral(p.text);
      return;
    }
    ui.toast('success', (mm) => mm.detail.amended);
    onDone();
  };

  const onKeyDown = (ev: KeyboardEvent<HTMLFormElement>) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      void submit();
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      onDone();
    }
  };

  return (
    <form className="amend" onKeyDown={onKeyDown} onSubmit={(ev) => { ev.preventDefault(); void submit(); }} noValidate aria-label={m.detail.amendTitle} data-testid="amend-form">
      <h3>{m.detail.amendTitle}</h3>
      <p className="muted small">{m.detail.amendNote}</p>
      <Field label={m.logbook.text} error={errors.text}>
        {({ id, describedBy, invalid }) => <textarea id={id} ref={textRef} name="amend-text" rows={4} value={v.text} onChange={upd('text')} aria-describedby={describedBy} aria-invalid={invalid} />}
      </Field>
      {showIds ? (
        <div className="grid-2">
          {AMEND_ID_KEYS.map((k) => (
            <TextField key={k} label={m.logbook[k]} error={errors[k]} name={`amend-${k}`} value={v[k]} onChange={upd(k)} spellCheck={false} autoComplete="off" />
          ))}
        </div>
      ) : null}
      <TextField label={m.detail.amendReason} error={errors.reason} inputRef={reasonRef} name="amend-reason" value={v.reason} onChange={upd('reason')} autoComplete="off" />
      <FormError text={general} />
      <div className="amend__actions">
        <SubmitButton busy={busy} label={m.detail.amendSave} className="btn btn--warn" />
        <button type="button" className="btn btn--ghost" onClick={onDone}>
          {m.common.cancel}
        </button>
        <span className="muted small">{m.detail.amendHint}</span>
      </div>
    </form>
  );
}

export function DetailPanel() {
  const m = useMessages();
  const selectedId = useAppStore(selectors.logbook.selectedId);
  const detail = useAppStore(selectors.logbook.detail);
  const listed = useAppStore(selectors.logbook.entries);
  const shiftEntries = useAppStore(selectors.shift.entries);
  const targets = useAppStore(selectors.logbook.linkTargets);
  const { logbook, incidents } = useActions();
  const [amending, setAmending] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLElement>(null);

  useEffect(() => setAmending(false), [selectedId]);
  useEffect(() => {
    if (selectedId && !panelRef.current?.contains(document.activeElement)) closeRef.current?.focus({ preventScroll: true });
  }, [selectedId]);

  const known = useMemo(() => {
    const map = new Map<string, LogbookEntry>();
    for (const e of [...listed, ...shiftEntries, ...targets.incidents, ...targets.directions]) map.set(e.id, e);
    return map;
  }, [listed, shiftEntries, targets]);

  if (!selectedId) return null;
  const close = () => {
    const id = selectedId;
    void logbook.select(null);
    // back to the row that was open, so the keyboard user keeps their place
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`tr[data-entry-id="${id}"]`)?.focus());
  };
  const e = detail?.entry;
  const linked = e?.linkedEntryId ? known.get(e.linkedEntryId) : undefined;
  const followUps = e ? [...known.values()].filter((x) => x.linkedEntryId === e.id).sort((a, b) => a.seq - b.seq) : [];

  return (
    <aside
      ref={panelRef}
      className="detail panel"
      aria-label={e ? m.detail.title(e.stt) : m.common.loading}
      data-testid="detail-panel"
    >
      <header className="panel__head">
        <h2>
          {e ? (
            <>
              {m.detail.title(e.stt)} <KindBadge kind={e.kind} /> {e.version > 0 ? <AmendedBadge /> : null}
            </>
          ) : (
            m.common.loading
          )}
        </h2>
        <button ref={closeRef} type="button" className="btn btn--small btn--ghost" onClick={close} aria-label={m.common.close} title="Esc">
          ✕
        </button>
      </header>
      {e && detail ? (
        <div className="panel__body detail__body">
          <dl className="kv kv--meta">
            <KvRow label={m.detail.shift}>{showShiftDate(e.shiftDate)}</KvRow>
            <KvRow label={m.detail.occurredAt}>{formatDateTime(e.occurredAt)}</KvRow>
            <KvRow label={m.detail.author}>{e.authorName}</KvRow>
          </dl>
          <p className="detail__text">{e.text}</p>
          <DetailFields details={e.details} ids={e.identifiers} m={m} />
          {e.linkedEntryId ? (
            <div className="detail__links">
              <span className="muted small">{m.detail.linked}</span>
              <button type="button" className="link-chip" onClick={() => void logbook.select(e.linkedEntryId!)}>
                {linked ? (
                  <>
                    <KindBadge kind={linked.kind} /> #{linked.stt} {excerpt(linked.text, 60)}
                  </>
                ) : (
                  m.logbook.openEntry
                )}
              </button>
            </div>
          ) : null}
          {followUps.length > 0 ? (
            <div className="detail__links">
              <span className="muted small">{m.detail.followUps}</span>
              {followUps.map((f) => (
                <button key={f.id} type="button" className="link-chip" onClick={() => void logbook.select(f.id)}>
                  <KindBadge kind={f.kind} /> #{f.stt} {excerpt(f.text, 60)}
                </button>
              ))}
            </div>
          ) : null}

          {amending ? (
            <AmendForm detail={detail} onDone={() => setAmending(false)} />
          ) : (
            <div className="detail__actions">
              <button type="button" className="btn btn--warn" onClick={() => setAmending(true)}>
                {m.detail.amend}
              </button>
              {e.kind === 'incident' ? (
                <button type="button" className="btn" onClick={() => logbook.startEntry('direction', e.id)}>
                  {m.detail.newDirection}
                </button>
              ) : null}
              {e.kind === 'incident' || e.kind === 'work' || e.kind === 'note' ? (
                <button type="button" className="btn" onClick={() => incidents.startRaise(raisePrefillOf(e))} data-testid="entry-raise">
                  {m.incidents.raiseFromEntry}
                </button>
              ) : null}
              {e.kind === 'direction' ? (
                <button type="button" className="btn" onClick={() => logbook.startEntry('result', e.id)}>
                  {m.detail.newResult}
                </button>
              ) : null}
            </div>
          )}

          <section className="history" aria-label={m.detail.history}>
            <h3>{m.detail.history}</h3>
            <ol className="history__list" data-testid="history">
              {detail.history.map((v) => (
                <li key={v.seq} className={`version${v.version === e.version ? ' version--current' : ''}`}>
                  <div className="version__head">
                    <strong>{m.detail.version(v.version)}</strong>
                    <span className="muted small">{m.detail.by(v.actorName, formatDateTime(v.recordedAt))}</span>
                  </div>
                  {v.reason ? (
                    <p className="version__reason">
                      <span className="muted">{m.detail.reason}:</span> {v.reason}
                    </p>
                  ) : null}
                  <p className="version__text">{v.text}</p>
                  <DetailFields details={{}} ids={v.identifiers} m={m} />
                </li>
              ))}
            </ol>
          </section>
        </div>
      ) : (
        <div className="panel__body">
          <p className="muted">{m.common.loading}</p>
        </div>
      )}
    </aside>
  );
}
