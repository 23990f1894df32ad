/**
 * What the lock screen still shows (docs/incidents.md, "The lock screen"): how many alerts wait
 * and how many clocks are overdue, with their severity — never what they are about. Kept live
 * by the data-less `waiting` topic (a locked session may receive it and may ask
 * `incidents:waiting`), and it rings the alarm while alerts wait, until they are dismissed or
 * the alarm is muted for ALARM_MUTE_MINUTES.
 */
import { useEffect, useRef } from 'react';
import type { WaitingSeverity } from '../../../src-shared/domain/incidents';
import { Alarm } from '../../alarm/alarm';
import { useMessages } from '../../hooks/useI18n';
import { usePush } from '../../hooks/usePush';
import { useTicker } from '../../hooks/useNow';
import { formatTime } from '../../lib/datetime';
import { selectors, useActions, useAppStore } from '../../store';
import { ALARM_MUTE_MINUTES, alarmSeverity } from '../incidents/slice';

/** A recount this often too, in case a frame was lost on the way (a clock falls due without an event). */
export const WAITING_POLL_MS = 30_000;

/** Rings `severity` (repeating) while mounted; 'none' is silence. */
export function useAlarm(severity: WaitingSeverity): void {
  const alarm = useRef<Alarm | null>(null);
  useEffect(() => {
    alarm.current ??= new Alarm();
    alarm.current.set(severity);
  }, [severity]);
  useEffect(
    () => () => {
      alarm.current?.stop();
    },
    [],
  );
}

function Count(props: { testId: string; label: string; count: number | null; severity: WaitingSeverity; severityText: string }) {
  const tone = props.count ? props.severity : 'none';
  return (
    <div className={`lock-count lock-count--${tone}`} data-testid={props.testId} data-count={props.count ?? ''} data-severity={tone}>
      <span className="lock-count__n">{props.count ?? '–'}</span>
      <span className="lock-count__label">{props.label}</span>
      <span className="lock-count__sev">{props.severityText}</span>
    </div>
  );
}

export function LockWaiting() {
  const m = useMessages();
  const waiting = useAppStore(selectors.incidents.waiting);
  const failed = useAppStore(selectors.incidents.waitingFailed);
  const mutedUntil = useAppStore(selectors.incidents.alarmMutedUntil);
  const { incidents } = useActions();
  const now = useTicker(1000);

  // subscribed before the first count, so no change falls between the two
  usePush(['waiting'], () => void incidents.loadWaiting());
  useEffect(() => {
    void incidents.loadWaiting();
    const t = setInterval(() => void incidents.loadWaiting(), WAITING_POLL_MS);
    return () => clearInterval(t);
  }, [incidents]);

  const severity = alarmSeverity(waiting, mutedUntil, now);
  useAlarm(severity);
  const muted = mutedUntil > now;
  const ringing = severity !== 'none';
  const alerts = waiting?.alerts ?? null;
  const clocks = waiting?.clocks ?? null;

  return (
    <section className="lock-waiting" aria-label={m.lock.waitingTitle} data-testid="lock-waiting" data-ringing={ringing ? '1' : '0'}>
      <div className="lock-waiting__counts" role="status" aria-live="polite">
        <Count testId="lock-alerts" label={m.lock.alertsWaiting} count={alerts?.count ?? null} severity={alerts?.severity ?? 'none'} severityText={alerts?.count ? m.lock.severity[alerts.severity] : m.lock.severity.none} />
        <Count testId="lock-clocks" label={m.lock.clocksOverdue} count={clocks?.count ?? null} severity={clocks?.severity ?? 'none'} severityText={clocks?.count ? m.lock.severity[clocks.severity] : m.lock.severity.none} />
      </div>
      {failed ? (
        <p className="lock-waiting__stale" role="alert">
          {m.lock.waitingStale}
        </p>
      ) : null}
      <p className="gate__note">{m.lock.waitingNote}</p>
      {alerts?.count ? (
        <div className="lock-waiting__alarm">
          {ringing ? (
            <span className="lock-waiting__ringing" data-testid="lock-ringing">
              {m.lock.alarmOn}
            </span>
          ) : null}
          {muted ? (
            <>
              <span data-testid="lock-muted">{m.lock.mutedUntil(formatTime(mutedUntil))}</span>
              <button type="button" className="btn btn--small btn--ghost" onClick={() => incidents.muteAlarm(0)} data-testid="lock-unmute">
                {m.lock.unmute}
              </button>
            </>
          ) : (
            <button type="button" className="btn btn--small btn--ghost" onClick={() => incidents.muteAlarm(ALARM_MUTE_MINUTES)} data-testid="lock-mute">
              {m.lock.muteFor(ALARM_MUTE_MINUTES)}
            </button>
          )}
        </div>
      ) : null}
    </section>
  );
}
