import { useEffect, useMemo, useRef, useState } from 'react';
import { refetchShown } from './transport';
import { SoundPrompt } from './alarm/SoundPrompt';
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

/** Global shortcuts: Alt+letter screens, Alt+1…5 entry kinds, Alt+T search, Alt+K lock (a wall: its screens only). */
function useShortcuts(screens: readonly Screen[], wall = false) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
      const a = store.getState().actions;
      if (wall) {
        const screen = screens.find((s) => NAV_KEYS[s] === /^Key([A-Z])$/.exec(e.code)?.[1]);
        if (screen) {
          e.preventDefault();
          a.ui.navigate(screen);
        }
        return;
      }
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
  }, [screens, wall]);
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

/** All a wall's navigation offers: the wall (its presets are on it). */
const WALL_SCREENS: readonly Screen[] = ['wall'];

/**
 * A wall device (docs/architecture.md, "The renderer"): the video wall and its presets only,
 * never locked. Signed in or not, the wall stays at the same place in the tree, so an
 * officer's sign-in or sign-out does not restart its tiles; with nobody signed in a small
 * button opens the sign-in form over the wall.
 */
function WallShell({ signedIn }: { signedIn: boolean }) {
  const m = useMessages();
  const device = useAppStore(selectors.app.device);
  const [signingIn, setSigningIn] = useState(false);
  useShortcuts(WALL_SCREENS, true);
  // the wall stays mounted through a sign-in: what it fetched signed out (nothing, or less)
  // is fetched again, as on a resync
  const wasSignedIn = useRef(signedIn);
  useEffect(() => {
    if (signedIn) setSigningIn(false);
    if (signedIn && !wasSignedIn.current) refetchShown();
    wasSignedIn.current = signedIn;
  }, [signedIn]);
  return (
    <div className="shell shell--wall" data-device="wall">
      {signedIn ? (
        <Header />
      ) : (
        <div className="wall-signin" data-testid="wall-signin">
          <span className="wall-signin__note">{m.wallDevice.note(device?.name ?? '')}</span>
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setSigningIn((x) => !x)} aria-expanded={signingIn} data-testid="wall-signin-open">
            {signingIn ? m.wallDevice.close : m.wallDevice.signIn}
          </button>
        </div>
      )}
      {signedIn ? <Nav screens={WALL_SCREENS} /> : null}
      <LinkBanner />
      <div className="shell__main" id="main" data-screen="wall">
        <Wall />
      </div>
      {signingIn && !signedIn ? (
        <div className="wall-signin__form" role="dialog" aria-label={m.login.title}>
          <Login />
        </div>
      ) : null}
    </div>
  );
}

function Shell() {
  const screen = useAppStore(selectors.ui.screen);
  const isAdmin = useAppStore(selectors.app.isAdmin);
  const camerasToo = useAppStore(selectors.app.canManageCameras);
  const minutes = useAppStore(selectors.app.idleLockMinutes);
  const { app, shift } = useActions();
  const screens = useMemo(() => visibleScreens(isAdmin, camerasToo), [isAdmin, camerasToo]);
  useShortcuts(screens);
  // a wall never idle-locks (it renders WallShell, not this; and app.lock refuses on a wall too)
  const isWall = useAppStore(selectors.app.isWall);
  useIdleLock(!isWall, minutes, () => void app.lock(), () => void shift.refresh());
  // the wall, once opened, stays mounted (hidden) under the other screens: coming back to it
  // neither restarts its streams nor loses the cameras' pre-buffer (features/wall/Wall.tsx)
  const [wallKept, setWallKept] = useState(false);
  if (screen === 'wall' && !wallKept) setWallKept(true);

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
      body = null;
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
      {/* the banner beeps and the lock screen rings: sound must be on (a wall has neither) */}
      <SoundPrompt />
      <AlertsBanner />
      <ShiftRollover />
      <main className="shell__main" id="main" data-screen={screen}>
        {body}
        {wallKept ? <Wall shown={screen === 'wall'} /> : null}
      </main>
    </div>
  );
}

export function App() {
  const phase = useAppStore(selectors.app.phase);
  const isWall = useAppStore(selectors.app.isWall);
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
      body = isWall ? <WallShell signedIn /> : <Shell />;
      break;
    case 'wall':
      body = <WallShell signedIn={false} />;
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
