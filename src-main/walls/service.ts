/**
 * Named video-wall presets (multi-monitor; docs/architecture.md, "Video"). A preset spans displays: each wall
 * page (`?display=N`) saves its own layout into the named preset and main merges it with the
 * other displays' layouts already there. Every change is a journal event; `wall_presets` is its
 * projection. Presets belong to the station (any signed-in officer may arrange the walls), so a
 * new browser, another window or a reinstalled workstation sees them.
 */
import type { DB } from '../store/db';
import type { Journal } from '../journal/journal';
import { on, projector } from '../journal/events';
import { WALL_PRESET_DELETED_EVENT, WALL_PRESET_SAVED_EVENT } from './events';
import type { CameraRegistry } from '../cameras/service';
import { AppError } from '../../src-shared/errors';
import type { WallLayout, WallPreset, WallTile } from '../../src-shared/domain/walls';

export const WALL_PRESET_SAVED = WALL_PRESET_SAVED_EVENT.type;
export const WALL_PRESET_DELETED = WALL_PRESET_DELETED_EVENT.type;
/** The tables rebuildProjections clears before replaying the journal. */
export const WALL_PROJECTIONS = ['wall_presets'];

/** `wall.preset_saved`: the preset's full map after the merge, so a replay needs nothing else. */
export interface WallPresetSavedPayload {
  name: string;
  /** The display whose layout this save brought in. */
  display: number;
  displays: Record<string, WallLayout>;
  savedBy: string;
}

export interface WallPresetDeletedPayload {
  name: string;
  deletedBy: string;
}

interface PresetRow {
  name: string;
  displays: string;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

const toPreset = (r: PresetRow): WallPreset => ({
  name: r.name,
  displays: JSON.parse(r.displays) as Record<string, WallLayout>,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

/** The layout with its keys in one order (so equal layouts give equal JSON). */
function canonical(l: WallLayout): WallLayout {
  return {
    layout: l.layout,
    custom: { rows: l.custom.rows, cols: l.custom.cols },
    tiles: l.tiles.map((t): WallTile => ({
      cameraId: t.cameraId,
      tour: t.tour ? { cameraIds: [...t.tour.cameraIds], intervalSec: t.tour.intervalSec } : null,
    })),
  };
}

/** Display numbers in ascending order ("2" before "10"). */
function sortedDisplays(displays: Record<string, WallLayout>): Record<string, WallLayout> {
  const out: Record<string, WallLayout> = {};
  for (const k of Object.keys(displays).sort((a, b) => Number(a) - Number(b))) out[k] = displays[k]!;
  return out;
}

/** wall.* events → `wall_presets`. */
export function wallPresetsProjector(db: DB) {
  const upsert = db.prepare(
    `INSERT INTO wall_presets (name, displays, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET displays = excluded.displays, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const remove = db.prepare('DELETE FROM wall_presets WHERE name = ?');
  return projector(
    on(WALL_PRESET_SAVED_EVENT, (p, ev) => {
      upsert.run(p.name, JSON.stringify(p.displays), ev.recordedAt, ev.recordedAt, p.savedBy);
    }),
    on(WALL_PRESET_DELETED_EVENT, (p) => {
      remove.run(p.name);
    }),
  );
}

export class WallPresetService {
  private readonly byName;
  private readonly all;

  constructor(
    private readonly db: DB,
    private readonly journal: Journal,
    private readonly cameras: Pick<CameraRegistry, 'get'>,
  ) {
    this.byName = db.prepare('SELECT * FROM wall_presets WHERE name = ?');
    this.all = db.prepare('SELECT * FROM wall_presets');
  }

  /** Every preset, by name (Vietnamese order). */
  list(): WallPreset[] {
    const rows = this.all.all() as PresetRow[];
    return rows.map(toPreset).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  get(name: string): WallPreset | null {
    const r = this.byName.get(name) as PresetRow | undefined;
    return r ? toPreset(r) : null;
  }

  /**
   * Merges display `display`'s layout into the preset `name` (created when new). Every camera
   * the layout names must be registered: an unknown one is refused (`unknown_camera`, with the
   * field) and nothing is written. Saving the same layout again writes nothing.
   * Input is already validated by the contract (name NFC/trimmed, layout shape and limits).
   */
  save(input: { name: string; display: number; layout: WallLayout }, actor: string): WallPreset {
    const layout = canonical(input.layout);
    return this.journal.tx(() => {
      this.checkCameras(layout);
      const current = this.get(input.name);
      const key = String(input.display);
      if (current && JSON.stringify(current.displays[key]) === JSON.stringify(layout)) return current;
      const displays = sortedDisplays({ ...(current?.displays ?? {}), [key]: layout });
      const payload: WallPresetSavedPayload = { name: input.name, display: input.display, displays, savedBy: actor };
      this.journal.appendInTx({ type: WALL_PRESET_SAVED, actor, payload });
      return this.get(input.name)!;
    });
  }

  /** Deletes the preset (every display's part); `not_found` when there is none by that name. */
  delete(name: string, actor: string): { ok: true } {
    return this.journal.tx(() => {
      if (!this.get(name)) throw new AppError('not_found', `no wall preset named "${name}"`, { field: 'name' });
      const payload: WallPresetDeletedPayload = { name, deletedBy: actor };
      this.journal.appendInTx({ type: WALL_PRESET_DELETED, actor, payload });
      return { ok: true as const };
    });
  }

  private checkCameras(layout: WallLayout): void {
    const known = new Map<string, boolean>();
    const check = (id: string, field: string) => {
      let ok = known.get(id);
      if (ok === undefined) {
        ok = this.cameras.get(id) !== null;
        known.set(id, ok);
      }
      if (!ok) throw new AppError('unknown_camera', `camera ${id} is not registered`, { field });
    };
    layout.tiles.forEach((t, i) => {
      if (t.cameraId !== null) check(t.cameraId, `layout.tiles.${i}.cameraId`);
      t.tour?.cameraIds.forEach((id, j) => check(id, `layout.tiles.${i}.tour.cameraIds.${j}`));
    });
  }
}
