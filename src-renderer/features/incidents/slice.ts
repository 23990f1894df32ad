/**
 * Incidents (docs/incidents.md): the board, one incident's detail, the raise form, alerts, and the
 * requests this station received. The board refreshes by polling `incidents:list`; clocks tick
 * locally between refreshes from the station's time (see `clockSkew`).
 */
import type { InputOf } from '../../../src-shared/contract';
import type { HandlingCase, InboundRequest, IncidentAlert, IncidentDetail, IncidentSettings, IncidentSource, IncidentSummary, WaitingSeverity, WaitingSummary } from '../../../src-shared/domain/incidents';
import { DEFAULT_INCIDENT_SETTINGS } from '../../../src-shared/domain/incidents';
import type { DocumentRecord, FormData } from '../../../src-shared/domain/forms';
import { toClientError } from '../../transport/errors';
import type { ClientError } from '../../transport/errors';
import type { RootState, SliceCtx } from '../../store/types';
import { defineSlice, patch } from '../../store/types';

export interface IncidentFilters {
  /** '' = every case. */
  case: HandlingCase | '';
  overdueOnly: boolean;
  query: string;
}

/** A file to attach to a new incident (a camera snapshot or clip, or an uploaded scan). */
export interface RaiseAttachment {
  sha256: string;
  name: string;
  mime: string;
  /** Thumbnail URL (images only; null when it cannot be shown). */
  url: string | null;
  caption: string;
}

/** What the raise form opens with (from the wall, a logbook entry, or empty). */
export interface RaisePrefill {
  source: IncidentSource;
  sourceRef: string;
  entryId?: string;
  cameraId?: string;
  arisenAt: number | null;
  receivedAt: number | null;
  description: string;
  place: { unitCode?: string; siteName?: string; zone?: string; text?: string };
  identifiers?: { containers?: string[]; declarations?: string[]; taxCodes?: string[]; plates?: string[]; billsOfLading?: string[]; vessels?: string[] };
  attachments: RaiseAttachment[];
}

export type IncidentView = 'board' | 'detail' | 'raise';

export interface IncidentsSliceState {
  filters: IncidentFilters;
  list: IncidentSummary[];
  loaded: boolean;
  /** The last refresh failed (e.g. the service is not there): the board says so. */
  listError: ClientError | null;
  view: IncidentView;
  selectedId: string | null;
  detail: IncidentDetail | null;
  /** Raise form contents; bumping `tick` re-applies them. */
  prefill: (RaisePrefill & { tick: number }) | null;
  alerts: IncidentAlert[];
  muted: boolean;
  requests: InboundRequest[];
  requestsLoaded: boolean;
  requestsError: ClientError | null;
  selectedRequestId: string | null;
  settings: IncidentSettings;
  /** Station time minus this machine's time, as seen in the clocks of the last refresh. */
  clockSkew: number | null;
  /** What the lock screen shows (`incidents:waiting`: counts and severity only); null until asked. */
  waiting: WaitingSummary | null;
  /** The last `incidents:waiting` failed (the lock screen says the counts may be stale). */
  waitingFailed: boolean;
  /** The lock screen's alarm is silent until then (ms; 0 = not muted). Kept in storage: a reload keeps it. */
  alarmMutedUntil: number;
}

const MUTE_KEY = 'trucban.alerts.muted';
const ALARM_MUTE_KEY = 'trucban.alarm.mutedUntil';
/** How long the lock screen's "mute" silences the alarm (never for good: what waits must be heard). */
export const ALARM_MUTE_MINUTES = 5;

export function initialIncidentsState(storage: SliceCtx['deps']['storage'] = null): IncidentsSliceState {
  let muted = false;
  let alarmMutedUntil = 0;
  try {
    muted = storage?.getItem(MUTE_KEY) === '1';
    const until = Number(storage?.getItem(ALARM_MUTE_KEY) ?? 0);
    alarmMutedUntil = Number.isSafeInteger(until) && until > 0 ? until : 0;
  } catch {
    // storage unavailable: not muted
  }
  return {
    filters: { case: '', overdueOnly: false, query: '' },
    list: [],
    loaded: false,
    listError: null,
    view: 'board',
    selectedId: null,
    detail: null,
    prefill: null,
    alerts: [],
    muted,
    requests: [],
    requestsLoaded: false,
    requestsError: null,
    selectedRequestId: null,
    settings: { ...DEFAULT_INCIDENT_SETTINGS },
    clockSkew: null,
    waiting: null,
    waitingFailed: false,
    alarmMutedUntil,
  };
}

export type Outcome<T> = { value: T; error: null } | { value: null; error: ClientError };
/** A write's outcome, or `queued`: a workstation whose station cannot be reached kept it in its outbox ("chưa gửi"), sent when the link returns. */
export type WriteOutcome<T> = (Outcome<T> & { queued?: false }) | { value: null; error: null; queued: true };

export type RaiseInput = InputOf<'incidents:raise'>;
type WithoutId<C extends 'incidents:propose' | 'incidents:decide' | 'incidents:recordDgDecision' | 'incidents:close' | 'incidents:immediateStep' | 'incidents:classify' | 'incidents:amend'> = Omit<InputOf<C>, 'incidentId'>;

export interface IncidentsActions {
  setFilters(p: Partial<IncidentFilters>): Promise<void>;
  /** Refresh the board (and the open incident, if any). Background: failures are kept, not toasted. */
  refresh(): Promise<void>;
  open(incidentId: string): Promise<void>;
  back(): void;
  reloadDetail(): Promise<void>;
  /** Open the raise form (navigates to the incidents screen). */
  startRaise(prefill?: Partial<RaisePrefill>): void;
  cancelRaise(): void;
  raise(input: RaiseInput): Promise<WriteOutcome<IncidentDetail>>;
  amend(input: WithoutId<'incidents:amend'>): Promise<ClientError | null>;
  classify(input: WithoutId<'incidents:classify'>): Promise<ClientError | null>;
  immediateStep(input: WithoutId<'incidents:immediateStep'>): Promise<ClientError | null>;
  propose(input: WithoutId<'incidents:propose'>): Promise<ClientError | null>;
  decide(input: WithoutId<'incidents:decide'>): Promise<ClientError | null>;
  recordDg(input: WithoutId<'incidents:recordDgDecision'>): Promise<ClientError | null>;
  close(input: WithoutId<'incidents:close'>): Promise<ClientError | null>;
  issueDirection(input: Omit<InputOf<'directions:issue'>, 'incidentId'>): Promise<ClientError | null>;
  acknowledge(input: InputOf<'directions:acknowledge'>): Promise<ClientError | null>;
  result(input: InputOf<'directions:result'>): Promise<ClientError | null>;
  loadAlerts(): Promise<void>;
  dismissAlert(alertId: string): Promise<void>;
  setMuted(muted: boolean): void;
  /** Ask what waits (counts only; allowed while the screen is locked). */
  loadWaiting(): Promise<void>;
  /** Silence the lock screen's alarm for `minutes` (at most ALARM_MUTE_MINUTES × 6); 0 un-mutes. */
  muteAlarm(minutes: number): void;
  loadRequests(): Promise<void>;
  selectRequest(id: string | null): void;
  registerRequest(input: InputOf<'requests:register'>): Promise<WriteOutcome<InboundRequest>>;
  answerRequest(input: InputOf<'requests:answer'>): Promise<ClientError | null>;
  requestResult(input: InputOf<'requests:result'>): Promise<ClientError | null>;
  loadSettings(): Promise<void>;
  saveSettings(input: InputOf<'incidents:setSettings'>): Promise<ClientError | null>;
  listDocuments(filter: InputOf<'documents:list'>): Promise<Outcome<DocumentRecord[]>>;
  /** Default fields of a form from the stored incident / direction / request (main fills them in). */
  prefillDocument(input: InputOf<'documents:prefill'>): Promise<Outcome<FormData>>;
  saveDraft(input: InputOf<'documents:saveDraft'>): Promise<Outcome<DocumentRecord>>;
  issueDocument(id: string, expectedRevision?: number): Promise<Outcome<DocumentRecord>>;
  reissueDocument(id: string, reason: string): Promise<Outcome<DocumentRecord>>;
  /** Save the PDF or DOCX of a document (an issued one's frozen file, or a draft's preview). */
  downloadDocument(id: string, format: 'pdf' | 'docx'): Promise<ClientError | null>;
  /** Store a file as an attachment (a scan of a paper approval, a photo). */
  putAttachment(file: { name: string; mime: string; base64: string }): Promise<Outcome<{ sha256: string; size: number }>>;
}

/** Station time minus local time, read off a running clock of the reply (remainingMs = dueAt − now). */
export function skewOf(items: readonly { directions?: IncidentSummary['directions']; ackClock?: InboundRequest['ackClock']; resultClock?: InboundRequest['resultClock'] }[], localNow: number): number | null {
  for (const it of items) {
    const clocks = [...(it.directions ?? []).flatMap((d) => [d.ackClock, d.resultClock]), it.ackClock, it.resultClock];
    for (const c of clocks) if (c && c.doneAt === null) return c.dueAt - c.remainingMs - localNow;
  }
  return null;
}

function toListInput(f: IncidentFilters): InputOf<'incidents:list'> {
  const input: InputOf<'incidents:list'> = { overdueOnly: f.overdueOnly, limit: 300 };
  if (f.case) input.cases = [f.case];
  const q = f.query.trim();
  if (q) input.query = q;
  return input;
}

export function createIncidentsActions(ctx: SliceCtx): IncidentsActions {
  const { set, get, call, deps } = ctx;
  let generation = 0;
  let waitingAsked = 0;

  const applyDetail = (d: IncidentDetail) => {
    const s = get().incidents;
    const list = s.list.some((x) => x.id === d.id) ? s.list.map((x) => (x.id === d.id ? d : x)) : [d, ...s.list];
    const skew = skewOf([d], deps.now());
    patch(set, 'incidents', { detail: s.selectedId === d.id ? d : s.detail, list, ...(skew !== null ? { clockSkew: skew } : {}) });
  };

  /** A write the workstation's outbox kept while the station is away: said once (toast), listed as "chưa gửi". */
  const kept = (e: unknown): boolean => {
    if (toClientError(e).code !== 'outbox_queued') return false;
    ctx.report(e);
    void get().actions.link.load();
    return true;
  };

  /** Run a workflow step on the open incident; the reply replaces the detail. */
  const step = async (fn: () => Promise<IncidentDetail>): Promise<ClientError | null> => {
    try {
      const d = await fn();
      applyDetail(d);
      void actions.refresh();
      void actions.loadAlerts();
      return null;
    } catch (e) {
      const err = toClientError(e);
      // a workstation kept the step in its outbox ("chưa gửi"): sent when the station is back
      if (err.code === 'outbox_queued') {
        ctx.report(e);
        void get().actions.link.load();
        return null;
      }
      return err;
    }
  };
  const currentId = () => get().incidents.selectedId ?? '';

  const actions: IncidentsActions = {
    async setFilters(p) {
      patch(set, 'incidents', { filters: { ...get().incidents.filters, ...p } });
      await actions.refresh();
    },
    async refresh() {
      const gen = ++generation;
      try {
        const list = await call('incidents:list', toListInput(get().incidents.filters));
        if (gen !== generation) return;
        const skew = skewOf(list, deps.now());
        patch(set, 'incidents', { list, loaded: true, listError: null, ...(skew !== null ? { clockSkew: skew } : {}) });
        // the station's clock was moved (or this machine's): the shift clock follows it too
        if (skew !== null && Math.abs(skew - get().app.clockOffset) > 5000) patch(set, 'app', { clockOffset: skew });
        const sel = get().incidents.selectedId;
        if (sel && get().incidents.view === 'detail') void actions.reloadDetail();
      } catch (e) {
        if (gen === generation) patch(set, 'incidents', { loaded: true, listError: toClientError(e) });
      }
    },
    async open(incidentId) {
      const keep = get().incidents.detail?.id === incidentId ? get().incidents.detail : null;
      patch(set, 'incidents', { selectedId: incidentId, detail: keep, view: 'detail' });
      get().actions.ui.navigate('incidents');
      await actions.reloadDetail();
    },
    back() {
      patch(set, 'incidents', { view: 'board', selectedId: null, detail: null });
    },
    async reloadDetail() {
      const id = get().incidents.selectedId;
      if (!id) return;
      try {
        const d = await call('incidents:get', { incidentId: id });
        if (get().incidents.selectedId === id) applyDetail(d);
      } catch (e) {
        if (get().incidents.selectedId === id && !get().incidents.detail) ctx.report(e);
      }
    },
    startRaise(prefill = {}) {
      const p: RaisePrefill = {
        source: 'other',
        sourceRef: '',
        arisenAt: null,
        receivedAt: null,
        description: '',
        place: {},
        attachments: [],
        ...prefill,
      };
      patch(set, 'incidents', { view: 'raise', prefill: { ...p, tick: (get().incidents.prefill?.tick ?? 0) + 1 } });
      get().actions.ui.navigate('incidents');
    },
    cancelRaise() {
      const s = get().incidents;
      patch(set, 'incidents', { view: s.selectedId ? 'detail' : 'board', prefill: null });
    },
    async raise(input) {
      try {
        const d = await call('incidents:raise', input);
        patch(set, 'incidents', { selectedId: d.id, detail: d, view: 'detail', prefill: null });
        applyDetail(d);
        void actions.refresh();
        void actions.loadAlerts();
        void get().actions.logbook.reload();
        void get().actions.shift.refresh();
        return { value: d, error: null };
      } catch (e) {
        if (kept(e)) {
          patch(set, 'incidents', { prefill: null, view: 'board', selectedId: null, detail: null });
          return { value: null, error: null, queued: true };
        }
        return { value: null, error: toClientError(e) };
      }
    },
    amend: (input) => step(() => call('incidents:amend', { ...input, incidentId: currentId() })),
    classify: (input) => step(() => call('incidents:classify', { ...input, incidentId: currentId() })),
    immediateStep: (input) => step(() => call('incidents:immediateStep', { ...input, incidentId: currentId() })),
    propose: (input) => step(() => call('incidents:propose', { ...input, incidentId: currentId() })),
    decide: (input) => step(() => call('incidents:decide', { ...input, incidentId: currentId() })),
    recordDg: (input) => step(() => call('incidents:recordDgDecision', { ...input, incidentId: currentId() })),
    close: (input) => step(() => call('incidents:close', { ...input, incidentId: currentId() })),
    issueDirection: (input) => step(() => call('directions:issue', { ...input, incidentId: currentId() } as InputOf<'directions:issue'>)),
    acknowledge: (input) => step(() => call('directions:acknowledge', input)),
    result: (input) => step(() => call('directions:result', input)),
    async loadAlerts() {
      try {
        patch(set, 'incidents', { alerts: await call('incidents:alerts', { includeDismissed: false }) });
      } catch {
        // background refresh: the next poll retries (session errors already reached the app state)
      }
    },
    async dismissAlert(alertId) {
      patch(set, 'incidents', { alerts: get().incidents.alerts.filter((a) => a.id !== alertId) });
      try {
        await call('incidents:dismissAlert', { alertId });
      } catch (e) {
        ctx.report(e);
      }
      void actions.loadAlerts();
    },
    setMuted(muted) {
      try {
        deps.storage?.setItem(MUTE_KEY, muted ? '1' : '0');
      } catch {
        // kept for this session only
      }
      patch(set, 'incidents', { muted });
    },
    async loadWaiting() {
      const mine = ++waitingAsked;
      try {
        const waiting = await call('incidents:waiting', {});
        // an older answer arriving after a newer one must not show stale counts
        if (mine === waitingAsked) patch(set, 'incidents', { waiting, waitingFailed: false });
      } catch {
        if (mine === waitingAsked) patch(set, 'incidents', { waitingFailed: true });
      }
    },
    muteAlarm(minutes) {
      const m = Number.isFinite(minutes) ? Math.min(Math.max(0, minutes), ALARM_MUTE_MINUTES * 6) : 0;
      const until = m === 0 ? 0 : deps.now() + Math.round(m * 60_000);
      try {
        deps.storage?.setItem(ALARM_MUTE_KEY, String(until));
      } catch {
        // kept for this session only
      }
      patch(set, 'incidents', { alarmMutedUntil: until });
    },
    async loadRequests() {
      try {
        const requests = await call('requests:list', { openOnly: false, limit: 300 });
        const skew = skewOf(requests, deps.now());
        patch(set, 'incidents', { requests, requestsLoaded: true, requestsError: null, ...(skew !== null ? { clockSkew: skew } : {}) });
      } catch (e) {
        patch(set, 'incidents', { requestsLoaded: true, requestsError: toClientError(e) });
      }
    },
    selectRequest(id) {
      patch(set, 'incidents', { selectedRequestId: id });
    },
    async registerRequest(input) {
      try {
        const r = await call('requests:register', input);
        patch(set, 'incidents', { requests: [r, ...get().incidents.requests.filter((x) => x.id !== r.id)], selectedRequestId: r.id });
        void actions.loadRequests();
        void get().actions.logbook.reload();
        return { value: r, error: null };
      } catch (e) {
        if (kept(e)) return { value: null, error: null, queued: true };
        return { value: null, error: toClientError(e) };
      }
    },
    async answerRequest(input) {
      try {
        const r = await call('requests:answer', input);
        patch(set, 'incidents', { requests: get().incidents.requests.map((x) => (x.id === r.id ? r : x)) });
        void actions.loadRequests();
        return null;
      } catch (e) {
        return kept(e) ? null : toClientError(e);
      }
    },
    async requestResult(input) {
      try {
        const r = await call('requests:result', input);
        patch(set, 'incidents', { requests: get().incidents.requests.map((x) => (x.id === r.id ? r : x)) });
        void actions.loadRequests();
        return null;
      } catch (e) {
        return kept(e) ? null : toClientError(e);
      }
    },
    async loadSettings() {
      try {
        patch(set, 'incidents', { settings: await call('incidents:settings', {}) });
      } catch {
        // defaults stay
      }
    },
    async saveSettings(input) {
      try {
        patch(set, 'incidents', { settings: await call('incidents:setSettings', input) });
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
    async listDocuments(filter) {
      try {
        return { value: await call('documents:list', filter), error: null };
      } catch (e) {
        return { value: null, error: toClientError(e) };
      }
    },
    async prefillDocument(input) {
      try {
        return { value: await call('documents:prefill', input), error: null };
      } catch (e) {
        return { value: null, error: toClientError(e) };
      }
    },
    async saveDraft(input) {
      try {
        return { value: await call('documents:saveDraft', input), error: null };
      } catch (e) {
        return { value: null, error: toClientError(e) };
      }
    },
    async issueDocument(id, expectedRevision) {
      try {
        const doc = await call('documents:issue', expectedRevision !== undefined ? { id, expectedRevision } : { id });
        void actions.reloadDetail();
        return { value: doc, error: null };
      } catch (e) {
        return { value: null, error: toClientError(e) };
      }
    },
    async reissueDocument(id, reason) {
      try {
        const doc = await call('documents:reissue', { id, reason });
        void actions.reloadDetail();
        return { value: doc, error: null };
      } catch (e) {
        return { value: null, error: toClientError(e) };
      }
    },
    async downloadDocument(id, format) {
      try {
        const r = await call('documents:render', { id, format });
        deps.saveFile(r.fileName, r.mime, r.base64);
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
    async putAttachment(file) {
      try {
        const mime = file.mime as InputOf<'attachments:put'>['mime'];
        const r = await call('attachments:put', { name: file.name, mime, base64: file.base64 });
        return { value: r, error: null };
      } catch (e) {
        return { value: null, error: toClientError(e) };
      }
    },
  };
  return actions;
}

export const incidentsSlice = defineSlice({
  key: 'incidents',
  // the muted choice is kept in storage, so a fresh state (sign-out included) reads it back
  initial: (deps) => initialIncidentsState(deps.storage),
  actions: createIncidentsActions,
});

export const incidentsSelectors = {
  filters: (s: RootState) => s.incidents.filters,
  list: (s: RootState) => s.incidents.list,
  loaded: (s: RootState) => s.incidents.loaded,
  listError: (s: RootState) => s.incidents.listError,
  view: (s: RootState) => s.incidents.view,
  selectedId: (s: RootState) => s.incidents.selectedId,
  detail: (s: RootState) => s.incidents.detail,
  prefill: (s: RootState) => s.incidents.prefill,
  alerts: (s: RootState) => s.incidents.alerts,
  muted: (s: RootState) => s.incidents.muted,
  requests: (s: RootState) => s.incidents.requests,
  requestsLoaded: (s: RootState) => s.incidents.requestsLoaded,
  requestsError: (s: RootState) => s.incidents.requestsError,
  selectedRequestId: (s: RootState) => s.incidents.selectedRequestId,
  settings: (s: RootState) => s.incidents.settings,
  /** Station time minus local time for the clocks (the station's clock offset until a clock is seen). */
  clockSkew: (s: RootState) => s.incidents.clockSkew ?? s.app.clockOffset,
  waiting: (s: RootState) => s.incidents.waiting,
  waitingFailed: (s: RootState) => s.incidents.waitingFailed,
  alarmMutedUntil: (s: RootState) => s.incidents.alarmMutedUntil,
};

/**
 * How the lock screen's alarm rings at `now`: as urgent as the alerts waiting, while any wait
 * and it is not muted. Overdue clocks are shown, not rung: each one's escalation is an alert
 * for the leader it reaches (that rings), and a clock stays overdue until its work is done —
 * ringing for it would leave nobody a way to silence the room but a mute.
 */
export function alarmSeverity(waiting: WaitingSummary | null, mutedUntil: number, now: number): WaitingSeverity {
  if (!waiting || waiting.alerts.count === 0 || mutedUntil > now) return 'none';
  return waiting.alerts.severity === 'none' ? 'notice' : waiting.alerts.severity;
}
