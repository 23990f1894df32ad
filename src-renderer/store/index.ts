/**
 * The renderer's one zustand store, built from per-domain slices (app/session, shift,
 * logbook, ui, admin, cameras, incidents). Each slice module exports its initial state, its actions and its
 * selectors; components read through the selectors and only actions call the contract.
 */
import { createStore, useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import type { Invoke } from '../../src-shared/contract';
import { errorText } from '../i18n';
import { invoke as defaultInvoke } from '../transport';
import { toClientError } from '../transport/errors';
import { downloadUrl, saveBase64File } from '../lib/download';
import type { RootState, SliceCtx, StoreDeps } from './types';
import { appSelectors, createAppActions, initialAppState } from '../features/app/slice';
import { createShiftActions, initialShiftState, shiftSelectors } from '../features/shift/slice';
import { createLogbookActions, initialLogbookState, logbookSelectors } from '../features/logbook/slice';
import { createUiActions, initialUiState, uiSelectors } from '../features/app/uiSlice';
import { adminSelectors, createAdminActions, initialAdminState } from '../features/admin/slice';
import { camerasSelectors, createCamerasActions, initialCamerasState } from '../features/cameras/slice';
import { createIncidentsActions, incidentsSelectors, initialIncidentsState } from '../features/incidents/slice';

export type { RootState, StoreDeps } from './types';

const SESSION_CODES = new Set(['session_locked', 'not_authenticated', 'setup_required']);

export function createAppStore(partial: Partial<StoreDeps> = {}): StoreApi<RootState> {
  const storage = (() => {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  })();
  const deps: StoreDeps = {
    invoke: defaultInvoke,
    now: () => Date.now(),
    storage,
    saveFile: saveBase64File,
    openDownload: downloadUrl,
    ...partial,
  };

  return createStore<RootState>()((set, get) => {
    const call: Invoke = async (ch, input) => {
      try {
        return await deps.invoke(ch, input);
      } catch (e) {
        const err = toClientError(e);
        get().actions.app.sessionError(err);
        throw err;
      }
    };
    const report: SliceCtx['report'] = (e) => {
      const err = toClientError(e);
      if (!SESSION_CODES.has(err.code) || err.transport) {
        get().actions.ui.toast('error', (_m, lang) => errorText(lang, err));
      }
      return err;
    };
    const ctx: SliceCtx = { set, get, deps, call, report };
    return {
      app: { ...initialAppState },
      shift: { ...initialShiftState },
      logbook: { ...initialLogbookState },
      ui: initialUiState(deps.storage),
      admin: { ...initialAdminState },
      cameras: { ...initialCamerasState },
      incidents: initialIncidentsState(deps.storage),
      actions: {
        app: createAppActions(ctx),
        shift: createShiftActions(ctx),
        logbook: createLogbookActions(ctx),
        ui: createUiActions(ctx),
        admin: createAdminActions(ctx),
        cameras: createCamerasActions(ctx),
        incidents: createIncidentsActions(ctx),
      },
    };
  });
}

export const selectors = {
  app: appSelectors,
  shift: shiftSelectors,
  logbook: logbookSelectors,
  ui: uiSelectors,
  admin: adminSelectors,
  cameras: camerasSelectors,
  incidents: incidentsSelectors,
};

/** The application's store instance. */
export const store = createAppStore();

/** Read the store through a selector (re-renders only when the selected value changes). */
export function useAppStore<T>(selector: (s: RootState) => T): T {
  return useStore(store, selector);
}

/** The actions (stable; never cause a re-render). */
export function useActions(): RootState['actions'] {
  return useStore(store, (s) => s.actions);
}
