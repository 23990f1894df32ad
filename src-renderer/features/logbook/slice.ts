import type { InputOf } from '../../../src-shared/contract';
import type { EntryKind, EntryVersion, LogbookEntry } from '../../../src-shared/domain/logbook';
import type { JobInfo } from '../../../src-shared/domain/jobs';
import { toClientError } from '../../transport/errors';
import { asJobInfo, jobFinished, laterJob } from './jobFrames';
import type { ClientError } from '../../transport/errors';
import type { RootState, SliceCtx } from '../../store/types';
import { defineSlice, patch } from '../../store/types';

export interface LogbookFilters {
  /** 'YYYY-MM-DD' or '' (any). */
  shiftDate: string;
  from: string;
  to: string;
  kind: EntryKind | '';
  author: string;
  unitCode: string;
  identifier: string;
}

export interface EntryDetail {
  entry: LogbookEntry;
  history: EntryVersion[];
}

export interface LogbookSliceState {
  filters: LogbookFilters;
  /** Search text; when not blank the list shows search hits (logbook:search) instead. */
  query: string;
  entries: LogbookEntry[];
  /** Search hits whose words matched with their exact diacritics. */
  exact: Record<string, true>;
  nextBefore: number | null;
  loading: boolean;
  searching: boolean;
  selectedId: string | null;
  detail: EntryDetail | null;
  /** Recent incidents and directions, for the link pickers of the entry form. */
  linkTargets: { incidents: LogbookEntry[]; directions: LogbookEntry[] };
  /** Kind chosen in the quick-entry form, and the entry it should link to. */
  draftKind: EntryKind;
  draftLink: string | null;
  /** Bumped to ask the form (text box) or the search box to take the focus. */
  focusText: number;
  focusSearch: number;
  exporting: 'pdf' | 'docx' | null;
  /** The running (or last) export job: phase and progress for the bar, the file when done. */
  exportJob: JobInfo | null;
  draftAttachment: DraftAttachment | null;
  draftPrefill: DraftPrefill | null;
}

/** A file waiting to be attached to the next entry (a camera snapshot, or a video clip). */
export interface DraftAttachment {
  sha256: string;
  width: number;
  height: number;
  /** When the picture was taken (epoch ms). */
  at: number;
  /** Where the thumbnail can be loaded from (null when it cannot be shown). */
  url: string | null;
  /** e.g. "Camera 12 (Cổng B)" — the caption under the thumbnail. */
  caption: string;
  /** 'video/mp4' for a clip (shown as a video icon, not a thumbnail); absent = an image. */
  mime?: string;
  /** Length of a video clip, in seconds. */
  seconds?: number;
}

/** Text and place to put into the entry form (bumping `tick` applies them once). */
export interface DraftPrefill {
  tick: number;
  text: string;
  place: string;
  arisenAt: number | null;
}

/**
 * How long an export waits for its job to finish before it gives up with a translated error
 * (the link to the core was lost and no frame came): far beyond any export a station makes.
 */
export const EXPORT_TIMEOUT_MS = 10 * 60_000;

export const EMPTY_FILTERS: LogbookFilters = { shiftDate: '', from: '', to: '', kind: '', author: '', unitCode: '', identifier: '' };

export const initialLogbookState: LogbookSliceState = {
  filters: { ...EMPTY_FILTERS },
  query: '',
  entries: [],
  exact: {},
  nextBefore: null,
  loading: false,
  searching: false,
  selectedId: null,
  detail: null,
  linkTargets: { incidents: [], directions: [] },
  draftKind: 'work',
  draftLink: null,
  focusText: 0,
  focusSearch: 0,
  exporting: null,
  exportJob: null,
  draftAttachment: null,
  draftPrefill: null,
};

export type AddEntryInput = InputOf<'logbook:add'>;
export type AmendEntryInput = InputOf<'logbook:amend'>;

export interface LogbookActions {
  setFilters(p: Partial<LogbookFilters>): Promise<void>;
  /** Replace every filter (and the search text) at once. */
  replaceFilters(filters: LogbookFilters, query?: string): Promise<void>;
  clearFilters(): Promise<void>;
  setQuery(query: string): Promise<void>;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  /**
   * `queued`: on a workstation whose station cannot be reached, the entry was kept in the
   * outbox ("chưa gửi") and is sent by itself later (features/link).
   */
  add(input: AddEntryInput): Promise<{ entry: LogbookEntry; error: null; queued?: false } | { entry: null; error: ClientError; queued?: false } | { entry: null; error: null; queued: true }>;
  amend(input: AmendEntryInput): Promise<ClientError | null>;
  select(entryId: string | null): Promise<void>;
  loadLinkTargets(): Promise<void>;
  /** Export the logbook of the filtered shift/range (else the current shift) and save the file. */
  exportLog(format: 'pdf' | 'docx'): Promise<void>;
  /** Saves the file of a finished export job (again). */
  downloadExport(id: string): Promise<void>;
  /** Pick the kind of the next entry (Alt+1…5) and put the cursor in its text box. */
  startEntry(kind: EntryKind, linkTo?: string | null): void;
  focusSearch(): void;
  /** Open a prefilled draft (e.g. an incident from a camera snapshot, with the image attached). */
  startDraft(d: { kind: EntryKind; text: string; place: string; arisenAt?: number | null; attachment?: DraftAttachment | null }): void;
  clearDraftAttachment(): void;
}

const PAGE = 100;

function toContractFilter(f: LogbookFilters) {
  const out: { shiftDate?: string; from?: string; to?: string; kinds?: EntryKind[]; author?: string; unitCode?: string; identifier?: string } = {};
  if (f.shiftDate) out.shiftDate = f.shiftDate;
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (f.kind) out.kinds = [f.kind];
  if (f.author) out.author = f.author;
  if (f.unitCode.trim()) out.unitCode = f.unitCode.trim();
  if (f.identifier.trim()) out.identifier = f.identifier.trim();
  return out;
}

/** The shift range an export covers: the filter's range, else its shift, else the current shift. */
export function exportRange(s: RootState): { from: string; to: string } | null {
  const f = s.logbook.filters;
  if (f.from || f.to) return { from: f.from || f.to, to: f.to || f.from };
  if (f.shiftDate) return { from: f.shiftDate, to: f.shiftDate };
  const cur = s.shift.info?.shiftDate;
  return cur ? { from: cur, to: cur } : null;
}

export function createLogbookActions(ctx: SliceCtx): LogbookActions {
  const { set, get, call, deps } = ctx;
  let generation = 0;

  const actions: LogbookActions = {
    async setFilters(p) {
      patch(set, 'logbook', { filters: { ...get().logbook.filters, ...p } });
      await actions.reload();
    },
    async replaceFilters(filters, query = '') {
      patch(set, 'logbook', { filters: { ...filters }, query });
      await actions.reload();
    },
    async clearFilters() {
      patch(set, 'logbook', { filters: { ...EMPTY_FILTERS }, query: '' });
      await actions.reload();
    },
    async setQuery(query) {
      patch(set, 'logbook', { query });
      await actions.reload();
    },
    async reload() {
      const gen = ++generation;
      const { filters, query } = get().logbook;
      const filter = toContractFilter(filters);
      const q = query.trim();
      patch(set, 'logbook', { loading: true, searching: q.length > 0 });
      try {
        if (q) {
          const hits = await call('logbook:search', { ...filter, query: q, limit: 200 });
          if (gen !== generation) return;
          const exact: Record<string, true> = {};
          for (const h of hits) if (h.exact) exact[h.entry.id] = true;
          patch(set, 'logbook', { entries: hits.map((h) => h.entry), exact, nextBefore: null });
        } else {
          const page = await call('logbook:list', { ...filter, limit: PAGE });
          if (gen !== generation) return;
          patch(set, 'logbook', { entries: page.entries, exact: {}, nextBefore: page.nextBefore });
        }
      } catch (e) {
        if (gen === generation) {
          patch(set, 'logbook', { entries: [], exact: {}, nextBefore: null });
          ctx.report(e);
        }
      } finally {
        if (gen === generation) patch(set, 'logbook', { loading: false });
      }
    },
    async loadMore() {
      const { nextBefore, filters, searching } = get().logbook;
      if (nextBefore === null || searching) return;
      const gen = generation;
      try {
        const page = await call('logbook:list', { ...toContractFilter(filters), limit: PAGE, beforeSeq: nextBefore });
        if (gen !== generation) return;
        patch(set, 'logbook', { entries: [...get().logbook.entries, ...page.entries], nextBefore: page.nextBefore });
      } catch (e) {
        ctx.report(e);
      }
    },
    async add(input) {
      try {
        const entry = await call('logbook:add', input);
        patch(set, 'logbook', { draftLink: null, draftAttachment: null });
        const a = get().actions;
        void Promise.allSettled([actions.reload(), a.shift.refresh(), actions.loadLinkTargets()]);
        return { entry, error: null };
      } catch (e) {
        const err = toClientError(e);
        if (err.code === 'outbox_queued') {
          patch(set, 'logbook', { draftLink: null, draftAttachment: null });
          void get().actions.link.load();
          return { entry: null, error: null, queued: true };
        }
        return { entry: null, error: err };
      }
    },
    async amend(input) {
      try {
        await call('logbook:amend', input);
        await actions.select(input.entryId);
        void Promise.allSettled([actions.reload(), get().actions.shift.refresh(), actions.loadLinkTargets()]);
        return null;
      } catch (e) {
        const err = toClientError(e);
        // kept in the workstation's outbox: sent when the station is back (shown as "chưa gửi")
        if (err.code === 'outbox_queued') {
          void get().actions.link.load();
          ctx.report(e);
          return null;
        }
        return err;
      }
    },
    async select(entryId) {
      if (entryId === null) {
        patch(set, 'logbook', { selectedId: null, detail: null });
        return;
      }
      const keep = get().logbook.detail?.entry.id === entryId ? get().logbook.detail : null;
      patch(set, 'logbook', { selectedId: entryId, detail: keep });
      try {
        const detail = await call('logbook:get', { entryId });
        if (get().logbook.selectedId === entryId) patch(set, 'logbook', { detail });
      } catch (e) {
        ctx.report(e);
      }
    },
    async loadLinkTargets() {
      try {
        const [incidents, directions] = await Promise.all([
          call('logbook:list', { kinds: ['incident'], limit: 50 }),
          call('logbook:list', { kinds: ['direction'], limit: 50 }),
        ]);
        patch(set, 'logbook', { linkTargets: { incidents: incidents.entries, directions: directions.entries } });
      } catch (e) {
        ctx.report(e);
      }
    },
    async exportLog(format) {
      const range = exportRange(get());
      if (!range || get().logbook.exporting) return;
      patch(set, 'logbook', { exporting: format, exportJob: null });
      // the export runs in a worker in the core (src-main/jobs); each change of the job is pushed
      // to its owner (topic `jobs`). Listen before starting it, so no frame falls between the two.
      const inbox = { id: null as string | null, early: [] as JobInfo[], pushed: null as JobInfo | null, refetch: false, woken: false };
      let wake: (() => void) | null = null;
      const off = deps.subscribe(['jobs'], (frame) => {
        const info = frame.topic === 'jobs' ? asJobInfo(frame.data) : null;
        if (info) {
          if (inbox.id === null) inbox.early.push(info);
          else if (info.id === inbox.id) inbox.pushed = inbox.pushed ? laterJob(inbox.pushed, info) : info;
          else return;
        } else {
          // 'resync' or a data-less frame (a resumed link): what changed is unknown, ask once
          inbox.refetch = true;
        }
        inbox.woken = true;
        wake?.();
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      let timedOut = false;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          timedOut = true;
          resolve();
        }, EXPORT_TIMEOUT_MS);
      });
      try {
        let job = await call('logbook:exportJob', { from: range.from, to: range.to, format });
        inbox.id = job.id;
        for (const early of inbox.early.splice(0)) if (early.id === job.id) job = laterJob(job, early);
        patch(set, 'logbook', { exportJob: job });
        while (!jobFinished(job) && !timedOut) {
          if (!inbox.woken) await Promise.race([new Promise<void>((r) => (wake = r)), deadline]);
          wake = null;
          inbox.woken = false;
          if (inbox.pushed) {
            job = laterJob(job, inbox.pushed);
            inbox.pushed = null;
          }
          if (inbox.refetch && !jobFinished(job)) {
            inbox.refetch = false;
            job = laterJob(job, await call('jobs:get', { id: job.id }));
          }
          patch(set, 'logbook', { exportJob: job });
        }
        if (!jobFinished(job)) {
          get().actions.ui.toast('error', (m) => m.logbook.exportTimedOut(Math.round(EXPORT_TIMEOUT_MS / 60_000)));
          return;
        }
        if (job.status === 'failed' || !job.result) throw toClientError(job.error ?? { code: 'internal', message: 'export failed' });
        await actions.downloadExport(job.id);
        const result = job.result;
        get().actions.ui.toast('success', (m) => m.logbook.exported(result.fileName, result.rows));
      } catch (e) {
        ctx.report(e);
      } finally {
        off();
        clearTimeout(timer);
        patch(set, 'logbook', { exporting: null });
      }
    },
    async downloadExport(id) {
      try {
        // main streams the file from its loopback server; the URL carries a capability for this job only
        const f = await call('jobs:downloadUrl', { id });
        deps.openDownload(f.url, f.fileName);
      } catch (e) {
        ctx.report(e);
      }
    },
    startEntry(kind, linkTo = null) {
      const l = get().logbook;
      patch(set, 'logbook', { draftKind: kind, draftLink: linkTo, focusText: l.focusText + 1 });
    },
    focusSearch() {
      patch(set, 'logbook', { focusSearch: get().logbook.focusSearch + 1 });
    },
    startDraft(d) {
      const l = get().logbook;
      patch(set, 'logbook', {
        draftKind: d.kind,
        draftLink: null,
        draftAttachment: d.attachment ?? null,
        draftPrefill: { tick: (l.draftPrefill?.tick ?? 0) + 1, text: d.text, place: d.place, arisenAt: d.arisenAt ?? null },
        focusText: l.focusText + 1,
      });
    },
    clearDraftAttachment() {
      patch(set, 'logbook', { draftAttachment: null });
    },
  };
  return actions;
}

export const logbookSlice = defineSlice({
  key: 'logbook',
  initial: () => ({ ...initialLogbookState, filters: { ...initialLogbookState.filters } }),
  actions: createLogbookActions,
});

export const logbookSelectors = {
  filters: (s: RootState) => s.logbook.filters,
  query: (s: RootState) => s.logbook.query,
  entries: (s: RootState) => s.logbook.entries,
  exact: (s: RootState) => s.logbook.exact,
  nextBefore: (s: RootState) => s.logbook.nextBefore,
  loading: (s: RootState) => s.logbook.loading,
  searching: (s: RootState) => s.logbook.searching,
  selectedId: (s: RootState) => s.logbook.selectedId,
  detail: (s: RootState) => s.logbook.detail,
  linkTargets: (s: RootState) => s.logbook.linkTargets,
  draftKind: (s: RootState) => s.logbook.draftKind,
  draftLink: (s: RootState) => s.logbook.draftLink,
  focusText: (s: RootState) => s.logbook.focusText,
  focusSearch: (s: RootState) => s.logbook.focusSearch,
  exporting: (s: RootState) => s.logbook.exporting,
  exportJob: (s: RootState) => s.logbook.exportJob,
  draftAttachment: (s: RootState) => s.logbook.draftAttachment,
  draftPrefill: (s: RootState) => s.logbook.draftPrefill,
  exportFrom: (s: RootState) => exportRange(s)?.from ?? null,
  exportTo: (s: RootState) => exportRange(s)?.to ?? null,
};
