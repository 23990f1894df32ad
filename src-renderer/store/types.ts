import type { StoreApi } from 'zustand';
import type { Invoke } from '../../src-shared/contract';
import type { ClientError } from '../transport/errors';
import type { AppActions, AppSliceState } from '../features/app/slice';
import type { ShiftActions, ShiftSliceState } from '../features/shift/slice';
import type { LogbookActions, LogbookSliceState } from '../features/logbook/slice';
import type { UiActions, UiSliceState } from '../features/app/uiSlice';
import type { AdminActions, AdminSliceState } from '../features/admin/slice';
import type { CamerasActions, CamerasSliceState } from '../features/cameras/slice';
import type { IncidentsActions, IncidentsSliceState } from '../features/incidents/slice';

/** The whole renderer state: one object per domain, and the actions of each domain. */
export interface RootState {
  app: AppSliceState;
  shift: ShiftSliceState;
  logbook: LogbookSliceState;
  ui: UiSliceState;
  admin: AdminSliceState;
  cameras: CamerasSliceState;
  incidents: IncidentsSliceState;
  actions: {
    app: AppActions;
    shift: ShiftActions;
    logbook: LogbookActions;
    ui: UiActions;
    admin: AdminActions;
    cameras: CamerasActions;
    incidents: IncidentsActions;
  };
}

/** What the actions depend on (injected, so a test can pass a fake contract or clock). */
export interface StoreDeps {
  invoke: Invoke;
  now: () => number;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** Saves a file the user asked for (browser: a download link). */
  saveFile: (fileName: string, mime: string, base64: string) => void;
  /** Downloads a file from a URL main handed out (a streamed export: never a string in memory). */
  openDownload: (url: string, fileName: string) => void;
}

export type Set = StoreApi<RootState>['setState'];
export type Get = StoreApi<RootState>['getState'];

/** Each slice module exports `initial…State`, `create…Actions(ctx)` and `…Selectors`. */
export interface SliceCtx {
  set: Set;
  get: Get;
  deps: StoreDeps;
  /** invoke through the store: session errors (locked, signed out) update the app state. */
  call: Invoke;
  /** Show a failed background action as a translated toast (session errors stay silent). */
  report: (e: unknown) => ClientError;
}

/** Replace one slice's state immutably. */
export function patch<K extends Exclude<keyof RootState, 'actions'>>(set: Set, key: K, p: Partial<RootState[K]>): void {
  set((s) => ({ [key]: { ...s[key], ...p } }) as Pick<RootState, K>);
}
