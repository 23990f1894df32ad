/** The duty logbook (Phụ lục I — NHẬT KÝ TRỰC BAN), docs/regulation.md §4. */
export const ENTRY_KINDS = ['work', 'incident', 'direction', 'result', 'note'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const DIRECTION_FORMS = ['phone', 'fax', 'document', 'email'] as const;
export type DirectionForm = (typeof DIRECTION_FORMS)[number];

/** Identifiers related to an entry or incident (docs/regulation.md §8), each list normalised and deduplicated. */
export interface Identifiers {
  containers: string[];
  declarations: string[];
  taxCodes: string[];
  plates: string[];
  billsOfLading: string[];
  /** Vessels by IMO ship identification number, normalised as "IMO9074729". */
  vessels: string[];
}

export function emptyIdentifiers(): Identifiers {
  return { containers: [], declarations: [], taxCodes: [], plates: [], billsOfLading: [], vessels: [] };
}

/** Every identifier list (the keys of `Identifiers`; the typed literal above keeps it complete). */
export const IDENTIFIER_LISTS: readonly (keyof Identifiers)[] = Object.keys(emptyIdentifiers()) as (keyof Identifiers)[];

/**
 * Identifiers as read back from storage: a list that an older payload does not carry (e.g.
 * `vessels`, added after the first releases) reads as empty. Use on every stored identifiers JSON.
 */
export function completeIdentifiers(stored: Partial<Identifiers> | null | undefined): Identifiers {
  const out = emptyIdentifiers();
  if (!stored) return out;
  for (const k of IDENTIFIER_LISTS) {
    const list: unknown = stored[k];
    if (Array.isArray(list)) out[k] = list.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/** Kind-specific fields, matching the columns and notes of Phụ lục I. */
export interface EntryDetails {
  /** incident: time it arose / time it was received (epoch ms). */
  arisenAt?: number;
  receivedAt?: number;
  /** incident: place or area, free text; unitCode: the customs unit concerned. */
  place?: string;
  unitCode?: string;
  /** direction: form of handling and who received it (unit code and/or person). */
  form?: DirectionForm;
  recipient?: string;
  recipientUnitCode?: string;
  /** result: when it was reported and by which unit. */
  reportedAt?: number;
  reportingUnit?: string;
  reportingUnitCode?: string;
}

/** One row of the logbook projection, as the UI reads it (current version). */
export interface LogbookEntry {
  id: string;
  /** Journal sequence number of the event that created the entry. */
  seq: number;
  /** Running number within its shift (STT on the printed form). */
  stt: number;
  kind: EntryKind;
  /** Shift the entry belongs to, 'YYYY-MM-DD' of the 08:00 start (Asia/Ho_Chi_Minh). */
  shiftDate: string;
  /** When the recorded thing happened (epoch ms). */
  occurredAt: number;
  /** When the app recorded the entry (epoch ms). */
  recordedAt: number;
  author: string;
  authorName: string;
  text: string;
  details: EntryDetails;
  identifiers: Identifiers;
  /** direction → its incident; result → its direction. */
  linkedEntryId: string | null;
  attachments: AttachmentRef[];
  /** Number of amendments; 0 when the entry was never corrected. */
  version: number;
  amendedAt: number | null;
}

export interface AttachmentRef {
  sha256: string;
  name: string;
  mime: string;
  size: number;
}

/** One version in an entry's history (the original and each amendment). */
export interface EntryVersion {
  version: number;
  seq: number;
  eventId: string;
  recordedAt: number;
  actor: string;
  actorName: string;
  reason: string | null;
  text: string;
  details: EntryDetails;
  identifiers: Identifiers;
}

export interface SearchHit {
  entry: LogbookEntry;
  /** Higher is better. Exact-diacritic matches score above folded-only matches. */
  score: number;
  exact: boolean;
}

/** An incident still open (no result on any of its directions), with its directions. */
export interface OpenItem {
  incident: LogbookEntry;
  directions: LogbookEntry[];
}

/** Data of one printed logbook (Phụ lục I) — what the DOCX/PDF exporters receive. */
export interface LogbookExportData {
  /** Parent body, e.g. "CỤC HẢI QUAN"; issuing unit, e.g. "TRỰC BAN". */
  parentBody: string;
  issuingUnit: string;
  /** Place for the place–date line, e.g. "Hà Nội". */
  place: string;
  /** Date printed on the place–date line (epoch ms). */
  issuedAt: number;
  /** Range covered, as shift dates 'YYYY-MM-DD'. */
  fromShift: string;
  toShift: string;
  rows: LogbookExportRow[];
}

export interface LogbookExportRow {
  /** Printed running number ("01", "02", …). */
  stt: string;
  /** dd/mm/yyyy of the shift. */
  date: string;
  /** Thành phần trực ban: the duty team of that shift, one person per line. */
  dutyTeam: string[];
  /** Nội dung thực hiện */
  work: string[];
  /** Vụ việc phát sinh (time arisen/received, place, related info, content) */
  incident: string[];
  /** Nội dung chỉ đạo (time, form, content, recipient) */
  direction: string[];
  /** Kết quả thực hiện (result, time reported, reporting unit) */
  result: string[];
  /** Ghi chú (notes; amendments are noted here) */
  note: string[];
}
