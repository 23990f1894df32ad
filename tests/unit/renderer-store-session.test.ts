// The renderer store is built from one list of feature slices (src-renderer/store/slices.ts);
// signing out, or losing the session, puts every slice back to its initial state but for the
// fields it declares in keepOnSignOut — derived from the list, so a new slice cannot be forgotten.
import { describe, expect, it } from 'vitest';
import { signedOutState } from '../../src-renderer/store';
import { SLICES } from '../../src-renderer/store/slices';
import type { RootState } from '../../src-renderer/store';
import { camera, failWith, fakeStore, session, station, user, workingDataHandlers } from '../helpers/renderer-store';

type Fake = ReturnType<typeof fakeStore>;
type SliceStates = Omit<RootState, 'actions'>;

/** Signs in through the store's own action (auth:login answered by the fake). */
async function signIn(f: Fake) {
  f.handlers['auth:login'] = () => session();
  expect(await f.actions.app.login('lan', 'secret')).toBeNull();
  expect(f.state.app.user?.login).toBe('lan');
}

/** A value naming one field (a list stays a list, so actions that append still work). */
const marker = (slice: string, field: string, like: unknown) => (Array.isArray(like) ? [{ marker: `${slice}.${field}` }] : { marker: `${slice}.${field}` });

/** Every field of every slice replaced by a marker naming it (what a long session leaves behind). */
function fillEverySlice(f: Fake): void {
  const next: Record<string, Record<string, unknown>> = {};
  for (const def of SLICES) {
    const cur = f.state[def.key] as unknown as Record<string, unknown>;
    next[def.key] = Object.fromEntries(Object.entries(cur).map(([k, v]) => [k, marker(def.key, k, v)]));
  }
  // the store must stay usable: the session fields keep their types
  next.app = { ...next.app, user: user(), locked: false, mustChangePassword: false };
  f.store.setState(next as unknown as Partial<SliceStates>);
}

function expectReset(f: Fake): void {
  const fresh = signedOutState({ invoke: async () => undefined as never, now: () => 0, storage: f.storage, saveFile: () => {}, openDownload: () => {}, subscribe: () => () => {} });
  for (const def of SLICES) {
    const keep = new Set<string>((def.keepOnSignOut ?? []) as readonly string[]);
    const now = f.state[def.key] as unknown as Record<string, unknown>;
    const initial = fresh[def.key] as unknown as Record<string, unknown>;
    for (const k of Object.keys(initial)) {
      if (keep.has(k)) expect(now[k], `${def.key}.${k} is kept`).toEqual(marker(def.key, k, initial[k]));
      else expect(now[k], `${def.key}.${k} is reset`).toEqual(initial[k]);
    }
  }
}

describe('renderer store: sign-out resets every slice by construction', () => {
  it('lists every slice once, and each kept field is a real field of its slice', () => {
    const f = fakeStore();
    const keys = SLICES.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(['app', 'ui', 'shift', 'logbook', 'admin', 'cameras', 'incidents', 'wall']));
    for (const def of SLICES) {
      const fields = Object.keys(f.state[def.key] as object);
      for (const k of (def.keepOnSignOut ?? []) as readonly string[]) expect(fields, `${def.key}.${k}`).toContain(k);
      expect(Object.keys(f.actions[def.key] as object).length, `${def.key} has actions`).toBeGreaterThan(0);
    }
  });

  it('logout puts every slice back to its initial state, but for what each declares it keeps', async () => {
    const f = fakeStore({ ...workingDataHandlers(), 'auth:logout': () => ({ ok: true }) });
    await signIn(f);
    fillEverySlice(f);
    await f.actions.app.logout();
    expect(f.count('auth:logout')).toBe(1);
    expectReset(f);
    // who was signed in is gone; the cameras slice (forgotten by the old hand list) and the wall's data too
    expect(f.state.app.user).toBeNull();
    expect(f.state.cameras.list).toEqual([]);
    expect(f.state.wall.cameras).toEqual([]);
  });

  it('what survives a sign-out: the language and theme (ui), the station and link state (app)', async () => {
    const f = fakeStore({ ...workingDataHandlers(), 'auth:logout': () => ({ ok: true }) });
    await signIn(f);
    f.actions.ui.setLang('en');
    f.actions.ui.setTheme('contrast');
    f.store.setState({ app: { ...f.state.app, station, version: '1.2.3', setupDone: true, loaded: true } });
    f.store.setState({ cameras: { ...f.state.cameras, list: [camera(1)] }, admin: { ...f.state.admin, users: [user()] } });
    await f.actions.app.logout();
    expect(f.state.ui.lang).toBe('en');
    expect(f.state.ui.theme).toBe('contrast');
    expect(f.state.app.station).toEqual(station);
    expect(f.state.app).toMatchObject({ version: '1.2.3', setupDone: true, loaded: true, user: null, locked: false, mustChangePassword: false });
    expect(f.state.cameras.list).toEqual([]);
    expect(f.state.admin.users).toEqual([]);
  });

  it('a failed logout call still signs out here, and its error is shown', async () => {
    const f = fakeStore({ ...workingDataHandlers(), 'auth:logout': failWith('unavailable') });
    await signIn(f);
    f.store.setState({ cameras: { ...f.state.cameras, list: [camera(1)] } });
    await f.actions.app.logout();
    expect(f.state.app.user).toBeNull();
    expect(f.state.cameras.list).toEqual([]);
    expect(f.toastTexts().map((t) => t.tone)).toEqual(['error']);
  });

  it('a lost session (not_authenticated on any call) resets every slice the same way, without a toast', async () => {
    const f = fakeStore(workingDataHandlers());
    await signIn(f);
    fillEverySlice(f);
    f.handlers['users:list'] = failWith('not_authenticated');
    await f.actions.admin.loadUsers();
    expectReset(f);
    expect(f.state.app.user).toBeNull();
    // no toast added to the ones already shown
    expect(f.state.ui.toasts).toEqual([{ marker: 'ui.toasts' }]);
  });

  it('a session gone when main answers app:status again (after a dropped link) resets every slice', async () => {
    const f = fakeStore({ ...workingDataHandlers(), 'app:status': () => ({ setupDone: true, station, session: session(), version: '1', now: 0 }) });
    await f.actions.app.boot();
    expect(f.state.app.user?.login).toBe('lan');
    f.store.setState({ cameras: { ...f.state.cameras, list: [camera(1)] } });
    // the same session still there: nothing is reset
    await f.actions.app.boot();
    expect(f.state.cameras.list).toEqual([camera(1)]);
    f.handlers['app:status'] = () => ({ setupDone: true, station, session: null, version: '1', now: 0 });
    fillEverySlice(f);
    await f.actions.app.boot();
    expect(f.state.app.user).toBeNull();
    expect(f.state.cameras.list).toEqual([]);
    expect(f.state.ui.lang).toEqual({ marker: 'ui.lang' });
  });

  it('a lost session during a wall call resets the wall data as well', async () => {
    const f = fakeStore({ ...workingDataHandlers(), 'cameras:list': () => [camera(2), camera(1)] });
    await signIn(f);
    await f.actions.wall.loadCameras();
    expect(f.state.wall.cameras.map((c) => c.number)).toEqual([1, 2]);
    f.handlers['video:snapshot'] = failWith('not_authenticated');
    await expect(f.actions.wall.snapshot('cam-1')).rejects.toMatchObject({ code: 'not_authenticated' });
    expect(f.state.app.user).toBeNull();
    expect(f.state.wall.cameras).toEqual([]);
  });

  it('a locked session keeps the data (the officer comes back to it) and only shows the lock', async () => {
    const f = fakeStore(workingDataHandlers());
    await signIn(f);
    f.store.setState({ cameras: { ...f.state.cameras, list: [camera(1)] } });
    f.handlers['cameras:list'] = failWith('session_locked');
    await f.actions.cameras.load();
    expect(f.state.app.locked).toBe(true);
    expect(f.state.app.user?.login).toBe('lan');
    expect(f.state.cameras.list).toEqual([camera(1)]);
    expect(f.state.ui.toasts).toEqual([]);
  });

  it('signing in starts from fresh slices, then loads the working data', async () => {
    const f = fakeStore(workingDataHandlers());
    fillEverySlice(f);
    f.store.setState({ app: { ...f.state.app, user: null } });
    f.handlers['auth:login'] = () => session({ user: user({ login: 'minh', id: 'u-2' }) });
    expect(await f.actions.app.login('minh', 'secret')).toBeNull();
    expect(f.state.app.user?.login).toBe('minh');
    expect(f.state.cameras).toEqual(signedOutState({ invoke: async () => undefined as never, now: () => 0, storage: null, saveFile: () => {}, openDownload: () => {}, subscribe: () => () => {} }).cameras);
    expect(f.state.shift.info?.shiftDate).toBe('2026-03-10');
    expect(f.state.admin.users.map((u) => u.login)).toEqual(['lan']);
    for (const ch of ['shift:current', 'logbook:open', 'users:list', 'org:list'] as const) expect(f.count(ch), ch).toBe(1);
  });

  it('a reply to a call made before the sign-out is dropped, so it cannot refill a reset slice', async () => {
    const f = fakeStore({ ...workingDataHandlers(), 'auth:logout': () => ({ ok: true }) });
    await signIn(f);
    let answer: (v: ReturnType<typeof camera>[]) => void = () => {};
    f.handlers['cameras:list'] = () => new Promise((resolve) => (answer = resolve));
    const loading = f.actions.cameras.load();
    await f.actions.app.logout();
    answer([camera(1)]);
    await loading;
    expect(f.state.cameras.list).toEqual([]);
    expect(f.state.cameras.loading).toBe(false);
    expect(f.state.ui.toasts).toEqual([]);
    // the next session's calls are answered as usual
    f.handlers['cameras:list'] = () => [camera(2)];
    await signIn(f);
    await f.actions.cameras.load();
    expect(f.state.cameras.list.map((c) => c.number)).toEqual([2]);
  });

  it('the alerts mute is kept in storage, so it reads back after a sign-out', async () => {
    const f = fakeStore({ ...workingDataHandlers(), 'auth:logout': () => ({ ok: true }) });
    await signIn(f);
    f.actions.incidents.setMuted(true);
    expect(f.storage.data['trucban.alerts.muted']).toBe('1');
    await f.actions.app.logout();
    expect(f.state.incidents.muted).toBe(true);
    expect(f.state.incidents.list).toEqual([]);
  });
});
