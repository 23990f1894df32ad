/**
 * Video-wall layouts and the named wall presets (docs/architecture.md, "Video"). A preset is named and spans
 * displays: each display (`?display=N`, N = 1…16) contributes its own layout. Presets are kept
 * by main in the station database (journal events `wall.preset_saved` / `wall.preset_deleted`).
 */

export const WALL_LAYOUTS = ['1', '2x2', '3x3', '4x4', '1+5', '1+7', 'custom'] as const;
export type WallLayoutId = (typeof WALL_LAYOUTS)[number];

/** Custom grids are 1…6 rows × 1…6 columns, so a wall has at most 36 tiles. */
export const WALL_MAX_CUSTOM = 6;
export const WALL_MAX_TILES = WALL_MAX_CUSTOM * WALL_MAX_CUSTOM;
export const WALL_MAX_DISPLAYS = 16;
export const WALL_PRESET_NAME_MAX = 80;
export const WALL_TOUR_MIN_SEC = 3;
export const WALL_TOUR_MAX_SEC = 3600;
export const WALL_TOUR_MAX_CAMERAS = 50;

export interface WallTour {
  cameraIds: string[];
  intervalSec: number;
}

export interface WallTile {
  cameraId: string | null;
  tour: WallTour | null;
}

/** What one display shows: its layout, the custom grid, and what each tile shows. */
export interface WallLayout {
  layout: WallLayoutId;
  custom: { rows: number; cols: number };
  tiles: WallTile[];
}

export interface WallPreset {
  name: string;
  /** Layout by display number ("1"…"16"). */
  displays: Record<string, WallLayout>;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}
