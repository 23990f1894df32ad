/** Journal events of the station's named video-wall presets. */
import { z } from 'zod';
import { defineEvent, ev } from '../journal/events';
import type { WallLayout } from '../../src-shared/domain/walls';

export const WALL_PRESET_SAVED_EVENT = defineEvent(
  'wall.preset_saved',
  ev.obj({ name: z.string(), display: z.number(), displays: z.record(z.string(), ev.json<WallLayout>()), savedBy: z.string() }),
);

export const WALL_PRESET_DELETED_EVENT = defineEvent('wall.preset_deleted', ev.obj({ name: z.string(), deletedBy: z.string() }));

export const WALLS_EVENTS = [WALL_PRESET_SAVED_EVENT, WALL_PRESET_DELETED_EVENT];
