/**
 * The incidents screen (Alt+V): the board, one incident, or the raise form. While shown, the
 * board is refreshed when main pushes a change (docs/architecture.md, "Push"); clocks tick
 * locally every second.
 */
import { useEffect } from 'react';
import { useAppStore, selectors, useActions } from '../../store';
import { useClockDrift, usePush } from '../../hooks/usePush';
import { UnitCodes } from '../logbook/Logbook';
import { Board } from './Board';
import { IncidentDetailView } from './Detail';
import { RaiseForm } from './RaiseForm';

export function Incidents() {
  const view = useAppStore(selectors.incidents.view);
  const { incidents } = useActions();
  usePush(['incidents', 'clocks'], () => void incidents.refresh());
  useClockDrift(() => void incidents.refresh());
  useEffect(() => {
    void incidents.refresh();
    void incidents.loadSettings();
  }, [incidents]);
  return (
    <div className="incidents" data-view={view}>
      <UnitCodes />
      {view === 'raise' ? <RaiseForm /> : view === 'detail' ? <IncidentDetailView /> : <Board />}
    </div>
  );
}
