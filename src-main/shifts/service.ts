import type { DB } from '../store/db';
import type { Journal } from '../journal/journal';
import { on, projector } from '../journal/events';
import { ROSTER_SET_EVENT, ROTA_SET_EVENT } from './events';
import type { Roster, RosterMember, Rota, ShiftInfo, Station } from '../../src-shared/domain/org';
import { AppError } from '../../src-shared/errors';
import { DEFAULT_OFFICE_HOURS, calendarDayVn, isOfficeHours, shiftBounds, shiftDateOf } from '../../src-shared/time/shift';

export const ROSTER_SET = ROSTER_SET_EVENT.type;
export const ROTA_SET = ROTA_SET_EVENT.type;

export function shiftsProjector(db: DB) {
  const putRoster = db.prepare(
    `INSERT INTO rosters (shift_date, members, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (shift_date) DO UPDATE SET members = excluded.members, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const clearRota = db.prepare('DELETE FROM rota');
  const putRota = db.prepare('INSERT INTO rota (weekday, unit_codes, updated_at) VALUES (?, ?, ?)');
  return projector(
    on(ROSTER_SET_EVENT, (p, ev) => {
      putRoster.run(p.shiftDate, JSON.stringify(p.members), ev.recordedAt, ev.actor);
    }),
    on(ROTA_SET_EVENT, (p, ev) => {
      clearRota.run();
      for (const d of p.days) putRota.run(d.weekday, JSON.stringify(d.unitCodes), ev.recordedAt);
    }),
  );
}

/** What a roster and a rota are checked against: the station's users and its customs units. */
export interface ShiftChecks {
  userExists(userId: string): boolean;
  /** The unit exists on that calendar day (YYYY-MM-DD, Vietnam). */
  unitExists(code: string, day: string): boolean;
}

export class ShiftService {
  constructor(
    private readonly db: DB,
    private readonly journal: Journal,
    private readonly station: () => Station | null,
    private readonly checks: ShiftChecks = { userExists: () => true, unitExists: () => true },
  ) {}

  roster(shiftDate: string): Roster {
    const r = this.db.prepare('SELECT members, updated_at, updated_by FROM rosters WHERE shift_date = ?').get(shiftDate) as
      | { members: string; updated_at: number; updated_by: string }
      | undefined;
    return {
      shiftDate,
      members: r ? (JSON.parse(r.members) as RosterMember[]) : [],
      updatedAt: r?.updated_at ?? null,
      updatedBy: r?.updated_by ?? null,
    };
  }

  setRoster(shiftDate: string, members: RosterMember[], actor: string): Roster {
    for (const m of members) {
      if (m.userId && !this.checks.userExists(m.userId)) throw new AppError('not_found', `user ${m.userId} not found`, { field: 'members' });
    }
    const leaders = members.filter((m) => m.position === 'shift_leader');
    if (leaders.length > 1) {
      throw new AppError('invalid_input', 'a shift has one shift leader', { field: 'members', params: { position: 'shift_leader' } });
    }
    this.journal.append({ type: ROSTER_SET, actor, payload: { shiftDate, members } });
    return this.roster(shiftDate);
  }

  current(): ShiftInfo {
    const now = this.journal.now();
    const shiftDate = shiftDateOf(now);
    const { start, end } = shiftBounds(shiftDate);
    const hours = this.station()?.officeHours ?? DEFAULT_OFFICE_HOURS;
    return { shiftDate, start, end, now, officeHours: isOfficeHours(now, hours), roster: this.roster(shiftDate) };
  }

  rota(): Rota {
    const rows = this.db.prepare('SELECT weekday, unit_codes, updated_at FROM rota ORDER BY weekday').all() as {
      weekday: number;
      unit_codes: string;
      updated_at: number;
    }[];
    return {
      days: rows.map((r) => ({ weekday: r.weekday, unitCodes: JSON.parse(r.unit_codes) as string[] })),
      updatedAt: rows.length ? Math.max(...rows.map((r) => r.updated_at)) : null,
    };
  }

  setRota(days: { weekday: number; unitCodes: string[] }[], actor: string): Rota {
    // the units must exist today (Vietnam calendar day)
    const at = calendarDayVn(this.journal.now());
    for (const d of days) {
      for (const c of d.unitCodes) {
        if (!this.checks.unitExists(c, at)) throw new AppError('unknown_unit', `customs unit ${c} does not exist on ${at}`, { field: 'unitCodes', params: { unitCode: c, date: at } });
      }
    }
    const seen = new Set<number>();
    for (const d of days) {
      if (seen.has(d.weekday)) throw new AppError('invalid_input', `weekday ${d.weekday} given twice`, { field: 'days' });
      seen.add(d.weekday);
    }
    this.journal.append({ type: ROTA_SET, actor, payload: { days } });
    return this.rota();
  }
}
