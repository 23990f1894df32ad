import { isOfficeHours, shiftDateOf } from '../../src-shared/time/shift';
import { DEFAULT_OFFICE_HOURS } from '../../src-shared/time/shift';
import { useMessages } from '../hooks/useI18n';
import { useNow } from '../hooks/useNow';
import { useRovingFocus } from '../hooks/useRovingFocus';
import { formatClock, showShiftDate } from '../lib/datetime';
import { selectors, useActions, useAppStore } from '../store';
import { Brand } from './ui';
import type { Screen } from '../features/app/uiSlice';

function Clock() {
  const now = useNow(1000);
  const station = useAppStore(selectors.app.station);
  const m = useMessages();
  const office = isOfficeHours(now, station?.officeHours ?? DEFAULT_OFFICE_HOURS);
  return (
    <div className="hdr-clock" aria-label={m.dashboard.clock}>
      <span className="hdr-clock__shift">
        {m.header.shift} <strong>{showShiftDate(shiftDateOf(now))}</strong>
      </span>
      <time className="hdr-clock__time">{formatClock(now)}</time>
      <span className={`hours-pill ${office ? 'hours-pill--office' : 'hours-pill--after'}`}>{office ? m.header.officeHours : m.header.afterHours}</span>
    </div>
  );
}

export function Header() {
  const m = useMessages();
  const station = useAppStore(selectors.app.station);
  const user = useAppStore(selectors.app.user);
  const lang = useAppStore(selectors.ui.lang);
  const isWall = useAppStore(selectors.app.isWall);
  const { app, ui } = useActions();
  const role = user?.roles[0];
  return (
    <header className="app-header">
      <Brand station={station?.name} title={station?.name} />
      <Clock />
      <div className="hdr-user">
        <span className="hdr-user__name">{user?.fullName}</span>
        <span className="hdr-user__role">{role ? m.roles[role] : ''}</span>
      </div>
      <div className="hdr-actions">
        <div className="lang-switch" role="group" aria-label={m.header.language}>
          <button type="button" aria-pressed={lang === 'vi'} onClick={() => ui.setLang('vi')} lang="vi" title="Tiếng Việt">
            VI
          </button>
          <button type="button" aria-pressed={lang === 'en'} onClick={() => ui.setLang('en')} lang="en" title="English">
            EN
          </button>
        </div>
        {isWall ? null : (
          <button type="button" className="btn btn--ghost" onClick={() => void app.lock()} title={`${m.header.lock} (Alt+K)`}>
            {m.header.lock}
          </button>
        )}
        <button type="button" className="btn btn--ghost" onClick={() => void app.logout()}>
          {m.header.logout}
        </button>
      </div>
    </header>
  );
}

export const NAV_KEYS: Record<Screen, string> = {
  dashboard: 'B',
  logbook: 'N',
  incidents: 'V',
  requests: 'Y',
  wall: 'W',
  cameras: 'M',
  roster: 'P',
  rota: 'L',
  users: 'U',
  settings: 'C',
};

export function Nav({ screens }: { screens: readonly Screen[] }) {
  const m = useMessages();
  const current = useAppStore(selectors.ui.screen);
  const { ui } = useActions();
  const roving = useRovingFocus(screens.length, { homeEnd: true });
  return (
    <nav className="app-nav" aria-label={m.nav.label}>
      {screens.map((s, i) => (
        <button
          key={s}
          ref={roving.refAt(i)}
          type="button"
          className="app-nav__item"
          aria-current={current === s ? 'page' : undefined}
          onClick={() => ui.navigate(s)}
          onKeyDown={(e) => roving.onKeyDown(e, i)}
          title={`Alt+${NAV_KEYS[s]}`}
        >
          <span className="app-nav__label">{m.nav[s]}</span>
          <kbd className="app-nav__key" aria-hidden="true">
            Alt+{NAV_KEYS[s]}
          </kbd>
        </button>
      ))}
      <span className="app-nav__hint" aria-hidden="true">
        {m.shortcuts.entry}
      </span>
    </nav>
  );
}
