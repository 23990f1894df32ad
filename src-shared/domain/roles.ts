/** Roles of docs/regulation.md §2, plus the station's IT administrator. */
export const ROLES = [
  'shift_leader', // Lãnh đạo ca trực
  'room_leader', // Lãnh đạo cấp phòng trực ban
  'office_officer', // Công chức Văn phòng / Phòng Tổng hợp
  'surveillance_officer', // Công chức giám sát trực tuyến
  'surveillance_head', // Trưởng phòng giám sát trực tuyến
  'director_general', // Tổng cục trưởng / Cục trưởng (or delegate)
  'admin', // Quản trị hệ thống (station IT)
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that keep the logbook (Đ7.2.d) and watch (Đ13–15): they may write entries. */
export const LOGBOOK_WRITERS: readonly Role[] = [
  'shift_leader',
  'room_leader',
  'office_officer',
  'surveillance_officer',
  'surveillance_head',
];

/** Roster positions of a shift (Đ5.3). */
export const ROSTER_POSITIONS = ['shift_leader', 'room_leader', 'office_officer', 'surveillance_officer'] as const;
export type RosterPosition = (typeof ROSTER_POSITIONS)[number];

/** Availability as in the continuity orders (seeds 000–002). */
export const AVAILABILITY = ['on_duty', 'remote', 'isolated', 'on_leave'] as const;
export type Availability = (typeof AVAILABILITY)[number];

export const TEAMS = ['A', 'B'] as const;
export type Team = (typeof TEAMS)[number];

export const STATION_KINDS = ['hq', 'regional_with_cameras', 'regional', 'border_post'] as const;
export type StationKind = (typeof STATION_KINDS)[number];
