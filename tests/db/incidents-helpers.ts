/** Shared set-up for the incident workflow tests (real SQLite files, the real dispatcher). */
import { expect } from 'vitest';
import type { Core } from '../../src-main/app/core';
import { PASSWORD, callAs } from '../helpers';
import type { IncidentDetail, InboundRequest } from '../../src-shared/domain/incidents';

export const MIN = 60_000;

/** Adds the roles stationCore lacks: a Director General, an office officer, a surveillance head, an admin-only user. */
export async function addWorkflowUsers(core: Core): Promise<void> {
  await core.users.create({ login: 'dg', fullName: 'Nguyễn Văn Tổng', roles: ['director_general'], password: PASSWORD }, 'admin');
  await core.users.create({ login: 'office', fullName: 'Lê Quang Minh', roles: ['office_officer'], password: PASSWORD }, 'admin');
  await core.users.create({ login: 'head', fullName: 'Vũ Thị Nga', roles: ['surveillance_head'], password: PASSWORD }, 'admin');
}

/** Calls a channel and returns its value, failing the test with the error otherwise. */
export async function ok<T = IncidentDetail>(core: Core, login: string, channel: string, input: unknown): Promise<T> {
  const r = await callAs(core, login, channel, input);
  if (!r.ok) expect.fail(`${channel} as ${login}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/** Calls a channel that must fail and returns its error. */
export async function refused(core: Core, login: string, channel: string, input: unknown) {
  const r = await callAs(core, login, channel, input);
  if (r.ok) expect.fail(`${channel} as ${login} should have been refused`);
  return r.error;
}

export function raiseInput(core: Core, extra: Record<string, unknown> = {}) {
  const now = core.clock.now();
  return {
    source: 'snapshot',
    arisenAt: now - 5 * MIN,
    receivedAt: now - 2 * MIN,
    place: { unitCode: '15E1', siteName: 'Cửa khẩu quốc tế Hữu Nghị', zone: 'Bãi kiểm hóa', text: 'Cổng B' },
    description: 'Xe đầu kéo chở container rời bãi kiểm hóa khi chưa có quyết định thông quan',
    identifiers: { containers: ['CSQU3054383'], plates: ['12c 345.67'] },
    ...extra,
  };
}

export function issueInput(core: Core, incidentId: string, extra: Record<string, unknown> = {}) {
  return {
    incidentId,
    recipientUnitCode: '15E1',
    recipientPerson: 'Đội trưởng Đội Giám sát',
    form: 'phone',
    content: 'Dừng phương tiện, phối hợp kiểm tra thực tế hàng hóa qua camera và lực lượng tại chỗ',
    focalPoint: 'Trần Thị Lan',
    resultDueAt: core.clock.now() + 120 * MIN,
    ...extra,
  };
}

/** An incident taken through the chain up to approval (and the DG's, when its case needs it). */
export async function approvedIncident(core: Core, cases: string[] = ['2.3.c2']): Promise<IncidentDetail> {
  const inc = await ok(core, 'officer', 'incidents:raise', raiseInput(core, { cases }));
  await ok(core, 'room', 'incidents:propose', { incidentId: inc.id, verification: 'Đã đối chiếu dữ liệu VNACCS', proposal: 'Đề nghị phối hợp kiểm tra' });
  let d = await ok(core, 'lead', 'incidents:decide', { incidentId: inc.id, decision: 'approved', form: 'Điện thoại, sau đó fax', scope: 'Bãi kiểm hóa' });
  if (d.state === 'awaiting_dg') {
    d = await ok(core, 'dg', 'incidents:recordDgDecision', { incidentId: inc.id, decision: 'approved', at: core.clock.now(), how: 'app', note: 'Đồng ý' });
  }
  return d;
}

export async function registerRequest(core: Core, extra: Record<string, unknown> = {}): Promise<InboundRequest> {
  return ok<InboundRequest>(core, 'officer', 'requests:register', {
    fromUnitCode: '00C7',
    fromText: 'Trực ban Cục Hải quan',
    reference: 'Fax số 123/TB-CHQ',
    content: 'Đề nghị kiểm tra thông tin lô hàng thuộc tờ khai 103456789020',
    receivedAt: core.clock.now(),
    ...extra,
  });
}
