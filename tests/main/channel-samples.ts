/**
 * One valid input for every channel of the contract (tests/main/dispatcher.test.ts checks that
 * each schema accepts it and rejects it with any one field spoiled). Typed by the contract's
 * own input types: a new channel without a sample does not type-check.
 */
import type { Channel, InputOf } from '../../src-shared/contract';

const HOUR = 3_600_000;

/** Samples relative to `now` (the time schemas refuse instants far from the core's clock). */
export function channelSamples(now: number): { [K in Channel]: InputOf<K> } {
  const past = now - HOUR;
  const due = now + 24 * HOUR;
  const id = '0192f0c8-0000-7000-8000-000000000001';
  const sha = 'a'.repeat(64);
  const layout = { layout: '2x2' as const, custom: { rows: 2, cols: 2 }, tiles: [{ cameraId: id, tour: null }] };
  return {
    'app:status': {},
    'setup:station': { code: '01B1', name: 'Hải quan Nội Bài', kind: 'regional', place: 'Hà Nội', admin: { login: 'admin', fullName: 'Quản trị', password: 'mat-khau-dai-2026' } },
    'station:update': { idleLockMinutes: 15 },
    'auth:login': { login: 'officer', password: 'x' },
    'auth:logout': {},
    'auth:lock': {},
    'auth:unlock': { password: 'x' },
    'users:list': {},
    'users:create': { login: 'new.user', fullName: 'Nguyễn Văn A', roles: ['office_officer'], password: 'mat-khau-dai-2026' },
    'users:update': { id, active: false },
    'users:changePassword': { current: 'x', next: 'mat-khau-dai-2026' },
    'org:list': { at: '2026-11-22', query: 'noi bai' },
    'org:lookup': { code: '01B1' },
    'org:import': { csv: 'code,name\n01B1,Nội Bài\n' },
    'shift:current': {},
    'roster:get': { shiftDate: '2026-11-22' },
    'roster:set': { shiftDate: '2026-11-22', members: [{ fullName: 'Nguyễn Văn A', position: 'shift_leader' }] },
    'rota:get': {},
    'rota:set': { days: [{ weekday: 1, unitCodes: ['01B1'] }] },
    'logbook:add': { kind: 'work', text: 'Tiếp nhận ca', occurredAt: past },
    'logbook:amend': { entryId: id, reason: 'Sai chính tả', text: 'Tiếp nhận ca trực' },
    'logbook:get': { entryId: id },
    'logbook:list': { shiftDate: '2026-11-22', limit: 10 },
    'logbook:search': { query: 'dong dang', limit: 5 },
    'logbook:open': { limit: 10 },
    'logbook:export': { from: '2026-11-20', to: '2026-11-22', format: 'pdf' },
    'logbook:exportJob': { from: '2026-11-20', to: '2026-11-22', format: 'docx' },
    'jobs:get': { id },
    'jobs:list': {},
    'jobs:downloadUrl': { id },
    'attachments:put': { name: 'anh.png', mime: 'image/png', base64: 'iVBORw0KGgo=' },
    'video:endpoint': {},
    'video:health': {},
    'video:stats': {},
    'video:snapshot': { cameraId: id },
    'video:clip': { cameraId: id, seconds: 10 },
    'notifications:list': { limit: 10 },
    'incidents:raise': {
      source: 'phone',
      arisenAt: past,
      receivedAt: past,
      place: { siteName: 'Cổng A' },
      description: 'Xe rời bãi khi chưa thông quan',
      immediate: { case: 'a', step: 'Dừng xe', toldWhom: 'Đội giám sát', at: past },
    },
    'incidents:amend': { incidentId: id, reason: 'Bổ sung', description: 'Xe rời bãi' },
    'incidents:classify': { incidentId: id, cases: ['2.1'] },
    'incidents:immediateStep': { incidentId: id, immediate: { case: 'b', step: 'Niêm phong', toldWhom: 'Chi cục', at: past } },
    'incidents:propose': { incidentId: id, verification: 'Đã đối chiếu', proposal: 'Kiểm tra thực tế' },
    'incidents:decide': { incidentId: id, decision: 'approved', form: 'Điện thoại' },
    'incidents:recordDgDecision': { incidentId: id, decision: 'approved', at: past, how: 'phone' },
    'incidents:close': { incidentId: id, summary: 'Đã xử lý' },
    'incidents:get': { incidentId: id },
    'incidents:list': { states: ['reported'], overdueOnly: true },
    'incidents:alerts': { includeDismissed: true },
    'incidents:dismissAlert': { alertId: id },
    'incidents:settings': {},
    'incidents:setSettings': { ackMinutes: 30 },
    'directions:issue': { incidentId: id, recipientUnitCode: '01B1', form: 'phone', content: 'Kiểm tra xe', focalPoint: 'Ông A', resultDueAt: due },
    'directions:acknowledge': { directionId: id, handler: 'Ông B', expectedAt: due },
    'directions:result': { directionId: id, text: 'Đã kiểm tra', at: past, attachments: [sha] },
    'requests:register': { fromText: 'Cục Giám sát quản lý', content: 'Báo cáo tình hình', receivedAt: past, resultDueAt: due },
    'requests:answer': { requestId: id, handler: 'Ông C', expectedAt: due },
    'requests:result': { requestId: id, text: 'Đã báo cáo', timeline: [{ at: past, text: 'Tiếp nhận' }] },
    'requests:list': { openOnly: true },
    'walls:presets': {},
    'walls:savePreset': { name: 'Ca đêm', display: 1, layout },
    'walls:deletePreset': { name: 'Ca đêm' },
    'journal:verify': { deep: true },
    'journal:quarantine': { limit: 10 },
    'cameras:list': { includeInactive: true },
    'cameras:tree': { query: 'cong a' },
    'cameras:get': { id },
    'cameras:save': { number: 12, name: 'Cổng A', siteType: 'road_border_gate', siteName: 'Cửa khẩu Hữu Nghị', zone: 'A', unitCode: '01B1', mainUrl: 'rtsp://10.0.0.5/main' },
    'cameras:deactivate': { id, reason: 'Hỏng' },
    'cameras:import': { csv: 'number,name\n1,Cổng A\n' },
    'cameras:export': {},
    'documents:saveDraft': { annex: 'II', fields: { header: {}, signer: {} } },
    'documents:prefill': { annex: 'III', incidentId: id },
    'documents:issue': { id, expectedRevision: 1 },
    'documents:reissue': { id, reason: 'Sai số liệu' },
    'documents:get': { id },
    'documents:list': { annex: 'IV', year: 2026 },
    'documents:render': { id, format: 'pdf' },
  };
}
