// Screens that must never go dark (docs/architecture.md, "The renderer"; docs/incidents.md, "The
// lock screen"): a WALL device (app:status device.role 'wall') never locks, loads no logbook,
// keeps its wall through any officer's sign-out and shows the wall instead of a sign-in or
// lock screen; a workstation's lock screen counts what waits (incidents:waiting) and rings
// while alerts wait, unless muted for a while. The store with a fake contract, and the alarm
// with fake timers.
import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../src-shared/contract';
import type { DeviceInfo } from '../../src-shared/domain/devices';
import type { WaitingSummary } from '../../src-shared/domain/incidents';
import { selectors } from '../../src-renderer/store';
import { ALARM_MUTE_MINUTES, alarmSeverity } from '../../src-renderer/features/incidents/slice';
import { Alarm, REPEAT_MS } from '../../src-renderer/alarm/alarm';
import { NOW, appError, camera, failWith, fakeStore, memoryStorage, session, station, workingDataHandlers } from '../helpers/renderer-store';
import type { Handlers } from '../helpers/renderer-store';

const WALL: DeviceInfo = { id: 'dev-wall-1', name: 'Màn hình tường 1', role: 'wall' };
const DESK: DeviceInfo = { id: 'dev-ws-3', name: 'Máy GS 3', role: 'workstation' };

function status(over: Partial<AppStatus> = {}): AppStatus {
  return { setupDone: true, station, session: session(), version: '1.0.0', now: NOW, ...over };
}

/** A store whose app:status answers `st()` (re-read at each call, so a test can change it). */
function storeWith(st: () => AppStatus, extra: Handlers = {}) {
  return fakeStore({
    ...workingDataHandlers(),
    'app:status': () => st(),
    'auth:lock': () => ({ ...session(), locked: true }),
    'auth:logout': () => ({ ok: true as const }),
    'auth:login': () => session(),
    ...extra,
  });
}

const LOGBOOK_CHANNELS = ['logbook:list', 'logbook:open', 'shift:current', 'users:list', 'org:list'] as const;

describe('a wall device', () => {
  it('signed in: shows the wall, loads nothing of the logbook, shift or users', async () => {
    const f = storeWith(() => status({ device: WALL }));
    await f.actions.app.boot();
    expect(selectors.app.isWall(f.state)).toBe(true);
    expect(selectors.app.phase(f.state)).toBe('ready');
    expect(f.state.ui.screen).toBe('wall');
    for (const ch of LOGBOOK_CHANNELS) expect(f.count(ch), ch).toBe(0);
    // a sign-in on the wall: still nothing of the logbook, and the wall stays the screen
    f.actions.ui.navigate('logbook');
    expect(await f.actions.app.login('lan', 'secret')).toBeNull();
    expect(f.state.ui.screen).toBe('wall');
    for (const ch of LOGBOOK_CHANNELS) expect(f.count(ch), ch).toBe(0);
  });

  it('never locks: the lock action (Alt+K, the idle timer) does nothing and asks the station nothing', async () => {
    const f = storeWith(() => status({ device: WALL }));
    await f.actions.app.boot();
    await f.actions.app.lock();
    expect(f.count('auth:lock')).toBe(0);
    expect(f.state.app.locked).toBe(false);
    expect(selectors.app.phase(f.state)).toBe('ready');
  });

  it('a session the station locked, or nobody signed in, shows the wall (never the lock or sign-in screen)', async () => {
    let st = status({ device: WALL, session: { ...session(), locked: true } });
    const f = storeWith(() => st);
    await f.actions.app.boot();
    expect(selectors.app.phase(f.state)).toBe('wall');
    st = status({ device: WALL, session: null });
    await f.actions.app.boot();
    expect(selectors.app.phase(f.state)).toBe('wall');
    // a session error (signed out elsewhere) lands on the wall too
    st = status({ device: WALL });
    await f.actions.app.boot();
    expect(selectors.app.phase(f.state)).toBe('ready');
  });

  it('keeps the wall and its cameras through an officer’s sign-out, and the device through a lost session', async () => {
    const f = storeWith(() => status({ device: WALL }));
    await f.actions.app.boot();
    // what the wall screen loaded (the camera tree, the wall's data)
    f.store.setState({ cameras: { ...f.state.cameras, list: [camera(1), camera(2)] }, wall: { ...f.state.wall } });
    const wallBefore = f.state.wall;
    const camerasBefore = f.state.cameras;
    await f.actions.app.logout();
    expect(f.count('auth:logout')).toBe(1);
    expect(f.state.app.user).toBeNull();
    expect(selectors.app.phase(f.state)).toBe('wall');
    expect(f.state.ui.screen).toBe('wall');
    expect(f.state.cameras).toBe(camerasBefore);
    expect(f.state.wall).toBe(wallBefore);
    expect(f.state.app.device).toEqual(WALL);
  });

  it('signed-out by the station (not_authenticated): still the wall, with the device kept', async () => {
    const f = storeWith(() => status({ device: WALL }));
    await f.actions.app.boot();
    f.store.setState({ cameras: { ...f.state.cameras, list: [camera(7)] } });
    f.actions.app.sessionError(appError('not_authenticated'));
    expect(f.state.app.user).toBeNull();
    expect(selectors.app.phase(f.state)).toBe('wall');
    expect(f.state.cameras.list.map((c) => c.id)).toEqual(['cam-7']);
  });
});

describe('a workstation (or the station’s own screen)', () => {
  for (const device of [DESK, null]) {
    it(`${device ? 'a paired workstation' : 'the station’s screen'}: locks, and a sign-out resets everything and shows the sign-in`, async () => {
      const f = storeWith(() => status({ device }));
      await f.actions.app.boot();
      expect(selectors.app.isWall(f.state)).toBe(false);
      expect(f.count('logbook:list')).toBeGreaterThan(0);
      await f.actions.app.lock();
      expect(f.count('auth:lock')).toBe(1);
      expect(selectors.app.phase(f.state)).toBe('locked');
      f.store.setState({ cameras: { ...f.state.cameras, list: [camera(1)] } });
      await f.actions.app.logout();
      expect(selectors.app.phase(f.state)).toBe('login');
      expect(f.state.cameras.list).toEqual([]);
    });
  }
});

const summary = (alerts: number, aSev: WaitingSummary['alerts']['severity'], clocks = 0, cSev: WaitingSummary['clocks']['severity'] = 'none'): WaitingSummary => ({
  alerts: { count: alerts, severity: aSev },
  clocks: { count: clocks, severity: cSev },
});

describe('the lock screen’s counts', () => {
  it('loads what waits while locked, keeps the newest answer, and says when a recount failed', async () => {
    const answers: ((v: WaitingSummary) => void)[] = [];
    const f = storeWith(() => status({ session: { ...session(), locked: true } }), {
      'incidents:waiting': () => new Promise<WaitingSummary>((resolve) => answers.push(resolve)),
    });
    await f.actions.app.boot();
    expect(selectors.app.phase(f.state)).toBe('locked');
    const first = f.actions.incidents.loadWaiting();
    const second = f.actions.incidents.loadWaiting();
    // the newer answer arrives first; the older one must not overwrite it
    answers[1]!(summary(2, 'urgent', 1, 'warning'));
    await second;
    answers[0]!(summary(0, 'none'));
    await first;
    expect(f.state.incidents.waiting).toEqual(summary(2, 'urgent', 1, 'warning'));
    expect(f.state.incidents.waitingFailed).toBe(false);
    f.handlers['incidents:waiting'] = failWith('internal');
    await f.actions.incidents.loadWaiting();
    expect(f.state.incidents.waitingFailed).toBe(true);
    // the last counts stay shown (flagged stale), and the session stays locked, not signed out
    expect(f.state.incidents.waiting).toEqual(summary(2, 'urgent', 1, 'warning'));
    expect(selectors.app.phase(f.state)).toBe('locked');
  });

  it('rings as urgent as the alerts waiting; not for overdue clocks alone; not while muted', () => {
    expect(alarmSeverity(null, 0, NOW)).toBe('none');
    expect(alarmSeverity(summary(0, 'none', 3, 'urgent'), 0, NOW)).toBe('none');
    expect(alarmSeverity(summary(1, 'notice'), 0, NOW)).toBe('notice');
    expect(alarmSeverity(summary(4, 'urgent', 1, 'warning'), 0, NOW)).toBe('urgent');
    expect(alarmSeverity(summary(4, 'urgent'), NOW + 1, NOW)).toBe('none');
    expect(alarmSeverity(summary(4, 'urgent'), NOW, NOW)).toBe('urgent');
  });

  it('mutes for a while only (kept across a reload and a sign-out), never for good', async () => {
    const f = storeWith(() => status());
    f.actions.incidents.muteAlarm(ALARM_MUTE_MINUTES);
    expect(f.state.incidents.alarmMutedUntil).toBe(NOW + ALARM_MUTE_MINUTES * 60_000);
    expect(f.storage.data['trucban.alarm.mutedUntil']).toBe(String(NOW + ALARM_MUTE_MINUTES * 60_000));
    await f.actions.app.boot();
    await f.actions.app.logout();
    expect(f.state.incidents.alarmMutedUntil).toBe(NOW + ALARM_MUTE_MINUTES * 60_000);
    // a huge or bogus number is bounded
    f.actions.incidents.muteAlarm(1e9);
    expect(f.state.incidents.alarmMutedUntil).toBe(NOW + ALARM_MUTE_MINUTES * 6 * 60_000);
    f.actions.incidents.muteAlarm(Number.NaN);
    expect(f.state.incidents.alarmMutedUntil).toBe(0);
    f.actions.incidents.muteAlarm(3);
    f.actions.incidents.muteAlarm(0);
    expect(f.state.incidents.alarmMutedUntil).toBe(0);
    // bad stored values read as "not muted"
    for (const bad of ['abc', '-5', '1.5', '', '1e400']) {
      const g = fakeStore({}, { storage: memoryStorage({ 'trucban.alarm.mutedUntil': bad }) });
      expect(g.state.incidents.alarmMutedUntil, bad).toBe(0);
    }
    const kept = fakeStore({}, { storage: memoryStorage({ 'trucban.alarm.mutedUntil': String(NOW + 60_000) }) });
    expect(kept.state.incidents.alarmMutedUntil).toBe(NOW + 60_000);
  });
});

describe('the repeating alarm', () => {
  /** Timers driven by hand: `advance(ms)` runs what falls due. */
  function timers() {
    let now = 0;
    const live = new Map<number, { fn: () => void; every: number; next: number }>();
    let id = 0;
    return {
      setInterval: (fn: () => void, ms: number) => {
        live.set(++id, { fn, every: ms, next: now + ms });
        return id;
      },
      clearInterval: (h: unknown) => {
        live.delete(h as number);
      },
      advance(ms: number) {
        const end = now + ms;
        for (;;) {
          const due = [...live.values()].filter((t) => t.next <= end).sort((a, b) => a.next - b.next)[0];
          if (!due) break;
          now = due.next;
          due.next += due.every;
          due.fn();
        }
        now = end;
      },
      get live() {
        return live.size;
      },
    };
  }

  it('rings at once and then every REPEAT_MS while something waits; stops when cleared', () => {
    const rang: string[] = [];
    const t = timers();
    const alarm = new Alarm((s) => rang.push(s), t);
    alarm.set('urgent');
    expect(rang).toEqual(['urgent']);
    t.advance(REPEAT_MS.urgent * 3);
    expect(rang).toEqual(['urgent', 'urgent', 'urgent', 'urgent']);
    // a recount with the same severity does not restart the rhythm (nor ring twice)
    alarm.set('urgent');
    t.advance(REPEAT_MS.urgent - 1);
    expect(rang).toHaveLength(4);
    t.advance(1);
    expect(rang).toHaveLength(5);
    // a less urgent state rings its own way
    alarm.set('notice');
    expect(rang.at(-1)).toBe('notice');
    t.advance(REPEAT_MS.notice);
    expect(rang.filter((s) => s === 'notice')).toHaveLength(2);
    // acknowledged (nothing waits): silence, and no timer left behind
    alarm.set('none');
    const n = rang.length;
    t.advance(60_000);
    expect(rang).toHaveLength(n);
    expect(t.live).toBe(0);
    expect(alarm.current).toBe('none');
  });

  it('stop() leaves no timer (the lock screen unmounts on unlock)', () => {
    const t = timers();
    const alarm = new Alarm(() => {}, t);
    alarm.set('warning');
    expect(t.live).toBe(1);
    alarm.stop();
    expect(t.live).toBe(0);
  });

  it('the default ring is silent without WebAudio (Node) and never throws', () => {
    const alarm = new Alarm();
    expect(() => alarm.set('urgent')).not.toThrow();
    alarm.stop();
  });
});
