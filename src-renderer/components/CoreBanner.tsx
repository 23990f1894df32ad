import { useEffect, useState } from 'react';
import type { CoreStatusEvent } from '../../src-shared/contract/bridge';
import { useMessages } from '../hooks/useI18n';
import { onCoreStatus } from '../transport';
import { store } from '../store';

/** How long the "back" notice stays after the core restarted. */
const BACK_NOTICE_MS = 15_000;

/**
 * Electron only: the core process crashed or stopped answering and is being restarted, came
 * back, or was given up (src-main/electron/relay.ts). After a restart the sign-ins held by the
 * old core are gone, so the app asks for its status again (and shows the sign-in if needed).
 */
export function CoreBanner() {
  const m = useMessages();
  const [status, setStatus] = useState<CoreStatusEvent | null>(null);
  useEffect(
    () =>
      onCoreStatus((s) => {
        setStatus(s);
        if (s.state === 'ready' && s.restarts > 0) void store.getState().actions.app.boot();
      }),
    [],
  );
  useEffect(() => {
    if (status?.state !== 'ready') return;
    const t = setTimeout(() => setStatus(null), BACK_NOTICE_MS);
    return () => clearTimeout(t);
  }, [status]);
  if (!status || (status.state === 'ready' && status.restarts === 0)) return null;
  let text: string;
  if (status.state === 'stopped') text = m.app.coreStopped;
  else if (status.state === 'ready') text = m.app.coreBack;
  else if (status.state === 'restarting') text = status.reason === 'blocked' ? m.app.coreBlocked : m.app.coreCrashed;
  else text = m.app.coreStarting;
  return (
    <div className="link-banner" role={status.state === 'ready' ? 'status' : 'alert'} data-core={status.state}>
      {text}
    </div>
  );
}
