import type { LogbookEntry } from '../../src-shared/domain/logbook';

export interface OpenItem {
  incident: LogbookEntry;
  /** Directions given for it (none with a result yet). */
  directions: LogbookEntry[];
}

/**
 * Incidents of a set of entries that are still open: an incident is closed once some result
 * links to a direction that links to it (Phụ lục I: incident → direction → result).
 * Latest incident first.
 */
export function openItems(entries: readonly LogbookEntry[]): OpenItem[] {
  const directionsOf = new Map<string, LogbookEntry[]>();
  const answered = new Set<string>();
  for (const e of entries) {
    if (e.kind === 'direction' && e.linkedEntryId) {
      const list = directionsOf.get(e.linkedEntryId) ?? [];
      list.push(e);
      directionsOf.set(e.linkedEntryId, list);
    } else if (e.kind === 'result' && e.linkedEntryId) {
      answered.add(e.linkedEntryId);
    }
  }
  return entries
    .filter((e) => e.kind === 'incident')
    .map((incident) => ({ incident, directions: directionsOf.get(incident.id) ?? [] }))
    .filter((item) => !item.directions.some((d) => answered.has(d.id)))
    .sort((a, b) => b.incident.occurredAt - a.incident.occurredAt || b.incident.seq - a.incident.seq);
}
