/**
 * The incidents screen (Alt+V): the board, one incident, or the raise form. While shown, the
 * board is refreshed from main every few seconds; clocks tick locally every second.
 */
import { useEffect } from 'react';
import { useAppStore, selectors, useActions } from '../../store';
import { UnitCodes } from '../logbook/Logbook';
import { Board } from './Board';
import { IncidentDetailView } from './Detail';
import { RaiseForm } from './RaiseForm';

export const INCIDENTS_POLL_MS = 4000;

export function Incidents() {
  const view = useAppStore(selectors.incidents.view);
  const { incidents } = useActions();
  useEffect(() => {
    void incidents.refresh();
    void incidents.loadSettings();
    const timer = setInterval(() => void incidents.refresh(), INCIDENTS_POLL_MS);
    return () => clearInterval(timer);
  }, [incidents]);
  return (
    <div className="incidents" data-view={view}>
      <UnitCodes />
      {view === 'raise' ? <RaiseForm /> : view === 'detail' ? <IncidentDetailView /> : <Board />}
    </div>
  );
}
