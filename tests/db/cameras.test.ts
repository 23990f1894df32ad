import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../src-main/app/core';
import { CAMERA_CSV_HEADER } from '../../src-main/cameras/csv';
import { redact } from '../../src-shared/text/redact';
import type { CameraInput } from '../../src-main/cameras/service';
import { rebuildProjections } from '../../src-main/store/rebuild';
import type { Camera, CameraTreeUnit } from '../../src-shared/domain/cameras';
import { AppError } from '../../src-shared/errors';
import { FakeClock, callAs, stationCore, tmpDir } from '../helpers';

let t: ReturnType<typeof tmpDir>;
let core: Core;
beforeEach(async () => {
  t = tmpDir();
  core = await stationCore(path.join(t.dir, 's.sqlite'), new FakeClock());
});
afterEach(() => {
  core.close();
  t.cleanup();
});

const SECRET = 'Mk-camera#2026';
/** The password as written or percent-encoded (as in a URL). */
const LEAK = /Mk-camera(#|%23)2026/;
const passwordOf = (url: string) => decodeURIComponent(new URL(url).password);
/** The stored account of a camera (the local secrets table; replies never carry it). */
const userOf = (id: string) => core.db.prepare('SELECT username FROM camera_secrets WHERE camera_id = ?').pluck().get(id);
const HEADER = CAMERA_CSV_HEADER.join(',');
const DEMO = fs.readFileSync(new URL('../../assets/cameras/demo-cameras.csv', import.meta.url), 'utf8');

const cam = (over: Partial<CameraInput> = {}): CameraInput => ({
  number: 1,
  name: 'Cổng A — làn nhập',
  siteType: 'road_border_gate',
  siteName: 'Cửa khẩu quốc tế Hữu Nghị',
  zone: 'entry_exit_lanes',
  unitCode: '15E1',
  mainUrl: 'rtsp://127.0.0.1:8554/cam1/main',
  subUrl: 'rtsp://127.0.0.1:8554/cam1/sub',
  ...over,
});

const row = (n: number, over: Partial<Record<(typeof CAMERA_CSV_HEADER)[number], string>> = {}) => {
  const r: Record<string, string> = {
    number: String(n),
    name: `Camera ${n}`,
    site_type: 'road_border_gate',
    site_name: 'Cửa khẩu Tân Thanh',
    zone: 'vehicle_yards',
    unit_code: '15E3',
    main_url: `rtsp://127.0.0.1:8554/cam${n}/main`,
    sub_url: `rtsp://127.0.0.1:8554/cam${n}/sub`,
    username: '',
    password: '',
    map_note: '',
    neighbours: '',
    recognition: '0',
    ...over,
  };
  return CAMERA_CSV_HEADER.map((h) => r[h]).join(',');
};

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

const allPayloads = () => (core.db.prepare('SELECT payload FROM events').pluck().all() as string[]).join('\n');
const treeCameras = (tree: CameraTreeUnit[]) => tree.flatMap((u) => u.sites.flatMap((s) => s.zones.flatMap((z) => z.cameras)));

describe('camera registry', () => {
  it('registers, updates and deactivates through the journal; the password is kept out of every event', () => {
    const seq = core.journal.head.seq;
    const c = core.cameras.register(cam({ username: 'viewer', password: SECRET, neighbours: [], recognition: true }), 'admin');
    expect(c).toMatchObject({ number: 1, unitCode: '15E1', hasCredentials: true, recognition: true, active: true });
    expect(c).not.toHaveProperty('username');
    expect(userOf(c.id)).toBe('viewer');
    expect(JSON.stringify(c)).not.toMatch(LEAK);
    const c2 = core.cameras.register(cam({ number: 2, name: 'Cổng A — làn xuất', neighbours: [1] }), 'admin');
    expect(c2.hasCredentials).toBe(false);

    const upd = core.cameras.update(c.id, cam({ mapNote: 'Preset 1, zoom 2x', neighbours: [2], password: 'mat-khau-moi-2026' }), 'admin');
    expect(upd.mapNote).toBe('Preset 1, zoom 2x');
    expect(upd.neighbours).toEqual([2]);
    expect(userOf(upd.id)).toBe('viewer');
    core.cameras.deactivate(c2.id, 'admin', 'hỏng cáp');
    expect(core.cameras.get(c2.id)?.active).toBe(false);
    expect(core.cameras.list().map((x) => x.number)).toEqual([1]);
    expect(core.cameras.list({ includeInactive: true }).map((x) => x.number)).toEqual([1, 2]);

    const types = core.db.prepare('SELECT type FROM events WHERE seq > ? ORDER BY seq').pluck().all(seq);
    expect(types).toEqual(['camera.registered', 'camera.registered', 'camera.updated', 'camera.deactivated']);
    const payloads = allPayloads();
    expect(payloads).not.toMatch(LEAK);
    expect(payloads).not.toContain('mat-khau-moi-2026');
    expect(payloads).toContain('"credentialsChanged":true');
    expect(core.cameras.streamUrl(c.id, 'main')).toBe('rtsp://viewer:mat-khau-moi-2026@127.0.0.1:8554/cam1/main');
    expect(core.verify().ok).toBe(true);
  });

  it('an update that changes nothing appends nothing', () => {
    const c = core.cameras.register(cam(), 'admin');
    const seq = core.journal.head.seq;
    core.cameras.update(c.id, cam(), 'admin');
    expect(core.journal.head.seq).toBe(seq);
  });

  it('splits credentials off an embedded URL and rebuilds the full URL only for the video engine', () => {
    const c = core.cameras.register(cam({ mainUrl: `rtsp://op%40hn:${encodeURIComponent(SECRET)}@10.0.0.5:554/Streaming/101`, subUrl: 'rtsp://10.0.0.5:554/Streaming/102' }), 'admin');
    expect(c.mainUrl).toBe('rtsp://10.0.0.5:554/Streaming/101');
    expect(userOf(c.id)).toBe('op@hn');
    expect(c.hasCredentials).toBe(true);
    expect(allPayloads()).not.toContain(encodeURIComponent(SECRET));
    const full = core.cameras.streamUrl(c.id, 'sub')!;
    expect(new URL(full).username).toBe('op%40hn');
    expect(decodeURIComponent(new URL(full).password)).toBe(SECRET);
    expect(redact(`ffmpeg: ${full}: 401 Unauthorized`)).toBe('ffmpeg: rtsp://***:***@10.0.0.5:554/Streaming/102: 401 Unauthorized');
    expect(core.cameras.redact(`auth failed for password ${SECRET} at ${full}`)).not.toMatch(LEAK);
    // no sub stream: the sub falls back to the main stream
    const d = core.cameras.register(cam({ number: 7, subUrl: null }), 'admin');
    expect(core.cameras.streamUrl(d.id, 'sub')).toBe('rtsp://127.0.0.1:8554/cam1/main');
    expect(core.cameras.streamUrl('nope', 'main')).toBeNull();
  });

  it('removes credentials when the username is cleared', () => {
    const c = core.cameras.register(cam({ username: 'viewer', password: SECRET }), 'admin');
    const u = core.cameras.update(c.id, cam({ username: '' }), 'admin');
    expect(u.hasCredentials).toBe(false);
    expect(core.cameras.streamUrl(c.id, 'main')).toBe('rtsp://127.0.0.1:8554/cam1/main');
  });

  it('validates URL, unit, zone, number and neighbours with typed errors', () => {
    expect(thrown(() => core.cameras.register(cam({ mainUrl: 'http://127.0.0.1/cam1' }), 'admin'))).toMatchObject({ code: 'invalid_camera_url', field: 'mainUrl' });
    expect(thrown(() => core.cameras.register(cam({ mainUrl: 'not a url' }), 'admin')).message).toMatch(/not an RTSP URL/);
    expect(thrown(() => core.cameras.register(cam({ subUrl: 'rtsp:///cam1' }), 'admin'))).toMatchObject({ code: 'invalid_camera_url', field: 'subUrl' });
    // a password with an unencoded '#' cuts the URL short: refused, never half-parsed
    expect(thrown(() => core.cameras.register(cam({ mainUrl: `rtsp://viewer:${SECRET}@127.0.0.1:8554/cam1/main` }), 'admin')).code).toBe('invalid_camera_url');
    expect(thrown(() => core.cameras.register(cam({ unitCode: 'ZZ99' }), 'admin'))).toMatchObject({ code: 'unknown_unit', field: 'unitCode' });
    expect(thrown(() => core.cameras.register(cam({ zone: 'quays_loading' }), 'admin'))).toMatchObject({ code: 'invalid_input', field: 'zone' });
    expect(thrown(() => core.cameras.register(cam({ neighbours: [99] }), 'admin'))).toMatchObject({ code: 'unknown_camera', field: 'neighbours' });
    expect(thrown(() => core.cameras.register(cam({ neighbours: [1] }), 'admin'))).toMatchObject({ code: 'invalid_input', field: 'neighbours' });
    core.cameras.register(cam(), 'admin');
    expect(thrown(() => core.cameras.register(cam(), 'admin'))).toMatchObject({ code: 'conflict', field: 'number' });
    expect(thrown(() => core.cameras.update('nope', cam(), 'admin')).code).toBe('unknown_camera');
    expect(core.cameras.count()).toBe(1);
  });

  it('refuses to renumber a camera another camera lists as its neighbour', () => {
    const a = core.cameras.register(cam(), 'admin');
    core.cameras.register(cam({ number: 2, neighbours: [1] }), 'admin');
    expect(thrown(() => core.cameras.update(a.id, cam({ number: 3 }), 'admin'))).toMatchObject({ code: 'conflict', field: 'number' });
  });
});

describe('camera CSV', () => {
  it('imports the demo cameras (with forward neighbour references)', () => {
    expect(core.cameras.importCsv(DEMO, 'admin')).toEqual({ registered: 12, updated: 0, unchanged: 0 });
    const list = core.cameras.list();
    expect(list).toHaveLength(12);
    expect(list[0]).toMatchObject({ number: 1, neighbours: [2, 3], recognition: true, mainUrl: 'rtsp://127.0.0.1:8554/cam1/main', subUrl: 'rtsp://127.0.0.1:8554/cam1/sub' });
  });

  it('is all-or-nothing: a bad URL on line 5 imports nothing and names line and column', () => {
    const seq = core.journal.head.seq;
    const csv = [HEADER, row(1), row(2), row(3), row(4, { main_url: 'http://127.0.0.1/cam4' }), row(5)].join('\n');
    const e = thrown(() => core.cameras.importCsv(csv, 'admin'));
    expect(e.code).toBe('invalid_camera_url');
    expect(e.message).toMatch(/^CSV line 5, column main_url: not an RTSP URL/);
    expect(e.params).toMatchObject({ line: 5, column: 'main_url' });
    expect(core.cameras.count()).toBe(0);
    expect(core.journal.head.seq).toBe(seq);
  });

  it('rejects an unknown unit, a zone of another site type, duplicate numbers and missing neighbours', () => {
    const bad = (r: string) => thrown(() => core.cameras.importCsv([HEADER, row(1), r].join('\n'), 'admin'));
    let e = bad(row(2, { unit_code: 'ZZ99' }));
    expect(e.code).toBe('unknown_unit');
    expect(e.message).toMatch(/^CSV line 3, column unit_code: customs unit ZZ99/);
    e = bad(row(2, { zone: 'apron_jet_bridges' }));
    expect(e.message).toMatch(/^CSV line 3, column zone: zone apron_jet_bridges is not a zone of a road_border_gate/);
    e = bad(row(1, { name: 'Trùng số' }));
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/^CSV line 3, column number: camera number 1 already appears on line 2/);
    e = bad(row(2, { neighbours: '1;40' }));
    expect(e.code).toBe('unknown_camera');
    expect(e.message).toMatch(/^CSV line 3, column neighbours: neighbour camera 40/);
    e = bad(row(2, { recognition: 'có lẽ' }));
    expect(e.message).toMatch(/^CSV line 3, column recognition/);
    e = bad(row(2, { site_type: 'rail' }));
    expect(e.message).toMatch(/^CSV line 3, column site_type/);
    expect(thrown(() => core.cameras.importCsv('number,name\n1,x\n', 'admin')).message).toMatch(/header/);
    expect(core.cameras.count()).toBe(0);
  });

  it('accepts zone labels, recognition as có/không, and splits credentials off URLs', () => {
    const csv = [
      HEADER,
      row(1, { zone: 'Bãi đỗ phương tiện', recognition: 'có', main_url: `rtsp://viewer:${encodeURIComponent(SECRET)}@127.0.0.1:8554/cam1/main` }),
      row(2, { zone: 'bai do phuong tien', recognition: 'không', username: 'op', password: SECRET }),
    ].join('\n');
    core.cameras.importCsv(csv, 'admin');
    const [a, b] = core.cameras.list() as [Camera, Camera];
    expect(a).toMatchObject({ zone: 'vehicle_yards', recognition: true, hasCredentials: true, mainUrl: 'rtsp://127.0.0.1:8554/cam1/main' });
    expect(b).toMatchObject({ zone: 'vehicle_yards', recognition: false, hasCredentials: true });
    expect([userOf(a.id), userOf(b.id)]).toEqual(['viewer', 'op']);
    expect(allPayloads()).not.toMatch(LEAK);
  });

  it('exports without credentials and re-imports to the same registry (existing numbers updated, credentials kept)', () => {
    core.cameras.importCsv(DEMO, 'admin');
    const one = core.cameras.byNumber(1)!;
    core.cameras.update(one.id, { ...one, username: 'viewer', password: SECRET }, 'admin');
    const before = core.cameras.list({ includeInactive: true });
    const csv = core.cameras.exportCsv();
    expect(csv).not.toMatch(LEAK);
    expect(csv.split('\n')[0]).toBe(HEADER);
    expect(csv).not.toContain('viewer');
    expect(core.cameras.importCsv(csv, 'admin')).toEqual({ registered: 0, updated: 0, unchanged: 12 });
    expect(core.cameras.list({ includeInactive: true })).toEqual(before);
    expect(passwordOf(core.cameras.streamUrl(one.id, 'main')!)).toBe(SECRET);

    // into a fresh station: the same cameras, without credentials
    const t2 = tmpDir();
    return stationCore(path.join(t2.dir, 'b.sqlite')).then((other) => {
      try {
        expect(other.cameras.importCsv(csv, 'admin')).toEqual({ registered: 12, updated: 0, unchanged: 0 });
        const strip = (c: Camera) => ({ ...c, id: '', updatedAt: 0, hasCredentials: false });
        expect(other.cameras.list().map(strip)).toEqual(before.map(strip));
      } finally {
        other.close();
        t2.cleanup();
      }
    });
  });

  it('updates changed rows in one import and registers new ones', () => {
    core.cameras.importCsv([HEADER, row(1), row(2)].join('\n'), 'admin');
    const r = core.cameras.importCsv([HEADER, row(1, { name: 'Tên mới' }), row(2), row(3, { neighbours: '1;2' })].join('\n'), 'admin');
    expect(r).toEqual({ registered: 1, updated: 1, unchanged: 1 });
    expect(core.cameras.byNumber(1)?.name).toBe('Tên mới');
  });
});

describe('camera tree', () => {
  beforeEach(() => {
    core.cameras.importCsv(DEMO, 'admin');
  });

  it('groups unit → site → zone with unit names from the catalog and unknown health', () => {
    const tree = core.cameras.tree();
    expect(tree.map((u) => u.unitCode)).toEqual(['15E1', '15E2', '15E3']);
    const hn = tree[0]!;
    expect(hn.unitName).toBe('Hải quan cửa khẩu quốc tế Hữu Nghị');
    expect(hn.sites.map((s) => s.siteName)).toEqual(['Cửa khẩu quốc tế Hữu Nghị']);
    // zones in the order of ZONES_BY_SITE
    expect(hn.sites[0]!.zones.map((z) => z.zone)).toEqual(['procedure_area', 'passengers_baggage', 'entry_exit_lanes', 'vehicle_yards', 'goods_inspection']);
    expect(hn.sites[0]!.zones[2]!.label.vi).toBe('Làn xuất cảnh, nhập cảnh');
    expect(hn.counts.unknown).toBe(6);
    expect(treeCameras(tree)).toHaveLength(12);
    expect(treeCameras(tree).every((c) => c.health === null)).toBe(true);
  });

  it('shows health from the video engine and counts it per node', () => {
    const c1 = core.cameras.byNumber(1)!;
    core.cameras.setHealthSource((id) => (id === c1.id ? { state: 'no_signal', reason: 'no frames for 5 s', since: 1 } : null));
    const tree = core.cameras.tree();
    expect(tree[0]!.counts).toMatchObject({ no_signal: 1, unknown: 5 });
    expect(treeCameras(tree).find((c) => c.number === 1)?.health?.state).toBe('no_signal');
  });

  it('searches without diacritics: "huu nghi", "cong a", "dong dang", a number', () => {
    const numbers = (q: string) => treeCameras(core.cameras.tree(q)).map((c) => c.number);
    expect(numbers('huu nghi')).toEqual([3, 5, 1, 2, 6, 4]);
    expect(numbers('cong a')).toEqual([1, 2]);
    expect(numbers('Đồng Đăng')).toEqual([9, 7, 8]);
    expect(numbers('dong dang')).toEqual([9, 7, 8]);
    expect(numbers('kiem hoa')).toEqual([4, 11]);
    expect(numbers('12')).toEqual([12]);
    expect(numbers('15E3').sort((a, b) => a - b)).toEqual([10, 11, 12]);
    expect(core.cameras.tree('không có camera nào')).toEqual([]);
  });

  it('leaves deactivated cameras out', () => {
    core.cameras.deactivate(core.cameras.byNumber(12)!.id, 'admin');
    expect(treeCameras(core.cameras.tree('tan thanh')).map((c) => c.number)).toEqual([10, 11]);
  });

  it('rebuilds the same cameras from the journal, keeping the local credentials', () => {
    const one = core.cameras.byNumber(1)!;
    core.cameras.update(one.id, { ...one, username: 'viewer', password: SECRET, mapNote: 'Preset 3' }, 'admin');
    core.cameras.deactivate(core.cameras.byNumber(5)!.id, 'admin');
    const before = core.cameras.list({ includeInactive: true });
    const tree = core.cameras.tree();
    rebuildProjections(core);
    expect(core.cameras.list({ includeInactive: true })).toEqual(before);
    expect(core.cameras.tree()).toEqual(tree);
    expect(passwordOf(core.cameras.streamUrl(one.id, 'main')!)).toBe(SECRET);
  });
});

describe('camera channels', () => {
  const input = {
    number: 1,
    name: 'Cổng A — làn nhập',
    siteType: 'road_border_gate',
    siteName: 'Cửa khẩu quốc tế Hữu Nghị',
    zone: 'entry_exit_lanes',
    unitCode: '15e1',
    mainUrl: `rtsp://viewer:${encodeURIComponent(SECRET)}@127.0.0.1:8554/cam1/main`,
    subUrl: 'rtsp://127.0.0.1:8554/cam1/sub',
  };

  it('lets admin and the surveillance head save; an officer may read but not save, import or export', async () => {
    await core.users.create({ login: 'head', fullName: 'Lê Văn Nam', roles: ['surveillance_head'], password: 'mat-khau-thu-nghiem' }, 'admin');
    const denied = await callAs(core, 'officer', 'cameras:save', input);
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const ch of ['cameras:import', 'cameras:export']) {
      expect(await callAs(core, 'officer', ch, ch === 'cameras:import' ? { csv: DEMO } : {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await callAs(core, 'head', 'cameras:import', { csv: DEMO })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const saved = await callAs(core, 'admin', 'cameras:save', input);
    expect(saved.ok).toBe(true);
    const c = (saved as { ok: true; value: Camera }).value;
    expect(c).toMatchObject({ unitCode: '15E1', hasCredentials: true, mainUrl: 'rtsp://127.0.0.1:8554/cam1/main' });
    expect(userOf(c.id)).toBe('viewer');
    const byHead = await callAs(core, 'head', 'cameras:save', { ...input, id: c.id, mainUrl: 'rtsp://127.0.0.1:8554/cam1/main', name: 'Cổng A' });
    expect(byHead).toMatchObject({ ok: true, value: { name: 'Cổng A', hasCredentials: true } });
    expect(await callAs(core, 'officer', 'cameras:deactivate', { id: c.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await callAs(core, 'officer', 'cameras:get', { id: c.id })).toMatchObject({ ok: true, value: { number: 1 } });
    expect(await callAs(core, 'officer', 'cameras:get', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'unknown_camera' } });
  });

  it('never returns the password through any channel', async () => {
    await callAs(core, 'admin', 'cameras:import', { csv: DEMO });
    const saved = (await callAs(core, 'admin', 'cameras:save', { ...input, number: 20 })) as { ok: true; value: Camera };
    expect(saved.ok).toBe(true);
    const outputs = [
      saved,
      await callAs(core, 'officer', 'cameras:list', {}),
      await callAs(core, 'officer', 'cameras:list', { includeInactive: true }),
      await callAs(core, 'officer', 'cameras:get', { id: saved.value.id }),
      await callAs(core, 'officer', 'cameras:tree', {}),
      await callAs(core, 'officer', 'cameras:tree', { query: 'cong a' }),
      await callAs(core, 'admin', 'cameras:export', {}),
      await callAs(core, 'admin', 'cameras:deactivate', { id: saved.value.id, reason: 'thay thế' }),
    ];
    for (const o of outputs) {
      expect(o.ok).toBe(true);
      expect(JSON.stringify(o)).not.toMatch(LEAK);
    }
    const exp = outputs[6] as { ok: true; value: { csv: string; rows: number; mime: string } };
    expect(exp.value).toMatchObject({ rows: 13, mime: 'text/csv' });
    expect(allPayloads()).not.toMatch(LEAK);
  });

  it('answers a bad URL with invalid_camera_url, the field named', async () => {
    const r = await callAs(core, 'admin', 'cameras:save', { ...input, mainUrl: 'https://example.com/x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_camera_url', field: 'mainUrl' } });
    const imp = await callAs(core, 'admin', 'cameras:import', { csv: [HEADER, row(1), row(2, { sub_url: 'ftp://x/y' })].join('\n') });
    expect(imp).toMatchObject({ ok: false, error: { code: 'invalid_camera_url', params: { line: 3, column: 'sub_url' } } });
  });
});
