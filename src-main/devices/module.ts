/**
 * The duty room's paired devices: workstations and wall PCs that join the station over the
 * LAN (docs/architecture.md, "Devices and the LAN"). Pairing codes, device credentials, the
 * role policy (./policy.ts) and revocation; the LAN listener (src-main/server/lan.ts) checks
 * every request with this module's service.
 */
import { defineModule } from '../modules/types';
import { actor } from '../modules/call';
import { DeviceService, DEVICES_LOCAL_TABLES, DEVICES_PROJECTIONS, devicesProjector } from './service';
import { DEVICES_EVENTS } from './events';
import m014 from './migration';
import { ensureStationTls } from '../station/tls';

declare module '../modules/types' {
  interface Services {
    devices: DeviceService;
  }
}

export const devicesModule = defineModule({
  name: 'devices',
  events: DEVICES_EVENTS,
  needs: ['station'],
  provides: ['devices'],
  migrations: [{ version: 14, name: 'devices', sql: m014 }],
  projections: DEVICES_PROJECTIONS,
  localTables: DEVICES_LOCAL_TABLES,
  // a forged device's credential would otherwise outlive the forgery
  afterRebuild: (db) => db.prepare('DELETE FROM device_credentials WHERE device_id NOT IN (SELECT device_id FROM devices)').run().changes,
  services: ({ db, journal, clock, station }) => ({
    devices: new DeviceService(db, journal, clock, () => {
      const st = station.get();
      return st ? { code: st.code, name: st.name } : null;
    }),
  }),
  projectors: ({ db }) => [devicesProjector(db)],
  handlers: {
    // the fingerprint a new device must see: the listening certificate's, else the stored one (made on first use)
    'devices:pair': async (i, c, s) => s.devices.createCode(i, actor(c), s.devices.fingerprint ?? (await ensureStationTls(s.env.dbPath, [])).fingerprint),
    'devices:list': (_i, _c, s) => s.devices.list(),
    'devices:revoke': (i, c, s) => s.devices.revoke(i.deviceId, actor(c), i.reason),
  },
});
