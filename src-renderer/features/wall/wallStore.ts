/**
 * The wall of this page: layout, what each tile shows (a camera or a tour), the focused and
 * the enlarged tile — this page's UI state, kept apart from the app's store because each page
 * `?display=N` keeps its own working wall in localStorage (`trucban.wall.<N>`). What the wall
 * fetches from main (cameras, health, the station's named presets) is in the store's wall
 * slice (./slice.ts), whose actions make every contract call; presets: ./presets.ts.
 */
import { createStore, useStore } from 'zustand';
import { WALL_LAYOUTS, WALL_MAX_CUSTOM, WALL_MAX_DISPLAYS } from '../../../src-shared/domain/walls';
import type { WallLayout, WallLayoutId, WallPreset, WallTile, WallTour } from '../../../src-shared/domain/walls';

export const LAYOUTS = WALL_LAYOUTS;
export type LayoutId = WallLayoutId;

/** rows × cols cells; tile 0 spans big × big cells (1 = all tiles the same size). */
export interface Grid {
  rows: number;
  cols: number;
  big: number;
}

export const MAX_CUSTOM = WALL_MAX_CUSTOM;
export const MAX_TILES = MAX_CUSTOM * MAX_CUSTOM;

export function gridOf(layout: LayoutId, custom: { rows: number; cols: number }): Grid {
  switch (layout) {
    case '1':
      return { rows: 1, cols: 1, big: 1 };
    case '2x2':
      return { rows: 2, cols: 2, big: 1 };
    case '3x3':
      return { rows: 3, cols: 3, big: 1 };
    case '4x4':
      return { rows: 4, cols: 4, big: 1 };
    case '1+5':
      return { rows: 3, cols: 3, big: 2 };
    case '1+7':
      return { rows: 4, cols: 4, big: 3 };
    default:
      return { rows: clampDim(custom.rows), cols: clampDim(custom.cols), big: 1 };
  }
}

export function tileCount(g: Grid): number {
  return g.rows * g.cols - g.big * g.big + 1;
}

function clampDim(n: number): number {
  return Math.min(MAX_CUSTOM, Math.max(1, Math.round(Number.isFinite(n) ? n : 1)));
}

export type Tour = WallTour;
export type TileCfg = WallTile;
export type { WallLayout, WallPreset };

export interface WallState extends WallLayout {
  display: number;
  focused: number;
  enlarged: number | null;
}

export interface WallActions {
  setLayout(layout: LayoutId): void;
  setCustom(rows: number, cols: number): void;
  assign(index: number, cameraId: string | null): void;
  /**
   * Puts a camera in a tile; a camera already shown in another tile (not touring) moves from
   * there instead of being shown twice (that tile becomes empty).
   */
  place(index: number, cameraId: string): void;
  /** Swaps what two tiles show (a tile dragged onto another). */
  swap(from: number, to: number): void;
  focus(index: number): void;
  enlarge(index: number | null): void;
  setTour(index: number, tour: Tour | null): void;
  /** Camera `cameraId` big, its neighbours around it (1+5 or 1+7). */
  showNeighbours(cameraId: string, neighbourIds: string[]): void;
  /** Shows a saved layout (a preset's part for this display). */
  applyLayout(layout: WallLayout): void;
}

const emptyTiles = (): TileCfg[] => Array.from({ length: MAX_TILES }, () => ({ cameraId: null, tour: null }));

/**
 * This page's display number, 1…16. Browser mode: `?display=N` (N from 1). Electron's windows
 * load `?display=N&displayId=ID` with N counted from 0 (0 = primary), so there it is N + 1.
 */
export function displayNumber(search: string = typeof window !== 'undefined' ? window.location.search : ''): number {
  const q = new URLSearchParams(search);
  const raw = q.get('display');
  if (raw === null || !/^\d{1,2}$/.test(raw)) return 1;
  const n = Number(raw) + (q.has('displayId') ? 1 : 0);
  return n >= 1 && n <= WALL_MAX_DISPLAYS ? n : 1;
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'> | null;

export function sanitize(raw: unknown): WallLayout | null {
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as Partial<WallLayout>;
  const layout = LAYOUTS.includes(o.layout as LayoutId) ? (o.layout as LayoutId) : '2x2';
  const custom = { rows: clampDim(o.custom?.rows ?? 2), cols: clampDim(o.custom?.cols ?? 3) };
  const tiles = emptyTiles();
  if (Array.isArray(o.tiles)) {
    o.tiles.slice(0, MAX_TILES).forEach((t, i) => {
      if (!t || typeof t !== 'object') return;
      const cameraId = typeof t.cameraId === 'string' ? t.cameraId : null;
      const tour =
        t.tour && Array.isArray(t.tour.cameraIds) && t.tour.cameraIds.length > 1
          ? { cameraIds: t.tour.cameraIds.filter((x): x is string => typeof x === 'string').slice(0, 50), intervalSec: Math.min(3600, Math.max(3, Math.round(Number(t.tour.intervalSec) || 10))) }
          : null;
      tiles[i] = { cameraId, tour };
    });
  }
  return { layout, custom, tiles };
}

function read(storage: Storage, key: string): unknown {
  try {
    const s = storage?.getItem(key);
    return s ? (JSON.parse(s) as unknown) : null;
  } catch {
    return null;
  }
}

function write(storage: Storage, key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or unavailable: the wall still works for this session
  }
}

/**
 * The wall as a preset stores it: trailing empty tiles left out (loading pads them back), and
 * tours of fewer than two cameras dropped (the tile keeps its camera).
 */
export function layoutOf(s: WallLayout): WallLayout {
  const tiles = s.tiles.slice(0, MAX_TILES).map((t) => ({
    cameraId: t.cameraId,
    tour: t.tour && t.tour.cameraIds.length >= 2 ? { cameraIds: [...t.tour.cameraIds], intervalSec: t.tour.intervalSec } : null,
  }));
  while (tiles.length > 0 && tiles[tiles.length - 1]!.cameraId === null && tiles[tiles.length - 1]!.tour === null) tiles.pop();
  return { layout: s.layout, custom: { rows: s.custom.rows, cols: s.custom.cols }, tiles };
}

/** Key of the presets kept per display in localStorage before they moved to main. */
export const legacyPresetsKey = (display: number) => `trucban.wall.presets.${display}`;

/** The presets an older version kept in this browser for `display` (sanitised), or null. */
export function readLegacyPresets(display: number, storage: Storage): Record<string, WallLayout> | null {
  const raw = read(storage, legacyPresetsKey(display));
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const out: Record<string, WallLayout> = {};
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    const p = sanitize(v);
    if (p) out[name] = p;
  }
  return out;
}

export function removeLegacyPresets(display: number, storage: Storage): void {
  try {
    storage?.removeItem(legacyPresetsKey(display));
  } catch {
    // unavailable storage: nothing to remove
  }
}

export function createWallStore(display: number, storage: Storage) {
  const key = `trucban.wall.${display}`;
  const saved = sanitize(read(storage, key)) ?? { layout: '2x2' as LayoutId, custom: { rows: 2, cols: 3 }, tiles: emptyTiles() };

  return createStore<WallState & { actions: WallActions }>()((set, get) => {
    const persist = () => {
      const s = get();
      write(storage, key, { layout: s.layout, custom: s.custom, tiles: s.tiles });
    };
    const count = () => tileCount(gridOf(get().layout, get().custom));
    const update = (p: Partial<WallState>) => {
      set(p);
      persist();
    };
    const setTile = (index: number, cfg: TileCfg) => {
      const tiles = get().tiles.slice();
      tiles[index] = cfg;
      update({ tiles });
    };
    const actions: WallActions = {
      setLayout(layout) {
        update({ layout, enlarged: null, focused: Math.min(get().focused, tileCount(gridOf(layout, get().custom)) - 1) });
      },
      setCustom(rows, cols) {
        const custom = { rows: clampDim(rows), cols: clampDim(cols) };
        update({ layout: 'custom', custom, enlarged: null, focused: Math.min(get().focused, tileCount(gridOf('custom', custom)) - 1) });
      },
      assign(index, cameraId) {
        if (index < 0 || index >= MAX_TILES) return;
        setTile(index, { cameraId, tour: null });
      },
      place(index, cameraId) {
        if (index < 0 || index >= MAX_TILES) return;
        const tiles = get().tiles.slice();
        tiles.forEach((t, i) => {
          if (i !== index && t.cameraId === cameraId && !t.tour) tiles[i] = { cameraId: null, tour: null };
        });
        tiles[index] = { cameraId, tour: null };
        update({ tiles });
      },
      swap(from, to) {
        if (from === to || from < 0 || to < 0 || from >= MAX_TILES || to >= MAX_TILES) return;
        const tiles = get().tiles.slice();
        const a = tiles[from]!;
        tiles[from] = tiles[to]!;
        tiles[to] = a;
        update({ tiles, focused: to });
      },
      focus(index) {
        if (index !== get().focused && index >= 0 && index < count()) set({ focused: index });
      },
      enlarge(index) {
        set({ enlarged: index, ...(index !== null ? { focused: index } : {}) });
      },
      setTour(index, tour) {
        const cur = get().tiles[index];
        setTile(index, { cameraId: tour?.cameraIds[0] ?? cur?.cameraId ?? null, tour });
      },
      showNeighbours(cameraId, neighbourIds) {
        const layout: LayoutId = neighbourIds.length <= 5 ? '1+5' : '1+7';
        const tiles = emptyTiles();
        tiles[0] = { cameraId, tour: null };
        neighbourIds.slice(0, tileCount(gridOf(layout, get().custom)) - 1).forEach((id, i) => {
          tiles[i + 1] = { cameraId: id, tour: null };
        });
        update({ layout, tiles, enlarged: null, focused: 0 });
      },
      applyLayout(layout) {
        const p = sanitize(layout);
        if (p) update({ layout: p.layout, custom: p.custom, tiles: p.tiles, enlarged: null, focused: 0 });
      },
    };
    return { ...saved, display, focused: 0, enlarged: null, actions };
  });
}

const storage: Storage = (() => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
})();

export const wallStorage: Storage = storage;
export const wallStore = createWallStore(displayNumber(), storage);

export function useWall<T>(selector: (s: WallState & { actions: WallActions }) => T): T {
  return useStore(wallStore, selector);
}
