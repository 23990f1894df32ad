/**
 * Requests this station received (Điều 9): register with the receipt time, answer within 30
 * minutes (focal point, expected finish), then report the result — the data of Phụ lục IV,
 * which can be drafted and issued from here.
 */
import { useEffect, useRef, useState } from 'react';
import type { ChangeEvent, KeyboardEvent } from 'react';
import type { InboundRequest } from '../../../src-shared/domain/incidents';
import { LOGBOOK_WRITERS } from '../../../src-shared/domain/roles';
import { Empty, Field, Panel } from '../../components/ui';
import { useLang, useMessages } from '../../hooks/useI18n';
import { errorText } from '../../i18n';
import { parseInputDateTime, toInputDateTime } from '../../lib/datetime';
import { excerpt } from '../../lib/text';
import { selectors, useActions, useAppStore } from '../../store';
import { useClockDrift, usePush } from '../../hooks/usePush';
import { UnitCodes } from '../logbook/Logbook';
import { ClockBadge, DateTimeInput, fmt, FormError, hasAnyRole, parseTimeValue, stationNow, useFormErrors, useStationNow } from './common';
import { DocumentsList } from './Documents';
import { draftForRequest } from './forms';

type Values = Record<string, string>;

function statusOf(r: InboundRequest): 'open' | 'answered' | 'done' {
  return r.result ? 'done' : r.answer ? 'answered' : 'open';
}

/** A small form: text inputs, date-times and text areas, with local checks and main's errors. */
function useMiniForm(initial: Values, keys: readonly string[]) {
  const [v, setV] = useState<Values>(initial);
  const fe = useFormErrors<string>(keys, { text: 'text' });
  const on = (k: string) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const value = e.target.value;
    setV((x) => ({ ...x, [k]: value }));
    if (fe.errors[k]) fe.setErrors((er) => ({ ...er, [k]: undefined }));
  };
  const input = (k: string, label: string, extra: { list?: string; upper?: boolean } = {}) => (
    <Field label={label} error={fe.errors[k]}>
      {({ id, describedBy, invalid }) => <input id={id} name={k} value={v[k] ?? ''} onChange={on(k)} list={extra.list} className={extra.upper ? 'upper' : undefined} aria-describedby={describedBy} aria-invalid={invalid} autoComplete="off" />}
    </Field>
  );
  const area = (k: string, label: string, rows = 3) => (
    <Field label={label} error={fe.errors[k]}>
      {({ id, describedBy, invalid }) => <textarea id={id} name={k} value={v[k] ?? ''} onChange={on(k)} rows={rows} lang="vi" aria-describedby={describedBy} aria-invalid={invalid} />}
    </Field>
  );
  const time = (k: string, label: string) => (
    <Field label={label} error={fe.errors[k]}>
      {({ id, describedBy, invalid }) => <DateTimeInput id={id} name={k} value={v[k] ?? ''} onChange={(x) => setV((y) => ({ ...y, [k]: x }))} describedBy={describedBy} invalid={invalid} />}
    </Field>
  );
  return { v, setV, input, area, time, ...fe };
}

const ctrlEnter = (submit: () => void) => (e: KeyboardEvent<HTMLFormElement>) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    submit();
  }
};

function RegisterForm() {
  const m = useMessages();
  const lang = useLang();
  const { incidents, ui } = useActions();
  const settings = useAppStore(selectors.incidents.settings);
  const blank = (): Values => ({ fromText: '', fromUnitCode: '', reference: '', content: '', receivedAt: toInputDateTime(stationNow()), resultDueAt: '' });
  const f = useMiniForm(blank(), ['fromText', 'fromUnitCode', 'reference', 'content', 'receivedAt', 'resultDueAt']);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (busy) return;
    const errs: Record<string, string> = {};
    if (!f.v.fromText?.trim()) errs.fromText = m.errors.required;
    if (!f.v.content?.trim()) errs.content = m.errors.required;
    const receivedAt = parseTimeValue(f.v, 'receivedAt', errs, m, true);
    const resultDueAt = parseTimeValue(f.v, 'resultDueAt', errs, m, false);
    f.setGeneral(null);
    if (Object.keys(errs).length) {
      f.setErrors(errs);
      return;
    }
    setBusy(true);
    const r = await incidents.registerRequest({
      fromText: f.v.fromText!,
      reference: f.v.reference ?? '',
      content: f.v.content!,
      receivedAt: receivedAt!,
      ...(f.v.fromUnitCode?.trim() ? { fromUnitCode: f.v.fromUnitCode.trim() } : {}),
      ...(resultDueAt !== undefined ? { resultDueAt } : {}),
    });
    setBusy(false);
    if (r.error) {
      f.fromServer(lang, r.error);
      return;
    }
    const minutes = settings.ackMinutes;
    if (!r.queued) ui.toast('success', (mm) => mm.requests.registered(minutes));
    f.setV(blank());
    f.setErrors({});
  };
  return (
    <form className="form-stack" onSubmit={(e) => { e.preventDefault(); void submit(); }} onKeyDown={ctrlEnter(() => void submit())} noValidate data-testid="request-register">
      <div className="grid-2 grid-2--wide-first">
        {f.input('fromText', m.requests.from)}
        {f.input('fromUnitCode', m.requests.fromUnit, { list: 'unit-codes', upper: true })}
      </div>
      {f.input('reference', m.requests.reference)}
      {f.area('content', m.requests.content, 3)}
      <div className="grid-2">
        {f.time('receivedAt', m.requests.receivedAt)}
        {f.time('resultDueAt', m.requests.resultDueAt)}
      </div>
      <FormError text={f.general} />
      <div>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? m.common.saving : m.requests.register}
        </button>
      </div>
    </form>
  );
}

function AnswerForm({ r }: { r: InboundRequest }) {
  const m = useMessages();
  const lang = useLang();
  const { incidents, ui } = useActions();
  const f = useMiniForm({ handler: '', expectedAt: '', at: toInputDateTime(stationNow()) }, ['handler', 'expectedAt', 'at']);
  const submit = async () => {
    const errs: Record<string, string> = {};
    if (!f.v.handler?.trim()) errs.handler = m.errors.required;
    const expectedAt = parseTimeValue(f.v, 'expectedAt', errs, m, true);
    const at = parseTimeValue(f.v, 'at', errs, m, false);
    if (Object.keys(errs).length) {
      f.setErrors(errs);
      return;
    }
    const err = await incidents.answerRequest({ requestId: r.id, handler: f.v.handler!, expectedAt: expectedAt!, ...(at !== undefined ? { at } : {}) });
    if (err) f.fromServer(lang, err);
    else ui.toast('success', (mm) => mm.requests.answered);
  };
  return (
    <form className="form-stack inc-action" onSubmit={(e) => { e.preventDefault(); void submit(); }} onKeyDown={ctrlEnter(() => void submit())} noValidate data-testid="request-answer">
      <h3>{m.requests.answer}</h3>
      {f.input('handler', m.requests.handler)}
      <div className="grid-2">
        {f.time('expectedAt', m.requests.expectedAt)}
        {f.time('at', m.requests.answerAt)}
      </div>
      <FormError text={f.general} />
      <div>
        <button type="submit" className="btn btn--primary">
          {m.requests.answer}
        </button>
      </div>
    </form>
  );
}

function ResultForm({ r }: { r: InboundRequest }) {
  const m = useMessages();
  const lang = useLang();
  const { incidents, ui } = useActions();
  const f = useMiniForm({ text: '', at: toInputDateTime(stationNow()), timeline: '', lateCause: '', responsible: '', proposals: '', focalPoint: r.answer?.handler ?? '' }, [
    'text', 'at', 'timeline', 'lateCause', 'responsible', 'proposals', 'focalPoint',
  ]);
  const at = parseInputDateTime(f.v.at ?? '') ?? stationNow();
  const late = r.resultDueAt !== null && at > r.resultDueAt;
  const submit = async () => {
    const errs: Record<string, string> = {};
    if (!f.v.text?.trim()) errs.text = m.errors.required;
    const when = parseTimeValue(f.v, 'at', errs, m, false);
    const timeline: { at: number; text: string }[] = [];
    (f.v.timeline ?? '').split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const mm = /^\s*(\d{1,2}\/\d{1,2}\/\d{4}\s+\d{1,2}[:h]\d{2})\s*[-–:]?\s*(.+)$/.exec(line);
      const ms = mm ? parseInputDateTime(mm[1]!.replace('h', ':')) : null;
      if (!mm || ms === null) errs.timeline = m.requests.timelineInvalid(i + 1);
      else timeline.push({ at: ms, text: mm[2]!.trim() });
    });
    if (late && !f.v.lateCause?.trim()) errs.lateCause = m.errors.required;
    if (late && !f.v.responsible?.trim()) errs.responsible = m.errors.required;
    if (Object.keys(errs).length) {
      f.setErrors(errs);
      return;
    }
    const err = await incidents.requestResult({
      requestId: r.id,
      text: f.v.text!,
      timeline,
      lateCause: f.v.lateCause ?? '',
      responsible: f.v.responsible ?? '',
      proposals: f.v.proposals ?? '',
      focalPoint: f.v.focalPoint ?? '',
      ...(when !== undefined ? { at: when } : {}),
    });
    if (err) f.fromServer(lang, err);
    else ui.toast('success', (mm) => mm.requests.resultRecorded);
  };
  return (
    <form className="form-stack inc-action" onSubmit={(e) => { e.preventDefault(); void submit(); }} onKeyDown={ctrlEnter(() => void submit())} noValidate data-testid="request-result">
      <h3>{m.requests.result}</h3>
      {f.area('timeline', m.requests.timeline, 3)}
      {f.area('text', m.requests.resultText, 3)}
      <div className="grid-2">
        {f.time('at', m.requests.resultAt)}
        {f.input('focalPoint', m.requests.focalPoint)}
      </div>
      {late ? (
        <>
          <p className="inc-missing">{m.incidents.lateNote}</p>
          <div className="grid-2">
            {f.input('lateCause', m.incidents.lateCause)}
            {f.input('responsible', m.incidents.responsible)}
          </div>
        </>
      ) : null}
      {f.area('proposals', m.requests.proposals, 2)}
      <FormError text={f.general} />
      <div>
        <button type="submit" className="btn btn--primary">
          {m.requests.result}
        </button>
      </div>
    </form>
  );
}

function RequestDetail({ r, now }: { r: InboundRequest; now: number }) {
  const m = useMessages();
  const user = useAppStore(selectors.app.user);
  const station = useAppStore(selectors.app.station);
  const canWrite = hasAnyRole(user?.roles, LOGBOOK_WRITERS);
  const st = statusOf(r);
  return (
    <div className="form-stack" data-testid="request-detail" data-request-id={r.id} data-status={st}>
      <dl className="kv">
        <div className="kv__row">
          <dt>{m.requests.from}</dt>
          <dd lang="vi">
            {r.fromText} {r.fromUnitCode ? <code>{r.fromUnitCode}</code> : null}
          </dd>
        </div>
        <div className="kv__row">
          <dt>{m.requests.reference}</dt>
          <dd>{r.reference || m.common.none}</dd>
        </div>
        <div className="kv__row">
          <dt>{m.requests.receivedAt}</dt>
          <dd>{fmt(r.receivedAt)}</dd>
        </div>
        <div className="kv__row">
          <dt>{m.requests.content}</dt>
          <dd lang="vi" className="pre-wrap">
            {r.content}
          </dd>
        </div>
        <div className="kv__row">
          <dt>{m.requests.colClocks}</dt>
          <dd className="inc-card__clocks">
            <ClockBadge clock={r.ackClock} now={now} />
            {r.resultClock ? <ClockBadge clock={r.resultClock} now={now} /> : null}
          </dd>
        </div>
        {r.answer ? (
          <div className="kv__row">
            <dt>{m.requests.handler}</dt>
            <dd>
              {m.incidents.ackBy(r.answer.handler, fmt(r.answer.expectedAt))} — {fmt(r.answer.at)}
            </dd>
          </div>
        ) : null}
        {r.result ? (
          <div className="kv__row">
            <dt>{m.requests.resultText}</dt>
            <dd lang="vi">
              {r.result.text} — {fmt(r.result.at)}
              {r.result.late ? ` · ${m.incidents.lateCause}: ${r.result.lateCause} · ${m.incidents.responsible}: ${r.result.responsible}` : ''}
            </dd>
          </div>
        ) : null}
      </dl>
      {canWrite && st === 'open' ? <AnswerForm key={`a${r.id}`} r={r} /> : null}
      {canWrite && st !== 'done' ? <ResultForm key={`r${r.id}:${r.answer ? 'answered' : 'open'}`} r={r} /> : null}
      <DocumentsList links={{ requestId: r.id }} annexes={['IV']} makeDraft={() => draftForRequest(r, station, user)} prefill={() => ({ requestId: r.id })} refreshKey={st} title={m.documents.annex('IV')} />
    </div>
  );
}

export function Requests() {
  const m = useMessages();
  const lang = useLang();
  const list = useAppStore(selectors.incidents.requests);
  const loaded = useAppStore(selectors.incidents.requestsLoaded);
  const error = useAppStore(selectors.incidents.requestsError);
  const selectedId = useAppStore(selectors.incidents.selectedRequestId);
  const user = useAppStore(selectors.app.user);
  // the station's own acknowledgement clock (Điều 9.2: 30 minutes at most), not a fixed 30
  const settings = useAppStore(selectors.incidents.settings);
  const { incidents } = useActions();
  const now = useStationNow();
  const tableRef = useRef<HTMLTableSectionElement>(null);
  // the form is open when there is nothing yet; otherwise the list gets the room until asked
  const [registering, setRegistering] = useState(false);
  const decided = useRef(false);
  useEffect(() => {
    if (!loaded || decided.current) return;
    decided.current = true;
    setRegistering(list.length === 0);
  }, [loaded, list.length]);
  usePush(['requests', 'clocks'], () => void incidents.loadRequests());
  useClockDrift(() => void incidents.loadRequests());
  useEffect(() => {
    void incidents.loadRequests();
    void incidents.loadSettings();
  }, [incidents]);
  const selected = list.find((r) => r.id === selectedId) ?? null;
  const canWrite = hasAnyRole(user?.roles, LOGBOOK_WRITERS);
  return (
    <div className="requests" data-testid="requests">
      <UnitCodes />
      <div className="requests__left">
        {canWrite ? (
          <Panel
            title={m.requests.register}
            className={registering ? undefined : 'requests__register--closed'}
            actions={
              <button type="button" className="btn btn--small" aria-expanded={registering} onClick={() => {
                  decided.current = true;
                  setRegistering(!registering);
                }} data-testid="request-register-toggle">
                {registering ? m.common.close : m.requests.registerNew}
              </button>
            }
          >
            <p className="muted small">{m.requests.intro(settings.ackMinutes)}</p>
            {registering ? <RegisterForm /> : null}
          </Panel>
        ) : null}
        <Panel title={m.requests.list} className="requests__list">
          {error && loaded ? <FormError text={`${m.requests.unavailable}: ${errorText(lang, error)}`} /> : null}
          {list.length === 0 ? (
            <Empty>{m.requests.empty}</Empty>
          ) : (
            <table className="table table--requests">
              <thead>
                <tr>
                  <th>{m.requests.colReceived}</th>
                  <th>{m.requests.colFrom}</th>
                  <th>{m.requests.colContent}</th>
                  <th>{m.requests.colClocks}</th>
                  <th>{m.requests.colStatus}</th>
                </tr>
              </thead>
              <tbody ref={tableRef}>
                {list.map((r) => (
                  <tr
                    key={r.id}
                    className={r.id === selectedId ? 'is-selected' : undefined}
                    tabIndex={0}
                    onClick={() => incidents.selectRequest(r.id)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') incidents.selectRequest(r.id);
                    }}
                    data-testid="request-row"
                    data-request-id={r.id}
                  >
                    <td className="nowrap">{fmt(r.receivedAt)}</td>
                    <td lang="vi">{r.fromText}</td>
                    <td lang="vi">{excerpt(r.content, 80)}</td>
                    <td className="inc-card__clocks">
                      {!r.answer ? <ClockBadge clock={r.ackClock} now={now} compact /> : r.resultClock && !r.result ? <ClockBadge clock={r.resultClock} now={now} compact /> : <ClockBadge clock={r.resultClock ?? r.ackClock} now={now} compact />}
                    </td>
                    <td>
                      <span className={`badge badge--req-${statusOf(r)}`}>{m.requests.status[statusOf(r)]}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      </div>
      <Panel title={selected ? m.requests.detail : m.requests.title} className="requests__detail">
        {selected ? <RequestDetail r={selected} now={now} /> : <Empty>{m.requests.select}</Empty>}
      </Panel>
    </div>
  );
}
