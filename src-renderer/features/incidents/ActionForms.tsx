/**
 * The workflow steps of an incident as small inline forms. Each form checks what it can
 * locally (required text, dd/mm/yyyy HH:mm) and shows main's refusal translated — e.g. an
 * illegal step names the approval that is missing.
 */
import { useRef, useState } from 'react';
import type { ChangeEvent, KeyboardEvent, ReactNode } from 'react';
import { APPROVAL_CHANNELS, IMMEDIATE_CASES } from '../../../src-shared/domain/incidents';
import type { ApprovalChannel, Direction, HandlingCase, ImmediateCase, IncidentDetail } from '../../../src-shared/domain/incidents';
import { DIRECTION_FORMS } from '../../../src-shared/domain/logbook';
import type { DirectionForm } from '../../../src-shared/domain/logbook';
import { Field, SubmitButton, TextField } from '../../components/ui';
import { useLang, useMessages } from '../../hooks/useI18n';
import type { Messages } from '../../i18n';
import { parseInputDateTime, toInputDateTime } from '../../lib/datetime';
import { splitList } from '../../lib/text';
import { useActions } from '../../store';
import type { ClientError } from '../../transport/errors';
import { CaseChecks, DateTimeInput, FilePicker, fileToBase64, FormError, missingText, parseTimeValue, stationNow, useFormErrors } from './common';

export type ActionKind = 'propose' | 'decide' | 'dg' | 'issue' | 'close' | 'classify' | 'immediate' | 'amend' | 'ack' | 'result';

type Values = Record<string, string>;

interface Spec {
  title: string;
  submit: string;
  fields: ReactNode;
  /** Local checks; returns errors by field. */
  check: (v: Values) => Record<string, string>;
  run: (v: Values) => Promise<ClientError | null>;
  done: string;
}

const t = (v: Values, k: string) => (v[k] ?? '').trim();

/** Records "required" for each of `keys` left blank (in that order: the first is focused); returns `errs`. */
function requireText(v: Values, errs: Record<string, string>, m: Messages, ...keys: string[]): Record<string, string> {
  for (const k of keys) if (!t(v, k)) errs[k] = m.errors.required;
  return errs;
}


export function ActionForm({ kind, detail, direction, onDone }: { kind: ActionKind; detail: IncidentDetail; direction?: Direction | undefined; onDone: () => void }) {
  const m = useMessages();
  const lang = useLang();
  const { incidents, ui } = useActions();
  const now = toInputDateTime(stationNow());
  const initial: Values = {
    decision: 'approved',
    how: 'phone',
    at: now,
    issuedAt: now,
    expectedAt: '',
    resultDueAt: toInputDateTime(stationNow() + 2 * 3600_000),
    form: 'phone',
    content: '',
    focalPoint: '',
    text: '',
    reason: '',
    immediate: 'c',
    ...(kind === 'decide' ? { form: '', scope: '' } : {}),
    ...(kind === 'classify' ? { cases: detail.cases.join(',') } : {}),
    ...(kind === 'amend' ? { description: detail.description, arisenAt: toInputDateTime(detail.arisenAt), receivedAt: toInputDateTime(detail.receivedAt) } : {}),
  };
  const [v, setV] = useState<Values>(initial);
  const [scan, setScan] = useState<{ sha256: string; name: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = ['verification', 'proposal', 'note', 'form', 'scope', 'byName', 'at', 'how', 'attachments', 'recipientUnitCode', 'recipientPerson', 'content', 'focalPoint', 'issuedAt', 'resultDueAt', 'handler', 'expectedAt', 'text', 'lateCause', 'responsible', 'summary', 'cases', 'reason', 'step', 'toldWhom', 'description', 'arisenAt', 'receivedAt'] as const;
  const { errors, setErrors, general, setGeneral, fromServer } = useFormErrors<string>(keys);
  const formRef = useRef<HTMLFormElement>(null);

  const set = (k: string) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
    const value = e.target.value;
    setV((x) => ({ ...x, [k]: value }));
    if (errors[k]) setErrors((er) => ({ ...er, [k]: undefined }));
  };
  const setTo = (k: string) => (value: string) => setV((x) => ({ ...x, [k]: value }));

  const input = (k: string, label: string, extra: { list?: string; upper?: boolean; placeholder?: string; hint?: string } = {}) => (
    <TextField label={label} error={errors[k]} hint={extra.hint} name={k} value={v[k] ?? ''} onChange={set(k)} list={extra.list} placeholder={extra.placeholder} className={extra.upper ? 'upper' : undefined} autoComplete="off" />
  );
  const area = (k: string, label: string, rows = 3, placeholder?: string) => (
    <Field label={label} error={errors[k]}>
      {({ id, describedBy, invalid }) => <textarea id={id} name={k} value={v[k] ?? ''} onChange={set(k)} rows={rows} lang="vi" placeholder={placeholder} aria-describedby={describedBy} aria-invalid={invalid} />}
    </Field>
  );
  const time = (k: string, label: string) => (
    <Field label={label} error={errors[k]}>
      {({ id, describedBy, invalid }) => <DateTimeInput id={id} name={k} value={v[k] ?? ''} onChange={setTo(k)} describedBy={describedBy} invalid={invalid} />}
    </Field>
  );
  const select = (k: string, label: string, options: readonly string[], text: (o: string) => string) => (
    <Field label={label} error={errors[k]}>
      {({ id }) => (
        <select id={id} name={k} value={v[k]} onChange={set(k)}>
          {options.map((o) => (
            <option key={o} value={o}>
              {text(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const decisionRadios = (
    <fieldset className="checks" aria-label={m.incidents.decide}>
      {(['approved', 'rejected'] as const).map((x) => (
        <label key={x} className="check">
          <input type="radio" name="decision" value={x} checked={v.decision === x} onChange={() => setV((y) => ({ ...y, decision: x }))} />
          {x === 'approved' ? m.incidents.approve : m.incidents.reject}
        </label>
      ))}
    </fieldset>
  );

  const resultLate = (() => {
    if (kind !== 'result' || !direction) return false;
    const at = parseInputDateTime(t(v, 'at')) ?? stationNow();
    return at > direction.resultDueAt;
  })();

  let spec: Spec;
  switch (kind) {
    case 'propose':
      spec = {
        title: m.incidents.propose,
        submit: m.incidents.propose,
        fields: (
          <>
            {area('verification', m.incidents.verification)}
            {area('proposal', m.incidents.proposal)}
          </>
        ),
        check: (x) => requireText(x, {}, m, 'verification', 'proposal'),
        run: (x) => incidents.propose({ verification: x.verification!, proposal: x.proposal! }),
        done: m.incidents.proposed,
      };
      break;
    case 'decide':
      spec = {
        title: m.incidents.decide,
        submit: v.decision === 'rejected' ? m.incidents.reject : m.incidents.approve,
        fields: (
          <>
            {decisionRadios}
            {v.decision === 'approved' ? (
              <div className="grid-2">
                {input('form', m.incidents.form, { placeholder: m.incidents.formPlaceholder })}
                {input('scope', m.incidents.scope, { placeholder: m.incidents.scopePlaceholder })}
              </div>
            ) : null}
            {area('note', v.decision === 'rejected' ? m.incidents.reason : m.incidents.note, 2)}
          </>
        ),
        check: (x): Record<string, string> => (x.decision === 'rejected' && !t(x, 'note') ? { note: m.incidents.reasonRequired } : {}),
        run: (x) => incidents.decide({ decision: x.decision as 'approved' | 'rejected', note: x.note ?? '', form: x.decision === 'approved' ? (x.form ?? '') : '', scope: x.decision === 'approved' ? (x.scope ?? '') : '' }),
        done: v.decision === 'rejected' ? m.incidents.rejected : m.incidents.approved,
      };
      break;
    case 'dg':
      spec = {
        title: m.incidents.recordDg,
        submit: m.incidents.recordDg,
        fields: (
          <>
            {decisionRadios}
            <div className="grid-2 grid-2--wide-first">
              {input('byName', m.incidents.dgByName, { placeholder: m.incidents.dgByNamePlaceholder })}
              {time('at', m.incidents.dgAt)}
            </div>
            {select('how', m.incidents.dgHow, APPROVAL_CHANNELS, (o) => m.incidents.how[o as ApprovalChannel])}
            {v.how === 'paper' ? (
              <Field label={m.incidents.dgScan} error={errors.attachments} hint={scan ? `✔ ${scan.name}` : m.incidents.dgScanRequired}>
                {({ id, describedBy }) => (
                  <FilePicker
                    id={id}
                    name="attachments"
                    accept="image/png,image/jpeg,image/webp,application/pdf"
                    describedBy={describedBy}
                    onFiles={async (files) => {
                      const f = files?.[0];
                      if (!f) return;
                      const r = await incidents.putAttachment({ name: f.name, mime: f.type, base64: await fileToBase64(f) });
                      if (r.error) fromServer(lang, r.error);
                      else {
                        setScan({ sha256: r.value.sha256, name: f.name });
                        setErrors((er) => ({ ...er, attachments: undefined }));
                      }
                    }}
                  />
                )}
              </Field>
            ) : null}
            {area('note', v.decision === 'rejected' ? m.incidents.reason : m.incidents.note, 2)}
          </>
        ),
        check: (x) => {
          const errs: Record<string, string> = {};
          parseTimeValue(x, 'at', errs, m);
          if (x.how === 'paper' && !scan) errs.attachments = m.incidents.dgScanRequired;
          if (x.decision === 'rejected' && !t(x, 'note')) errs.note = m.incidents.reasonRequired;
          return errs;
        },
        run: (x) =>
          incidents.recordDg({
            decision: x.decision as 'approved' | 'rejected',
            byName: x.byName ?? '',
            at: parseInputDateTime(t(x, 'at'))!,
            how: x.how as ApprovalChannel,
            note: x.note ?? '',
            attachments: x.how === 'paper' && scan ? [scan.sha256] : [],
          }),
        done: m.incidents.dgRecorded,
      };
      break;
    case 'issue':
      spec = {
        title: m.incidents.issueTitle,
        submit: m.incidents.issue,
        fields: (
          <>
            {detail.missingApprovals.length > 0 ? (
              <p className="inc-missing" data-testid="issue-blocked">
                {m.incidents.issueBlocked(missingText(detail.missingApprovals, m))}
              </p>
            ) : null}
            <div className="grid-2 grid-2--narrow-first">
              {input('recipientUnitCode', m.incidents.recipientUnit, { list: 'unit-codes', upper: true })}
              {input('recipientPerson', m.incidents.recipientPerson)}
            </div>
            <div className="grid-2">
              {select('form', m.incidents.directionForm, DIRECTION_FORMS, (o) => m.forms[o as DirectionForm])}
              {input('focalPoint', m.incidents.focalPoint)}
            </div>
            {area('content', m.incidents.content)}
            <div className="grid-2">
              {time('issuedAt', m.incidents.issuedAt)}
              {time('resultDueAt', m.incidents.resultDueAt)}
            </div>
          </>
        ),
        check: (x) => {
          const errs: Record<string, string> = {};
          if (!t(x, 'recipientUnitCode') && !t(x, 'recipientPerson')) errs.recipientUnitCode = m.incidents.recipientRequired;
          requireText(x, errs, m, 'content', 'focalPoint');
          parseTimeValue(x, 'issuedAt', errs, m, false);
          parseTimeValue(x, 'resultDueAt', errs, m);
          return errs;
        },
        run: (x) => {
          const input: Parameters<typeof incidents.issueDirection>[0] = {
            form: x.form as DirectionForm,
            content: x.content!,
            focalPoint: x.focalPoint!,
            resultDueAt: parseInputDateTime(t(x, 'resultDueAt'))!,
          };
          if (t(x, 'recipientUnitCode')) input.recipientUnitCode = t(x, 'recipientUnitCode');
          if (t(x, 'recipientPerson')) input.recipientPerson = t(x, 'recipientPerson');
          const issuedAt = parseInputDateTime(t(x, 'issuedAt'));
          if (issuedAt !== null) input.issuedAt = issuedAt;
          return incidents.issueDirection(input);
        },
        done: m.incidents.issued,
      };
      break;
    case 'ack':
      spec = {
        title: m.incidents.ackTitle,
        submit: m.incidents.acknowledge,
        fields: (
          <>
            {input('handler', m.incidents.handler)}
            <div className="grid-2">
              {time('expectedAt', m.incidents.expectedAt)}
              {time('at', m.incidents.ackAt)}
            </div>
          </>
        ),
        check: (x) => {
          const errs: Record<string, string> = {};
          requireText(x, errs, m, 'handler');
          parseTimeValue(x, 'expectedAt', errs, m);
          parseTimeValue(x, 'at', errs, m, false);
          return errs;
        },
        run: (x) => {
          const at = parseInputDateTime(t(x, 'at'));
          return incidents.acknowledge({ directionId: direction!.id, handler: x.handler!, expectedAt: parseInputDateTime(t(x, 'expectedAt'))!, ...(at !== null ? { at } : {}) });
        },
        done: m.incidents.acknowledged,
      };
      break;
    case 'result':
      spec = {
        title: m.incidents.resultTitle,
        submit: m.incidents.result,
        fields: (
          <>
            {area('text', m.incidents.resultText)}
            {time('at', m.incidents.resultAt)}
            {resultLate ? (
              <>
                <p className="inc-missing" data-testid="late-note">
                  {m.incidents.lateNote}
                </p>
                <div className="grid-2">
                  {input('lateCause', m.incidents.lateCause)}
                  {input('responsible', m.incidents.responsible)}
                </div>
              </>
            ) : null}
          </>
        ),
        check: (x) => {
          const errs: Record<string, string> = {};
          requireText(x, errs, m, 'text');
          parseTimeValue(x, 'at', errs, m, false);
          if (resultLate && !t(x, 'lateCause')) errs.lateCause = m.errors.required;
          if (resultLate && !t(x, 'responsible')) errs.responsible = m.errors.required;
          return errs;
        },
        run: (x) => {
          const at = parseInputDateTime(t(x, 'at'));
          return incidents.result({ directionId: direction!.id, text: x.text!, lateCause: x.lateCause ?? '', responsible: x.responsible ?? '', ...(at !== null ? { at } : {}) });
        },
        done: m.incidents.resultRecorded,
      };
      break;
    case 'close':
      spec = {
        title: m.incidents.close,
        submit: m.incidents.close,
        fields: area('summary', m.incidents.closeSummary),
        check: (x) => requireText(x, {}, m, 'summary'),
        run: (x) => incidents.close({ summary: x.summary! }),
        done: m.incidents.closed,
      };
      break;
    case 'classify': {
      const chosen = splitList(v.cases ?? '') as HandlingCase[];
      spec = {
        title: m.incidents.classify,
        submit: m.incidents.classify,
        fields: (
          <>
            <CaseChecks chosen={chosen} onChange={(cases) => setV((x) => ({ ...x, cases: cases.join(',') }))} />
            {errors.cases ? <span className="field__error">{errors.cases}</span> : null}
            {input('reason', m.incidents.classifyReason)}
          </>
        ),
        check: (): Record<string, string> => (chosen.length ? {} : { cases: m.errors.required }),
        run: (x) => incidents.classify({ cases: chosen, reason: x.reason ?? '' }),
        done: m.incidents.classified,
      };
      break;
    }
    case 'immediate':
      spec = {
        title: m.incidents.recordImmediate,
        submit: m.incidents.recordImmediate,
        fields: (
          <>
            {select('immediate', m.incidents.immediateLegend, IMMEDIATE_CASES, (o) => m.incidents.immediateCases[o as ImmediateCase])}
            {area('step', m.incidents.immediateStep, 2, m.incidents.immediateStepPlaceholder)}
            <div className="grid-2 grid-2--wide-first">
              {input('toldWhom', m.incidents.toldWhom)}
              {time('at', m.incidents.immediateAt)}
            </div>
          </>
        ),
        check: (x) => {
          const errs: Record<string, string> = {};
          requireText(x, errs, m, 'step', 'toldWhom');
          parseTimeValue(x, 'at', errs, m);
          return errs;
        },
        run: (x) => incidents.immediateStep({ immediate: { case: x.immediate as ImmediateCase, step: x.step!, toldWhom: x.toldWhom!, at: parseInputDateTime(t(x, 'at'))! } }),
        done: m.incidents.immediateRecorded,
      };
      break;
    case 'amend':
      spec = {
        title: m.incidents.amend,
        submit: m.incidents.amend,
        fields: (
          <>
            {area('description', m.incidents.description, 4)}
            <div className="grid-2">
              {time('arisenAt', m.incidents.arisenAt)}
              {time('receivedAt', m.incidents.receivedAt)}
            </div>
            {input('reason', m.incidents.amendReason)}
          </>
        ),
        check: (x) => {
          const errs: Record<string, string> = {};
          requireText(x, errs, m, 'reason', 'description');
          parseTimeValue(x, 'arisenAt', errs, m);
          parseTimeValue(x, 'receivedAt', errs, m);
          return errs;
        },
        run: (x) => {
          const changes: Parameters<typeof incidents.amend>[0] = { reason: x.reason! };
          if (t(x, 'description') !== detail.description.trim()) changes.description = x.description!;
          const a = parseInputDateTime(t(x, 'arisenAt'));
          const r = parseInputDateTime(t(x, 'receivedAt'));
          if (a !== null && Math.floor(a / 60_000) !== Math.floor(detail.arisenAt / 60_000)) changes.arisenAt = a;
          if (r !== null && Math.floor(r / 60_000) !== Math.floor(detail.receivedAt / 60_000)) changes.receivedAt = r;
          return incidents.amend(changes);
        },
        done: m.incidents.amended,
      };
      break;
  }

  const submit = async () => {
    if (busy) return;
    const errs = spec.check(v);
    setGeneral(null);
    if (Object.keys(errs).length > 0) {
      setErrors(errs);
      const first = Object.keys(errs)[0];
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus());
      return;
    }
    setErrors({});
    setBusy(true);
    const err = await spec.run(v);
    setBusy(false);
    if (err) {
      fromServer(lang, err);
      return;
    }
    const done = spec.done;
    ui.toast('success', () => done);
    onDone();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onDone();
    }
  };

  return (
    <form ref={formRef} className="inc-action" data-testid={`action-${kind}`} onSubmit={(e) => { e.preventDefault(); void submit(); }} onKeyDown={onKeyDown} noValidate>
      <h3>{spec.title}</h3>
      {spec.fields}
      <FormError text={general} testId="action-error" />
      <div className="inc-action__foot">
        <SubmitButton busy={busy} label={spec.submit} className={`btn ${kind === 'decide' && v.decision === 'rejected' ? 'btn--warn' : 'btn--primary'}`} testId="action-submit" />
        <button type="button" className="btn btn--ghost" onClick={onDone}>
          {m.incidents.cancel}
        </button>
        <span className="muted small">Ctrl+Enter · Esc</span>
      </div>
    </form>
  );
}
