import { useEffect } from 'react';
import { ENTRY_KINDS } from '../../../src-shared/domain/logbook';
import type { EntryKind } from '../../../src-shared/domain/logbook';
import { DEFAULT_OFFICE_HOURS, isOfficeHours, isoWeekday, shiftBounds, shiftDateOf } from '../../../src-shared/time/shift';
import { EntryLine } from '../../components/EntryRow';
import { NotificationsPanel } from '../cameras/Notifications';
import { AvailabilityBadge, Empty, KindBadge, Panel } from '../../components/ui';
import { useMessages } from '../../hooks/useI18n';
import { useNow } from '../../hooks/useNow';
import { usePush } from '../../hooks/usePush';
import { formatClock, formatDateTime, formatDuration, formatTime, showShiftDate } from '../../lib/datetime';
import { selectors, useActions, useAppStore } from '../../store';
import { EMPTY_FILTERS } from '../logbook/slice';

function ShiftClock() {
  const m = useMessages();
  const now = useNow(1000);
  const station = useAppStore(selectors.app.station);
  const shiftDate = shiftDateOf(now);
  const { start, end } = shiftBounds(shiftDate);
  const office = isOfficeHours(now, station?.officeHours ?? DEFAULT_OFFICE_HOURS);
  const elapsed = Math.min(1, Math.max(0, (now - start) / (end - start)));
  return (
    <section className="panel clock-panel" aria-label={m.dashboard.clock}>
      <div className="big-clock">
        <time className="big-clock__time" data-testid="shift-clock">
          {formatClock(now)}
        </time>
        <div className="big-clock__meta">
          <div>
            <span className="muted">{m.dashboard.shiftDate}</span> <strong data-testid="shift-date">{showShiftDate(shiftDate)}</strong>
          </div>
          <div className="muted small">{m.dashboard.shiftSpan(formatDateTime(start), formatDateTime(end))}</div>
        </div>
        <div className="big-clock__left">
          <span className="muted">{m.dashboard.untilHandover}</span>
          <strong className="big-clock__countdown">{formatDuration(end - now)}</strong>
        </div>
        <div className="shift-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(elapsed * 100)}>
          <div className="shift-progress__bar" style={{ width: `${elapsed * 100}%` }} />
        </div>
        <span className={`hours-pill hours-pill--lg ${office ? 'hours-pill--office' : 'hours-pill--after'}`}>{office ? m.header.officeHours : m.header.afterHours}</span>
      </div>
    </section>
  );
}

function RosterPanel() {
  const m = useMessages();
  const roster = useAppStore(selectors.shift.roster);
  const canEdit = useAppStore(selectors.app.canEditRoster);
  const { ui } = useActions();
  return (
    <Panel
      title={m.dashboard.onDuty}
      className="roster-panel"
      actions={
        canEdit ? (
          <button type="button" className="btn btn--small" onClick={() => ui.navigate('roster')}>
            {m.dashboard.editRoster}
          </button>
        ) : null
      }
    >
      {!roster || roster.members.length === 0 ? (
        <Empty>{m.dashboard.noRoster}</Empty>
      ) : (
        <table className="table table--roster" data-testid="roster">
          <thead>
            <tr>
              <th scope="col">{m.dashboard.name}</th>
              <th scope="col">{m.dashboard.team}</th>
              <th scope="col">{m.dashboard.location}</th>
              <th scope="col">{m.dashboard.availability}</th>
            </tr>
          </thead>
          <tbody>
            {roster.members.map((p, i) => (
              <tr key={`${p.userId ?? p.fullName}-${i}`} className={p.availability !== 'on_duty' ? 'row--dim' : undefined}>
                <td>
                  <span className="person__name">{p.fullName}</span>
                  <span className="person__pos">{m.positions[p.position]}</span>
                </td>
                <td>{p.team ? <span className={`team team--${p.team}`}>{p.team}</span> : m.common.none}</td>
                <td>{p.location || m.common.none}</td>
                <td>
                  <AvailabilityBadge value={p.availability} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

/** Open an entry from the dashboard: the logbook screen, that entry selected. */
function useOpenEntry(): (id: string) => void {
  const { ui, logbook } = useActions();
  return (id: string) => {
    ui.navigate('logbook');
    void logbook.select(id);
  };
}

function OpenItemsPanel() {
  const m = useMessages();
  const items = useAppStore(selectors.shift.openItems);
  const open = useOpenEntry();
  return (
    <Panel title={<>{m.dashboard.openItems} <span className={`count${items.length ? ' count--alert' : ''}`}>{items.length}</span></>} className="open-panel">
      {items.length === 0 ? (
        <Empty>{m.dashboard.noOpenItems}</Empty>
      ) : (
        <ul className="open-list" data-testid="open-items">
          {items.map(({ incident, directions }) => (
            <li key={incident.id}>
              <button type="button" className="open-item" onClick={() => open(incident.id)}>
                <span className="open-item__head">
                  <KindBadge kind="incident" />
                  <span className="open-item__time">{formatTime(incident.occurredAt)}</span>
                  <span className="muted">#{incident.stt}</span>
                  {incident.details.place ? <span className="open-item__place">{incident.details.place}</span> : null}
                </span>
                <span className="open-item__text">{incident.text}</span>
                <span className={`open-item__state${directions.length ? '' : ' open-item__state--new'}`}>{m.dashboard.directionsCount(directions.length)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function TodayPanel() {
  const m = useMessages();
  const entries = useAppStore(selectors.shift.entries);
  const { ui, logbook } = useActions();
  const open = useOpenEntry();
  return (
    <Panel
      title={<>{m.dashboard.todayEntries} <span className="count">{entries.length}</span></>}
      className="today-panel"
      actions={
        <button type="button" className="btn btn--small btn--primary" onClick={() => {
          ui.navigate('logbook');
          logbook.startEntry('work');
        }}>
          {m.dashboard.addEntry}
        </button>
      }
    >
      {entries.length === 0 ? (
        <Empty>{m.dashboard.noEntries}</Empty>
      ) : (
        <ul className="entry-lines" data-testid="today-entries">
          {entries.map((e) => (
            <EntryLine key={e.id} entry={e} onOpen={open} />
          ))}
        </ul>
      )}
    </Panel>
  );
}

function SummaryPanel() {
  const m = useMessages();
  const entries = useAppStore(selectors.shift.entries);
  const rota = useAppStore(selectors.shift.rota);
  const names = useAppStore(selectors.admin.unitNames);
  const info = useAppStore(selectors.shift.info);
  const { shift, ui, logbook } = useActions();
  useEffect(() => {
    void shift.loadRota();
  }, [shift]);
  const counts = new Map<EntryKind, number>();
  for (const e of entries) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  const weekday = info ? isoWeekday(info.shiftDate) : null;
  const units = weekday ? (rota?.days.find((d) => d.weekday === weekday)?.unitCodes ?? []) : [];
  const showKind = (k: EntryKind) => {
    ui.navigate('logbook');
    void logbook.replaceFilters({ ...EMPTY_FILTERS, shiftDate: info?.shiftDate ?? '', kind: k });
  };
  return (
    <Panel title={m.dashboard.summary} className="summary-panel">
      <div className="kind-counts">
        {ENTRY_KINDS.map((k) => (
          <button key={k} type="button" className={`kind-count kind-count--${k}`} onClick={() => showKind(k)}>
            <strong>{counts.get(k) ?? 0}</strong>
            <span>{m.kinds[k]}</span>
          </button>
        ))}
      </div>
      <div className="rota-today">
        <span className="muted small">{m.dashboard.rotaToday}</span>{' '}
        {units.length === 0
          ? m.common.none
          : units.map((c) => (
              <span key={c} className="rota-unit">
                <code>{c}</code> {names.get(c) ?? ''}
              </span>
            ))}
      </div>
    </Panel>
  );
}

/** Journal events that change what the dashboard shows (today's entries, open items, the roster). */
const DASHBOARD_EVENTS = /^(logbook|incident|direction|request|roster|rota|shift)\./;

export function Dashboard() {
  const { shift } = useActions();
  // another screen's (or another workstation's) change shows here without a reload (docs/architecture.md, "Push")
  usePush(['journal'], (f) => {
    const type = (f.data as { type?: unknown } | undefined)?.type;
    if (f.topic !== 'journal' || (typeof type === 'string' && DASHBOARD_EVENTS.test(type))) void shift.refresh();
  });
  return (
    <div className="dashboard">
      <div className="dashboard__left">
        <ShiftClock />
        <RosterPanel />
        <SummaryPanel />
      </div>
      <div className="dashboard__right">
        <OpenItemsPanel />
        <TodayPanel />
        <NotificationsPanel />
      </div>
    </div>
  );
}
