import type { LogbookEntry } from '../../src-shared/domain/logbook';
import type { Identifiers } from '../../src-shared/domain/logbook';
import { formatDate, formatTime } from '../lib/datetime';
import { AmendedBadge, KindBadge } from './ui';

export function allIdentifiers(ids: Identifiers): string[] {
  return [...ids.containers, ...ids.declarations, ...ids.taxCodes, ...ids.plates, ...ids.billsOfLading, ...ids.vessels];
}

/** Identifiers as a row of code chips; nothing when there are none. */
export function IdChips({ ids }: { ids: readonly string[] }) {
  if (ids.length === 0) return null;
  return (
    <span className="ids">
      {ids.map((x) => (
        <code key={x}>{x}</code>
      ))}
    </span>
  );
}

/** " (amended)" after an entry's text once it has been corrected (version > 0). */
export function AmendedMark({ version }: { version: number }) {
  if (version <= 0) return null;
  return (
    <>
      {' '}
      <AmendedBadge />
    </>
  );
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
        <AmendedMark version={entry.version} />
        <IdChips ids={ids} />
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
