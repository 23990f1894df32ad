import { useEffect, useRef } from 'react';
import type { PushFrame, Topic } from '../../src-shared/contract/topics';
import { subscribe } from '../transport';

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
