/** Named video-wall presets: a layout per display, shared by the station. */
import { defineModule } from '../modules/types';
import { actor } from '../modules/call';
import { WallPresetService, wallPresetsProjector, WALL_PROJECTIONS } from './service';
import m009 from '../store/migrations/009_wall_presets';
import { WALLS_EVENTS } from './events';
import { wallsSource } from './topics';

declare module '../modules/types' {
  interface Services {
    walls: WallPresetService;
  }
}

export const wallsModule = defineModule({
  name: 'walls',
  events: WALLS_EVENTS,
  topics: [wallsSource],
  needs: ['cameras'],
  provides: ['walls'],
  migrations: [{ version: 9, name: 'wall_presets', sql: m009 }],
  projections: WALL_PROJECTIONS,
  services: ({ db, journal, cameras }) => ({ walls: new WallPresetService(db, journal, cameras) }),
  projectors: ({ db }) => [wallPresetsProjector(db)],
  handlers: {
    'walls:presets': (_i, _c, s) => s.walls.list(),
    'walls:savePreset': (i, c, s) => s.walls.save(i, actor(c)),
    'walls:deletePreset': (i, c, s) => s.walls.delete(i.name, actor(c)),
  },
});
