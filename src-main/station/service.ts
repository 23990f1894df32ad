import type { DB } from '../store/db';
import type { Journal } from '../journal/journal';
import { on, projector } from '../journal/events';
import { STATION_SET_UP_EVENT, STATION_UPDATED_EVENT } from './events';
import type { OfficeHours, Station } from '../../src-shared/domain/org';
import type { StationKind } from '../../src-shared/domain/roles';
import { DEFAULT_OFFICE_HOURS } from '../../src-shared/time/shift';

export const STATION_SET_UP = STATION_SET_UP_EVENT.type;
export const STATION_UPDATED = STATION_UPDATED_EVENT.type;

export interface StationSetup {
  code: string;
  name: string;
  kind: StationKind;
  place: string;
  parentBody: string;
}

export function stationProjector(db: DB) {
  const put = db.prepare(`INSERT INTO meta (key, value) VALUES ('station', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  const get = db.prepare(`SELECT value FROM meta WHERE key = 'station'`).pluck();
  return projector(
    on(STATION_SET_UP_EVENT, (p, ev) => {
      const st: Station = { ...p, officeHours: DEFAULT_OFFICE_HOURS as OfficeHours, idleLockMinutes: 10, createdAt: ev.recordedAt };
      put.run(JSON.stringify(st));
    }),
    on(STATION_UPDATED_EVENT, (p) => {
      const cur = JSON.parse(get.get() as string) as Station;
      put.run(JSON.stringify({ ...cur, ...p }));
    }),
  );
}

export class StationService {
  constructor(
    private readonly db: DB,
    private readonly journal: Journal,
  ) {}

  get(): Station | null {
    const v = this.db.prepare(`SELECT value FROM meta WHERE key = 'station'`).pluck().get() as string | undefined;
    return v ? (JSON.parse(v) as Station) : null;
  }

  update(changes: Partial<Omit<Station, 'code' | 'kind' | 'createdAt'>>, actor: string): Station {
    const clean = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    this.journal.append({ type: STATION_UPDATED, actor, payload: clean });
    return this.get()!;
  }
}
