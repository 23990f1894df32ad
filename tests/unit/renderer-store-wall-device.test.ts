// A wall device's wall in the renderer store (src-renderer/features/wall/slice.ts): no snapshot,
// clip or raise-from-tile there (they end in the logbook or an attachment, which a wall device
// may not call: src-main/devices/policy.ts), refused before any call; and with nobody signed
// in, the wall still loads its cameras and presets (the station answers them for the wall
// device itself: docs/security.md, "A wall device's standing principal").
import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../src-shared/contract';
import type { DeviceInfo } from '../../src-shared/domain/devices';
import type { WallPreset } from '../../src-shared/domain/walls';
import { selectors } from '../../src-renderer/store';
import { NOW, camera, fakeStore, session, station, workingDataHandlers } from '../helpers/renderer-store';

const WALL: DeviceInfo = { id: 'dev-wall-1', name: 'Màn hình tường 1', role: 'wall' };
const DESK: DeviceInfo = { id: 'dev-ws-3', name: 'Máy GS 3', role: 'workstation' };
const preset: WallPreset = { name: 'Ca đêm', displays: { '1': { layout: '2x2', custom: { rows: 2, cols: 2 }, tiles: [] } }, createdAt: NOW, updatedAt: NOW, updatedBy: 'u-1' };

function storeOn(device: DeviceInfo | null, signedIn = true) {
  const st: AppStatus = { setupDone: true, station, session: signedIn ? session() : null, version: '1.0.0', now: NOW, device };
  return fakeStore({
    ...workingDataHandlers(),
    'app:status': () => st,
    'cameras:list': () => [camera(2), camera(1)],
    'walls:presets': () => [preset],
    'video:snapshot': (i) => ({ sha256: 'a'.repeat(64), width: 1280, height: 720, at: NOW, cameraId: i.cameraId, cameraNumber: 1, cameraName: 'Cổng 1', place: 'Cửa khẩu Hữu Nghị' }),
    'video:clip': () => ({ sha256: 'b'.repeat(64), size: 1000, seconds: 30 }),
    'attachments:put': () => ({ sha256: 'c'.repeat(64), size: 10 }),
  });
}

describe('the wall on a wall device', () => {
  it('offers no snapshot, clip or raise, and refuses them before any call; a workstation and the station’s own screen offer them', async () => {
    const wall = storeOn(WALL);
    await wall.actions.app.boot();
    expect(selectors.wall.mayCapture(wall.state)).toBe(false);
    await expect(wall.actions.wall.snapshot('cam-1')).rejects.toMatchObject({ code: 'device_role_forbidden' });
    await expect(wall.actions.wall.clip('cam-1', 30)).rejects.toMatchObject({ code: 'device_role_forbidden' });
    await expect(wall.actions.wall.putImage('anh.png', 'AAAA')).rejects.toMatchObject({ code: 'device_role_forbidden' });
    for (const ch of ['video:snapshot', 'video:clip', 'attachments:put'] as const) expect(wall.count(ch), ch).toBe(0);

    for (const device of [DESK, null]) {
      const f = storeOn(device);
      await f.actions.app.boot();
      expect(selectors.wall.mayCapture(f.state)).toBe(true);
      expect((await f.actions.wall.snapshot('cam-1')).sha256).toBe('a'.repeat(64));
      expect((await f.actions.wall.clip('cam-1', 30)).seconds).toBe(30);
      expect(f.count('video:snapshot')).toBe(1);
    }
  });

  it('with nobody signed in, a wall device shows the wall and loads its cameras and presets', async () => {
    const f = storeOn(WALL, false);
    await f.actions.app.boot();
    expect(selectors.app.phase(f.state)).toBe('wall');
    await f.actions.wall.loadCameras();
    expect(f.state.wall.cameras.map((c) => c.number)).toEqual([1, 2]);
    expect((await f.actions.wall.refreshPresets()).map((p) => p.name)).toEqual(['Ca đêm']);
    expect(selectors.wall.presets(f.state).map((p) => p.name)).toEqual(['Ca đêm']);
    expect(selectors.wall.mayCapture(f.state)).toBe(false);
  });
});
