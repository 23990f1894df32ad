import type { AppStatus, InputOf } from '../../../src-shared/contract';
import type { DeviceInfo } from '../../../src-shared/domain/devices';
import type { SessionInfo, Station, User } from '../../../src-shared/domain/org';
import type { Role } from '../../../src-shared/domain/roles';
import { toClientError } from '../../transport/errors';
import type { ClientError } from '../../transport/errors';
import type { LinkStatus } from '../../transport/ws';
import type { RootState, SliceCtx } from '../../store/types';
import { defineSlice, patch } from '../../store/types';
import { initialScreen } from './uiSlice';

/**
 * What the app shows. 'wall': a WALL device with nobody signed in (or a session the station
 * locked): the video wall keeps running, with a small sign-in button — a wall never shows the
 * lock screen nor goes dark (docs/architecture.md, "The renderer").
 */
export type Phase = 'booting' | 'no_token' | 'unreachable' | 'setup' | 'login' | 'locked' | 'change_password' | 'ready' | 'wall';

export interface AppSliceState {
  /** app:status has answered at least once. */
  loaded: boolean;
  noToken: boolean;
  link: LinkStatus;
  bootError: ClientError | null;
  setupDone: boolean;
  station: Station | null;
  user: User | null;
  locked: boolean;
  /** Signed in with a temporary password: only the password change is shown (and allowed). */
  mustChangePassword: boolean;
  version: string;
  /** Station clock minus this machine's clock (ms): the shift clock shows the station's time. */
  clockOffset: number;
  /** The paired device this screen runs on (app:status); null: the station's own screen. */
  device: DeviceInfo | null;
}

export const initialAppState: AppSliceState = {
  loaded: false,
  noToken: false,
  link: 'connecting',
  bootError: null,
  setupDone: false,
  station: null,
  user: null,
  locked: false,
  mustChangePassword: false,
  version: '',
  clockOffset: 0,
  device: null,
};

export type SetupInput = InputOf<'setup:station'>;
export type StationChanges = InputOf<'station:update'>;

export interface AppActions {
  /** Ask main for station, session and setup state; loads the working data when signed in. */
  boot(): Promise<void>;
  setNoToken(): void;
  setLink(link: LinkStatus): void;
  login(login: string, password: string): Promise<ClientError | null>;
  logout(): Promise<void>;
  lock(): Promise<void>;
  unlock(password: string): Promise<ClientError | null>;
  setup(input: SetupInput): Promise<ClientError | null>;
  updateStation(changes: StationChanges): Promise<ClientError | null>;
  changePassword(current: string, next: string): Promise<ClientError | null>;
  /** Called for every failed call: a locked or expired session changes what is shown. */
  sessionError(e: ClientError): void;
}

export function createAppActions(ctx: SliceCtx): AppActions {
  const { set, get, deps, call, resetSession } = ctx;

  const signedIn = (s: SessionInfo) => {
    patch(set, 'app', { user: s.user, locked: s.locked, mustChangePassword: s.mustChangePassword });
  };

  /** Working data every screen needs, fetched after sign-in or unlock. */
  const loadWorkingData = async () => {
    // a wall shows no logbook, shift or users (the station refuses them to a wall anyway);
    // its wall screen loads what it shows itself
    if (isWallDevice(get())) return;
    const a = get().actions;
    await Promise.allSettled([a.shift.refresh(), a.logbook.reload(), a.logbook.loadLinkTargets(), a.admin.loadUsers(), a.admin.loadUnits()]);
  };

  const applyStatus = (st: AppStatus) => {
    patch(set, 'app', {
      loaded: true,
      bootError: null,
      setupDone: st.setupDone,
      station: st.station,
      user: st.session?.user ?? null,
      locked: st.session?.locked ?? false,
      mustChangePassword: st.session?.mustChangePassword ?? false,
      version: st.version,
      clockOffset: st.now - deps.now(),
      device: st.device ?? null,
    });
    if (st.device?.role === 'wall' && get().ui.screen !== 'wall') get().actions.ui.navigate('wall');
  };

  /**
   * Signing in or out starts a fresh session state — but a wall keeps its wall: the cameras
   * and the wall's data stay, so its tiles keep playing through any officer's sign-out.
   */
  const freshSession = () => {
    if (!isWallDevice(get())) {
      resetSession();
      return;
    }
    const { wall, cameras } = get();
    resetSession();
    set({ wall, cameras });
    get().actions.ui.navigate('wall');
  };

  const actions: AppActions = {
    async boot() {
      try {
        const st = await deps.invoke('app:status', {});
        // the session ended while this page was away (main restarted, another sign-in): a lost session
        const had = get().app.user;
        if (had && st.session?.user.id !== had.id) freshSession();
        const wasReady = get().app.user !== null && !get().app.locked && !get().app.mustChangePassword;
        applyStatus(st);
        const working = st.session && !st.session.locked && !st.session.mustChangePassword;
        if (working && !wasReady) await loadWorkingData();
        else if (working) void get().actions.shift.refresh();
      } catch (e) {
        const err = toClientError(e);
        if (err.transport === 'no_token') patch(set, 'app', { noToken: true });
        else patch(set, 'app', { bootError: err });
      }
    },
    setNoToken() {
      patch(set, 'app', { noToken: true });
    },
    setLink(link) {
      const was = get().app.link;
      patch(set, 'app', { link });
      // after a drop, main may have restarted or locked the session: ask again
      if (link === 'open' && was !== 'open' && (get().app.loaded || get().app.bootError)) void actions.boot();
    },
    async login(login, password) {
      try {
        const s = await call('auth:login', { login, password });
        // nothing of a previous session's data survives into this one (store/slices.ts)
        freshSession();
        signedIn(s);
        get().actions.ui.navigate(isWallDevice(get()) ? 'wall' : initialScreen());
        // a temporary password: nothing loads until it is changed (main refuses it anyway)
        if (!s.mustChangePassword) await loadWorkingData();
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
    async logout() {
      try {
        await call('auth:logout', {});
      } catch (e) {
        ctx.report(e);
      }
      freshSession();
    },
    async lock() {
      // a wall never locks: it would hide the video wall the room watches
      if (!get().app.user || get().app.locked || isWallDevice(get())) return;
      patch(set, 'app', { locked: true });
      try {
        await call('auth:lock', {});
      } catch {
        // already locked (or signed out) on main's side: the lock screen is right either way
      }
    },
    async unlock(password) {
      try {
        const s = await call('auth:unlock', { password });
        signedIn(s);
        if (!s.mustChangePassword) await loadWorkingData();
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
    async setup(input) {
      try {
        const st = await call('setup:station', input);
        applyStatus(st);
        get().actions.ui.navigate('dashboard');
        if (st.session) await loadWorkingData();
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
    async updateStation(changes) {
      try {
        const station = await call('station:update', changes);
        patch(set, 'app', { station });
        void get().actions.shift.refresh();
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
    async changePassword(current, next) {
      try {
        await call('users:changePassword', { current, next });
        if (get().app.mustChangePassword) {
          patch(set, 'app', { mustChangePassword: false });
          get().actions.ui.navigate(initialScreen());
          await loadWorkingData();
        }
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
    sessionError(e) {
      const app = get().app;
      if (e.code === 'session_locked' && app.user && !app.locked) patch(set, 'app', { locked: true });
      else if (e.code === 'password_change_required' && app.user) patch(set, 'app', { mustChangePassword: true });
      else if (e.code === 'not_authenticated' && app.user) freshSession();
      else if (e.code === 'setup_required') patch(set, 'app', { setupDone: false, user: null });
    },
  };
  return actions;
}

export const appSlice = defineSlice({
  key: 'app',
  initial: () => ({ ...initialAppState }),
  actions: createAppActions,
  // the station, the link and what app:status said outlive a session; who is signed in
  // (user, locked, mustChangePassword) does not; the device is the machine's
  keepOnSignOut: ['loaded', 'noToken', 'link', 'bootError', 'setupDone', 'station', 'version', 'clockOffset', 'device'],
});

/** The screen runs on a paired WALL device (app:status `device.role`). */
export function isWallDevice(s: Pick<RootState, 'app'>): boolean {
  return s.app.device?.role === 'wall';
}

function hasRole(user: User | null, roles: readonly Role[]): boolean {
  return !!user && user.roles.some((r) => roles.includes(r));
}

export const ROSTER_EDITORS: readonly Role[] = ['shift_leader', 'room_leader', 'admin', 'surveillance_head'];
export const ROTA_EDITORS: readonly Role[] = ['admin', 'shift_leader'];
/** Who may register and change cameras (`cameras:save`, `cameras:deactivate`). */
export const CAMERA_MANAGERS: readonly Role[] = ['admin', 'surveillance_head'];

export const appSelectors = {
  phase: (s: RootState): Phase => {
    const a = s.app;
    if (a.noToken) return 'no_token';
    if (!a.loaded) return a.bootError ? 'unreachable' : 'booting';
    if (!a.setupDone) return 'setup';
    const wall = a.device?.role === 'wall';
    if (!a.user) return wall ? 'wall' : 'login';
    if (a.locked) return wall ? 'wall' : 'locked';
    if (a.mustChangePassword) return 'change_password';
    return 'ready';
  },
  device: (s: RootState) => s.app.device,
  /** This screen is a wall device: no idle lock, no logbook, only the wall and its presets. */
  isWall: (s: RootState) => isWallDevice(s),
  station: (s: RootState) => s.app.station,
  user: (s: RootState) => s.app.user,
  link: (s: RootState) => s.app.link,
  bootError: (s: RootState) => s.app.bootError,
  version: (s: RootState) => s.app.version,
  clockOffset: (s: RootState) => s.app.clockOffset,
  idleLockMinutes: (s: RootState) => s.app.station?.idleLockMinutes ?? 10,
  isAdmin: (s: RootState) => hasRole(s.app.user, ['admin']),
  canEditRoster: (s: RootState) => hasRole(s.app.user, ROSTER_EDITORS),
  canEditRota: (s: RootState) => hasRole(s.app.user, ROTA_EDITORS),
  canManageCameras: (s: RootState) => hasRole(s.app.user, CAMERA_MANAGERS),
};

