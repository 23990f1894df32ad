import { useEffect, useMemo } from 'react';
import { ENTRY_KINDS } from '../src-shared/domain/logbook';
import { shiftDateOf } from '../src-shared/time/shift';
import { AlertsBanner } from './features/incidents/AlertsBanner';
import { CoreBanner } from './components/CoreBanner';
import { StationBanner } from './features/link/StationBanner';
import { FirstRun } from './features/link/FirstRun';
import { Header, Nav, NAV_KEYS } from './components/Header';
import { Toasts } from './components/Toasts';
import { useMessages } from './hooks/useI18n';
import { useIdleLock } from './hooks/useIdleLock';
import { useNow } from './hooks/useNow';
import { CamerasAdmin } from './features/cameras/Cameras';
import { Dashboard } from './features/shift/Dashboard';
import { ForcedPasswordChange, Login, LockScreen, NoToken, Splash, Unreachable } from './features/app/Gate';
import { Incidents } from './features/incidents/Incidents';
import { Requests } from './features/incidents/Requests';
import { Logbook } from './features/logbook/Logbook';
import { RosterEditor } from './features/shift/Roster';
import { RotaView } from './features/shift/Rota';
import { Settings } from './features/app/Settings';
import { UsersAdmin } from './features/admin/Users';
import { Wall } from './features/wall/Wall';
import { selectors, store, useActions, useAppStore } from './store';
import { SCREENS } from './features/app/uiSlice';
import type { Screen } from './features/app/uiSlice';

function LinkBanner() {
  const link = useAppStore(selectors.app.link);
  const m = useMessages();
  if (link === 'open') return null;
  return (
    <div className="link-banner" role="alert">
      {link === 'down' ? m.app.linkDown : m.app.linkConnecting}
    </div>
  );
}

/** Global shortcuts: Alt+letter screens, Alt+1…5 entry kinds, Alt+T search, Alt+K lock. */
function useShortcuts(screens: readonly Screen[]) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
      const a = store.getState().actions;
      const digit = /^Digit([1-5])$/.exec(e.code);
      if (digit) {
        e.preventDefault();
        a.ui.navigate('logbook');
        a.logbook.startEntry(ENTRY_KINDS[Number(digit[1]) - 1]!);
        return;
      }
      const letter = /^Key([A-Z])$/.exec(e.code)?.[1];
      if (!letter) return;
      if (letter === 'K') {
        e.preventDefault();
        void a.app.lock();
        return;
      }
      if (letter === 'T') {
        e.preventDefault();
        a.ui.navigate('logbook');
        a.logbook.focusSearch();
        return;
      }
      const screen = screens.find((s) => NAV_KEYS[s] === letter);
      if (screen) {
        e.preventDefault();
        a.ui.navigate(screen);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [screens]);
}

/** Refreshes the shift when the 08:00 handover passes (its own component: it ticks). */
function ShiftRollover() {
  const now = useNow(30_000);
  const current = useAppStore(selectors.shift.shiftDate);
  const { shift } = useActions();
  const due = shiftDateOf(now);
  useEffect(() => {
    if (current && current !== due) void shift.refresh();
  }, [current, due, shift]);
  return null;
}

/** Screens of the nav: users for administrators, cameras for administrators and surveillance heads. */
function visibleScreens(isAdmin: boolean, camerasToo: boolean): readonly Screen[] {
  return SCREENS.filter((s) => (s === 'users' ? isAdmin : s === 'cameras' ? camerasToo : true));
}

function Shell() {
  const screen = useAppStore(selectors.ui.screen);
  const isAdmin = useAppStore(selectors.app.isAdmin);
  const camerasToo = useAppStore(selectors.app.canManageCameras);
  const minutes = useAppStore(selectors.app.idleLockMinutes);
  const { app, shift } = useActions();
  const screens = useMemo(() => visibleScreens(isAdmin, camerasToo), [isAdmin, camerasToo]);
  useShortcuts(screens);
  useIdleLock(true, minutes, () => void app.lock(), () => void shift.refresh());

  let body;
  switch (screen) {
    case 'logbook':
      body = <Logbook />;
      break;
    case 'incidents':
      body = <Incidents />;
      break;
    case 'requests':
      body = <Requests />;
      break;
    case 'wall':
      body = <Wall />;
      break;
    case 'cameras':
      body = <CamerasAdmin />;
      break;
    case 'roster':
      body = <RosterEditor />;
      break;
    case 'rota':
      body = <RotaView />;
      break;
    case 'users':
      body = <UsersAdmin />;
      break;
    case 'settings':
      body = <Settings />;
      break;
    default:
      body = <Dashboard />;
  }
  return (
    <div className="shell">
      <Header />
      <Nav screens={screens} />
      <LinkBanner />
      <AlertsBanner />
      <ShiftRollover />
      <main className="shell__main" id="main" data-screen={screen}>
        {body}
      </main>
    </div>
  );
}

export function App() {
  const phase = useAppStore(selectors.app.phase);
  const lang = useAppStore(selectors.ui.lang);
  const theme = useAppStore(selectors.ui.theme);
  const m = useMessages();

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dataset.theme = theme;
    document.title = m.app.name;
  }, [lang, theme, m]);

  let body;
  switch (phase) {
    case 'no_token':
      body = <NoToken />;
      break;
    case 'unreachable':
      body = <Unreachable />;
      break;
    case 'setup':
      // first run: station, workstation or wall (a station goes on to set up the station)
      body = <FirstRun />;
      break;
    case 'login':
      body = <Login />;
      break;
    case 'locked':
      body = <LockScreen />;
      break;
    case 'change_password':
      body = <ForcedPasswordChange />;
      break;
    case 'ready':
      body = <Shell />;
      break;
    default:
      body = <Splash />;
  }
  return (
    <>
      <CoreBanner />
      <StationBanner />
      {body}
      <Toasts />
    </>
  );
}
