import type { Availability, Role, RosterPosition, StationKind, Team } from './roles';

/** A customs unit as it was on a given date (organisation catalog, time-versioned). */
export interface OrgUnit {
  code: string;
  name: string;
  shortName: string;
  /** 'central' (Ban/Cục…), 'regional' (Chi cục Hải quan khu vực), 'office' (Hải quan cửa khẩu…), 'team'. */
  level: string;
  parentCode: string | null;
  validFrom: string; // YYYY-MM-DD
  validTo: string | null; // YYYY-MM-DD, exclusive; null = still valid
  predecessorCodes: string[];
}

export interface OfficeHours {
  ranges: { from: number; to: number }[];
  weekdays: number[];
}

export interface Station {
  code: string;
  name: string;
  kind: StationKind;
  /** Place for the place–date line of printed forms, e.g. "Hà Nội". */
  place: string;
  /** Parent body printed above the station on forms, e.g. "CỤC HẢI QUAN". */
  parentBody: string;
  officeHours: OfficeHours;
  /** Minutes of inactivity before the screen locks. */
  idleLockMinutes: number;
  createdAt: number;
}

export interface User {
  id: string;
  login: string;
  fullName: string;
  title: string;
  roles: Role[];
  team: Team | null;
  active: boolean;
}

export interface SessionInfo {
  user: User;
  locked: boolean;
  /**
   * Signed in with a temporary password: until it is changed (users:changePassword) every
   * other signed-in channel answers `password_change_required`.
   */
  mustChangePassword: boolean;
}

export interface RosterMember {
  userId: string | null;
  /** Name as printed (from the user, or a person without an account). */
  fullName: string;
  position: RosterPosition;
  team: Team | null;
  location: string;
  availability: Availability;
}

export interface Roster {
  shiftDate: string;
  members: RosterMember[];
  updatedAt: number | null;
  updatedBy: string | null;
}

export interface ShiftInfo {
  shiftDate: string;
  start: number;
  end: number;
  now: number;
  officeHours: boolean;
  roster: Roster;
}

/** Rota of duty units by ISO weekday (1 = Monday … 7 = Sunday), Đ5.2. */
export interface Rota {
  days: { weekday: number; unitCodes: string[] }[];
  updatedAt: number | null;
}

export interface VerifyReport {
  ok: boolean;
  checked: number;
  headSeq: number;
  headHash: string | null;
  firstBadSeq: number | null;
  problem: string | null;
}

/** The first row where a stored projection differs from the journal's replay. */
export interface ProjectionMismatch {
  table: string;
  /** The row's primary key, e.g. `user_id=4f…`. */
  row: string;
  /** Columns that differ (every column when the row exists on one side only). */
  columns: string[];
  /** The row as stored and as the journal rebuilds it (JSON, shortened); null when absent. */
  stored: string | null;
  journal: string | null;
}

/** `verify`: the file (SQLite quick_check), the hash chain and, when deep, every projection. */
/** An event the journal could not project, parked with the reason (docs/architecture.md, the quarantine). */
export interface QuarantinedEvent {
  seq: number;
  eventId: string;
  type: string;
  typeVersion: number;
  reason: string;
}

/** How many events are in quarantine, and the first few (by seq). */
export interface QuarantineReport {
  count: number;
  items: QuarantinedEvent[];
}

export interface JournalVerifyReport extends VerifyReport {
  integrity: { ok: boolean; problems: string[] };
  /**
   * Projections against the journal's replay: deep, every projection rebuilt in a scratch copy;
   * otherwise those security decisions read (users, station). Null when not run (the file or
   * the chain failed first, or the schema predates users).
   */
  projections: { ok: boolean; deep: boolean; tables: string[]; rows: number; mismatch: ProjectionMismatch | null } | null;
  /**
   * Events that cannot be projected (unknown type, newer version, payload that does not fit):
   * deep, as the scratch replay found them; otherwise as stored. Reported, not a failure: the
   * rest of the journal is projected. Null when not read (the file or the chain failed first).
   */
  quarantine?: QuarantineReport | null;
}
