/**
 * The client: channels as the station's process answers them. A workstation's or wall's own
 * process (src-main/client/local.ts) answers client:status and client:dismissRefused itself
 * with its link and outbox; the station's own screens have no link to lose, so here they say
 * so. `client:pair` is the first-run choice "this machine is a workstation / wall": allowed only
 * while no station is set up in this data dir, it pairs with the station (src-main/client/pair.ts)
 * and writes device.json and role.json beside the database, so the next start runs the client
 * (src-main/client/role.ts, startupPlan).
 */
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { defineModule } from '../modules/types';
import { writeDeviceFile } from './device';
import { pairWithStation } from './pair';
import { writeRole } from './role';

export const clientModule = defineModule({
  name: 'client',
  needs: ['station'],
  provides: [],
  services: () => ({}),
  handlers: {
    'client:status': () => ({ role: 'station' as const }),
    // nothing is refused on the station's own screens: nothing to dismiss
    'client:dismissRefused': () => ({ ok: true as const }),
    'client:pair': async (i, _c, s) => {
      if (s.station.get()) throw new AppError('already_set_up', 'this installation is a station already');
      if (s.env.dbPath === ':memory:') throw new AppError('invalid_input', 'no data folder to keep the pairing in', { field: 'station' });
      const rec = await pairWithStation({ stationUrl: i.station, code: i.code, ...(i.name ? { deviceName: i.name } : {}) });
      const dir = path.dirname(path.resolve(s.env.dbPath));
      writeDeviceFile(dir, rec);
      writeRole(dir, rec.role);
      return { deviceName: rec.name, role: rec.role, stationCode: rec.station.code, stationName: rec.station.name, stationUrl: rec.stationUrl, fingerprint: rec.fingerprint };
    },
  },
});
