/**
 * The video wall's share of the store: what it fetches from main (the active cameras, their
 * live health, the station's named presets) and every contract call the wall makes (cameras,
 * `video:*`, `walls:*`, the marked snapshot's `attachments:put`). The wall's own layout — tiles, focus, the enlarged tile — is this
 * page's UI state and stays in ./wallStore.ts (kept per display in localStorage).
 */
import type { VideoSnapshot, VideoStreamStats } from '../../../src-shared/contract';
import type { Camera, CameraTreeUnit } from '../../../src-shared/domain/cameras';
import type { WallLayout, WallPreset } from '../../../src-shared/domain/walls';
import type { HealthInfo } from '../../video/channels';
import { isMissingChannel } from '../../video/channels';
import { ClientError } from '../../transport/errors';
import type { RootState, SliceCtx } from '../../store/types';
import { defineSlice, patch } from '../../store/types';

export interface WallSliceState {
  /** Active cameras by number (for numbers, names, neighbours and stepping). */
  cameras: Camera[];
  /** Live health from the video engine, by camera id. */
  health: Record<string, HealthInfo>;
  /** The `video:*` channels are missing on this server. */
  videoMissing: boolean;
  /** The station's named presets, as last fetched from main. */
  presets: WallPreset[];
}

export const initialWallState: WallSliceState = { cameras: [], health: {}, videoMissing: false, presets: [] };

export interface WallSliceActions {
  /** Background refresh of the active cameras (a failure keeps the last list; the next one retries). */
  loadCameras(): Promise<void>;
  /** Background refresh of the live health; a server without `video:*` sets `videoMissing`. */
  loadHealth(): Promise<void>;
  /** The camera tree (unit → site → zone), filtered by `query` when not blank. Rejects on error. */
  tree(query: string): Promise<CameraTreeUnit[]>;
  /** A camera by id: from the loaded list, else from main. */
  camera(id: string): Promise<Camera>;
  snapshot(cameraId: string): Promise<VideoSnapshot>;
  /** Stores a PNG (a snapshot with the officer's marks) as an attachment. */
  putImage(name: string, base64: string): Promise<{ sha256: string; size: number }>;
  clip(cameraId: string, seconds: number): Promise<{ sha256: string; size: number; seconds: number }>;
  /** Per-stream statistics (transcoding and its CPU). */
  streamStats(): Promise<VideoStreamStats[]>;
  /** Refetches the station's presets into the store; returns them. */
  refreshPresets(): Promise<WallPreset[]>;
  savePreset(name: string, display: number, layout: WallLayout): Promise<WallPreset>;
  deletePreset(name: string): Promise<void>;
}

/**
 * A snapshot, a clip or a tile's raise form ends in the logbook or an attachment, which a wall
 * device may not call (src-main/devices/policy.ts): on a wall they are hidden, and refused here
 * before any call, as the station would refuse them.
 */
export const mayCapture = (s: Pick<RootState, 'app'>): boolean => s.app.device?.role !== 'wall';

export function createWallActions(ctx: SliceCtx): WallSliceActions {
  const { set, get, call } = ctx;
  const capturing = async () => {
    if (!mayCapture(get())) throw new ClientError({ code: 'device_role_forbidden', message: 'a wall device takes no snapshots or clips' });
  };
  return {
    async loadCameras() {
      try {
        const cams = await call('cameras:list', {});
        patch(set, 'wall', { cameras: cams.filter((c) => c.active).sort((x, y) => x.number - y.number) });
      } catch {
        // the next refresh retries (session errors already reached the app state)
      }
    },
    async loadHealth() {
      try {
        const health = await call('video:health', {});
        patch(set, 'wall', { health, ...(get().wall.videoMissing ? { videoMissing: false } : {}) });
      } catch (e) {
        if (isMissingChannel(e) && !get().wall.videoMissing) patch(set, 'wall', { videoMissing: true });
      }
    },
    tree(query) {
      const q = query.trim();
      return call('cameras:tree', q ? { query: q } : {});
    },
    async camera(id) {
      return get().wall.cameras.find((c) => c.id === id) ?? (await call('cameras:get', { id }));
    },
    async snapshot(cameraId) {
      await capturing();
      return call('video:snapshot', { cameraId });
    },
    async putImage(name, base64) {
      await capturing();
      return call('attachments:put', { name, mime: 'image/png', base64 });
    },
    async clip(cameraId, seconds) {
      await capturing();
      return call('video:clip', { cameraId, seconds });
    },
    streamStats() {
      return call('video:stats', {});
    },
    async refreshPresets() {
      const presets = await call('walls:presets', {});
      patch(set, 'wall', { presets });
      return presets;
    },
    savePreset(name, display, layout) {
      return call('walls:savePreset', { name, display, layout });
    },
    async deletePreset(name) {
      await call('walls:deletePreset', { name });
    },
  };
}

export const wallSlice = defineSlice({ key: 'wall', initial: () => ({ ...initialWallState }), actions: createWallActions });

export const wallSelectors = {
  cameras: (s: RootState) => s.wall.cameras,
  health: (s: RootState) => s.wall.health,
  videoMissing: (s: RootState) => s.wall.videoMissing,
  presets: (s: RootState) => s.wall.presets,
  /** Snapshot (S, ◉), clip (E, 30s) and raise-from-tile (I, ⚑) are offered: not on a wall device. */
  mayCapture: (s: RootState) => mayCapture(s),
};
