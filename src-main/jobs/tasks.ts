/**
 * What a job worker runs. Each task opens its own read-only connection to the station (WAL:
 * it reads one consistent snapshot beside the writer) and writes its output file; nothing here
 * appends to the journal — writes stay on the core's connection.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openCore } from '../app/core';
import { logbookExportData, logbookFileName, logbookMime, renderLogbook } from '../logbook/export-file';
import type { LogbookFormat } from '../logbook/export-file';
import type { JobPhase, JobResult } from '../../src-shared/domain/jobs';
import type { FormRenderInput } from '../documents/forms';
import { openDatabase } from '../store/db';
import type { JournalVerifyReport } from '../../src-shared/domain/org';

export interface LogbookExportParams {
  from: string;
  to: string;
  format: LogbookFormat;
  /** Stamped on the form as its date of issue (the core's clock when the job was started). */
  issuedAt: number;
}

export interface LogbookExportRequest {
  id: string;
  kind: 'logbook.export';
  dbPath: string;
  nativeBinding: string | null;
  /** Where the output file goes (written beside as .partial, then renamed). */
  out: string;
  params: LogbookExportParams;
}

/** One official form (Phụ lục II–V) to PDF and DOCX; the bytes come back to the core. */
export interface FormRenderRequest {
  id: string;
  kind: 'form.render';
  input: FormRenderInput;
}

/** A CSV import's parsing (the core validates against the database and appends). */
export interface CsvParseRequest {
  id: string;
  kind: 'csv.parse';
  format: 'org' | 'cameras';
  text: string;
}

/**
 * `verify` over the worker's own read-only connection: the file's pages (quick_check), the hash
 * chain, the security projections and, with `deep`, every projection against a replay in a
 * scratch copy (src-main/store/deep-verify.ts).
 */
export interface VerifyRequest {
  id: string;
  kind: 'journal.verify';
  dbPath: string;
  nativeBinding: string | null;
  deep: boolean;
}

/** Loads the renderers ahead of the first export or form (a cold worker takes a moment). */
export interface WarmRequest {
  id: string;
  kind: 'warm';
}

export type TaskRequest = LogbookExportRequest | FormRenderRequest | CsvParseRequest | VerifyRequest | WarmRequest;

export interface TaskResults {
  'logbook.export': JobResult;
  'form.render': { pdf: Uint8Array; docx: Uint8Array };
  'csv.parse': { rows: unknown[] };
  'journal.verify': JournalVerifyReport;
  warm: { ok: true };
}
export type TaskResult = TaskResults[keyof TaskResults];

export type Progress = (phase: JobPhase, progress: number) => void;

/** Writes `data` to `out` atomically (a half-written file never carries the name). */
function writeAtomically(out: string, data: Buffer): void {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.partial`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, out);
}

export async function runTask(req: TaskRequest, progress: Progress): Promise<TaskResult> {
  switch (req.kind) {
    case 'warm': {
      await Promise.all([import('../documents/forms'), import('../documents/logbook')]);
      return { ok: true };
    }
    case 'journal.verify': {
      const { verifyDatabase } = await import('../store/deep-verify');
      const native = req.nativeBinding ? { nativeBinding: req.nativeBinding } : {};
      const db = openDatabase(req.dbPath, { create: false, readonly: true, ...native });
      try {
        // large journals are split further over verify workers of their own
        return await verifyDatabase(db, { deep: req.deep, ...native });
      } finally {
        db.close();
      }
    }
    case 'csv.parse': {
      if (req.format === 'org') {
        const { parseCatalogCsv } = await import('../org/catalog');
        return { rows: parseCatalogCsv(req.text) };
      }
      const { parseCameraCsv } = await import('../cameras/csv');
      return { rows: parseCameraCsv(req.text) };
    }
    case 'form.render': {
      // loaded on demand, as in the core: pdfmake and docx are large
      const { renderForm } = await import('../documents/forms');
      return renderForm(req.input);
    }
    case 'logbook.export': {
      const p = req.params;
      progress('reading', 0.05);
      const core = openCore({ dbPath: req.dbPath, create: false, readonly: true, ...(req.nativeBinding ? { nativeBinding: req.nativeBinding } : {}) });
      let data;
      try {
        data = logbookExportData(core, p.from, p.to, p.issuedAt);
      } finally {
        core.close();
      }
      progress('rendering', 0.2);
      const buf = await renderLogbook(data, p.format);
      progress('writing', 0.95);
      writeAtomically(req.out, buf);
      return { fileName: logbookFileName(p.from, p.to, p.format), mime: logbookMime(p.format), size: buf.length, rows: data.rows.length };
    }
  }
}
