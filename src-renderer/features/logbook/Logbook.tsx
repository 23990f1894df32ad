import { NotSentEntries } from '../link/StationBanner';
import { useMessages } from '../../hooks/useI18n';
import { useEffect } from 'react';
import { usePush } from '../../hooks/usePush';
import { selectors, useActions, useAppStore } from '../../store';
import { DetailPanel } from './Detail';
import { EntryTable } from './EntryTable';
import { Filters } from './Filters';
import { QuickEntry } from './QuickEntry';

export function UnitCodes() {
  const units = useAppStore(selectors.admin.units);
  return (
    <datalist id="unit-codes">
      {units.map((u) => (
        <option key={u.code} value={u.code}>
          {u.shortName || u.name}
        </option>
      ))}
    </datalist>
  );
}

export function Logbook() {
  const m = useMessages();
  const selected = useAppStore(selectors.logbook.selectedId);
  const { logbook } = useActions();
  // another screen's entry (another workstation too) shows without a reload: the journal topic
  // names each committed event's type; a logbook event, or a resync, refetches the list
  usePush(['journal'], (f) => {
    const type = (f.data as { type?: unknown } | undefined)?.type;
    if (f.topic !== 'journal' || (typeof type === 'string' && type.startsWith('logbook.'))) void logbook.reload();
  });
  // and what changed while another screen was shown (the pushes above reach a mounted screen only)
  useEffect(() => {
    void logbook.reload();
  }, [logbook]);
  // Esc closes the detail panel (unless a form inside used it first, e.g. to cancel an amendment)
  useEffect(() => {
    if (!selected) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      void logbook.select(null);
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`tr[data-entry-id="${selected}"]`)?.focus());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selected, logbook]);
  return (
    <div className={`logbook${selected ? ' logbook--detail' : ''}`}>
      <UnitCodes />
      <QuickEntry />
      <section className="logbook__list panel" aria-label={m.logbook.title}>
        <Filters />
        <NotSentEntries />
        <EntryTable />
      </section>
      <DetailPanel />
    </div>
  );
}
