import type { InputOf, NotificationItem } from '../../../src-shared/contract';
import type { Camera, CameraImportResult } from '../../../src-shared/domain/cameras';
import { toClientError } from '../../transport/errors';
import type { ClientError } from '../../transport/errors';
import { memoSelector } from '../../store/memo';
import type { RootState, SliceCtx } from '../../store/types';
import { defineSlice, patch } from '../../store/types';

export interface CamerasSliceState {
  /** Every registered camera, active or not, by number (never with passwords). */
  list: Camera[];
  loading: boolean;
  exporting: boolean;
  /** Notices queued for managing units (camera faults and recoveries), newest first. */
  notifications: NotificationItem[];
  notificationsLoaded: boolean;
}

export const initialCamerasState: CamerasSliceState = { list: [], loading: false, exporting: false, notifications: [], notificationsLoaded: false };

export type SaveCameraInput = InputOf<'cameras:save'>;

export type Outcome<T> = { value: T; error: null } | { value: null; error: ClientError };

export interface CamerasActions {
  load(): Promise<void>;
  save(input: SaveCameraInput): Promise<Outcome<Camera>>;
  deactivate(id: string, reason: string): Promise<ClientError | null>;
  importCsv(csv: string): Promise<Outcome<CameraImportResult>>;
  /** Export the registry as CSV and save the file (the password column is always empty). */
  exportCsv(): Promise<void>;
  loadNotifications(): Promise<void>;
}

/** UTF-8 text as base64 (for the file saver), with a BOM so spreadsheet programs read UTF-8. */
export function textToBase64(text: string, bom = true): string {
  const bytes = new TextEncoder().encode((bom && !text.startsWith('\uFEFF') ? '\uFEFF' : '') + text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function createCamerasActions(ctx: SliceCtx): CamerasActions {
  const { set, get, call, deps } = ctx;
  const actions: CamerasActions = {
    async load() {
      patch(set, 'cameras', { loading: true });
      try {
        patch(set, 'cameras', { list: await call('cameras:list', { includeInactive: true }) });
      } catch (e) {
        ctx.report(e);
      } finally {
        patch(set, 'cameras', { loading: false });
      }
    },
    async save(input) {
      try {
        const cam = await call('cameras:save', input);
        const list = get().cameras.list.filter((c) => c.id !== cam.id);
        patch(set, 'cameras', { list: [...list, cam].sort((a, b) => a.number - b.number) });
        return { value: cam, error: null };
      } catch (e) {
        return { value: null, error: toClientError(e) };
      }
    },
    async deactivate(id, reason) {
      try {
        const cam = await call('cameras:deactivate', { id, reason });
        patch(set, 'cameras', { list: get().cameras.list.map((c) => (c.id === cam.id ? cam : c)) });
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
    async importCsv(csv) {
      try {
        const r = await call('cameras:import', { csv });
        await actions.load();
        return { value: r, error: null };
      } catch (e) {
        return { value: null, error: toClientError(e) };
      }
    },
    async exportCsv() {
      if (get().cameras.exporting) return;
      patch(set, 'cameras', { exporting: true });
      try {
        const r = await call('cameras:export', {});
        deps.saveFile(r.fileName, r.mime || 'text/csv', textToBase64(r.csv));
        get().actions.ui.toast('success', (m) => m.cameras.exported(r.fileName, r.rows));
      } catch (e) {
        ctx.report(e);
      } finally {
        patch(set, 'cameras', { exporting: false });
      }
    },
    async loadNotifications() {
      try {
        patch(set, 'cameras', { notifications: await call('notifications:list', { limit: 100 }), notificationsLoaded: true });
      } catch {
        // a background refresh: the next one retries (session errors already reached the app state)
      }
    },
  };
  return actions;
}

export const camerasSlice = defineSlice({ key: 'cameras', initial: () => ({ ...initialCamerasState }), actions: createCamerasActions });

export const camerasSelectors = {
  list: (s: RootState) => s.cameras.list,
  active: memoSelector((s: RootState) => [s.cameras.list] as const, (list) => list.filter((c) => c.active)),
  loading: (s: RootState) => s.cameras.loading,
  exporting: (s: RootState) => s.cameras.exporting,
  notifications: (s: RootState) => s.cameras.notifications,
  notificationsLoaded: (s: RootState) => s.cameras.notificationsLoaded,
};
