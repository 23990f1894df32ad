/** The camera registry (sites, zones, streams; credentials as local secrets), CSV import/export. */
import { defineModule } from '../modules/types';
import { actor } from '../modules/call';
import { CameraRegistry, camerasProjector } from './service';
import m005 from '../store/migrations/005_cameras';
import { CAMERAS_EVENTS } from './events';
import { camerasSource } from './topics';

declare module '../modules/types' {
  interface Services {
    cameras: CameraRegistry;
  }
}

export const camerasModule = defineModule({
  name: 'cameras',
  events: CAMERAS_EVENTS,
  topics: [camerasSource],
  needs: ['org', 'jobs'],
  provides: ['cameras'],
  migrations: [{ version: 5, name: 'cameras', sql: m005 }],
  projections: ['cameras'],
  localTables: ['camera_secrets'],
  afterRebuild: (db) => db.prepare('DELETE FROM camera_secrets WHERE camera_id NOT IN (SELECT camera_id FROM cameras)').run().changes,
  services: ({ db, journal, org }) => ({ cameras: new CameraRegistry(db, journal, org) }),
  projectors: ({ db }) => [camerasProjector(db)],
  handlers: {
    'cameras:list': (i, _c, s) => s.cameras.list({ includeInactive: i.includeInactive }),
    'cameras:tree': (i, _c, s) => s.cameras.tree(i.query),
    'cameras:get': (i, _c, s) => s.cameras.require(i.id, 'id'),
    'cameras:save': (i, c, s) => s.cameras.save(i, actor(c)),
    'cameras:deactivate': (i, c, s) => s.cameras.deactivate(i.id, actor(c), i.reason),
    'cameras:import': async (i, c, s) => s.cameras.importRows(await s.jobs.parseCsv('cameras', i.csv), actor(c)),
    'cameras:export': (_i, _c, s) => s.cameras.exportFile(),
  },
});
