/**
 * The incident board: one column per state, filters (case, overdue only, diacritic-insensitive
 * search), and on each card the cases, place, time it arose, missing approvals and the live
 * clocks of its directions.
 */
import { useEffect, useState } from 'react';
import { ACK_MAX_MINUTES, HANDLING_CASES } from '../../../src-shared/domain/incidents';
import type { HandlingCase, IncidentState, IncidentSummary } from '../../../src-shared/domain/incidents';
import { foldVi } from '../../../src-shared/text/fold';
import { useLang, useMessages } from '../../hooks/useI18n';
import { errorText } from '../../i18n';
import { excerpt } from '../../lib/text';
import { selectors, useActions, useAppStore } from '../../store';
import { CaseBadges, ClockBadge, fmt, missingText, useStationNow } from './common';
import { placeLine } from './place';

/** Column order of the board. */
export const BOARD_COLUMNS: readonly IncidentState[] = ['reported', 'proposed', 'awaiting_dg', 'approved', 'in_progress', 'rejected', 'closed'];

/** Client-side check of the search (main filters too; this keeps the board right while typing). */
export function matchesQuery(i: IncidentSummary, query: string): boolean {
  const q = foldVi(query);
  if (!q) return true;
  const ids = Object.values(i.identifiers ?? {}).flat().join(' ');
  const hay = foldVi([i.description, placeLine(i.place), ids, i.raisedByName].join(' '));
  return q.split(' ').every((w) => hay.includes(w));
}

function Card({ i, now }: { i: IncidentSummary; now: number }) {
  const m = useMessages();
  const { incidents } = useActions();
  const place = placeLine(i.place);
  const clocks = i.directions.flatMap((d) => (d.result ? [] : d.ack ? [d.resultClock] : [d.ackClock]));
  return (
    <li>
      <button
        type="button"
        className={`inc-card${i.overdue ? ' inc-card--overdue' : ''}`}
        onClick={() => void incidents.open(i.id)}
        data-testid="incident-card"
        data-incident-id={i.id}
        data-state={i.state}
      >
        <span className="inc-card__head">
          <CaseBadges cases={i.cases} immediate={i.immediate?.case ?? null} />
          {i.overdue ? <span className="badge badge--overdue">{m.incidents.overdue}</span> : null}
        </span>
        <span className="inc-card__text" lang="vi">
          {excerpt(i.description, 120)}
        </span>
        {place ? (
          <span className="inc-card__place" lang="vi">
            {place}
          </span>
        ) : null}
        <span className="inc-card__meta muted small">
          {m.incidents.arisen} {fmt(i.arisenAt)} · {i.raisedByName}
        </span>
        {i.missingApprovals.length > 0 && i.state !== 'closed' && i.state !== 'rejected' ? (
          <span className="inc-card__missing" data-testid="missing-approvals">
            {m.incidents.missing(missingText(i.missingApprovals, m))}
          </span>
        ) : null}
        {clocks.length > 0 ? (
          <span className="inc-card__clocks">
            {clocks.map((c, k) => (
              <ClockBadge key={k} clock={c} now={now} compact />
            ))}
          </span>
        ) : null}
      </button>
    </li>
  );
}

function Filters() {
  const m = useMessages();
  const filters = useAppStore(selectors.incidents.filters);
  const { incidents } = useActions();
  const [q, setQ] = useState(filters.query);
  // the search goes to main after a short pause (the board filters locally meanwhile)
  useEffect(() => {
    if (q === filters.query) return;
    const t = setTimeout(() => void incidents.setFilters({ query: q }), 300);
    return () => clearTimeout(t);
  }, [q, filters.query, incidents]);
  return (
    <div className="inc-filters" role="search">
      <label className="filter filter--search">
        <span>{m.incidents.searchLabel}</span>
        <input type="search" name="incident-search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={m.incidents.searchPlaceholder} autoComplete="off" />
      </label>
      <label className="filter">
        <span>{m.incidents.filterCase}</span>
        <select name="incident-case" value={filters.case} onChange={(e) => void incidents.setFilters({ case: e.target.value as HandlingCase | '' })}>
          <option value="">{m.incidents.anyCase}</option>
          {HANDLING_CASES.map((c) => (
            <option key={c} value={c}>
              {m.incidents.caseShort[c]} — {m.incidents.cases[c]}
            </option>
          ))}
        </select>
      </label>
      <label className="check inc-filters__overdue">
        <input type="checkbox" name="incident-overdue" checked={filters.overdueOnly} onChange={(e) => void incidents.setFilters({ overdueOnly: e.target.checked })} />
        {m.incidents.overdueOnly}
      </label>
    </div>
  );
}

/** The acknowledgement clock (Đ9.2, default 30 min) and the escalation step, for shift leaders and admins. */
function ClockSettings() {
  const m = useMessages();
  const lang = useLang();
  const settings = useAppStore(selectors.incidents.settings);
  const { incidents, ui } = useActions();
  const [open, setOpen] = useState(false);
  const [ack, setAck] = useState(String(settings.ackMinutes));
  const [esc, setEsc] = useState(String(settings.escalationMinutes));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setAck(String(settings.ackMinutes));
    setEsc(String(settings.escalationMinutes));
  }, [settings]);
  if (!open) {
    return (
      <button type="button" className="btn btn--small btn--ghost" onClick={() => setOpen(true)} aria-expanded={false} data-testid="clock-settings">
        {m.incidents.settingsButton(settings.ackMinutes)}
      </button>
    );
  }
  return (
    <form
      className="inc-settings"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const a = Number(ack);
        const b = Number(esc);
        if (!Number.isInteger(a) || a < 5 || a > 240 || !Number.isInteger(b) || b < 1 || b > 240) {
          setError(m.incidents.settingsInvalid);
          return;
        }
        const err = await incidents.saveSettings({ ackMinutes: a, escalationMinutes: b });
        if (err) setError(errorText(lang, err));
        else {
          setError(null);
          setOpen(false);
          ui.toast('success', (mm) => mm.incidents.settingsSaved);
        }
      }}
    >
      <label className="filter">
        <span>{m.incidents.ackMinutes}</span>
        <input name="ackMinutes" type="number" min={5} max={ACK_MAX_MINUTES} value={ack} onChange={(e) => setAck(e.target.value)} />
      </label>
      <label className="filter">
        <span>{m.incidents.escalationMinutes}</span>
        <input name="escalationMinutes" type="number" min={1} max={240} value={esc} onChange={(e) => setEsc(e.target.value)} />
      </label>
      <button type="submit" className="btn btn--small btn--primary">
        {m.common.save}
      </button>
      <button type="button" className="btn btn--small btn--ghost" onClick={() => setOpen(false)}>
        {m.common.cancel}
      </button>
      {error ? <span className="field__error">{error}</span> : null}
    </form>
  );
}

export function Board() {
  const m = useMessages();
  const lang = useLang();
  const list = useAppStore(selectors.incidents.list);
  const loaded = useAppStore(selectors.incidents.loaded);
  const error = useAppStore(selectors.incidents.listError);
  const filters = useAppStore(selectors.incidents.filters);
  const user = useAppStore(selectors.app.user);
  const { incidents } = useActions();
  const now = useStationNow();
  const shown = list.filter((i) => matchesQuery(i, filters.query) && (!filters.overdueOnly || i.overdue) && (!filters.case || i.cases.includes(filters.case)));
  const canRaise = !!user && user.roles.some((r) => r !== 'admin' && r !== 'director_general');
  return (
    <div className="inc-board" data-testid="incident-board">
      <div className="inc-board__bar">
        <h1 className="inc-board__title">{m.incidents.board}</h1>
        <Filters />
        <span className="muted small inc-board__count">{m.incidents.count(shown.length)}</span>
        {user && user.roles.some((r) => r === 'shift_leader' || r === 'admin') ? <ClockSettings /> : null}
        {canRaise ? (
          <button type="button" className="btn btn--primary inc-board__raise" onClick={() => incidents.startRaise()} data-testid="raise-incident">
            {m.incidents.raise}
          </button>
        ) : null}
      </div>
      {error && loaded ? (
        <p className="form-error" role="alert" data-testid="incidents-error">
          {m.incidents.unavailable}: {errorText(lang, error)}
        </p>
      ) : null}
      <div className="inc-columns">
        {BOARD_COLUMNS.map((state) => {
          const items = shown.filter((i) => i.state === state);
          return (
            <section key={state} className={`inc-col inc-col--${state}`} aria-label={m.incidents.states[state]} data-column={state}>
              <header className="inc-col__head">
                <h2>{m.incidents.states[state]}</h2>
                <span className={`count${items.some((i) => i.overdue) ? ' count--alert' : ''}`}>{items.length}</span>
              </header>
              <ul className="inc-col__list">
                {items.length === 0 ? <li className="inc-col__empty muted small">{m.incidents.emptyColumn}</li> : items.map((i) => <Card key={i.id} i={i} now={now} />)}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}
