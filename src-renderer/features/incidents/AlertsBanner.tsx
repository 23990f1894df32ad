/**
 * Alerts for the people on watch (immediate steps for the shift leader, escalations of
 * overdue directions for the addressed role, clock jumps): a banner under the navigation and
 * a short ring for each new alert unless muted (the lock screen rings until they are dismissed). Main decides who sees what
 * (`incidents:alerts` answers the signed-in user's alerts); dismissing is journaled.
 */
import { useEffect, useRef, useState } from 'react';
import { ALERT_SEVERITY } from '../../../src-shared/domain/incidents';
import type { IncidentAlert } from '../../../src-shared/domain/incidents';
import { ring } from '../../alarm/alarm';
import { useMessages } from '../../hooks/useI18n';
import { formatDate, formatTime } from '../../lib/datetime';
import { selectors, useActions, useAppStore } from '../../store';
import { usePush } from '../../hooks/usePush';
/** Alerts shown at once: three on a tall screen, one at 1366×768 (the rest are counted). */
const shownCount = () => (typeof window !== 'undefined' && window.innerHeight < 900 ? 1 : 3);

/** A short ring for a new alert, as urgent as its kind (the shared alarm sound, src-renderer/alarm). */
export function beep(kind: IncidentAlert['kind']): void {
  ring(ALERT_SEVERITY[kind]);
}

/** Urgent kinds first (escalations, immediate steps), then the newest. */
const RANK: Record<IncidentAlert['kind'], number> = { escalation: 0, immediate_step: 0, clock_jump: 1, approval_needed: 2 };
export function sortAlerts(list: readonly IncidentAlert[]): IncidentAlert[] {
  return [...list].sort((a, b) => RANK[a.kind] - RANK[b.kind] || b.at - a.at);
}

export function AlertsBanner() {
  const m = useMessages();
  const alerts = useAppStore(selectors.incidents.alerts);
  const muted = useAppStore(selectors.incidents.muted);
  const { incidents } = useActions();
  const seen = useRef<Set<string> | null>(null);
  const [expanded, setExpanded] = useState(false);

  // subscribed before the first load, so no change can fall between the two
  usePush(['alerts', 'clocks'], () => void incidents.loadAlerts());
  useEffect(() => {
    void incidents.loadAlerts();
  }, [incidents]);

  // a beep for each alert not seen before (the first load counts as seen only when muted)
  useEffect(() => {
    const fresh = alerts.filter((a) => a.dismissedAt === null && !(seen.current?.has(a.id) ?? false));
    if (seen.current === null) seen.current = new Set();
    for (const a of alerts) seen.current.add(a.id);
    if (fresh.length > 0 && !muted) beep(fresh[0]!.kind);
  }, [alerts, muted]);

  const open = sortAlerts(alerts.filter((a) => a.dismissedAt === null));
  if (open.length === 0) return null;
  const max = expanded ? open.length : shownCount();
  const shown = open.slice(0, max);
  return (
    <div className={`alerts-banner${expanded ? ' alerts-banner--expanded' : ''}`} role="alert" aria-label={m.alerts.label} data-testid="alerts-banner">
      <ul className="alerts-banner__list">
        {shown.map((a) => (
          <li key={a.id} className={`alert alert--${a.kind}`} data-testid="alert" data-kind={a.kind} data-alert-id={a.id}>
            <span className="alert__kind">{m.alerts.kinds[a.kind]}</span>
            <time className="alert__time">
              {formatTime(a.at)} {formatDate(a.at)}
            </time>
            <span className="alert__text" lang="vi" title={a.text}>
              {a.text}
            </span>
            {a.incidentId ? (
              <button type="button" className="btn btn--small" onClick={() => void incidents.open(a.incidentId!)}>
                {m.alerts.open}
              </button>
            ) : null}
            <button type="button" className="btn btn--small btn--ghost" onClick={() => void incidents.dismissAlert(a.id)} data-testid="alert-dismiss">
              {m.alerts.dismiss}
            </button>
          </li>
        ))}
      </ul>
      <div className="alerts-banner__side">
        {open.length > shownCount() ? (
          <button type="button" className="btn btn--small btn--ghost" aria-expanded={expanded} onClick={() => setExpanded((x) => !x)} data-testid="alerts-more">
            {expanded ? m.alerts.less : m.alerts.more(open.length - max)}
          </button>
        ) : null}
        <button type="button" className="btn btn--small btn--ghost" aria-pressed={muted} onClick={() => incidents.setMuted(!muted)} data-testid="alerts-mute" title={muted ? m.alerts.unmute : m.alerts.mute}>
          <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round">
            <path d="M4 9h4l5-4v14l-5-4H4z" />
            {muted ? <path d="M17 9l5 6M22 9l-5 6" /> : <path d="M16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12" />}
          </svg>
          {muted ? m.alerts.unmute : m.alerts.mute}
        </button>
      </div>
    </div>
  );
}
