/**
 * Official forms of an incident or a request (Phụ lục II–V): draft → edit → issue (numbered,
 * frozen, PDF + DOCX) → reissue as a new numbered version. A draft can be previewed as PDF
 * (marked DỰ THẢO, no number).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChangeEvent, KeyboardEvent } from 'react';
import { mayIssue, missingForIssue } from '../../../src-shared/domain/forms';
import type { Annex, DocumentLinks, DocumentRecord, FormData } from '../../../src-shared/domain/forms';
import type { IncidentDetail } from '../../../src-shared/domain/incidents';
import { Empty, Field, Panel } from '../../components/ui';
import { useLang, useMessages } from '../../hooks/useI18n';
import { useFocusOnMount } from '../../hooks/useFocusOnMount';
import { errorText } from '../../i18n';
import type { Messages } from '../../i18n';
import { selectors, useActions, useAppStore } from '../../store';
import { formatDate } from '../../lib/datetime';
import { fmt, FormError, stationNow } from './common';
import { FormPaper } from './FormPaper';
import { draftFor } from './forms';

type FieldSpec = { path: string; label: (m: Messages) => string; rows?: number; lines?: boolean; wide?: boolean; date?: boolean };

/** A date field of a form (dd/mm/yyyy) as stored: noon in Vietnam, so it reads the same date everywhere. */
export function parseFormDate(text: string): number | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d, 5, 0);
  const back = new Date(ms);
  return back.getUTCDate() === d && back.getUTCMonth() === mo - 1 ? ms : null;
}

const SIGNER: FieldSpec[] = [
  { path: 'signer.position', label: (m) => m.documents.fields.signerPosition },
  { path: 'signer.name', label: (m) => m.documents.fields.signerName },
];
const TAIL: FieldSpec[] = [
  ...SIGNER,
  { path: 'recipients', label: (m) => m.documents.fields.recipients, rows: 2, lines: true },
  { path: 'archive', label: (m) => m.documents.fields.archive },
];

/** The editable fields of each annex, in the order they are printed. */
export const EDITOR_FIELDS: Record<Annex, FieldSpec[]> = {
  II: [
    { path: 'subject', label: (m) => m.documents.fields.subject },
    { path: 'addressee', label: (m) => m.documents.fields.addressee },
    { path: 'requestedContent', label: (m) => m.documents.fields.requestedContent, rows: 4 },
    { path: 'timeRequirement', label: (m) => m.documents.fields.timeRequirement, rows: 2 },
    { path: 'replyForm', label: (m) => m.documents.fields.replyForm },
    { path: 'focalPoint', label: (m) => m.documents.fields.focalPoint },
    ...TAIL,
  ],
  III: [
    { path: 'place', label: (m) => m.documents.fields.place, wide: true },
    { path: 'involved', label: (m) => m.documents.fields.involved, rows: 2 },
    { path: 'content', label: (m) => m.documents.fields.content, rows: 4 },
    { path: 'analysis', label: (m) => m.documents.fields.analysis, rows: 3 },
    { path: 'proposal', label: (m) => m.documents.fields.proposal, rows: 3 },
    ...TAIL,
  ],
  IV: [
    { path: 'reference.number', label: (m) => m.documents.fields.referenceNumber },
    { path: 'reference.date', label: (m) => m.documents.fields.referenceDate, date: true },
    { path: 'handlingUnit', label: (m) => m.documents.fields.handlingUnit, wide: true },
    { path: 'requestedContent', label: (m) => m.documents.fields.requestedContent, rows: 3 },
    { path: 'result', label: (m) => m.documents.fields.result, rows: 3 },
    { path: 'lateCause', label: (m) => m.documents.fields.lateCause, rows: 2 },
    { path: 'lateResponsible', label: (m) => m.documents.fields.lateResponsible },
    { path: 'proposals', label: (m) => m.documents.fields.proposals, rows: 2 },
    { path: 'focalPoint', label: (m) => m.documents.fields.focalPoint },
    ...TAIL,
  ],
  V: [
    { path: 'subject', label: (m) => m.documents.fields.subject },
    { path: 'addressee', label: (m) => m.documents.fields.addressee },
    { path: 'requestedContent', label: (m) => m.documents.fields.requestedContent, rows: 4 },
    { path: 'timeRequirement', label: (m) => m.documents.fields.timeRequirement, rows: 2 },
    { path: 'focalPoint', label: (m) => m.documents.fields.focalPoint },
    ...TAIL,
  ],
};

function getPath(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);
}

function setPath<T>(o: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const obj = o as Record<string, unknown>;
  return { ...obj, [head!]: rest.length ? setPath(obj[head!], rest.join('.'), value) : value } as T;
}

/** The draft editor: annex fields, save, preview (PDF, marked DỰ THẢO) and issue. */
function DraftEditor(props: { form: FormData; doc: DocumentRecord | null; links: Partial<DocumentLinks>; onClose: () => void; onChanged: (d: DocumentRecord) => void }) {
  const m = useMessages();
  const lang = useLang();
  const user = useAppStore(selectors.app.user);
  const { incidents, ui } = useActions();
  const [form, setForm] = useState<FormData>(props.form);
  const [doc, setDoc] = useState<DocumentRecord | null>(props.doc);
  const [dirty, setDirty] = useState(props.doc === null);
  const [busy, setBusy] = useState<'save' | 'issue' | 'preview' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const missing = missingForIssue(form);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, textarea')?.focus();
  }, []);
  const canIssue = !!user && mayIssue(form.annex, user.roles);

  const [dateTexts, setDateTexts] = useState<Record<string, string>>({});
  const upd = (f: FieldSpec) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const raw = e.target.value;
    if (f.date) setDateTexts((x) => ({ ...x, [f.path]: raw }));
    const value = f.date ? (raw.trim() ? parseFormDate(raw) : null) : f.lines ? raw.split('\n') : raw;
    setForm((x) => ({ ...x, fields: setPath(x.fields, f.path, value) }) as FormData);
    setDirty(true);
    if (fieldErrors[f.path]) setFieldErrors((er) => ({ ...er, [f.path]: '' }));
  };

  const save = async (): Promise<DocumentRecord | null> => {
    if (!dirty && doc) return doc;
    const cleaned = { ...form, fields: { ...form.fields, recipients: form.fields.recipients.map((r) => r.trim()).filter(Boolean) } } as FormData;
    const r = await incidents.saveDraft({ ...cleaned, links: props.links, ...(doc ? { id: doc.id, expectedRevision: doc.revision } : {}) } as Parameters<typeof incidents.saveDraft>[0]);
    if (r.error) {
      const path = r.error.field?.replace(/^fields\./, '');
      if (path && EDITOR_FIELDS[form.annex].some((f) => f.path === path)) setFieldErrors({ [path]: errorText(lang, r.error, { withField: false }) });
      else setError(errorText(lang, r.error));
      return null;
    }
    setDoc(r.value);
    setDirty(false);
    props.onChanged(r.value);
    return r.value;
  };

  const run = async (what: 'save' | 'issue' | 'preview') => {
    if (busy) return;
    setBusy(what);
    setError(null);
    try {
      const saved = await save();
      if (!saved) return;
      if (what === 'save') ui.toast('success', (mm) => mm.documents.draftSaved);
      if (what === 'preview') {
        const err = await incidents.downloadDocument(saved.id, 'pdf');
        if (err) setError(errorText(lang, err));
      }
      if (what === 'issue') {
        if (missing.length > 0) {
          setFieldErrors(Object.fromEntries(missing.map((p) => [p.replace(/^fields\./, ''), m.errors.required])));
          setError(m.documents.missing(missing.length));
          return;
        }
        const r = await incidents.issueDocument(saved.id, saved.revision);
        if (r.error) {
          setError(errorText(lang, r.error));
          return;
        }
        const n = r.value.numberText ?? '';
        ui.toast('success', (mm) => mm.documents.issuedToast(n));
        props.onChanged(r.value);
        props.onClose();
      }
    } finally {
      setBusy(null);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      props.onClose();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run('save');
    }
  };

  return (
    <div className="doc-overlay" role="dialog" aria-modal="true" aria-labelledby="doc-editor-title">
      <form ref={formRef} className="doc-editor" data-testid="doc-editor" data-annex={form.annex} onSubmit={(e) => { e.preventDefault(); void run('save'); }} onKeyDown={onKeyDown} noValidate>
        <h3 id="doc-editor-title">
          {m.documents.annex(form.annex)} — {m.documents.annexNames[form.annex]} <span className="badge badge--draft">{m.documents.status.draft}</span>
        </h3>
        <div className="doc-editor__body">
          <div className="doc-editor__fields">
            {EDITOR_FIELDS[form.annex].map((f) => {
              const raw = getPath(form.fields, f.path);
              const value = f.date
                ? (dateTexts[f.path] ?? (typeof raw === 'number' ? formatDate(raw) : ''))
                : Array.isArray(raw)
                  ? raw.join('\n')
                  : typeof raw === 'string'
                    ? raw
                    : '';
              const badDate = f.date && value.trim() !== '' && parseFormDate(value) === null;
              const missingHere = missing.includes(`fields.${f.path}`);
              return (
                <Field key={f.path} label={`${f.label(m)}${missingHere ? ' *' : ''}`} error={(badDate ? m.errors.invalidDate : fieldErrors[f.path]) || undefined} className={f.rows || f.wide ? 'doc-editor__wide' : undefined}>
                  {({ id, describedBy, invalid }) =>
                    f.rows ? (
                      <textarea id={id} name={f.path} value={value} onChange={upd(f)} rows={f.rows} lang="vi" aria-describedby={describedBy} aria-invalid={invalid} />
                    ) : (
                      <input id={id} name={f.path} value={value} onChange={upd(f)} lang="vi" placeholder={f.date ? m.common.dateHint : undefined} inputMode={f.date ? 'numeric' : undefined} aria-describedby={describedBy} aria-invalid={invalid} autoComplete="off" />
                    )
                  }
                </Field>
              );
            })}
          </div>
          <div className="doc-editor__preview" aria-label={m.documents.preview}>
            <FormPaper form={form} numberText={null} at={stationNow()} draft />
          </div>
        </div>
        <FormError text={error} testId="doc-error" />
        <div className="doc-editor__foot">
          <button type="submit" className="btn" disabled={!!busy} data-testid="doc-save">
            {busy === 'save' ? m.common.saving : m.documents.saveDraft}
          </button>
          <button type="button" className="btn" disabled={!!busy} onClick={() => void run('preview')} data-testid="doc-preview">
            {m.documents.preview}
          </button>
          {canIssue ? (
            <button type="button" className="btn btn--primary" disabled={!!busy} onClick={() => void run('issue')} data-testid="doc-issue">
              {m.documents.issue}
            </button>
          ) : null}
          <button type="button" className="btn btn--ghost" onClick={props.onClose}>
            {m.common.close}
          </button>
          <span className="muted small">{missing.length ? m.documents.missing(missing.length) : ''}</span>
        </div>
      </form>
    </div>
  );
}

/** An issued (or superseded) document: read-only, with its number and its files. */
function DocViewer({ doc, onClose }: { doc: DocumentRecord; onClose: () => void }) {
  const m = useMessages();
  const lang = useLang();
  const { incidents } = useActions();
  const [error, setError] = useState<string | null>(null);
  const closeRef = useFocusOnMount<HTMLButtonElement>();
  const download = async (format: 'pdf' | 'docx') => {
    const err = await incidents.downloadDocument(doc.id, format);
    if (err) setError(errorText(lang, err));
  };
  return (
    <div
      className="doc-overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="doc-viewer-title"
      data-testid="doc-viewer"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="doc-editor doc-viewer">
        <h3 id="doc-viewer-title">
          {m.documents.annex(doc.annex)} — {m.documents.annexNames[doc.annex]} <span className={`badge badge--${doc.status}`}>{m.documents.status[doc.status]}</span>
          {doc.numberText ? <span className="doc__number">{m.documents.number(doc.numberText)}</span> : null}
        </h3>
        <p className="muted small">{m.documents.readOnly}</p>
        <div className="doc-viewer__paper">
          <FormPaper form={{ annex: doc.annex, fields: doc.fields } as FormData} numberText={doc.numberText} at={doc.issuedAt ?? doc.updatedAt} draft={false} />
        </div>
        <FormError text={error} />
        <div className="doc-editor__foot">
          <button type="button" className="btn btn--primary" onClick={() => void download('pdf')}>
            {m.documents.pdf}
          </button>
          <button type="button" className="btn" onClick={() => void download('docx')}>
            {m.documents.docx}
          </button>
          <button ref={closeRef} type="button" className="btn btn--ghost" onClick={onClose}>
            {m.common.close}
          </button>
        </div>
      </div>
    </div>
  );
}

function DocRow({ doc, onEdit, onChanged }: { doc: DocumentRecord; onEdit: () => void; onChanged: (d: DocumentRecord) => void }) {
  const m = useMessages();
  const lang = useLang();
  const user = useAppStore(selectors.app.user);
  const { incidents, ui } = useActions();
  const [reissuing, setReissuing] = useState(false);
  const [viewing, setViewing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const download = async (format: 'pdf' | 'docx') => {
    const err = await incidents.downloadDocument(doc.id, format);
    if (err) setError(errorText(lang, err));
  };
  return (
    <li className={`doc doc--${doc.status}`} data-testid="document" data-annex={doc.annex} data-status={doc.status} data-document-id={doc.id}>
      <div className="doc__head">
        <strong>{m.documents.annex(doc.annex)}</strong>
        <span className={`badge badge--${doc.status}`}>{m.documents.status[doc.status]}</span>
        {doc.numberText ? (
          <span className="doc__number" data-testid="document-number">
            {m.documents.number(doc.numberText)}
          </span>
        ) : null}
        {doc.version > 1 ? <span className="muted small">{m.documents.version(doc.version)}</span> : null}
      </div>
      <div className="doc__title" lang="vi">
        {doc.title}
      </div>
      <div className="muted small">{doc.issuedAt ? fmt(doc.issuedAt) : fmt(doc.updatedAt)}</div>
      <div className="doc__actions">
        {doc.status === 'draft' ? (
          <button type="button" className="btn btn--small" onClick={onEdit} data-testid="doc-edit">
            {m.documents.edit}
          </button>
        ) : null}
        {doc.status !== 'draft' ? (
          <button type="button" className="btn btn--small" onClick={() => setViewing(true)} data-testid="doc-view">
            {m.documents.view}
          </button>
        ) : null}
        <button type="button" className="btn btn--small" onClick={() => void download('pdf')} data-testid="doc-pdf">
          {doc.status === 'draft' ? m.documents.preview : m.documents.pdf}
        </button>
        {doc.status !== 'draft' ? (
          <button type="button" className="btn btn--small" onClick={() => void download('docx')} data-testid="doc-docx">
            {m.documents.docx}
          </button>
        ) : null}
        {doc.status === 'issued' && user && mayIssue(doc.annex, user.roles) ? (
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setReissuing((x) => !x)} aria-expanded={reissuing}>
            {m.documents.reissue}
          </button>
        ) : null}
      </div>
      {doc.status === 'issued' ? <p className="muted small">{m.documents.readOnly}</p> : null}
      {reissuing ? (
        <form
          className="doc__reissue"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!reason.trim()) {
              setError(m.errors.required);
              return;
            }
            const r = await incidents.reissueDocument(doc.id, reason);
            if (r.error) setError(errorText(lang, r.error));
            else {
              const n = r.value.numberText ?? '';
              ui.toast('success', (mm) => mm.documents.issuedToast(n));
              setReissuing(false);
              onChanged(r.value);
            }
          }}
        >
          <Field label={m.documents.reissueReason}>{({ id }) => <input id={id} name="reissueReason" value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />}</Field>
          <button type="submit" className="btn btn--small btn--primary">
            {m.documents.reissue}
          </button>
        </form>
      ) : null}
      <FormError text={error} />
      {viewing ? <DocViewer doc={doc} onClose={() => setViewing(false)} /> : null}
    </li>
  );
}

/** Documents linked to an incident or a request, with buttons to draft the given annexes. */
export function DocumentsList(props: {
  links: Partial<DocumentLinks>;
  annexes: readonly Annex[];
  /** The first draft when main cannot prefill it (built from what the screen shows). */
  makeDraft: (annex: Annex) => FormData;
  /** What main prefills the form from (incident, direction, request). */
  prefill: (annex: Annex) => { incidentId?: string; directionId?: string; requestId?: string };
  refreshKey?: string | number;
  title?: string;
}) {
  const m = useMessages();
  const lang = useLang();
  const user = useAppStore(selectors.app.user);
  const { incidents } = useActions();
  const [docs, setDocs] = useState<DocumentRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ form: FormData; doc: DocumentRecord | null } | null>(null);
  const { incidentId, requestId } = props.links;

  const load = useCallback(async () => {
    const r = await incidents.listDocuments({ ...(incidentId ? { incidentId } : {}), ...(requestId ? { requestId } : {}), limit: 100 });
    if (r.error) setError(errorText(lang, r.error));
    else {
      setError(null);
      setDocs(r.value);
    }
  }, [incidents, incidentId, requestId, lang]);

  useEffect(() => {
    void load();
  }, [load, props.refreshKey]);

  const startDraft = async (annex: Annex) => {
    const r = await incidents.prefillDocument({ annex, ...props.prefill(annex) });
    // the station's defaults from main; else what this screen knows
    const form = r.value ?? props.makeDraft(annex);
    setEditing({ form: form.annex === annex ? form : props.makeDraft(annex), doc: null });
  };

  const onChanged = (d: DocumentRecord) => {
    setDocs((xs) => [d, ...xs.filter((x) => x.id !== d.id)]);
    void load();
  };
  const canDraft = !!user && user.roles.some((r) => r !== 'admin' && r !== 'director_general');

  return (
    <Panel
      title={props.title ?? m.documents.title}
      className="docs-panel"
      actions={
        canDraft ? (
          <>
            {props.annexes.map((a) => (
              <button key={a} type="button" className="btn btn--small" onClick={() => void startDraft(a)} data-testid={`draft-annex-${a}`}>
                {m.documents.draft(a)}
              </button>
            ))}
          </>
        ) : null
      }
    >
      {error ? <FormError text={`${m.documents.unavailable}: ${error}`} /> : null}
      {editing ? <DraftEditor form={editing.form} doc={editing.doc} links={props.links} onClose={() => setEditing(null)} onChanged={onChanged} /> : null}
      {docs.length === 0 && !editing ? (
        <Empty>{m.documents.none}</Empty>
      ) : (
        <ul className="docs" data-testid="documents">
          {docs.map((d) => (
            <DocRow key={d.id} doc={d} onEdit={() => setEditing({ form: { annex: d.annex, fields: d.fields } as FormData, doc: d })} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </Panel>
  );
}

export function DocumentsPanel({ detail }: { detail: IncidentDetail }) {
  const station = useAppStore(selectors.app.station);
  const user = useAppStore(selectors.app.user);
  const unitNames = useAppStore(selectors.admin.unitNames);
  const annexes: Annex[] = detail.cases.some((c) => c === '2.3.c3' || c === '2.4') ? ['III', 'II'] : ['II', 'III'];
  return (
    <DocumentsList
      links={{ incidentId: detail.id }}
      annexes={annexes}
      refreshKey={`${detail.version}:${detail.documentIds.join(',')}`}
      makeDraft={(a) => draftFor(a === 'III' ? 'III' : 'II', detail, station, user, (c) => unitNames.get(c))}
      prefill={(a) => {
        const last = detail.directions[detail.directions.length - 1];
        return { incidentId: detail.id, ...(a === 'II' && last ? { directionId: last.id } : {}) };
      }}
    />
  );
}
