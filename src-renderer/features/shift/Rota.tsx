import { useEffect, useState } from 'react';
import { Empty, FormError, Panel } from '../../components/ui';
import { useLang, useMessages } from '../../hooks/useI18n';
import { useNow } from '../../hooks/useNow';
import { errorText } from '../../i18n';
import { formatDateTime, weekdayOf } from '../../lib/datetime';
import { splitList } from '../../lib/text';
import { selectors, useActions, useAppStore } from '../../store';

export function RotaView() {
  const m = useMessages();
  const lang = useLang();
  const rota = useAppStore(selectors.shift.rota);
  const names = useAppStore(selectors.admin.unitNames);
  const station = useAppStore(selectors.app.station);
  const canEdit = useAppStore(selectors.app.canEditRota);
  const { shift, ui } = useActions();
  const now = useNow(60_000);
  const today = weekdayOf(now);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void shift.loadRota();
  }, [shift]);

  const codesOf = (wd: number) => rota?.days.find((d) => d.weekday === wd)?.unitCodes ?? [];
  const startEdit = () => {
    setDraft([1, 2, 3, 4, 5, 6, 7].map((wd) => codesOf(wd).join(', ')));
    setError(null);
    setEditing(true);
  };
  const save = async () => {
    const days = draft.map((s, i) => ({ weekday: i + 1, unitCodes: splitList(s).map((c) => c.toUpperCase()) })).filter((d) => d.unitCodes.length > 0);
    const err = await shift.saveRota(days);
    if (err) {
      setError(errorText(lang, err, { withField: false }));
      return;
    }
    setEditing(false);
    ui.toast('success', (mm) => mm.rota.saved);
  };

  return (
    <div className="page page--rota">
      <Panel
        title={m.rota.title}
        className="printable"
        actions={
          <div className="toolbar no-print">
            {canEdit && !editing ? (
              <button type="button" className="btn btn--small" onClick={startEdit}>
                {m.rota.edit}
              </button>
            ) : null}
            <button type="button" className="btn btn--small btn--primary" onClick={() => window.print()} disabled={editing}>
              {m.rota.print}
            </button>
          </div>
        }
      >
        <div className="print-only print-head">
          <div>{station?.parentBody}</div>
          <div className="strong">{station?.name}</div>
          <h1>{m.rota.title}</h1>
        </div>
        {!rota ? (
          <p className="muted">{m.common.loading}</p>
        ) : rota.days.length === 0 && !editing ? (
          <Empty>{m.rota.empty}</Empty>
        ) : (
          <table className="table table--rota" data-testid="rota">
            <thead>
              <tr>
                <th scope="col">{m.rota.weekday}</th>
                <th scope="col">{editing ? m.rota.unitCodes : m.rota.units}</th>
              </tr>
            </thead>
            <tbody>
              {[1, 2, 3, 4, 5, 6, 7].map((wd) => (
                <tr key={wd} className={wd === today ? 'row--today' : undefined}>
                  <th scope="row">
                    {m.weekdays[wd - 1]}
                    {wd === today ? <span className="tag no-print">{m.rota.today}</span> : null}
                  </th>
                  <td>
                    {editing ? (
                      <input
                        aria-label={`${m.weekdays[wd - 1]} — ${m.rota.unitCodes}`}
                        value={draft[wd - 1] ?? ''}
                        onChange={(e) => setDraft((d) => d.map((x, i) => (i === wd - 1 ? e.target.value : x)))}
                        className="upper"
                        list="unit-codes"
                      />
                    ) : codesOf(wd).length === 0 ? (
                      m.common.none
                    ) : (
                      <ul className="unit-list">
                        {codesOf(wd).map((c) => (
                          <li key={c}>
                            <code>{c}</code> {names.get(c) ?? ''}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <FormError text={error} />
        {editing ? (
          <div className="toolbar toolbar--foot">
            <button type="button" className="btn btn--primary" onClick={() => void save()}>
              {m.rota.save}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setEditing(false)}>
              {m.common.cancel}
            </button>
          </div>
        ) : null}
        <p className="print-only small">{m.rota.printedAt(formatDateTime(now))}</p>
      </Panel>
    </div>
  );
}
