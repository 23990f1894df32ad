import { useEffect } from 'react';
import { useMessages } from '../../hooks/useI18n';
import { formatDate, formatTime } from '../../lib/datetime';
import { selectors, useActions, useAppStore } from '../../store';
import { Empty, Panel } from '../../components/ui';
import { usePush } from '../../hooks/usePush';

/**
 * Notices queued for the managing units (camera faults and recoveries), newest first,
 * refreshed when main pushes a new one (docs/architecture.md, "Push").
 */
export function NotificationsPanel() {
  const m = useMessages();
  const items = useAppStore(selectors.cameras.notifications);
  const { cameras } = useActions();
  usePush(['notifications'], () => void cameras.loadNotifications());
  useEffect(() => {
    void cameras.loadNotifications();
  }, [cameras]);
  return (
    <Panel
      title={
        <>
          {m.notifications.title} {items.length ? <span className="muted small">{m.notifications.count(items.length)}</span> : null}
        </>
      }
      className="notices-panel"
    >
      {items.length === 0 ? (
        <Empty>{m.notifications.empty}</Empty>
      ) : (
        <table className="table table--notices" data-testid="notifications">
          <thead>
            <tr>
              <th>{m.notifications.time}</th>
              <th>{m.notifications.unit}</th>
              <th>{m.notifications.kind}</th>
              <th>{m.notifications.text}</th>
              <th>{m.notifications.status}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((n) => (
              <tr key={n.seq} data-kind={n.kind} data-status={n.status}>
                <td className="nowrap">
                  {formatDate(n.createdAt)} {formatTime(n.createdAt)}
                </td>
                <td>{n.unitCode ? <code>{n.unitCode}</code> : m.common.none}</td>
                <td>
                  <span className={`badge badge--${n.kind}`}>{m.notifications[n.kind]}</span>
                </td>
                <td lang="vi">{n.text}</td>
                <td>
                  <span className={`badge badge--${n.status}`}>{m.notifications[n.status]}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
