/**
 * The incidents' push topics (docs/architecture.md, "Push"): an incident, a request, an alert
 * or a clock that a committed event changed, and a data-less `waiting` frame for the lock screen's
 * counts. Declared in src-main/incidents/module.ts.
 */
import type { Derived } from '../push/hub';
import { lazy, str } from '../push/sources';
import type { TopicSource } from '../push/sources';
import { EV, INCIDENT_EVENT_TYPES } from './events';

export const incidentsSource: TopicSource = (db) => {
  const alertsOf = lazy(db, 'SELECT id, kind, to_role FROM incident_alerts WHERE seq = ?');
  const alertById = lazy(db, 'SELECT id, kind, to_role FROM incident_alerts WHERE id = ?');
  type AlertRow = { id: string; kind: string; to_role: string };
  const alertFrame = (a: AlertRow, dismissed: boolean): Derived => ({
    topic: 'alerts',
    data: { alertId: a.id, kind: a.kind, to: a.to_role, dismissed },
    roles: [a.to_role],
  });
  return (ev, p) => {
    if (!INCIDENT_EVENT_TYPES.has(ev.type)) return [];
    const out: Derived[] = [];
    if (ev.type.startsWith('request.')) {
      // a request's and an incident's id is the event id of their first event
      out.push({ topic: 'requests', data: { requestId: ev.type === EV.reqRegistered ? ev.eventId : str(p, 'requestId'), type: ev.type } });
    } else if (ev.type !== EV.alertDismissed) {
      out.push({ topic: 'incidents', data: { incidentId: str(p, 'incidentId') ?? (ev.type === EV.raised ? ev.eventId : null), type: ev.type } });
    }
    if (ev.type === EV.escalated || ev.type === EV.clockJumped) {
      const targetKind = str(p, 'target');
      out.push({ topic: 'clocks', data: { type: ev.type, targetKind, targetId: str(p, 'targetId') } });
      if (ev.type === EV.clockJumped || targetKind === 'request') out.push({ topic: 'requests', data: { requestId: str(p, 'targetId'), type: ev.type } });
    }
    for (const a of alertsOf().all(ev.seq) as AlertRow[]) out.push(alertFrame(a, false));
    if (ev.type === EV.alertDismissed) {
      const id = str(p, 'alertId');
      const a = id ? (alertById().get(id) as AlertRow | undefined) : undefined;
      if (a) out.push(alertFrame(a, true));
    }
    // every incident, direction or request event may change what waits (a clock met, an alert
    // raised or dismissed): one data-less frame a locked screen may receive, then it recounts
    out.push({ topic: 'waiting' });
    return out;
  };
};
