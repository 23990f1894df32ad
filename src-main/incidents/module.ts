/**
 * Incidents (Điều 8: reported → proposed → approved/rejected → in progress → closed),
 * directions and requests with their Điều 9 clocks, alerts and escalations (docs/incidents.md).
 * The workflow writes its own logbook lines through the logbook's entry writer and closes its
 * incident entries itself (on incident.closed), which it declares to the logbook.
 */
import { defineModule } from '../modules/types';
import { me } from '../modules/call';
import { AppError } from '../../src-shared/errors';
import { IncidentService } from './service';
import { incidentsProjector, INCIDENT_PROJECTIONS } from './projector';
import { IncidentWatcher } from './watcher';
import type { WatcherOptions } from './watcher';
import m007 from '../store/migrations/007_incidents';
import { INCIDENTS_EVENTS } from './events';
import { incidentsSource } from './topics';

declare module '../modules/types' {
  interface Services {
    incidents: IncidentService;
  }
}

export const incidentsModule = defineModule({
  name: 'incidents',
  events: INCIDENTS_EVENTS,
  topics: [incidentsSource],
  needs: ['station', 'org', 'attachments', 'cameras', 'logbookLines'],
  provides: ['incidents'],
  migrations: [{ version: 7, name: 'incidents', sql: m007 }],
  projections: INCIDENT_PROJECTIONS,
  services: ({ db, journal, clock, org, attachments, cameras, logbookLines }) => {
    const incidents = new IncidentService(db, journal, org, attachments, clock, (id) => cameras.get(id) !== null);
    logbookLines.claimClosing((entryId) => incidents.ownsEntry(entryId));
    return { incidents };
  },
  projectors: ({ db, logbookLines }) => [incidentsProjector(db, logbookLines.writer)],
  // started by whoever runs the app (the loopback server), not by one-shot CLI commands
  watchers: {
    clocks: (s, opts) => new IncidentWatcher(s.incidents, s.clock, { active: () => s.station.get() !== null, ...(opts as WatcherOptions | undefined) }),
  },
  handlers: {
    'incidents:raise': (i, c, s) => s.incidents.raise(i, me(c)),
    'incidents:amend': (i, c, s) => s.incidents.amend(i, me(c)),
    'incidents:classify': (i, c, s) => s.incidents.classify(i, me(c)),
    'incidents:immediateStep': (i, c, s) => s.incidents.immediateStep(i, me(c)),
    'incidents:propose': (i, c, s) => s.incidents.propose(i, me(c)),
    'incidents:decide': (i, c, s) => s.incidents.decide(i, me(c)),
    'incidents:recordDgDecision': (i, c, s) => s.incidents.recordDgDecision(i, me(c)),
    'incidents:close': (i, c, s) => s.incidents.close(i, me(c)),
    'incidents:get': (i, _c, s) => s.incidents.get(i.incidentId),
    'incidents:list': (i, _c, s) => s.incidents.list(i),
    'incidents:alerts': (i, c, s) => s.incidents.alerts(me(c).roles, i.includeDismissed),
    // public in the contract so a locked screen may ask; never for a session nobody signed in on
    'incidents:waiting': (_i, c, s) => {
      if (c.session.mustChangePassword) throw new AppError('password_change_required', 'change the temporary password first', { params: { channel: 'incidents:waiting' } });
      return s.incidents.waiting(me(c).roles);
    },
    'incidents:dismissAlert': (i, c, s) => {
      s.incidents.dismissAlert(i.alertId, me(c));
      return { ok: true as const };
    },
    'incidents:settings': (_i, _c, s) => s.incidents.settings(),
    'incidents:setSettings': (i, c, s) => s.incidents.setSettings(i, me(c)),
    'directions:issue': (i, c, s) => s.incidents.issueDirection(i, me(c)),
    'directions:acknowledge': (i, c, s) => s.incidents.acknowledge(i, me(c)),
    'directions:result': (i, c, s) => s.incidents.directionResult(i, me(c)),
    'requests:register': (i, c, s) => s.incidents.registerRequest(i, me(c)),
    'requests:answer': (i, c, s) => s.incidents.answerRequest(i, me(c)),
    'requests:result': (i, c, s) => s.incidents.requestResult(i, me(c)),
    'requests:list': (i, _c, s) => s.incidents.listRequests(i.openOnly, i.limit),
  },
});
