import type { StoreApi } from 'zustand';
import type { Invoke } from '../../src-shared/contract';
import type { Topic } from '../../src-shared/contract/topics';
import type { PushHandler } from '../transport/push';
import type { ClientError } from '../transport/errors';
import type { SLICES } from './slices';

/**
 * One feature's part of the store: its key, its initial state and its actions (each feature's
 * slice module also exports its selectors). The store is built from the list in ./slices.ts,
 * and so is what signing out does: every slice goes back to `initial`, but for the fields it
 * names in `keepOnSignOut`.
 */
export interface SliceDef<K extends string, S extends object, A> {
  key: K;
  /** The slice's state when the store starts and after a sign-out (or a lost session). */
  initial(deps: StoreDeps): S;
  actions(ctx: SliceCtx): A;
  /** Fields that outlive a sign-out (everything else returns to `initial`); say why beside them. */
  keepOnSignOut?: readonly (keyof S)[];
}

/** Keeps a slice's types as written (the store's types are derived from the list). */
export function defineSlice<K extends string, S extends object, A>(def: SliceDef<K, S, A>): SliceDef<K, S, A> {
  return def;
}

type Slices = (typeof SLICES)[number];
export type SliceKey = Slices['key'];
type StateOf<D> = D extends SliceDef<string, infer S, infer _A> ? S : never;
type ActionsOf<D> = D extends SliceDef<string, infer _S, infer A> ? A : never;

/** The whole renderer state: one object per feature slice, and the actions of each. */
export type RootState = { [D in Slices as D['key']]: StateOf<D> } & { actions: { [D in Slices as D['key']]: ActionsOf<D> } };

/** What the actions depend on (injected, so a test can pass a fake contract or clock). */
export interface StoreDeps {
  invoke: Invoke;
  now: () => number;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** Saves a file the user asked for (browser: a download link). */
  saveFile: (fileName: string, mime: string, base64: string) => void;
  /** Downloads a file from a URL main handed out (a streamed export: never a string in memory). */
  openDownload: (url: string, fileName: string) => void;
  /**
   * Pushed frames of `topics` (and every 'resync') until the returned function is called: the
   * transport's subscribe (docs/architecture.md, "Push"). Actions that wait for something main
   * pushes (an export job) listen here instead of polling.
   */
  subscribe: (topics: readonly Topic[], handler: PushHandler) => () => void;
}

export type Set = StoreApi<RootState>['setState'];
export type Get = StoreApi<RootState>['getState'];

/** What each slice's actions are built with. */
export interface SliceCtx {
  set: Set;
  get: Get;
  deps: StoreDeps;
  /** invoke through the store: session errors (locked, signed out) update the app state. */
  call: Invoke;
  /** Show a failed background action as a translated toast (session errors stay silent). */
  report: (e: unknown) => ClientError;
  /** Every slice back to its initial state but for its `keepOnSignOut` fields (sign-out, lost session). */
  resetSession: () => void;
}

/** Replace one slice's state immutably. */
export function patch<K extends SliceKey>(set: Set, key: K, p: Partial<RootState[K]>): void {
  set((s) => ({ [key]: { ...s[key], ...p } }) as Pick<RootState, K>);
}
