/**
 * The demo station: a border-region duty room with its people, rosters, a rota and a few days
 * of realistic logbook entries, so a newcomer sees a working logbook at once. Everything goes
 * through the same services (and journal) as real use.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../app/core';
import { assetsDir } from '../app/paths';
import type { RosterMember } from '../../src-shared/domain/org';
import type { Role, Team } from '../../src-shared/domain/roles';
import { addDays, shiftBounds, shiftDateOf } from '../../src-shared/time/shift';
import { containerCheckDigit, declarationCheckDigit, taxCodeCheckDigit } from '../../src-shared/validators/identifiers';

export const DEMO_PASSWORD = 'trucban-demo';

const PEOPLE: { login: string; fullName: string; title: string; roles: Role[]; team: Team }[] = [
  { login: 'hung.nv', fullName: 'Nguyễn Văn Hùng', title: 'Phó Chi cục trưởng', roles: ['shift_leader'], team: 'A' },
  { login: 'lan.tt', fullName: 'Trần Thị Lan', title: 'Đội trưởng Đội Giám sát', roles: ['room_leader'], team: 'A' },
  { login: 'minh.lq', fullName: 'Lê Quang Minh', title: 'Công chức Văn phòng', roles: ['office_officer'], team: 'A' },
  { login: 'duc.pv', fullName: 'Phạm Văn Đức', title: 'Công chức giám sát trực tuyến', roles: ['surveillance_officer'], team: 'A' },
  { login: 'hoa.dt', fullName: 'Đỗ Thị Hoa', title: 'Công chức giám sát trực tuyến', roles: ['surveillance_officer'], team: 'B' },
  { login: 'tuan.ha', fullName: 'Hoàng Anh Tuấn', title: 'Phó Chi cục trưởng', roles: ['shift_leader'], team: 'B' },
  { login: 'nga.vt', fullName: 'Vũ Thị Nga', title: 'Phó Đội trưởng', roles: ['room_leader', 'surveillance_head'], team: 'B' },
];

/** Deterministic pseudo-random numbers, so the demo is the same every time. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function demoContainer(r: () => number): string {
  const owners = ['CSQU', 'MSKU', 'TGHU', 'OOLU', 'HLXU', 'EMCU', 'SEGU'];
  const first10 = owners[Math.floor(r() * owners.length)]! + String(Math.floor(r() * 1e6)).padStart(6, '0');
  return first10 + String(containerCheckDigit(first10));
}

export function demoDeclaration(r: () => number, type = r() < 0.5 ? '10' : '30'): string {
  const seq = String(Math.floor(r() * 1e8)).padStart(8, '0');
  const first10 = type + seq;
  return first10 + String(declarationCheckDigit(first10)) + '0';
}

export function demoTaxCode(r: () => number): string {
  for (;;) {
    const first9 = '0' + String(Math.floor(r() * 1e8)).padStart(8, '0');
    const c = taxCodeCheckDigit(first9);
    if (c !== null) return first9 + String(c);
  }
}

const WORK = [
  'Giám sát trực tuyến hệ thống camera khu vực cửa khẩu quốc tế Hữu Nghị: làn xuất, làn nhập, bãi kiểm hóa',
  'Kiểm tra tình trạng hoạt động hệ thống VNACCS/VCIS, e-Manifest, hệ thống seal định vị điện tử: hoạt động bình thường',
  'Theo dõi tờ khai phân luồng đỏ trên địa bàn Chi cục Hải quan khu vực VI',
  'Giám sát hàng hóa vận chuyển qua khu vực giám sát hải quan ga đường sắt quốc tế Đồng Đăng',
  'Kiểm tra ngẫu nhiên 20 tờ khai luồng xanh mở trong ca; không phát hiện dấu hiệu bất thường',
  'Theo dõi trạng thái kết nối máy soi container và cân xe tại cửa khẩu Tân Thanh',
  'Giám sát trọng điểm theo hồ sơ số 12/HSTĐ: theo dõi container hàng tạm nhập tái xuất',
];
const INCIDENTS = [
  'Camera số 12 (cổng A) phát hiện xe đầu kéo chở container rời bãi kiểm hóa khi chưa có quyết định thông quan',
  'Tờ khai luồng đỏ, hàng khai báo là linh kiện điện tử nhưng hình ảnh soi có dấu hiệu không phù hợp',
  'Mất tín hiệu seal định vị điện tử của container đang vận chuyển từ cửa khẩu Hữu Nghị về cảng cạn',
  'Hành khách xuất cảnh mang theo hành lý có dấu hiệu nghi vấn tại khu vực soi chiếu hành lý',
  'Phát hiện phương tiện dừng đỗ bất thường trong khu vực giám sát hải quan ga Đồng Đăng',
];
const DIRECTIONS = [
  'Yêu cầu đơn vị kiểm tra, xác minh ngay và báo cáo kết quả về Trực ban',
  'Đề nghị dừng phương tiện, phối hợp kiểm tra thực tế hàng hóa qua camera và lực lượng tại chỗ',
  'Đôn đốc đơn vị cập nhật tình trạng seal định vị và báo cáo trong 30 phút',
];
const RESULTS = [
  'Đơn vị đã kiểm tra, xác định phương tiện di chuyển theo hướng dẫn của công chức giám sát; không có vi phạm',
  'Đã tạm dừng thông quan lô hàng, lập biên bản chứng nhận và chuyển Đội Kiểm soát xử lý',
  'Seal định vị kết nối lại lúc 03:40; hành trình container bình thường, không có dấu hiệu can thiệp',
];
const NOTES = ['Bàn giao ca lúc 08:00 đầy đủ sổ sách, thiết bị', 'Đường truyền tại cửa khẩu Tân Thanh chập chờn từ 22:00 đến 22:40, đã báo đơn vị quản lý'];

export async function seedDemo(core: Core, opts: { days?: number; seed?: number } = {}) {
  const days = opts.days ?? 4;
  const r = rng(opts.seed ?? 20261122);
  if (!core.station.get()) {
    await core.setupStation(
      { code: 'KV06', name: 'Chi cục Hải quan khu vực VI — Phòng Trực ban (demo)', kind: 'regional_with_cameras', place: 'Lạng Sơn', parentBody: 'CỤC HẢI QUAN' },
      { login: 'admin', fullName: 'Quản trị hệ thống', password: DEMO_PASSWORD },
    );
  }
  if (core.logbook.list({}, 1).entries.length > 0) {
    return { entries: 0, days: 0, login: 'lan.tt', password: DEMO_PASSWORD };
  }
  for (const p of PEOPLE) if (!core.users.byLogin(p.login)) await core.users.create({ ...p, password: DEMO_PASSWORD }, 'admin');
  const users = Object.fromEntries(core.users.list().map((u) => [u.login, u]));
  if (core.cameras.list().length === 0) {
    // the demo cameras point at the local simulator (npm run sim:cameras -- --count 12)
    core.cameras.importCsv(fs.readFileSync(path.join(assetsDir(), 'cameras/demo-cameras.csv'), 'utf8'), 'admin');
  }
  core.shifts.setRota(
    [
      { weekday: 1, unitCodes: ['00C7'] },
      { weekday: 2, unitCodes: ['00C8'] },
      { weekday: 3, unitCodes: ['00C9'] },
      { weekday: 4, unitCodes: ['00CA'] },
      { weekday: 5, unitCodes: ['00CC'] },
      { weekday: 6, unitCodes: ['00C7', '00C1'] },
      { weekday: 7, unitCodes: ['00C8', '00C1'] },
    ],
    'admin',
  );
  const now = core.clock.now();
  const today = shiftDateOf(now);
  let count = 0;
  for (let d = days - 1; d >= 0; d--) {
    const day = addDays(today, -d);
    const teamA = d % 2 === 0;
    const pick = (a: string, b: string) => users[teamA ? a : b]!;
    const members: RosterMember[] = [
      { userId: pick('hung.nv', 'tuan.ha').id, fullName: pick('hung.nv', 'tuan.ha').fullName, position: 'shift_leader', team: teamA ? 'A' : 'B', location: 'Trụ sở Chi cục', availability: 'on_duty' },
      { userId: pick('lan.tt', 'nga.vt').id, fullName: pick('lan.tt', 'nga.vt').fullName, position: 'room_leader', team: teamA ? 'A' : 'B', location: 'Phòng giám sát trực tuyến', availability: 'on_duty' },
      { userId: users['minh.lq']!.id, fullName: users['minh.lq']!.fullName, position: 'office_officer', team: 'A', location: 'Trụ sở Chi cục', availability: d === 1 ? 'remote' : 'on_duty' },
      { userId: users['duc.pv']!.id, fullName: users['duc.pv']!.fullName, position: 'surveillance_officer', team: 'A', location: 'Phòng giám sát trực tuyến', availability: 'on_duty' },
      { userId: users['hoa.dt']!.id, fullName: users['hoa.dt']!.fullName, position: 'surveillance_officer', team: 'B', location: 'Điểm giám sát dự phòng', availability: d === 2 ? 'isolated' : 'on_duty' },
    ];
    core.shifts.setRoster(day, members, 'admin');
    const { start } = shiftBounds(day);
    const end = Math.min(start + 24 * 3600_000 - 60_000, now - 60_000);
    if (end <= start) continue;
    const at = (frac: number) => Math.floor(start + (end - start) * frac);
    const officer = pick('duc.pv', 'hoa.dt').login;
    const leader = pick('lan.tt', 'nga.vt').login;
    const add = (input: Parameters<Core['logbook']['add']>[0], who: string) => {
      count++;
      return core.logbook.add(input, who);
    };
    add({ kind: 'work', text: WORK[d % WORK.length]!, occurredAt: at(0.02), details: { unitCode: 'KV06' } }, officer);
    add({ kind: 'work', text: WORK[(d + 1) % WORK.length]!, occurredAt: at(0.05) }, officer);
    const n = 2 + Math.floor(r() * 2);
    for (let k = 0; k < n; k++) {
      const base = 0.1 + (k * 0.8) / n;
      const t = at(base);
      const inc = add(
        {
          kind: 'incident',
          text: INCIDENTS[Math.floor(r() * INCIDENTS.length)]!,
          occurredAt: t,
          details: { arisenAt: t - 4 * 60_000, receivedAt: t, place: k % 2 ? 'Ga đường sắt quốc tế Đồng Đăng' : 'Cửa khẩu quốc tế Hữu Nghị, bãi kiểm hóa', unitCode: k % 2 ? '15E2' : '15E1' },
          identifiers: { containers: [demoContainer(r)], declarations: [demoDeclaration(r)], taxCodes: r() < 0.5 ? [demoTaxCode(r)] : [] },
        },
        officer,
      );
      const dir = add(
        {
          kind: 'direction',
          text: DIRECTIONS[Math.floor(r() * DIRECTIONS.length)]!,
          occurredAt: t + 6 * 60_000,
          details: { form: k % 2 ? 'fax' : 'phone', recipient: 'Đội trưởng Đội Giám sát', recipientUnitCode: k % 2 ? '15E2' : '15E1' },
          linkedEntryId: inc.id,
        },
        leader,
      );
      if (d > 0 || k < n - 1) {
        add(
          {
            kind: 'result',
            text: RESULTS[Math.floor(r() * RESULTS.length)]!,
            occurredAt: t + 35 * 60_000,
            details: { reportedAt: t + 35 * 60_000, reportingUnit: 'Đội Giám sát', reportingUnitCode: k % 2 ? '15E2' : '15E1' },
            linkedEntryId: dir.id,
          },
          officer,
        );
      }
    }
    add({ kind: 'note', text: NOTES[d % NOTES.length]!, occurredAt: at(0.97) }, pick('minh.lq', 'minh.lq').login);
    if (d === 1) {
      const e = core.logbook.list({ shiftDate: day, kinds: ['work'] }, 1).entries[0];
      if (e) {
        core.logbook.amend({ entryId: e.id, reason: 'Bổ sung phạm vi giám sát bãi xe', text: e.text + '; bổ sung: bãi xe chờ xuất cảnh' }, officer);
      }
    }
  }
  count += seedDemoIncidents(core, r);
  return { entries: count, days, login: 'lan.tt', password: DEMO_PASSWORD };
}

/**
 * Incidents of the workflow (docs/incidents.md) in different states, so the board looks real: a c.2 case
 * in progress whose acknowledgement clock has run out, a c.3 case awaiting the Director General,
 * a reported case with an immediate step, and a closed one. Through the service, like real use.
 */
function seedDemoIncidents(core: Core, r: () => number): number {
  const svc = core.incidents;
  const now = core.clock.now();
  const who = (login: string) => {
    const u = core.users.byLogin(login)!;
    return { login: u.login, fullName: u.fullName, roles: u.roles };
  };
  const officer = who('duc.pv');
  const room = who('lan.tt');
  const lead = who('hung.nv');
  const place = (unitCode: string, siteName: string, zone: string, text: string) => ({ unitCode, siteName, zone, text });
  const base = { sourceRef: '', identifiers: {}, attachments: [], cases: [] as ('2.3.c2' | '2.3.c3' | '2.1')[] };

  // 1. c.2, in progress: the direction went out 50 minutes ago and the unit has not answered
  const c2 = svc.raise(
    {
      ...base,
      source: 'snapshot',
      arisenAt: now - 62 * 60_000,
      receivedAt: now - 60 * 60_000,
      place: place('15E1', 'Cửa khẩu quốc tế Hữu Nghị', 'Bãi kiểm hóa', 'Cổng B, làn xuất'),
      description: 'Camera số 12 phát hiện xe đầu kéo chở container rời bãi kiểm hóa khi tờ khai chưa có quyết định thông quan',
      identifiers: { containers: [demoContainer(r)], declarations: [demoDeclaration(r, '30')], plates: ['12C-345.67'] },
      cases: ['2.3.c2'],
    },
    officer,
  );
  svc.propose({ incidentId: c2.id, verification: 'Đối chiếu VNACCS: tờ khai luồng đỏ, chưa có quyết định thông quan', proposal: 'Đề nghị phối hợp kiểm tra thực tế qua camera và lực lượng tại chỗ (Phụ lục II)' }, room);
  svc.decide({ incidentId: c2.id, decision: 'approved', note: 'Đồng ý', form: 'Điện thoại, sau đó fax Phụ lục II', scope: 'Phương tiện và container tại bãi kiểm hóa' }, lead);
  svc.issueDirection(
    {
      incidentId: c2.id,
      recipientUnitCode: '15E1',
      recipientPerson: 'Đội trưởng Đội Giám sát',
      form: 'phone',
      content: 'Dừng phương tiện, phối hợp kiểm tra thực tế hàng hóa qua camera và lực lượng tại chỗ, báo cáo kết quả về Trực ban',
      focalPoint: 'Trần Thị Lan',
      issuedAt: now - 50 * 60_000,
      resultDueAt: now + 70 * 60_000,
    },
    room,
  );

  // 2. c.3, approved by the shift leader, awaiting the Director General
  const c3 = svc.raise(
    {
      ...base,
      source: 'data_alert',
      arisenAt: now - 35 * 60_000,
      receivedAt: now - 30 * 60_000,
      place: place('15E2', 'Ga đường sắt quốc tế Đồng Đăng', 'Khu vực giám sát', 'Kho hàng số 3'),
      description: 'Lô hàng đã thông quan, hình ảnh soi container có dấu hiệu không phù hợp với khai báo (linh kiện điện tử)',
      identifiers: { containers: [demoContainer(r)], declarations: [demoDeclaration(r, '10')], taxCodes: [demoTaxCode(r)] },
      cases: ['2.3.c3'],
    },
    officer,
  );
  svc.propose({ incidentId: c3.id, verification: 'Đối chiếu ảnh soi và khai báo: sai khác về chủng loại', proposal: 'Đề nghị dừng đưa hàng qua khu vực giám sát để kiểm tra (Phụ lục III)' }, room);
  svc.decide({ incidentId: c3.id, decision: 'approved', note: 'Báo cáo xin ý kiến Tổng cục trưởng', form: 'Phụ lục III', scope: 'Lô hàng thuộc tờ khai nêu trên' }, lead);

  // 3. reported, with an immediate step (Đ8.1.a)
  svc.raise(
    {
      ...base,
      source: 'snapshot',
      arisenAt: now - 12 * 60_000,
      receivedAt: now - 10 * 60_000,
      place: place('15E1', 'Cửa khẩu quốc tế Hữu Nghị', 'Khu vực soi chiếu hành lý', 'Làn xuất cảnh số 2'),
      description: 'Hành khách xuất cảnh mang theo hành lý có dấu hiệu nghi vấn tại khu vực soi chiếu',
      immediate: { case: 'a', step: 'Đề nghị Đội nghiệp vụ nhận dạng, giám sát hành khách và hành lý', toldWhom: 'Đội trưởng Đội Thủ tục hành lý', at: now - 9 * 60_000 },
    },
    officer,
  );

  // 4. closed: a 2.1 reminder, answered and done
  const c21 = svc.raise(
    {
      ...base,
      source: 'data_alert',
      arisenAt: now - 5 * 3600_000,
      receivedAt: now - 5 * 3600_000 + 5 * 60_000,
      place: place('15E2', 'Ga đường sắt quốc tế Đồng Đăng', '', ''),
      description: 'Mất tín hiệu seal định vị điện tử của container đang vận chuyển về cảng cạn',
      identifiers: { containers: [demoContainer(r)] },
      cases: ['2.1'],
    },
    officer,
  );
  svc.propose({ incidentId: c21.id, verification: 'Kiểm tra hệ thống seal định vị: mất kết nối từ 02:10', proposal: 'Đôn đốc đơn vị kiểm tra, cập nhật tình trạng seal' }, room);
  svc.decide({ incidentId: c21.id, decision: 'approved', note: '', form: 'Điện thoại', scope: '' }, lead);
  const dir = svc.issueDirection(
    {
      incidentId: c21.id,
      recipientUnitCode: '15E2',
      form: 'phone',
      content: 'Đôn đốc đơn vị cập nhật tình trạng seal định vị và báo cáo',
      focalPoint: 'Trần Thị Lan',
      issuedAt: now - 4.5 * 3600_000,
      resultDueAt: now - 3 * 3600_000,
    },
    room,
  ).directions[0]!;
  svc.acknowledge({ directionId: dir.id, handler: 'Đội Giám sát ga Đồng Đăng', expectedAt: now - 3.5 * 3600_000, at: now - 4.4 * 3600_000 }, officer);
  svc.directionResult({ directionId: dir.id, text: 'Seal định vị kết nối lại lúc 03:40; hành trình container bình thường', at: now - 3.3 * 3600_000, lateCause: '', responsible: '', attachments: [] }, officer);
  svc.close({ incidentId: c21.id, summary: 'Đơn vị đã xử lý, không có dấu hiệu vi phạm' }, lead);
  // the overdue acknowledgement of case 1 escalates at once (the watcher does the same on start)
  svc.escalateDue();
  return 4;
}
