/**
 * The walls: channels (named video-wall presets) and their input schemas. Strict: unknown keys
 * are refused, so a layout stored in the journal is exactly what the wall understands.
 */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import type { WallPreset } from '../domain/walls';
import {
  WALL_LAYOUTS,
  WALL_MAX_CUSTOM,
  WALL_MAX_DISPLAYS,
  WALL_MAX_TILES,
  WALL_PRESET_NAME_MAX,
  WALL_TOUR_MAX_CAMERAS,
  WALL_TOUR_MAX_SEC,
  WALL_TOUR_MIN_SEC,
} from '../domain/walls';
import { id } from './schemas';

/** A preset's name: NFC, trimmed, 1…80 characters, no control characters. */
export const presetName = z
  .string()
  .max(WALL_PRESET_NAME_MAX * 4)
  .transform((s) => s.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .min(1)
      .max(WALL_PRESET_NAME_MAX)
      .regex(/^[^\p{Cc}]*$/u, 'no control characters'),
  );

export const wallDisplay = z.number().int().min(1).max(WALL_MAX_DISPLAYS);

const dim = z.number().int().min(1).max(WALL_MAX_CUSTOM);

export const wallTour = z
  .object({
    cameraIds: z.array(id).min(2).max(WALL_TOUR_MAX_CAMERAS),
    intervalSec: z.number().int().min(WALL_TOUR_MIN_SEC).max(WALL_TOUR_MAX_SEC),
  })
  .strict();

export const wallTile = z.object({ cameraId: id.nullable(), tour: wallTour.nullable() }).strict();

export const wallLayout = z
  .object({
    layout: z.enum(WALL_LAYOUTS),
    custom: z.object({ rows: dim, cols: dim }).strict(),
    tiles: z.array(wallTile).max(WALL_MAX_TILES),
  })
  .strict();

export const wallsChannels = {
  'walls:presets': channel<WallPreset[]>()({
    input: z.object({}),
    access: 'user',
    description: 'Named video-wall presets (a layout per display), by name.',
  }),
  'walls:savePreset': channel<WallPreset>()({
    input: z.object({ name: presetName, display: wallDisplay, layout: wallLayout }),
    access: 'user',
    description: 'Save this display’s wall layout into the named preset (other displays’ layouts in it are kept).',
  }),
  'walls:deletePreset': channel<{ ok: true }>()({
    input: z.object({ name: presetName }),
    access: 'user',
    description: 'Delete a named video-wall preset (every display’s part).',
  }),
} satisfies Record<string, AnyChannel>;
