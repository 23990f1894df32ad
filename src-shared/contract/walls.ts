/**
 * Input schemas of the walls:* channels (named wall presets). Strict: unknown keys are refused,
 * so a layout stored in the journal is exactly what the wall understands.
 */
import { z } from 'zod';
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
