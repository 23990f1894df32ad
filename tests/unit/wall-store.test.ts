/**
 * The wall's own layout actions (src-renderer/features/wall/wallStore.ts): a tile dragged onto
 * another swaps them, a camera already on the wall moves instead of showing twice, and both
 * are kept in the page's storage.
 */
import { describe, expect, it } from 'vitest';
import { createWallStore } from '../../src-renderer/features/wall/wallStore';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

const cams = (s: ReturnType<typeof createWallStore>) => s.getState().tiles.slice(0, 4).map((t) => t.cameraId);

describe('wall layout actions', () => {
  it('swap exchanges two tiles (cameras and tours) and selects the target; persisted', () => {
    const storage = memoryStorage();
    const s = createWallStore(1, storage);
    const a = s.getState().actions;
    a.assign(0, 'c1');
    a.assign(1, 'c2');
    a.setTour(2, { cameraIds: ['c3', 'c4'], intervalSec: 10 });
    a.swap(0, 2);
    expect(s.getState().tiles[0]).toEqual({ cameraId: 'c3', tour: { cameraIds: ['c3', 'c4'], intervalSec: 10 } });
    expect(s.getState().tiles[2]).toEqual({ cameraId: 'c1', tour: null });
    expect(s.getState().focused).toBe(2);
    a.swap(1, 3);
    expect(cams(s)).toEqual(['c3', null, 'c1', 'c2']);
    // nonsense indices change nothing
    a.swap(1, 1);
    a.swap(-1, 2);
    a.swap(0, 99);
    expect(cams(s)).toEqual(['c3', null, 'c1', 'c2']);
    const saved = JSON.parse(storage.m.get('trucban.wall.1')!) as { tiles: { cameraId: string | null }[] };
    expect(saved.tiles.slice(0, 4).map((t) => t.cameraId)).toEqual(['c3', null, 'c1', 'c2']);
  });

  it('place moves a camera that is already on the wall, and fills an empty or occupied tile otherwise', () => {
    const s = createWallStore(2, memoryStorage());
    const a = s.getState().actions;
    a.place(0, 'c1');
    a.place(1, 'c2');
    expect(cams(s)).toEqual(['c1', 'c2', null, null]);
    // c1 dropped on tile 3: it moves, tile 0 is empty — never two tiles of one camera
    a.place(3, 'c1');
    expect(cams(s)).toEqual([null, 'c2', null, 'c1']);
    // dropped on a tile showing another camera: that one is replaced, the source emptied
    a.place(1, 'c1');
    expect(cams(s)).toEqual([null, 'c1', null, null]);
    // the same tile again: unchanged
    a.place(1, 'c1');
    expect(cams(s)).toEqual([null, 'c1', null, null]);
    // a touring tile that passes by the camera keeps its tour
    a.setTour(2, { cameraIds: ['c5', 'c6'], intervalSec: 5 });
    a.place(0, 'c5');
    expect(s.getState().tiles[2]!.tour).not.toBeNull();
    expect(cams(s)).toEqual(['c5', 'c1', 'c5', null]);
    expect(s.getState().tiles.filter((t) => t.cameraId === 'c1')).toHaveLength(1);
  });
});
