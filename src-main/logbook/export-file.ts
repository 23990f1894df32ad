import type { Core } from '../app/core';
import { AppError } from '../../src-shared/errors';
import { buildExportData } from './export';

/** The logbook of a range of shifts on the Phụ lục I form, as DOCX or PDF bytes. */
export async function exportLogbook(core: Core, from: string, to: string, format: 'docx' | 'pdf') {
  const station = core.station.get();
  if (!station) throw new AppError('setup_required', 'set up the station first');
  const entries = core.logbook.range(from, to);
  const data = buildExportData(entries, (d) => core.shifts.roster(d), core.org, station, from, to, core.clock.now());
  // loaded on demand: the PDF/DOCX libraries are large and most calls never need them
  const docs = await import('../documents/logbook');
  const buf = format === 'docx' ? await docs.renderLogbookDocx(data) : await docs.renderLogbookPdf(data);
  const name = from === to ? `nhat-ky-truc-ban_${from}` : `nhat-ky-truc-ban_${from}_${to}`;
  return {
    fileName: `${name}.${format}`,
    mime: format === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf',
    data: buf,
    rows: data.rows.length,
  };
}
