import type { IncidentPlace } from '../../../src-shared/domain/incidents';

/** One line for a place: site — zone — details (unit code). */
export function placeLine(p: IncidentPlace | null | undefined): string {
  if (!p) return '';
  const main = [p.siteName, p.zone, p.text].map((x) => x?.trim()).filter(Boolean).join(' — ');
  const unit = p.unitCode?.trim();
  if (!unit) return main;
  return main ? `${main} (${unit})` : unit;
}
