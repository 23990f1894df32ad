/** The station: its record, first set-up, and the app's status. */
import { defineModule } from '../modules/types';
import type { Call, Services } from '../modules/types';
import { actor } from '../modules/call';
import type { AppStatus } from '../../src-shared/contract';
import { APP_VERSION } from '../app/version';
import { StationService, stationProjector } from './service';
import { StationSetup } from './setup';
import m003 from '../store/migrations/003_station';
import m016 from '../store/migrations/016_station_lan';
import { STATION_EVENTS } from './events';
import { LanSettings, checkLanChoice, clearLanProjection, lanProjector } from './lan';
import type { LanView } from '../../src-shared/domain/lan';
import { AppError } from '../../src-shared/errors';

declare module '../modules/types' {
  interface Services {
    station: StationService;
    setup: StationSetup;
    lan: LanSettings;
  }
}

function status(c: Call, s: Pick<Services, 'station' | 'users' | 'clock'>): AppStatus {
  const station = s.station.get();
  const user = c.session.userId ? s.users.byId(c.session.userId) : null;
  return {
    // a station set up by an older build that crashed before its administrator was written
    // has no users: setup may complete it
    setupDone: station !== null && s.users.count() > 0,
    station,
    session: user ? { user, locked: c.session.locked, mustChangePassword: c.session.mustChangePassword === true } : null,
    version: APP_VERSION,
    now: s.clock.now(),
    device: c.ctx.device ?? null,
  };
}

function lanView(c: Call, s: Pick<Services, 'lan'>): LanView {
  const rt = s.lan.runtime;
  return {
    setting: s.lan.get(),
    source: rt?.source ?? 'setting',
    state: rt?.state() ?? { status: 'off' },
    fingerprint: rt?.fingerprint() ?? null,
    interfaces: s.lan.interfaces(),
    canChange: !c.ctx.device,
  };
}

export const stationModule = defineModule({
  name: 'station',
  events: STATION_EVENTS,
  needs: ['users', 'org'],
  provides: ['station', 'setup', 'lan'],
  // migration 3 also creates the users', the catalog's and the shifts' tables
  migrations: [
    { version: 3, name: 'station', sql: m003 },
    { version: 16, name: 'station_lan', sql: m016 },
  ],
  rebuildExtras: [
    { name: 'meta:station', clear: (db) => db.prepare(`DELETE FROM meta WHERE key = 'station'`).run() },
    { name: 'meta:station_lan', clear: clearLanProjection },
  ],
  services: ({ db, journal, users, org }) => {
    const station = new StationService(db, journal);
    return { station, setup: new StationSetup(journal, station, users, org), lan: new LanSettings(db, journal) };
  },
  projectors: ({ db }) => [stationProjector(db), lanProjector(db)],
  handlers: {
    'app:status': (_i, c, s) => status(c, s),
    'setup:station': async (i, c, s) => {
      await s.setup.run(
        { code: i.code, name: i.name, kind: i.kind, place: i.place, parentBody: i.parentBody },
        { login: i.admin.login, fullName: i.admin.fullName, password: i.admin.password },
      );
      const admin = s.users.byLogin(i.admin.login)!;
      c.session.userId = admin.id;
      c.session.locked = false;
      c.session.lastActive = s.clock.now();
      return status(c, s);
    },
    'station:update': (i, c, s) => s.station.update(i, actor(c)),
    'station:lan': (_i, c, s) => lanView(c, s),
    'station:setLan': async (i, c, s) => {
      // from a paired device an administrator could turn off the very link they talk through
      if (c.ctx.device) throw new AppError('lan_local_only', 'LAN access is changed on the station machine itself');
      await s.lan.set(checkLanChoice(i, s.lan.interfaces()), actor(c));
      return lanView(c, s);
    },
  },
});
