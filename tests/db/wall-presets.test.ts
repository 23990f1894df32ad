/**
 * Named video-wall presets (src-main/walls/service.ts) on a real SQLite station: a preset spans
 * displays (each display's save is merged into it), everything goes through the journal, input
 * is validated at the contract with translated errors, unknown cameras are refused with
 * nothing written, and the table is a projection (rebuild and reopen give the same presets).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openCore } from '../../src-main/app/core';
import type { Core } from '../../src-main/app/core';
import type { CameraInput } from '../../src-main/cameras/service';
import { rebuildProjections } from '../../src-main/store/rebuild';
import { WALL_PRESET_DELETED, WALL_PRESET_SAVED } from '../../src-main/walls/service';
import type { WallLayout, WallPreset } from '../../src-shared/domain/walls';
import type { AppErrorData } from '../../src-shared/errors';
import { translateError } from '../../src-shared/i18n/errors';
import { FakeClock, callAs, stationCore, tmpDir } from '../helpers';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let clock: FakeClock;
let dbPath: string;
let ids: string[] = [];

const cam = (n: number): CameraInput => ({
  number: n,
  name: `Cổng ${n}`,
  siteType: 'road_border_gate',
  siteName: 'Cửa khẩu quốc tế Hữu Nghị',
  zone: 'entry_exit_lanes',
  unitCode: '15E1',
  mainUrl: `rtsp://127.0.0.1:8554/cam${n}/main`,
  subUrl: `rtsp://127.0.0.1:8554/cam${n}/sub`,
});

beforeEach(async () => {
  t = tmpDir();
  clock = new FakeClock();
  dbPath = path.join(t.dir, 's.sqlite');
  core = await stationCore(dbPath, clock);
  ids = [1, 2, 3, 4].map((n) => core.cameras.register(cam(n), 'admin').id);
});
afterEach(() => {
  core.close();
  t.cleanup();
});

const tiles = (...cams: (string | null)[]) => cams.map((cameraId) => ({ cameraId, tour: null }));
const quad = (): WallLayout => ({ layout: '2x2', custom: { rows: 2, cols: 3 }, tiles: tiles(ids[0]!, ids[1]!, null, ids[2]!) });
const single = (): WallLayout => ({ layout: '1', custom: { rows: 2, cols: 3 }, tiles: [{ cameraId: ids[3]!, tour: { cameraIds: [ids[3]!, ids[0]!], intervalSec: 15 } }] });

/** Calls a walls:* channel as `login` through the dispatcher (validation, session, access). */
async function call(login: string | null, channel: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: AppErrorData }> {
  return (await callAs(core, login, channel, input)) as { ok: true; value: unknown } | { ok: false; error: AppErrorData };
}

async function refused(login: string | null, channel: string, input: unknown): Promise<AppErrorData> {
  const r = await call(login, channel, input);
  if (r.ok) throw new Error(`expected ${channel} to refuse ${JSON.stringify(input).slice(0, 200)}`);
  return r.error;
}

const wallEvents = () =>
  core.db.prepare(`SELECT type, actor, payload FROM events WHERE type LIKE 'wall.%' ORDER BY seq`).all() as { type: string; actor: string; payload: string }[];
const table = () => core.db.prepare('SELECT name, displays, created_at, updated_at, updated_by FROM wall_presets ORDER BY name').all();

describe('wall presets', () => {
  it('merges each display’s layout into the named preset, through the journal', async () => {
    const r1 = await call('officer', 'walls:savePreset', { name: 'Ca ngày', display: 1, layout: quad() });
    expect(r1.ok).toBe(true);
    clock.advance(60_000);
    const r2 = await call('lead', 'walls:savePreset', { name: 'Ca ngày', display: 2, layout: single() });
    expect(r2.ok).toBe(true);
    const p = (r2 as { value: WallPreset }).value;
    expect(p.name).toBe('Ca ngày');
    expect(Object.keys(p.displays)).toEqual(['1', '2']);
    expect(p.displays['1']).toEqual(quad());
    expect(p.displays['2']).toEqual(single());
    expect(p.updatedBy).toBe('lead');
    expect(p.updatedAt - p.createdAt).toBe(60_000);

    // display 1 saves again: only its part changes, display 2's is kept
    const changed: WallLayout = { layout: 'custom', custom: { rows: 1, cols: 5 }, tiles: tiles(ids[2]!, ids[2]!) };
    await call('officer', 'walls:savePreset', { name: 'Ca ngày', display: 1, layout: changed });
    expect(core.walls.get('Ca ngày')!.displays).toEqual({ '1': changed, '2': single() });

    // each save is one event carrying the full map after the merge, and who saved it
    const evs = wallEvents();
    expect(evs.map((e) => e.type)).toEqual([WALL_PRESET_SAVED, WALL_PRESET_SAVED, WALL_PRESET_SAVED]);
    expect(evs.map((e) => e.actor)).toEqual(['officer', 'lead', 'officer']);
    expect(JSON.parse(evs[2]!.payload)).toEqual({ name: 'Ca ngày', display: 1, displays: { '1': changed, '2': single() }, savedBy: 'officer' });

    // the same layout again writes nothing
    const head = core.journal.head.seq;
    await call('officer', 'walls:savePreset', { name: 'Ca ngày', display: 1, layout: changed });
    expect(core.journal.head.seq).toBe(head);
  });

  it('lists presets by name (Vietnamese order) and deletes one with every display’s part', async () => {
    for (const name of ['Đêm', 'Ca ngày', 'Bãi xe', 'Cổng A']) await call('officer', 'walls:savePreset', { name, display: 1, layout: quad() });
    await call('officer', 'walls:savePreset', { name: 'Ca ngày', display: 3, layout: single() });
    const list = await call('officer', 'walls:presets', {});
    expect(list.ok).toBe(true);
    expect((list as { value: WallPreset[] }).value.map((p) => p.name)).toEqual(['Bãi xe', 'Ca ngày', 'Cổng A', 'Đêm']);

    const del = await call('room', 'walls:deletePreset', { name: 'Ca ngày' });
    expect(del).toEqual({ ok: true, value: { ok: true } });
    expect(core.walls.list().map((p) => p.name)).toEqual(['Bãi xe', 'Cổng A', 'Đêm']);
    const last = wallEvents().at(-1)!;
    expect(last.type).toBe(WALL_PRESET_DELETED);
    expect(JSON.parse(last.payload)).toEqual({ name: 'Ca ngày', deletedBy: 'room' });

    const missing = await refused('room', 'walls:deletePreset', { name: 'Ca ngày' });
    expect(missing.code).toBe('not_found');
    expect(translateError('vi', missing)).toContain('Không tìm thấy dữ liệu được yêu cầu');
  });

  it('stores names NFC-normalised and trimmed, so a decomposed name is the same preset', async () => {
    const decomposed = '  Ca ngày  '.normalize('NFD');
    expect(decomposed).not.toBe('Ca ngày');
    await call('officer', 'walls:savePreset', { name: decomposed, display: 1, layout: quad() });
    await call('officer', 'walls:savePreset', { name: 'Ca ngày', display: 2, layout: single() });
    expect(core.walls.list().map((p) => [p.name, Object.keys(p.displays)])).toEqual([['Ca ngày', ['1', '2']]]);
  });

  it('refuses invalid input with the field named and a translated message, writing nothing', async () => {
    const head = core.journal.head.seq;
    const bad: [string, unknown, string][] = [
      ['empty name', { name: '   ', display: 1, layout: quad() }, 'name'],
      ['name over 80 characters', { name: 'x'.repeat(81), display: 1, layout: quad() }, 'name'],
      ['control character in the name', { name: 'Ca\nngày', display: 1, layout: quad() }, 'name'],
      ['display 0', { name: 'A', display: 0, layout: quad() }, 'display'],
      ['display 17', { name: 'A', display: 17, layout: quad() }, 'display'],
      ['unknown layout id', { name: 'A', display: 1, layout: { ...quad(), layout: '5x5' } }, 'layout.layout'],
      ['custom 7 rows', { name: 'A', display: 1, layout: { ...quad(), custom: { rows: 7, cols: 2 } } }, 'layout.custom.rows'],
      ['custom 0 columns', { name: 'A', display: 1, layout: { ...quad(), custom: { rows: 2, cols: 0 } } }, 'layout.custom.cols'],
      ['37 tiles', { name: 'A', display: 1, layout: { ...quad(), tiles: tiles(...Array<null>(37).fill(null)) } }, 'layout.tiles'],
      ['tour of 2 s', { name: 'A', display: 1, layout: { ...single(), tiles: [{ cameraId: null, tour: { cameraIds: [ids[0], ids[1]], intervalSec: 2 } }] } }, 'layout.tiles.0.tour.intervalSec'],
      ['tour of 3601 s', { name: 'A', display: 1, layout: { ...single(), tiles: [{ cameraId: null, tour: { cameraIds: [ids[0], ids[1]], intervalSec: 3601 } }] } }, 'layout.tiles.0.tour.intervalSec'],
      ['tour of 51 cameras', { name: 'A', display: 1, layout: { ...single(), tiles: [{ cameraId: null, tour: { cameraIds: Array<string>(51).fill(ids[0]!), intervalSec: 10 } }] } }, 'layout.tiles.0.tour.cameraIds'],
      ['unknown key', { name: 'A', display: 1, layout: { ...quad(), zoom: 2 } }, 'layout'],
    ];
    for (const [what, input, field] of bad) {
      const e = await refused('officer', 'walls:savePreset', input);
      expect(e.code, what).toBe('invalid_input');
      expect(e.field, what).toBe(field);
    }
    const e = await refused('officer', 'walls:savePreset', bad[9]![1]);
    expect(translateError('vi', e)).toMatch(/^Dữ liệu nhập vào không hợp lệ \(trường: Thời gian mỗi camera khi tuần tra \(giây\)\)/);
    expect(translateError('en', e)).toMatch(/^Invalid input \(field: Seconds per camera on tour\)/);
    const d = await refused('officer', 'walls:savePreset', bad[3]![1]);
    expect(translateError('vi', d)).toMatch(/^Dữ liệu nhập vào không hợp lệ \(trường: Màn hình\)/);
    expect(core.journal.head.seq).toBe(head);
    expect(table()).toEqual([]);
  });

  it('refuses a camera that is not registered (field named), and writes nothing', async () => {
    await call('officer', 'walls:savePreset', { name: 'Ca ngày', display: 1, layout: quad() });
    const head = core.journal.head.seq;
    const before = table();
    const inTile = await refused('officer', 'walls:savePreset', { name: 'Ca ngày', display: 2, layout: { ...quad(), tiles: tiles(ids[0]!, null, 'no-such-camera') } });
    expect(inTile).toMatchObject({ code: 'unknown_camera', field: 'layout.tiles.2.cameraId' });
    expect(translateError('vi', inTile)).toBe('Camera chưa có trong danh mục camera (trường: Camera)');
    expect(translateError('en', inTile)).toBe('Camera is not in the camera registry (field: Camera)');
    const inTour = await refused('officer', 'walls:savePreset', {
      name: 'Mới',
      display: 1,
      layout: { ...single(), tiles: [{ cameraId: ids[0], tour: { cameraIds: [ids[0], 'ghost'], intervalSec: 10 } }] },
    });
    expect(inTour).toMatchObject({ code: 'unknown_camera', field: 'layout.tiles.0.tour.cameraIds.1' });
    expect(translateError('vi', inTour)).toBe('Camera chưa có trong danh mục camera (trường: Camera tuần tra)');
    expect(core.journal.head.seq).toBe(head);
    expect(table()).toEqual(before);
    expect(core.walls.get('Mới')).toBeNull();
  });

  it('is for signed-in users (any role), not for anonymous callers', async () => {
    expect((await refused(null, 'walls:presets', {})).code).toBe('not_authenticated');
    expect((await refused(null, 'walls:savePreset', { name: 'A', display: 1, layout: quad() })).code).toBe('not_authenticated');
    expect((await refused(null, 'walls:deletePreset', { name: 'A' })).code).toBe('not_authenticated');
    for (const login of ['officer', 'lead', 'room', 'admin']) {
      expect((await call(login, 'walls:savePreset', { name: `Của ${login}`, display: 1, layout: quad() })).ok).toBe(true);
    }
    expect(core.walls.list()).toHaveLength(4);
  });

  it('is a projection: rebuilding from the journal gives the same table, and it survives a reopen', async () => {
    await call('officer', 'walls:savePreset', { name: 'Ca ngày', display: 1, layout: quad() });
    clock.advance(1000);
    await call('lead', 'walls:savePreset', { name: 'Ca ngày', display: 2, layout: single() });
    clock.advance(1000);
    await call('officer', 'walls:savePreset', { name: 'Ca đêm', display: 1, layout: single() });
    await call('officer', 'walls:savePreset', { name: 'Tạm', display: 4, layout: quad() });
    clock.advance(1000);
    await call('officer', 'walls:savePreset', { name: 'Ca ngày', display: 1, layout: { ...quad(), layout: '3x3' } });
    await call('officer', 'walls:deletePreset', { name: 'Tạm' });
    const live = table();
    expect(live).toHaveLength(2);

    rebuildProjections(core);
    expect(table()).toEqual(live);

    const presets = core.walls.list();
    core.close();
    core = openCore({ dbPath, clock });
    expect(core.walls.list()).toEqual(presets);
    expect(core.verify().ok).toBe(true);
  });
});
