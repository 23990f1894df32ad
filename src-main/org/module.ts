/** The customs organisation catalog (units, validity, successors), imported from CSV. */
import { defineModule } from '../modules/types';
import { actor } from '../modules/call';
import { calendarDayVn } from '../../src-shared/time/shift';
import { OrgCatalog, orgProjector } from './catalog';
import { ORG_EVENTS } from './events';

declare module '../modules/types' {
  interface Services {
    org: OrgCatalog;
  }
}

export const orgModule = defineModule({
  name: 'org',
  events: ORG_EVENTS,
  needs: ['jobs'],
  provides: ['org'],
  projections: ['org_units'],
  services: ({ db, journal }) => ({ org: new OrgCatalog(db, journal) }),
  projectors: ({ db }) => [orgProjector(db)],
  handlers: {
    // a unit's validity is decided by the Vietnam calendar day (today unless given)
    'org:list': (i, _c, s) => s.org.list(i.at ?? calendarDayVn(s.clock.now()), i.query),
    'org:lookup': (i, _c, s) => s.org.lookup(i.code, i.at ?? calendarDayVn(s.clock.now())),
    // parsed in a worker thread (src-main/jobs); validated against the database and appended here
    'org:import': async (i, c, s) => ({ imported: s.org.importUnits(await s.jobs.parseCsv('org', i.csv), actor(c)) }),
  },
});
