import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { AVAILABILITY, ROSTER_POSITIONS, TEAMS } from '../../../src-shared/domain/roles';
import type { Availability, RosterPosition, Team } from '../../../src-shared/domain/roles';
import { addDays, shiftDateOf } from '../../../src-shared/time/shift';
import { AvailabilityBadge, Empty, FormError, Panel, SubmitButton } from '../../components/ui';
import { useLang, useMessages } from '../../hooks/useI18n';
import { errorText } from '../../i18n';
import { formatDateTime, parseInputDate, showShiftDate } from '../../lib/datetime';
import { selectors, store, useActions, useAppStore } from '../../store';
import type { RosterMemberInput } from './slice';

interface Row {
  key: number;
  userId: string;
  fullName: string;
  position: RosterPosition;
  team: Team | '';
  location: string;
  availability: Availability;
}

let rowKey = 1;
const toRows = (members: readonly RosterMemberInput[]): Row[] =>
  members.map((mm) => ({
    key: rowKey++,
    userId: mm.userId ?? '',
    fullName: mm.fullName,
    position: mm.position,
    team: mm.team ?? '',
    location: mm.location ?? '',
    availability: mm.availability ?? 'on_duty',
  }));

export function RosterEditor() {
  const m = useMessages();
  const lang = useLang();
  const current = useAppStore(selectors.shift.shiftDate);
  const editing = useAppStore(selectors.shift.editing);
  const users = useAppStore(selectors.admin.activeUsers);
  const allUsers = useAppStore(selectors.admin.users);
  const canEdit = useAppStore(selectors.app.canEditRoster);
  const { shift, ui } = useActions();
  const [date, setDate] = useState<string>(() => current ?? shiftDateOf(Date.now() + store.getState().app.clockOffset));
  const [dateText, setDateText] = useState(showShiftDate(date));
  const [dateBad, setDateBad] = useState(false);
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void shift.loadRoster(date);
    setDateText(showShiftDate(date));
  }, [date, shift]);
  useEffect(() => {
    if (editing && editing.shiftDate === date) setRows(toRows(editing.members));
  }, [editing, date]);

  const go = (d: string) => {
    setError(null);
    setDate(d);
  };
  const applyDate = () => {
    const ymd = parseInputDate(dateText);
    if (!ymd) {
      setDateBad(true);
      return;
    }
    setDateBad(false);
    go(ymd);
  };
  const upd = (key: number, p: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...p } : r)));
  const pickUser = (key: number, userId: string) => {
    const u = users.find((x) => x.id === userId);
    upd(key, u ? { userId, fullName: u.fullName, team: u.team ?? '' } : { userId: '' });
  };
  const copyPrev = async () => {
    const prev = await shift.fetchRoster(addDays(date, -1));
    if (prev) setRows(toRows(prev.members));
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const err = await shift.saveRoster(
      date,
      rows
        .filter((r) => r.fullName.trim())
        .map((r) => ({ userId: r.userId || null, fullName: r.fullName, position: r.position, team: r.team || null, location: r.location, availability: r.availability })),
    );
    setBusy(false);
    setError(err ? errorText(lang, err) : null);
    if (!err) ui.toast('success', (mm) => mm.roster.saved);
  };

  return (
    <div className="page">
      <Panel
        title={m.roster.title}
        actions={
          <div className="toolbar">
            <button type="button" className="btn btn--small btn--ghost" onClick={() => go(addDays(date, -1))} aria-label={m.roster.prev} title={m.roster.prev}>
              ‹
            </button>
            <label className={`filter filter--date${dateBad ? ' filter--bad' : ''}`}>
              <span>{m.roster.shiftDate}</span>
              <input
                value={dateText}
                onChange={(e) => setDateText(e.target.value)}
                onBlur={applyDate}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') applyDate();
                }}
                placeholder={m.common.dateHint}
                aria-invalid={dateBad}
              />
            </label>
            <button type="button" className="btn btn--small btn--ghost" onClick={() => go(addDays(date, 1))} aria-label={m.roster.next} title={m.roster.next}>
              ›
            </button>
          </div>
        }
      >
        {editing?.updatedAt ? <p className="muted small">{m.roster.updated(allUsers.find((u) => u.login === editing.updatedBy)?.fullName ?? editing.updatedBy ?? '', formatDateTime(editing.updatedAt))}</p> : null}
        {!canEdit ? (
          <>
            <p className="muted">{m.roster.readOnly}</p>
            {rows.length === 0 ? (
              <Empty>{m.roster.empty}</Empty>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th>{m.dashboard.position}</th>
                    <th>{m.dashboard.name}</th>
                    <th>{m.dashboard.team}</th>
                    <th>{m.dashboard.location}</th>
                    <th>{m.dashboard.availability}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.key}>
                      <td>{m.positions[r.position]}</td>
                      <td>{r.fullName}</td>
                      <td>{r.team || m.common.none}</td>
                      <td>{r.location || m.common.none}</td>
                      <td>
                        <AvailabilityBadge value={r.availability} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        ) : (
          <form onSubmit={(e) => void save(e)}>
            <table className="table table--edit">
              <thead>
                <tr>
                  <th>{m.dashboard.position}</th>
                  <th>{m.roster.person}</th>
                  <th>{m.roster.fullName}</th>
                  <th>{m.dashboard.team}</th>
                  <th>{m.dashboard.location}</th>
                  <th>{m.dashboard.availability}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key}>
                    <td>
                      <select aria-label={m.dashboard.position} value={r.position} onChange={(e) => upd(r.key, { position: e.target.value as RosterPosition })}>
                        {ROSTER_POSITIONS.map((p) => (
                          <option key={p} value={p}>
                            {m.positions[p]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <select aria-label={m.roster.person} value={r.userId} onChange={(e) => pickUser(r.key, e.target.value)}>
                        <option value="">{m.roster.noAccount}</option>
                        {users.map((u) => (
                          <option key={u.id} value={u.id}>
                            {u.fullName} ({u.login})
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input aria-label={m.roster.fullName} value={r.fullName} onChange={(e) => upd(r.key, { fullName: e.target.value })} readOnly={!!r.userId} />
                    </td>
                    <td>
                      <select aria-label={m.dashboard.team} value={r.team} onChange={(e) => upd(r.key, { team: e.target.value as Team | '' })}>
                        <option value="">{m.common.none}</option>
                        {TEAMS.map((t) => (
                          <option key={t} value={t}>
                            {m.team(t)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input aria-label={m.dashboard.location} value={r.location} onChange={(e) => upd(r.key, { location: e.target.value })} />
                    </td>
                    <td>
                      <select aria-label={m.dashboard.availability} value={r.availability} onChange={(e) => upd(r.key, { availability: e.target.value as Availability })}>
                        {AVAILABILITY.map((a) => (
                          <option key={a} value={a}>
                            {m.availability[a]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <button type="button" className="btn btn--small btn--ghost" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))} aria-label={m.common.remove} title={m.common.remove}>
                        ✕
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length === 0 ? <Empty>{m.roster.empty}</Empty> : null}
            <FormError text={error} />
            <div className="toolbar toolbar--foot">
              <button
                type="button"
                className="btn"
                onClick={() => setRows((rs) => [...rs, { key: rowKey++, userId: '', fullName: '', position: 'surveillance_officer', team: '', location: '', availability: 'on_duty' }])}
              >
                {m.roster.addMember}
              </button>
              <button type="button" className="btn btn--ghost" onClick={() => void copyPrev()}>
                {m.roster.copyPrev}
              </button>
              <span className="filters__spacer" />
              <SubmitButton busy={busy} label={m.roster.save} />
            </div>
          </form>
        )}
      </Panel>
    </div>
  );
}
