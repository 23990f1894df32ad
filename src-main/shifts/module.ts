/** Shifts (08:00 → 08:00, Vietnam), their rosters and the weekly rota of units. */
import { defineModule } from '../modules/types';
import { actor } from '../modules/call';
import { ShiftService, shiftsProjector } from './service';
import { SHIFTS_EVENTS } from './events';

declare module '../modules/types' {
  interface Services {
    shifts: ShiftService;
  }
}

export const shiftsModule = defineModule({
  name: 'shifts',
  events: SHIFTS_EVENTS,
  needs: ['station', 'users', 'org'],
  provides: ['shifts'],
  projections: ['rosters', 'rota'],
  services: ({ db, journal, station, users, org }) => ({
    shifts: new ShiftService(db, journal, () => station.get(), {
      userExists: (id) => users.byId(id) !== null,
      unitExists: (code, day) => org.lookup(code, day) !== null,
    }),
  }),
  projectors: ({ db }) => [shiftsProjector(db)],
  handlers: {
    'shift:current': (_i, _c, s) => s.shifts.current(),
    'roster:get': (i, _c, s) => s.shifts.roster(i.shiftDate),
    'roster:set': (i, c, s) => s.shifts.setRoster(i.shiftDate, i.members, actor(c)),
    'rota:get': (_i, _c, s) => s.shifts.rota(),
    'rota:set': (i, c, s) => s.shifts.setRota(i.days, actor(c)),
  },
});
