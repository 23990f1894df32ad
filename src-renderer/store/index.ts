/**
 * The renderer's one zustand store, built from the list of feature slices in ./slices.ts
 * (src-renderer/features/<feature>/slice.ts). Each slice module exports its definition
 * (initial state, actions, what outlives a sign-out) and its selectors; components read
 * through the selectors and only actions call the contract (lint refuses the transport in
 * components: eslint.config.js).
 */
import { createStore, useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import type { Invoke } from '../../src-shared/contract';
import { errorText } from '../i18n';
import { invoke as defaultInvoke, subscribe as defaultSubscribe } from '../transport';
import { ClientError, toClientError } from '../transport/errors';
import { downloadUrl, saveBase64File } from '../lib/download';
import type { RootState, SliceCtx, SliceKey, StoreDeps } from './types';
import { SLICES } from './slices';
import { appSelectors } from '../features/app/slice';
import { uiSelectors } from '../features/app/uiSlice';
import { shiftSelectors } from '../features/shift/slice';
import { logbookSelectors } from '../features/logbook/slice';
import { adminSelectors } from '../features/admin/slice';
import { camerasSelectors } from '../features/cameras/slice';
import { incidentsSelectors } from '../features/incidents/slice';
import { wallSelectors } from '../features/wall/slice';
import { linkSelectors } from '../features/link/slice';

export type { RootState, StoreDeps } from './types';

const SESSION_CODES = new Set(['session_locked', 'not_authenticated', 'setup_required']);

type SliceStates = Omit<RootState, 'actions'>;

/**
 * Every slice's state after a sign-out: its initial state, with the fields it declares in
 * `keepOnSignOut` taken from `current` (or from the initial state when there is none yet).
 */
export function signedOutState(deps: StoreDeps, current?: SliceStates): SliceStates {
  const out: Record<string, object> = {};
  for (const def of SLICES) {
    const fresh: Record<string, unknown> = { ...def.initial(deps) };
    const now = current?.[def.key] as Record<string, unknown> | undefined;
    if (now) for (const k of (def.keepOnSignOut ?? []) as readonly string[]) fresh[k] = now[k];
    out[def.key] = fresh;
  }
  return out as unknown as SliceStates;
}

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
    subscribe: defaultSubscribe,
    ...partial,
  };

  return createStore<RootState>()((set, get) => {
    // bumped by every reset: a reply to a call made before it (an earlier session's) is dropped,
    // so it cannot fill a slice the reset has just emptied
    let session = 0;
    const ended = () => new ClientError({ code: 'not_authenticated', message: 'The session this call was made in has ended.' });
    const call: Invoke = async (ch, input) => {
      const madeIn = session;
      let value: Awaited<ReturnType<Invoke>>;
      try {
        value = await deps.invoke(ch, input);
      } catch (e) {
        if (madeIn !== session) throw ended();
        const err = toClientError(e);
        get().actions.app.sessionError(err);
        throw err;
      }
      if (madeIn !== session) throw ended();
      return value as never;
    };
    const report: SliceCtx['report'] = (e) => {
      const err = toClientError(e);
      if (!SESSION_CODES.has(err.code) || err.transport) {
        get().actions.ui.toast('error', (_m, lang) => errorText(lang, err));
      }
      return err;
    };
    const resetSession = () => {
      session++;
      set(signedOutState(deps, get()));
    };
    const ctx: SliceCtx = { set, get, deps, call, report, resetSession };
    const states: Record<string, object> = {};
    const actions: Record<string, unknown> = {};
    for (const def of SLICES) {
      states[def.key] = def.initial(deps);
      actions[def.key] = def.actions(ctx);
    }
    return { ...(states as unknown as SliceStates), actions: actions as RootState['actions'] };
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
  wall: wallSelectors,
  link: linkSelectors,
} satisfies Record<SliceKey, object>;

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
