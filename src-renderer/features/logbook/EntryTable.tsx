import { Fragment, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { LogbookEntry } from '../../../src-shared/domain/logbook';
import { allIdentifiers, AmendedMark, IdChips } from '../../components/EntryRow';
import { Empty, KindBadge } from '../../components/ui';
import { useMessages } from '../../hooks/useI18n';
import { formatDate, formatTime, showShiftDate } from '../../lib/datetime';
import { selectors, useActions, useAppStore } from '../../store';

/** Where it happened / who received or reported it, shown after the text. */
function secondary(e: LogbookEntry): string {
  const d = e.details;
  return [d.place, d.recipient, d.reportingUnit].filter((x): x is string => !!x).join(' · ');
}

export function EntryTable() {
  const m = useMessages();
  const entries = useAppStore(selectors.logbook.entries);
  const exact = useAppStore(selectors.logbook.exact);
  const searching = useAppStore(selectors.logbook.searching);
  const loading = useAppStore(selectors.logbook.loading);
  const nextBefore = useAppStore(selectors.logbook.nextBefore);
  const selectedId = useAppStore(selectors.logbook.selectedId);
  const { logbook } = useActions();
  const body = useRef<HTMLTableSectionElement>(null);

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, id: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      void logbook.select(id);
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    // step over the shift separator rows
    let el: Element | null = e.currentTarget;
    do el = e.key === 'ArrowDown' ? el.nextElementSibling : el.previousElementSibling;
    while (el && !(el as HTMLElement).dataset.entryId);
    (el as HTMLElement | null)?.focus();
  };

  return (
    <div className="entry-table-wrap" aria-busy={loading}>
      <div className="entry-table__status muted small" role="status">
        {loading ? m.common.loading : searching ? m.logbook.searchCount(entries.length) : m.logbook.resultsCount(entries.length)}
      </div>
      {entries.length === 0 && !loading ? (
        <Empty>{m.logbook.noResults}</Empty>
      ) : (
        <div className="entry-table__scroll">
          <table className="table entry-table" data-testid="entry-table">
            <colgroup>
              <col className="c-stt" />
              <col className="c-time" />
              <col className="c-kind" />
              <col className="c-author" />
              <col />
              <col className="c-ids" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">{m.logbook.colStt}</th>
                <th scope="col">{m.logbook.colTime}</th>
                <th scope="col">{m.logbook.colKind}</th>
                <th scope="col">{m.logbook.colAuthor}</th>
                <th scope="col">{m.logbook.colText}</th>
                <th scope="col">{m.logbook.colIds}</th>
              </tr>
            </thead>
            <tbody ref={body}>
              {entries.map((e, i) => {
                const ids = allIdentifiers(e.identifiers);
                const newShift = !searching && (i === 0 || entries[i - 1]!.shiftDate !== e.shiftDate);
                return (
                  <Fragment key={e.id}>
                  {newShift ? (
                    <tr className="group-row">
                      <th colSpan={6} scope="colgroup">
                        {m.logbook.shiftDate} {showShiftDate(e.shiftDate)}
                      </th>
                    </tr>
                  ) : null}
                  <tr
                    tabIndex={0}
                    data-entry-id={e.id}
                    className={`entry-row entry-row--${e.kind}${selectedId === e.id ? ' is-selected' : ''}`}
                    aria-current={selectedId === e.id ? 'true' : undefined}
                    onClick={() => void logbook.select(e.id)}
                    onKeyDown={(ev) => onRowKey(ev, e.id)}
                  >
                    <td className="num">{e.stt}</td>
                    <td className="time">
                      <span className="time__hm">{formatTime(e.occurredAt)}</span>
                      <span className="time__date">{formatDate(e.occurredAt)}</span>
                    </td>
                    <td>
                      <KindBadge kind={e.kind} />
                    </td>
                    <td className="author">{e.authorName}</td>
                    <td className="text">
                      <span className="text__body">{e.text}</span>
                      {secondary(e) ? <span className="text__place"> · {secondary(e)}</span> : null}
                      <AmendedMark version={e.version} />
                      {exact[e.id] ? <span className="tag tag--exact">{m.logbook.exactMatch}</span> : null}
                    </td>
                    <td className="ids-cell">
                      <IdChips ids={ids} />
                    </td>
                  </tr>
                  </Fragment>
                );
              })}
            </tbody>
          </table>
          {nextBefore !== null ? (
            <div className="load-more">
              <button type="button" className="btn btn--small" onClick={() => void logbook.loadMore()}>
                {m.common.loadMore}
              </button>
            </div>
          ) : null}
        </div>
      )}
    </div>
  );
}
