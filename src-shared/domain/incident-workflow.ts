/**
 * The incident workflow as ONE pure reducer: (state, event) → state | error. The incidents
 * service runs it before appending an event (an illegal step is refused and nothing is
 * written), and the projection runs it again on every stored event, so the state the board
 * shows is always the replay of the incident's journal events (docs/incidents.md).
 * Pure TypeScript: no Node, DOM or Electron.
 */
import { requiredApprovals } from './incidents';
import type { ApprovalLevel, HandlingCase, IncidentState } from './incidents';

export interface WorkflowDirection {
  id: string;
  acknowledged: boolean;
  result: boolean;
}

export interface WorkflowState {
  state: IncidentState;
  cases: HandlingCase[];
  /** An immediate preventive step (Đ8.1) was recorded. */
  immediate: boolean;
  /** Decisions of the current approval round; a (re-)proposal starts a new round. */
  approvals: Partial<Record<ApprovalLevel, 'approved' | 'rejected'>>;
  round: number;
  directions: WorkflowDirection[];
}

/** The workflow-relevant part of each journal event about an incident. */
export type WorkflowEvent =
  | { type: 'incident.raised'; cases: HandlingCase[]; immediate: boolean }
  | { type: 'incident.amended' }
  | { type: 'incident.classified'; cases: HandlingCase[] }
  | { type: 'incident.immediate_step' }
  | { type: 'incident.proposed' }
  | { type: 'incident.decided'; decision: 'approved' | 'rejected'; note: string }
  | { type: 'incident.dg_decision'; decision: 'approved' | 'rejected'; note: string }
  | { type: 'direction.issued'; directionId: string }
  | { type: 'direction.acknowledged'; directionId: string }
  | { type: 'direction.result'; directionId: string; late: boolean; lateCause: string; responsible: string }
  | { type: 'incident.closed' };

export type WorkflowEventType = WorkflowEvent['type'];
export const WORKFLOW_EVENT_TYPES: readonly WorkflowEventType[] = [
  'incident.raised',
  'incident.amended',
  'incident.classified',
  'incident.immediate_step',
  'incident.proposed',
  'incident.decided',
  'incident.dg_decision',
  'direction.issued',
  'direction.acknowledged',
  'direction.result',
  'incident.closed',
];

export type WorkflowErrorCode = 'illegal_transition' | 'approval_required' | 'case_required' | 'reason_required' | 'late_cause_required' | 'not_found';

export interface WorkflowError {
  code: WorkflowErrorCode;
  /** English, for logs and the CLI; UIs translate `code` with `params`. */
  message: string;
  params: Record<string, string>;
}

export type WorkflowResult = { ok: true; state: WorkflowState } | { ok: false; error: WorkflowError };

export const STATE_LABELS: Record<IncidentState, { vi: string; en: string }> = {
  reported: { vi: 'đã báo cáo, chờ kiểm tra', en: 'reported, awaiting verification' },
  proposed: { vi: 'đã đề xuất, chờ lãnh đạo ca trực', en: 'proposed, awaiting the shift leader' },
  awaiting_dg: { vi: 'chờ Tổng cục trưởng phê duyệt', en: 'awaiting the Director General' },
  approved: { vi: 'đã phê duyệt', en: 'approved' },
  rejected: { vi: 'không được phê duyệt', en: 'rejected' },
  in_progress: { vi: 'đang thực hiện chỉ đạo', en: 'directions in progress' },
  closed: { vi: 'đã kết thúc', en: 'closed' },
};

export const APPROVAL_LABELS: Record<ApprovalLevel, { vi: string; en: string }> = {
  room_leader: { vi: 'ý kiến kiểm tra, đề xuất của lãnh đạo cấp phòng trực ban', en: 'the room-level duty leader’s verification and proposal' },
  shift_leader: { vi: 'phê duyệt của lãnh đạo ca trực', en: 'the shift leader’s approval' },
  director_general: { vi: 'phê duyệt của Tổng cục trưởng', en: 'the Director General’s approval' },
};

const ACTION_LABELS: Record<WorkflowEventType, { vi: string; en: string }> = {
  'incident.raised': { vi: 'ghi nhận vụ việc', en: 'raise the incident' },
  'incident.amended': { vi: 'đính chính vụ việc', en: 'amend the incident' },
  'incident.classified': { vi: 'phân loại lại trường hợp xử lý', en: 'reclassify the incident' },
  'incident.immediate_step': { vi: 'ghi nhận biện pháp ngăn chặn ngay', en: 'record an immediate step' },
  'incident.proposed': { vi: 'đề xuất xử lý', en: 'propose the handling' },
  'incident.decided': { vi: 'ghi nhận quyết định của lãnh đạo ca trực', en: 'record the shift leader’s decision' },
  'incident.dg_decision': { vi: 'ghi nhận ý kiến của Tổng cục trưởng', en: 'record the Director General’s decision' },
  'direction.issued': { vi: 'ban hành chỉ đạo', en: 'issue a direction' },
  'direction.acknowledged': { vi: 'ghi nhận phản hồi tiếp nhận chỉ đạo', en: 'record the acknowledgement' },
  'direction.result': { vi: 'ghi nhận kết quả thực hiện', en: 'record the result' },
  'incident.closed': { vi: 'kết thúc vụ việc', en: 'close the incident' },
};

/** The approval levels the incident's cases require that are not approved in the current round. */
export function missingApprovals(s: Pick<WorkflowState, 'cases' | 'approvals'>): ApprovalLevel[] {
  return requiredApprovals(s.cases).filter((l) => s.approvals[l] !== 'approved');
}

export function needsDirectorGeneral(cases: readonly HandlingCase[]): boolean {
  return requiredApprovals(cases).includes('director_general');
}

const fail = (code: WorkflowErrorCode, message: string, params: Record<string, string> = {}): WorkflowResult => ({ ok: false, error: { code, message, params } });

function illegal(s: WorkflowState, e: WorkflowEventType, actionVi?: string, actionEn?: string): WorkflowResult {
  const a = ACTION_LABELS[e];
  return fail('illegal_transition', `cannot ${actionEn ?? a.en} while the incident is ${s.state}`, {
    action: e,
    actionVi: actionVi ?? a.vi,
    actionEn: actionEn ?? a.en,
    state: s.state,
    stateVi: STATE_LABELS[s.state].vi,
    stateEn: STATE_LABELS[s.state].en,
  });
}

function approvalRequired(e: WorkflowEventType, missing: ApprovalLevel[]): WorkflowResult {
  const a = ACTION_LABELS[e];
  const en = missing.map((l) => APPROVAL_LABELS[l].en).join(', ');
  return fail('approval_required', `cannot ${a.en}: missing ${en}`, {
    action: e,
    actionVi: a.vi,
    actionEn: a.en,
    missing: missing.join(','),
    missingVi: missing.map((l) => APPROVAL_LABELS[l].vi).join('; '),
    missingEn: en,
  });
}

const sameCases = (a: readonly HandlingCase[], b: readonly HandlingCase[]) => a.length === b.length && a.every((c) => b.includes(c));

/** Canonical order and no duplicates, so equal sets compare equal. */
export function normalizeCases(cases: readonly HandlingCase[]): HandlingCase[] {
  const order: readonly HandlingCase[] = ['2.1', '2.2', '2.3.c1', '2.3.c2', '2.3.c3', '2.4'];
  return order.filter((c) => cases.includes(c));
}

/**
 * One step of the workflow (docs/regulation.md §2, §5; Điều 8): officer reports → room-level leader
 * verifies and proposes → shift leader approves (form, scope) or rejects with a reason →
 * for c.3 and 2.4 the Director General decides → directions issued → acknowledged → result →
 * closed. Returns the next state, or the reason the step is refused. Never mutates `s`.
 */
export function applyWorkflow(s: WorkflowState | null, e: WorkflowEvent): WorkflowResult {
  if (e.type === 'incident.raised') {
    if (s) return illegal(s, e.type);
    return { ok: true, state: { state: 'reported', cases: normalizeCases(e.cases), immediate: e.immediate, approvals: {}, round: 0, directions: [] } };
  }
  if (!s) return fail('not_found', 'no such incident', { action: e.type });
  const next = (patch: Partial<WorkflowState>): WorkflowResult => ({ ok: true, state: { ...s, ...patch } });

  switch (e.type) {
    case 'incident.amended':
      // a correction of the facts is always possible; both versions stay visible
      return next({});
    case 'incident.immediate_step':
      if (s.state === 'closed') return illegal(s, e.type);
      return next({ immediate: true });
    case 'incident.classified': {
      const cases = normalizeCases(e.cases);
      if (s.state === 'reported' || s.state === 'rejected') return next({ cases });
      if (s.state === 'proposed') {
        // the room-level leader verified and proposed for other cases: verify again
        return sameCases(cases, s.cases) ? next({}) : next({ cases, state: 'reported', approvals: {} });
      }
      return illegal(s, e.type);
    }
    case 'incident.proposed':
      if (s.state !== 'reported' && s.state !== 'rejected') return illegal(s, e.type);
      if (s.cases.length === 0) return fail('case_required', 'classify the incident (Article 8.2) before proposing', { action: e.type });
      return next({ state: 'proposed', approvals: { room_leader: 'approved' }, round: s.round + 1 });
    case 'incident.decided': {
      if (s.state === 'reported' || s.state === 'rejected') return approvalRequired(e.type, ['room_leader']);
      if (s.state !== 'proposed') return illegal(s, e.type);
      if (e.decision === 'rejected') {
        if (!e.note.trim()) return fail('reason_required', 'a rejection needs its reason', { action: e.type });
        return next({ state: 'rejected', approvals: { ...s.approvals, shift_leader: 'rejected' } });
      }
      const approvals = { ...s.approvals, shift_leader: 'approved' as const };
      return next({ state: needsDirectorGeneral(s.cases) ? 'awaiting_dg' : 'approved', approvals });
    }
    case 'incident.dg_decision': {
      if (!needsDirectorGeneral(s.cases)) return illegal(s, e.type);
      if (s.state === 'reported' || s.state === 'proposed' || s.state === 'rejected') {
        return approvalRequired(e.type, missingApprovals(s).filter((l) => l !== 'director_general'));
      }
      if (s.state !== 'awaiting_dg') return illegal(s, e.type);
      if (e.decision === 'rejected') {
        if (!e.note.trim()) return fail('reason_required', 'a rejection needs its reason', { action: e.type });
        return next({ state: 'rejected', approvals: { ...s.approvals, director_general: 'rejected' } });
      }
      return next({ state: 'approved', approvals: { ...s.approvals, director_general: 'approved' } });
    }
    case 'direction.issued': {
      if (s.state === 'closed') return illegal(s, e.type);
      const missing = missingApprovals(s);
      if (missing.length > 0 || (s.state !== 'approved' && s.state !== 'in_progress')) {
        return approvalRequired(e.type, missing.length > 0 ? missing : requiredApprovals(s.cases));
      }
      if (s.directions.some((d) => d.id === e.directionId)) return illegal(s, e.type);
      return next({ state: 'in_progress', directions: [...s.directions, { id: e.directionId, acknowledged: false, result: false }] });
    }
    case 'direction.acknowledged':
    case 'direction.result': {
      const d = s.directions.find((x) => x.id === e.directionId);
      if (!d) return fail('not_found', 'no such direction on this incident', { action: e.type });
      if (d.result) return illegal(s, e.type, e.type === 'direction.result' ? 'ghi nhận kết quả lần thứ hai cho cùng một chỉ đạo' : 'ghi nhận phản hồi tiếp nhận sau khi đã có kết quả', e.type === 'direction.result' ? 'record a second result for the same direction' : 'acknowledge a direction that already has its result');
      if (e.type === 'direction.acknowledged') {
        if (d.acknowledged) return illegal(s, e.type, 'ghi nhận phản hồi tiếp nhận lần thứ hai', 'acknowledge the same direction twice');
        return next({ directions: s.directions.map((x) => (x.id === d.id ? { ...x, acknowledged: true } : x)) });
      }
      if (e.late && (!e.lateCause.trim() || !e.responsible.trim())) {
        return fail('late_cause_required', 'a late result must give the cause and the person responsible', { action: e.type });
      }
      return next({ directions: s.directions.map((x) => (x.id === d.id ? { ...x, result: true } : x)) });
    }
    case 'incident.closed': {
      if (s.state === 'closed') return illegal(s, e.type);
      const open = s.directions.filter((d) => !d.result).length;
      if (open > 0) return illegal(s, e.type, `kết thúc vụ việc khi còn ${open} chỉ đạo chưa có kết quả`, `close the incident while ${open} direction(s) have no result`);
      return next({ state: 'closed' });
    }
  }
}

/** Replays events from nothing; the first refused event stops the replay. */
export function replayWorkflow(events: readonly WorkflowEvent[]): WorkflowResult {
  let s: WorkflowState | null = null;
  for (const e of events) {
    const r = applyWorkflow(s, e);
    if (!r.ok) return r;
    s = r.state;
  }
  if (!s) return fail('not_found', 'no events');
  return { ok: true, state: s };
}
