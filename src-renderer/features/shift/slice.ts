import type { InputOf } from '../../../src-shared/contract';
import type { LogbookEntry, OpenItem } from '../../../src-shared/domain/logbook';
import type { Roster, Rota, ShiftInfo } from '../../../src-shared/domain/org';
import { toClientError } from '../../transport/errors';
import type { ClientError } from '../../transport/errors';
import type { RootState, SliceCtx } from '../../store/types';
import { defineSlice, patch } from '../../store/types';

export type RosterMemberInput = InputOf<'roster:set'>['members'][number];
export type RotaDays = InputOf<'rota:set'>['days'];

export interface ShiftSliceState {
  /** The current shift and its roster (shift:current). */
  info: ShiftInfo | null;
  /** Every entry of the current shift, newest first (dashboard). */
  entries: LogbookEntry[];
  /** Open items of every shift (logbook:open), newest first — what is handed over. */
  open: OpenItem[];
  loading: boolean;
  /** The roster open in the roster editor. */
  editing: Roster | null;
  rota: Rota | null;
}

export const initialShiftState: ShiftSliceState = {
  info: null,
  entries: [],
  open: [],
  loading: false,
  editing: null,
  rota: null,
};

export interface ShiftActions {
  /** Current shift, roster and the shift's entries. */
  refresh(): Promise<void>;
  loadRoster(shiftDate: string): Promise<void>;
  saveRoster(shiftDate: string, members: RosterMemberInput[]): Promise<ClientError | null>;
  /** The roster of another shift, without opening it (e.g. to copy the previous shift). */
  fetchRoster(shiftDate: string): Promise<Roster | null>;
  loadRota(): Promise<void>;
  saveRota(days: RotaDays): Promise<ClientError | null>;
}

const SHIFT_ENTRY_LIMIT = 500;

export function createShiftActions(ctx: SliceCtx): ShiftActions {
  const { set, get, call } = ctx;
  let refreshing: Promise<void> | null = null;
  // asked again while one runs: that one may have read before the change that asked, so one more follows
  let again = false;
  return {
    refresh() {
      // calls made while one is running share it (clock ticks, pushes, after-save) and get one more after it
      if (refreshing) {
        again = true;
        return refreshing;
      }
      refreshing = (async () => {
        patch(set, 'shift', { loading: true });
        try {
          const info = await call('shift:current', {});
          const [list, open] = await Promise.all([
            call('logbook:list', { shiftDate: info.shiftDate, limit: SHIFT_ENTRY_LIMIT }),
            call('logbook:open', { limit: 100 }),
          ]);
          patch(set, 'shift', { info, entries: list.entries, open });
          const editing = get().shift.editing;
          if (editing && editing.shiftDate === info.shiftDate && editing.updatedAt !== info.roster.updatedAt) {
            patch(set, 'shift', { editing: info.roster });
          }
        } catch (e) {
          ctx.report(e);
        } finally {
          patch(set, 'shift', { loading: false });
          refreshing = null;
          if (again) {
            again = false;
            void get().actions.shift.refresh();
          }
        }
      })();
      return refreshing;
    },
    async loadRoster(shiftDate) {
      try {
        const editing = await call('roster:get', { shiftDate });
        patch(set, 'shift', { editing });
      } catch (e) {
        ctx.report(e);
      }
    },
    async fetchRoster(shiftDate) {
      try {
        return await call('roster:get', { shiftDate });
      } catch (e) {
        ctx.report(e);
        return null;
      }
    },
    async saveRoster(shiftDate, members) {
      try {
        const editing = await call('roster:set', { shiftDate, members });
        patch(set, 'shift', { editing });
        if (get().shift.info?.shiftDate === shiftDate) void get().actions.shift.refresh();
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
    async loadRota() {
      try {
        const rota = await call('rota:get', {});
        patch(set, 'shift', { rota });
      } catch (e) {
        ctx.report(e);
      }
    },
    async saveRota(days) {
      try {
        const rota = await call('rota:set', { days });
        patch(set, 'shift', { rota });
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
  };
}

export const shiftSlice = defineSlice({ key: 'shift', initial: () => ({ ...initialShiftState }), actions: createShiftActions });

export const shiftSelectors = {
  info: (s: RootState) => s.shift.info,
  shiftDate: (s: RootState) => s.shift.info?.shiftDate ?? null,
  roster: (s: RootState) => s.shift.info?.roster ?? null,
  entries: (s: RootState) => s.shift.entries,
  openItems: (s: RootState) => s.shift.open,
  editing: (s: RootState) => s.shift.editing,
  rota: (s: RootState) => s.shift.rota,
  loading: (s: RootState) => s.shift.loading,
};
