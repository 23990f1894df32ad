import { useEffect } from 'react';
import { useMessages } from '../../hooks/useI18n';
import { usePush } from '../../hooks/usePush';
import { selectors, useAppStore } from '../../store';
import { formatDate, formatTime } from '../../lib/datetime';
import { errorText } from '../../i18n';

/** What a kept write is: the logbook's text, or what the step does. */
function describe(o: { channel: string; input: unknown }, l: { amendOf: string; what: Record<string, string> }): string {
  const text = (o.input as { text?: unknown } | null)?.text;
  if (o.channel === 'logbook:add' && typeof text === 'string') return text;
  if (o.channel === 'logbook:amend') return `${l.amendOf}${typeof text === 'string' ? `: ${text}` : ''}`;
  return l.what[o.channel] ?? o.channel;
}

/** HH:mm dd/mm/yyyy, Vietnam time. */
const at = (ms: number) => `${formatTime(ms)} ${formatDate(ms)}`;

/**
 * On every screen of a workstation or wall: the station cannot be reached (since when; the
 * client process retries by itself), and the writes the station refused when they were sent
 * again, each with the station's reason, until the officer dismisses it. Nothing on the station.
 */
export function StationBanner() {
  const m = useMessages();
  const lang = useAppStore(selectors.ui.lang);
  const client = useAppStore(selectors.link.client);
  const downSince = useAppStore(selectors.link.downSince);
  const { load, dismiss } = useAppStore((s) => s.actions.link);
  useEffect(() => {
    void load();
  }, [load]);
  usePush(['link'], () => void load());
  if (!client) return null;
  const queued = client.outbox.length;
  return (
    <>
      {downSince !== null && (
        <div className="link-banner" role="alert" data-link="down">
          {downSince > 0 ? m.link.down(at(downSince)) : m.link.downNow}
          {queued > 0 && <span className="link-banner__pending"> {m.link.pending(queued)}</span>}
        </div>
      )}
      {client.refused.length > 0 && (
        <section className="link-refused" role="alert" aria-label={m.link.refusedTitle}>
          <h2>{m.link.refusedTitle}</h2>
          <p>{m.link.refusedHint}</p>
          <ul>
            {client.refused.map((r) => (
              <li key={r.requestId} data-request={r.requestId}>
                <span className="link-refused__what">{describe(r, m.link)}</span>{' '}
                <span className="link-refused__when">({m.link.madeAt(at(r.madeAt))})</span>{' '}
                <span className="link-refused__why">{errorText(lang, r.error)}</span>{' '}
                <button type="button" onClick={() => void dismiss(r.requestId)}>
                  {m.link.dismiss}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** The logbook's writes kept on this machine and not sent yet, shown above the list as "chưa gửi". */
export function NotSentEntries() {
  const m = useMessages();
  const client = useAppStore(selectors.link.client);
  const items = (client?.outbox ?? []).filter((o) => o.channel === 'logbook:add' || o.channel === 'logbook:amend');
  if (items.length === 0) return null;
  return (
    <section className="not-sent" aria-label={m.link.notSentTitle}>
      <h3>{m.link.notSentTitle}</h3>
      <ul>
        {items.map((o) => (
          <li key={o.requestId} className="not-sent__item" data-request={o.requestId}>
            <span className="badge badge--warn">{m.link.notSent}</span>{' '}
            {o.channel === 'logbook:amend' ? `${m.link.amendOf}: ` : ''}
            {String((o.input as { text?: unknown } | null)?.text ?? '')}{' '}
            <span className="not-sent__when">({m.link.madeAt(at(o.madeAt))})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
