import { useEffect, useRef } from 'react';
import type { PushFrame, Topic } from '../../src-shared/contract/topics';
import { subscribe } from '../transport';
import { selectors, store } from '../store';

/** Frames of one burst (a transaction's events arrive together) trigger one refetch. */
export const PUSH_COALESCE_MS = 50;

/**
 * While mounted, calls `onChange` when main pushes a frame of `topics` or a 'resync'
 * (docs/architecture.md, "Push") — at most once per PUSH_COALESCE_MS, with the last frame of the
 * burst. Replaces polling: the screen refetches only when something it shows changed.
 */
export function usePush(topics: readonly Topic[], onChange: (frame: PushFrame) => void): void {
  const fn = useRef(onChange);
  fn.current = onChange;
  const key = topics.join(',');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last: PushFrame | null = null;
    const off = subscribe(key.split(',') as Topic[], (frame) => {
      last = frame;
      timer ??= setTimeout(() => {
        timer = null;
        if (last) fn.current(last);
      }, PUSH_COALESCE_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [key]);
}

/** A station clock this far from the one a screen shows is a drift worth a refetch. */
export const DRIFT_MS = 5_000;

/**
 * Calls `onDrift` when the core's clock (pushed as topic `time`) differs by more than DRIFT_MS
 * from the station time the incident screens count on (the skew learned from the last reply).
 */
export function useClockDrift(onDrift: () => void): void {
  usePush(['time'], (f) => {
    const now = (f.data as { now?: unknown } | undefined)?.now;
    if (typeof now !== 'number' || !Number.isFinite(now)) return;
    const skew = selectors.incidents.clockSkew(store.getState());
    if (Math.abs(now - Date.now() - skew) > DRIFT_MS) onDrift();
  });
}
