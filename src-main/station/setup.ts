import fs from 'node:fs';
import path from 'node:path';
import type { Journal } from '../journal/journal';
import type { UserService, PasswordOptions } from '../users/service';
import type { OrgCatalog } from '../org/catalog';
import { hashPassword } from '../users/password';
import { assetsDir, DEFAULT_CATALOG } from '../app/paths';
import { AppError } from '../../src-shared/errors';
import type { Role } from '../../src-shared/domain/roles';
import { STATION_SET_UP, STATION_UPDATED } from './service';
import type { StationService, StationSetup as StationDetails } from './service';

/** The first administrator given at set-up. */
export interface FirstAdmin {
  login: string;
  fullName: string;
  password: string;
  roles?: Role[];
}

/** First run: station, example catalog and first administrator, atomically. */
export class StationSetup {
  constructor(
    private readonly journal: Journal,
    private readonly station: StationService,
    private readonly users: UserService,
    private readonly org: OrgCatalog,
  ) {}

  /**
   * Also completes a station an older build left without users. `temporary`: the password must
   * be changed at the first sign-in (`trucban init` generates it).
   */
  async run(s: StationDetails, admin: FirstAdmin, opts: PasswordOptions = {}): Promise<void> {
    const { journal, station, users, org } = this;
    if (users.count() > 0) throw new AppError('already_set_up', 'this station is already set up');
    // everything slow or fallible that writes nothing comes first (the scrypt hash, reading the
    // catalog); then station, catalog and administrator are written in ONE journal transaction,
    // so a crash leaves either an untouched database or a complete station
    const hash = await hashPassword(admin.password);
    const csv = fs.readFileSync(path.join(assetsDir(), DEFAULT_CATALOG), 'utf8');
    journal.tx(() => {
      if (users.count() > 0) throw new AppError('already_set_up', 'this station is already set up');
      const existing = station.get();
      if (!existing) journal.appendInTx({ type: STATION_SET_UP, actor: admin.login, payload: s });
      else {
        // an older build appended station.set_up, then crashed before the administrator:
        // the station has no users, so this setup completes it (with the details given now)
        const changed = Object.fromEntries(Object.entries(s).filter(([k, v]) => existing[k as keyof StationDetails] !== v));
        if (Object.keys(changed).length > 0) journal.appendInTx({ type: STATION_UPDATED, actor: admin.login, payload: changed });
      }
      if (org.count() === 0) org.importCsv(csv, admin.login, DEFAULT_CATALOG);
      users.createInTx({ login: admin.login, fullName: admin.fullName, roles: admin.roles ?? ['admin'] }, hash, admin.login, opts);
    });
  }
}
