/**
 * Official forms (Phụ lục II–V): drafts, issue with a number, reissue — docs/forms.md.
 *
 * Journal events (all projected into `documents` / `document_revisions`, migration 008):
 * - `document.draft_saved` — a draft created or edited (every save is kept, with its fields);
 * - `document.issued` — a draft frozen: number, year, symbol, the sha256 of its fields, PDF and
 *   DOCX (both stored as attachments);
 * - `document.reissued` — a new numbered version of an issued document, which it supersedes.
 *
 * Numbering: one series per station and Vietnam calendar year, shared by the four annexes.
 * The next number is MAX + 1 of the series, read again inside the append transaction (SQLite
 * has one writer: nothing can slip in between the read and the insert), with a unique index as
 * the last guard. The files are rendered *before* the transaction, with the number computed
 * then; if the series has moved on by the time the transaction runs, the files are rendered
 * again with the new number. A render that fails throws before anything is written, so a
 * number is consumed only by an issued document: the series has no gaps. Issues of one service
 * queue behind each other, so two windows issuing at once do not render twice.
 */
import { createHash } from 'node:crypto';
import type { DB } from '../store/db';
import type { Journal, StoredEvent } from '../journal/journal';
import { on, projector } from '../journal/events';
import { DOCUMENT_DRAFT_SAVED_EVENT, DOCUMENT_ISSUED_EVENT, DOCUMENT_REISSUED_EVENT } from './events';
import { uuidv7 } from '../journal/ids';
import type { AttachmentStore } from '../attachments/store';
import type { Station, User } from '../../src-shared/domain/org';
import { AppError } from '../../src-shared/errors';
import { localParts } from '../../src-shared/time/shift';
import {
  documentSymbol,
  documentTitle,
  formatDocumentNumber,
  mayIssue,
  missingForIssue,
} from '../../src-shared/domain/forms';
import type {
  Annex,
  DocumentFile,
  DocumentLinks,
  DocumentRecord,
  DocumentRevision,
  DocumentStatus,
  FormData,
  FormFields,
} from '../../src-shared/domain/forms';
import type { FormRenderInput } from './forms';

export const DOCUMENT_DRAFT_SAVED = DOCUMENT_DRAFT_SAVED_EVENT.type;
export const DOCUMENT_ISSUED = DOCUMENT_ISSUED_EVENT.type;
export const DOCUMENT_REISSUED = DOCUMENT_REISSUED_EVENT.type;

export const PDF_MIME = 'application/pdf';
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Renders both files of a form (injectable: tests make it fail or race). */
export type FormRenderer = (input: FormRenderInput) => Promise<{ pdf: Buffer; docx: Buffer }>;

const defaultRenderer: FormRenderer = async (input) => {
  // loaded on demand: pdfmake and docx are large and most sessions never print a form
  const { renderForm } = await import('./forms');
  return renderForm(input);
};

/** Attempts to issue while other writers keep taking the next number. */
const MAX_ATTEMPTS = 5;

interface DraftSavedPayload {
  documentId: string;
  annex: Annex;
  revision: number;
  fields: FormFields;
  links: DocumentLinks;
  title: string;
}

export interface IssuedPayload {
  documentId: string;
  annex: Annex;
  stationCode: string;
  number: number;
  year: number;
  symbol: string;
  numberText: string;
  version: number;
  issuedAt: number;
  fields: FormFields;
  fieldsSha256: string;
  pdf: DocumentFile;
  docx: DocumentFile;
  links: DocumentLinks;
  title: string;
  /** document.reissued: the version it replaces, and why. */
  supersedes: string | null;
  reason: string | null;
}

/** JSON with object keys sorted at every level: the same fields always hash the same. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x)).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** sha256 of the canonical JSON of a form's fields (what the journal records at issue). */
export function fieldsSha256(fields: FormFields): string {
  return sha256Hex(canonicalJson(fields));
}

/** The Vietnam (UTC+7) calendar year of an instant: the series a document issued then belongs to. */
export function seriesYear(ms: number): number {
  return localParts(ms).year;
}

interface DocRow {
  doc_id: string;
  annex: Annex;
  status: DocumentStatus;
  station_code: string | null;
  number: number | null;
  year: number | null;
  symbol: string | null;
  version: number;
  revision: number;
  fields: string;
  title: string;
  incident_id: string | null;
  direction_id: string | null;
  request_id: string | null;
  pdf_sha256: string | null;
  pdf_size: number | null;
  pdf_name: string | null;
  docx_sha256: string | null;
  docx_size: number | null;
  docx_name: string | null;
  fields_sha256: string | null;
  issued_at: number | null;
  issued_by: string | null;
  reissue_reason: string | null;
  supersedes: string | null;
  superseded_by: string | null;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
}

function toRecord(r: DocRow): DocumentRecord {
  const file = (sha: string | null, size: number | null, name: string | null): DocumentFile | null =>
    sha ? { sha256: sha, size: size ?? 0, name: name ?? '' } : null;
  return {
    id: r.doc_id,
    annex: r.annex,
    status: r.status,
    number: r.number,
    year: r.year,
    symbol: r.symbol,
    numberText: r.number !== null && r.symbol !== null ? formatDocumentNumber(r.number, r.symbol) : null,
    version: r.version,
    revision: r.revision,
    fields: JSON.parse(r.fields) as FormFields,
    title: r.title,
    incidentId: r.incident_id,
    directionId: r.direction_id,
    requestId: r.request_id,
    pdf: file(r.pdf_sha256, r.pdf_size, r.pdf_name),
    docx: file(r.docx_sha256, r.docx_size, r.docx_name),
    fieldsSha256: r.fields_sha256,
    issuedAt: r.issued_at,
    issuedBy: r.issued_by,
    reissueReason: r.reissue_reason,
    supersedes: r.supersedes,
    supersededBy: r.superseded_by,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

/**
 * Projects document.* events. Idempotent (upserts keyed by document id and event seq), so a
 * replay over tables that were not emptied gives the same rows.
 */
export function documentsProjector(db: DB) {
  const upsertDraft = db.prepare(
    `INSERT INTO documents (doc_id, annex, status, version, revision, fields, title, incident_id, direction_id, request_id,
                            created_at, created_by, updated_at, updated_by)
     VALUES (@id, @annex, 'draft', 1, @revision, @fields, @title, @incidentId, @directionId, @requestId, @at, @actor, @at, @actor)
     ON CONFLICT (doc_id) DO UPDATE SET revision = excluded.revision, fields = excluded.fields, title = excluded.title,
       incident_id = excluded.incident_id, direction_id = excluded.direction_id, request_id = excluded.request_id,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by
     WHERE documents.status = 'draft'`,
  );
  const upsertIssued = db.prepare(
    `INSERT INTO documents (doc_id, annex, status, station_code, number, year, symbol, version, revision, fields, title,
                            incident_id, direction_id, request_id, pdf_sha256, pdf_size, pdf_name, docx_sha256, docx_size, docx_name,
                            fields_sha256, issued_at, issued_by, reissue_reason, supersedes, created_at, created_by, updated_at, updated_by)
     VALUES (@id, @annex, 'issued', @stationCode, @number, @year, @symbol, @version, @revision, @fields, @title,
             @incidentId, @directionId, @requestId, @pdfSha, @pdfSize, @pdfName, @docxSha, @docxSize, @docxName,
             @fieldsSha, @issuedAt, @actor, @reason, @supersedes, @at, @actor, @at, @actor)
     ON CONFLICT (doc_id) DO UPDATE SET status = 'issued', station_code = excluded.station_code, number = excluded.number,
       year = excluded.year, symbol = excluded.symbol, version = excluded.version, fields = excluded.fields, title = excluded.title,
       incident_id = excluded.incident_id, direction_id = excluded.direction_id, request_id = excluded.request_id,
       pdf_sha256 = excluded.pdf_sha256, pdf_size = excluded.pdf_size, pdf_name = excluded.pdf_name,
       docx_sha256 = excluded.docx_sha256, docx_size = excluded.docx_size, docx_name = excluded.docx_name,
       fields_sha256 = excluded.fields_sha256, issued_at = excluded.issued_at, issued_by = excluded.issued_by,
       reissue_reason = excluded.reissue_reason, supersedes = excluded.supersedes,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by
     WHERE documents.status = 'draft' OR documents.number = excluded.number`,
  );
  const supersede = db.prepare(
    `UPDATE documents SET status = 'superseded', superseded_by = ?, updated_at = ?, updated_by = ? WHERE doc_id = ?`,
  );
  const revisionOf = db.prepare('SELECT revision FROM documents WHERE doc_id = ?').pluck();
  const addRevision = db.prepare(
    `INSERT OR REPLACE INTO document_revisions (seq, doc_id, revision, kind, at, actor, fields) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );

  const issued = (p: IssuedPayload, ev: StoredEvent): void => {
    const isIssue = ev.type === DOCUMENT_ISSUED;
    const fields = JSON.stringify(p.fields);
    const revision = isIssue ? ((revisionOf.get(p.documentId) as number | undefined) ?? 0) : 0;
    upsertIssued.run({
      id: p.documentId,
      annex: p.annex,
      stationCode: p.stationCode,
      number: p.number,
      year: p.year,
      symbol: p.symbol,
      version: p.version,
      revision,
      fields,
      title: p.title,
      ...p.links,
      pdfSha: p.pdf.sha256,
      pdfSize: p.pdf.size,
      pdfName: p.pdf.name,
      docxSha: p.docx.sha256,
      docxSize: p.docx.size,
      docxName: p.docx.name,
      fieldsSha: p.fieldsSha256,
      issuedAt: p.issuedAt,
      reason: p.reason,
      supersedes: p.supersedes,
      at: ev.recordedAt,
      actor: ev.actor,
    });
    if (!isIssue && p.supersedes) supersede.run(p.documentId, ev.recordedAt, ev.actor, p.supersedes);
    addRevision.run(ev.seq, p.documentId, revision, isIssue ? 'issued' : 'reissued', ev.recordedAt, ev.actor, fields);
  };

  return projector(
    on(DOCUMENT_DRAFT_SAVED_EVENT, (p, ev) => {
      const fields = JSON.stringify(p.fields);
      upsertDraft.run({ id: p.documentId, annex: p.annex, revision: p.revision, fields, title: p.title, ...p.links, at: ev.recordedAt, actor: ev.actor });
      addRevision.run(ev.seq, p.documentId, p.revision, 'draft_saved', ev.recordedAt, ev.actor, fields);
    }),
    on(DOCUMENT_ISSUED_EVENT, issued),
    on(DOCUMENT_REISSUED_EVENT, issued),
  );
}

export interface SaveDraftInput {
  /** Omitted: a new draft. */
  id?: string;
  form: FormData;
  links?: Partial<DocumentLinks>;
  /** The revision the editor started from; a different current revision is a conflict. */
  expectedRevision?: number;
}

export interface ListFilter {
  incidentId?: string;
  directionId?: string;
  requestId?: string;
  annex?: Annex;
  status?: DocumentStatus;
  year?: number;
  limit?: number;
}

export interface RenderedFile {
  fileName: string;
  mime: string;
  data: Buffer;
}

/** Thrown inside the append transaction when the series moved on while rendering. */
class NumberTaken extends Error {}

export class DocumentService {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly render: FormRenderer;

  constructor(
    private readonly db: DB,
    private readonly journal: Journal,
    private readonly attachments: AttachmentStore,
    private readonly station: () => Station | null,
    opts: { render?: FormRenderer } = {},
  ) {
    this.render = opts.render ?? defaultRenderer;
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  find(id: string): DocumentRecord | null {
    const r = this.db.prepare('SELECT * FROM documents WHERE doc_id = ?').get(id) as DocRow | undefined;
    return r ? toRecord(r) : null;
  }

  get(id: string): DocumentRecord {
    const d = this.find(id);
    if (!d) throw new AppError('not_found', `document ${id} not found`, { field: 'id' });
    return d;
  }

  history(id: string): DocumentRevision[] {
    const rows = this.db
      .prepare('SELECT seq, revision, kind, at, actor, fields FROM document_revisions WHERE doc_id = ? ORDER BY seq')
      .all(id) as { seq: number; revision: number; kind: DocumentRevision['kind']; at: number; actor: string; fields: string }[];
    return rows.map((r) => ({ ...r, fields: JSON.parse(r.fields) as FormFields }));
  }

  list(f: ListFilter = {}): DocumentRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const eq = (col: string, v: string | number | undefined) => {
      if (v === undefined) return;
      where.push(`${col} = ?`);
      args.push(v);
    };
    eq('incident_id', f.incidentId);
    eq('direction_id', f.directionId);
    eq('request_id', f.requestId);
    eq('annex', f.annex);
    eq('status', f.status);
    eq('year', f.year);
    const sql = `SELECT * FROM documents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC, doc_id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, f.limit ?? 100) as DocRow[]).map(toRecord);
  }

  /** Numbers issued in a station's series for a year, ascending (for checks and reports). */
  numbers(year: number, stationCode = this.requireStation().code): number[] {
    return this.db
      .prepare('SELECT number FROM documents WHERE station_code = ? AND year = ? AND number IS NOT NULL ORDER BY number')
      .pluck()
      .all(stationCode, year) as number[];
  }

  // -------------------------------------------------------------------------------------------
  // Drafts

  saveDraft(input: SaveDraftInput, actor: string): DocumentRecord {
    return this.journal.tx(() => {
      const cur = input.id !== undefined ? this.find(input.id) : null;
      if (input.id !== undefined && !cur) throw new AppError('not_found', `document ${input.id} not found`, { field: 'id' });
      if (cur) {
        this.requireDraft(cur);
        if (cur.annex !== input.form.annex) {
          throw new AppError('invalid_input', `document ${cur.id} is Phụ lục ${cur.annex}, not ${input.form.annex}`, { field: 'annex' });
        }
        if (input.expectedRevision !== undefined && input.expectedRevision !== cur.revision) {
          throw new AppError('conflict', `document ${cur.id} is at revision ${cur.revision}, not ${input.expectedRevision}`);
        }
      }
      const links: DocumentLinks = {
        incidentId: input.links?.incidentId !== undefined ? input.links.incidentId : (cur?.incidentId ?? null),
        directionId: input.links?.directionId !== undefined ? input.links.directionId : (cur?.directionId ?? null),
        requestId: input.links?.requestId !== undefined ? input.links.requestId : (cur?.requestId ?? null),
      };
      const id = cur?.id ?? uuidv7(this.journal.now());
      const payload: DraftSavedPayload = {
        documentId: id,
        annex: input.form.annex,
        revision: (cur?.revision ?? 0) + 1,
        fields: input.form.fields,
        links,
        title: documentTitle(input.form),
      };
      this.journal.appendInTx({ type: DOCUMENT_DRAFT_SAVED, actor, payload });
      return this.get(id);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Issue and reissue

  /** Issues a draft: next number of the series, PDF + DOCX stored, hashes journaled. */
  issue(input: { id: string; expectedRevision?: number }, user: User): Promise<DocumentRecord> {
    return this.queued(async () => {
      const doc = this.get(input.id);
      this.requireDraft(doc);
      if (input.expectedRevision !== undefined && input.expectedRevision !== doc.revision) {
        throw new AppError('conflict', `document ${doc.id} is at revision ${doc.revision}, not ${input.expectedRevision}`);
      }
      const form = this.checkIssuable(doc.annex, doc.fields, user);
      return this.allocateAndAppend(form, user, {
        type: DOCUMENT_ISSUED,
        documentId: doc.id,
        version: doc.version,
        links: { incidentId: doc.incidentId, directionId: doc.directionId, requestId: doc.requestId },
        supersedes: null,
        reason: null,
        stillValid: () => {
          const now = this.get(doc.id);
          if (now.status !== 'draft') this.requireDraft(now);
          if (now.revision !== doc.revision) {
            throw new AppError('conflict', `document ${doc.id} was edited while it was being issued`);
          }
        },
      });
    });
  }

  /**
   * Issues a new numbered version of an issued document (optionally with corrected fields),
   * which supersedes it. The old version keeps its number, files and hashes.
   */
  reissue(input: { id: string; reason: string; form?: FormData }, user: User): Promise<DocumentRecord> {
    return this.queued(async () => {
      const old = this.get(input.id);
      this.requireIssued(old);
      if (input.form && input.form.annex !== old.annex) {
        throw new AppError('invalid_input', `document ${old.id} is Phụ lục ${old.annex}, not ${input.form.annex}`, { field: 'form.annex' });
      }
      const form = this.checkIssuable(old.annex, input.form?.fields ?? old.fields, user);
      return this.allocateAndAppend(form, user, {
        type: DOCUMENT_REISSUED,
        documentId: uuidv7(this.journal.now()),
        version: old.version + 1,
        links: { incidentId: old.incidentId, directionId: old.directionId, requestId: old.requestId },
        supersedes: old.id,
        reason: input.reason,
        stillValid: () => this.requireIssued(this.get(old.id)),
      });
    });
  }

  /** The files of a document: an issued one's stored bytes (hash-checked), a draft's preview. */
  async file(id: string, format: 'pdf' | 'docx'): Promise<RenderedFile> {
    const doc = this.get(id);
    const mime = format === 'pdf' ? PDF_MIME : DOCX_MIME;
    if (doc.status !== 'draft') {
      const ref = format === 'pdf' ? doc.pdf : doc.docx;
      if (!ref) throw new AppError('not_found', `document ${id} has no ${format} file`);
      return { fileName: ref.name, mime, data: this.attachments.read(ref.sha256) };
    }
    const symbol = documentSymbol(doc.annex, doc.fields.header.unitAbbr);
    const files = await this.renderOrFail({ form: { annex: doc.annex, fields: doc.fields } as FormData, symbol, number: null, issuedAt: null });
    const fileName = `phu-luc-${doc.annex}_du-thao_${doc.id.slice(-8)}.${format}`;
    return { fileName, mime, data: format === 'pdf' ? files.pdf : files.docx };
  }

  // -------------------------------------------------------------------------------------------

  private queued<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private requireStation(): Station {
    const st = this.station();
    if (!st) throw new AppError('setup_required', 'set up the station first');
    return st;
  }

  private requireDraft(doc: DocumentRecord): void {
    if (doc.status === 'issued') {
      throw new AppError('document_issued', `document ${doc.numberText ?? doc.id} is issued and cannot be changed; reissue it as a new version`, {
        params: { number: doc.numberText ?? '' },
      });
    }
    if (doc.status === 'superseded') {
      throw new AppError('document_superseded', `document ${doc.numberText ?? doc.id} was superseded`, {
        params: { number: doc.numberText ?? '' },
      });
    }
  }

  private requireIssued(doc: DocumentRecord): void {
    if (doc.status === 'draft') throw new AppError('document_not_issued', `document ${doc.id} is a draft; issue it first`);
    if (doc.status === 'superseded') {
      const by = doc.supersededBy ? this.find(doc.supersededBy) : null;
      throw new AppError('document_superseded', `document ${doc.numberText ?? doc.id} was already superseded`, {
        params: { number: doc.numberText ?? '', by: by?.numberText ?? '' },
      });
    }
  }

  private checkIssuable(annex: Annex, fields: FormFields, user: User): FormData {
    if (!mayIssue(annex, user.roles)) {
      throw new AppError('forbidden', `${user.login} may not sign Phụ lục ${annex}`, { params: { channel: 'documents:issue' } });
    }
    const form = { annex, fields } as FormData;
    const missing = missingForIssue(form);
    if (missing.length > 0) {
      throw new AppError('document_incomplete', `fill in before issuing: ${missing.join(', ')}`, {
        field: missing[0] ?? 'fields',
        params: { count: missing.length },
      });
    }
    return form;
  }

  private async renderOrFail(input: FormRenderInput): Promise<{ pdf: Buffer; docx: Buffer }> {
    try {
      return await this.render(input);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('document_render_failed', `could not render Phụ lục ${input.form.annex}: ${(e as Error).message}`);
    }
  }

  private nextNumber(stationCode: string, year: number): number {
    const max = this.db
      .prepare('SELECT MAX(number) FROM documents WHERE station_code = ? AND year = ?')
      .pluck()
      .get(stationCode, year) as number | null;
    return (max ?? 0) + 1;
  }

  /**
   * Render with the next number, then append in a transaction that re-reads the series: if the
   * number was taken meanwhile (another writer), render again with the new one.
   */
  private async allocateAndAppend(
    form: FormData,
    user: User,
    ev: {
      type: typeof DOCUMENT_ISSUED | typeof DOCUMENT_REISSUED;
      documentId: string;
      version: number;
      links: DocumentLinks;
      supersedes: string | null;
      reason: string | null;
      stillValid: () => void;
    },
  ): Promise<DocumentRecord> {
    const station = this.requireStation();
    const symbol = documentSymbol(form.annex, form.fields.header.unitAbbr);
    const fieldsHash = fieldsSha256(form.fields);
    for (let attempt = 1; ; attempt++) {
      const issuedAt = this.journal.now();
      const year = seriesYear(issuedAt);
      const number = this.nextNumber(station.code, year);
      const files = await this.renderOrFail({ form, symbol, number, issuedAt });
      try {
        return this.journal.tx(() => {
          ev.stillValid();
          if (this.nextNumber(station.code, year) !== number) throw new NumberTaken();
          const base = `phu-luc-${form.annex}_${year}-${String(number).padStart(2, '0')}`;
          const pdf = this.attachments.put(files.pdf, `${base}.pdf`, PDF_MIME, 'internal');
          const docx = this.attachments.put(files.docx, `${base}.docx`, DOCX_MIME, 'internal');
          const payload: IssuedPayload = {
            documentId: ev.documentId,
            annex: form.annex,
            stationCode: station.code,
            number,
            year,
            symbol,
            numberText: formatDocumentNumber(number, symbol),
            version: ev.version,
            issuedAt,
            fields: form.fields,
            fieldsSha256: fieldsHash,
            pdf: { sha256: pdf.sha256, size: pdf.size, name: pdf.name },
            docx: { sha256: docx.sha256, size: docx.size, name: docx.name },
            links: ev.links,
            title: documentTitle(form),
            supersedes: ev.supersedes,
            reason: ev.reason,
          };
          this.journal.appendInTx({ type: ev.type, occurredAt: issuedAt, actor: user.login, payload });
          return this.get(ev.documentId);
        });
      } catch (e) {
        if (!(e instanceof NumberTaken)) throw e;
        if (attempt >= MAX_ATTEMPTS) {
          throw new AppError('conflict', `the document series kept moving; Phụ lục ${form.annex} was not issued, try again`);
        }
      }
    }
  }
}
