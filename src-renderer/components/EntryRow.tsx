import type { LogbookEntry } from '../../src-shared/domain/logbook';
import type { Identifiers } from '../../src-shared/domain/logbook';
import { formatDate, formatTime } from '../lib/datetime';
import { AmendedBadge, KindBadge } from './ui';

export function allIdentifiers(ids: Identifiers): string[] {
  return [...ids.containers, ...ids.declarations, ...ids.taxCodes, ...ids.plates, ...ids.billsOfLading, ...ids.vessels];
}

/** A compact entry line (dashboard lists). */
export function EntryLine({ entry, onOpen }: { entry: LogbookEntry; onOpen?: (id: string) => void }) {
  const ids = allIdentifiers(entry.identifiers);
  const body = (
    <>
      <span className="entry-line__time" title={formatDate(entry.occurredAt)}>
        {formatTime(entry.occurredAt)}
      </span>
      <KindBadge kind={entry.kind} />
      <span className="entry-line__text">
        {entry.text}
        {entry.version > 0 ? (
          <>
            {' '}
            <AmendedBadge />
          </>
        ) : null}
        {ids.length > 0 ? (
          <span className="ids">
            {ids.map((x) => (
              <code key={x}>{x}</code>
            ))}
          </span>
        ) : null}
      </span>
      <span className="entry-line__author">{entry.authorName}</span>
    </>
  );
  return onOpen ? (
    <li>
      <button type="button" className="entry-line" onClick={() => onOpen(entry.id)}>
        {body}
      </button>
    </li>
  ) : (
    <li className="entry-line">{body}</li>
  );
}
