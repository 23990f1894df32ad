import { useRef } from 'react';
import type { KeyboardEvent } from 'react';

/** Which keys move along a row of buttons: ←/→ always; ↑/↓ with `vertical`; Home/End with `homeEnd`. */
export interface RovingKeys {
  vertical?: boolean;
  homeEnd?: boolean;
}

/** The index focus moves to from `i` of `n` for `key` (wrapping around), or null when the key does not move it. */
export function rovingIndex(key: string, i: number, n: number, keys: RovingKeys = {}): number | null {
  if (n <= 0) return null;
  if (key === 'ArrowRight' || (keys.vertical && key === 'ArrowDown')) return (i + 1) % n;
  if (key === 'ArrowLeft' || (keys.vertical && key === 'ArrowUp')) return (i - 1 + n) % n;
  if (keys.homeEnd && key === 'Home') return 0;
  if (keys.homeEnd && key === 'End') return n - 1;
  return null;
}

/**
 * Keyboard focus along a row of `n` buttons (the nav bar, the kind picker): `refAt(i)` for each
 * button's ref, `onKeyDown(e, i)` for its key handler; `onMove(j)` runs before the focus moves.
 */
export function useRovingFocus(n: number, keys: RovingKeys = {}, onMove?: (j: number) => void) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const refAt = (i: number) => (el: HTMLButtonElement | null) => {
    refs.current[i] = el;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const j = rovingIndex(e.key, i, n, keys);
    if (j === null) return;
    e.preventDefault();
    onMove?.(j);
    refs.current[j]?.focus();
  };
  return { refAt, onKeyDown };
}
