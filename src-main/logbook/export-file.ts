import type { Core } from '../app/core';
import { AppError } from '../../src-shared/errors';
import type { LogbookExportData } from '../../src-shared/domain/logbook';
import { buildExportData } from './export';

export type LogbookFormat = 'docx' | 'pdf';

type ExportSource = Pick<Core, 'db' | 'station' | 'logbook' | 'shifts' | 'org'>;

export const logbookMime = (format: LogbookFormat) =>
  format === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf';

export function logbookFileName(from: string, to: string, format: LogbookFormat): string {
  const name = from === to ? `nhat-ky-truc-ban_${from}` : `nhat-ky-truc-ban_${from}_${to}`;
  return `${name}.${format}`;
}

/**
 * The rows of the printed logbook for a range of shifts, read in one transaction (one
 * snapshot: entries, rosters and the catalog agree even while the writer appends).
 */
export function logbookExportData(core: ExportSource, from: string, to: string, issuedAt: number): LogbookExportData {
  return core.db.transaction(() => {
    const station = core.station.get();
    if (!station) throw new AppError('setup_required', 'set up the station first');
    const entries = core.logbook.range(from, to);
    return buildExportData(entries, (d) => core.shifts.roster(d), core.org, station, from, to, issuedAt);
  })();
}

/** The Phụ lục I form as DOCX or PDF bytes. */
export async function renderLogbook(data: LogbookExportData, format: LogbookFormat): Promise<Buffer> {
  // loaded on demand: the PDF/DOCX libraries are large and most calls never need them
  const docs = await import('../documents/logbook');
  return format === 'docx' ? docs.renderLogbookDocx(data) : docs.renderLogbookPdf(data);
}

/**
 * The logbook of a range of shifts on the Phụ lục I form, rendered in this thread. The app
 * and the CLI run it as a job in a worker thread instead (src-main/jobs), so a large export
 * never blocks the core's event loop; this stays for small in-process uses and tests.
 */
export async function exportLogbook(core: ExportSource & Pick<Core, 'clock'>, from: string, to: string, format: LogbookFormat) {
  const data = logbookExportData(core, from, to, core.clock.now());
  const buf = await renderLogbook(data, format);
  return { fileName: logbookFileName(from, to, format), mime: logbookMime(format), data: buf, rows: data.rows.length };
}
