// The wall's slice of the renderer store (src-renderer/features/wall/slice.ts): every contract
// call the wall makes goes through it, and what it fetches lives there (not in the page's
// wallStore), so signing out clears it with the rest.
import { describe, expect, it } from 'vitest';
import type { WallLayout, WallPreset } from '../../src-shared/domain/walls';
import { camera, failWith, fakeStore, NOW } from '../helpers/renderer-store';

const layout: WallLayout = { layout: '2x2', custom: { rows: 2, cols: 3 }, tiles: [{ cameraId: 'cam-1', tour: null }] };
const preset = (name: string): WallPreset => ({ name, displays: { '1': layout }, createdAt: NOW, updatedAt: NOW, updatedBy: 'u-1' });

describe('wall slice', () => {
  it('loadCameras keeps the active cameras by number; a failed refresh keeps the last list, silently', async () => {
    const f = fakeStore({ 'cameras:list': () => [camera(5), camera(2, { active: false }), camera(1)] });
    await f.actions.wall.loadCameras();
    expect(f.state.wall.cameras.map((c) => c.number)).toEqual([1, 5]);
    f.handlers['cameras:list'] = failWith('unavailable');
    await f.actions.wall.loadCameras();
    expect(f.state.wall.cameras.map((c) => c.number)).toEqual([1, 5]);
    expect(f.state.ui.toasts).toEqual([]);
  });

  it('loadHealth: the live health; a server without video:* marks the video missing until it answers', async () => {
    const f = fakeStore({ 'video:health': failWith('unknown_channel') });
    await f.actions.wall.loadHealth();
    expect(f.state.wall.videoMissing).toBe(true);
    f.handlers['video:health'] = () => ({ 'cam-1': { state: 'no_signal', reason: 'no frames for 5 s', since: NOW } });
    await f.actions.wall.loadHealth();
    expect(f.state.wall.videoMissing).toBe(false);
    expect(f.state.wall.health['cam-1']?.state).toBe('no_signal');
    // another failure is not "missing": the last health stays
    f.handlers['video:health'] = failWith('unavailable');
    await f.actions.wall.loadHealth();
    expect(f.state.wall.videoMissing).toBe(false);
    expect(f.state.wall.health['cam-1']?.state).toBe('no_signal');
  });

  it('tree: a blank query asks for the whole tree, a query is trimmed; errors reach the caller', async () => {
    const f = fakeStore({ 'cameras:tree': () => [] });
    await f.actions.wall.tree('   ');
    await f.actions.wall.tree('  cổng a ');
    expect(f.inputs('cameras:tree')).toEqual([{}, { query: 'cổng a' }]);
    f.handlers['cameras:tree'] = failWith('forbidden');
    await expect(f.actions.wall.tree('')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('camera: from the loaded list first, else from main', async () => {
    const f = fakeStore({ 'cameras:list': () => [camera(1)], 'cameras:get': (i) => camera(9, { id: i.id }) });
    await f.actions.wall.loadCameras();
    expect((await f.actions.wall.camera('cam-1')).number).toBe(1);
    expect(f.count('cameras:get')).toBe(0);
    expect((await f.actions.wall.camera('cam-9')).number).toBe(9);
    expect(f.inputs('cameras:get')).toEqual([{ id: 'cam-9' }]);
  });

  it('snapshot, clip and stream statistics go to their video channels', async () => {
    const f = fakeStore({
      'video:snapshot': (i) => ({ sha256: 'a'.repeat(64), width: 1280, height: 720, at: NOW, cameraId: i.cameraId, cameraNumber: 1, cameraName: 'Cổng 1', place: 'Cửa khẩu Hữu Nghị' }),
      'video:clip': (i) => ({ sha256: 'b'.repeat(64), size: 1000, seconds: Math.min(i.seconds ?? 30, 12) }),
      'video:stats': () => [{ cameraId: 'cam-1', kind: 'sub', cpuPercent: 9.6 }],
    });
    expect((await f.actions.wall.snapshot('cam-1')).cameraId).toBe('cam-1');
    expect((await f.actions.wall.clip('cam-1', 30)).seconds).toBe(12);
    expect(f.inputs('video:clip')).toEqual([{ cameraId: 'cam-1', seconds: 30 }]);
    expect((await f.actions.wall.streamStats())[0]?.cpuPercent).toBe(9.6);
  });

  it('presets: refreshed into the store; save sends this display and its layout; delete names the preset', async () => {
    let saved: WallPreset[] = [preset('Ca đêm')];
    const f = fakeStore({
      'walls:presets': () => saved,
      'walls:savePreset': (i) => {
        const p: WallPreset = { ...preset(i.name), displays: { [String(i.display)]: i.layout } };
        saved = [...saved.filter((x) => x.name !== i.name), p];
        return p;
      },
      'walls:deletePreset': (i) => {
        saved = saved.filter((x) => x.name !== i.name);
        return { ok: true };
      },
    });
    expect((await f.actions.wall.refreshPresets()).map((p) => p.name)).toEqual(['Ca đêm']);
    expect(f.state.wall.presets.map((p) => p.name)).toEqual(['Ca đêm']);
    await f.actions.wall.savePreset('Cổng A', 2, layout);
    expect(f.inputs('walls:savePreset')).toEqual([{ name: 'Cổng A', display: 2, layout }]);
    await f.actions.wall.deletePreset('Ca đêm');
    expect(f.inputs('walls:deletePreset')).toEqual([{ name: 'Ca đêm' }]);
    await f.actions.wall.refreshPresets();
    expect(f.state.wall.presets.map((p) => p.name)).toEqual(['Cổng A']);
  });

  it('a locked session on a wall call locks the screen (through the store, like every call)', async () => {
    const f = fakeStore({ 'auth:login': () => ({ user: { id: 'u-1', login: 'lan', fullName: 'Lan', title: '', roles: ['surveillance_officer'], team: null, active: true }, locked: false, mustChangePassword: false }) });
    await f.actions.app.login('lan', 'x');
    f.handlers['walls:presets'] = failWith('session_locked');
    await expect(f.actions.wall.refreshPresets()).rejects.toMatchObject({ code: 'session_locked' });
    expect(f.state.app.locked).toBe(true);
  });
});
